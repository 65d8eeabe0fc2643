/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The DSMIPv6 home agent's section, home_agent = { ... }: its links and
 * addresses, the home prefixes, the IPv4 pool, and the mobile nodes it
 * serves with what each may claim.
 */
#ifndef XMIP_HA_CONFIG_H
#define XMIP_HA_CONFIG_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/config.h"
#include "core/config_parse.h"
#include "mh/mh_keys.h"

#define XMIP_MAX_MOBILE_NODES (1 << 20)
#define XMIP_MAX_V4_HOAS 8
#define XMIP_MAX_MNP6 8                    /* NEMO prefixes per mobile router */
#define XMIP_MAX_V4_MNP 4                  /* IPv4 mobile network prefixes per node */

/* A mobile node the home agent serves, and what it may claim. */
struct mn_authz {
	char id[XMIP_ID_MAX];               /* NAI, and IKE identity */
	struct in6_addr home_address6;
	struct in_addr v4_hoas[XMIP_MAX_V4_HOAS];
	int n_v4_hoas;
	struct prefix6 mnp6[XMIP_MAX_MNP6]; /* NEMO mobile network prefixes */
	int n_mnp6;
	struct prefix4 v4_mnp[XMIP_MAX_V4_MNP]; /* RFC 5555 4.5: the P flag's */
	int n_v4_mnp;
	int sa_first, n_sa;                 /* its RFC 4285 keys in ha_config.keys */
};

struct ha_config {
	char home_link[IF_NAMESIZE];
	char interfaces[XMIP_MAX_IFACES][IF_NAMESIZE]; /* uplinks toward MNs */
	int n_interfaces;
	char tunnel_interface[IF_NAMESIZE];  /* home addresses are routed here */
	struct in6_addr address6;
	struct in_addr address4;
	bool has_address4;
	struct prefix6 home_prefix6;
	struct prefix4 home_prefix4;
	bool has_home_prefix4;
	struct prefix4 v4_pool;             /* dynamic IPv4 home addresses */
	bool has_v4_pool;
	uint32_t nat_keepalive_s;
	uint32_t max_lifetime_s;
	enum mh_protection protection;      /* bu_protection */
	char keys_file[XMIP_PATH_MAX];      /* mn_ha_keys */
	struct mh_sa_table keys;            /* RFC 4285: every node's associations */
	bool allow_forced_udp;              /* the BU's F flag (RFC 5555): 144 when not */
	struct mn_authz *mobile_nodes;      /* heap: up to XMIP_MAX_MOBILE_NODES */
	int n_mobile_nodes;
	char state_file[256];               /* the binding cache (ha_state.h) */
	bool ipsec;                         /* an ipsec section names the nodes as IKE peers */
};

/* The home_agent section (heap), or NULL with ctx failed; instance names
 * the default state file. */
struct ha_config *ha_config_parse(struct cfg_ctx *ctx, const config_setting_t *g, const char *instance);
void ha_config_free(struct ha_config *ha);
/* The home agent's section of cfg, or NULL when it runs no home agent. */
const struct ha_config *dsmip6_ha_config(const struct xmip_config *cfg);

#endif
