/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The maps every kind of data plane has: its settings and its counters.
 * Each kind declares its own maps beside these (anchor/maps.h,
 * mobile/maps.h), so an object carries only what its programs use. Every
 * map is pinned by name, so the XDP and TC objects of an instance share the
 * same maps, and a restarted agent finds them again under
 * /sys/fs/bpf/xmip/<instance>/ (the loader sets the pin root; it migrates a
 * pinned map whose shape an upgrade changed: loader/migrate.c).
 * Declared with BTF (SEC(".maps")) so `bpftool map dump pinned` pretty-prints.
 */
#ifndef XMIP_BPF_DP_MAPS_H
#define XMIP_BPF_DP_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xmip_abi.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xmip_dp_config);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XMIP_STATS_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_stats SEC(".maps");

static __always_inline struct xmip_dp_config *dp_config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xmip_config, &zero);
}

#endif /* XMIP_BPF_DP_MAPS_H */
