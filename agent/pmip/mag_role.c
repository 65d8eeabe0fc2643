// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The mobile access gateway (proxy Mobile IPv6, RFC 5213 with RFC 5844's
 * IPv4 home addresses; seed 003's DMPA) as a role of xmipd (core/role.h):
 * the access data plane on its access links and uplinks, the hosts'
 * attachments and proxy BUs handled by mag_signal.c.
 */
#include <errno.h>
#include <string.h>
#include "core/role.h"
#include "core/state_file.h"
#include "ipsec/ipsec_conns.h"
#include "mh/mh_protection.h"
#include "pmip/mag_config.h"
#include "pmip/mag_signal.h"

const struct xmip_role pmip_mag_role;

static void *config_parse(struct cfg_ctx *ctx, const config_setting_t *section, const struct xmip_config *cfg)
{
	return mag_config_parse(ctx, section, cfg->instance);
}

static void config_free(void *rc)
{
	mag_config_free(rc);
}

/* RFC 5213 4: IPsec with its LMA, which the MAG names (peer_identity); its
 * own identity is its id unless set, as the LMA's list of MAGs names it. */
static int ipsec_check(struct cfg_ctx *ctx, const config_setting_t *g, struct ipsec_config *ip, void *rc)
{
	const struct mag_config *mag = rc;

	if (!ip->identity[0])
		snprintf(ip->identity, sizeof(ip->identity), "%s", mag->id);
	return protection_proxy_ipsec_check(ctx, g, ip, mag->protection, "peer_identity", NULL);
}

static int ipsec_plan(const void *rc, const struct ipsec_config *ip, struct ipsec_plan *plan)
{
	const struct mag_config *mag = rc;

	if (ipsec_plan_init(plan, 1))
		return -ENOMEM;
	plan->mobile = true;
	plan->proxy = true;
	plan->anchor6 = mag->lma_address6;
	ipsec_plan_set_peer(plan, 0, ip->peer_identity, &mag->address6, NULL, 0);
	return 0;
}

static void dp_plan(const void *rc, struct dp_plan *plan)
{
	const struct mag_config *mag = rc;
	int i;

	plan->kind = XMIP_DP_ACCESS;
	for (i = 0; i < mag->n_access_links; i++)
		plan->xdp_ifaces[plan->n_xdp++] = mag->access_links[i];
	for (i = 0; i < mag->n_interfaces; i++)
		plan->xdp_ifaces[plan->n_xdp++] = mag->interfaces[i];
	plan->tunnel_interface = mag->tunnel_interface;
	plan->forwards = true;
}

/* Our address (the tunnels' end), and the hosts' router as every access
 * link shows it. */
static int dp_settings(const void *rc, const struct xmip_dp_config *was, struct xmip_dp_config *dc,
		       struct xmip_error *err)
{
	const struct mag_config *mag = rc;

	(void)was;
	(void)err;
	memcpy(dc->ha_addr6.bytes, &mag->address6, 16);
	dc->router4 = mag->default_router4.s_addr;
	dc->home_prefix4 = mag->home_prefix4.addr.s_addr;
	dc->home_prefix4_len = mag->home_prefix4.len;
	memcpy(dc->router_mac, mag->router_mac, 6);
	return 0;
}

static int start(void **state, const struct role_env *env, const void *rc, struct xmip_error *err)
{
	return mag_signal_start((struct mag_signal **)state, env->ev, rc, env->dp, err);
}

static void stop(void *state)
{
	mag_signal_stop(state);
}

static void status(const void *rc, struct json_object *o, struct json_object *warnings)
{
	protection_status(((const struct mag_config *)rc)->protection, o, warnings);
}

static const struct in6_addr *mh_address(const void *rc)
{
	return &((const struct mag_config *)rc)->address6;
}

static int cleanup(const void *rc, struct xmip_error *err)
{
	return state_file_remove(((const struct mag_config *)rc)->state_file, err);
}

const struct xmip_role pmip_mag_role = {
	.name = "mag",
	.section = "mag",
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
	.cleanup = cleanup,
	.report = mag_signal_report,
};
