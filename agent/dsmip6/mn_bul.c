// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include "dsmip6/mn_bul.h"
#include "xmip_abi.h"
#include "xmip_proto.h"

#define US_PER_S 1000000ULL

void mn_bul_init(struct mn_bul *b, uint16_t first_seq, bool force_udp, bool mobile_router)
{
	*b = (struct mn_bul){ .seq = first_seq, .force_udp = force_udp, .mobile_router = mobile_router };
}

static void send_next(struct mn_bul *b, uint64_t now_us)
{
	b->seq++;                    /* modulo 2^16 by the type */
	b->flags = XMIP_BU_F_A | XMIP_BU_F_H | (b->force_udp ? XMIP_BU_F_F : 0) |
		   (b->mobile_router ? XMIP_BU_F_R : 0);
	b->tries++;
	b->state = MN_BUL_WAITING;
	b->due_us = now_us + b->timeout_s * US_PER_S;
}

void mn_bul_register(struct mn_bul *b, uint64_t now_us)
{
	b->deregistering = false;
	b->tries = 0;
	b->timeout_s = XMIP_INITIAL_BINDACK_TIMEOUT;
	send_next(b, now_us);
}

void mn_bul_deregister(struct mn_bul *b, uint64_t now_us)
{
	mn_bul_register(b, now_us);
	b->deregistering = true;
}

void mn_bul_resend(struct mn_bul *b, uint64_t now_us)
{
	b->timeout_s = b->timeout_s * 2 > XMIP_MAX_BINDACK_TIMEOUT ? XMIP_MAX_BINDACK_TIMEOUT
								    : b->timeout_s * 2;
	send_next(b, now_us);
}

void mn_bul_stop(struct mn_bul *b)
{
	if (b->state == MN_BUL_WAITING)
		b->state = MN_BUL_IDLE;
	b->due_us = 0;
}

enum mn_bul_due mn_bul_due(struct mn_bul *b, uint64_t now_us, bool on_ipv6)
{
	if (!b->due_us || now_us < b->due_us)
		return MN_BUL_NOTHING;
	b->due_us = 0;
	switch (b->state) {
	case MN_BUL_WAITING:
		if (on_ipv6 && !b->fallback_v4 && b->tries >= MN_BUL_TRIES_BEFORE_FALLBACK) {
			b->fallback_v4 = true;
			return MN_BUL_FALL_BACK;
		}
		return MN_BUL_RESEND;
	case MN_BUL_REGISTERED:
	case MN_BUL_REFUSED:
		return MN_BUL_REREGISTER;
	case MN_BUL_IDLE:
	case MN_BUL_HOME:
		break;
	}
	return MN_BUL_NOTHING;
}

/* When to send the next BU of an accepted binding: at 80% of the lifetime,
 * or at the NAT keepalive time when the home agent asked for one and it is
 * sooner (RFC 5555 4.3: the BU is the keepalive). Never 0. */
static uint32_t refresh_time(const struct mh_msg *ba, uint32_t lifetime_s)
{
	uint32_t refresh = lifetime_s - lifetime_s / 5;

	if (ba->opt.has_nat_detect && ba->opt.nat_f && ba->opt.nat_refresh_s != 0xffffffffu &&
	    ba->opt.nat_refresh_s && ba->opt.nat_refresh_s < refresh)
		refresh = ba->opt.nat_refresh_s;
	return refresh ? refresh : 1;
}

enum mn_bul_verdict mn_bul_on_ba(struct mn_bul *b, const struct mh_msg *ba, uint64_t now_us)
{
	if (b->state != MN_BUL_WAITING || ba->ba.seq != b->seq) {
		/* RFC 6275 11.7.3: a 135 carries the home agent's last number;
		 * whatever we sent, continue after it. Other late answers are
		 * for BUs already superseded. */
		if (ba->ba.status != XMIP_BA_SEQ_OUT_OF_WINDOW || b->state != MN_BUL_WAITING)
			return MN_BUL_BA_IGNORED;
	}
	b->last_status = ba->ba.status;
	if (b->deregistering && ba->ba.status != XMIP_BA_SEQ_OUT_OF_WINDOW) {
		/* Accepted, or refused because nothing was bound (133): either
		 * way no binding is left at the home agent. */
		b->state = MN_BUL_HOME;
		b->due_us = 0;
		b->lifetime_s = 0;
		return MN_BUL_BA_HOME;
	}
	if (ba->ba.status == XMIP_BA_SEQ_OUT_OF_WINDOW) {
		b->seq = ba->ba.seq;
		return MN_BUL_BA_RESTART;
	}
	if (ba->ba.status == XMIP_BA_F_FLAG_NOT_ALLOWED && b->force_udp) {
		b->force_udp = false;   /* RFC 5555 4.4.2: resend without F */
		return MN_BUL_BA_RESTART;
	}
	if (ba->ba.status >= 128) {
		b->state = MN_BUL_REFUSED;
		b->due_us = now_us + MN_BUL_RETRY_AFTER_REFUSAL_S * US_PER_S;
		return MN_BUL_BA_REFUSED;
	}
	b->state = MN_BUL_REGISTERED;
	b->lifetime_s = (uint32_t)ba->ba.lifetime * 4;
	b->refresh_s = refresh_time(ba, b->lifetime_s);
	b->due_us = now_us + b->refresh_s * US_PER_S;
	return MN_BUL_BA_ACCEPTED;
}

void mn_bul_apply_failed(struct mn_bul *b, uint64_t now_us)
{
	b->state = MN_BUL_REFUSED;
	b->due_us = now_us + MN_BUL_RETRY_AFTER_REFUSAL_S * US_PER_S;
}

uint8_t mn_bul_data_format(uint8_t path_format, const struct mh_msg *ba)
{
	if (path_format == XMIP_TUN_UDP4 && !(ba->opt.has_nat_detect && ba->opt.nat_f))
		return XMIP_TUN_IP4;
	return path_format;
}

const char *mn_bul_state_name(enum mn_bul_state s)
{
	switch (s) {
	case MN_BUL_IDLE: return "idle";
	case MN_BUL_WAITING: return "waiting for BA";
	case MN_BUL_REGISTERED: return "registered";
	case MN_BUL_REFUSED: return "refused";
	case MN_BUL_HOME: return "at home";
	}
	return "?";
}
