// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include "log.h"
#include "mh.h"
#include "mh_socket.h"
#include "mn_signal.h"
#include "mn_tunnel.h"
#include "policy_route.h"
#include "report.h"
#include "tunif.h"

/* RFC 5555 4.4.1: after this many unanswered BUs from an IPv6 care-of
 * address, try the IPv4 one. */
#define TRIES_BEFORE_FALLBACK 3
/* Movement settles this long before a new care-of address is chosen: one
 * move raises several link and address events. */
#define MOVE_SETTLE_US 20000ULL

struct care_of {
	int family;                  /* 0: none */
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
	sd_event_source *io, *nl_io, *retransmit, *refresh, *settle;

	/* The binding update list entry of the home registration. */
	struct care_of coa;          /* of the BU in flight or bound */
	struct xmip_tunnel path;     /* the BU's way */
	uint8_t data_format;         /* the tunnel's, once accepted */
	uint16_t seq;
	bool waiting;                /* a BU is unanswered */
	bool registered;
	bool fallback_v4;            /* IPv6 gave no answer: stay on IPv4 */
	bool force_udp;
	int tries;
	unsigned timeout_s;
	uint32_t lifetime_s;         /* granted */
	uint32_t refresh_s;
	bool v4_bound;
	struct in_addr hoa4;
};

static uint64_t now_us(const struct mn_signal *s)
{
	uint64_t usec = 0;

	sd_event_now(s->ev, CLOCK_MONOTONIC, &usec);
	return usec;
}

static void arm(struct mn_signal *s, sd_event_source *src, uint64_t delay_us)
{
	sd_event_source_set_time(src, now_us(s) + delay_us);
	sd_event_source_set_enabled(src, SD_EVENT_ONESHOT);
}

static bool configured_interface(const struct mn_config *mn, const char *name)
{
	int i;

	for (i = 0; i < mn->n_interfaces; i++)
		if (!strcmp(mn->interfaces[i], name))
			return true;
	return false;
}

/*
 * RFC 5555 4.4.1: an IPv6 care-of address when a configured access link
 * that is up has a global one (unless IPv6 went unanswered before), else
 * an IPv4 one. Link-local and the home addresses never count.
 */
static struct care_of select_care_of(const struct mn_signal *s)
{
	struct care_of v6 = { 0 }, v4 = { 0 };
	struct ifaddrs *list, *i;

