// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <string.h>
#include "pmip/mag_state.h"

struct mag_state_key {
	uint8_t mac[6];
	char id[XMIP_ID_MAX];
};

/* An attached host as the file keeps it (an empty link: not attached). */
struct mag_saved {
	char link[IF_NAMESIZE];
	struct in_addr hoa4;
	uint8_t plen;
	uint32_t lifetime_s;
	uint64_t expires_ms;         /* CLOCK_MONOTONIC, this boot's */
	uint64_t refresh_ms;
};

static int count(void *owner)
{
	return ((struct mag_hosts *)owner)->cfg->n_hosts;
}

static bool get(void *owner, int host, void *key, void *entry)
{
	struct mag_hosts *m = owner;
	const struct mag_host *h = &m->hosts[host];
	struct mag_state_key k = { 0 };
	struct mag_saved e = { 0 };   /* (entry is not aligned for it) */

	memcpy(k.mac, m->cfg->hosts[host].mac, 6);
	memcpy(k.id, m->cfg->hosts[host].id, strlen(m->cfg->hosts[host].id));
	memcpy(key, &k, sizeof(k));
	if (h->state != MAG_HOST_ATTACHED)
		return true;
	memcpy(e.link, m->cfg->access_links[h->link], strlen(m->cfg->access_links[h->link]));
	e.hoa4 = h->hoa4;
	e.plen = h->plen;
	e.lifetime_s = h->lifetime_s;
	e.expires_ms = h->expires_ms;
	e.refresh_ms = h->in_flight ? 0 : h->next_ms;   /* 0: at once */
	memcpy(entry, &e, sizeof(e));
	return true;
}

static int link_of(const struct mag_config *cfg, const char *name)
{
	int i;

	for (i = 0; i < cfg->n_access_links; i++)
		if (!strcmp(cfg->access_links[i], name))
			return i;
	return -1;
}

static int put(void *owner, const void *key, const void *entry)
{
	struct mag_hosts *m = owner;
	struct mag_state_key k;
	struct mag_saved e;
	struct mag_host *h;
	int host, link;

	memcpy(&k, key, sizeof(k));
	memcpy(&e, entry, sizeof(e));
	k.id[XMIP_ID_MAX - 1] = e.link[IF_NAMESIZE - 1] = '\0';
	host = mag_hosts_profile(m, k.mac);
	if (host < 0 || strcmp(m->cfg->hosts[host].id, k.id) || !e.hoa4.s_addr)
		return 0;   /* not ours now, or not attached */
	link = link_of(m->cfg, e.link);
	if (link < 0 || !prefix4_contains(&m->cfg->home_prefix4, e.hoa4))
		return 0;   /* its link or home network is no longer configured */
	h = &m->hosts[host];
	memset(h, 0, sizeof(*h));
	h->state = MAG_HOST_ATTACHED;
	h->link = link;
	h->hoa4 = e.hoa4;
	h->plen = e.plen;
	h->lifetime_s = e.lifetime_s;
	h->expires_ms = e.expires_ms;
	h->next_ms = e.refresh_ms;
	return 1;
}

static const struct state_file_ops ops = {
	.magic = "XMIPMAG1",
	.key_size = sizeof(struct mag_state_key),
	.entry_size = sizeof(struct mag_saved),
	.count = count,
	.get = get,
	.put = put,
};

int mag_state_open(struct state_file **out, const char *path, struct mag_hosts *hosts, int *restored,
		   struct xmip_error *err)
{
	return state_file_open(out, path, &ops, hosts, restored, err);
}
