// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "core/every.h"
#include "core/log.h"
#include "mh/mh_auth.h"
#include "mh/mh_socket.h"
#include "net/link_watch.h"
#include "net/policy_route.h"
#include "pmip/mag_hosts.h"
#include "pmip/mag_links.h"
#include "pmip/mag_signal.h"
#include "pmip/mag_state.h"

#define SWEEP_INTERVAL_US 200000ULL   /* retransmissions, refreshes, expiry */
#define LINK_LEFT UINT64_MAX

struct mag_signal {
	const struct mag_config *cfg;
	struct dp_state *dp;
	sd_event *ev;
	struct mag_hosts hosts;
	struct state_file *state;          /* the visitor list on file */
	struct mag_links links;
	struct link_watch watch;           /* the access links' carrier */
	/* When each access link went down (0: up; LINK_LEFT: its hosts were
	 * deregistered since). */
	uint64_t down_since_ms[XMIP_MAX_IFACES];
	int fd;
	sd_event_source *io, *sweep;
	uint64_t refused[MH_RESULT_MAX];
	uint64_t pbus_sent, pbas_accepted, pbas_refused, unauthenticated, bris, dhcp_replies;
	uint64_t frames_unknown;           /* from link-layer addresses of no profile */
};

static uint64_t now_ms(const struct mag_signal *s)
{
	uint64_t usec = 0;

	sd_event_now(s->ev, CLOCK_MONOTONIC, &usec);
	return usec / 1000;
}

static const char *host_id(const struct mag_signal *s, int host)
{
	return s->cfg->hosts[host].id;
}

/* RFC 4285 between MAG and LMA, as the LMA computes it: our address as the
 * care-of address, the LMA's as the home address, both ways. */
static const struct mh_auth_key *our_key(const struct mag_signal *s)
{
	if (s->cfg->protection != MH_PROTECT_RFC4285)
		return NULL;
	return &s->cfg->keys.sa[s->cfg->sa_first].key;
}

static void send_to_lma(struct mag_signal *s, const struct mh_msg *msg)
{
	const struct mh_auth_key *key = our_key(s);
	const struct in6_addr *lma = &s->cfg->lma_address6, *us = &s->cfg->address6;
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg m = *msg;
	int len, ret;

	if (key)
		mh_auth_prepare(&m, key);
	len = mh_encode(&m, us, lma, buf, sizeof(buf));
	if (len >= 0 && key && mh_auth_sign(buf, (size_t)len, key, us, lma, us, lma))
		len = -1;
	if (len < 0) {
		log_err("cannot encode a mobility message of type %u", m.type);
		return;
	}
	ret = mh_socket_send(s->fd, buf, (size_t)len, us, lma, 0);
	if (ret)
		log_warn("sending a mobility message to the LMA: %s", strerror(-ret));
}

static bool from_lma_authentic(const struct mag_signal *s, const uint8_t *buf, const struct mh_received *rx,
			       const struct mh_msg *m)
{
	const struct mh_auth_key *key;

	if (memcmp(&rx->src, &s->cfg->lma_address6, 16))
		return false;
	if (s->cfg->protection != MH_PROTECT_RFC4285)
		return true;
	if (!m->opt.has_auth || m->opt.auth_subtype != MH_AUTH_MN_HA)
		return false;
	key = mh_keys_spi(&s->cfg->keys, s->cfg->sa_first, s->cfg->n_sa, m->opt.auth_spi);
	return key && mh_auth_verify(buf, rx->len, m, key, &s->cfg->address6, &s->cfg->lma_address6);
}

/* The data plane for a host: its tunnel toward the LMA, where it is, and
 * a rule sending what the stack routes from it into the tunnel interface
 * (whose TC program encapsulates it as XDP does). */
static int bind_host(struct mag_signal *s, int host, struct xmip_error *err)
{
	const struct mag_host *h = &s->hosts.hosts[host];
	struct xmip_home home = { .family = AF_INET, .prefixlen = 32 };
	struct xmip_tunnel t = { .format = XMIP_TUN_IP6, .binding_id = (uint32_t)host };

	home.addr.v4 = h->hoa4.s_addr;
	memcpy(t.remote.bytes, &s->cfg->lma_address6, 16);
	memcpy(t.local.bytes, &s->cfg->address6, 16);
	if (xmip_binding_update(s->dp->dp, &home, &t, err) ||
	    xmip_access_host_update(s->dp->dp, h->hoa4, s->cfg->hosts[host].mac,
				    (uint32_t)s->links.ifindex[h->link], err))
		return -1;
	return policy_rule(AF_INET, 0, &h->hoa4, 32, XMIP_RT_TABLE, err);
}

