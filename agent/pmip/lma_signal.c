// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "anchor/binding.h"
#include "core/every.h"
#include "core/log.h"
#include "core/rate_limit.h"
#include "core/report.h"
#include "mh/mh_auth.h"
#include "mh/mh_socket.h"
#include "pmip/lma_cache.h"
#include "pmip/lma_revoke.h"
#include "pmip/lma_signal.h"
#include "pmip/lma_state.h"

#define SWEEP_INTERVAL_US 250000ULL   /* expiry, and BRIs to send again */
#define REFUSAL_RATE 100              /* refused PBUs answered a second, at most */

struct lma_signal {
	const struct lma_config *cfg;
	struct dp_state *dp;
	sd_event *ev;
	struct lma_cache cache;
	struct lma_revoker revoker;
	struct state_file *state;
	bool home_elsewhere;               /* a home agent in this process answers home registrations */
	int fd;
	sd_event_source *io, *sweep;
	struct rate_limit refusals;
	uint64_t refused[MH_RESULT_MAX];   /* malformed messages, by reason */
	uint64_t pbus_accepted, pbus_refused, pbus_auth_failed, refusals_unanswered;
	uint64_t bras_unexpected;          /* acknowledging nothing we sent */
};

static uint64_t now_ms(const struct lma_signal *s)
{
	uint64_t usec = 0;

	sd_event_now(s->ev, CLOCK_MONOTONIC, &usec);
	return usec / 1000;
}

static const char *host_id(const struct lma_signal *s, int host)
{
	return s->cfg->hosts[host].id;
}

/* RFC 4285 between MAG and LMA: the MAG's first association signs what we
 * send it; the authenticator names the MAG's address as the care-of
 * address and the LMA's as the home address, both ways. */
static const struct mh_auth_key *mag_key(const struct lma_signal *s, int mag)
{
	if (s->cfg->protection != MH_PROTECT_RFC4285 || mag < 0)
		return NULL;
	return &s->cfg->keys.sa[s->cfg->mags[mag].sa_first].key;
}

static void send_to(struct lma_signal *s, const struct mh_msg *msg, const struct in6_addr *to, int mag)
{
	const struct mh_auth_key *key = mag_key(s, mag);
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg m = *msg;
	int len, ret;

	if (key)
		mh_auth_prepare(&m, key);
	len = mh_encode(&m, &s->cfg->address6, to, buf, sizeof(buf));
	if (len >= 0 && key && mh_auth_sign(buf, (size_t)len, key, to, &s->cfg->address6, &s->cfg->address6, to))
		len = -1;
	if (len < 0) {
		log_err("cannot encode a mobility message of type %u", m.type);
		return;
	}
	ret = mh_socket_send(s->fd, buf, (size_t)len, &s->cfg->address6, to, 0);
	if (ret)
		log_warn("sending a mobility message of type %u: %s", m.type, strerror(-ret));
}

static void send_to_mag(void *ctx, const struct mh_msg *m, int mag)
{
	struct lma_signal *s = ctx;

	send_to(s, m, &s->cfg->mags[mag].address6, mag);
}

/* Whether a message from MAG mag carries an authenticator of one of its
 * associations (RFC 4285); always true when PBUs are not so protected. */
static bool authentic(const struct lma_signal *s, int mag, const uint8_t *buf, size_t len,
		      const struct mh_msg *m, const struct in6_addr *from)
{
	const struct mh_auth_key *key;

	if (s->cfg->protection != MH_PROTECT_RFC4285 || mag < 0)
		return true;   /* an unknown sender gets 154 from the cache */
	if (!m->opt.has_auth || m->opt.auth_subtype != MH_AUTH_MN_HA)
		return false;
	key = mh_keys_spi(&s->cfg->keys, s->cfg->mags[mag].sa_first, s->cfg->mags[mag].n_sa, m->opt.auth_spi);
	return key && mh_auth_verify(buf, len, m, key, from, &s->cfg->address6);
}

static struct xmip_home home_of(struct in_addr a)
{
	struct xmip_home h = { .family = AF_INET, .prefixlen = 32 };

	h.addr.v4 = a.s_addr;
	return h;
}

/* IPv4 in IPv6 from the LMA to the MAG (RFC 5844 4.1's tunnel). */
static struct xmip_tunnel tunnel_to(const struct lma_signal *s, int mag, int host)
{
	struct xmip_tunnel t = { .format = XMIP_TUN_IP6, .binding_id = (uint32_t)host };

	memcpy(t.remote.bytes, &s->cfg->mags[mag].address6, 16);
	memcpy(t.local.bytes, &s->cfg->address6, 16);
	return t;
}

