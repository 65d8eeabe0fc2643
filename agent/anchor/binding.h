/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A binding made effective on an anchor (the DSMIPv6 home agent today; the
 * Mobile IPv4 home agent and the proxy mobility LMA use the same): a home
 * address or prefix and the tunnel that reaches it, in the two places that
 * must agree: the data plane's binding maps (through the loader's API) and
 * a route sending the home address or prefix into the tunnel interface with
 * the tunnel's MTU (the kernel then answers and fragments for the TC path
 * as XDP does for the fast path). The home link's ARP and neighbour
 * solicitations for bound addresses are answered by the anchor's XDP from
 * the binding maps (RFC 6275 10.4.1), so nothing else is needed.
 */
#ifndef XMIP_ANCHOR_BINDING_H
#define XMIP_ANCHOR_BINDING_H

#include "xmip_loader.h"

int anchor_binding_apply(struct xmip_dp *dp, const struct xmip_home *home,
			 const struct xmip_tunnel *t, struct xmip_error *err);
int anchor_binding_remove(struct xmip_dp *dp, const struct xmip_home *home, struct xmip_error *err);

#endif
