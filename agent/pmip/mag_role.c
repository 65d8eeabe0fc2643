// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The mobile access gateway (proxy Mobile IPv6, RFC 5213 with RFC 5844's
 * IPv4 home addresses; seed 003's DMPA) as a role of xmipd (core/role.h):
 * the access data plane on its access links and uplinks, the hosts'
 * attachments and proxy BUs handled by mag_signal.c.
 */
#include <string.h>
#include "core/role.h"
#include "core/state_file.h"
#include "mh/mh_protection.h"
#include "pmip/mag_config.h"
#include "pmip/mag_signal.h"

const struct xmip_role pmip_mag_role;

static void *config_parse(struct cfg_ctx *ctx, const config_setting_t *section, const struct xmip_config *cfg)
{
	struct mag_config *mag = mag_config_parse(ctx, section, cfg->instance);

	if (mag && protection_no_ipsec_yet(ctx, section, mag->protection, "MAG", "mag_lma_keys")) {
		mag_config_free(mag);
		return NULL;
	}
	return mag;
}

static void config_free(void *rc)
{
	mag_config_free(rc);
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

static int cleanup(const void *rc, struct xmip_error *err)
{
	const struct mag_config *mag = rc;
	int ret = state_file_remove(mag->state_file);

	return ret ? xmip_err(err, ret, "%s: %s", mag->state_file, strerror(-ret)) : 0;
}

const struct xmip_role pmip_mag_role = {
	.name = "mag",
	.section = "mag",
	.answers_mobility_header = true,
	.config_parse = config_parse,
	.config_free = config_free,
	.dp_plan = dp_plan,
	.dp_settings = dp_settings,
	.start = start,
	.stop = stop,
	.status = status,
	.cleanup = cleanup,
	.report = mag_signal_report,
};
