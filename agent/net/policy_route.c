// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include "net/nlroute.h"
#include "net/policy_route.h"

int policy_default_route(int family, uint32_t table, int ifindex, struct xmip_error *err)
{
	struct nl_sock *sk = nlroute_socket(err);
	struct rtnl_route *r = nlroute_into_interface(family, NULL, 0, table, ifindex);
	int rc, ret = 0;

	if (!sk || !r) {
		ret = xmip_err(err, -ENOMEM, "default route for table %u: out of memory", table);
		goto out;
	}
	rc = rtnl_route_add(sk, r, NLM_F_CREATE | NLM_F_REPLACE);
	if (rc < 0)
		ret = xmip_err(err, -EIO, "default route into the tunnel (table %u): %s", table,
			       nl_geterror(rc));
out:
	rtnl_route_put(r);
	return ret;
}

static struct rtnl_rule *make_rule(int family, uint32_t mark, const void *src, uint8_t src_len,
				   uint32_t table)
{
	struct rtnl_rule *rule = rtnl_rule_alloc();

	if (!rule)
		return NULL;
	rtnl_rule_set_family(rule, family);
	rtnl_rule_set_prio(rule, XMIP_RULE_PRIORITY);
	rtnl_rule_set_table(rule, table);
	rtnl_rule_set_action(rule, FR_ACT_TO_TBL);
	if (mark)
		rtnl_rule_set_mark(rule, mark);
	if (src) {
		struct nl_addr *a = nl_addr_build(family, src, family == AF_INET ? 4 : 16);

		if (!a) {
			rtnl_rule_put(rule);
			return NULL;
		}
		nl_addr_set_prefixlen(a, src_len);
		rtnl_rule_set_src(rule, a);
		nl_addr_put(a);
	}
	return rule;
}

int policy_rule(int family, uint32_t mark, const void *src, uint8_t src_len, uint32_t table,
		struct xmip_error *err)
{
	struct nl_sock *sk = nlroute_socket(err);
	struct rtnl_rule *rule = make_rule(family, mark, src, src_len, table);
	int rc, ret = 0;

	if (!sk || !rule) {
		ret = xmip_err(err, -ENOMEM, "policy rule: out of memory");
		goto out;
	}
	/* The same rule again (a restart) must not pile up: drop it first. */
	rtnl_rule_delete(sk, rule, 0);
	rc = rtnl_rule_add(sk, rule, NLM_F_CREATE);
	if (rc < 0)
		ret = xmip_err(err, -EIO, "policy rule to table %u: %s", table, nl_geterror(rc));
out:
	rtnl_rule_put(rule);
	return ret;
}

void policy_rule_delete(int family, uint32_t mark, const void *src, uint8_t src_len, uint32_t table)
{
	struct nl_sock *sk = nlroute_socket(NULL);
	struct rtnl_rule *rule = make_rule(family, mark, src, src_len, table);

	if (sk && rule)
		rtnl_rule_delete(sk, rule, 0);
	rtnl_rule_put(rule);
}
