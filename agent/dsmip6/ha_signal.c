// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "anchor/binding.h"
#include "dsmip6/ha_cache.h"
#include "dsmip6/ha_signal.h"
#include "dsmip6/ha_state.h"
#include "net/home_link_announce.h"
#include "core/every.h"
#include "core/log.h"
#include "mh/mh.h"
#include "mh/mh_socket.h"
#include "net/policy_route.h"
#include "core/rate_limit.h"
#include "core/report.h"
#include "dsmip6/ha_auth.h"
#include "mh/mh_auth.h"

#define SWEEP_INTERVAL_US 1000000ULL
/* Refused BUs answered (BA and log line) a second, at most; as many at once. */
#define REFUSAL_RATE 100

struct ha_signal {
	const struct ha_config *cfg;
	struct dp_state *dp;
	sd_event *ev;
	struct ha_cache cache;
	int fd;
	struct home_link_announcer announcer;
	sd_event_source *io;
	sd_event_source *sweep;
	uint64_t refused[MH_RESULT_MAX];   /* malformed messages, by reason */
	uint64_t bus_dropped_no_record;    /* BUs whose way in was not recorded, or
					    * recorded by another packet */
	struct state_file *state;          /* the cache on file */
	struct rate_limit refusals;        /* answers to refused BUs */
	bool proxy_elsewhere;              /* an LMA in this process answers proxy BUs */
	uint64_t bus_refused;              /* BUs refused (status >= 128) */
	uint64_t refusals_unanswered;      /* of those, left without a BA or log */
	uint64_t unanswered_reported;      /* ... as of the last summary */
	/* RFC 4285 refusals, by reason. */
	uint64_t bus_auth_failed, bus_id_mismatch, bus_replay_refused;
	struct node_guard *guard;          /* by handle, as the cache grows */
	int n_guard;
};

/* What protected a node's last accepted BU, and RFC 4285's replay state
 * (in memory only: after a restart the sequence number window, which the
 * state file keeps, still refuses a replayed BU). */
struct node_guard {
	uint64_t last_ts;                  /* NTP, the last accepted */
	uint32_t spi;                      /* RFC 4285: the association it used */
	enum mh_protection how;            /* UNSET: none accepted since start */
};

/* Node mn's guard (zeroed when new); NULL when out of memory. */
static struct node_guard *guard_of(struct ha_signal *s, int mn)
{
	if (mn >= s->n_guard) {
		int n = s->cache.cap > mn ? s->cache.cap : mn + 1;
		struct node_guard *g = realloc(s->guard, (size_t)n * sizeof(*g));

		if (!g)
			return NULL;
		memset(g + s->n_guard, 0, (size_t)(n - s->n_guard) * sizeof(*g));
		s->guard = g;
		s->n_guard = n;
	}
	return &s->guard[mn];
}

static uint64_t now_ms(const struct ha_signal *s)
{
	uint64_t usec = 0;

	sd_event_now(s->ev, CLOCK_MONOTONIC, &usec);
	return usec / 1000;
}

/* A changed entry goes to the state file before its BA goes out: a BA
 * the node got is a binding a restarted agent still knows. */
static void save(struct ha_signal *s, int mn)
{
	struct xmip_error err = { 0 };

	if (state_file_save(s->state, mn, &err))
		log_err("%s", err.msg);
}

static struct xmip_home home6(const struct in6_addr *a)
{
	struct xmip_home h = { .family = AF_INET6, .prefixlen = 128 };

	memcpy(h.addr.bytes, a, 16);
	return h;
}

/* The entry's IPv4 home address, or its IPv4 mobile network prefix. */
static struct xmip_home home4(const struct ha_entry *e)
{
	struct xmip_home h = { .family = AF_INET, .prefixlen = e->hoa4_len };

	h.addr.v4 = e->hoa4.s_addr;
	return h;
}

static bool same_v4(const struct ha_entry *a, const struct ha_entry *b)
{
	return a->has_v4 == b->has_v4 &&
	       (!a->has_v4 || (a->hoa4.s_addr == b->hoa4.s_addr && a->hoa4_len == b->hoa4_len));
}

/* Node mn (a handle of the cache): who it is, what it may claim. */
static const struct mn_authz *node(const struct ha_signal *s, int mn)
{
	return ha_cache_node(&s->cache, mn);
}

