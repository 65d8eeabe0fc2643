/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The home agent's lookups over the nodes its binding cache holds, in O(1)
 * or O(log N), so that a BU costs the same with ten nodes as with a
 * million: a node by its IPv6 home address (a hash of node handles), who
 * is configured an IPv4 home address (sorted, rebuilt when nodes come or
 * go, which a reload does, not a BU), and who holds one bound now (a hash
 * of the binding cache's entries, kept by the cache on every change of an
 * entry). Nodes are named by their handle in the cache (ha_cache.h).
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

/* An open-addressing table of node handles: 0 free, -1 a removed one,
 * k + 1 node k. */
struct ha_handle_hash {
	int *slot;
	uint32_t cap;                /* a power of two, at least 2 x nodes */
	uint32_t removed;
};

struct ha_index {
	struct ha_handle_hash by_hoa6;   /* the nodes, by IPv6 home address */
	struct ha_v4_owner *static4;     /* every configured IPv4 home address */
	int n_static4;
	/* Bound IPv4 home addresses (the address is the entry's hoa4). */
	int *bound4;
	uint32_t cap;                /* a power of two, at least 4 x nodes */
	uint32_t removed;
};

/* Room for max_nodes nodes; empty. */
int ha_index_init(struct ha_index *x, int max_nodes);
void ha_index_free(struct ha_index *x);

/* Node mn (handle), with home address hoa6, comes or goes. */
void ha_index_add6(struct ha_index *x, const struct mn_authz *const *nodes, int mn);
void ha_index_remove6(struct ha_index *x, const struct mn_authz *const *nodes, int n, int mn);
/* The node with IPv6 home address hoa6, or -1. */
int ha_index_find6(const struct ha_index *x, const struct mn_authz *const *nodes, const struct in6_addr *hoa6);

/* The configured IPv4 home addresses of nodes[0, n) (NULL: no node). */
int ha_index_static4_rebuild(struct ha_index *x, const struct mn_authz *const *nodes, int n);
/* Is a configured as an IPv4 home address of a node other than mn? */
bool ha_index_static4_other(const struct ha_index *x, struct in_addr a, int mn);

/* entries[mn] holds (active, has_v4) or no longer does: call _remove with
 * the entry as it was before a change, _add with it after. */
void ha_index_bound4_add(struct ha_index *x, const struct ha_entry *entries, int mn);
void ha_index_bound4_remove(struct ha_index *x, const struct ha_entry *entries, int n, int mn);
/* Does a node other than mn hold a bound now? */
bool ha_index_bound4_other(const struct ha_index *x, const struct ha_entry *entries, struct in_addr a, int mn);

#endif