static void unbind_host(struct mag_signal *s, int host, struct in_addr hoa4)
{
	struct xmip_home home = { .family = AF_INET, .prefixlen = 32 };
	struct xmip_error err = { 0 };

	home.addr.v4 = hoa4.s_addr;
	/* The host entry first: XDP then never sees it without its tunnel. */
	if (xmip_access_host_delete(s->dp->dp, hoa4, &err) || xmip_binding_delete(s->dp->dp, &home, &err))
		log_err("%s: %s", host_id(s, host), err.msg);
	policy_rule_delete(AF_INET, 0, &hoa4, 32, XMIP_RT_TABLE);
}

static void send_dhcp(struct mag_signal *s, int link, const struct mag_action *a)
{
	uint8_t payload[DHCP4_MAX_LEN], frame[DHCP4_MAX_LEN + 64];
	struct dhcp4_dest to;
	int len, ret;

	dhcp4_reply_dest(&a->dhcp_request, &a->dhcp_reply, &to);
	len = dhcp4_encode(&a->dhcp_reply, payload, sizeof(payload));
	if (len >= 0)
		len = dhcp4_frame(payload, (size_t)len, s->cfg->router_mac, s->cfg->default_router4, &to, frame,
				  sizeof(frame));
	if (len < 0) {
		log_err("cannot frame a DHCP %s", dhcp4_type_name(a->dhcp_reply.type));
		return;
	}
	ret = mag_links_send(&s->links, link, frame, (size_t)len);
	if (ret)
		log_warn("sending a DHCP %s: %s", dhcp4_type_name(a->dhcp_reply.type), strerror(-ret));
	s->dhcp_replies++;
}

/* Carries out what the visitor list decided, in order. */
static void carry_out(struct mag_signal *s, struct mag_action *a, struct in_addr was)
{
	struct mag_host *h = a->host >= 0 ? &s->hosts.hosts[a->host] : NULL;
	struct xmip_error err = { 0 };
	char addr[INET_ADDRSTRLEN];

	if (!h)
		return;
	if (a->unbind && was.s_addr) {
		unbind_host(s, a->host, was);
		log_notice("%s: detached", host_id(s, a->host));
	}
	if (a->bind) {
		inet_ntop(AF_INET, &h->hoa4, addr, sizeof(addr));
		if (bind_host(s, a->host, &err)) {
			log_err("%s: %s", host_id(s, a->host), err.msg);
		} else {
			log_notice("%s: attached on %s with %s, lifetime %u s", host_id(s, a->host),
				   s->cfg->access_links[h->link], addr, h->lifetime_s);
		}
	}
	if (a->send_pbu) {
		send_to_lma(s, &a->pbu);
		s->pbus_sent++;
	}
	if (a->send_dhcp)
		send_dhcp(s, h->link, a);
	if (a->send_bra)
		send_to_lma(s, &a->bra);
	if (state_file_save(s->state, a->host, &err))
		log_err("%s", err.msg);
}

static void on_dhcp(void *ctx, int link, const uint8_t mac[6], const struct dhcp4_msg *msg)
{
	struct mag_signal *s = ctx;
	int host = mag_hosts_profile(&s->hosts, msg->chaddr);
	struct mag_action a;
	struct in_addr was;

	(void)mac;
	if (host < 0) {
		s->frames_unknown++;
		return;   /* no profile: not a host of ours (RFC 5213 6.9.1.1) */
	}
	was = s->hosts.hosts[host].state == MAG_HOST_ATTACHED ? s->hosts.hosts[host].hoa4 : (struct in_addr){ 0 };
	log_debug("%s: DHCP %s on %s", host_id(s, host), dhcp4_type_name(msg->type), s->cfg->access_links[link]);
	mag_hosts_on_dhcp(&s->hosts, host, link, msg, now_ms(s), mh_pmip_timestamp_now(), &a);
	carry_out(s, &a, was);
}

static void on_frame(void *ctx, int link, const uint8_t mac[6], struct in_addr src)
{
	struct mag_signal *s = ctx;
	int host = mag_hosts_profile(&s->hosts, mac);
	struct mag_action a;

	if (host < 0) {
		s->frames_unknown++;
		return;
	}
	mag_hosts_on_frame(&s->hosts, host, link, src, now_ms(s), mh_pmip_timestamp_now(), &a);
	if (a.send_pbu)
		log_info("%s: arrived on %s with its address: registering", host_id(s, host),
			 s->cfg->access_links[link]);
	carry_out(s, &a, (struct in_addr){ 0 });
}

