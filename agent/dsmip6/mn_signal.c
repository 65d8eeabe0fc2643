// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000   /* linux/if.h: carrier; net/if.h lacks it */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include "dsmip6/mn_discovery.h"
#include "core/log.h"
#include "mh/mh.h"
#include "mh/mh_socket.h"
#include "dsmip6/mn_addresses.h"
#include "dsmip6/mn_bul.h"
#include "dsmip6/mn_signal.h"
#include "dsmip6/mn_tunnel.h"
#include "core/report.h"
#include "net/sysctl.h"

/* Movement settles this long before a new care-of address is chosen: one
 * move raises several link, address and route events. */
#define MOVE_SETTLE_US 20000ULL

struct care_of {
	int family;                  /* 0: none */
	bool home;                   /* on the home link: no care-of address */
	union xmip_addr addr;
	int ifindex;
	char ifname[IF_NAMESIZE];
};

struct mn_signal {
	const struct xmip_config *cfg;
	struct dp_state *dp;
	sd_event *ev;
	int fd;                      /* Mobility Header */
	int nl;                      /* rtnetlink events */
	sd_event_source *io, *nl_io, *timer, *settle;

	struct home_agent_address ha;
	bool ha_known;               /* configured, or found through DNS */
	char ha_name[XMIP_DNS_NAME_MAX];
	struct mn_discovery *discovery;

	struct mn_bul bul;           /* the home registration's entry */
	struct care_of coa;          /* of the BU in flight or bound */
	struct xmip_tunnel path;     /* the BU's way */
	uint8_t data_format;         /* the tunnel's, once accepted */
	bool v4_bound;
	struct in_addr hoa4;
	uint8_t hoa4_len;            /* 32, or an IPv4 mobile network prefix's */
	bool prefixes_routed;        /* a mobile router's, into the tunnel */
};

static uint64_t now_us(const struct mn_signal *s)
{
	uint64_t usec = 0;

	sd_event_now(s->ev, CLOCK_MONOTONIC, &usec);
	return usec;
}

/* The one timer follows the list entry's due time. */
static void arm_timer(struct mn_signal *s)
{
	if (!s->bul.due_us) {
		sd_event_source_set_enabled(s->timer, SD_EVENT_OFF);
		return;
	}
	sd_event_source_set_time(s->timer, s->bul.due_us);
	sd_event_source_set_enabled(s->timer, SD_EVENT_ONESHOT);
}

static bool configured_interface(const struct mn_config *mn, const char *name)
{
	int i;

	for (i = 0; i < mn->n_interfaces; i++)
		if (!strcmp(mn->interfaces[i], name))
			return true;
	return false;
}

/* A care-of address is usable once its link routes to the home agent: a BU
 * sent before the access router's route is there would be lost, and the
 * next try is a second away. */
static bool routes_to_home_agent(const struct home_agent_address *ha, int family, const char *ifname)
{
	struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6, .sin6_port = htons(XMIP_PORT_DSMIP),
				    .sin6_addr = ha->addr6 };
	struct sockaddr_in sa4 = { .sin_family = AF_INET, .sin_port = htons(XMIP_PORT_DSMIP),
				   .sin_addr = ha->addr4 };
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		return true;   /* cannot tell: let the BU try */
	ok = !setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) &&
	     !(family == AF_INET6 ? connect(fd, (struct sockaddr *)&sa6, sizeof(sa6))
				  : connect(fd, (struct sockaddr *)&sa4, sizeof(sa4)));
	close(fd);
	return ok;
}

/* Up, with carrier (IFF_LOWER_UP): set the moment the link has it. Not
 * IFF_RUNNING, the operational state, which the kernel's link watcher sets
 * later, up to a second after a link came up (measured by bench/handover.sh:
 * a move to an IPv4 network waited that second). */
static bool link_has_carrier(unsigned int flags)
{
	return (flags & IFF_UP) && (flags & IFF_LOWER_UP);
}

