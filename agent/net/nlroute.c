// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include "net/nlroute.h"

/* The process's one route socket: opened at first use, kept. A binding on
 * the anchor changes a route, and a busy anchor makes thousands a second:
 * a socket per change cost a socket(), bind() and close() each. Requests
 * on it are synchronous (libnl waits for each one's acknowledgement), so
 * one request never sees another's answer. */
static struct nl_sock *shared;

struct nl_sock *nlroute_socket(struct xmip_error *err)
{
	struct nl_sock *sk;

	if (shared)
		return shared;
	sk = nl_socket_alloc();
	if (!sk) {
		xmip_err(err, -ENOMEM, "out of memory");
		return NULL;
	}
	if (nl_connect(sk, NETLINK_ROUTE) < 0) {
		nl_socket_free(sk);
		xmip_err(err, -EIO, "cannot open a netlink route socket");
		return NULL;
	}
	shared = sk;
	return sk;
}

void nlroute_close(void)
{
	nl_socket_free(shared);
	shared = NULL;
}

struct rtnl_route *nlroute_into_interface(int family, const void *addr, unsigned int prefixlen,
					  uint32_t table, int ifindex)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *dst = nl_addr_build(family, addr, addr ? (family == AF_INET ? 4 : 16) : 0);

	if (!r || !nh || !dst) {
		rtnl_route_put(r);
		rtnl_route_nh_free(nh);
		nl_addr_put(dst);
		return NULL;
	}
	nl_addr_set_prefixlen(dst, (int)prefixlen);
	rtnl_route_set_family(r, (uint8_t)family);
	rtnl_route_set_dst(r, dst);
	nl_addr_put(dst);
	rtnl_route_set_table(r, table);
	rtnl_route_set_protocol(r, XMIP_RTPROT);
	rtnl_route_set_scope(r, RT_SCOPE_LINK);
	rtnl_route_nh_set_ifindex(nh, ifindex);
	rtnl_route_add_nexthop(r, nh);
	return r;
}
