/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The access kind's maps (ARCHITECTURE.md 2a: a MAG): each attached host's
 * tunnel toward its anchor (xmip_bind4, the binding map the anchor has
 * too) and where the host is (xmip_acc_host).
 */
#ifndef XMIP_BPF_ACCESS_MAPS_H
#define XMIP_BPF_ACCESS_MAPS_H

#include "lib/dp_maps.h"
#include "lib/bind4_map.h"
#include "xmip_abi_access.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XMIP_DEFAULT_MAX_BINDINGS);
	__type(key, __be32);
	__type(value, struct xmip_access_host);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xmip_acc_host SEC(".maps");

#endif /* XMIP_BPF_ACCESS_MAPS_H */
