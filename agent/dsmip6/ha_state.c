// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The home agent's slots in core/state_file.h's file: the node's IPv6 home
 * address as the key (to find it in another order), its binding cache
 * entry as it is.
 */
#include <string.h>
#include "core/state_file.h"
#include "dsmip6/ha_state.h"

static int count(void *owner)
{
	return ((struct ha_cache *)owner)->n;
}

/* A handle not in use (a node a reload retired) leaves an empty slot. */
static bool get(void *owner, int mn, void *key, void *entry)
{
	struct ha_cache *c = owner;
	const struct mn_authz *m = ha_cache_node(c, mn);

	if (!m)
		return false;
	memcpy(key, &m->home_address6, sizeof(m->home_address6));
	memcpy(entry, &c->entries[mn], sizeof(c->entries[mn]));
	return true;
}

/* Nodes the cache holds, matched by home address: their handles may differ
 * from the file's places. */
static int put(void *owner, const void *key, const void *entry)
{
	struct ha_cache *c = owner;
	struct in6_addr hoa6;
	struct ha_entry e;
	int mn;

	memcpy(&hoa6, key, sizeof(hoa6));
	memcpy(&e, entry, sizeof(e));
	mn = ha_cache_find(c, &hoa6);
	if (mn < 0 || (!e.active && !e.last_pool4.s_addr))
		return 0;
	ha_cache_restore(c, mn, &e);
	return e.active;
}

static const struct state_file_ops ops = {
	.magic = "XMIPHAS1",
	.key_size = sizeof(struct in6_addr),
	.entry_size = sizeof(struct ha_entry),
	.count = count,
	.get = get,
	.put = put,
};

int ha_state_open(struct state_file **out, const char *path, struct ha_cache *cache, int *restored,
		  struct xmip_error *err)
{
	return state_file_open(out, path, &ops, cache, restored, err);
}
