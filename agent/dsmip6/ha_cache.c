// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dsmip6/ha_cache.h"
#include "xmip_proto.h"

#define NO_NAT_REFRESH 0xffffffffu   /* RFC 5555 3.2.2: no keepalives needed */

/* Room for cap nodes: the arrays grow, the indexes are made anew for the
 * larger size (a reload that adds nodes, not a BU, pays for it). */
/* An array of cap elements of size, its first old ones kept, the rest
 * zero. The first time from calloc: a large cache's pages stay untouched
 * (not resident) until their nodes register. */
static void *grow_array(void *old, int old_cap, int cap, size_t size)
{
	unsigned char *p;

	if (!old)
		return calloc((size_t)cap, size);
	p = realloc(old, (size_t)cap * size);
	if (p)
		memset(p + (size_t)old_cap * size, 0, (size_t)(cap - old_cap) * size);
	return p;
}

static int grow(struct ha_cache *c, int cap)
{
	struct ha_entry *entries = grow_array(c->entries, c->cap, cap, sizeof(*entries));
	const struct mn_authz **nodes;
	int *free_handles, k;

	if (!entries)
		return -ENOMEM;
	c->entries = entries;
	nodes = grow_array(c->nodes, c->cap, cap, sizeof(*nodes));
	if (!nodes)
		return -ENOMEM;
	c->nodes = nodes;
	free_handles = grow_array(c->free_handles, c->cap, cap, sizeof(*free_handles));
	if (!free_handles)
		return -ENOMEM;
	c->free_handles = free_handles;
	c->cap = cap;
	ha_index_free(&c->index);
	if (ha_index_init(&c->index, cap))
		return -ENOMEM;
	for (k = 0; k < c->n; k++) {
		if (!c->nodes[k])
			continue;
		ha_index_add6(&c->index, c->nodes, k);
		ha_index_bound4_add(&c->index, c->entries, k);
	}
	return ha_index_static4_rebuild(&c->index, c->nodes, c->n) ? -ENOMEM : 0;
}

int ha_cache_init(struct ha_cache *c, const struct ha_config *cfg)
{
	int i;

	memset(c, 0, sizeof(*c));
	c->cfg = cfg;
	if (grow(c, cfg->n_mobile_nodes > 16 ? cfg->n_mobile_nodes : 16))
		goto fail;
	for (i = 0; i < cfg->n_mobile_nodes; i++) {
		c->nodes[i] = &cfg->mobile_nodes[i];
		ha_index_add6(&c->index, c->nodes, i);
	}
	c->n = cfg->n_mobile_nodes;
	if (ha_index_static4_rebuild(&c->index, c->nodes, c->n))
		goto fail;
	return 0;
fail:
	ha_cache_free(c);
	return -1;
}

void ha_cache_free(struct ha_cache *c)
{
	free(c->entries);
	free(c->nodes);
	free(c->free_handles);
	ha_index_free(&c->index);
	memset(c, 0, sizeof(*c));
}

int ha_cache_find(const struct ha_cache *c, const struct in6_addr *hoa6)
{
	return ha_index_find6(&c->index, c->nodes, hoa6);
}

const struct mn_authz *ha_cache_node(const struct ha_cache *c, int mn)
{
	return mn >= 0 && mn < c->n ? c->nodes[mn] : NULL;
}

/* Without rebuilding the configured IPv4 index: the caller does, once. */
static int admit(struct ha_cache *c, const struct mn_authz *m)
{
	int mn;

	if (ha_cache_find(c, &m->home_address6) >= 0)
		return -EEXIST;
	if (!c->n_free && c->n == c->cap && grow(c, c->cap * 2))
		return -ENOMEM;
	mn = c->n_free ? c->free_handles[--c->n_free] : c->n++;
	memset(&c->entries[mn], 0, sizeof(c->entries[mn]));
	c->nodes[mn] = m;
	ha_index_add6(&c->index, c->nodes, mn);
	return mn;
}

static void retire(struct ha_cache *c, int mn)
{
	ha_index_bound4_remove(&c->index, c->entries, c->n, mn);
	ha_index_remove6(&c->index, c->nodes, c->n, mn);
	memset(&c->entries[mn], 0, sizeof(c->entries[mn]));
	c->nodes[mn] = NULL;
	c->free_handles[c->n_free++] = mn;
}

