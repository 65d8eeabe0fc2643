// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/repeats.h"
#include "mh/mh_protection.h"
#include "pmip/lma_config.h"

int lma_config_mag_by_address(const struct lma_config *lma, const struct in6_addr *addr)
{
	int i;

	for (i = 0; i < lma->n_mags; i++)
		if (!memcmp(&lma->mags[i].address6, addr, sizeof(*addr)))
			return i;
	return -1;
}

static int mag_by_id(const struct lma_config *lma, const char *id)
{
	int i;

	for (i = 0; i < lma->n_mags; i++)
		if (!strcmp(lma->mags[i].id, id))
			return i;
	return -1;
}

static int parse_mag(struct cfg_ctx *ctx, const config_setting_t *g, struct lma_config *lma,
		     struct lma_mag *mag)
{
	static const char *const known[] = { "id", "address6", NULL };

	if (!config_setting_is_group(g))
		return cfg_fail(ctx, g, "each MAG must be a group { ... }");
	if (cfg_check_known(ctx, g, known) || cfg_copy_string(ctx, g, "id", mag->id, sizeof(mag->id), 1) ||
	    cfg_get_addr6(ctx, g, "address6", &mag->address6, 1))
		return -1;
	if (mag_by_id(lma, mag->id) >= 0)
		return cfg_fail(ctx, g, "MAG id '%s' appears twice", mag->id);
	if (lma_config_mag_by_address(lma, &mag->address6) >= 0)
		return cfg_fail(ctx, g, "the address of MAG '%s' is already another MAG's", mag->id);
	if (lma->protection != MH_PROTECT_RFC4285)
		return 0;
	mag->n_sa = mh_keys_find(&lma->keys, mag->id, &mag->sa_first);
	if (!mag->n_sa)
		return cfg_fail(ctx, g, "MAG '%s' has no key in %s (bu_protection = \"rfc4285\")", mag->id,
				lma->keys_file);
	return 0;
}

static int parse_mags(struct cfg_ctx *ctx, const config_setting_t *g, struct lma_config *lma)
{
	const config_setting_t *list = config_setting_get_member(g, "mags");
	int i;

	if (!list)
		return cfg_fail(ctx, g, "missing required setting 'mags': the MAGs that may send proxy BUs");
	if (!config_setting_is_list(list) || config_setting_length(list) < 1 ||
	    config_setting_length(list) > LMA_MAX_MAGS)
		return cfg_fail(ctx, list, "must be a list of 1 to %d groups: ( { ... }, { ... } )", LMA_MAX_MAGS);
	for (i = 0; i < config_setting_length(list); i++) {
		if (parse_mag(ctx, config_setting_get_elem(list, (unsigned)i), lma, &lma->mags[i]))
			return -1;
		lma->n_mags++;
	}
	return 0;
}

/* The MAGs a host may be registered by: every one when it names none. */
static int parse_host_mags(struct cfg_ctx *ctx, const config_setting_t *g, const struct lma_config *lma,
			   struct lma_host *h)
{
	const config_setting_t *list = config_setting_get_member(g, "mags");
	int i, m;

	if (!list) {
		h->mags = lma->n_mags == 32 ? 0xffffffffu : (1u << lma->n_mags) - 1;
		return 0;
	}
	if (!config_setting_is_aggregate(list) || config_setting_length(list) < 1)
		return cfg_fail(ctx, list, "must be a list of MAG ids");
	for (i = 0; i < config_setting_length(list); i++) {
		const char *id = config_setting_get_string_elem(list, i);

		if (!id)
			return cfg_fail(ctx, list, "element %d is not a MAG id", i + 1);
		m = mag_by_id(lma, id);
		if (m < 0)
			return cfg_fail(ctx, list, "no MAG has the id '%s'", id);
		h->mags |= 1u << m;
	}
	return 0;
}

static int parse_host(struct cfg_ctx *ctx, const config_setting_t *g, const struct lma_config *lma,
		      struct lma_host *h)
{
	static const char *const known[] = { "id", "ipv4_home_address", "mags", NULL };
	const config_setting_t *a = config_setting_get_member(g, "ipv4_home_address");
	bool has_hoa4 = false;