static void handle_message(void *ctx, const uint8_t *buf, const struct mh_received *rx)
{
	struct mag_signal *s = ctx;
	struct mh_msg m;
	struct mag_action a;
	struct in_addr was = { 0 };
	enum mh_result r = rx->len > MH_MAX_LEN ? MH_ERR_TRUNCATED
						: mh_decode(buf, rx->len, &rx->src, &rx->dst, &m);
	int host;

	if (r != MH_OK) {
		s->refused[r]++;
		log_info("mobility message dropped: %s", mh_result_name(r));
		return;
	}
	if (!from_lma_authentic(s, buf, rx, &m)) {
		s->unauthenticated++;
		return;
	}
	host = mag_hosts_by_nai(&s->hosts, &m);
	if (host >= 0 && s->hosts.hosts[host].state == MAG_HOST_ATTACHED)
		was = s->hosts.hosts[host].hoa4;
	if (m.type == XMIP_MH_BA && (m.ba.flags & MH_BA_F_P)) {
		mag_hosts_on_pba(&s->hosts, &m, now_ms(s), &a);
		if (m.ba.status >= 128) {
			s->pbas_refused++;
			log_warn("PBA for %s: %s (%u)", m.opt.has_mn_id ? m.opt.mn_id : "?",
				 mh_ba_status_name(m.ba.status), m.ba.status);
		} else {
			s->pbas_accepted++;
		}
		carry_out(s, &a, was);
	} else if (m.type == XMIP_MH_BRI && m.br.br_type == XMIP_BR_INDICATION) {
		s->bris++;
		mag_hosts_on_bri(&s->hosts, &m, &a);
		if (a.host >= 0 && a.unbind)
			log_notice("%s: revoked by the LMA (trigger %u)", host_id(s, a.host), m.br.code);
		carry_out(s, &a, was);
		if (a.host < 0 && a.send_bra)
			send_to_lma(s, &a.bra);
	}
}

/* RFC 5213 6.9.1.2 (seed 003 5.1): hosts on an access link that stayed
 * down for link_down_hold_ms have left; each is deregistered. Hosts that
 * moved to another MAG meanwhile were revoked already. */
static void leave_down_links(struct mag_signal *s, uint64_t now)
{
	int link, host;

	for (link = 0; link < s->links.n; link++) {
		struct mag_action a;

		if (!s->down_since_ms[link] || s->down_since_ms[link] == LINK_LEFT ||
		    now - s->down_since_ms[link] < s->cfg->link_down_hold_ms)
			continue;
		s->down_since_ms[link] = LINK_LEFT;
		for (host = 0; host < s->cfg->n_hosts; host++) {
			const struct mag_host *h = &s->hosts.hosts[host];
			struct in_addr was = h->hoa4;

			if (h->link != link || h->state == MAG_HOST_AWAY || h->state == MAG_HOST_LEAVING)
				continue;
			log_notice("%s: %s is down: deregistering", host_id(s, host), s->cfg->access_links[link]);
			a.host = -1;
			mag_hosts_leave(&s->hosts, host, now, mh_pmip_timestamp_now(), &a);
			carry_out(s, &a, was);
		}
	}
}

static void on_link(void *ctx, int link, bool running)
{
	struct mag_signal *s = ctx;
	uint64_t now = now_ms(s);

	log_info("access link %s: %s", s->cfg->access_links[link], running ? "up" : "down");
	s->down_since_ms[link] = running ? 0 : now ? now : 1;
	if (!running && !s->cfg->link_down_hold_ms)
		leave_down_links(s, now);
}

static void on_sweep(void *ctx)
{
	struct mag_signal *s = ctx;
	struct mag_action a;
	int from = 0, host;

	leave_down_links(s, now_ms(s));

	/* A tick never changes a host's address: what it unbinds is hoa4. */
	while ((host = mag_hosts_tick(&s->hosts, now_ms(s), mh_pmip_timestamp_now(), &from, &a)) >= 0) {
		if (a.unbind)
			log_notice("%s: registration lost", host_id(s, host));
		carry_out(s, &a, s->hosts.hosts[host].hoa4);
	}
}

/* Hosts attached before a restart: the pinned maps kept their data plane,
 * which is written again in case they did not (a cleaned instance). */
static int bind_restored(struct mag_signal *s, int restored, struct xmip_error *err)
{
	int host;

	log_notice("%d attached host(s) restored from %s", restored, s->cfg->state_file);
	for (host = 0; host < s->cfg->n_hosts; host++)
		if (s->hosts.hosts[host].state == MAG_HOST_ATTACHED && bind_host(s, host, err))
			return -1;
	return 0;
}

int mag_signal_start(struct mag_signal **out, sd_event *ev, const struct mag_config *cfg, struct dp_state *dp,
		     struct xmip_error *err)
{
	struct mag_signal *s = calloc(1, sizeof(*s));
	struct mag_links_handler h = { .dhcp = on_dhcp, .frame = on_frame };
	int ret, tunnel, restored = 0;