static const char *mn_id(const struct ha_signal *s, int mn)
{
	return node(s, mn)->id;
}

static struct xmip_home prefix_home(const struct prefix6 *p)
{
	struct xmip_home h = { .family = AF_INET6, .prefixlen = p->len };

	memcpy(h.addr.bytes, &p->addr, 16);
	return h;
}

/* The mobile router's prefixes from `before` to `after`: the ones no longer
 * bound go, the bound ones follow the tunnel. */
static int follow_prefixes(struct ha_signal *s, int mn, const struct ha_entry *before,
			   const struct ha_entry *after, struct xmip_error *err)
{
	const struct mn_authz *m = node(s, mn);
	uint16_t was = before->active ? before->mnp_mask : 0, now = after->active ? after->mnp_mask : 0;
	int i;

	for (i = 0; i < m->n_mnp6; i++) {
		struct xmip_home h = prefix_home(&m->mnp6[i]);
		uint16_t bit = (uint16_t)(1u << i);

		if ((was & bit) && !(now & bit) && anchor_binding_remove(s->dp->dp, &h, err))
			return -1;
		if ((now & bit) && anchor_binding_apply(s->dp->dp, &h, &after->tunnel, err))
			return -1;
	}
	return 0;
}

/* A home address the home agent starts to answer for: the home link's
 * hosts learn it at once (RFC 6275 10.4.1). A failure costs them a
 * neighbour unreachability detection, not the binding. */
static void announce(struct ha_signal *s, int family, const void *addr)
{
	struct xmip_error err = { 0 };

	if (home_link_announce(&s->announcer, family, addr, &err))
		log_warn("%s", err.msg);
}

/* Takes the data plane from `before` to `after` for mobile node mn. */
static int follow(struct ha_signal *s, int mn, const struct ha_entry *before,
		  const struct ha_entry *after, struct xmip_error *err)
{
	struct xmip_dp *dp = s->dp->dp;
	struct xmip_home h6 = home6(&node(s, mn)->home_address6);
	struct xmip_home h4;

	/* A refresh from where the node already is (NAT keepalives come
	 * every 110 s): the data plane has it all. */
	if (before->active && after->active && same_v4(before, after) &&
	    before->mnp_mask == after->mnp_mask &&
	    !memcmp(&before->tunnel, &after->tunnel, sizeof(after->tunnel)))
		return 0;
	if (before->active && before->has_v4 && (!after->active || !same_v4(before, after))) {
		h4 = home4(before);
		if (anchor_binding_remove(dp, &h4, err))
			return -1;
	}
	if (follow_prefixes(s, mn, before, after, err))
		return -1;
	if (!after->active)
		return before->active ? anchor_binding_remove(dp, &h6, err) : 0;
	if (anchor_binding_apply(dp, &h6, &after->tunnel, err))
		return -1;
	if (!before->active)
		announce(s, AF_INET6, h6.addr.bytes);
	if (after->has_v4) {
		h4 = home4(after);
		if (anchor_binding_apply(dp, &h4, &after->tunnel, err))
			return -1;
		if (after->hoa4_len == 32 && (!before->active || !same_v4(before, after)))
			announce(s, AF_INET, &h4.addr.v4);
	}
	return 0;
}

static void describe(const struct xmip_tunnel *t, bool nat, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	tunnel_addr_str(t, &t->remote, addr, sizeof(addr));
	if (t->format == XMIP_TUN_UDP4 || t->format == XMIP_TUN_UDP6)
		snprintf(buf, len, "%s %s port %u%s", tunnel_format_name(t->format), addr,
			 ntohs(t->remote_port), nat ? " (NAT)" : "");
	else
		snprintf(buf, len, "%s %s", tunnel_format_name(t->format), addr);
}