	if (getifaddrs(&list))
		return v6;
	for (i = list; i; i = i->ifa_next) {
		struct care_of *c;

		if (!i->ifa_addr || !(i->ifa_flags & IFF_UP) || !(i->ifa_flags & IFF_RUNNING) ||
		    !configured_interface(&s->cfg->mn, i->ifa_name))
			continue;
		if (i->ifa_addr->sa_family == AF_INET6) {
			const struct in6_addr *a = &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;

			if (IN6_IS_ADDR_LINKLOCAL(a) || v6.family ||
			    !memcmp(a, &s->cfg->mn.home_address6, sizeof(*a)))
				continue;
			c = &v6;
			memcpy(c->addr.bytes, a, 16);
		} else if (i->ifa_addr->sa_family == AF_INET && !v4.family && s->cfg->mn.has_home_agent4) {
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
	if (v6.family && !(s->fallback_v4 && v4.family))
		return v6;
	return v4;
}

static bool same_care_of(const struct care_of *a, const struct care_of *b)
{
	return a->family == b->family && a->ifindex == b->ifindex && !memcmp(&a->addr, &b->addr, 16);
}

/* The BU's way from care-of address c: natively with the home address
 * option from IPv6, in UDP 4191 from IPv4 (RFC 5555 4.2). */
static struct xmip_tunnel path_from(const struct mn_signal *s, const struct care_of *c)
{
	struct xmip_tunnel t = { .local = c->addr, .ifindex = (uint32_t)c->ifindex, .binding_id = 1 };

	if (c->family == AF_INET6) {
		t.format = XMIP_TUN_IP6;
		memcpy(t.remote.bytes, &s->cfg->mn.home_agent6, 16);
	} else {
		t.format = XMIP_TUN_UDP4;
		t.remote.v4 = s->cfg->mn.home_agent4.s_addr;
		t.local_port = htons(XMIP_PORT_DSMIP);
		t.remote_port = htons(XMIP_PORT_DSMIP);
	}
	return t;
}

static void send_bu(struct mn_signal *s)
{
	const struct mn_config *mn = &s->cfg->mn;
	struct mh_msg bu = { .type = XMIP_MH_BU };
	struct xmip_error err = { 0 };
	uint8_t buf[MH_MAX_LEN];
	int len, ret;

	/* Every BU, a retransmission too, takes a new number (RFC 6275
	 * 11.8): the home agent refuses an old one with 135. */
	bu.bu.seq = ++s->seq;
	bu.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H | (s->force_udp ? XMIP_BU_F_F : 0);
	bu.bu.lifetime = (uint16_t)(mn->lifetime_s / 4);
	if (mn->id[0]) {
		bu.opt.has_mn_id = true;
		bu.opt.mn_id_subtype = MH_MN_ID_NAI;
		bu.opt.mn_id_len = (uint8_t)strlen(mn->id);
		snprintf(bu.opt.mn_id, sizeof(bu.opt.mn_id), "%s", mn->id);
	}
	if (mn->has_home_address4) {
		bu.opt.n_ipv4_hoa = 1;
		bu.opt.ipv4_hoa[0] = (struct mh_ipv4_hoa){ .prefix_len = 32, .addr = mn->home_address4 };
	}
	if (s->coa.family == AF_INET) {
		bu.opt.has_ipv4_coa = true;
		bu.opt.ipv4_coa.s_addr = s->coa.addr.v4;
	}
	if (xmip_mn_signal_path_update(s->dp->dp, &s->path, &err)) {
		log_err("BU: %s", err.msg);
		return;
	}
	len = mh_encode(&bu, &mn->home_address6, &mn->home_agent6, buf, sizeof(buf));
	ret = len < 0 ? -EINVAL : mh_socket_send(s->fd, buf, (size_t)len, &mn->home_address6,
						  &mn->home_agent6, 0);
	if (ret)
		log_warn("sending the BU: %s", strerror(-ret));
	else
		log_info("BU %u sent from %s (try %d, next in %u s)", s->seq, s->coa.ifname, s->tries + 1,
			 s->timeout_s);
	s->tries++;
	s->waiting = true;
	arm(s, s->retransmit, (uint64_t)s->timeout_s * 1000000);
}

/* A new registration from the current care-of address. */
static void register_now(struct mn_signal *s)
{
	s->tries = 0;
	s->timeout_s = XMIP_INITIAL_BINDACK_TIMEOUT;
	s->path = path_from(s, &s->coa);
	send_bu(s);
}

static void reselect(struct mn_signal *s)
{
	struct care_of c = select_care_of(s);
	char text[INET6_ADDRSTRLEN];

	if (!c.family) {
		if (s->coa.family)
			log_notice("no care-of address: every access link is down");
		s->coa = c;
		sd_event_source_set_enabled(s->retransmit, SD_EVENT_OFF);
		s->waiting = false;
		return;
	}
	if (same_care_of(&c, &s->coa))
		return;
	inet_ntop(c.family, c.addr.bytes, text, sizeof(text));
	log_notice("care-of address %s on %s", text, c.ifname);
	s->coa = c;
	register_now(s);
}

static int on_retransmit(sd_event_source *src, uint64_t usec, void *userdata)
{
	struct mn_signal *s = userdata;

	(void)src;
	(void)usec;
	if (!s->waiting)
		return 0;
	if (s->coa.family == AF_INET6 && s->tries >= TRIES_BEFORE_FALLBACK && !s->fallback_v4) {
		s->fallback_v4 = true;
		if (select_care_of(s).family == AF_INET) {
			log_notice("no BA after %d BUs over IPv6: trying the IPv4 care-of address", s->tries);
			reselect(s);
			return 0;
		}
	}
	s->timeout_s = s->timeout_s * 2 > XMIP_MAX_BINDACK_TIMEOUT ? XMIP_MAX_BINDACK_TIMEOUT
								    : s->timeout_s * 2;
	send_bu(s);
	return 0;
}

static int on_refresh(sd_event_source *src, uint64_t usec, void *userdata)
{
	struct mn_signal *s = userdata;

	(void)src;
	(void)usec;
	if (!s->waiting && s->coa.family)
		register_now(s);
	return 0;
}

/* RFC 5555 4.4.2: the IPv4 home address on the tunnel interface, and its
 * traffic into the tunnel. */
static void bind_ipv4(struct mn_signal *s, const struct mh_ipv4_ack *ack)
{
	struct xmip_error err = { 0 };
	char text[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &ack->addr, text, sizeof(text));
	if (ack->status != XMIP_V4ACK_SUCCESS) {
		log_warn("IPv4 home address %s refused (status %u): IPv6 only", text, ack->status);
		return;
	}
	if (s->v4_bound && s->hoa4.s_addr == ack->addr.s_addr)
		return;
	if (tunif_add_address(s->cfg->mn.tunnel_interface, AF_INET, &ack->addr, 32, &err) ||
	    policy_rule(AF_INET, 0, &ack->addr, XMIP_RT_TABLE, &err)) {
		log_err("IPv4 home address %s: %s", text, err.msg);
		return;
	}
	s->v4_bound = true;
	s->hoa4 = ack->addr;
	log_notice("IPv4 home address %s", text);
}

static void accepted(struct mn_signal *s, const struct mh_msg *ba)
{
	struct xmip_tunnel data = s->path;
	struct xmip_error err = { 0 };
	uint32_t refresh;

	/* From IPv4, the NAT detection option's F bit says UDP; without
	 * it, plain IPv4 (RFC 5555 4.2). */
	if (data.format == XMIP_TUN_UDP4 && !(ba->opt.has_nat_detect && ba->opt.nat_f)) {
		data.format = XMIP_TUN_IP4;
		data.local_port = data.remote_port = 0;
	}
	if (mn_tunnel_apply(s->dp->dp, &data, &err)) {
		log_err("tunnel: %s", err.msg);
		return;
	}
	s->registered = true;
	s->data_format = data.format;
	s->lifetime_s = (uint32_t)ba->ba.lifetime * 4;
	refresh = s->lifetime_s - s->lifetime_s / 5;
	if (ba->opt.has_nat_detect && ba->opt.nat_f && ba->opt.nat_refresh_s != 0xffffffffu &&
	    ba->opt.nat_refresh_s < refresh)
		refresh = ba->opt.nat_refresh_s;   /* NAT keepalive by BU (4.3) */
	s->refresh_s = refresh ? refresh : 1;
	arm(s, s->refresh, (uint64_t)s->refresh_s * 1000000);
	log_notice("registered: %s via %s, lifetime %u s, refresh in %u s",
		   tunnel_format_name(data.format), s->coa.ifname, s->lifetime_s, s->refresh_s);
	if (ba->opt.has_ipv4_ack)
		bind_ipv4(s, &ba->opt.ipv4_ack);
}

static void handle_ba(struct mn_signal *s, const struct mh_msg *ba)
{
	if (ba->ba.status == XMIP_BA_SEQ_OUT_OF_WINDOW) {
		/* RFC 6275 11.7.3: start again after the home agent's number. */
		log_info("BA: sequence out of window, continuing after %u", ba->ba.seq);
		s->seq = ba->ba.seq;
		register_now(s);
		return;
	}
	if (!s->waiting || ba->ba.seq != s->seq) {
		log_debug("BA %u ignored (waiting for %u)", ba->ba.seq, s->seq);
		return;
	}
	s->waiting = false;
	sd_event_source_set_enabled(s->retransmit, SD_EVENT_OFF);
	if (ba->ba.status == XMIP_BA_F_FLAG_NOT_ALLOWED && s->force_udp) {
		log_warn("home agent refuses forced UDP (status 144): registering without");
		s->force_udp = false;
		register_now(s);
		return;
	}
	if (ba->ba.status >= 128) {
		log_warn("BA: %s (%u); trying again in %u s", mh_ba_status_name(ba->ba.status),
			 ba->ba.status, XMIP_MAX_BINDACK_TIMEOUT);
		arm(s, s->refresh, (uint64_t)XMIP_MAX_BINDACK_TIMEOUT * 1000000);
		return;
	}
	accepted(s, ba);
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
		if (m.type == XMIP_MH_BA && !memcmp(&rx.src, &s->cfg->mn.home_agent6, 16))
			handle_ba(s, &m);
		else if (m.type == XMIP_MH_BRR && s->registered && !s->waiting)
			register_now(s);
	}
	return 0;
}

static int on_settled(sd_event_source *src, uint64_t usec, void *userdata)
{
	(void)src;
	(void)usec;
	reselect(userdata);
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
	arm(s, s->settle, MOVE_SETTLE_US);
	return 0;
}

static int open_netlink(struct xmip_error *err)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return xmip_err(err, -e, "rtnetlink events: %s", strerror(e));
	}
	return fd;
}

