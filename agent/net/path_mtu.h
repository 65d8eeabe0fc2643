/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The MTU of the kernel's route toward a tunnel's far end, and from it the
 * MTU the tunnel offers to the packets it carries. */
#ifndef XMIP_PATH_MTU_H
#define XMIP_PATH_MTU_H

#include "xmip_abi.h"
#include "xmip_error.h"

/* Smallest tunnel MTU we set: IPv6 needs 1280 on every link (RFC 8200 5). */
#define TUNNEL_MTU_MIN 1280

/* The route's MTU toward t->remote (from t->local), or -errno. */
int path_mtu(const struct xmip_tunnel *t, struct xmip_error *err);

/* The path MTU minus t's encapsulation overhead, at least TUNNEL_MTU_MIN. */
int tunnel_mtu(const struct xmip_tunnel *t, struct xmip_error *err);

#endif
