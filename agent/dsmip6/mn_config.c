// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "dsmip6/mn_config.h"
#include "mh/mh_protection.h"

/* The resolvers to ask instead of /etc/resolv.conf's: IPv4 or IPv6 addresses. */
static int get_dns_servers(struct cfg_ctx *ctx, const config_setting_t *g, struct mn_config *mn)
{
	const config_setting_t *list = config_setting_get_member(g, "dns_servers");
	struct in6_addr scratch;
	int i;

	if (!list)
		return 0;
	if (!mn_discovers_home_agent(mn))
		return cfg_fail(ctx, list, "only used with home_agent_name or home_agent_domain");
	if (!config_setting_is_aggregate(list) || config_setting_length(list) < 1 ||
	    config_setting_length(list) > XMIP_MAX_DNS_SERVERS)
		return cfg_fail(ctx, list, "must be a list of 1 to %d IP addresses", XMIP_MAX_DNS_SERVERS);
	for (i = 0; i < config_setting_length(list); i++) {
		const char *v = config_setting_get_string_elem(list, i);

		if (!v || (inet_pton(AF_INET, v, &scratch) != 1 && inet_pton(AF_INET6, v, &scratch) != 1))
			return cfg_fail(ctx, list, "element %d is not an IP address", i + 1);
		snprintf(mn->dns_servers[i], sizeof(mn->dns_servers[i]), "%s", v);
	}
	mn->n_dns_servers = config_setting_length(list);
	return 0;
}

/* RFC 5555 2.1: the home agent is configured (home_agent6, maybe with
 * home_agent4) or found through DNS by its name or its domain's SRV
 * record; exactly one of the three. */
static int get_home_agent(struct cfg_ctx *ctx, const config_setting_t *g, struct mn_config *mn)
{
	bool has6 = config_setting_get_member(g, "home_agent6") != NULL;

	if (cfg_get_addr6(ctx, g, "home_agent6", &mn->home_agent6, 0) ||
	    cfg_get_addr4(ctx, g, "home_agent4", &mn->home_agent4, &mn->has_home_agent4) ||
	    cfg_get_dns_name(ctx, g, "home_agent_name", mn->home_agent_name, sizeof(mn->home_agent_name)) ||
	    cfg_get_dns_name(ctx, g, "home_agent_domain", mn->home_agent_domain, sizeof(mn->home_agent_domain)))
		return -1;
	if (has6 + !!mn->home_agent_name[0] + !!mn->home_agent_domain[0] != 1)
		return cfg_fail(ctx, g, "set one of home_agent6 (with home_agent4), home_agent_name "
					"or home_agent_domain");
	if (mn->has_home_agent4 && !has6)
		return cfg_fail(ctx, config_setting_get_member(g, "home_agent4"),
				"only used with home_agent6: DNS gives a discovered home agent's IPv4 address");
	return get_dns_servers(ctx, g, mn);
}