/*
 * RFC 5555 4.4.1: an IPv6 care-of address when a configured access link
 * that is up has a global one (unless IPv6 went unanswered before), else
 * an IPv4 one; only links with a route to the home agent count. An
 * address inside the home prefix means the node is at home (RFC 6275
 * 11.5.4), which wins over both. Link-local and the home address
 * itself (moved to the home link by us) never are care-of addresses.
 */
static struct care_of select_care_of(const struct mn_signal *s)
{
	const struct mn_config *mn = &s->cfg->mn;
	struct care_of v6 = { 0 }, v4 = { 0 }, home = { 0 };
	struct ifaddrs *list, *i;

	if (getifaddrs(&list))
		return v6;
	for (i = list; i; i = i->ifa_next) {
		struct care_of *c;

		if (!i->ifa_addr || !link_has_carrier(i->ifa_flags) ||
		    !configured_interface(mn, i->ifa_name))
			continue;
		if (i->ifa_addr->sa_family == AF_INET6) {
			const struct in6_addr *a = &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;

			if (IN6_IS_ADDR_LINKLOCAL(a))
				continue;
			c = prefix6_contains(&mn->home_prefix6, a) ? &home : &v6;
			if (c->family || !routes_to_home_agent(&s->ha, AF_INET6, i->ifa_name))
				continue;
			memcpy(c->addr.bytes, a, 16);
			c->home = c == &home;
		} else if (i->ifa_addr->sa_family == AF_INET && !v4.family && s->ha.has_addr4 &&
			   (!s->v4_bound || ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr != s->hoa4.s_addr) &&
			   routes_to_home_agent(&s->ha, AF_INET, i->ifa_name)) {
			c = &v4;
			c->addr.v4 = ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr;
		} else {
			continue;
		}
		c->family = i->ifa_addr->sa_family;
		c->ifindex = (int)if_nametoindex(i->ifa_name);
		snprintf(c->ifname, sizeof(c->ifname), "%s", i->ifa_name);
	}
	freeifaddrs(list);
	if (home.family)
		return home;
	if (v6.family && !(s->bul.fallback_v4 && v4.family))
		return v6;
	return v4;
}

/* At home only the link matters: the home link holds several addresses
 * of the home prefix once the home address joins them. */
static bool same_care_of(const struct care_of *a, const struct care_of *b)
{
	if (a->home || b->home)
		return a->home == b->home && a->ifindex == b->ifindex;
	return a->family == b->family && a->ifindex == b->ifindex && !memcmp(&a->addr, &b->addr, 16);
}

/* The BU's way from care-of address c: natively with the home address
 * option from IPv6, in UDP 4191 from IPv4 (RFC 5555 4.2). */
static struct xmip_tunnel path_from(const struct mn_signal *s, const struct care_of *c)
{
	struct xmip_tunnel t = { .local = c->addr, .ifindex = (uint32_t)c->ifindex, .binding_id = 1 };

	if (c->family == AF_INET6) {
		t.format = XMIP_TUN_IP6;
		memcpy(t.remote.bytes, &s->ha.addr6, 16);
	} else {
		t.format = XMIP_TUN_UDP4;
		t.remote.v4 = s->ha.addr4.s_addr;
		t.local_port = htons(XMIP_PORT_DSMIP);
		t.remote_port = htons(XMIP_PORT_DSMIP);
	}
	return t;
}

/* The BU the list entry asks for: its number and flags, lifetime 0 when
 * deregistering from the home link, the options of RFC 5555 and 3963. */