	if (!s)
		return xmip_err(err, -ENOMEM, "out of memory");
	s->cfg = cfg;
	s->dp = dp;
	s->ev = ev;
	s->fd = -1;
	h.ctx = s;
	/* A random start: a restarted MAG should not reuse old numbers. */
	if (mag_hosts_init(&s->hosts, cfg, (uint16_t)(time(NULL) ^ getpid()))) {
		free(s);
		return xmip_err(err, -ENOMEM, "visitor list: out of memory");
	}
	if (cfg->protection == MH_PROTECT_UNPROTECTED)
		log_warn("bu_protection = \"unprotected-for-tests\": proxy BUs and the LMA's answers go without "
			 "any authentication. Never outside a test.");
	tunnel = (int)if_nametoindex(cfg->tunnel_interface);
	ret = tunnel ? 0 : xmip_err(err, -ENODEV, "tunnel interface %s is missing", cfg->tunnel_interface);
	if (!ret)
		ret = policy_default_route(AF_INET, XMIP_RT_TABLE, tunnel, err);
	if (!ret)
		ret = mag_state_open(&s->state, cfg->state_file, &s->hosts, &restored, err);
	if (!ret)
		ret = mag_links_open(&s->links, ev, cfg, &h, err);
	if (!ret && restored)
		ret = bind_restored(s, restored, err);
	if (!ret)
		ret = link_watch_start(&s->watch, ev, s->links.ifindex, s->links.n, on_link, s, err);
	if (!ret)
		ret = mh_socket_serve(ev, &cfg->address6, handle_message, s, &s->fd, &s->io, err);
	if (ret >= 0)
		ret = event_every(ev, &s->sweep, SWEEP_INTERVAL_US, on_sweep, s);
	if (ret < 0) {
		if (!err->msg[0])
			xmip_err(err, ret, "signalling: %s", strerror(-ret));
		mag_signal_stop(s);
		return ret;
	}
	*out = s;
	return 0;
}

void mag_signal_stop(struct mag_signal *s)
{
	if (!s)
		return;
	mh_socket_unwatch(s->io);
	sd_event_source_disable_unref(s->sweep);
	link_watch_stop(&s->watch);
	if (s->fd >= 0)
		close(s->fd);
	mag_links_close(&s->links);
	state_file_close(s->state);
	mag_hosts_free(&s->hosts);
	free(s);
}

static const char *state_name(enum mag_host_state st)
{
	static const char *const names[] = { "away", "registering", "attached", "leaving" };

	return names[st];
}

struct json_object *mag_signal_report(void *ctx, const char *args)
{
	struct mag_signal *s = ctx;
	struct json_object *o = json_object_new_object(), *list = json_object_new_array();
	uint64_t now = now_ms(s);
	int i;

	(void)args;
	for (i = 0; i < s->cfg->n_hosts; i++) {
		const struct mag_host *h = &s->hosts.hosts[i];
		struct json_object *b;
		char addr[INET_ADDRSTRLEN];

		if (h->state == MAG_HOST_AWAY)
			continue;
		b = json_object_new_object();
		json_object_object_add(b, "id", json_object_new_string(host_id(s, i)));
		json_object_object_add(b, "state", json_object_new_string(state_name(h->state)));
		json_object_object_add(b, "access_link", json_object_new_string(s->cfg->access_links[h->link]));
		inet_ntop(AF_INET, &h->hoa4, addr, sizeof(addr));
		json_object_object_add(b, "ipv4_home_address", json_object_new_string(addr));
		json_object_object_add(b, "lifetime", json_object_new_int64(h->lifetime_s));
		json_object_object_add(b, "expires_in",
				       json_object_new_int64(h->expires_ms > now ? (int64_t)(h->expires_ms - now) / 1000 : 0));
		json_object_array_add(list, b);
	}
	json_object_object_add(o, "registrations", list);
	json_object_object_add(o, "pbus_sent", json_object_new_uint64(s->pbus_sent));
	json_object_object_add(o, "pbas_accepted", json_object_new_uint64(s->pbas_accepted));
	json_object_object_add(o, "pbas_refused", json_object_new_uint64(s->pbas_refused));
	json_object_object_add(o, "unauthenticated", json_object_new_uint64(s->unauthenticated));
	json_object_object_add(o, "bris_received", json_object_new_uint64(s->bris));
	json_object_object_add(o, "dhcp_replies", json_object_new_uint64(s->dhcp_replies));
	json_object_object_add(o, "dhcp_malformed", json_object_new_uint64(s->links.malformed));
	json_object_object_add(o, "frames_of_no_profile", json_object_new_uint64(s->frames_unknown));
	return o;
}
