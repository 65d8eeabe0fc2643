/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The DSMIPv6 mobile node's section, mobile_node = { ... }: its access
 * links, home addresses, home agent (configured or found by DNS), and as
 * a mobile router its prefixes.
 */
#ifndef XMIP_MN_CONFIG_H
#define XMIP_MN_CONFIG_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/config.h"
#include "core/config_parse.h"
#include "dsmip6/ha_config.h"

#define XMIP_DNS_NAME_MAX 254              /* 253 characters and the NUL */
#define XMIP_MAX_DNS_SERVERS 4

struct mn_config {
	char id[XMIP_ID_MAX];
	char tunnel_interface[IF_NAMESIZE];
	char interfaces[XMIP_MAX_IFACES][IF_NAMESIZE]; /* access links */
	int n_interfaces;
	struct in6_addr home_address6;
	struct prefix6 home_prefix6;        /* of the home link: being there is being home */
	struct in_addr home_address4;       /* 0.0.0.0: ask the HA for one */
	bool has_home_address4;             /* absent: IPv6 only */
	struct in6_addr home_agent6;        /* configured, or ... */
	struct in_addr home_agent4;
	bool has_home_agent4;
	char home_agent_name[XMIP_DNS_NAME_MAX];   /* ... its A and AAAA (RFC 5555 2.1), or */
	char home_agent_domain[XMIP_DNS_NAME_MAX]; /* ... SRV _mip6._ipv6.<domain> (RFC 5026) */
	char dns_servers[XMIP_MAX_DNS_SERVERS][INET6_ADDRSTRLEN]; /* none: /etc/resolv.conf */
	int n_dns_servers;
	uint32_t lifetime_s;
	bool force_udp;                     /* F flag: UDP 4191 even without NAT */
	struct prefix6 mnp6[XMIP_MAX_MNP6]; /* set: a mobile router (RFC 3963) */
	int n_mnp6;
	struct prefix4 v4_mnp;              /* asked with P; 0.0.0.0/len: any of len */
	bool has_v4_mnp;
	enum mh_protection protection;      /* bu_protection */
	char keys_file[XMIP_PATH_MAX];      /* mn_ha_keys */
	struct mh_auth_key keys[MH_KEYS_PER_NODE]; /* RFC 4285: its own, the first sends */
	int n_keys;
};

/* Whether the mobile node finds its home agent through DNS. */
static inline bool mn_discovers_home_agent(const struct mn_config *mn)
{
	return mn->home_agent_name[0] || mn->home_agent_domain[0];
}

/* The mobile_node section (heap), or NULL with ctx failed. */
struct mn_config *mn_config_parse(struct cfg_ctx *ctx, const config_setting_t *g);
void mn_config_free(struct mn_config *mn);
/* Completes and checks the ipsec section for a mobile node. */
int mn_config_check_ipsec(struct cfg_ctx *ctx, const config_setting_t *g, struct ipsec_config *ip,
			  const struct mn_config *mn);
/* The mobile node's section of cfg, or NULL when it runs none. */
const struct mn_config *dsmip6_mn_config(const struct xmip_config *cfg);

#endif
