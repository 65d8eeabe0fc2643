// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "pmip/lma_revoke.h"

int lma_revoke_init(struct lma_revoker *r, const struct lma_config *cfg,
		    void (*send)(void *ctx, const struct mh_msg *m, int mag), void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->pending = calloc(BRI_PENDING_MAX, sizeof(*r->pending));
	if (!r->pending)
		return -ENOMEM;
	r->cfg = cfg;
	r->send = send;
	r->ctx = ctx;
	r->next_seq = 1;
	return 0;
}

void lma_revoke_free(struct lma_revoker *r)
{
	free(r->pending);
	memset(r, 0, sizeof(*r));
}

/* RFC 5846 6.1: the indication for one host's proxy binding, by its NAI. */
static void send_bri(struct lma_revoker *r, struct lma_revocation *p, uint64_t now_ms)
{
	const char *id = r->cfg->hosts[p->host].id;
	struct mh_msg m = { .type = XMIP_MH_BRI };

	m.br.br_type = XMIP_BR_INDICATION;
	m.br.code = p->trigger;
	m.br.seq = p->seq;
	m.br.flags = XMIP_BR_F_P;
	m.opt.has_mn_id = true;
	m.opt.mn_id_subtype = MH_MN_ID_NAI;
	m.opt.mn_id_len = (uint8_t)strlen(id);
	memcpy(m.opt.mn_id, id, m.opt.mn_id_len);
	r->send(r->ctx, &m, p->mag);
	r->sent++;
	p->sent++;
	p->next_ms = now_ms + BRI_INTERVAL_MS;
}

static void forget(struct lma_revoker *r, int i)
{
	r->pending[i] = r->pending[--r->n];
}

void lma_revoke_start(struct lma_revoker *r, int host, int mag, uint8_t trigger, uint64_t now_ms)
{
	struct lma_revocation *p;
	int i;

	/* One revocation per host and MAG: a newer one replaces it. */
	for (i = 0; i < r->n; i++)
		if (r->pending[i].host == host && r->pending[i].mag == mag)
			forget(r, i--);
	if (r->n == BRI_PENDING_MAX) {
		r->dropped++;   /* full: one waiting revocation gives way; that
				 * MAG's state then ends with its lifetime */
		forget(r, 0);
	}
	p = &r->pending[r->n++];
	*p = (struct lma_revocation){ .host = host, .mag = mag, .seq = r->next_seq++, .trigger = trigger };
	send_bri(r, p, now_ms);
}

int lma_revoke_ack(struct lma_revoker *r, int mag, const struct mh_msg *bra)
{
	int i, host;

	for (i = 0; i < r->n; i++) {
		if (r->pending[i].mag != mag || r->pending[i].seq != bra->br.seq)
			continue;
		host = r->pending[i].host;
		forget(r, i);
		r->acked++;
		return host;
	}
	return -1;
}

void lma_revoke_tick(struct lma_revoker *r, uint64_t now_ms)
{
	int i;

	for (i = 0; i < r->n; i++) {
		struct lma_revocation *p = &r->pending[i];

		if (p->next_ms > now_ms)
			continue;
		if (p->sent < BRI_TRIES) {
			send_bri(r, p, now_ms);
			continue;
		}
		log_warn("%s: MAG %s did not acknowledge the revocation (%d BRIs)", r->cfg->hosts[p->host].id,
			 r->cfg->mags[p->mag].id, p->sent);
		r->unanswered++;
		forget(r, i--);
	}
}