int ha_cache_admit(struct ha_cache *c, const struct mn_authz *m)
{
	int mn = admit(c, m);

	if (mn >= 0 && ha_index_static4_rebuild(&c->index, c->nodes, c->n))
		return -ENOMEM;
	return mn;
}

void ha_cache_retire(struct ha_cache *c, int mn)
{
	if (!ha_cache_node(c, mn))
		return;
	retire(c, mn);
	ha_index_static4_rebuild(&c->index, c->nodes, c->n);
}

int ha_cache_reconfigure(struct ha_cache *c, const struct ha_config *cfg,
			 void (*gone)(void *ctx, int mn, const struct mn_authz *m, const struct ha_entry *e),
			 void (*admitted)(void *ctx, int mn), void *ctx)
{
	bool *kept = calloc((size_t)c->n + 1, sizeof(*kept)), *is_new;
	int i, mn, ret = 0;

	is_new = calloc((size_t)cfg->n_mobile_nodes + 1, sizeof(*is_new));
	if (!kept || !is_new) {
		ret = -ENOMEM;
		goto out;
	}
	c->cfg = cfg;
	/* A node is who it was when its id and home address are. */
	for (i = 0; i < cfg->n_mobile_nodes; i++) {
		const struct mn_authz *m = &cfg->mobile_nodes[i];

		mn = ha_cache_find(c, &m->home_address6);
		if (mn >= 0 && !kept[mn] && !strcmp(c->nodes[mn]->id, m->id)) {
			c->nodes[mn] = m;
			kept[mn] = true;
		} else {
			is_new[i] = true;
		}
	}
	for (mn = 0; mn < c->n; mn++) {
		if (!c->nodes[mn] || kept[mn])
			continue;
		if (gone)
			gone(ctx, mn, c->nodes[mn], &c->entries[mn]);
		retire(c, mn);
	}
	for (i = 0; i < cfg->n_mobile_nodes; i++) {
		if (!is_new[i])
			continue;
		mn = admit(c, &cfg->mobile_nodes[i]);
		if (mn < 0) {
			ret = mn;
			break;
		}
		if (admitted)
			admitted(ctx, mn);
	}
	if (ha_index_static4_rebuild(&c->index, c->nodes, c->n) && !ret)
		ret = -ENOMEM;
out:
	free(kept);
	free(is_new);
	return ret;
}

/* Every change of an entry goes through here, so the index of bound IPv4
 * home addresses stays in step. */
static void entry_set(struct ha_cache *c, int mn, const struct ha_entry *next)
{
	ha_index_bound4_remove(&c->index, c->entries, c->n, mn);
	c->entries[mn] = *next;
	ha_index_bound4_add(&c->index, c->entries, mn);
}

/* RFC 6275 9.5.1: newer means less than half the sequence space ahead. */
static bool seq_newer(uint16_t seq, uint16_t last)
{
	uint16_t diff = (uint16_t)(seq - last);

	return diff != 0 && diff < 0x8000;
}

/* Is a held by some node other than mn: configured for it statically, or
 * bound to it now? */
static bool addr4_taken(const struct ha_cache *c, int mn, struct in_addr a)
{
	return ha_index_static4_other(&c->index, a, mn) ||
	       ha_index_bound4_other(&c->index, c->entries, a, mn);
}

/* The pool's usable addresses, host order: first .. last (its network and
 * broadcast addresses left out); false without any. */
static bool pool_range(const struct ha_config *cfg, uint32_t *first, uint32_t *last)
{
	uint32_t base;

	if (!cfg->has_v4_pool || cfg->v4_pool.len > 30)
		return false;
	base = ntohl(cfg->v4_pool.addr.s_addr) & (~0u << (32 - cfg->v4_pool.len));
	*first = base + 1;
	*last = base + (1u << (32 - cfg->v4_pool.len)) - 2;
	return true;
}

/* Whether a is a usable address of the pool: a reload may have shrunk the
 * pool under an address given before. */
static bool in_pool(const struct ha_config *cfg, struct in_addr a)
{
	uint32_t first, last, h = ntohl(a.s_addr);

	return pool_range(cfg, &first, &last) && h >= first && h <= last;
}

/* The node asks for the address the pool gave it last (RFC 5555 4.4.2),
 * bound or not (a return home deregistered it): given again while free. */
static bool was_given_from_pool(const struct ha_cache *c, int mn, struct in_addr a)
{
	return a.s_addr && c->entries[mn].last_pool4.s_addr == a.s_addr && in_pool(c->cfg, a) &&
	       !addr4_taken(c, mn, a);
}

