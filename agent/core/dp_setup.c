// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include "core/dp_setup.h"
#include "core/log.h"
#include "net/sysctl.h"
#include "net/tunif.h"

static const char *tunnel_interface(const struct xmip_config *cfg)
{
	return cfg->role == XMIP_ROLE_HOME_AGENT ? cfg->ha.tunnel_interface : cfg->mn.tunnel_interface;
}

/* The interfaces that get XDP (and TC egress) for cfg's role. */
static int xdp_interfaces(const struct xmip_config *cfg, const char *names[], int max)
{
	int i, n = 0;

	if (cfg->role == XMIP_ROLE_HOME_AGENT) {
		names[n++] = cfg->ha.home_link;
		for (i = 0; i < cfg->ha.n_interfaces && n < max; i++)
			names[n++] = cfg->ha.interfaces[i];
	} else {
		for (i = 0; i < cfg->mn.n_interfaces && n < max; i++)
			names[n++] = cfg->mn.interfaces[i];
		/* A veth receives redirected frames only with an XDP program on
		 * it: the tunnel interface gets one too (it passes them on). */
		if (n < max)
			names[n++] = cfg->mn.tunnel_interface;
	}
	return n;
}

static enum xmip_dp_role dp_role(const struct xmip_config *cfg)
{
	return cfg->role == XMIP_ROLE_HOME_AGENT ? XMIP_DP_ROLE_HA : XMIP_DP_ROLE_MN;
}

static int write_dp_config(struct dp_state *st, const struct xmip_config *cfg,
			   struct xmip_error *err)
{
	struct xmip_dp_config dc = { .role = dp_role(cfg), .flags = XMIP_DPF_ENABLED };
	__u32 zero = 0;

	dc.tunnel_ifindex = if_nametoindex(tunnel_interface(cfg));

	if (cfg->role == XMIP_ROLE_HOME_AGENT) {
		memcpy(dc.ha_addr6.bytes, &cfg->ha.address6, 16);
		dc.ha_addr4.v4 = cfg->ha.address4.s_addr;
		dc.home_ifindex = if_nametoindex(cfg->ha.home_link);
		dc.nat_keepalive_s = cfg->ha.nat_keepalive_s;
		if (tunif_mac(cfg->ha.home_link, dc.home_mac, err))
			return err->code;
	} else {
		char peer[IF_NAMESIZE];

		tunif_peer_name(cfg->mn.tunnel_interface, peer);
		if (mn_discovers_home_agent(&cfg->mn)) {
			/* Found through DNS: a reload keeps what was found. */
			struct xmip_dp_config was = { 0 };

			if (!bpf_map_lookup_elem(xmip_dp_map_fd(st->dp, XMIP_MAPID_CONFIG), &zero, &was)) {
				dc.ha_addr6 = was.ha_addr6;
				dc.ha_addr4 = was.ha_addr4;
			}
		} else {
			memcpy(dc.ha_addr6.bytes, &cfg->mn.home_agent6, 16);
			dc.ha_addr4.v4 = cfg->mn.home_agent4.s_addr;
		}
		dc.peer_ifindex = if_nametoindex(peer);
		if (tunif_mac(cfg->mn.tunnel_interface, dc.tunnel_mac, err))
			return err->code;
	}
	if (bpf_map_update_elem(xmip_dp_map_fd(st->dp, XMIP_MAPID_CONFIG), &zero, &dc, BPF_ANY))
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

/* TC egress on the tunnel interface: on the mobile node everything sent from
 * a home address, on the home agent everything the stack routes toward a
 * mobile node (its own packets, what XDP handed over) leaves through it. */
static int attach_tunnel_tc(struct dp_state *st, const struct xmip_config *cfg,
			    struct xmip_error *err)
{
	const char *name = tunnel_interface(cfg);
	struct dp_iface *slot = iface_slot(st, name);
	int ret = 0;

