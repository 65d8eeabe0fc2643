// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The local mobility anchor (proxy Mobile IPv6, RFC 5213 with RFC 5844's
 * IPv4 home addresses) as a role of xmipd (core/role.h): the anchor data
 * plane on its interfaces, proxy BUs answered by lma_signal.c.
 */
#include <errno.h>
#include <string.h>
#include "core/role.h"
#include "core/state_file.h"
#include "ipsec/ipsec_conns.h"
#include "mh/mh_protection.h"
#include "pmip/lma_config.h"
#include "pmip/lma_signal.h"

const struct xmip_role pmip_lma_role;

static void *config_parse(struct cfg_ctx *ctx, const config_setting_t *section, const struct xmip_config *cfg)
{
	return lma_config_parse(ctx, section, cfg->instance);
}

static void config_free(void *rc)
{
	lma_config_free(rc);
}

/* RFC 5213 4: IPsec between the LMA and each MAG. The LMA's identity is
 * its own to set; its IKE peers are the MAGs, by their ids. */
static int ipsec_check(struct cfg_ctx *ctx, const config_setting_t *g, struct ipsec_config *ip, void *rc)
{
	return protection_proxy_ipsec_check(ctx, g, ip, ((struct lma_config *)rc)->protection, NULL,
				       "the LMA's are the MAGs' ids");
}

static int ipsec_plan(const void *rc, const struct ipsec_config *ip, struct ipsec_plan *plan)
{
	const struct lma_config *lma = rc;
	int i;

	(void)ip;
	if (ipsec_plan_init(plan, lma->n_mags))
		return -ENOMEM;
	plan->mobile = false;
	plan->proxy = true;
	plan->anchor6 = lma->address6;
	for (i = 0; i < lma->n_mags; i++)
		ipsec_plan_set_peer(plan, i, lma->mags[i].id, &lma->mags[i].address6, NULL, 0);
	return 0;
}

static void dp_plan(const void *rc, struct dp_plan *plan)
{
	const struct lma_config *lma = rc;
	int i;

	plan->kind = XMIP_DP_ANCHOR;
	for (i = 0; i < lma->n_interfaces; i++)
		plan->xdp_ifaces[plan->n_xdp++] = lma->interfaces[i];
	plan->tunnel_interface = lma->tunnel_interface;
	plan->forwards = true;
}

/* No home link: the hosts' network is reached through the MAGs, and routed
 * to the LMA by the operator's network; XDP answers no ARP for it. (A home
 * agent in the same process sets its own home link; the address is one.) */
static int dp_settings(const void *rc, const struct xmip_dp_config *was, struct xmip_dp_config *dc,
		       struct xmip_error *err)
{
	const struct lma_config *lma = rc;

	(void)was;
	(void)err;
	memcpy(dc->ha_addr6.bytes, &lma->address6, 16);
	return 0;
}

static const struct in6_addr *mh_address(const void *rc)
{
	return &((const struct lma_config *)rc)->address6;
}

static int start(void **state, const struct role_env *env, const void *rc, struct xmip_error *err)
{
	int ret = lma_signal_start((struct lma_signal **)state, env->ev, rc, env->dp, err);

	if (!ret && env->mh_shared)
		lma_signal_leave_home(*state);
	return ret;
}

static void stop(void *state)
{
	lma_signal_stop(state);
}

static void status(const void *rc, struct json_object *o, struct json_object *warnings)
{
	protection_status(((const struct lma_config *)rc)->protection, o, warnings);
}

static int cleanup(const void *rc, struct xmip_error *err)
{
	return state_file_remove(((const struct lma_config *)rc)->state_file, err);
}

const struct xmip_role pmip_lma_role = {
	.name = "lma",
	.section = "lma",
	.answers_mh = MH_ANSWERS_PROXY,
	.mh_address = mh_address,
	.config_parse = config_parse,
	.config_free = config_free,
	.ipsec_check = ipsec_check,
	.ipsec_plan = ipsec_plan,
	.dp_plan = dp_plan,
	.dp_settings = dp_settings,
	.start = start,
	.stop = stop,
	.status = status,
	.report = lma_signal_report,
	.cleanup = cleanup,
};
