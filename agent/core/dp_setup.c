// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include "core/dp_setup.h"
#include "core/log.h"
#include "net/sysctl.h"
#include "net/tunif.h"

/* Adds name to the plan's XDP interfaces unless it is there. */
static void add_iface(struct dp_plan *plan, const char *name)
{
	int i;

	for (i = 0; i < plan->n_xdp; i++)
		if (strcmp(plan->xdp_ifaces[i], name) == 0)
			return;
	if (plan->n_xdp < (int)(sizeof(plan->xdp_ifaces) / sizeof(plan->xdp_ifaces[0])))
		plan->xdp_ifaces[plan->n_xdp++] = name;
}

void dp_plan_of(const struct xmip_config *cfg, struct dp_plan *plan)
{
	int i, j;

	memset(plan, 0, sizeof(*plan));
	for (i = 0; i < cfg->n_roles; i++) {
		const struct xmip_role *r = cfg->roles[i].role;
		struct dp_plan p = { 0 };

		if (!r->dp_plan)
			continue;
		r->dp_plan(cfg->roles[i].cfg, &p);
		plan->kind = p.kind;
		for (j = 0; j < p.n_xdp; j++)
			add_iface(plan, p.xdp_ifaces[j]);
		if (!plan->tunnel_interface)
			plan->tunnel_interface = p.tunnel_interface;
		if (!plan->tunnel_address6)
			plan->tunnel_address6 = p.tunnel_address6;
		plan->forwards |= p.forwards;
	}
}

static int write_dp_config(struct dp_state *st, const struct xmip_config *cfg, const struct dp_plan *plan,
			   struct xmip_error *err)
{
	struct xmip_dp_config was = { 0 }, dc = { .kind = plan->kind, .flags = XMIP_DPF_ENABLED,
						 .abi_version = XMIP_ABI_VERSION };
	int fd = xmip_dp_map_fd(st->dp, XMIP_MAPID_CONFIG), i, ret;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(fd, &zero, &was))
		memset(&was, 0, sizeof(was));
	dc.tunnel_ifindex = if_nametoindex(plan->tunnel_interface);
	for (i = 0; i < cfg->n_roles; i++) {
		const struct xmip_role *r = cfg->roles[i].role;

		if (r->dp_settings && (ret = r->dp_settings(cfg->roles[i].cfg, &was, &dc, err)))
			return ret;
	}
	if (bpf_map_update_elem(fd, &zero, &dc, BPF_ANY))
		return xmip_err(err, -errno, "writing the data-plane settings: %s", strerror(errno));
	return 0;
}

int dp_set_home_agent(struct dp_state *st, const struct in6_addr *addr6, const struct in_addr *addr4,
		      struct xmip_error *err)
{
	int fd = xmip_dp_map_fd(st->dp, XMIP_MAPID_CONFIG);
	struct xmip_dp_config dc;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(fd, &zero, &dc))
		return xmip_err(err, -errno, "reading the data-plane settings: %s", strerror(errno));
	memcpy(dc.ha_addr6.bytes, addr6, 16);
	memset(&dc.ha_addr4, 0, sizeof(dc.ha_addr4));
	dc.ha_addr4.v4 = addr4 ? addr4->s_addr : 0;
	if (bpf_map_update_elem(fd, &zero, &dc, BPF_ANY))
		return xmip_err(err, -errno, "writing the data-plane settings: %s", strerror(errno));
	return 0;
}

static struct dp_iface *iface_slot(struct dp_state *st, const char *name)
{
	int i;

	for (i = 0; i < st->n_ifaces; i++)
		if (strcmp(st->ifaces[i].name, name) == 0)
			return &st->ifaces[i];
	if (st->n_ifaces >= (int)(sizeof(st->ifaces) / sizeof(st->ifaces[0])))
		return NULL;
	memset(&st->ifaces[st->n_ifaces], 0, sizeof(st->ifaces[0]));
	snprintf(st->ifaces[st->n_ifaces].name, IF_NAMESIZE, "%s", name);
	return &st->ifaces[st->n_ifaces++];
}

/* TC egress on the tunnel interface: on a mobile node everything sent from
 * a home address, on an anchor everything the stack routes toward a
 * bound home address (its own packets, what XDP handed over) leaves
 * through it. */