static void build_bu(const struct mn_signal *s, struct mh_msg *bu)
{
	const struct mn_config *mn = &s->cfg->mn;
	int i;

	*bu = (struct mh_msg){ .type = XMIP_MH_BU };
	bu->bu.seq = s->bul.seq;
	bu->bu.flags = s->bul.flags;
	bu->bu.lifetime = s->bul.deregistering ? 0 : (uint16_t)(mn->lifetime_s / 4);
	if (mn->id[0]) {
		bu->opt.has_mn_id = true;
		bu->opt.mn_id_subtype = MH_MN_ID_NAI;
		bu->opt.mn_id_len = (uint8_t)strlen(mn->id);
		snprintf(bu->opt.mn_id, sizeof(bu->opt.mn_id), "%s", mn->id);
	}
	if (s->bul.deregistering)
		return;
	if (mn->has_home_address4 || mn->has_v4_mnp) {
		struct mh_ipv4_hoa *h = &bu->opt.ipv4_hoa[bu->opt.n_ipv4_hoa++];

		/* 0.0.0.0 asks for a dynamic one; once given, keep asking
		 * for that one (RFC 5555 4.4.2). */
		if (s->v4_bound)
			*h = (struct mh_ipv4_hoa){ .prefix_len = s->hoa4_len, .addr = s->hoa4 };
		else if (mn->has_v4_mnp)
			*h = (struct mh_ipv4_hoa){ .prefix_len = mn->v4_mnp.len, .addr = mn->v4_mnp.addr };
		else
			*h = (struct mh_ipv4_hoa){ .prefix_len = 32, .addr = mn->home_address4 };
		/* P on every BU of a prefix: refreshes ignore it (3.1.1), and a
		 * home agent that lost the binding sees the request again. */
		h->p = mn->has_v4_mnp;
	}
	if (s->coa.family == AF_INET) {
		bu->opt.has_ipv4_coa = true;
		bu->opt.ipv4_coa.s_addr = s->coa.addr.v4;
	} else if (s->coa.family == AF_INET6) {
		/* RFC 6275 11.7.1: in every home registration, since ESP does
		 * not cover the IPv6 source the care-of address travels in. */
		bu->opt.has_alt_coa = true;
		memcpy(&bu->opt.alt_coa, s->coa.addr.bytes, 16);
	}
	/* Explicit mode (RFC 3963 6.1.2): the prefixes are named. */
	for (i = 0; i < mn->n_mnp6 && i < MH_MAX_MNP; i++)
		bu->opt.mnp[bu->opt.n_mnp++] = (struct mh_prefix6){ .len = mn->mnp6[i].len,
								     .prefix = mn->mnp6[i].addr };
}

/* Sends the BU the list entry just decided on (mn_bul_register, _resend,
 * _deregister) and arms the timer. */
static void send_bu(struct mn_signal *s)
{
	const struct mn_config *mn = &s->cfg->mn;
	struct xmip_error err = { 0 };
	struct mh_msg bu;
	uint8_t buf[MH_MAX_LEN];
	int len, ret;

	build_bu(s, &bu);
	/* From a care-of address the BU goes the new way (the signalling
	 * path entry) while data keeps the old one until the BA (RFC 5555
	 * 5.1); from the home link it goes natively. */
	if (!s->coa.home && xmip_mn_signal_path_update(s->dp->dp, &s->path, &err)) {
		log_err("BU: %s", err.msg);
		arm_timer(s);
		return;
	}
	len = mh_encode(&bu, &mn->home_address6, &s->ha.addr6, buf, sizeof(buf));
	ret = len < 0 ? -EINVAL : mh_socket_send(s->fd, buf, (size_t)len, &mn->home_address6,
						  &s->ha.addr6, 0);
	if (ret)
		log_warn("sending the BU: %s", strerror(-ret));
	else
		log_info("BU %u%s sent from %s (try %d, next in %u s)", s->bul.seq,
			 s->bul.deregistering ? " (deregistration)" : "", s->coa.ifname, s->bul.tries,
			 s->bul.timeout_s);
	arm_timer(s);
}

/* A new registration (or deregistration, at home) from where we are. */
static void register_now(struct mn_signal *s)
{
	if (s->coa.home) {
		mn_bul_deregister(&s->bul, now_us(s));
	} else {
		s->path = path_from(s, &s->coa);
		mn_bul_register(&s->bul, now_us(s));
	}
	send_bu(s);
}

/* The bound IPv4 home address (a prefix is routed, never an address). */
static const struct in_addr *bound_hoa4(const struct mn_signal *s)
{
	return s->v4_bound && s->hoa4_len == 32 ? &s->hoa4 : NULL;
}

/* The IPv4 home address on the tunnel interface with its rule, or the
 * IPv4 mobile network prefix's rule alone (its hosts are behind us). */