/* A dynamic IPv4 home address for mn (RFC 5555 4.5: 0.0.0.0 requested):
 * the one it had last while still free, or the first free one of the pool. */
static bool pool_pick(const struct ha_cache *c, int mn, struct in_addr *out)
{
	uint32_t first, last, i;

	if (was_given_from_pool(c, mn, c->entries[mn].last_pool4)) {
		*out = c->entries[mn].last_pool4;
		return true;
	}
	if (!pool_range(c->cfg, &first, &last))
		return false;
	for (i = first; i <= last; i++) {
		struct in_addr a = { .s_addr = htonl(i) };

		if (!addr4_taken(c, mn, a)) {
			*out = a;
			return true;
		}
	}
	return false;
}

static bool static_v4_allowed(const struct mn_authz *m, struct in_addr a)
{
	int i;

	for (i = 0; i < m->n_v4_hoas; i++)
		if (m->v4_hoas[i].s_addr == a.s_addr)
			return true;
	return false;
}

/* RFC 5555 4.5, a prefix request (P): only a prefix configured for the
 * node. 0.0.0.0 asks for any of the length given (the first configured one
 * if none has it: the acknowledgement's length wins, 3.2.1); an address
 * names one. */
static const struct prefix4 *v4_prefix_allowed(const struct mn_authz *m, const struct mh_ipv4_hoa *req)
{
	int i;

	for (i = 0; i < m->n_v4_mnp; i++)
		if (m->v4_mnp[i].len == req->prefix_len &&
		    (!req->addr.s_addr || prefix4_contains(&m->v4_mnp[i], req->addr)))
			return &m->v4_mnp[i];
	return !req->addr.s_addr && m->n_v4_mnp ? &m->v4_mnp[0] : NULL;
}

static void v4_granted(struct ha_entry *e, struct in_addr a, struct mh_ipv4_ack *ack)
{
	ack->status = XMIP_V4ACK_SUCCESS;
	ack->prefix_len = e->hoa4_len;
	ack->addr = a;
	e->has_v4 = true;
	e->hoa4 = a;
}

/* RFC 5555 4.5: the IPv4 home address option's answer, and the binding. */
static void decide_ipv4(struct ha_cache *c, int mn, const struct mh_msg *bu, struct ha_entry *e,
			struct mh_ipv4_ack *ack)
{
	const struct mh_ipv4_hoa *req = &bu->opt.ipv4_hoa[0];
	struct in_addr a = req->addr;

	e->has_v4 = false;
	/* RFC 5555 3.2.1: Pref-len is zero in every failure. */
	ack->prefix_len = 0;
	ack->addr = a;
	/* P counts for new requests; a refresh names the prefix it holds
	 * (3.1.1), which is the same check. */
	if (req->p || req->prefix_len < 32) {
		const struct prefix4 *p = v4_prefix_allowed(c->nodes[mn], req);

		if (!p) {
			ack->status = XMIP_V4ACK_PREFIX_UNAUTHORIZED;
			return;
		}
		e->hoa4_len = p->len;
		v4_granted(e, p->addr, ack);
		return;
	}
	if (a.s_addr == 0) {
		if (!pool_pick(c, mn, &a)) {
			ack->status = XMIP_V4ACK_DHCP_IN_PROGRESS;
			return;
		}
		e->last_pool4 = a;
	} else if (!was_given_from_pool(c, mn, a) &&
		   (!static_v4_allowed(c->nodes[mn], a) || addr4_taken(c, mn, a))) {
		ack->status = XMIP_V4ACK_INCORRECT_HOA;
		return;
	}
	e->hoa4_len = 32;
	v4_granted(e, a, ack);
}

/* The tunnel toward the care-of address the BU came from, and NAT
 * detection (RFC 5555 4.2). False when the BU's way gives no care-of
 * address (natively from the home link). */
