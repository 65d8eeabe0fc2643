// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/repeats.h"
#include "dsmip6/ha_config.h"
#include "mh/mh_protection.h"
#include "xmip_proto.h"

static int parse_mobile_node(struct cfg_ctx *ctx, const config_setting_t *g, struct mn_authz *mn)
{
	static const char *const known[] = { "id", "home_address6", "ipv4_home_addresses",
					     "mobile_network_prefixes", "ipv4_mobile_network_prefixes", NULL };
	const config_setting_t *list;
	int i;

	if (!config_setting_is_group(g))
		return cfg_fail(ctx, g, "each mobile node must be a group { ... }");
	if (cfg_check_known(ctx, g, known) || cfg_copy_string(ctx, g, "id", mn->id, sizeof(mn->id), 1) ||
	    cfg_get_addr6(ctx, g, "home_address6", &mn->home_address6, 1))
		return -1;
	list = config_setting_get_member(g, "ipv4_home_addresses");
	if (list) {
		if (!config_setting_is_aggregate(list) || config_setting_length(list) > XMIP_MAX_V4_HOAS)
			return cfg_fail(ctx, list, "must be a list of at most %d IPv4 addresses", XMIP_MAX_V4_HOAS);
		for (i = 0; i < config_setting_length(list); i++) {
			const char *v = config_setting_get_string_elem(list, i);

			if (!v || cfg_parse_in4(ctx, list, v, &mn->v4_hoas[i]))
				return cfg_fail(ctx, list, "element %d is not an IPv4 address", i + 1);
		}
		mn->n_v4_hoas = config_setting_length(list);
	}
	return cfg_get_prefixes(ctx, g, "mobile_network_prefixes", AF_INET6, &mn->mnp6[0].addr,
				&mn->mnp6[0].len, sizeof(mn->mnp6[0]), XMIP_MAX_MNP6, &mn->n_mnp6) ||
	       cfg_get_prefixes(ctx, g, "ipv4_mobile_network_prefixes", AF_INET, &mn->v4_mnp[0].addr,
				&mn->v4_mnp[0].len, sizeof(mn->v4_mnp[0]), XMIP_MAX_V4_MNP, &mn->n_v4_mnp);
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct mn_authz *)a)->id, ((const struct mn_authz *)b)->id);
}

static int cmp_hoa6(const void *a, const void *b)
{
	return memcmp(&((const struct mn_authz *)a)->home_address6, &((const struct mn_authz *)b)->home_address6,
		      sizeof(struct in6_addr));
}

/* Every id and every IPv6 home address once: the error names the first node
 * that repeats one (an id before an address, at the same node). */
static int check_unique_nodes(struct cfg_ctx *ctx, const config_setting_t *mns, const struct ha_config *ha)
{
	int id_earlier = -1, hoa_earlier = -1, id_repeat, hoa_repeat;

	id_repeat = first_repeat(ha->mobile_nodes, ha->n_mobile_nodes, sizeof(*ha->mobile_nodes), cmp_id,
				 &id_earlier);
	hoa_repeat = first_repeat(ha->mobile_nodes, ha->n_mobile_nodes, sizeof(*ha->mobile_nodes), cmp_hoa6,
				  &hoa_earlier);
	if (id_repeat == -2 || hoa_repeat == -2)
		return cfg_fail(ctx, mns, "out of memory");
	if (id_repeat >= 0 && (hoa_repeat < 0 || id_repeat <= hoa_repeat))
		return cfg_fail(ctx, config_setting_get_elem(mns, (unsigned)id_repeat),
				"mobile node id '%s' appears twice", ha->mobile_nodes[id_repeat].id);
	if (hoa_repeat >= 0)
		return cfg_fail(ctx, config_setting_get_elem(mns, (unsigned)hoa_repeat),
				"home address of '%s' is already given to '%s'",
				ha->mobile_nodes[hoa_repeat].id, ha->mobile_nodes[hoa_earlier].id);
	return 0;
}

/* RFC 4285: every node has its keys in the keys file. */
static int find_keys(struct cfg_ctx *ctx, const config_setting_t *m, const struct ha_config *ha,
		     struct mn_authz *mn)
{
	mn->n_sa = mh_keys_find(&ha->keys, mn->id, &mn->sa_first);
	if (!mn->n_sa)
		return cfg_fail(ctx, m, "mobile node '%s' has no key in %s (bu_protection = \"rfc4285\")",
				mn->id, ha->keys_file);
	return 0;
}