/* Everything from a home address goes into the tunnel interface. */
static int route_home_addresses(const struct xmip_config *cfg, struct xmip_error *err)
{
	int ifindex = (int)if_nametoindex(cfg->mn.tunnel_interface);

	if (!ifindex)
		return xmip_err(err, -ENODEV, "tunnel interface %s is missing", cfg->mn.tunnel_interface);
	if (policy_default_route(AF_INET6, XMIP_RT_TABLE, ifindex, err) ||
	    policy_default_route(AF_INET, XMIP_RT_TABLE, ifindex, err))
		return -1;
	return policy_rule(AF_INET6, 0, &cfg->mn.home_address6, XMIP_RT_TABLE, err);
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
	s->force_udp = cfg->mn.force_udp;
	/* A random start: a restarted node should not reuse old numbers. */
	s->seq = (uint16_t)(now_us(s) ^ (uint64_t)getpid());
	ret = route_home_addresses(cfg, err);
	if (!ret)
		ret = s->fd = mh_socket_open(&cfg->mn.home_address6, err);
	if (ret >= 0)
		ret = s->nl = open_netlink(err);
	if (ret >= 0)
		ret = sd_event_add_io(ev, &s->io, s->fd, EPOLLIN, on_readable, s);
	if (ret >= 0)
		ret = sd_event_add_io(ev, &s->nl_io, s->nl, EPOLLIN, on_netlink, s);
	if (ret >= 0)
		ret = sd_event_add_time(ev, &s->retransmit, CLOCK_MONOTONIC, 0, 0, on_retransmit, s);
	if (ret >= 0)
		ret = sd_event_add_time(ev, &s->refresh, CLOCK_MONOTONIC, 0, 0, on_refresh, s);
	if (ret >= 0)
		ret = sd_event_add_time(ev, &s->settle, CLOCK_MONOTONIC, 0, 0, on_settled, s);
	if (ret < 0) {
		if (!err->msg[0])
			xmip_err(err, ret, "signalling: %s", strerror(-ret));
		mn_signal_stop(s);
		return ret;
	}
	sd_event_source_set_enabled(s->retransmit, SD_EVENT_OFF);
	sd_event_source_set_enabled(s->refresh, SD_EVENT_OFF);
	arm(s, s->settle, 0);   /* the first selection, from the loop */
	*out = s;
	return 0;
}

