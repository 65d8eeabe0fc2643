/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* One counter per event and per drop reason (enum xmip_stat), per CPU. */
#ifndef XMIP_BPF_STATS_H
#define XMIP_BPF_STATS_H

#include "dp_maps.h"

static __always_inline void stat_inc(enum xmip_stat stat)
{
	__u32 key = stat;
	__u64 *count = bpf_map_lookup_elem(&xmip_stats, &key);

	/* Per-CPU slot: no other CPU writes it, a plain increment is exact. */
	if (count)
		(*count)++;
}

#endif /* XMIP_BPF_STATS_H */
