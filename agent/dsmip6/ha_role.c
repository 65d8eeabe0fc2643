// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The DSMIPv6 home agent as a role of xmipd (core/role.h): an anchor data
 * plane on its home link and uplinks, BUs answered by ha_signal.c, IKE
 * peers one per mobile node.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "core/role.h"
#include "core/dp_setup.h"
#include "mh/mh_protection.h"
#include "dsmip6/ha_config.h"
#include "dsmip6/ha_signal.h"
#include "dsmip6/ha_state.h"
#include "ipsec/ipsec.h"
#include "net/tunif.h"

const struct xmip_role dsmip6_home_agent_role;

static void *config_parse(struct cfg_ctx *ctx, const config_setting_t *section, const struct xmip_config *cfg)
{
	return ha_config_parse(ctx, section, cfg->instance);
}

static void config_free(void *rc)
{
	ha_config_free(rc);
}

/* The home agent's identity is its own to set; its peers are the mobile
 * nodes, by their ids. */
static int ipsec_check(struct cfg_ctx *ctx, const config_setting_t *g, struct ipsec_config *ip, void *rc)
{
	((struct ha_config *)rc)->ipsec = true;
	if (!ip->identity[0])
		return cfg_fail(ctx, g, "missing required setting 'identity'");
	if (config_setting_get_member(g, "peer_identity"))
		return cfg_fail(ctx, config_setting_get_member(g, "peer_identity"),
				"only a mobile node names its peer; the home agent's are the mobile nodes' ids");
	return 0;
}

/* A reload admits and retires mobile nodes (the binding cache knows them by
 * identity), but with IPsec their IKE peers and policies are set at start:
 * then a changed list needs a restart. */
static bool reload_keeps(const void *old_rc, const void *new_rc)
{
	const struct ha_config *a = old_rc, *b = new_rc;

	if (!a->ipsec && !b->ipsec)
		return true;
	return a->n_mobile_nodes == b->n_mobile_nodes &&
	       (!a->n_mobile_nodes ||
		!memcmp(a->mobile_nodes, b->mobile_nodes, sizeof(*a->mobile_nodes) * (size_t)a->n_mobile_nodes));
}

static void dp_plan(const void *rc, struct dp_plan *plan)
{
	const struct ha_config *ha = rc;
	int i;

	plan->kind = XMIP_DP_ANCHOR;
	plan->xdp_ifaces[plan->n_xdp++] = ha->home_link;
	for (i = 0; i < ha->n_interfaces; i++)
		plan->xdp_ifaces[plan->n_xdp++] = ha->interfaces[i];
	plan->tunnel_interface = ha->tunnel_interface;
	plan->forwards = true;
}

static int dp_settings(const void *rc, const struct xmip_dp_config *was, struct xmip_dp_config *dc,
		       struct xmip_error *err)
{
	const struct ha_config *ha = rc;

	(void)was;
	memcpy(dc->ha_addr6.bytes, &ha->address6, 16);
	dc->ha_addr4.v4 = ha->address4.s_addr;
	dc->home_ifindex = if_nametoindex(ha->home_link);
	dc->nat_keepalive_s = ha->nat_keepalive_s;
	return tunif_mac(ha->home_link, dc->home_mac, err) ? err->code : 0;
}

/* One IKE peer per mobile node, the home agent's addresses local. */
static int ipsec_plan(const void *rc, const struct ipsec_config *ip, struct ipsec_plan *plan)
{
	const struct ha_config *ha = rc;
	int i;

	if (ipsec_plan_init(plan, ha->n_mobile_nodes))
		return -ENOMEM;
	plan->mobile = false;
	plan->anchor6 = ha->address6;
	plan->anchor4 = ha->address4;
	plan->has_anchor4 = ha->has_address4;
	for (i = 0; i < ha->n_mobile_nodes; i++) {
		const struct mn_authz *m = &ha->mobile_nodes[i];

		ipsec_plan_set_peer(plan, i, m->id, &m->home_address6, m->v4_hoas,
				    ip->protect_ipv4_payload ? m->n_v4_hoas : 0);
	}
	return 0;
}

static const struct in6_addr *mh_address(const void *rc)
{
	return &((const struct ha_config *)rc)->address6;
}

static int start(void **state, const struct role_env *env, const void *rc, struct xmip_error *err)
{
	int ret = ha_signal_start((struct ha_signal **)state, env->ev, rc, &env->cfg->ipsec, env->dp, err);

	if (!ret && env->mh_shared)
		ha_signal_leave_proxy(*state);
	return ret;
}

static void reload(void *state, const void *rc)
{
	ha_signal_reload(state, rc);
}

static void status(const void *rc, struct json_object *o, struct json_object *warnings)
{
	protection_status(((const struct ha_config *)rc)->protection, o, warnings);
}

static void stop(void *state)
{
	ha_signal_stop(state);
}

static int cleanup(const void *rc, struct xmip_error *err)
{
	return state_file_remove(((const struct ha_config *)rc)->state_file, err);
}

const struct xmip_role dsmip6_home_agent_role = {
	.name = "home-agent",
	.section = "home_agent",
	.answers_mh = MH_ANSWERS_HOME,
	.mh_address = mh_address,
	.config_parse = config_parse,
	.config_free = config_free,
	.ipsec_check = ipsec_check,
	.reload_keeps = reload_keeps,
	.dp_plan = dp_plan,
	.dp_settings = dp_settings,
	.ipsec_plan = ipsec_plan,
	.start = start,
	.reload = reload,
	.stop = stop,
	.status = status,
	.report = ha_signal_report,
	.cleanup = cleanup,
};

const struct ha_config *dsmip6_ha_config(const struct xmip_config *cfg)
{
	return xmip_config_section(cfg, &dsmip6_home_agent_role);
}
