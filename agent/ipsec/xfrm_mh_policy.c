// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/xfrm.h>
#include <netlink/netlink.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/sp.h>
#include <netlink/xfrm/template.h>
#include "ipsec/xfrm_mh_policy.h"
#include "xmip_proto.h"

_Static_assert((int)MH_POLICY_IN == (int)XFRM_POLICY_IN && (int)MH_POLICY_OUT == (int)XFRM_POLICY_OUT,
	       "policy directions");

static struct xfrmnl_sp *build(const struct mh_policy *p)
{
	struct xfrmnl_sp *sp = xfrmnl_sp_alloc();
	struct xfrmnl_sel *sel = xfrmnl_sel_alloc();
	struct xfrmnl_user_tmpl *t = xfrmnl_user_tmpl_alloc();
	struct nl_addr *src = nl_addr_build(AF_INET6, &p->src, 16);
	struct nl_addr *dst = nl_addr_build(AF_INET6, &p->dst, 16);
	struct nl_addr *any = nl_addr_build(AF_INET6, &in6addr_any, 16);

	if (!sp || !sel || !t || !src || !dst || !any) {
		if (sp)
			xfrmnl_sp_put(sp);
		if (sel)
			xfrmnl_sel_put(sel);
		if (t)
			xfrmnl_user_tmpl_free(t);
		nl_addr_put(src);
		nl_addr_put(dst);
		nl_addr_put(any);
		return NULL;
	}
	xfrmnl_sel_set_family(sel, AF_INET6);
	xfrmnl_sel_set_saddr(sel, src);
	xfrmnl_sel_set_daddr(sel, dst);
	xfrmnl_sel_set_prefixlen_s(sel, 128);
	xfrmnl_sel_set_prefixlen_d(sel, 128);
	xfrmnl_sel_set_proto(sel, XMIP_IPPROTO_MH);
	/* The kernel matches an MH type as the source port (flowi's mht);
	 * libnl puts it in network order itself. */
	if (!p->any_type) {
		xfrmnl_sel_set_sport(sel, p->mh_type);
		xfrmnl_sel_set_sportmask(sel, 0xffff);
	}
	xfrmnl_sp_set_sel(sp, sel);
	xfrmnl_sel_put(sel);
	xfrmnl_sp_set_dir(sp, p->dir);
	xfrmnl_sp_set_action(sp, XFRM_POLICY_ALLOW);

	/* ESP, transport mode, this CHILD_SA; any addresses and algorithms.
	 * The masks are bit sets of the algorithms allowed: zero allows none
	 * (an AEAD SA such as AES-GCM has authentication algorithm 0, so bit
	 * 0 must be set), as ip-xfrm's default of all ones does. */
	xfrmnl_user_tmpl_set_family(t, AF_INET6);
	xfrmnl_user_tmpl_set_saddr(t, any);
	xfrmnl_user_tmpl_set_daddr(t, any);
	xfrmnl_user_tmpl_set_proto(t, IPPROTO_ESP);
	xfrmnl_user_tmpl_set_mode(t, XFRM_MODE_TRANSPORT);
	xfrmnl_user_tmpl_set_reqid(t, p->reqid);
	xfrmnl_user_tmpl_set_aalgos(t, ~0u);
	xfrmnl_user_tmpl_set_ealgos(t, ~0u);
	xfrmnl_user_tmpl_set_calgos(t, ~0u);
	xfrmnl_sp_add_usertemplate(sp, t);
	nl_addr_put(src);
	nl_addr_put(dst);
	nl_addr_put(any);
	return sp;
}

static int run(const struct mh_policy *p, int add, struct xmip_error *err)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct xfrmnl_sp *sp = build(p);
	int ret = -ENOMEM;

	if (sk && sp) {
		ret = nl_connect(sk, NETLINK_XFRM);
		if (!ret)
			ret = add ? xfrmnl_sp_update(sk, sp, 0) : xfrmnl_sp_delete(sk, sp, 0);
		if (add && ret == -NLE_OBJ_NOTFOUND)
			ret = xfrmnl_sp_add(sk, sp, NLM_F_CREATE);
	}
	if (sp)
		xfrmnl_sp_put(sp);
	nl_socket_free(sk);
	if (ret < 0 && err) {
		char type[16] = "any";

		if (!p->any_type)
			snprintf(type, sizeof(type), "%u", p->mh_type);
		return xmip_err(err, -EIO, "XFRM policy for MH type %s (%s): %s", type,
				p->dir == MH_POLICY_IN ? "in" : "out", nl_geterror(ret));
	}
	return ret < 0 ? -EIO : 0;
}

int xfrm_mh_policy_set(const struct mh_policy *p, struct xmip_error *err)
{
	return run(p, 1, err);
}

void xfrm_mh_policy_del(const struct mh_policy *p)
{
	run(p, 0, NULL);
}

void mh_policies_for(const struct in6_addr *home_address, const struct in6_addr *home_agent,
		     uint32_t reqid, int at_home_agent, struct mh_policy out[2])
{
	/* out[0]: the BU, home address -> home agent; out[1]: the BA back. */
	out[0] = (struct mh_policy){ .src = *home_address, .dst = *home_agent, .mh_type = XMIP_MH_BU,
				     .any_type = at_home_agent,
				     .dir = at_home_agent ? MH_POLICY_IN : MH_POLICY_OUT, .reqid = reqid };
	out[1] = (struct mh_policy){ .src = *home_agent, .dst = *home_address, .mh_type = XMIP_MH_BA,
				     .any_type = !at_home_agent,
				     .dir = at_home_agent ? MH_POLICY_OUT : MH_POLICY_IN, .reqid = reqid };
}
