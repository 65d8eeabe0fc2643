/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The MAG's section, mag = { ... } (RFC 5213 with RFC 5844's IPv4 home
 * addresses, seed 003's DMPA): its access links and uplinks, its proxy
 * care-of address and its LMA's, the hosts' home network as every access
 * link shows it (the default router's address and the link-layer address
 * every MAG of the domain shares), how proxy BUs are protected, and the
 * policy store: which host (link-layer address) is which NAI.
 */
#ifndef XMIP_MAG_CONFIG_H
#define XMIP_MAG_CONFIG_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/config.h"
#include "core/config_parse.h"
#include "core/prefix.h"
#include "mh/mh_keys.h"

#define MAG_MAX_HOSTS (1 << 16)

/* A host the MAG may register: its link-layer address and NAI. */
struct mag_profile {
	uint8_t mac[6];
	char id[XMIP_ID_MAX];
};

struct mag_config {
	char id[XMIP_ID_MAX];               /* its name; its RFC 4285 keys' id */
	char access_links[XMIP_MAX_IFACES][IF_NAMESIZE];
	int n_access_links;
	char interfaces[XMIP_MAX_IFACES][IF_NAMESIZE];   /* toward the LMA */
	int n_interfaces;
	char tunnel_interface[IF_NAMESIZE];
	struct in6_addr address6;           /* the proxy care-of address */
	struct in6_addr lma_address6;
	struct prefix4 home_prefix4;        /* the hosts' home network */
	struct in_addr default_router4;
	uint8_t router_mac[6];              /* the same at every MAG */
	uint32_t lifetime_s;                /* asked for in proxy BUs */
	uint32_t link_down_hold_ms;         /* an access link down this long: its hosts left */
	enum mh_protection protection;      /* bu_protection */
	char keys_file[XMIP_PATH_MAX];      /* mag_lma_keys */
	struct mh_sa_table keys;
	int sa_first, n_sa;                 /* this MAG's own associations */
	struct mag_profile *hosts;          /* heap: up to MAG_MAX_HOSTS */
	int n_hosts;
	char state_file[256];
};

/* The mag section (heap), or NULL with ctx failed; instance names the
 * default state file. */
struct mag_config *mag_config_parse(struct cfg_ctx *ctx, const config_setting_t *g, const char *instance);
void mag_config_free(struct mag_config *mag);

/* "aa:bb:cc:dd:ee:ff" into mac: 0, or -1. */
int mag_parse_mac(const char *text, uint8_t mac[6]);

#endif