/* Takes the data plane from `before` to `after` for a host. */
static int follow(struct lma_signal *s, int host, const struct lma_entry *before, const struct lma_entry *after,
		  struct xmip_error *err)
{
	struct xmip_home h;
	struct xmip_tunnel t;

	if (before->active && after->active && before->mag == after->mag &&
	    before->hoa4.s_addr == after->hoa4.s_addr)
		return 0;   /* a refresh */
	if (before->active && (!after->active || before->hoa4.s_addr != after->hoa4.s_addr)) {
		h = home_of(before->hoa4);
		if (anchor_binding_remove(s->dp->dp, &h, err))
			return -1;
	}
	if (!after->active)
		return 0;
	h = home_of(after->hoa4);
	t = tunnel_to(s, after->mag, host);
	return anchor_binding_apply(s->dp->dp, &h, &t, err);
}

static void save(struct lma_signal *s, int host)
{
	struct xmip_error err = { 0 };

	if (state_file_save(s->state, host, &err))
		log_err("%s", err.msg);
}

static void log_decision(const struct lma_signal *s, int mag, const struct mh_received *rx,
			 const struct lma_decision *d)
{
	char from[INET6_ADDRSTRLEN], v4[INET_ADDRSTRLEN];

	inet_ntop(AF_INET6, &rx->src, from, sizeof(from));
	if (d->pba.ba.status >= 128) {
		log_warn("PBU from %s (%s) for %s refused: %s (%u)", from, mag >= 0 ? s->cfg->mags[mag].id : "no MAG",
			 d->host >= 0 ? host_id(s, d->host) : "an unknown host", mh_ba_status_name(d->pba.ba.status),
			 d->pba.ba.status);
		return;
	}
	if (!d->after.active) {
		log_notice("%s: deregistered by %s%s", host_id(s, d->host), s->cfg->mags[mag].id,
			   d->before.active ? "" : " (no binding)");
		return;
	}
	if (d->before.active && d->before.mag == mag && d->before.hoa4.s_addr == d->after.hoa4.s_addr)
		return;   /* a refresh: nothing new to say */
	inet_ntop(AF_INET, &d->after.hoa4, v4, sizeof(v4));
	log_notice("%s: bound at %s (%s), IPv4 home address %s, lifetime %u s%s", host_id(s, d->host),
		   s->cfg->mags[mag].id, from, v4, d->after.lifetime_s,
		   d->revoke_mag >= 0 ? ", moved from another MAG" : "");
}

/* Refusals answered at most REFUSAL_RATE times a second (PBA and log line),
 * the rest counted. */
static bool answer_refusal(struct lma_signal *s)
{
	s->pbus_refused++;
	if (rate_limit_allow(&s->refusals, now_ms(s)))
		return true;
	s->refusals_unanswered++;
	return false;
}

static void handle_pbu(struct lma_signal *s, const struct mh_received *rx, const uint8_t *buf,
		       const struct mh_msg *pbu)
{
	int mag = lma_config_mag_by_address(s->cfg, &rx->src);
	struct xmip_error err = { 0 };
	struct lma_decision d;

	if (!authentic(s, mag, buf, rx->len, pbu, &rx->src)) {
		struct mh_msg pba = { .type = XMIP_MH_BA, .ba = { .status = XMIP_BA_AUTH_FAIL, .flags = MH_BA_F_P,
								  .seq = pbu->bu.seq } };

		s->pbus_auth_failed++;
		if (!answer_refusal(s))
			return;
		log_warn("PBU from MAG %s refused: authentication failed (146)", s->cfg->mags[mag].id);
		send_to(s, &pba, &rx->src, mag);
		return;
	}
	lma_cache_process_pbu(&s->cache, mag, pbu, now_ms(s), mh_pmip_timestamp_now(), &d);
	if (d.host >= 0 && d.pba.ba.status < 128 && follow(s, d.host, &d.before, &d.after, &err)) {
		/* Never a half-made binding: back to what was, and say so. */
		struct xmip_error undo = { 0 };

		log_err("binding %s: %s", host_id(s, d.host), err.msg);
		follow(s, d.host, &d.after, &d.before, &undo);
		lma_cache_restore(&s->cache, d.host, &d.before);
		d.after = d.before;
		d.revoke_mag = -1;
		d.pba.ba.status = XMIP_BA_INSUFFICIENT_RESOURCES;
		d.pba.ba.lifetime = 0;
	}
	if (d.host >= 0 && memcmp(&d.before, &d.after, sizeof(d.before)))
		save(s, d.host);
	if (d.pba.ba.status >= 128 && !answer_refusal(s))
		return;
	if (d.pba.ba.status < 128)
		s->pbus_accepted++;
	log_decision(s, mag, rx, &d);
	send_to(s, &d.pba, &rx->src, mag);
	if (d.revoke_mag >= 0)
		lma_revoke_start(&s->revoker, d.host, d.revoke_mag,
				 d.before.att == d.after.att ? XMIP_BR_TRIGGER_HANDOVER_SAME_ATT
							     : XMIP_BR_TRIGGER_HANDOVER_OTHER_ATT,
				 now_ms(s));
}

