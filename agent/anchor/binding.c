// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netlink/route/route.h>
#include "anchor/binding.h"
#include "core/log.h"
#include "net/nlroute.h"
#include "net/path_mtu.h"

/* The route for home; add or delete. The home link's neighbour discovery
 * and ARP for home addresses are answered by the XDP program from the
 * binding maps (bpf/lib/neigh_proxy.h), not by kernel proxy entries: those
 * cost more with every node bound. */
static int host_state(const struct xmip_home *home, const struct xmip_dp_config *dc, int mtu,
		      int add, struct xmip_error *err)
{
	struct nl_sock *sk = nlroute_socket(err);
	struct rtnl_route *r;
	char text[INET6_ADDRSTRLEN];
	int ret = 0, rc;

	if (!sk)
		return -EIO;
	inet_ntop(home->family, home->addr.bytes, text, sizeof(text));
	r = nlroute_into_interface(home->family, home->addr.bytes, home->prefixlen, RT_TABLE_MAIN,
				   (int)dc->tunnel_ifindex);
	if (!r) {
		ret = xmip_err(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (add) {
		rtnl_route_set_metric(r, RTAX_MTU, (unsigned int)mtu);
		rc = rtnl_route_add(sk, r, NLM_F_CREATE | NLM_F_REPLACE);
		if (rc < 0)
			ret = xmip_err(err, -EIO, "cannot route %s/%u into the tunnel: %s", text,
				       home->prefixlen, nl_geterror(rc));
	} else {
		/* Deleting what is already gone is fine (a restart, a retry). */
		rc = rtnl_route_delete(sk, r, 0);
		if (rc < 0 && rc != -NLE_OBJ_NOTFOUND && rc != -NLE_NOADDR)
			ret = xmip_err(err, -EIO, "cannot remove the route to %s: %s", text, nl_geterror(rc));
	}
out:
	rtnl_route_put(r);
	return ret;
}

int anchor_binding_apply(struct xmip_dp *dp, const struct xmip_home *home,
		     const struct xmip_tunnel *t, struct xmip_error *err)
{
	struct xmip_dp_config dc;
	int mtu, ret;

	ret = xmip_dp_settings_read(dp, &dc, err);
	if (ret)
		return ret;
	/* The map first: from then on XDP serves the home address, and what
	 * the route below sends into the tunnel interface finds its binding. */
	ret = xmip_binding_update(dp, home, t, err);
	if (ret)
		return ret;
	mtu = tunnel_mtu(t, err);
	if (mtu < 0)
		return mtu;
	return host_state(home, &dc, mtu, 1, err);
}

int anchor_binding_remove(struct xmip_dp *dp, const struct xmip_home *home, struct xmip_error *err)
{
	struct xmip_dp_config dc;
	int ret = xmip_dp_settings_read(dp, &dc, err);

	if (ret)
		return ret;
	/* The route first, so nothing is routed into a tunnel without a
	 * binding (TC would drop it as "no tunnel"). */
	ret = host_state(home, &dc, 0, 0, err);
	if (ret)
		return ret;
	return xmip_binding_delete(dp, home, err);
}
