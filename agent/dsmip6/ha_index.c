// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdlib.h>
#include <string.h>
#include "dsmip6/ha_cache.h"
#include "dsmip6/ha_index.h"

#define SLOT_FREE 0
#define SLOT_REMOVED (-1)

static uint32_t pow2_at_least(uint64_t n)
{
	uint32_t cap;

	for (cap = 16; cap < n; cap <<= 1)
		;
	return cap;
}

int ha_index_init(struct ha_index *x, int max_nodes)
{
	memset(x, 0, sizeof(*x));
	x->by_hoa6.cap = pow2_at_least(2ull * (uint64_t)max_nodes);
	x->cap = pow2_at_least(4ull * (uint64_t)max_nodes);
	x->by_hoa6.slot = calloc(x->by_hoa6.cap, sizeof(*x->by_hoa6.slot));
	x->bound4 = calloc(x->cap, sizeof(*x->bound4));
	if (!x->by_hoa6.slot || !x->bound4) {
		ha_index_free(x);
		return -1;
	}
	return 0;
}

void ha_index_free(struct ha_index *x)
{
	free(x->by_hoa6.slot);
	free(x->static4);
	free(x->bound4);
	memset(x, 0, sizeof(*x));
}

/* --- nodes by IPv6 home address ------------------------------------------ */

static uint32_t hash6(const struct in6_addr *a, uint32_t cap)
{
	uint64_t h = 0;
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ a->s6_addr[i]) * 0x100000001b3ull;   /* FNV-1a */
	return (uint32_t)(h ^ (h >> 32)) & (cap - 1);
}

static bool same6(const struct mn_authz *m, const struct in6_addr *a)
{
	return m && !memcmp(&m->home_address6, a, sizeof(*a));
}

void ha_index_add6(struct ha_index *x, const struct mn_authz *const *nodes, int mn)
{
	struct ha_handle_hash *h = &x->by_hoa6;
	uint32_t s;

	for (s = hash6(&nodes[mn]->home_address6, h->cap); h->slot[s] > 0; s = (s + 1) & (h->cap - 1))
		;
	if (h->slot[s] == SLOT_REMOVED)
		h->removed--;
	h->slot[s] = mn + 1;
}

/* Removed slots only lengthen searches: past a quarter, start over from
 * the nodes, leaving out the one going. */
static void rebuild6(struct ha_index *x, const struct mn_authz *const *nodes, int n, int leaving)
{
	int k;

	memset(x->by_hoa6.slot, 0, x->by_hoa6.cap * sizeof(*x->by_hoa6.slot));
	x->by_hoa6.removed = 0;
	for (k = 0; k < n; k++)
		if (k != leaving && nodes[k])
			ha_index_add6(x, nodes, k);
}

void ha_index_remove6(struct ha_index *x, const struct mn_authz *const *nodes, int n, int mn)
{
	struct ha_handle_hash *h = &x->by_hoa6;
	uint32_t s;

	for (s = hash6(&nodes[mn]->home_address6, h->cap); h->slot[s] != SLOT_FREE; s = (s + 1) & (h->cap - 1)) {
		if (h->slot[s] == mn + 1) {
			h->slot[s] = SLOT_REMOVED;
			if (++h->removed > h->cap / 4)
				rebuild6(x, nodes, n, mn);
			return;
		}
	}
}

int ha_index_find6(const struct ha_index *x, const struct mn_authz *const *nodes, const struct in6_addr *hoa6)
{
	const struct ha_handle_hash *h = &x->by_hoa6;
	uint32_t s;

	for (s = hash6(hoa6, h->cap); h->slot[s] != SLOT_FREE; s = (s + 1) & (h->cap - 1)) {
		int k = h->slot[s] - 1;

		if (k >= 0 && same6(nodes[k], hoa6))
			return k;
	}
	return -1;
}

/* --- configured IPv4 home addresses --------------------------------------- */

static int by_addr_then_node(const void *a, const void *b)
{
	const struct ha_v4_owner *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (x->mn > y->mn) - (x->mn < y->mn);
}

int ha_index_static4_rebuild(struct ha_index *x, const struct mn_authz *const *nodes, int n)
{
	struct ha_v4_owner *owners;
	int i, j, k = 0;

	owners = calloc((size_t)n * XMIP_MAX_V4_HOAS + 1, sizeof(*owners));
	if (!owners)
		return -1;
	for (i = 0; i < n; i++)
		for (j = 0; nodes[i] && j < nodes[i]->n_v4_hoas; j++)
			owners[k++] = (struct ha_v4_owner){ nodes[i]->v4_hoas[j].s_addr, i };
	qsort(owners, (size_t)k, sizeof(*owners), by_addr_then_node);
	free(x->static4);
	x->static4 = owners;
	x->n_static4 = k;
	return 0;
}

bool ha_index_static4_other(const struct ha_index *x, struct in_addr a, int mn)
{
	int lo = 0, hi = x->n_static4;

	/* The first owner of a, then every owner of it in turn. */
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (x->static4[mid].addr < a.s_addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < x->n_static4 && x->static4[lo].addr == a.s_addr; lo++)
		if (x->static4[lo].mn != mn)
			return true;
	return false;
}

/* --- bound IPv4 home addresses -------------------------------------------- */

static uint32_t slot_of(const struct ha_index *x, uint32_t addr)
{
	/* Fibonacci hashing: consecutive pool addresses spread out. */
	return (uint32_t)(((uint64_t)addr * 0x9e3779b97f4a7c15ull) >> 32) & (x->cap - 1);
}

static bool holds_v4(const struct ha_entry *e) { return e->active && e->has_v4; }

/* Removed slots only lengthen searches: past a quarter, start over from
 * the entries (every node holds at most one slot), leaving out the one
 * being removed (its entry still shows what it held). */
static void rebuild(struct ha_index *x, const struct ha_entry *entries, int n, int leaving)
{
	int k;

	memset(x->bound4, 0, x->cap * sizeof(*x->bound4));
	x->removed = 0;
	for (k = 0; k < n; k++)
		if (k != leaving)
			ha_index_bound4_add(x, entries, k);
}

void ha_index_bound4_add(struct ha_index *x, const struct ha_entry *entries, int mn)
{
	uint32_t s;

	if (!holds_v4(&entries[mn]))
		return;
	for (s = slot_of(x, entries[mn].hoa4.s_addr); x->bound4[s] > 0; s = (s + 1) & (x->cap - 1))
		;
	if (x->bound4[s] == SLOT_REMOVED)
		x->removed--;
	x->bound4[s] = mn + 1;
}

void ha_index_bound4_remove(struct ha_index *x, const struct ha_entry *entries, int n, int mn)
{
	uint32_t s;

	if (!holds_v4(&entries[mn]))
		return;
	for (s = slot_of(x, entries[mn].hoa4.s_addr); x->bound4[s] != SLOT_FREE; s = (s + 1) & (x->cap - 1)) {
		if (x->bound4[s] == mn + 1) {
			x->bound4[s] = SLOT_REMOVED;
			if (++x->removed > x->cap / 4)
				rebuild(x, entries, n, mn);
			return;
		}
	}
}

bool ha_index_bound4_other(const struct ha_index *x, const struct ha_entry *entries, struct in_addr a, int mn)
{
	uint32_t s;

	for (s = slot_of(x, a.s_addr); x->bound4[s] != SLOT_FREE; s = (s + 1) & (x->cap - 1)) {
		int k = x->bound4[s] - 1;

		if (k >= 0 && k != mn && entries[k].hoa4.s_addr == a.s_addr)
			return true;
	}
	return false;
}
