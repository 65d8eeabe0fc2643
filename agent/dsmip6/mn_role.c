// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The DSMIPv6 mobile node (and mobile router) as a role of xmipd
 * (core/role.h): a mobile data plane on its access links and tunnel
 * interface, its binding update list in mn_signal.c, one IKE peer: its
 * home agent.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/role.h"
#include "core/dp_setup.h"
#include "mh/mh_protection.h"
#include "dsmip6/mn_config.h"
#include "dsmip6/mn_signal.h"
#include "ipsec/ipsec.h"
#include "net/tunif.h"

const struct xmip_role dsmip6_mobile_node_role;

static void *config_parse(struct cfg_ctx *ctx, const config_setting_t *section, const struct xmip_config *cfg)
{
	(void)cfg;
	return mn_config_parse(ctx, section);
}

static void config_free(void *rc)
{
	mn_config_free(rc);
}

static int ipsec_check(struct cfg_ctx *ctx, const config_setting_t *g, struct ipsec_config *ip, void *rc)
{
	return mn_config_check_ipsec(ctx, g, ip, rc);
}

/* The tunnel interface holds the home addresses: it changes with a restart. */
static bool reload_keeps(const void *old_rc, const void *new_rc)
{
	const struct mn_config *a = old_rc, *b = new_rc;

	return strcmp(a->tunnel_interface, b->tunnel_interface) == 0;
}

static void dp_plan(const void *rc, struct dp_plan *plan)
{
	const struct mn_config *mn = rc;
	int i;

	plan->kind = XMIP_DP_MOBILE;
	for (i = 0; i < mn->n_interfaces; i++)
		plan->xdp_ifaces[plan->n_xdp++] = mn->interfaces[i];
	/* A veth receives redirected frames only with an XDP program on it:
	 * the tunnel interface gets one too (it passes them on). */
	plan->xdp_ifaces[plan->n_xdp++] = mn->tunnel_interface;
	plan->tunnel_interface = mn->tunnel_interface;
	plan->tunnel_address6 = &mn->home_address6;
}

static int dp_settings(const void *rc, const struct xmip_dp_config *was, struct xmip_dp_config *dc,
		       struct xmip_error *err)
{
	const struct mn_config *mn = rc;
	char peer[IF_NAMESIZE];

	tunif_peer_name(mn->tunnel_interface, peer);
	if (mn_discovers_home_agent(mn)) {
		/* Found through DNS: a reload keeps what was found. */
		dc->ha_addr6 = was->ha_addr6;
		dc->ha_addr4 = was->ha_addr4;
	} else {
		memcpy(dc->ha_addr6.bytes, &mn->home_agent6, 16);
		dc->ha_addr4.v4 = mn->home_agent4.s_addr;
	}
	dc->peer_ifindex = if_nametoindex(peer);
	return tunif_mac(mn->tunnel_interface, dc->tunnel_mac, err) ? err->code : 0;
}

/* One IKE peer, the home agent, which the node names. */
static int ipsec_plan(const void *rc, const struct ipsec_config *ip, struct ipsec_plan *plan)
{
	const struct mn_config *mn = rc;

	if (ipsec_plan_init(plan, 1))
		return -ENOMEM;
	plan->mobile = true;
	plan->anchor6 = mn->home_agent6;
	plan->anchor4 = mn->home_agent4;
	plan->has_anchor4 = mn->has_home_agent4;
	ipsec_plan_set_peer(plan, 0, ip->peer_identity, &mn->home_address6, &mn->home_address4,
			    ip->protect_ipv4_payload ? 1 : 0);
	return 0;
}

static int start(void **state, const struct role_env *env, const void *rc, struct xmip_error *err)
{
	int ret = mn_signal_start((struct mn_signal **)state, env->ev, rc, env->dp, err);

	if (!ret && env->ipsec)
		ipsec_on_protection_up(env->ipsec, mn_signal_protection_ready, *state);
	return ret;
}

static void reload(void *state, const void *rc)
{
	mn_signal_reload(state, rc);
}

static void status(const void *rc, struct json_object *o, struct json_object *warnings)
{
	protection_status(((const struct mn_config *)rc)->protection, o, warnings);
}

static void stop(void *state)
{
	mn_signal_stop(state);
}

const struct xmip_role dsmip6_mobile_node_role = {
	.name = "mobile-node",
	.section = "mobile_node",
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
	.report = mn_signal_report,
};

const struct mn_config *dsmip6_mn_config(const struct xmip_config *cfg)
{
	return xmip_config_section(cfg, &dsmip6_mobile_node_role);
}
