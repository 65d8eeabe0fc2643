/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The binding map for IPv4 addresses, which the anchor (a home address ->
 * the tunnel to the mobile node) and the access kind (an attached host's
 * address -> the tunnel to its anchor) both declare from here: one map
 * shape, one loader API (xmip_binding_update), for every protocol.
 */
#ifndef XMIP_BPF_BIND4_MAP_H
#define XMIP_BPF_BIND4_MAP_H

#include "lib/dp_maps.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XMIP_DEFAULT_MAX_BINDINGS);
	__type(key, __be32);
	__type(value, struct xmip_tunnel);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_bind4 SEC(".maps");

#endif /* XMIP_BPF_BIND4_MAP_H */
