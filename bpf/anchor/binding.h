/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Binding lookups on the anchor: an exact home address first (hash, the
 * common case), then the longest registered prefix (NEMO mobile network
 * prefixes, IPv4 home prefixes).
 */
#ifndef XMIP_BPF_BINDING_H
#define XMIP_BPF_BINDING_H

#include <linux/if_ether.h>
#include "anchor/maps.h"

static __always_inline struct xmip_tunnel *binding_lookup6(const union xmip_addr *addr)
{
	struct xmip_tunnel *tun = bpf_map_lookup_elem(&xmip_bind6, addr);
	struct xmip_lpm6_key key = { .prefixlen = 128 };

	if (tun)
		return tun;
	__builtin_memcpy(key.addr, addr->bytes, 16);
	return bpf_map_lookup_elem(&xmip_prefix6, &key);
}

static __always_inline struct xmip_tunnel *binding_lookup4(__be32 addr)
{
	struct xmip_tunnel *tun = bpf_map_lookup_elem(&xmip_bind4, &addr);
	struct xmip_lpm4_key key = { .prefixlen = 32, .addr = addr };

	if (tun)
		return tun;
	return bpf_map_lookup_elem(&xmip_prefix4, &key);
}

/* The binding whose home address or prefix holds addr, of either family. */
static __always_inline struct xmip_tunnel *binding_lookup(__u16 family,
							  const union xmip_addr *addr)
{
	if (family == ETH_P_IPV6)
		return binding_lookup6(addr);
	return binding_lookup4(addr->v4);
}

#endif /* XMIP_BPF_BINDING_H */
