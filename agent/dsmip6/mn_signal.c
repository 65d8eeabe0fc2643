// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The mobile node's signalling: the binding update list entry for its home
 * registration (BUs with back-off, refreshes), BAs and what they grant.
 * Where the node is comes from mn_movement.c and mn_care_of.c; what it
 * holds where, from mn_home.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/log.h"
#include "core/report.h"
#include "dsmip6/mn_signal.h"
#include "dsmip6/mn_state.h"
#include "dsmip6/mn_addresses.h"
#include "dsmip6/mn_tunnel.h"
#include "mh/mh_socket.h"

uint64_t mn_now_us(const struct mn_signal *s)
{
	uint64_t usec = 0;

	sd_event_now(s->ev, CLOCK_MONOTONIC, &usec);
	return usec;
}

/* The one timer follows the list entry's due time. */
void mn_arm_timer(struct mn_signal *s)
{
	if (!s->bul.due_us) {
		sd_event_source_set_enabled(s->timer, SD_EVENT_OFF);
		return;
	}
	sd_event_source_set_time(s->timer, s->bul.due_us);
	sd_event_source_set_enabled(s->timer, SD_EVENT_ONESHOT);
}

/* The BU the list entry asks for: its number and flags, lifetime 0 when
 * deregistering from the home link, the options of RFC 5555 and 3963. */
static void build_bu(const struct mn_signal *s, struct mh_msg *bu)
{
	const struct mn_config *mn = s->cfg;
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
void mn_send_bu(struct mn_signal *s)
{
	const struct mn_config *mn = s->cfg;
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
		mn_arm_timer(s);
		return;
	}
	if (mn->protection == MH_PROTECT_RFC4285) {
		/* RFC 4285: a timestamp on the home agent's clock, and the
		 * MN-HA authenticator, with the first (newest) association. */
		bu.opt.has_replay = true;
		bu.opt.timestamp = mh_ntp_now(s->clock_offset_ms);
		mh_auth_prepare(&bu, &mn->keys[0]);
		s->auth_coa = mh_auth_coa(&bu, NULL, &mn->home_address6);
	}
	len = mh_encode(&bu, &mn->home_address6, &s->ha.addr6, buf, sizeof(buf));
	if (len >= 0 && mn->protection == MH_PROTECT_RFC4285 &&
	    mh_auth_sign(buf, (size_t)len, &mn->keys[0], &s->auth_coa, &mn->home_address6,
			 &mn->home_address6, &s->ha.addr6))
		len = -1;
	ret = len < 0 ? -EINVAL : mh_socket_send(s->fd, buf, (size_t)len, &mn->home_address6,
						  &s->ha.addr6, 0);
	if (ret)
		log_warn("sending the BU: %s", strerror(-ret));
	else
		log_info("BU %u%s sent from %s (try %d, next in %u s)", s->bul.seq,
			 s->bul.deregistering ? " (deregistration)" : "", s->coa.ifname, s->bul.tries,
			 s->bul.timeout_s);
	mn_arm_timer(s);
}

/* A new registration (or deregistration, at home) from where we are. */
void mn_register_now(struct mn_signal *s)
{
	if (s->coa.home) {
		mn_bul_deregister(&s->bul, mn_now_us(s));
	} else {
		s->path = mn_bu_path(s, &s->coa);
		mn_bul_register(&s->bul, mn_now_us(s));
	}
	mn_send_bu(s);
}

void mn_signal_protection_ready(void *ctx)
{
	struct mn_signal *s = ctx;

	if (s->bul.state != MN_BUL_WAITING)
		return;
	log_info("the BU's SA is up: BU %u again now", s->bul.seq);
	mn_bul_resend(&s->bul, mn_now_us(s));
	mn_send_bu(s);
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
		if (mn_reselect(s))
			break;
		/* No IPv4 care-of address: keep trying IPv6. */
		/* fall through */
	case MN_BUL_RESEND:
		/* Unanswered for a minute: maybe DNS names another home agent now. */
		if (s->discovery && s->bul.timeout_s >= XMIP_MAX_BINDACK_TIMEOUT)
			mn_discovery_again(s->discovery);
		mn_bul_resend(&s->bul, usec);
		mn_send_bu(s);
		break;
	case MN_BUL_REREGISTER:
		if (s->coa.family)
			mn_register_now(s);
		break;
	}
	return 0;
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
		mn_bul_apply_failed(&s->bul, mn_now_us(s));
		return;
	}
	s->data_format = data.format;
	log_notice("registered: %s via %s, lifetime %u s, refresh in %u s",
		   tunnel_format_name(data.format), s->coa.ifname, s->bul.lifetime_s, s->bul.refresh_s);
	if (ba->opt.has_ipv4_ack)
		mn_bind_ipv4(s, &ba->opt.ipv4_ack);
	mn_bind_prefixes(s, ba);
}

