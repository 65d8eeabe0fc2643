// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Where the mobile node's home addresses and prefixes live: on its tunnel
 * interface while away (the IPv4 home address and prefixes the BA grants,
 * RFC 5555 4.4.2, RFC 3963 6.7), on the home link at home (RFC 6275
 * 11.5.4); and a mobile router's forwarding. */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include "core/log.h"
#include "core/report.h"
#include "dsmip6/mn_addresses.h"
#include "dsmip6/mn_state.h"
#include "net/sysctl.h"

/* The bound IPv4 home address (a prefix is routed, never an address). */
const struct in_addr *mn_bound_hoa4(const struct mn_signal *s)
{
	return s->v4_bound && s->hoa4_len == 32 ? &s->hoa4 : NULL;
}

/* The IPv4 home address on the tunnel interface with its rule, or the
 * IPv4 mobile network prefix's rule alone (its hosts are behind us). */
static int ipv4_in_tunnel(const struct mn_signal *s, bool on, struct xmip_error *err)
{
	if (s->hoa4_len == 32)
		return mn_address_in_tunnel(s->cfg, AF_INET, &s->hoa4, on, err);
	return mn_prefix_in_tunnel(AF_INET, &s->hoa4, s->hoa4_len, on, err);
}

/* RFC 6275 11.5.4: back on the home link. The home addresses move there
 * before the deregistration, so the home agent's BA (and everything after
 * it) reaches them natively; the tunnel goes. */
void mn_arrive_home(struct mn_signal *s)
{
	struct xmip_error err = { 0 };

	log_notice("home link %s: deregistering", s->coa.ifname);
	if (xmip_mn_tunnel_clear(s->dp->dp, &err) ||
	    mn_addresses_home(s->cfg, s->coa.ifname, mn_bound_hoa4(s), &err) ||
	    (s->prefixes_routed && mn_prefixes_route(s->cfg, false, &err)) ||
	    (s->v4_bound && s->hoa4_len < 32 && ipv4_in_tunnel(s, false, &err)))
		log_err("at home: %s", err.msg);
	s->prefixes_routed = false;
	if (s->hoa4_len < 32)
		s->v4_bound = false;   /* asked for again when leaving */
	s->data_format = XMIP_TUN_NONE;
}

void mn_leave_home(struct mn_signal *s, const char *home_ifname)
{
	struct xmip_error err = { 0 };

	log_notice("left the home link %s", home_ifname);
	if (mn_addresses_away(s->cfg, home_ifname, mn_bound_hoa4(s), &err))
		log_err("leaving home: %s", err.msg);
}

/* RFC 5555 4.4.2: the IPv4 home address on the tunnel interface, and its
 * traffic into the tunnel. A dynamic one may change: the old one goes. */
void mn_bind_ipv4(struct mn_signal *s, const struct mh_ipv4_ack *ack)
{
	const char *what = s->cfg->has_v4_mnp ? "IPv4 mobile network prefix" : "IPv4 home address";
	bool dynamic = s->cfg->has_v4_mnp ? !s->cfg->v4_mnp.addr.s_addr
					     : !s->cfg->home_address4.s_addr;
	struct xmip_error err = { 0 };
	char text[IPV4_HOME_STRLEN];

	/* A failure's Pref-len is 0 (RFC 5555 3.2.1): the address alone. */
	ipv4_home_str(ack->addr, ack->status == XMIP_V4ACK_SUCCESS ? ack->prefix_len : 32, text,
		      sizeof(text));
	if (ack->status != XMIP_V4ACK_SUCCESS) {
		log_warn("%s %s refused (status %u): IPv6 only", what, text, ack->status);
		return;
	}
	if (s->v4_bound && s->hoa4.s_addr == ack->addr.s_addr && s->hoa4_len == ack->prefix_len)
		return;
	if (s->v4_bound) {
		ipv4_in_tunnel(s, false, &err);
		s->v4_bound = false;
	}
	s->hoa4 = ack->addr;
	s->hoa4_len = ack->prefix_len;
	if (ipv4_in_tunnel(s, true, &err)) {
		log_err("%s %s: %s", what, text, err.msg);
		return;
	}
	s->v4_bound = true;
	log_notice("%s %s%s", what, text, dynamic ? " (assigned by the home agent)" : "");
}

/* RFC 3963 6.7: with R in the BA the prefixes are the home agent's to
 * forward; their traffic goes into the tunnel from now on. */
void mn_bind_prefixes(struct mn_signal *s, const struct mh_msg *ba)
{
	struct xmip_error err = { 0 };

	if (!s->cfg->n_mnp6 || s->prefixes_routed)
		return;
	if (!(ba->ba.flags & MH_BA_F_R)) {
		log_warn("BA without R: the home agent does not serve this mobile router's prefixes");
		return;
	}
	if (mn_prefixes_route(s->cfg, true, &err)) {
		log_err("mobile network prefixes: %s", err.msg);
		return;
	}
	s->prefixes_routed = true;
	log_notice("mobile network prefixes routed through the home agent (%d)", s->cfg->n_mnp6);
}

/* A mobile router forwards for its networks (IPv4 too with an IPv4 prefix);
 * its access links keep taking router advertisements (accept_ra 2), which
 * IPv6 forwarding would turn off. */
int mn_prepare_mobile_router(const struct mn_config *mn, struct xmip_error *err)
{
	char path[128];
	int i;

	if (mn->has_v4_mnp && sysctl_write("net/ipv4/ip_forward", "1", err))
		return -1;
	if (!mn->n_mnp6)
		return 0;
	for (i = 0; i < mn->n_interfaces; i++) {
		snprintf(path, sizeof(path), "net/ipv6/conf/%s/accept_ra", mn->interfaces[i]);
		if (if_nametoindex(mn->interfaces[i]) && sysctl_write(path, "2", err))
			return -1;
	}
	return sysctl_write("net/ipv6/conf/all/forwarding", "1", err);
}
