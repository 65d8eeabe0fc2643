/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The mobile node's tunnel to its home agent made effective: the tunnel
 * interface's MTU set to what fits through the new path once encapsulated
 * (and segmentation offload off for UDP over IPv6), then the one map entry
 * replaced (care-of address, format and interface
 * change together, atomically, for the TC and XDP programs).
 */
#ifndef XMIP_MN_TUNNEL_H
#define XMIP_MN_TUNNEL_H

#include "xmip_loader.h"

int mn_tunnel_apply(struct xmip_dp *dp, const struct xmip_tunnel *t, struct xmip_error *err);

#endif
