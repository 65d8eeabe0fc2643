// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "pmip/lma_cache.h"

/* --- the hosts by NAI ---------------------------------------------------- */

static int by_id_cmp(const void *a, const void *b, void *hosts)
{
	const struct lma_host *h = hosts;

	return strcmp(h[*(const int *)a].id, h[*(const int *)b].id);
}

int lma_cache_find(const struct lma_cache *c, const char *id)
{
	int lo = 0, hi = c->cfg->n_hosts - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2, h = c->by_id[mid];
		int cmp = strcmp(id, c->cfg->hosts[h].id);

		if (!cmp)
			return h;
		if (cmp < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

/* --- the pool: one bit per address of cfg->v4_pool ---------------------- */

static uint32_t pool_base(const struct lma_cache *c)
{
	return ntohl(c->cfg->v4_pool.addr.s_addr);
}

/* Whether a is an address the pool gives: not the pool's network or
 * broadcast address, not the default router. */
static bool pool_gives(const struct lma_cache *c, struct in_addr a)
{
	uint32_t i = ntohl(a.s_addr) - pool_base(c);

	return c->cfg->has_v4_pool && prefix4_contains(&c->cfg->v4_pool, a) && i > 0 && i < c->pool_size - 1 &&
	       a.s_addr != c->cfg->default_router4.s_addr;
}

static bool pool_taken(const struct lma_cache *c, struct in_addr a)
{
	uint32_t i = ntohl(a.s_addr) - pool_base(c);

	return c->pool_used[i / 8] >> (i % 8) & 1;
}

static void pool_mark(struct lma_cache *c, struct in_addr a, bool used)
{
	uint32_t i;

	if (!pool_gives(c, a))
		return;
	i = ntohl(a.s_addr) - pool_base(c);
	if (used)
		c->pool_used[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		c->pool_used[i / 8] &= (uint8_t)~(1u << (i % 8));
}

/* A free address of the pool, the host's last one first; 0.0.0.0: none.
 * The search goes on from where the last one ended (pool_next), wrapping:
 * from the pool's start each new host would walk past every address given
 * before it, which with a large pool mostly given out costs a registration
 * more than the rest of it. */
static struct in_addr pool_take(struct lma_cache *c, struct in_addr last)
{
	struct in_addr a = { 0 };
	uint32_t n, i;

	if (pool_gives(c, last) && !pool_taken(c, last))
		return last;
	for (n = 0; n < c->pool_size; n++) {
		i = (c->pool_next + n) % c->pool_size;
		a.s_addr = htonl(pool_base(c) + i);
		if (pool_gives(c, a) && !pool_taken(c, a)) {
			c->pool_next = i + 1;
			return a;
		}
	}
	a.s_addr = 0;
	return a;
}

int lma_cache_init(struct lma_cache *c, const struct lma_config *cfg)
{
	int i;

	memset(c, 0, sizeof(*c));
	c->cfg = cfg;
	c->entries = calloc((size_t)cfg->n_hosts + 1, sizeof(*c->entries));
	c->by_id = calloc((size_t)cfg->n_hosts + 1, sizeof(*c->by_id));
	c->pool_size = cfg->has_v4_pool ? 1u << (32 - cfg->v4_pool.len) : 0;
	c->pool_used = calloc(c->pool_size / 8 + 1, 1);
	if (!c->entries || !c->by_id || !c->pool_used) {
		lma_cache_free(c);
		return -ENOMEM;
	}
	for (i = 0; i < cfg->n_hosts; i++)
		c->by_id[i] = i;
	qsort_r(c->by_id, (size_t)cfg->n_hosts, sizeof(*c->by_id), by_id_cmp, cfg->hosts);
	return 0;
}

void lma_cache_free(struct lma_cache *c)
{
	free(c->entries);
	free(c->by_id);
	free(c->pool_used);
	memset(c, 0, sizeof(*c));
}

/* --- deciding on a PBU --------------------------------------------------- */

/* The PBA's start (RFC 5213 5.3.6): P, the PBU's sequence number, and the
 * options that say which host and attachment it answers, copied. */
static void pba_init(const struct mh_msg *pbu, struct mh_msg *pba)
{
	const struct mh_pmip_options *in = &pbu->opt.pmip;
	struct mh_pmip_options *out = &pba->opt.pmip;

	memset(pba, 0, sizeof(*pba));
	pba->type = XMIP_MH_BA;
	pba->ba.flags = MH_BA_F_P;
	pba->ba.seq = pbu->bu.seq;
	if (pbu->opt.has_mn_id) {
		pba->opt.has_mn_id = true;
		pba->opt.mn_id_subtype = pbu->opt.mn_id_subtype;
		pba->opt.mn_id_len = pbu->opt.mn_id_len;
		memcpy(pba->opt.mn_id, pbu->opt.mn_id, sizeof(pba->opt.mn_id));
	}
	memcpy(out->hnp, in->hnp, sizeof(out->hnp));
	out->n_hnp = in->n_hnp;
	out->has_handoff = in->has_handoff;
	out->handoff = in->handoff;
	out->has_att = in->has_att;
	out->att = in->att;
	out->has_ll_id = in->has_ll_id;
	out->ll_id_len = in->ll_id_len;
	memcpy(out->ll_id, in->ll_id, sizeof(out->ll_id));
	out->has_link_local = in->has_link_local;
	out->link_local = in->link_local;
	out->has_timestamp = in->has_timestamp;
	out->timestamp = in->timestamp;
}

static void refuse(struct lma_decision *d, uint8_t status)
{
	d->pba.ba.status = status;
	d->pba.ba.lifetime = 0;
}

/* |a - b| of two RFC 5213 timestamps (1/65536 s), in ms. */
static uint64_t ts_distance_ms(uint64_t a, uint64_t b)
{
	uint64_t d = a > b ? a - b : b - a;

	return d / 65536 * 1000 + d % 65536 * 1000 / 65536;
}

/* RFC 5213 5.5: a timestamp within the validity window of ours, and newer
 * than the one the binding last accepted. 0, or the status to refuse with
 * (a mismatch carries our time, so the MAG can tell how far off it is). */
static uint8_t check_timestamp(const struct lma_cache *c, const struct lma_entry *e, const struct mh_msg *pbu,
			       uint64_t now_ts, struct lma_decision *d)
{
	const struct mh_pmip_options *p = &pbu->opt.pmip;

	if (!p->has_timestamp || ts_distance_ms(p->timestamp, now_ts) > c->cfg->timestamp_window_ms) {
		d->pba.opt.pmip.has_timestamp = true;
		d->pba.opt.pmip.timestamp = now_ts;
		return XMIP_BA_TIMESTAMP_MISMATCH;
	}
	if (e->timestamp && p->timestamp <= e->timestamp)
		return XMIP_BA_TIMESTAMP_LOWER;
	return 0;
}

/* RFC 5844 3.1.2: the IPv4 home address the host gets, in *out. 0, or the
 * PBA's status (the reply option then says why). */
static uint8_t assign_v4(struct lma_cache *c, int host, const struct lma_entry *e, const struct mh_msg *pbu,
			 struct in_addr *out, struct mh_pmip_options *reply)
{
	const struct lma_host *h = &c->cfg->hosts[host];
	struct in_addr want = pbu->opt.pmip.v4_req;
	bool mine = e->active && e->hoa4.s_addr;

	reply->has_v4_rep = true;
	reply->v4_rep_plen = c->cfg->home_prefix4.len;
	if (h->hoa4.s_addr) {
		*out = h->hoa4;
		if (want.s_addr && want.s_addr != h->hoa4.s_addr)
			goto incorrect;
	} else if (!want.s_addr || (mine && want.s_addr == e->hoa4.s_addr)) {
		*out = mine ? e->hoa4 : pool_take(c, e->last_pool4);
		if (!out->s_addr) {
			reply->v4_rep_status = XMIP_V4REP_NO_DYNAMIC;
			return XMIP_BA_INSUFFICIENT_RESOURCES;
		}
	} else {
		/* A pool address the host names (it had it before, say): its own
		 * if nobody took it meanwhile. */
		if (!pool_gives(c, want) || pool_taken(c, want))
			goto incorrect;
		*out = want;
	}
	reply->v4_rep = *out;
	return 0;
incorrect:
	reply->v4_rep_status = XMIP_V4REP_INCORRECT_HOA;
	reply->v4_rep = want;
	return XMIP_BA_NOT_AUTHORIZED_IPV4_HOA;
}

/* Lifetime 0 (RFC 5213 5.3.5): the binding goes only when the MAG that
 * holds it says so; another MAG's deregistration (a late one, after the
 * host moved) is acknowledged and changes nothing. */
static void deregister(struct lma_cache *c, int mag, const struct mh_msg *pbu, struct lma_entry *e)
{
	if (!e->active || e->mag != mag)
		return;
	pool_mark(c, e->hoa4, false);
	e->active = false;
	e->lifetime_s = 0;
	e->expires_ms = 0;
	e->seq = pbu->bu.seq;
	e->timestamp = pbu->opt.pmip.timestamp;
}

/* RFC 5213 5.3.1's checks of who sends, for whom, and with what (the
 * sender's authentication was the caller's): 0, or the status to refuse
 * with. d->host is set once the host is known. */
static uint8_t admit(const struct lma_cache *c, int mag, const struct mh_msg *pbu, struct lma_decision *d)
{
	if (!(pbu->bu.flags & XMIP_BU_F_P))
		return XMIP_BA_HOME_REG_NOT_SUPPORTED;   /* no MIPv6 home agent here */
	if (mag < 0)
		return XMIP_BA_MAG_NOT_AUTHORIZED;
	if (!pbu->opt.has_mn_id || pbu->opt.mn_id_subtype != MH_MN_ID_NAI)
		return XMIP_BA_MISSING_MN_ID;
	d->host = lma_cache_find(c, pbu->opt.mn_id);
	if (d->host < 0)
		return XMIP_BA_NOT_LMA_FOR_MN;
	if (!(c->cfg->hosts[d->host].mags >> mag & 1))
		return XMIP_BA_MAG_NOT_AUTHORIZED;
	if (!pbu->opt.pmip.has_handoff)
		return XMIP_BA_MISSING_HANDOFF;
	if (!pbu->opt.pmip.has_att)
		return XMIP_BA_MISSING_ATT;
	return 0;
}

/* A registration that passed every check: the binding follows the host to
 * mag, with its address and lifetime. */
static void bind_host(struct lma_cache *c, int mag, const struct mh_msg *pbu, struct in_addr hoa4, uint64_t now_ms,
		 struct lma_decision *d)
{
	const struct mh_pmip_options *p = &pbu->opt.pmip;
	struct lma_entry *e = &c->entries[d->host];
	uint32_t lifetime = (uint32_t)pbu->bu.lifetime * 4;

	if (lifetime > c->cfg->max_lifetime_s)
		lifetime = c->cfg->max_lifetime_s;
	if (e->active && e->mag != mag)
		d->revoke_mag = e->mag;   /* RFC 5846: the old MAG lets go */
	if (e->active && e->hoa4.s_addr != hoa4.s_addr)
		pool_mark(c, e->hoa4, false);
	pool_mark(c, hoa4, true);
	e->active = true;
	e->mag = mag;
	e->seq = pbu->bu.seq;
	e->timestamp = p->timestamp;
	e->lifetime_s = lifetime;
	e->expires_ms = now_ms + (uint64_t)lifetime * 1000;
	e->hoa4 = hoa4;
	if (pool_gives(c, hoa4))
		e->last_pool4 = hoa4;
	e->att = p->att;
	e->ll_id_len = p->has_ll_id ? p->ll_id_len : 0;
	memcpy(e->ll_id, p->ll_id, sizeof(e->ll_id));
	d->after = *e;

	d->pba.ba.status = XMIP_BA_ACCEPTED;
	d->pba.ba.lifetime = (uint16_t)(lifetime / 4);
	d->pba.opt.pmip.has_v4_dra = true;
	d->pba.opt.pmip.v4_dra = c->cfg->default_router4;
	/* RFC 5844 3.3.4: our MAGs serve DHCP themselves (no relay). */
	d->pba.opt.pmip.has_dhcp_mode = true;
	d->pba.opt.pmip.dhcp_server = true;
}

void lma_cache_process_pbu(struct lma_cache *c, int mag, const struct mh_msg *pbu, uint64_t now_ms,
			   uint64_t now_ts, struct lma_decision *d)
{
	const struct mh_pmip_options *p = &pbu->opt.pmip;
	struct lma_entry *e;
	struct in_addr hoa4;
	uint8_t status;

	pba_init(pbu, &d->pba);
	d->host = -1;
	d->revoke_mag = -1;
	status = admit(c, mag, pbu, d);
	if (status) {
		refuse(d, status);
		return;
	}
	e = &c->entries[d->host];
	d->before = *e;
	d->after = *e;
	status = check_timestamp(c, e, pbu, now_ts, d);
	if (!status && !pbu->bu.lifetime) {
		deregister(c, mag, pbu, e);
		d->after = *e;
		return;
	}
	if (!status && p->n_hnp)
		status = XMIP_BA_NOT_AUTHORIZED_IPV6;   /* IPv4-only hosts */
	if (!status && !p->has_v4_req)
		status = XMIP_BA_MISSING_HNP;           /* neither family asked for */
	if (!status)
		status = assign_v4(c, d->host, e, pbu, &hoa4, &d->pba.opt.pmip);
	if (status)
		refuse(d, status);
	else
		bind_host(c, mag, pbu, hoa4, now_ms, d);
}

void lma_cache_restore(struct lma_cache *c, int host, const struct lma_entry *before)
{
	struct lma_entry *e = &c->entries[host];

	if (e->active)
		pool_mark(c, e->hoa4, false);
	*e = *before;
	if (e->active)
		pool_mark(c, e->hoa4, true);
}

int lma_cache_load(struct lma_cache *c, int host, const struct lma_entry *e)
{
	const struct lma_host *h = &c->cfg->hosts[host];

	if (e->active && (e->mag < 0 || e->mag >= c->cfg->n_mags || !(h->mags >> e->mag & 1) ||
			  (h->hoa4.s_addr ? e->hoa4.s_addr != h->hoa4.s_addr
					  : !pool_gives(c, e->hoa4) || pool_taken(c, e->hoa4))))
		return -1;
	lma_cache_restore(c, host, e);
	return 0;
}

int lma_cache_expire_next(struct lma_cache *c, uint64_t now_ms, int *from, struct lma_entry *expired)
{
	for (; *from < c->cfg->n_hosts; (*from)++) {
		struct lma_entry *e = &c->entries[*from];

		if (!e->active || e->expires_ms > now_ms)
			continue;
		*expired = *e;
		pool_mark(c, e->hoa4, false);
		e->active = false;
		return (*from)++;
	}
	return -1;
}
