/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The maps of the data plane. Every program object includes this one file, and
 * every map is pinned by name, so the XDP and TC objects of an instance share
 * the same maps, and a restarted agent finds them again under
 * /sys/fs/bpf/xmip/<instance>/ (the loader sets the pin root).
 * Declared with BTF (SEC(".maps")) so `bpftool map dump pinned` pretty-prints.
 */
#ifndef XMIP_BPF_MAPS_H
#define XMIP_BPF_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xmip_abi.h"

/* Number of slots of the stats map: fixed and larger than XMIP_STAT_MAX so that
 * adding a counter does not change the pinned map's shape on upgrade. */
#define XMIP_STATS_SLOTS 64
_Static_assert(XMIP_STAT_MAX <= XMIP_STATS_SLOTS, "too many stat counters");

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

/* Home agent: IPv6 home address -> tunnel to the mobile node. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XMIP_DEFAULT_MAX_BINDINGS);
	__type(key, union xmip_addr);
	__type(value, struct xmip_tunnel);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_bind6 SEC(".maps");

/* Home agent: IPv4 home address -> tunnel to the mobile node. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XMIP_DEFAULT_MAX_BINDINGS);
	__type(key, __be32);
	__type(value, struct xmip_tunnel);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_bind4 SEC(".maps");

/* Home agent: mobile network prefixes (NEMO) and IPv4 home prefixes. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XMIP_MAX_PREFIXES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xmip_lpm6_key);
	__type(value, struct xmip_tunnel);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_prefix6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XMIP_MAX_PREFIXES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xmip_lpm4_key);
	__type(value, struct xmip_tunnel);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_prefix4 SEC(".maps");

/* Home agent: how each mobile node's latest BU came (struct xmip_sig_seen),
 * keyed by its IPv6 home address, from XDP seeing the BU to TC sending its
 * BA (which removes it): the BUs in flight, not one per node. LRU: a flood
 * of forged BUs, which get no BA, evicts old records, never fails. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, XMIP_MAX_NAT_RECORDS);
	__type(key, union xmip_addr);
	__type(value, struct xmip_sig_seen);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_sig_seen SEC(".maps");

/* Home agent: the IPv6 home addresses of the configured mobile nodes, which
 * XDP checks before it hands signalling to the agent, so that a flood of BUs
 * for addresses nobody configured costs the agent nothing and leaves no
 * record (xmip_sig_seen). A bloom filter: "absent" is certain, "present" is
 * wrong for about 1% of unknown addresses (the agent refuses those as
 * before); 5 hash functions, ~1.3 bytes per entry. Elements cannot be
 * removed: a restart with fewer nodes leaves their bits, which only lets
 * their BUs through to the agent's refusal. */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, XMIP_DEFAULT_MAX_BINDINGS);
	__type(value, union xmip_addr);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_known_home SEC(".maps");

/* Mobile node: the tunnel to the home agent (XMIP_MN_TUNNEL_DATA) and the
 * path of its latest BU (XMIP_MN_TUNNEL_SIGNAL). A hash, not an array,
 * because a hash update replaces the element atomically: a new care-of
 * address and format take effect with one map update. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct xmip_tunnel);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_mn_tunnel SEC(".maps");

static __always_inline struct xmip_dp_config *dp_config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xmip_config, &zero);
}

#endif /* XMIP_BPF_MAPS_H */
