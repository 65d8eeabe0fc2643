// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <string.h>
#include "core/config.h"
#include "pmip/lma_state.h"

static int count(void *owner)
{
	return ((struct lma_cache *)owner)->cfg->n_hosts;
}

static bool get(void *owner, int host, void *key, void *entry)
{
	struct lma_cache *c = owner;

	memcpy(key, c->cfg->hosts[host].id, strlen(c->cfg->hosts[host].id));
	memcpy(entry, &c->entries[host], sizeof(c->entries[host]));
	return true;
}

static int put(void *owner, const void *key, const void *entry)
{
	struct lma_cache *c = owner;
	char id[XMIP_ID_MAX + 1] = "";
	struct lma_entry e;
	int host;

	memcpy(id, key, XMIP_ID_MAX);
	memcpy(&e, entry, sizeof(e));
	host = lma_cache_find(c, id);
	if (host < 0 || (!e.active && !e.last_pool4.s_addr) || lma_cache_load(c, host, &e))
		return 0;
	return e.active;
}

static const struct state_file_ops ops = {
	.magic = "XMIPLMA1",
	.key_size = XMIP_ID_MAX,
	.entry_size = sizeof(struct lma_entry),
	.count = count,
	.get = get,
	.put = put,
};

int lma_state_open(struct state_file **out, const char *path, struct lma_cache *cache, int *restored,
		   struct xmip_error *err)
{
	return state_file_open(out, path, &ops, cache, restored, err);
}