static void log_decision(const struct ha_signal *s, const struct in6_addr *hoa,
			 const struct ha_decision *d)
{
	char who[INET6_ADDRSTRLEN], way[128], v4[INET_ADDRSTRLEN] = "";
	const struct mh_ipv4_ack *ack = &d->ba.opt.ipv4_ack;

	inet_ntop(AF_INET6, hoa, who, sizeof(who));
	if (d->ba.ba.status >= 128) {
		log_warn("BU from %s (%s) refused: %s (%u)", who, d->mn >= 0 ? mn_id(s, d->mn) : "unknown",
			    mh_ba_status_name(d->ba.ba.status), d->ba.ba.status);
		return;
	}
	if (!d->after.active) {
		log_notice("%s (%s): deregistered", mn_id(s, d->mn), who);
		return;
	}
	describe(&d->after.tunnel, d->after.nat, way, sizeof(way));
	if (d->ba.opt.has_ipv4_ack)
		inet_ntop(AF_INET, &ack->addr, v4, sizeof(v4));
	log_notice("%s (%s): bound via %s, lifetime %u s%s%s%s%s", mn_id(s, d->mn), who, way,
		   d->after.lifetime_s, d->ba.opt.has_ipv4_ack ? ", IPv4 home address " : "",
		   d->ba.opt.has_ipv4_ack ? v4 : "",
		   d->ba.opt.has_ipv4_ack && ack->status ? " refused" : "",
		   ha_entry_is_mobile_router(&d->after) ? ", mobile router with its prefixes" : "");
}

/* How a BA is signed (RFC 4285): the association and the care-of address
 * of the BU it answers; key NULL: not signed. */
struct ba_signing {
	const struct mh_auth_key *key;
	struct in6_addr coa;
};

static void send_message(struct ha_signal *s, const struct mh_msg *msg, const struct in6_addr *to,
			 bool along_recorded_way, const struct ba_signing *sign)
{
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg m = *msg;
	int len, ret;

	if (sign && sign->key) {
		/* With our time: a node refused for its timestamp (145)
		 * learns the offset of its clock from it. */
		m.opt.has_replay = true;
		m.opt.timestamp = mh_ntp_now(0);
		mh_auth_prepare(&m, sign->key);
	}
	len = mh_encode(&m, &s->cfg->address6, to, buf, sizeof(buf));
	if (len >= 0 && sign && sign->key &&
	    mh_auth_sign(buf, (size_t)len, sign->key, &sign->coa, to, &s->cfg->address6, to))
		len = -1;
	if (len < 0) {
		log_err("cannot encode a mobility message of type %u", m.type);
		return;
	}
	ret = mh_socket_send(s->fd, buf, (size_t)len, &s->cfg->address6, to,
			     along_recorded_way ? XMIP_SIGNAL_MARK : 0);
	if (ret)
		log_warn("sending a mobility message of type %u: %s", m.type, strerror(-ret));
}

/* A refusal answered at most REFUSAL_RATE times a second; false when this
 * one stays unanswered (counted, its record of the way in removed). */
static bool refusal_answered(struct ha_signal *s, const struct in6_addr *hoa, bool recorded)
{
	s->bus_refused++;
	if (rate_limit_allow(&s->refusals, now_ms(s)))
		return true;
	s->refusals_unanswered++;
	if (recorded)
		xmip_sig_seen_delete(s->dp->dp, hoa);
	return false;
}

/* The outer source a BU came from, IPv4 as ::ffff:a.b.c.d. */
static struct in6_addr tunnel_remote6(const struct xmip_tunnel *t)
{
	struct in_addr a4 = { .s_addr = t->remote.v4 };
	struct in6_addr a6;

	if (!xmip_tunnel_outer_v6(t->format))
		return mh_auth_v4_mapped(a4);
	memcpy(&a6, t->remote.bytes, 16);
	return a6;
}

/* RFC 4285: a BU of a known node whose authenticator, identifier or
 * timestamp fails changes nothing; its BA says why (signed, so the node
 * can trust a 145 and set its clock). True when the BU may go on. */