	if (!config_setting_is_group(g))
		return cfg_fail(ctx, g, "each host must be a group { ... }");
	if (cfg_check_known(ctx, g, known) || cfg_copy_string(ctx, g, "id", h->id, sizeof(h->id), 1) ||
	    cfg_get_addr4(ctx, g, "ipv4_home_address", &h->hoa4, &has_hoa4) || parse_host_mags(ctx, g, lma, h))
		return -1;
	if (!has_hoa4) {
		if (!lma->has_v4_pool)
			return cfg_fail(ctx, g, "host '%s' needs an ipv4_home_address, or the LMA an ipv4_pool",
					h->id);
		return 0;
	}
	if (!h->hoa4.s_addr || !prefix4_contains(&lma->home_prefix4, h->hoa4))
		return cfg_fail(ctx, a, "not an address of home_prefix4");
	if (h->hoa4.s_addr == lma->default_router4.s_addr)
		return cfg_fail(ctx, a, "is the default router's address");
	if (lma->has_v4_pool && prefix4_contains(&lma->v4_pool, h->hoa4))
		return cfg_fail(ctx, a, "lies in ipv4_pool, which gives its addresses to other hosts");
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct lma_host *)a)->id, ((const struct lma_host *)b)->id);
}

/* Static addresses only: hosts of the pool (0.0.0.0) never repeat. They
 * sort first, each its own key (its place in the array). */
static int cmp_hoa4(const void *x, const void *y)
{
	const struct lma_host *a = x, *b = y;

	if (!a->hoa4.s_addr && !b->hoa4.s_addr)
		return (a > b) - (a < b);
	if (!a->hoa4.s_addr || !b->hoa4.s_addr)
		return a->hoa4.s_addr ? 1 : -1;
	return memcmp(&a->hoa4, &b->hoa4, sizeof(a->hoa4));
}

static int check_unique_hosts(struct cfg_ctx *ctx, const config_setting_t *list, const struct lma_config *lma)
{
	int id_earlier = -1, a_earlier = -1, id_repeat, a_repeat;

	id_repeat = first_repeat(lma->hosts, lma->n_hosts, sizeof(*lma->hosts), cmp_id, &id_earlier);
	a_repeat = first_repeat(lma->hosts, lma->n_hosts, sizeof(*lma->hosts), cmp_hoa4, &a_earlier);
	if (id_repeat == -2 || a_repeat == -2)
		return cfg_fail(ctx, list, "out of memory");
	if (id_repeat >= 0 && (a_repeat < 0 || id_repeat <= a_repeat))
		return cfg_fail(ctx, config_setting_get_elem(list, (unsigned)id_repeat), "host id '%s' appears twice",
				lma->hosts[id_repeat].id);
	if (a_repeat >= 0)
		return cfg_fail(ctx, config_setting_get_elem(list, (unsigned)a_repeat),
				"the IPv4 home address of '%s' is already given to '%s'", lma->hosts[a_repeat].id,
				lma->hosts[a_earlier].id);
	return 0;
}

static int parse_hosts(struct cfg_ctx *ctx, const config_setting_t *g, struct lma_config *lma)
{
	const config_setting_t *list = config_setting_get_member(g, "hosts");
	int i;

	if (!list)
		return 0;
	if (!config_setting_is_list(list))
		return cfg_fail(ctx, list, "must be a list of groups: ( { ... }, { ... } )");
	if (config_setting_length(list) > LMA_MAX_HOSTS)
		return cfg_fail(ctx, list, "at most %d hosts", LMA_MAX_HOSTS);
	lma->hosts = calloc((size_t)config_setting_length(list) + 1, sizeof(*lma->hosts));
	if (!lma->hosts)
		return cfg_fail(ctx, list, "out of memory");
	for (i = 0; i < config_setting_length(list); i++) {
		if (parse_host(ctx, config_setting_get_elem(list, (unsigned)i), lma, &lma->hosts[i]))
			return -1;
		lma->n_hosts++;
	}
	return check_unique_hosts(ctx, list, lma);
}