static int ipv4_in_tunnel(const struct mn_signal *s, bool on, struct xmip_error *err)
{
	if (s->hoa4_len == 32)
		return mn_address_in_tunnel(&s->cfg->mn, AF_INET, &s->hoa4, on, err);
	return mn_prefix_in_tunnel(AF_INET, &s->hoa4, s->hoa4_len, on, err);
}

/* RFC 6275 11.5.4: back on the home link. The home addresses move there
 * before the deregistration, so the home agent's BA (and everything after
 * it) reaches them natively; the tunnel goes. */
static void arrive_home(struct mn_signal *s)
{
	struct xmip_error err = { 0 };

	log_notice("home link %s: deregistering", s->coa.ifname);
	if (xmip_mn_tunnel_clear(s->dp->dp, &err) ||
	    mn_addresses_home(&s->cfg->mn, s->coa.ifname, bound_hoa4(s), &err) ||
	    (s->prefixes_routed && mn_prefixes_route(&s->cfg->mn, false, &err)) ||
	    (s->v4_bound && s->hoa4_len < 32 && ipv4_in_tunnel(s, false, &err)))
		log_err("at home: %s", err.msg);
	s->prefixes_routed = false;
	if (s->hoa4_len < 32)
		s->v4_bound = false;   /* asked for again when leaving */
	s->data_format = XMIP_TUN_NONE;
}

static void leave_home(struct mn_signal *s, const char *home_ifname)
{
	struct xmip_error err = { 0 };

	log_notice("left the home link %s", home_ifname);
	if (mn_addresses_away(&s->cfg->mn, home_ifname, bound_hoa4(s), &err))
		log_err("leaving home: %s", err.msg);
}

/* Chooses where the node is again; false when that is where it was. */
static bool reselect(struct mn_signal *s)
{
	struct care_of c, was = s->coa;
	char text[INET6_ADDRSTRLEN];

	if (!s->ha_known)
		return false;   /* nowhere to register yet */
	c = select_care_of(s);
	if (same_care_of(&c, &s->coa))
		return false;
	s->coa = c;
	if (was.home && !c.home)
		leave_home(s, was.ifname);
	if (!c.family) {
		if (was.family)
			log_notice("no care-of address: every access link is down");
		mn_bul_stop(&s->bul);
		arm_timer(s);
		return true;
	}
	if (c.home) {
		if (!was.home)
			arrive_home(s);
	} else {
		inet_ntop(c.family, c.addr.bytes, text, sizeof(text));
		log_notice("care-of address %s on %s", text, c.ifname);
	}
	register_now(s);
	return true;
}

void mn_signal_protection_ready(void *ctx)
{
	struct mn_signal *s = ctx;

	if (s->bul.state != MN_BUL_WAITING)
		return;
	log_info("the BU's SA is up: BU %u again now", s->bul.seq);
	mn_bul_resend(&s->bul, now_us(s));
	send_bu(s);
}

static int on_timer(sd_event_source *src, uint64_t usec, void *userdata)
{
	struct mn_signal *s = userdata;

	(void)src;
	switch (mn_bul_due(&s->bul, usec, s->coa.family == AF_INET6 && !s->coa.home)) {
	case MN_BUL_NOTHING:
		break;
	case MN_BUL_FALL_BACK:
		log_notice("no BA after %d BUs over IPv6: IPv4 care-of addresses preferred now",
			   s->bul.tries);
		if (reselect(s))
			break;
		/* No IPv4 care-of address: keep trying IPv6. */
		/* fall through */
	case MN_BUL_RESEND:
		/* Unanswered for a minute: maybe DNS names another home agent now. */
		if (s->discovery && s->bul.timeout_s >= XMIP_MAX_BINDACK_TIMEOUT)
			mn_discovery_again(s->discovery);
		mn_bul_resend(&s->bul, usec);
		send_bu(s);
		break;
	case MN_BUL_REREGISTER:
		if (s->coa.family)
			register_now(s);
		break;
	}
	return 0;
}

/* RFC 5555 4.4.2: the IPv4 home address on the tunnel interface, and its
 * traffic into the tunnel. A dynamic one may change: the old one goes. */
