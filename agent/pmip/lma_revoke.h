/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The LMA's side of Binding Revocation (RFC 5846 8): when a host's binding
 * moved to another MAG, the old MAG is told to let the host go (a BRI with
 * the host's NAI, P set, the handover trigger), and the BRI is sent again
 * until that MAG acknowledges it (BRA) or BRI_TRIES sends went unanswered.
 * No I/O here: the caller's send() signs and sends, and passes the time.
 */
#ifndef XMIP_LMA_REVOKE_H
#define XMIP_LMA_REVOKE_H

#include <stdbool.h>
#include <stdint.h>
#include "mh/mh.h"
#include "pmip/lma_config.h"

#define BRI_TRIES 3                  /* sends of one BRI, at most */
#define BRI_INTERVAL_MS 1000         /* between them (RFC 5846 11: MINDelayBRIs) */
#define BRI_PENDING_MAX 4096         /* revocations waiting for their BRA */

struct lma_revocation {
	int host, mag;
	uint16_t seq;
	uint8_t trigger;
	int sent;
	uint64_t next_ms;
};

struct lma_revoker {
	const struct lma_config *cfg;
	struct lma_revocation *pending;
	int n;
	uint16_t next_seq;
	uint64_t sent, acked, unanswered, dropped;
	/* Sends m to MAG mag (signed as the MAG's associations say). */
	void (*send)(void *ctx, const struct mh_msg *m, int mag);
	void *ctx;
};

int lma_revoke_init(struct lma_revoker *r, const struct lma_config *cfg,
		    void (*send)(void *ctx, const struct mh_msg *m, int mag), void *ctx);
void lma_revoke_free(struct lma_revoker *r);
/* Host's binding at mag is to go, for trigger (XMIP_BR_TRIGGER_*). */
void lma_revoke_start(struct lma_revoker *r, int host, int mag, uint8_t trigger, uint64_t now_ms);
/* A BRA from mag: the revocation it answers is done. The revoked host's
 * index, or -1 when it answers none of ours. */
int lma_revoke_ack(struct lma_revoker *r, int mag, const struct mh_msg *bra);
/* Sends what is due again; gives up on what was sent BRI_TRIES times. */
void lma_revoke_tick(struct lma_revoker *r, uint64_t now_ms);

#endif