static int parse_mobile_node(struct cfg_ctx *ctx, const config_setting_t *g, struct mn_config *mn)
{
	static const char *const known[] = {
		"id", "tunnel_interface", "interfaces", "home_address6", "home_address4",
		"home_agent6", "home_agent4", "lifetime", "force_udp", "mobile_network_prefixes",
		"home_prefix6", "home_agent_name", "home_agent_domain", "dns_servers",
		"ipv4_mobile_network_prefix", "bu_protection", "mn_ha_keys", "allow_unprotected_bu", NULL };
	struct mh_sa_table keys = { 0 };
	int first, i;
	bool has_home_prefix = false;

	snprintf(mn->tunnel_interface, sizeof(mn->tunnel_interface), "xmip0");
	mn->lifetime_s = 600;
	if (cfg_check_known(ctx, g, known) ||
	    cfg_copy_string(ctx, g, "id", mn->id, sizeof(mn->id), 0) ||
	    cfg_copy_string(ctx, g, "tunnel_interface", mn->tunnel_interface, sizeof(mn->tunnel_interface), 0) ||
	    cfg_get_ifaces(ctx, g, "interfaces", mn->interfaces, &mn->n_interfaces, XMIP_MAX_IFACES, 1) ||
	    cfg_get_addr6(ctx, g, "home_address6", &mn->home_address6, 1) ||
	    cfg_get_addr4(ctx, g, "home_address4", &mn->home_address4, &mn->has_home_address4) ||
	    get_home_agent(ctx, g, mn) ||
	    cfg_get_uint(ctx, g, "lifetime", &mn->lifetime_s, 4, 262140) ||
	    cfg_get_bool(ctx, g, "force_udp", &mn->force_udp) ||
	    cfg_get_prefixes(ctx, g, "mobile_network_prefixes", AF_INET6, &mn->mnp6[0].addr, &mn->mnp6[0].len,
			     sizeof(mn->mnp6[0]), XMIP_MAX_MNP6, &mn->n_mnp6) ||
	    cfg_get_prefix(ctx, g, "ipv4_mobile_network_prefix", AF_INET, &mn->v4_mnp.addr, &mn->v4_mnp.len,
			   &mn->has_v4_mnp) ||
	    cfg_get_prefix(ctx, g, "home_prefix6", AF_INET6, &mn->home_prefix6.addr, &mn->home_prefix6.len,
			   &has_home_prefix))
		return -1;
	/* One IPv4 home address option, one acknowledgement: an address or a
	 * prefix (RFC 5555 3.1.1: the node forms its address from the prefix). */
	if (mn->has_v4_mnp && mn->has_home_address4)
		return cfg_fail(ctx, config_setting_get_member(g, "ipv4_mobile_network_prefix"),
				"use either home_address4 or ipv4_mobile_network_prefix");
	if (mn->has_v4_mnp)
		cfg_clear_host_bits((uint8_t *)&mn->v4_mnp.addr, mn->v4_mnp.len, 4);
	if (!has_home_prefix) {
		/* The usual home link: a /64 around the home address. */
		mn->home_prefix6.addr = mn->home_address6;
		memset(&mn->home_prefix6.addr.s6_addr[8], 0, 8);
		mn->home_prefix6.len = 64;
	}
	if (protection_parse(ctx, g, "mn_ha_keys", &mn->protection, mn->keys_file, sizeof(mn->keys_file), &keys))
		return -1;
	if (mn->protection != MH_PROTECT_RFC4285)
		return 0;
	/* Its keys are the lines of its id (RFC 4283's NAI, sent with them). */
	if (!mn->id[0]) {
		mh_keys_free(&keys);
		return cfg_fail(ctx, g, "needs an id: RFC 4285's keys are the node's, by its id");
	}
	mn->n_keys = mh_keys_find(&keys, mn->id, &first);
	for (i = 0; i < mn->n_keys; i++)
		mn->keys[i] = keys.sa[first + i].key;
	mh_keys_free(&keys);
	if (!mn->n_keys)
		return cfg_fail(ctx, config_setting_get_member(g, "mn_ha_keys"), "no key for '%s' in %s",
				mn->id, mn->keys_file);
	return 0;
}

struct mn_config *mn_config_parse(struct cfg_ctx *ctx, const config_setting_t *g)
{
	struct mn_config *mn = calloc(1, sizeof(*mn));

	if (mn && parse_mobile_node(ctx, g, mn)) {
		mn_config_free(mn);
		return NULL;
	}
	return mn;
}

void mn_config_free(struct mn_config *mn)
{
	if (!mn)
		return;
	OPENSSL_cleanse(mn->keys, sizeof(mn->keys));
	free(mn);
}

/* The node's IKE identity is its id unless set; it names its home agent's
 * (peer_identity), whose address it must know in advance. */
int mn_config_check_ipsec(struct cfg_ctx *ctx, const config_setting_t *g, struct ipsec_config *ip,
			  const struct mn_config *mn)
{
	if (!ip->identity[0] && mn->id[0])
		snprintf(ip->identity, sizeof(ip->identity), "%s", mn->id);
	if (ip->protect_ipv4_payload && (!mn->has_home_address4 || !mn->home_address4.s_addr))
		return cfg_fail(ctx, config_setting_get_member(g, "protect_ipv4_payload"),
				"needs a configured home_address4: the ESP tunnel's selectors name it");
	if (cfg_copy_string(ctx, g, "peer_identity", ip->peer_identity, sizeof(ip->peer_identity), 1))
		return -1;
	if (!ip->identity[0])
		return cfg_fail(ctx, g, "needs an identity: set identity here or the mobile node's id");
	if (mn_discovers_home_agent(mn))
		return cfg_fail(ctx, g, "needs home_agent6: with home agent discovery the IKE peer "
					"is not known in advance (not supported yet)");
	return 0;
}
