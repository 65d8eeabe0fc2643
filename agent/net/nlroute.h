/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The agent's NETLINK_ROUTE socket (libnl-3), one for the process, for the
 * modules that change interfaces, routes, rules and addresses. */
#ifndef XMIP_NLROUTE_H
#define XMIP_NLROUTE_H

#include <stdint.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>
#include "xmip_error.h"

/* Routing protocol number on our routes ("ip route show proto 77"). */
#define XMIP_RTPROT 77

/* The shared socket, connected at first use; NULL with err set on failure.
 * Callers do not free it. */
struct nl_sock *nlroute_socket(struct xmip_error *err);
/* Closes it (the daemon's end, and tests). */
void nlroute_close(void);

/* Our route (protocol XMIP_RTPROT, link scope) to addr/prefixlen of family
 * (addr NULL: the default route) in table, through interface ifindex; NULL
 * when out of memory. Free with rtnl_route_put(). */
struct rtnl_route *nlroute_into_interface(int family, const void *addr, unsigned int prefixlen,
					  uint32_t table, int ifindex);

#endif
