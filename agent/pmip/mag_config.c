// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/repeats.h"
#include "mh/mh_protection.h"
#include "pmip/mag_config.h"

int mag_parse_mac(const char *text, uint8_t mac[6])
{
	unsigned int b[6];
	char tail;
	int i;

	if (strlen(text) != 17 || sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
					 &b[5], &tail) != 6)
		return -1;
	for (i = 0; i < 17; i++)
		if (i % 3 == 2 ? text[i] != ':' : !isxdigit((unsigned char)text[i]))
			return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

/* A unicast link-layer address: the first byte's low bit clear. */
static int get_mac(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, uint8_t mac[6])
{
	const char *v = cfg_get_string(ctx, g, name, 1);

	if (!v)
		return -1;
	if (mag_parse_mac(v, mac) || (mac[0] & 1))
		return cfg_fail(ctx, config_setting_get_member(g, name),
				"'%s' is not a unicast link-layer address (aa:bb:cc:dd:ee:ff)", v);
	return 0;
}

static int parse_profile(struct cfg_ctx *ctx, const config_setting_t *g, struct mag_profile *p)
{
	static const char *const known[] = { "mac", "id", NULL };

	if (!config_setting_is_group(g))
		return cfg_fail(ctx, g, "each host must be a group { ... }");
	return cfg_check_known(ctx, g, known) || get_mac(ctx, g, "mac", p->mac) ||
	       cfg_copy_string(ctx, g, "id", p->id, sizeof(p->id), 1);
}

static int cmp_mac(const void *a, const void *b)
{
	return memcmp(((const struct mag_profile *)a)->mac, ((const struct mag_profile *)b)->mac, 6);
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct mag_profile *)a)->id, ((const struct mag_profile *)b)->id);
}

static int parse_hosts(struct cfg_ctx *ctx, const config_setting_t *g, struct mag_config *mag)
{
	const config_setting_t *list = config_setting_get_member(g, "hosts");
	int i, earlier = -1, mac_repeat, id_repeat;

	if (!list)
		return 0;
	if (!config_setting_is_list(list))
		return cfg_fail(ctx, list, "must be a list of groups: ( { ... }, { ... } )");
	if (config_setting_length(list) > MAG_MAX_HOSTS)
		return cfg_fail(ctx, list, "at most %d hosts", MAG_MAX_HOSTS);
	mag->hosts = calloc((size_t)config_setting_length(list) + 1, sizeof(*mag->hosts));
	if (!mag->hosts)
		return cfg_fail(ctx, list, "out of memory");
	for (i = 0; i < config_setting_length(list); i++) {
		if (parse_profile(ctx, config_setting_get_elem(list, (unsigned)i), &mag->hosts[i]))
			return -1;
		mag->n_hosts++;
	}
	mac_repeat = first_repeat(mag->hosts, mag->n_hosts, sizeof(*mag->hosts), cmp_mac, &earlier);
	if (mac_repeat >= 0)
		return cfg_fail(ctx, config_setting_get_elem(list, (unsigned)mac_repeat),
				"the link-layer address of '%s' is already '%s''s", mag->hosts[mac_repeat].id,
				mag->hosts[earlier].id);
	id_repeat = first_repeat(mag->hosts, mag->n_hosts, sizeof(*mag->hosts), cmp_id, &earlier);
	if (id_repeat >= 0)
		return cfg_fail(ctx, config_setting_get_elem(list, (unsigned)id_repeat), "host id '%s' appears twice",
				mag->hosts[id_repeat].id);
	return mac_repeat == -2 || id_repeat == -2 ? cfg_fail(ctx, list, "out of memory") : 0;
}

static int parse_mag(struct cfg_ctx *ctx, const config_setting_t *g, struct mag_config *mag)
{
	static const char *const known[] = {
		"id", "access_links", "interfaces", "tunnel_interface", "address6", "lma_address6",
		"home_prefix4", "default_router4", "router_mac", "lifetime", "bu_protection", "mag_lma_keys",
		"hosts", "state_file", "link_down_hold_ms", NULL };
	bool present = false;

	snprintf(mag->tunnel_interface, sizeof(mag->tunnel_interface), "xmip0");
	mag->lifetime_s = 600;
	/* A radio link may drop for a moment; a host that moved to another
	 * MAG is revoked well within this (its new MAG registers it first). */
	mag->link_down_hold_ms = 1000;
	if (cfg_check_known(ctx, g, known) || cfg_copy_string(ctx, g, "id", mag->id, sizeof(mag->id), 1) ||
	    cfg_get_ifaces(ctx, g, "access_links", mag->access_links, &mag->n_access_links, XMIP_MAX_IFACES, 1) ||
	    cfg_get_ifaces(ctx, g, "interfaces", mag->interfaces, &mag->n_interfaces, XMIP_MAX_IFACES, 1) ||
	    cfg_copy_string(ctx, g, "tunnel_interface", mag->tunnel_interface, sizeof(mag->tunnel_interface), 0) ||
	    cfg_get_addr6(ctx, g, "address6", &mag->address6, 1) ||
	    cfg_get_addr6(ctx, g, "lma_address6", &mag->lma_address6, 1) ||
	    cfg_get_prefix(ctx, g, "home_prefix4", AF_INET, &mag->home_prefix4.addr, &mag->home_prefix4.len,
			   &present) ||
	    (!present && cfg_fail(ctx, g, "missing required setting 'home_prefix4'")) ||
	    cfg_get_addr4(ctx, g, "default_router4", &mag->default_router4, &present) ||
	    (!present && cfg_fail(ctx, g, "missing required setting 'default_router4'")) ||
	    get_mac(ctx, g, "router_mac", mag->router_mac) ||
	    cfg_get_uint(ctx, g, "lifetime", &mag->lifetime_s, 4, 262140) ||
	    cfg_get_uint(ctx, g, "link_down_hold_ms", &mag->link_down_hold_ms, 0, 60000) ||
	    protection_parse(ctx, g, "mag_lma_keys", &mag->protection, mag->keys_file, sizeof(mag->keys_file),
			     &mag->keys) ||
	    cfg_copy_string(ctx, g, "state_file", mag->state_file, sizeof(mag->state_file), 0))
		return -1;
	if (!prefix4_contains(&mag->home_prefix4, mag->default_router4))
		return cfg_fail(ctx, config_setting_get_member(g, "default_router4"), "not an address of home_prefix4");
	if (mag->protection == MH_PROTECT_RFC4285) {
		mag->n_sa = mh_keys_find(&mag->keys, mag->id, &mag->sa_first);
		if (!mag->n_sa)
			return cfg_fail(ctx, config_setting_get_member(g, "id"),
					"MAG '%s' has no key in %s (bu_protection = \"rfc4285\")", mag->id, mag->keys_file);
	}
	return parse_hosts(ctx, g, mag);
}

struct mag_config *mag_config_parse(struct cfg_ctx *ctx, const config_setting_t *g, const char *instance)
{
	struct mag_config *mag = calloc(1, sizeof(*mag));

	if (!mag)
		return NULL;
	snprintf(mag->state_file, sizeof(mag->state_file), "%s/%s-mag.state", XMIP_RUN_DIR, instance);
	if (parse_mag(ctx, g, mag)) {
		mag_config_free(mag);
		return NULL;
	}
	return mag;
}

void mag_config_free(struct mag_config *mag)
{
	if (!mag)
		return;
	mh_keys_free(&mag->keys);
	free(mag->hosts);
	free(mag);
}
