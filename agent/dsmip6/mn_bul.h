/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The mobile node's binding update list entry for its home registration,
 * as decisions without any I/O (the glue is mn_signal.c): sequence numbers,
 * retransmission with exponential back-off from 1 to 32 s (RFC 6275 11.8),
 * the fall back to an IPv4 care-of address after three unanswered BUs
 * (RFC 5555 4.4.1), BA handling (RFC 6275 11.7.3, RFC 5555 4.4.2: status
 * 135 and 144, refusals, the refresh time and NAT keepalives by BU) and
 * the data tunnel's format. Time is passed in (us of a monotonic clock),
 * so tests drive it.
 */
#ifndef XMIP_MN_BUL_H
#define XMIP_MN_BUL_H

#include <stdbool.h>
#include <stdint.h>
#include "mh/mh.h"

/* RFC 5555 4.4.1: after this many unanswered BUs from an IPv6 care-of
 * address, try the IPv4 one. */
#define MN_BUL_TRIES_BEFORE_FALLBACK 3
/* After a refusal, the next attempt (the node's configuration or the home
 * agent's may change meanwhile). */
#define MN_BUL_RETRY_AFTER_REFUSAL_S 32

enum mn_bul_state {
	MN_BUL_IDLE,                 /* nothing sent, or no care-of address */
	MN_BUL_WAITING,              /* a BU is unanswered */
	MN_BUL_REGISTERED,           /* accepted; refresh pending */
	MN_BUL_REFUSED,              /* refused; a new attempt pending */
	MN_BUL_HOME,                 /* on the home link, deregistered */
};

struct mn_bul {
	enum mn_bul_state state;
	uint16_t seq;                /* of the last BU sent */
	uint16_t flags;              /* of the last BU sent: XMIP_BU_F_* */
	bool force_udp;              /* F flag asked for (cleared by a 144) */
	bool mobile_router;          /* R flag: prefixes ride along (RFC 3963) */
	bool fallback_v4;            /* IPv6 went unanswered: prefer IPv4 */
	bool deregistering;          /* the BUs in flight have lifetime 0 */
	int tries;                   /* BUs of this registration */
	unsigned timeout_s;          /* until the next retransmission */
	uint64_t due_us;             /* next retransmission, refresh or retry; 0: none */
	uint32_t lifetime_s;         /* granted by the last BA */
	uint32_t refresh_s;
	uint8_t last_status;         /* of the last BA taken */
};

/* What a due timer asks for. */
enum mn_bul_due {
	MN_BUL_NOTHING,
	MN_BUL_RESEND,               /* the same registration: mn_bul_resend */
	MN_BUL_FALL_BACK,            /* choose again, IPv4 preferred now */
	MN_BUL_REREGISTER,           /* refresh or retry: mn_bul_register */
};

/* What a BA means for the list. */
enum mn_bul_verdict {
	MN_BUL_BA_IGNORED,           /* not the answer we wait for */
	MN_BUL_BA_RESTART,           /* register again at once (135, 144) */
	MN_BUL_BA_REFUSED,           /* retry at due_us */
	MN_BUL_BA_ACCEPTED,          /* apply the tunnel; refresh at due_us */
	MN_BUL_BA_HOME,              /* the deregistration was answered */
};

void mn_bul_init(struct mn_bul *b, uint16_t first_seq, bool force_udp, bool mobile_router);

/* A new registration (new care-of address, refresh, retry): the first BU's
 * number and flags are in b->seq and b->flags; retransmission at due_us. */
void mn_bul_register(struct mn_bul *b, uint64_t now_us);
/* Back on the home link (RFC 6275 11.5.4): BUs with lifetime 0 until one
 * is answered; then MN_BUL_HOME. */
void mn_bul_deregister(struct mn_bul *b, uint64_t now_us);
/* The next BU of the same registration, after twice the last wait (32 s at
 * most). Every BU takes a new number (the HA refuses a reused one). */
void mn_bul_resend(struct mn_bul *b, uint64_t now_us);
/* No care-of address: nothing in flight, nothing due. */
void mn_bul_stop(struct mn_bul *b);

/* What is due at now_us; on_ipv6: the BU in flight left from an IPv6
 * care-of address. MN_BUL_FALL_BACK is returned once, and sets fallback_v4. */
enum mn_bul_due mn_bul_due(struct mn_bul *b, uint64_t now_us, bool on_ipv6);

/* Takes a BA from the home agent. */
enum mn_bul_verdict mn_bul_on_ba(struct mn_bul *b, const struct mh_msg *ba, uint64_t now_us);
/* The accepted binding could not be applied: try again later. */
void mn_bul_apply_failed(struct mn_bul *b, uint64_t now_us);

/* The data tunnel after an accepted BA sent along path_format: from IPv4,
 * UDP 4191 only when the NAT detection option's F bit says so (RFC 5555
 * 4.2), plain IPv4 otherwise; the path's format from IPv6. */
uint8_t mn_bul_data_format(uint8_t path_format, const struct mh_msg *ba);

const char *mn_bul_state_name(enum mn_bul_state s);

#endif
