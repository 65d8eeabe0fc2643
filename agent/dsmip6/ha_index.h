/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The home agent's lookups over its mobile nodes, in O(log N) or O(1), so
 * that a BU costs the same with ten nodes configured as with a million:
 * a node by its IPv6 home address (sorted), who is configured an IPv4 home
 * address (sorted), and who holds one bound now (a hash of the binding
 * cache's entries, kept by the cache on every change of an entry).
 */
#ifndef XMIP_HA_INDEX_H
#define XMIP_HA_INDEX_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include "dsmip6/ha_config.h"

struct ha_entry;

struct ha_v4_owner {
	uint32_t addr;               /* network order, as configured */
	int mn;
};

struct ha_index {
	const struct ha_config *cfg;
	int *by_hoa6;                /* node indices in home address order */
	struct ha_v4_owner *static4; /* every configured IPv4 home address */
	int n_static4;
	/* Bound IPv4 home addresses: open addressing over node indices (the
	 * address is the entry's hoa4); 0 free, -1 a removed one, k + 1 node k. */
	int *bound4;
	uint32_t cap;                /* a power of two, at least 4 x nodes */
	uint32_t removed;
};

int ha_index_init(struct ha_index *x, const struct ha_config *cfg);
void ha_index_free(struct ha_index *x);

/* The node configured with IPv6 home address hoa6, or -1. */
int ha_index_find6(const struct ha_index *x, const struct in6_addr *hoa6);
/* Is a configured as an IPv4 home address of a node other than mn? */
bool ha_index_static4_other(const struct ha_index *x, struct in_addr a, int mn);

/* entries[mn] holds (active, has_v4) or no longer does: call _remove with
 * the entry as it was before a change, _add with it after. */
void ha_index_bound4_add(struct ha_index *x, const struct ha_entry *entries, int mn);
void ha_index_bound4_remove(struct ha_index *x, const struct ha_entry *entries, int n, int mn);
/* Does a node other than mn hold a bound now? */
bool ha_index_bound4_other(const struct ha_index *x, const struct ha_entry *entries, struct in_addr a, int mn);

#endif