static bool authenticated(struct ha_signal *s, const struct mh_received *rx, const uint8_t *buf,
			  const struct mh_msg *bu, const struct xmip_sig_seen *seen, struct ba_signing *sign)
{
	int mn = ha_cache_find(&s->cache, &rx->src);
	struct node_guard *g = mn >= 0 ? guard_of(s, mn) : NULL;
	struct ha_auth_verdict v;
	struct mh_msg ba = { .type = XMIP_MH_BA };
	char who[INET6_ADDRSTRLEN];

	struct in6_addr outer;

	if (s->cfg->protection != MH_PROTECT_RFC4285 || mn < 0 || !g)
		return true;   /* an unknown node: the cache answers 133 */
	if (seen)
		outer = tunnel_remote6(&seen->back);
	ha_auth_check(s->cfg, node(s, mn), buf, rx->len, bu, &rx->src, seen ? &outer : NULL, mh_ntp_now(0),
		      &g->last_ts, &v);
	sign->key = v.key;
	sign->coa = v.coa;
	if (!v.status) {
		g->spi = bu->opt.auth_spi;
		return true;
	}
	if (v.status == XMIP_BA_AUTH_FAIL)
		s->bus_auth_failed++;
	else if (v.status == XMIP_BA_ID_MISMATCH)
		s->bus_id_mismatch++;
	else
		s->bus_replay_refused++;
	if (!refusal_answered(s, &rx->src, seen != NULL))
		return false;
	inet_ntop(AF_INET6, &rx->src, who, sizeof(who));
	log_warn("BU from %s (%s) refused: %s (%u)", who, mn_id(s, mn),
		 v.status == XMIP_BA_ID_MISMATCH ? "mobile node identifier mismatch" : mh_ba_status_name(v.status),
		 v.status);
	ba.ba.status = v.status;
	ba.ba.seq = bu->bu.seq;
	send_message(s, &ba, &rx->src, seen != NULL, sign);
	return false;
}

/* Whether XDP's record was made by this message (buf): its tag names the
 * message's checksum. An untagged record (ESP) is taken as it is. */
static bool seen_is_of(const struct xmip_sig_seen *seen, const uint8_t *buf)
{
	uint32_t tag = seen->back.binding_id;

	return !(tag & XMIP_SIG_TAGGED) || (tag & 0xffff) == (uint32_t)(buf[4] << 8 | buf[5]);
}

static void handle_bu(struct ha_signal *s, const struct mh_received *rx, const uint8_t *buf,
		      const struct mh_msg *bu)
{
	struct xmip_sig_seen seen;
	struct xmip_error err = { 0 };
	struct ba_signing sign = { 0 };
	struct ha_decision d;
	int ret = xmip_sig_seen_lookup(s->dp->dp, &rx->src, &seen, &err);

	if (ret && ret != -ENOENT) {
		log_err("%s", err.msg);
		return;
	}
	/* No record of the way it came: from the home link (XDP removes the
	 * record there), or, arriving anywhere else, its record is gone:
	 * taken by the BA of the node's previous BU (TC removes a record
	 * with the BA it sends) or evicted (an LRU map, under a flood).
	 * Taking that one for a BU from home would deregister the node:
	 * dropped instead, silently; the node sends it again. */
	if (ret == -ENOENT && rx->ifindex != (int)if_nametoindex(s->cfg->home_link)) {
		char who[INET6_ADDRSTRLEN];

		s->bus_dropped_no_record++;
		inet_ntop(AF_INET6, &rx->src, who, sizeof(who));
		log_info("BU from %s dropped: no record of the way it came (the node will retry)", who);
		return;
	}
	/* A record another packet for this home address wrote after this
	 * message's (a forgery sent alongside it) names another way: this
	 * message is dropped rather than bound along it; the node sends it
	 * again. */
	if (ret == 0 && !seen_is_of(&seen, buf)) {
		char who[INET6_ADDRSTRLEN];

		s->bus_dropped_no_record++;
		inet_ntop(AF_INET6, &rx->src, who, sizeof(who));
		log_info("BU from %s dropped: the recorded way is another packet's (the node will retry)", who);
		return;
	}
	if (!authenticated(s, rx, buf, bu, ret ? NULL : &seen, &sign))
		return;
	ha_cache_process_bu(&s->cache, &rx->src, bu, ret ? NULL : &seen, now_ms(s), &d);
	if (d.mn >= 0 && d.ba.ba.status < 128 && follow(s, d.mn, &d.before, &d.after, &err)) {
		/* Never a half-made binding: back to what was, and say so. */
		struct xmip_error undo = { 0 };

		log_err("binding %s: %s", mn_id(s, d.mn), err.msg);
		follow(s, d.mn, &d.after, &d.before, &undo);
		ha_cache_restore(&s->cache, d.mn, &d.before);
		d.ba.ba.status = XMIP_BA_INSUFFICIENT_RESOURCES;
		d.ba.ba.lifetime = 0;
		d.ba.opt.has_nat_detect = false;
	}
	if (d.mn >= 0 && memcmp(&d.before, &d.after, sizeof(d.before)))
		save(s, d.mn);
	/* A flood of BUs nobody may send (unknown home addresses, no IPsec,
	 * replays) gets REFUSAL_RATE answers and log lines a second, no
	 * more: the rest is counted, and its record of the way in, which no
	 * BA will take, removed. */
	if (d.ba.ba.status >= 128 && !refusal_answered(s, &rx->src, ret == 0))
		return;
	if (d.mn >= 0 && d.ba.ba.status < 128 && guard_of(s, d.mn))
		guard_of(s, d.mn)->how = s->cfg->protection;
	log_decision(s, &rx->src, &d);
	if (bu->bu.flags & XMIP_BU_F_A || d.ba.ba.status >= 128)
		send_message(s, &d.ba, &rx->src, ret == 0, &sign);
}