static int parse_home_agent(struct cfg_ctx *ctx, const config_setting_t *g, struct ha_config *ha)
{
	static const char *const known[] = {
		"home_link", "interfaces", "tunnel_interface", "address6", "address4",
		"home_prefix6", "home_prefix4", "ipv4_pool", "nat_keepalive", "max_lifetime",
		"bu_protection", "mn_ha_keys", "allow_unprotected_bu", "allow_forced_udp", "mobile_nodes",
		"state_file", NULL };
	const config_setting_t *mns;
	int i;

	snprintf(ha->tunnel_interface, sizeof(ha->tunnel_interface), "xmip0");
	ha->nat_keepalive_s = XMIP_NATKATIMEOUT;
	ha->max_lifetime_s = 3600;
	ha->allow_forced_udp = true;
	if (cfg_check_known(ctx, g, known) ||
	    cfg_copy_string(ctx, g, "home_link", ha->home_link, sizeof(ha->home_link), 1) ||
	    cfg_get_ifaces(ctx, g, "interfaces", ha->interfaces, &ha->n_interfaces, XMIP_MAX_IFACES, 0) ||
	    cfg_copy_string(ctx, g, "tunnel_interface", ha->tunnel_interface, sizeof(ha->tunnel_interface), 0) ||
	    cfg_get_addr6(ctx, g, "address6", &ha->address6, 1) ||
	    cfg_get_addr4(ctx, g, "address4", &ha->address4, &ha->has_address4) ||
	    cfg_get_prefix(ctx, g, "home_prefix6", AF_INET6, &ha->home_prefix6.addr, &ha->home_prefix6.len, NULL) ||
	    cfg_get_prefix(ctx, g, "home_prefix4", AF_INET, &ha->home_prefix4.addr, &ha->home_prefix4.len,
			   &ha->has_home_prefix4) ||
	    cfg_get_prefix(ctx, g, "ipv4_pool", AF_INET, &ha->v4_pool.addr, &ha->v4_pool.len, &ha->has_v4_pool) ||
	    cfg_get_uint(ctx, g, "nat_keepalive", &ha->nat_keepalive_s, 1, 0xffffffffu) ||
	    cfg_get_uint(ctx, g, "max_lifetime", &ha->max_lifetime_s, 4, 262140) ||
	    protection_parse(ctx, g, "mn_ha_keys", &ha->protection, ha->keys_file, sizeof(ha->keys_file), &ha->keys) ||
	    cfg_get_bool(ctx, g, "allow_forced_udp", &ha->allow_forced_udp) ||
	    cfg_copy_string(ctx, g, "state_file", ha->state_file, sizeof(ha->state_file), 0))
		return -1;
	if (!config_setting_get_member(g, "home_prefix6"))
		return cfg_fail(ctx, g, "missing required setting 'home_prefix6'");

	mns = config_setting_get_member(g, "mobile_nodes");
	if (!mns)
		return 0;
	if (!config_setting_is_list(mns))
		return cfg_fail(ctx, mns, "must be a list of groups: ( { ... }, { ... } )");
	if (config_setting_length(mns) > XMIP_MAX_MOBILE_NODES)
		return cfg_fail(ctx, mns, "at most %d mobile nodes", XMIP_MAX_MOBILE_NODES);
	ha->mobile_nodes = calloc((size_t)config_setting_length(mns) + 1, sizeof(*ha->mobile_nodes));
	if (!ha->mobile_nodes)
		return cfg_fail(ctx, mns, "out of memory");
	for (i = 0; i < config_setting_length(mns); i++) {
		const config_setting_t *m = config_setting_get_elem(mns, (unsigned)i);

		if (parse_mobile_node(ctx, m, &ha->mobile_nodes[i]))
			return -1;
		if (ha->protection == MH_PROTECT_RFC4285 && find_keys(ctx, m, ha, &ha->mobile_nodes[i]))
			return -1;
		ha->n_mobile_nodes++;
	}
	return check_unique_nodes(ctx, mns, ha);
}

struct ha_config *ha_config_parse(struct cfg_ctx *ctx, const config_setting_t *g, const char *instance)
{
	struct ha_config *ha = calloc(1, sizeof(*ha));

	if (!ha)
		return NULL;
	snprintf(ha->state_file, sizeof(ha->state_file), "%s/%s.state", XMIP_RUN_DIR, instance);
	if (parse_home_agent(ctx, g, ha)) {
		ha_config_free(ha);
		return NULL;
	}
	return ha;
}

void ha_config_free(struct ha_config *ha)
{
	if (!ha)
		return;
	mh_keys_free(&ha->keys);
	free(ha->mobile_nodes);
	free(ha);
}
