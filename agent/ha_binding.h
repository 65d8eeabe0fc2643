/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A binding made effective on the home agent, in three places that must
 * agree: the data plane's binding maps (through the loader's API), a route
 * sending the home address or prefix into the tunnel interface with the
 * tunnel's MTU (the kernel then answers and fragments for the TC path as
 * XDP does for the fast path), and for a home address a proxy neighbour
 * entry on the home link, so that home-link hosts' ARP and neighbour
 * solicitations for it get the home agent's MAC (RFC 6275 10.4.1).
 */
#ifndef XMIP_HA_BINDING_H
#define XMIP_HA_BINDING_H

#include "xmip_loader.h"

/* Routing protocol number on our routes ("ip route show proto 77"). */
#define XMIP_RTPROT 77

int ha_binding_apply(struct xmip_dp *dp, const struct xmip_home *home,
		     const struct xmip_tunnel *t, struct xmip_error *err);
int ha_binding_remove(struct xmip_dp *dp, const struct xmip_home *home, struct xmip_error *err);

#endif
