// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Reading the per-CPU counters of the stats map, and their names. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xmip_loader.h"

static const char *const stat_text[XMIP_STAT_MAX] = {
#define XMIP_STAT_TEXT(name, text) [XMIP_STAT_##name] = text,
	XMIP_STATS(XMIP_STAT_TEXT)
#undef XMIP_STAT_TEXT
};

static const char *const stat_keys[XMIP_STAT_MAX] = {
#define XMIP_STAT_KEY(name, text) [XMIP_STAT_##name] = #name,
	XMIP_STATS(XMIP_STAT_KEY)
#undef XMIP_STAT_KEY
};

const char *xmip_stat_name(enum xmip_stat stat)
{
	return stat < XMIP_STAT_MAX ? stat_text[stat] : "?";
}

/* The counter's identifier, e.g. "DROP_MALFORMED", for JSON output. */
const char *xmip_stat_key(enum xmip_stat stat)
{
	return stat < XMIP_STAT_MAX ? stat_keys[stat] : "?";
}

int xmip_stats_read(int stats_fd, uint64_t out[XMIP_STAT_MAX])
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t *percpu;
	__u32 key;
	int cpu;

	if (ncpu <= 0)
		return -EINVAL;
	percpu = calloc((size_t)ncpu, sizeof(*percpu));
	if (!percpu)
		return -ENOMEM;
	for (key = 0; key < XMIP_STAT_MAX; key++) {
		out[key] = 0;
		if (bpf_map_lookup_elem(stats_fd, &key, percpu)) {
			int ret = -errno;

			free(percpu);
			return ret;
		}
		for (cpu = 0; cpu < ncpu; cpu++)
			out[key] += percpu[cpu];
	}
	free(percpu);
	return 0;
}