static void bind_ipv4(struct mn_signal *s, const struct mh_ipv4_ack *ack)
{
	const char *what = s->cfg->mn.has_v4_mnp ? "IPv4 mobile network prefix" : "IPv4 home address";
	bool dynamic = s->cfg->mn.has_v4_mnp ? !s->cfg->mn.v4_mnp.addr.s_addr
					     : !s->cfg->mn.home_address4.s_addr;
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
static void bind_prefixes(struct mn_signal *s, const struct mh_msg *ba)
{
	struct xmip_error err = { 0 };

	if (!s->cfg->mn.n_mnp6 || s->prefixes_routed)
		return;
	if (!(ba->ba.flags & MH_BA_F_R)) {
		log_warn("BA without R: the home agent does not serve this mobile router's prefixes");
		return;
	}
	if (mn_prefixes_route(&s->cfg->mn, true, &err)) {
		log_err("mobile network prefixes: %s", err.msg);
		return;
	}
	s->prefixes_routed = true;
	log_notice("mobile network prefixes routed through the home agent (%d)", s->cfg->mn.n_mnp6);
}

static void accepted(struct mn_signal *s, const struct mh_msg *ba)
{
	struct xmip_tunnel data = s->path;
	struct xmip_error err = { 0 };

	data.format = mn_bul_data_format(s->path.format, ba);
	if (data.format != s->path.format)
		data.local_port = data.remote_port = 0;
	if (mn_tunnel_apply(s->dp->dp, &data, &err)) {
		log_err("tunnel: %s; trying again in %u s", err.msg, MN_BUL_RETRY_AFTER_REFUSAL_S);
		mn_bul_apply_failed(&s->bul, now_us(s));
		return;
	}
	s->data_format = data.format;
	log_notice("registered: %s via %s, lifetime %u s, refresh in %u s",
		   tunnel_format_name(data.format), s->coa.ifname, s->bul.lifetime_s, s->bul.refresh_s);
	if (ba->opt.has_ipv4_ack)
		bind_ipv4(s, &ba->opt.ipv4_ack);
	bind_prefixes(s, ba);
}

static void handle_ba(struct mn_signal *s, const struct mh_msg *ba)
{
	switch (mn_bul_on_ba(&s->bul, ba, now_us(s))) {
	case MN_BUL_BA_IGNORED:
		log_debug("BA %u ignored (waiting for %u)", ba->ba.seq, s->bul.seq);
		return;
	case MN_BUL_BA_RESTART:
		if (ba->ba.status == XMIP_BA_F_FLAG_NOT_ALLOWED)
			log_warn("home agent refuses forced UDP (status 144): registering without");
		else
			log_info("BA: sequence out of window, continuing after %u", ba->ba.seq);
		register_now(s);
		return;
	case MN_BUL_BA_REFUSED:
		log_warn("BA: %s (%u); trying again in %u s", mh_ba_status_name(ba->ba.status),
			 ba->ba.status, MN_BUL_RETRY_AFTER_REFUSAL_S);
		break;
	case MN_BUL_BA_HOME:
		log_notice("at home: deregistered (%s)", mh_ba_status_name(ba->ba.status));
		break;
	case MN_BUL_BA_ACCEPTED:
		accepted(s, ba);
		break;
	}
	arm_timer(s);
}

static int on_readable(sd_event_source *src, int fd, uint32_t revents, void *userdata)
{
	struct mn_signal *s = userdata;
	uint8_t buf[MH_MAX_LEN + 1];
	struct mh_received rx;
	struct mh_msg m;
	int i;

	(void)src;
	(void)revents;
	for (i = 0; i < 64 && mh_socket_recv(fd, buf, sizeof(buf) - 1, &rx) == 0; i++) {
		enum mh_result r = rx.len > MH_MAX_LEN ? MH_ERR_TRUNCATED
						       : mh_decode(buf, rx.len, &rx.src, &rx.dst, &m);

		if (r != MH_OK) {
			log_info("mobility message dropped: %s", mh_result_name(r));
			continue;
		}
		if (m.type == XMIP_MH_BA && s->ha_known && !memcmp(&rx.src, &s->ha.addr6, 16))
			handle_ba(s, &m);
		else if (m.type == XMIP_MH_BRR && s->bul.state == MN_BUL_REGISTERED)
			register_now(s);   /* RFC 6275 11.7.4 */
	}
	return 0;
}

static int on_settled(sd_event_source *src, uint64_t usec, void *userdata)
{
	(void)src;
	(void)usec;
	(void)reselect(userdata);
	return 0;
}

static int on_netlink(sd_event_source *src, int fd, uint32_t revents, void *userdata)
{
	struct mn_signal *s = userdata;
	char buf[8192];

	(void)src;
	(void)revents;
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
	sd_event_source_set_time(s->settle, now_us(s) + MOVE_SETTLE_US);
	sd_event_source_set_enabled(s->settle, SD_EVENT_ONESHOT);
	return 0;
}

static int open_netlink(struct xmip_error *err)
{
	/* Routes too: an access link is usable once it routes to the home
	 * agent, which may come after its address. */
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR |
					       RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return xmip_err(err, -e, "rtnetlink events: %s", strerror(e));
	}
	return fd;
}