/* The hosts' IPv4 home network: the default router and the pool in it. */
static int check_home_network(struct cfg_ctx *ctx, const config_setting_t *g, const struct lma_config *lma)
{
	if (!prefix4_contains(&lma->home_prefix4, lma->default_router4))
		return cfg_fail(ctx, config_setting_get_member(g, "default_router4"), "not an address of home_prefix4");
	if (!lma->has_v4_pool)
		return 0;
	if (lma->v4_pool.len < lma->home_prefix4.len || !prefix4_contains(&lma->home_prefix4, lma->v4_pool.addr))
		return cfg_fail(ctx, config_setting_get_member(g, "ipv4_pool"), "not within home_prefix4");
	if (lma->v4_pool.len > 30)
		return cfg_fail(ctx, config_setting_get_member(g, "ipv4_pool"), "holds no host addresses (/30 at most)");
	return 0;
}

static int parse_lma(struct cfg_ctx *ctx, const config_setting_t *g, struct lma_config *lma)
{
	static const char *const known[] = {
		"interfaces", "tunnel_interface", "address6", "home_prefix4", "default_router4", "ipv4_pool",
		"max_lifetime", "timestamp_window", "bu_protection", "mag_lma_keys", "mags", "hosts",
		"state_file", NULL };
	bool present = false;

	snprintf(lma->tunnel_interface, sizeof(lma->tunnel_interface), "xmip0");
	lma->max_lifetime_s = 3600;
	lma->timestamp_window_ms = 300;
	if (cfg_check_known(ctx, g, known) ||
	    cfg_get_ifaces(ctx, g, "interfaces", lma->interfaces, &lma->n_interfaces, XMIP_MAX_IFACES, 1) ||
	    cfg_copy_string(ctx, g, "tunnel_interface", lma->tunnel_interface, sizeof(lma->tunnel_interface), 0) ||
	    cfg_get_addr6(ctx, g, "address6", &lma->address6, 1) ||
	    cfg_get_prefix(ctx, g, "home_prefix4", AF_INET, &lma->home_prefix4.addr, &lma->home_prefix4.len,
			   &present) ||
	    (!present && cfg_fail(ctx, g, "missing required setting 'home_prefix4'")) ||
	    cfg_get_addr4(ctx, g, "default_router4", &lma->default_router4, &present) ||
	    (!present && cfg_fail(ctx, g, "missing required setting 'default_router4'")) ||
	    cfg_get_prefix(ctx, g, "ipv4_pool", AF_INET, &lma->v4_pool.addr, &lma->v4_pool.len, &lma->has_v4_pool) ||
	    check_home_network(ctx, g, lma) ||
	    cfg_get_uint(ctx, g, "max_lifetime", &lma->max_lifetime_s, 4, 262140) ||
	    cfg_get_uint(ctx, g, "timestamp_window", &lma->timestamp_window_ms, 10, 60000) ||
	    protection_parse(ctx, g, "mag_lma_keys", &lma->protection, lma->keys_file, sizeof(lma->keys_file),
			     &lma->keys) ||
	    cfg_copy_string(ctx, g, "state_file", lma->state_file, sizeof(lma->state_file), 0))
		return -1;
	return parse_mags(ctx, g, lma) || parse_hosts(ctx, g, lma);
}

struct lma_config *lma_config_parse(struct cfg_ctx *ctx, const config_setting_t *g, const char *instance)
{
	struct lma_config *lma = calloc(1, sizeof(*lma));

	if (!lma)
		return NULL;
	snprintf(lma->state_file, sizeof(lma->state_file), "%s/%s-lma.state", XMIP_RUN_DIR, instance);
	if (parse_lma(ctx, g, lma)) {
		lma_config_free(lma);
		return NULL;
	}
	return lma;
}

void lma_config_free(struct lma_config *lma)
{
	if (!lma)
		return;
	mh_keys_free(&lma->keys);
	free(lma->hosts);
	free(lma);
}