	if (!slot)
		return xmip_err(err, -E2BIG, "too many interfaces");
	if (slot->tc_egress)
		return 0;
	if (cfg->role == XMIP_ROLE_MOBILE_NODE)
		ret = tunif_add_address6(name, &cfg->mn.home_address6, 128, err);
	if (!ret)
		ret = xmip_dp_attach_tc(st->dp, name, err);
	if (ret)
		return ret;
	slot->tc_egress = true;
	log_info("%s: tunnel interface with TC egress program", name);
	return 0;
}

/* Attaches to every configured interface not attached yet. */
static int attach_all(struct dp_state *st, const struct xmip_config *cfg, struct xmip_error *err)
{
	const char *names[XMIP_MAX_IFACES + 1];
	int i, n = xdp_interfaces(cfg, names, XMIP_MAX_IFACES + 1), ret;

	ret = tunif_ensure(tunnel_interface(cfg), err);
	if (ret)
		return ret;
	if (cfg->role == XMIP_ROLE_HOME_AGENT) {
		ret = sysctl_prepare_home_agent(err);
		if (ret)
			return ret;
	}
	for (i = 0; i < n; i++) {
		struct dp_iface *slot = iface_slot(st, names[i]);
		enum xmip_xdp_attached mode;

		if (!slot)
			return xmip_err(err, -E2BIG, "too many interfaces");
		if (slot->xdp)
			continue;
		ret = xmip_dp_attach_xdp(st->dp, names[i], &mode, err);
		if (ret)
			return ret;
		slot->xdp = true;
		slot->xdp_generic = mode == XMIP_XDP_ATTACHED_GENERIC;
		log_info("%s: XDP program attached (%s mode)", names[i],
			 slot->xdp_generic ? "generic" : "native");
	}
	return attach_tunnel_tc(st, cfg, err);
}

int dp_setup(struct dp_state *st, const struct xmip_config *cfg, struct xmip_error *err)
{
	struct xmip_dp_opts opts = {
		.instance = cfg->instance,
		.role = dp_role(cfg),
		.max_bindings = cfg->max_bindings,
		.xdp_mode = cfg->xdp_mode,
	};
	int ret;

	memset(st, 0, sizeof(*st));
	ret = xmip_dp_open(&st->dp, &opts, err);
	if (ret)
		return ret;
	/* Settings last: they name interfaces attach_all() may create. */
	ret = attach_all(st, cfg, err);
	if (!ret)
		ret = write_dp_config(st, cfg, err);
	if (ret)
		dp_close(st);
	return ret;
}

static int still_configured(const struct xmip_config *cfg, const char *name)
{
	const char *names[XMIP_MAX_IFACES + 1];
	int i, n = xdp_interfaces(cfg, names, XMIP_MAX_IFACES + 1);

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return strcmp(tunnel_interface(cfg), name) == 0;
}

int dp_reapply(struct dp_state *st, const struct xmip_config *cfg, struct xmip_error *err)
{
	int i, ret;

	for (i = 0; i < st->n_ifaces; i++) {
		if (still_configured(cfg, st->ifaces[i].name))
			continue;
		ret = xmip_dp_detach(st->dp, st->ifaces[i].name, err);
		if (ret)
			log_warn("%s", err->msg);
		else
			log_info("%s: detached (no longer configured)", st->ifaces[i].name);
		st->ifaces[i--] = st->ifaces[--st->n_ifaces];
	}
	ret = attach_all(st, cfg, err);
	return ret ? ret : write_dp_config(st, cfg, err);
}

void dp_close(struct dp_state *st)
{
	xmip_dp_close(st->dp);
	st->dp = NULL;
}

int dp_cleanup(const struct xmip_config *cfg, struct xmip_error *err)
{
	const char *names[XMIP_MAX_IFACES + 1];
	int i, n = xdp_interfaces(cfg, names, XMIP_MAX_IFACES + 1), ret, first = 0;

	for (i = 0; i < n; i++) {
		ret = xmip_detach_interface(names[i], err);
		/* A vanished interface took its programs with it. */
		if (ret && ret != -ENODEV && !first)
			first = ret;
	}
	/* The routes into the tunnel interface go with it. */
	ret = tunif_remove(tunnel_interface(cfg), err);
	if (ret && !first)
		first = ret;
	ret = xmip_unpin_instance(cfg->instance, err);
	return first ? first : ret;
}