static int attach_tunnel_tc(struct dp_state *st, const struct dp_plan *plan, struct xmip_error *err)
{
	const char *name = plan->tunnel_interface;
	struct dp_iface *slot = iface_slot(st, name);
	int ret = 0;

	if (!slot)
		return xmip_err(err, -E2BIG, "too many interfaces");
	if (slot->tc_egress)
		return 0;
	if (plan->tunnel_address6)
		ret = tunif_add_address6(name, plan->tunnel_address6, 128, err);
	if (!ret)
		ret = xmip_dp_attach_tc(st->dp, name, err);
	if (ret)
		return ret;
	slot->tc_egress = true;
	log_info("%s: tunnel interface with TC egress program", name);
	return 0;
}

/* Attaches to every interface of the plan not attached yet. */
static int attach_all(struct dp_state *st, const struct dp_plan *plan, struct xmip_error *err)
{
	int i, ret;

	ret = tunif_ensure(plan->tunnel_interface, err);
	if (ret)
		return ret;
	if (plan->forwards) {
		ret = sysctl_prepare_home_agent(err);
		if (ret)
			return ret;
	}
	for (i = 0; i < plan->n_xdp; i++) {
		struct dp_iface *slot = iface_slot(st, plan->xdp_ifaces[i]);
		enum xmip_xdp_attached mode;

		if (!slot)
			return xmip_err(err, -E2BIG, "too many interfaces");
		if (slot->xdp)
			continue;
		ret = xmip_dp_attach_xdp(st->dp, plan->xdp_ifaces[i], &mode, err);
		if (ret)
			return ret;
		slot->xdp = true;
		slot->xdp_generic = mode == XMIP_XDP_ATTACHED_GENERIC;
		log_info("%s: XDP program attached (%s mode)", plan->xdp_ifaces[i],
			 slot->xdp_generic ? "generic" : "native");
	}
	return attach_tunnel_tc(st, plan, err);
}

int dp_setup(struct dp_state *st, const struct xmip_config *cfg, struct xmip_error *err)
{
	struct dp_plan plan;
	struct xmip_dp_opts opts = {
		.instance = cfg->instance,
		.max_bindings = cfg->max_bindings,
		.xdp_mode = cfg->xdp_mode,
	};
	int ret;

	memset(st, 0, sizeof(*st));
	dp_plan_of(cfg, &plan);
	if (plan.kind == XMIP_DP_NONE)
		return 0;
	opts.kind = plan.kind;
	ret = xmip_dp_open(&st->dp, &opts, err);
	if (ret)
		return ret;
	/* Settings last: they name interfaces attach_all() may create. */
	ret = attach_all(st, &plan, err);
	if (!ret)
		ret = write_dp_config(st, cfg, &plan, err);
	if (ret)
		dp_close(st);
	return ret;
}

static int still_planned(const struct dp_plan *plan, const char *name)
{
	int i;

	for (i = 0; i < plan->n_xdp; i++)
		if (strcmp(plan->xdp_ifaces[i], name) == 0)
			return 1;
	return strcmp(plan->tunnel_interface, name) == 0;
}

int dp_reapply(struct dp_state *st, const struct xmip_config *cfg, struct xmip_error *err)
{
	struct dp_plan plan;
	int i, ret;

	if (!st->dp)
		return 0;
	dp_plan_of(cfg, &plan);
	for (i = 0; i < st->n_ifaces; i++) {
		if (still_planned(&plan, st->ifaces[i].name))
			continue;
		ret = xmip_dp_detach(st->dp, st->ifaces[i].name, err);
		if (ret)
			log_warn("%s", err->msg);
		else
			log_info("%s: detached (no longer configured)", st->ifaces[i].name);
		st->ifaces[i--] = st->ifaces[--st->n_ifaces];
	}
	ret = attach_all(st, &plan, err);
	return ret ? ret : write_dp_config(st, cfg, &plan, err);
}

void dp_close(struct dp_state *st)
{
	xmip_dp_close(st->dp);
	st->dp = NULL;
}

int dp_cleanup(const struct xmip_config *cfg, struct xmip_error *err)
{
	struct dp_plan plan;
	int i, ret, first = 0;

	dp_plan_of(cfg, &plan);
	if (plan.kind == XMIP_DP_NONE)
		return 0;
	for (i = 0; i < plan.n_xdp; i++) {
		ret = xmip_detach_interface(plan.xdp_ifaces[i], err);
		/* A vanished interface took its programs with it. */
		if (ret && ret != -ENODEV && !first)
			first = ret;
	}
	/* The routes into the tunnel interface go with it. */
	ret = tunif_remove(plan.tunnel_interface, err);
	if (ret && !first)
		first = ret;
	ret = xmip_unpin_instance(cfg->instance, err);
	return first ? first : ret;
}