void mn_signal_stop(struct mn_signal *s)
{
	if (!s)
		return;
	sd_event_source_disable_unref(s->io);
	sd_event_source_disable_unref(s->nl_io);
	sd_event_source_disable_unref(s->retransmit);
	sd_event_source_disable_unref(s->refresh);
	sd_event_source_disable_unref(s->settle);
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
	if (s->coa.family)
		inet_ntop(s->coa.family, s->coa.addr.bytes, text, sizeof(text));
	json_object_object_add(o, "care_of_address", json_object_new_string(text));
	json_object_object_add(o, "interface", json_object_new_string(s->coa.ifname));
	json_object_object_add(o, "state", json_object_new_string(
		s->waiting ? "waiting for BA" : s->registered ? "registered" : "idle"));
	json_object_object_add(o, "sequence", json_object_new_int(s->seq));
	json_object_object_add(o, "tries", json_object_new_int(s->tries));
	json_object_object_add(o, "lifetime", json_object_new_int64(s->lifetime_s));
	json_object_object_add(o, "format", json_object_new_string(tunnel_format_name(s->data_format)));
	if (s->v4_bound) {
		inet_ntop(AF_INET, &s->hoa4, text, sizeof(text));
		json_object_object_add(o, "home_address4", json_object_new_string(text));
	}
	return o;
}