static void handle_message(void *ctx, const uint8_t *buf, const struct mh_received *rx)
{
	struct ha_signal *s = ctx;
	struct mh_msg m;
	enum mh_result r;
	char from[INET6_ADDRSTRLEN];

	if (s->proxy_elsewhere && mh_is_proxy_signalling(buf, rx->len))
		return;   /* the LMA of this process answers it */
	r = rx->len > MH_MAX_LEN ? MH_ERR_TRUNCATED : mh_decode(buf, rx->len, &rx->src, &rx->dst, &m);
	inet_ntop(AF_INET6, &rx->src, from, sizeof(from));
	if (r != MH_OK) {
		s->refused[r]++;
		log_info("mobility message from %s dropped: %s", from, mh_result_name(r));
		if (r == MH_ERR_UNKNOWN_TYPE) {
			/* RFC 6275 9.2: a Binding Error, status 2. */
			struct mh_msg be = { .type = XMIP_MH_BE,
					     .be = { .status = XMIP_BE_UNKNOWN_MH_TYPE } };

			send_message(s, &be, &rx->src, false, NULL);
		}
		return;
	}
	if (m.type != XMIP_MH_BU) {
		log_debug("mobility message type %u from %s ignored", m.type, from);
		return;
	}
	handle_bu(s, rx, buf, &m);
}

static void on_sweep(void *ctx)
{
	struct ha_signal *s = ctx;
	struct ha_entry gone, none = { 0 };
	struct xmip_error err = { 0 };
	int from = 0, mn;

	while ((mn = ha_cache_expire_next(&s->cache, now_ms(s), &from, &gone)) >= 0) {
		log_notice("%s: binding lifetime over, removed", mn_id(s, mn));
		if (follow(s, mn, &gone, &none, &err))
			log_err("removing the binding of %s: %s", mn_id(s, mn), err.msg);
		xmip_sig_seen_delete(s->dp->dp, &node(s, mn)->home_address6);
		save(s, mn);
	}
	if (s->refusals_unanswered > s->unanswered_reported) {
		log_warn("%" PRIu64 " refused BUs left unanswered in the last second (at most %u answers a second)",
			 s->refusals_unanswered - s->unanswered_reported, REFUSAL_RATE);
		s->unanswered_reported = s->refusals_unanswered;
	}
}

/* The marked BAs' way into the tunnel interface. */
static int route_signalling(const struct ha_config *cfg, struct xmip_error *err)
{
	int ifindex = (int)if_nametoindex(cfg->tunnel_interface);

	if (!ifindex)
		return xmip_err(err, -ENODEV, "tunnel interface %s is missing", cfg->tunnel_interface);
	if (policy_default_route(AF_INET6, XMIP_RT_TABLE, ifindex, err))
		return -1;
	return policy_rule(AF_INET6, XMIP_SIGNAL_MARK, NULL, 0, XMIP_RT_TABLE, err);
}

/* The binding cache as the state file left it (an agent killed and started
 * again), the data plane having kept it meanwhile in the pinned maps. */
static int restore_state(struct ha_signal *s, struct xmip_error *err)
{
	int restored, ret = ha_state_open(&s->state, s->cfg->state_file, &s->cache, &restored, err);

	if (ret)
		return ret;
	if (restored)
		log_notice("%d binding(s) restored from %s", restored, s->cfg->state_file);
	return 0;
}