static void handle_bra(struct lma_signal *s, const struct mh_received *rx, const uint8_t *buf,
		       const struct mh_msg *bra)
{
	int mag = lma_config_mag_by_address(s->cfg, &rx->src), host;

	if (mag < 0 || !authentic(s, mag, buf, rx->len, bra, &rx->src)) {
		s->bras_unexpected++;
		return;
	}
	host = lma_revoke_ack(&s->revoker, mag, bra);
	if (host < 0) {
		s->bras_unexpected++;
		return;
	}
	log_info("%s: %s acknowledged the revocation (status %u)", host_id(s, host), s->cfg->mags[mag].id,
		 bra->br.code);
}

static void handle_message(void *ctx, const uint8_t *buf, const struct mh_received *rx)
{
	struct lma_signal *s = ctx;
	struct mh_msg m;
	enum mh_result r;

	if (s->home_elsewhere && !mh_is_proxy_signalling(buf, rx->len))
		return;   /* the home agent of this process answers it */
	r = rx->len > MH_MAX_LEN ? MH_ERR_TRUNCATED : mh_decode(buf, rx->len, &rx->src, &rx->dst, &m);
	if (r != MH_OK) {
		char from[INET6_ADDRSTRLEN];

		s->refused[r]++;
		inet_ntop(AF_INET6, &rx->src, from, sizeof(from));
		log_info("mobility message from %s dropped: %s", from, mh_result_name(r));
		return;
	}
	if (m.type == XMIP_MH_BU)
		handle_pbu(s, rx, buf, &m);
	else if (m.type == XMIP_MH_BRI && m.br.br_type == XMIP_BR_ACK)
		handle_bra(s, rx, buf, &m);
}

static void on_sweep(void *ctx)
{
	struct lma_signal *s = ctx;
	struct lma_entry gone, none = { 0 };
	struct xmip_error err = { 0 };
	int from = 0, host;

	while ((host = lma_cache_expire_next(&s->cache, now_ms(s), &from, &gone)) >= 0) {
		log_notice("%s: binding lifetime over, removed", host_id(s, host));
		if (follow(s, host, &gone, &none, &err))
			log_err("removing the binding of %s: %s", host_id(s, host), err.msg);
		save(s, host);
	}
	lma_revoke_tick(&s->revoker, now_ms(s));
}

/* XDP hands the anchor's agent signalling from known senders only: here,
 * the configured MAGs. */
static int admit_mags(struct lma_signal *s, struct xmip_error *err)
{
	int i, ret;

	for (i = 0; i < s->cfg->n_mags; i++) {
		ret = xmip_known_home_add(s->dp->dp, &s->cfg->mags[i].address6, err);
		if (ret)
			return ret;
	}
	return 0;
}

int lma_signal_start(struct lma_signal **out, sd_event *ev, const struct lma_config *cfg, struct dp_state *dp,
		     struct xmip_error *err)
{
	struct lma_signal *s = calloc(1, sizeof(*s));
	int restored = 0, ret;

	if (!s)
		return xmip_err(err, -ENOMEM, "out of memory");
	s->cfg = cfg;
	s->dp = dp;
	s->ev = ev;
	s->fd = -1;
	rate_limit_init(&s->refusals, REFUSAL_RATE, REFUSAL_RATE);
	if (lma_cache_init(&s->cache, cfg) || lma_revoke_init(&s->revoker, cfg, send_to_mag, s)) {
		lma_signal_stop(s);
		return xmip_err(err, -ENOMEM, "proxy binding cache: out of memory");
	}
	ret = lma_state_open(&s->state, cfg->state_file, &s->cache, &restored, err);
	if (!ret && restored)
		log_notice("%d proxy binding(s) restored from %s", restored, cfg->state_file);
	if (!ret)
		ret = admit_mags(s, err);
	if (!ret && cfg->protection == MH_PROTECT_UNPROTECTED)
		log_warn("bu_protection = \"unprotected-for-tests\": proxy BUs are accepted without any "
			 "authentication; any host that sends from a MAG's address can move a binding. "
			 "Never outside a test.");
	if (!ret)
		ret = mh_socket_serve(ev, &cfg->address6, handle_message, s, &s->fd, &s->io, err);
	if (ret >= 0)
		ret = event_every(ev, &s->sweep, SWEEP_INTERVAL_US, on_sweep, s);
	if (ret < 0) {
		if (!err->msg[0])
			xmip_err(err, ret, "signalling: %s", strerror(-ret));
		lma_signal_stop(s);
		return ret;
	}
	*out = s;
	return 0;
}

