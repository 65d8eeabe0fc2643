/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* A connected NETLINK_ROUTE socket (libnl-3), for the modules that change
 * interfaces, routes and neighbour entries. */
#ifndef XMIP_NLROUTE_H
#define XMIP_NLROUTE_H

#include <netlink/netlink.h>
#include "xmip_error.h"

/* NULL with err set on failure; free with nl_socket_free(). */
struct nl_sock *nlroute_socket(struct xmip_error *err);

#endif