static bool decide_tunnel(const struct ha_config *cfg, const struct mh_msg *bu,
			  const struct xmip_sig_seen *seen, struct ha_entry *e, struct mh_msg *ba)
{
	bool forced = bu->bu.flags & XMIP_BU_F_F;

	if (!seen)
		return false;
	e->tunnel = seen->back;
	e->nat = false;
	/* RFC 6275 9.5.1: the Alternate Care-of Address option, which ESP
	 * protects, names the care-of address; the source it replaces is
	 * only where the BA goes back. */
	if (seen->back.format == XMIP_TUN_IP6 && bu->opt.has_alt_coa)
		memcpy(e->tunnel.remote.bytes, &bu->opt.alt_coa, 16);
	if (seen->back.format != XMIP_TUN_UDP4)
		return true;
	/* The outer source against the care-of address the node put in
	 * the BU: a difference is a NAT on the way. No option: nothing to
	 * compare, so assume one (UDP works through either). */
	e->nat = !bu->opt.has_ipv4_coa || bu->opt.ipv4_coa.s_addr != seen->back.remote.v4;
	if (!e->nat && !forced) {
		/* Plain IPv4 (6in4/4in4) to the care-of address. */
		e->tunnel.format = XMIP_TUN_IP4;
		e->tunnel.remote_port = 0;
		e->tunnel.local_port = 0;
	}
	/* A BU in UDP always gets the NAT detection option; its F bit says
	 * whether data must use UDP too. */
	ba->opt.has_nat_detect = true;
	ba->opt.nat_f = e->nat || forced;
	ba->opt.nat_refresh_s = e->nat ? cfg->nat_keepalive_s : NO_NAT_REFRESH;
	return true;
}

/*
 * RFC 3963 6.2: the prefixes a mobile router's BU claims. Explicit mode
 * (Mobile Network Prefix options): each must be one configured for the
 * router (141 for a prefix that cannot be one, 142 for one not its own).
 * Implicit mode (no option): every configured prefix. A BU without the R
 * flag binds none (its prefix options, if any, are ignored).
 */
static uint8_t decide_prefixes(const struct mn_authz *m, const struct mh_msg *bu, struct ha_entry *e)
{
	int i, j;

	e->mnp_mask = 0;
	if (!(bu->bu.flags & XMIP_BU_F_R))
		return XMIP_BA_ACCEPTED;
	if (!m->n_mnp6)
		return XMIP_BA_MR_OP_NOT_PERMITTED;
	if (!bu->opt.n_mnp) {
		e->mnp_mask = (uint16_t)((1u << m->n_mnp6) - 1);
		return XMIP_BA_ACCEPTED;
	}
	for (i = 0; i < bu->opt.n_mnp; i++) {
		const struct mh_prefix6 *p = &bu->opt.mnp[i];

		if (!p->len || p->len > 128 || IN6_IS_ADDR_MULTICAST(&p->prefix) ||
		    IN6_IS_ADDR_LINKLOCAL(&p->prefix))
			return XMIP_BA_INVALID_PREFIX;
		for (j = 0; j < m->n_mnp6; j++)
			if (m->mnp6[j].len == p->len && prefix6_contains(&m->mnp6[j], &p->prefix))
				break;
		if (j == m->n_mnp6)
			return XMIP_BA_NOT_AUTHORIZED_PREFIX;
		e->mnp_mask |= (uint16_t)(1u << j);
	}
	return XMIP_BA_ACCEPTED;
}

static void answer(struct ha_decision *d, uint8_t status, uint16_t seq, uint16_t lifetime)
{
	d->ba.type = XMIP_MH_BA;
	d->ba.ba.status = status;
	d->ba.ba.seq = seq;
	d->ba.ba.lifetime = lifetime;
}