const struct mh_auth_key *mn_key(const struct mn_signal *s, uint32_t spi)
{
	int i;

	for (i = 0; i < s->cfg->n_keys; i++)
		if (s->cfg->keys[i].spi == spi)
			return &s->cfg->keys[i];
	return NULL;
}

/* RFC 4285: a BA counts only when its authenticator is right (a forged
 * refusal or acceptance is dropped; the node keeps trying). A signed 145
 * brings the home agent's clock: the next BU goes at once on that time. */
static bool ba_authentic(struct mn_signal *s, const uint8_t *buf, size_t len, const struct mh_msg *ba)
{
	const struct mh_auth_key *k = ba->opt.has_auth ? mn_key(s, ba->opt.auth_spi) : NULL;

	if (s->cfg->protection != MH_PROTECT_RFC4285)
		return true;
	if (!k || !mh_auth_verify(buf, len, ba, k, &s->auth_coa, &s->cfg->home_address6)) {
		s->bas_unauthenticated++;
		log_info("BA %u dropped: its MN-HA authenticator is %s", ba->ba.seq,
			 ba->opt.has_auth ? "wrong" : "missing");
		return false;
	}
	if (ba->ba.status == XMIP_BA_MESG_ID_REQD && ba->opt.has_replay && ba->ba.seq == s->bul.seq &&
	    s->bul.state == MN_BUL_WAITING) {
		s->clock_offset_ms = mh_ntp_diff_ms(ba->opt.timestamp, mh_ntp_now(0));
		log_notice("home agent's clock is %+" PRId64 " ms from ours: BU %u again on its time",
			   s->clock_offset_ms, s->bul.seq);
		mn_bul_resend(&s->bul, mn_now_us(s));
		mn_send_bu(s);
		return false;
	}
	return true;
}

static void handle_ba(struct mn_signal *s, const uint8_t *buf, size_t len, const struct mh_msg *ba)
{
	if (!ba_authentic(s, buf, len, ba))
		return;
	switch (mn_bul_on_ba(&s->bul, ba, mn_now_us(s))) {
	case MN_BUL_BA_IGNORED:
		log_debug("BA %u ignored (waiting for %u)", ba->ba.seq, s->bul.seq);
		return;
	case MN_BUL_BA_RESTART:
		if (ba->ba.status == XMIP_BA_F_FLAG_NOT_ALLOWED)
			log_warn("home agent refuses forced UDP (status 144): registering without");
		else
			log_info("BA: sequence out of window, continuing after %u", ba->ba.seq);
		mn_register_now(s);
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
	mn_arm_timer(s);
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
			handle_ba(s, buf, rx.len, &m);
		else if (m.type == XMIP_MH_BRR && s->bul.state == MN_BUL_REGISTERED)
			mn_register_now(s);   /* RFC 6275 11.7.4 */
	}
	return 0;
}

int mn_signal_start(struct mn_signal **out, sd_event *ev, const struct mn_config *cfg,
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
	mn_bul_init(&s->bul, (uint16_t)(mn_now_us(s) ^ (uint64_t)getpid()), cfg->force_udp,
		    cfg->n_mnp6 > 0);
	ret = mn_addresses_prepare(cfg, err);
	if (!ret)
		ret = mn_addresses_away(cfg, NULL, NULL, err);
	if (!ret)
		ret = mn_prepare_mobile_router(cfg, err);
	if (!ret)
		ret = mn_find_home_agent(s, err);
	if (!ret)
		ret = s->fd = mh_socket_open(&cfg->home_address6, err);
	if (ret >= 0)
		ret = sd_event_add_io(ev, &s->io, s->fd, EPOLLIN, on_readable, s);
	if (ret >= 0)
		ret = sd_event_add_time(ev, &s->timer, CLOCK_MONOTONIC, 0, 0, on_timer, s);
	if (ret >= 0) {
		sd_event_source_set_enabled(s->timer, SD_EVENT_OFF);
		ret = mn_movement_start(s, err);
	}
	if (ret < 0) {
		if (!err->msg[0])
			xmip_err(err, ret, "signalling: %s", strerror(-ret));
		mn_signal_stop(s);
		return ret;
	}
	if (cfg->protection == MH_PROTECT_UNPROTECTED)
		log_warn("bu_protection = \"unprotected-for-tests\": BUs and BAs carry no "
			 "authentication; anyone on the path can answer for the home agent. "
			 "Never outside a test.");
	*out = s;
	return 0;
}

void mn_signal_reload(struct mn_signal *s, const struct mn_config *cfg)
{
	s->cfg = cfg;
	if (s->discovery)
		mn_discovery_reload(s->discovery, cfg);
}

void mn_signal_stop(struct mn_signal *s)
{
	if (!s)
		return;
	mn_movement_stop(s);
	sd_event_source_disable_unref(s->io);
	sd_event_source_disable_unref(s->timer);
	mn_discovery_stop(s->discovery);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}