/* XDP hands the agent signalling for these home addresses only. */
static int admit_configured_homes(struct ha_signal *s, struct xmip_error *err)
{
	int i, ret;

	for (i = 0; i < s->cache.n; i++) {
		if (!node(s, i))
			continue;
		ret = xmip_known_home_add(s->dp->dp, &node(s, i)->home_address6, err);
		if (ret)
			return ret;
	}
	return 0;
}

int ha_signal_start(struct ha_signal **out, sd_event *ev, const struct ha_config *cfg,
		    const struct ipsec_config *ipsec, struct dp_state *dp, struct xmip_error *err)
{
	struct ha_signal *s = calloc(1, sizeof(*s));
	int ret;

	if (!s || ha_cache_init(&s->cache, cfg)) {
		free(s);
		return xmip_err(err, -ENOMEM, "binding cache: out of memory");
	}
	s->cfg = cfg;
	s->cache.ipsec = ipsec->enabled;
	s->cache.esp_payload4 = ipsec->protect_ipv4_payload;
	s->dp = dp;
	s->ev = ev;
	s->fd = -1;
	rate_limit_init(&s->refusals, REFUSAL_RATE, REFUSAL_RATE);
	home_link_announcer_init(&s->announcer, cfg->home_link);
	ret = restore_state(s, err);
	if (!ret)
		ret = admit_configured_homes(s, err);
	if (ret) {
		ha_signal_stop(s);
		return ret;
	}
	if (cfg->protection == MH_PROTECT_UNPROTECTED)
		log_warn("bu_protection = \"unprotected-for-tests\": BUs are accepted without any "
			 "authentication; anyone who knows a home address can move its binding. "
			 "Never outside a test.");
	ret = route_signalling(cfg, err);
	if (!ret)
		ret = s->fd = mh_socket_open(NULL, err);
	if (ret >= 0)
		ret = mh_socket_watch(ev, &s->io, s->fd, handle_message, s);
	if (ret >= 0)
		ret = event_every(ev, &s->sweep, SWEEP_INTERVAL_US, on_sweep, s);
	if (ret < 0) {
		if (!err->msg[0])
			xmip_err(err, ret, "signalling: %s", strerror(-ret));
		ha_signal_stop(s);
		return ret;
	}
	*out = s;
	return 0;
}

/* What a reload changes in the nodes served: the ones it retires leave the
 * data plane and the state file; the new ones may signal (XDP lets their
 * BUs through) and get their place in the file. */
struct reload_ctx {
	struct ha_signal *s;
	int *retired;
	int n_retired;
	int admitted;
};

static void on_node_gone(void *ctx, int mn, const struct mn_authz *m, const struct ha_entry *e)
{
	struct reload_ctx *r = ctx;
	struct ha_entry none = { 0 };
	struct xmip_error err = { 0 };

	log_notice("%s: no longer configured%s", m->id, e->active ? ", binding removed" : "");
	if (e->active && follow(r->s, mn, e, &none, &err))
		log_err("removing the binding of %s: %s", m->id, err.msg);
	xmip_sig_seen_delete(r->s->dp->dp, &m->home_address6);
	if (r->retired)
		r->retired[r->n_retired++] = mn;
}

static void on_node_admitted(void *ctx, int mn)
{
	struct reload_ctx *r = ctx;
	struct xmip_error err = { 0 };

	if (xmip_known_home_add(r->s->dp->dp, &node(r->s, mn)->home_address6, &err))
		log_err("%s", err.msg);
	if (guard_of(r->s, mn))
		*guard_of(r->s, mn) = (struct node_guard){ 0 };   /* a handle given again */
	save(r->s, mn);
	r->admitted++;
}

void ha_signal_reload(struct ha_signal *s, const struct ha_config *cfg)
{
	struct reload_ctx r = { .s = s, .retired = calloc((size_t)s->cache.n + 1, sizeof(int)) };
	int i;

	s->cfg = cfg;
	if (ha_cache_reconfigure(&s->cache, cfg, on_node_gone, on_node_admitted, &r))
		log_err("reload: out of memory: some mobile nodes are not served");
	for (i = 0; i < r.n_retired; i++)
		save(s, r.retired[i]);
	if (r.n_retired || r.admitted)
		log_notice("reload: %d mobile node(s) no longer served, %d new", r.n_retired, r.admitted);
	free(r.retired);
}