/* A mobile router forwards for its networks (IPv4 too with an IPv4 prefix);
 * its access links keep taking router advertisements (accept_ra 2), which
 * IPv6 forwarding would turn off. */
static int prepare_mobile_router(const struct mn_config *mn, struct xmip_error *err)
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

static bool same_home_agent(const struct home_agent_address *a, const struct home_agent_address *b)
{
	return !memcmp(&a->addr6, &b->addr6, 16) && a->has_addr4 == b->has_addr4 &&
	       (!a->has_addr4 || a->addr4.s_addr == b->addr4.s_addr);
}

/* DNS named the home agent (RFC 5555 2.1): the data plane learns it, and
 * the node registers with it from where it is. */
static void home_agent_found(void *ctx, const struct home_agent_address *ha, const char *name)
{
	struct mn_signal *s = ctx;
	char a6[INET6_ADDRSTRLEN], a4[INET_ADDRSTRLEN] = "";
	struct xmip_error err = { 0 };
	bool first = !s->ha_known;

	snprintf(s->ha_name, sizeof(s->ha_name), "%s", name);
	if (s->ha_known && same_home_agent(ha, &s->ha))
		return;
	inet_ntop(AF_INET6, &ha->addr6, a6, sizeof(a6));
	if (ha->has_addr4)
		inet_ntop(AF_INET, &ha->addr4, a4, sizeof(a4));
	log_notice("home agent %s: %s%s%s", name, a6, a4[0] ? ", " : " (no IPv4 address)", a4);
	if (dp_set_home_agent(s->dp, &ha->addr6, ha->has_addr4 ? &ha->addr4 : NULL, &err)) {
		log_err("home agent %s: %s", name, err.msg);
		return;
	}
	s->ha = *ha;
	s->ha_known = true;
	if (first)
		(void)reselect(s);
	else if (s->coa.family && !s->coa.home)
		register_now(s);   /* another home agent: start over with it */
}

/* The configured home agent, or DNS asked for it. */
static int find_home_agent(struct mn_signal *s, struct xmip_error *err)
{
	const struct mn_config *mn = &s->cfg->mn;

	if (mn_discovers_home_agent(mn))
		return mn_discovery_start(&s->discovery, s->ev, mn, home_agent_found, s, err);
	s->ha = (struct home_agent_address){ .addr6 = mn->home_agent6, .addr4 = mn->home_agent4,
					     .has_addr4 = mn->has_home_agent4 };
	s->ha_known = true;
	return 0;
}

int mn_signal_start(struct mn_signal **out, sd_event *ev, const struct xmip_config *cfg,
		    struct dp_state *dp, struct xmip_error *err)
{
	struct mn_signal *s = calloc(1, sizeof(*s));
	int ret;

