/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The mobile node's maps: its one tunnel to its anchor (ARCHITECTURE.md 2a). */
#ifndef XMIP_BPF_MOBILE_MAPS_H
#define XMIP_BPF_MOBILE_MAPS_H

#include "lib/dp_maps.h"
#include "xmip_abi_mip6.h"

/* The tunnel to the home agent (XMIP_MN_TUNNEL_DATA) and the
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

#endif /* XMIP_BPF_MOBILE_MAPS_H */