void lma_signal_stop(struct lma_signal *s)
{
	if (!s)
		return;
	mh_socket_unwatch(s->io);
	sd_event_source_disable_unref(s->sweep);
	if (s->fd >= 0)
		close(s->fd);
	state_file_close(s->state);
	lma_revoke_free(&s->revoker);
	lma_cache_free(&s->cache);
	free(s);
}

static struct json_object *entry_report(const struct lma_signal *s, int host, uint64_t now)
{
	const struct lma_entry *e = &s->cache.entries[host];
	struct json_object *b = json_object_new_object();
	char addr[INET6_ADDRSTRLEN], ll[3 * MH_LL_ID_MAX + 1] = "";
	int i;

	json_object_object_add(b, "id", json_object_new_string(host_id(s, host)));
	inet_ntop(AF_INET, &e->hoa4, addr, sizeof(addr));
	json_object_object_add(b, "ipv4_home_address", json_object_new_string(addr));
	json_object_object_add(b, "mag", json_object_new_string(s->cfg->mags[e->mag].id));
	inet_ntop(AF_INET6, &s->cfg->mags[e->mag].address6, addr, sizeof(addr));
	json_object_object_add(b, "proxy_care_of_address", json_object_new_string(addr));
	for (i = 0; i < e->ll_id_len; i++)
		snprintf(ll + strlen(ll), sizeof(ll) - strlen(ll), "%s%02x", i ? ":" : "", e->ll_id[i]);
	json_object_object_add(b, "link_layer_id", json_object_new_string(ll));
	json_object_object_add(b, "access_technology", json_object_new_int(e->att));
	json_object_object_add(b, "lifetime", json_object_new_int64(e->lifetime_s));
	json_object_object_add(b, "expires_in",
			       json_object_new_int64(e->expires_ms > now ? (int64_t)(e->expires_ms - now) / 1000 : 0));
	return b;
}

/* Malformed messages, by reason ("bad checksum": 3, ...). */
static struct json_object *dropped_report(const uint64_t *refused)
{
	struct json_object *o = json_object_new_object();
	int r;

	for (r = 1; r < MH_RESULT_MAX; r++)
		if (refused[r])
			json_object_object_add(o, mh_result_name(r), json_object_new_uint64(refused[r]));
	return o;
}

struct json_object *lma_signal_report(void *ctx, const char *args)
{
	struct lma_signal *s = ctx;
	struct json_object *o = json_object_new_object(), *list = json_object_new_array();
	uint64_t now = now_ms(s);
	int i;

	(void)args;
	for (i = 0; i < s->cfg->n_hosts; i++)
		if (s->cache.entries[i].active)
			json_object_array_add(list, entry_report(s, i, now));
	json_object_object_add(o, "registrations", list);
	json_object_object_add(o, "bu_protection", json_object_new_string(mh_protection_name(s->cfg->protection)));
	json_object_object_add(o, "pbus_accepted", json_object_new_uint64(s->pbus_accepted));
	json_object_object_add(o, "pbus_refused", json_object_new_uint64(s->pbus_refused));
	json_object_object_add(o, "pbus_auth_failed", json_object_new_uint64(s->pbus_auth_failed));
	json_object_object_add(o, "refusals_unanswered", json_object_new_uint64(s->refusals_unanswered));
	json_object_object_add(o, "bris_sent", json_object_new_uint64(s->revoker.sent));
	json_object_object_add(o, "bras_received", json_object_new_uint64(s->revoker.acked));
	json_object_object_add(o, "revocations_unanswered", json_object_new_uint64(s->revoker.unanswered));
	json_object_object_add(o, "bras_unexpected", json_object_new_uint64(s->bras_unexpected));
	json_object_object_add(o, "messages_dropped", dropped_report(s->refused));
	return o;
}

void lma_signal_leave_home(struct lma_signal *s)
{
	s->home_elsewhere = true;
}