	if (!s)
		return xmip_err(err, -ENOMEM, "out of memory");
	s->cfg = cfg;
	s->dp = dp;
	s->ev = ev;
	s->fd = s->nl = -1;
	/* A random start: a restarted node should not reuse old numbers. */
	mn_bul_init(&s->bul, (uint16_t)(now_us(s) ^ (uint64_t)getpid()), cfg->mn.force_udp,
		    cfg->mn.n_mnp6 > 0);
	ret = mn_addresses_prepare(&cfg->mn, err);
	if (!ret)
		ret = mn_addresses_away(&cfg->mn, NULL, NULL, err);
	if (!ret)
		ret = prepare_mobile_router(&cfg->mn, err);
	if (!ret)
		ret = find_home_agent(s, err);
	if (!ret)
		ret = s->fd = mh_socket_open(&cfg->mn.home_address6, err);
	if (ret >= 0)
		ret = s->nl = open_netlink(err);
	if (ret >= 0)
		ret = sd_event_add_io(ev, &s->io, s->fd, EPOLLIN, on_readable, s);
	if (ret >= 0)
		ret = sd_event_add_io(ev, &s->nl_io, s->nl, EPOLLIN, on_netlink, s);
	if (ret >= 0)
		ret = sd_event_add_time(ev, &s->timer, CLOCK_MONOTONIC, 0, 0, on_timer, s);
	if (ret >= 0)
		ret = sd_event_add_time(ev, &s->settle, CLOCK_MONOTONIC, 0, 0, on_settled, s);
	if (ret < 0) {
		if (!err->msg[0])
			xmip_err(err, ret, "signalling: %s", strerror(-ret));
		mn_signal_stop(s);
		return ret;
	}
	sd_event_source_set_enabled(s->timer, SD_EVENT_OFF);
	/* The first selection, from the loop. */
	sd_event_source_set_enabled(s->settle, SD_EVENT_ONESHOT);
	*out = s;
	return 0;
}

void mn_signal_stop(struct mn_signal *s)
{
	if (!s)
		return;
	sd_event_source_disable_unref(s->io);
	sd_event_source_disable_unref(s->nl_io);
	sd_event_source_disable_unref(s->timer);
	sd_event_source_disable_unref(s->settle);
	mn_discovery_stop(s->discovery);
	if (s->fd >= 0)
		close(s->fd);
	if (s->nl >= 0)
		close(s->nl);
	free(s);
}

struct json_object *mn_signal_report(void *ctx, const char *args)
{
	struct mn_signal *s = ctx;
	struct json_object *o = json_object_new_object();
	char text[INET6_ADDRSTRLEN] = "";

	(void)args;
	if (s->coa.family && !s->coa.home)
		inet_ntop(s->coa.family, s->coa.addr.bytes, text, sizeof(text));
	json_object_object_add(o, "care_of_address", json_object_new_string(text));
	json_object_object_add(o, "interface", json_object_new_string(s->coa.ifname));
	json_object_object_add(o, "state", json_object_new_string(
		s->ha_known ? mn_bul_state_name(s->bul.state) : "discovering"));
	if (s->ha_known)
		inet_ntop(AF_INET6, &s->ha.addr6, text, sizeof(text));
	json_object_object_add(o, "home_agent", json_object_new_string(s->ha_known ? text : ""));
	if (s->ha_known && s->ha.has_addr4) {
		inet_ntop(AF_INET, &s->ha.addr4, text, sizeof(text));
		json_object_object_add(o, "home_agent4", json_object_new_string(text));
	}
	if (s->ha_name[0])
		json_object_object_add(o, "home_agent_name", json_object_new_string(s->ha_name));
	json_object_object_add(o, "sequence", json_object_new_int(s->bul.seq));
	json_object_object_add(o, "tries", json_object_new_int(s->bul.tries));
	if (s->bul.state == MN_BUL_REFUSED)
		json_object_object_add(o, "refused", json_object_new_string(
			mh_ba_status_name(s->bul.last_status)));
	json_object_object_add(o, "lifetime", json_object_new_int64(s->bul.lifetime_s));
	json_object_object_add(o, "format", json_object_new_string(tunnel_format_name(s->data_format)));
	if (s->v4_bound)
		report_ipv4_home(o, s->hoa4, s->hoa4_len);
	if (s->cfg->mn.n_mnp6)
		json_object_object_add(o, "prefixes_routed", json_object_new_boolean(s->prefixes_routed));
	return o;
}
