/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The anchor's maps (ARCHITECTURE.md 2a: the DSMIPv6 home agent today; the
 * Mobile IPv4 home agent and the proxy mobility LMA share them): a home
 * address or prefix -> the tunnel that reaches it, and what the signalling
 * path records. One binding map per key type for every protocol: a new
 * protocol adds tunnel formats, never a second binding map.
 */
#ifndef XMIP_BPF_ANCHOR_MAPS_H
#define XMIP_BPF_ANCHOR_MAPS_H

#include "lib/dp_maps.h"
#include "lib/bind4_map.h"
#include "xmip_abi_mip6.h"

/* IPv6 home address -> tunnel to the mobile node. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XMIP_DEFAULT_MAX_BINDINGS);
	__type(key, union xmip_addr);
	__type(value, struct xmip_tunnel);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_bind6 SEC(".maps");

/* IPv4 home address -> tunnel to the mobile node: xmip_bind4, in
 * lib/bind4_map.h. */

/* mobile network prefixes (NEMO) and IPv4 home prefixes. */
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

/* how each mobile node's latest BU came (struct xmip_sig_seen),
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

/* the IPv6 home addresses of the configured mobile nodes, which
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

#endif /* XMIP_BPF_ANCHOR_MAPS_H */