void ha_cache_process_bu(struct ha_cache *c, const struct in6_addr *hoa6, const struct mh_msg *bu,
			 const struct xmip_sig_seen *seen, uint64_t now_ms, struct ha_decision *d)
{
	const struct ha_config *cfg = c->cfg;
	bool wants_v4 = bu->opt.n_ipv4_hoa > 0;
	bool dereg;
	struct ha_entry *e, next;
	uint32_t lifetime;
	uint8_t status;

	memset(d, 0, sizeof(*d));
	answer(d, XMIP_BA_UNSPECIFIED, bu->bu.seq, 0);
	if (wants_v4) {
		/* Every BA that answers an IPv4 home address option carries
		 * the acknowledgement, failures included. */
		d->ba.opt.has_ipv4_ack = true;
		d->ba.opt.ipv4_ack = (struct mh_ipv4_ack){ .status = XMIP_V4ACK_FAILURE, .prefix_len = 0,
							   .addr = bu->opt.ipv4_hoa[0].addr };
	}
	d->mn = ha_cache_find(c, hoa6);
	if (!(bu->bu.flags & XMIP_BU_F_H)) {
		d->ba.ba.status = XMIP_BA_HOME_REG_NOT_SUPPORTED;   /* no correspondent role */
		return;
	}
	if (d->mn < 0) {
		d->ba.ba.status = XMIP_BA_NOT_HA_FOR_MN;
		return;
	}
	/* RFC 4285's checks are the caller's (ha_auth.c), made before. */
	if (cfg->protection == MH_PROTECT_UNSET || (cfg->protection == MH_PROTECT_IPSEC && !c->ipsec)) {
		d->ba.ba.status = XMIP_BA_ADMIN_PROHIBITED;
		return;
	}
	if (bu->opt.has_mn_id && strcmp(bu->opt.mn_id, c->nodes[d->mn]->id) != 0) {
		d->ba.ba.status = XMIP_BA_ADMIN_PROHIBITED;
		return;
	}
	/* The BA says whether the home agent serves mobile routers (RFC
	 * 3963 6.6): R when asked and this node may be one. */
	if ((bu->bu.flags & XMIP_BU_F_R) && c->nodes[d->mn]->n_mnp6)
		d->ba.ba.flags |= MH_BA_F_R;
	e = &c->entries[d->mn];
	d->before = *e;
	if (e->active && !seq_newer(bu->bu.seq, e->seq)) {
		answer(d, XMIP_BA_SEQ_OUT_OF_WINDOW, e->seq, 0);
		return;
	}
	if ((bu->bu.flags & XMIP_BU_F_F) && !cfg->allow_forced_udp) {
		d->ba.ba.status = XMIP_BA_F_FLAG_NOT_ALLOWED;
		return;
	}

	next = *e;
	dereg = bu->bu.lifetime == 0 || !decide_tunnel(cfg, bu, seen, &next, &d->ba);
	if (c->esp_payload4)
		next.tunnel.flags |= XMIP_TUNF_ESP_PAYLOAD4;
	if (dereg) {
		/* RFC 6275 10.3.2: only an existing home registration can go. */
		if (!e->active) {
			d->ba.ba.status = XMIP_BA_NOT_HA_FOR_MN;
			return;
		}
		struct ha_entry cleared = { .seq = bu->bu.seq, .last_pool4 = d->before.last_pool4 };

		entry_set(c, d->mn, &cleared);
		d->after = cleared;
		if (wants_v4)
			d->ba.opt.ipv4_ack.status = XMIP_V4ACK_SUCCESS;
		answer(d, XMIP_BA_ACCEPTED, bu->bu.seq, 0);
		return;
	}

	status = decide_prefixes(c->nodes[d->mn], bu, &next);
	if (status != XMIP_BA_ACCEPTED) {
		d->ba.ba.status = status;
		return;
	}
	lifetime = (uint32_t)bu->bu.lifetime * 4;
	if (lifetime > cfg->max_lifetime_s)
		lifetime = cfg->max_lifetime_s;
	next.tunnel.binding_id = (uint32_t)d->mn + 1;
	next.active = true;
	next.seq = bu->bu.seq;
	next.bu_flags = bu->bu.flags;
	next.lifetime_s = lifetime;
	next.expires_ms = now_ms + (uint64_t)lifetime * 1000;
	if (wants_v4)
		decide_ipv4(c, d->mn, bu, &next, &d->ba.opt.ipv4_ack);
	else
		next.has_v4 = false;   /* RFC 5555 4.5: the IPv6 binding stays */
	entry_set(c, d->mn, &next);
	d->after = next;
	answer(d, XMIP_BA_ACCEPTED, bu->bu.seq, (uint16_t)(lifetime / 4));
}

void ha_cache_restore(struct ha_cache *c, int mn, const struct ha_entry *before)
{
	if (ha_cache_node(c, mn))
		entry_set(c, mn, before);
}

int ha_cache_expire_next(struct ha_cache *c, uint64_t now_ms, int *from, struct ha_entry *expired)
{
	int i;

	for (i = *from; i < c->n; i++) {
		struct ha_entry *e = &c->entries[i];

		if (e->active && e->expires_ms <= now_ms) {
			struct ha_entry gone = *e;

			*expired = *e;
			gone.active = false;
			gone.has_v4 = false;
			gone.mnp_mask = 0;
			entry_set(c, i, &gone);
			*from = i + 1;
			return i;
		}
	}
	*from = c->n;
	return -1;
}