void ha_signal_stop(struct ha_signal *s)
{
	if (!s)
		return;
	mh_socket_unwatch(s->io);
	sd_event_source_disable_unref(s->sweep);
	if (s->fd >= 0)
		close(s->fd);
	home_link_announcer_close(&s->announcer);
	state_file_close(s->state);
	ha_cache_free(&s->cache);
	free(s->guard);
	free(s);
}

static struct json_object *prefixes_report(const struct mn_authz *m, uint16_t mask)
{
	struct json_object *list = json_object_new_array();
	char addr[INET6_ADDRSTRLEN], text[INET6_ADDRSTRLEN + 4];
	int i;

	for (i = 0; i < m->n_mnp6; i++) {
		if (!(mask & (1u << i)))
			continue;
		inet_ntop(AF_INET6, &m->mnp6[i].addr, addr, sizeof(addr));
		snprintf(text, sizeof(text), "%s/%u", addr, m->mnp6[i].len);
		json_object_array_add(list, json_object_new_string(text));
	}
	return list;
}

/* How node mn's last accepted BU was protected: "rfc4285 spi 1000",
 * "ipsec", "unprotected-for-tests"; "restored" for a binding a restart
 * brought back, before its next BU. */
static struct json_object *protection_report(struct ha_signal *s, int mn)
{
	const struct node_guard *g = mn < s->n_guard ? &s->guard[mn] : NULL;
	char text[48];

	if (!g || g->how == MH_PROTECT_UNSET)
		return json_object_new_string("restored");
	if (g->how == MH_PROTECT_RFC4285)
		snprintf(text, sizeof(text), "rfc4285 spi %u", g->spi);
	else
		snprintf(text, sizeof(text), "%s", mh_protection_name(g->how));
	return json_object_new_string(text);
}

struct json_object *ha_signal_report(void *ctx, const char *args)
{
	struct ha_signal *s = ctx;
	struct json_object *o = json_object_new_object(), *list = json_object_new_array();
	uint64_t now = now_ms(s);
	int i;

	(void)args;
	for (i = 0; i < s->cache.n; i++) {
		const struct ha_entry *e = &s->cache.entries[i];
		struct json_object *b;
		char addr[INET6_ADDRSTRLEN], way[128];

		if (!e->active)
			continue;
		b = json_object_new_object();
		json_object_object_add(b, "id", json_object_new_string(mn_id(s, i)));
		inet_ntop(AF_INET6, &node(s, i)->home_address6, addr, sizeof(addr));
		json_object_object_add(b, "home_address6", json_object_new_string(addr));
		if (e->has_v4)
			report_ipv4_home(b, e->hoa4, e->hoa4_len);
		if (ha_entry_is_mobile_router(e))
			json_object_object_add(b, "prefixes", prefixes_report(node(s, i), e->mnp_mask));
		describe(&e->tunnel, e->nat, way, sizeof(way));
		json_object_object_add(b, "via", json_object_new_string(way));
		json_object_object_add(b, "nat", json_object_new_boolean(e->nat));
		json_object_object_add(b, "sequence", json_object_new_int(e->seq));
		json_object_object_add(b, "protected_by", protection_report(s, i));
		json_object_object_add(b, "lifetime", json_object_new_int64(e->lifetime_s));
		json_object_object_add(b, "expires_in",
				       json_object_new_int64(e->expires_ms > now ? (int64_t)(e->expires_ms - now) / 1000 : 0));
		json_object_array_add(list, b);
	}
	json_object_object_add(o, "registrations", list);
	json_object_object_add(o, "bus_dropped_no_record", json_object_new_uint64(s->bus_dropped_no_record));
	json_object_object_add(o, "bus_refused", json_object_new_uint64(s->bus_refused));
	json_object_object_add(o, "refusals_unanswered", json_object_new_uint64(s->refusals_unanswered));
	json_object_object_add(o, "bu_protection", json_object_new_string(mh_protection_name(s->cfg->protection)));
	json_object_object_add(o, "bus_auth_failed", json_object_new_uint64(s->bus_auth_failed));
	json_object_object_add(o, "bus_id_mismatch", json_object_new_uint64(s->bus_id_mismatch));
	json_object_object_add(o, "bus_replay_refused", json_object_new_uint64(s->bus_replay_refused));
	return o;
}

void ha_signal_leave_proxy(struct ha_signal *s)
{
	s->proxy_elsewhere = true;
}
