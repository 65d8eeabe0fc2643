// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdlib.h>
#include <string.h>
#include "dsmip6/ha_cache.h"
#include "dsmip6/ha_index.h"

#define BOUND4_FREE 0
#define BOUND4_REMOVED (-1)

static int by_hoa6(const void *a, const void *b, void *cfg)
{
	const struct mn_authz *m = ((const struct ha_config *)cfg)->mobile_nodes;

	return memcmp(&m[*(const int *)a].home_address6, &m[*(const int *)b].home_address6,
		      sizeof(struct in6_addr));
}

static int by_addr_then_node(const void *a, const void *b)
{
	const struct ha_v4_owner *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (x->mn > y->mn) - (x->mn < y->mn);
}

int ha_index_init(struct ha_index *x, const struct ha_config *cfg)
{
	int n = cfg->n_mobile_nodes, i, j, k = 0;

	memset(x, 0, sizeof(*x));
	x->cfg = cfg;
	for (x->cap = 16; x->cap < 4u * (uint32_t)n; x->cap <<= 1)
		;
	x->by_hoa6 = calloc((size_t)n + 1, sizeof(*x->by_hoa6));
	x->static4 = calloc((size_t)n * XMIP_MAX_V4_HOAS + 1, sizeof(*x->static4));
	x->bound4 = calloc(x->cap, sizeof(*x->bound4));
	if (!x->by_hoa6 || !x->static4 || !x->bound4) {
		ha_index_free(x);
		return -1;
	}
	for (i = 0; i < n; i++) {
		x->by_hoa6[i] = i;
		for (j = 0; j < cfg->mobile_nodes[i].n_v4_hoas; j++)
			x->static4[k++] = (struct ha_v4_owner){ cfg->mobile_nodes[i].v4_hoas[j].s_addr, i };
	}
	x->n_static4 = k;
	qsort_r(x->by_hoa6, (size_t)n, sizeof(*x->by_hoa6), by_hoa6, (void *)cfg);
	qsort(x->static4, (size_t)k, sizeof(*x->static4), by_addr_then_node);
	return 0;
}

void ha_index_free(struct ha_index *x)
{
	free(x->by_hoa6);
	free(x->static4);
	free(x->bound4);
	memset(x, 0, sizeof(*x));
}

int ha_index_find6(const struct ha_index *x, const struct in6_addr *hoa6)
{
	int lo = 0, hi = x->cfg->n_mobile_nodes - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = memcmp(&x->cfg->mobile_nodes[x->by_hoa6[mid]].home_address6, hoa6, sizeof(*hoa6));

		if (c == 0)
			return x->by_hoa6[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
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
	if (x->bound4[s] == BOUND4_REMOVED)
		x->removed--;
	x->bound4[s] = mn + 1;
}

void ha_index_bound4_remove(struct ha_index *x, const struct ha_entry *entries, int n, int mn)
{
	uint32_t s;

	if (!holds_v4(&entries[mn]))
		return;
	for (s = slot_of(x, entries[mn].hoa4.s_addr); x->bound4[s] != BOUND4_FREE; s = (s + 1) & (x->cap - 1)) {
		if (x->bound4[s] == mn + 1) {
			x->bound4[s] = BOUND4_REMOVED;
			if (++x->removed > x->cap / 4)
				rebuild(x, entries, n, mn);
			return;
		}
	}
}

bool ha_index_bound4_other(const struct ha_index *x, const struct ha_entry *entries, struct in_addr a, int mn)
{
	uint32_t s;

	for (s = slot_of(x, a.s_addr); x->bound4[s] != BOUND4_FREE; s = (s + 1) & (x->cap - 1)) {
		int k = x->bound4[s] - 1;

		if (k >= 0 && k != mn && entries[k].hoa4.s_addr == a.s_addr)
			return true;
	}
	return false;
}
