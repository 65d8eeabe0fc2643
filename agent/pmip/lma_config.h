/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The local mobility anchor's section, lma = { ... } (RFC 5213 with RFC
 * 5844's IPv4 home addresses): its links and address, the hosts' IPv4
 * home network (prefix, default router, pool), how proxy BUs are
 * protected, the MAGs it accepts them from, and the hosts it serves with
 * the MAGs each may be registered by (the policy store RFC 5213 2.2 calls
 * the mobile node's policy profile).
 */
#ifndef XMIP_LMA_CONFIG_H
#define XMIP_LMA_CONFIG_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/config.h"
#include "core/config_parse.h"
#include "core/prefix.h"
#include "mh/mh_keys.h"

#define LMA_MAX_MAGS 32                     /* a host's allowed MAGs are a bit mask */
#define LMA_MAX_HOSTS (1 << 20)

/* A MAG the LMA accepts proxy BUs from. */
struct lma_mag {
	char id[XMIP_ID_MAX];               /* its name, and its RFC 4285 keys' id */
	struct in6_addr address6;           /* its proxy care-of address */
	int sa_first, n_sa;                 /* its keys in lma_config.keys */
};

/* A host (an unmodified IPv4-only node) and what the network gives it. */
struct lma_host {
	char id[XMIP_ID_MAX];               /* its NAI (RFC 4283) */
	struct in_addr hoa4;                /* its static address; 0.0.0.0: the pool's */
	uint32_t mags;                      /* bit i: mags[i] may register it */
};

struct lma_config {
	char interfaces[XMIP_MAX_IFACES][IF_NAMESIZE]; /* toward MAGs and correspondents */
	int n_interfaces;
	char tunnel_interface[IF_NAMESIZE]; /* the hosts' addresses are routed here */
	struct in6_addr address6;           /* the LMA address (LMAA) */
	struct prefix4 home_prefix4;        /* the hosts' IPv4 home network */
	struct in_addr default_router4;     /* RFC 5844 3.3.3, in home_prefix4 */
	struct prefix4 v4_pool;             /* dynamic addresses, in home_prefix4 */
	bool has_v4_pool;
	uint32_t max_lifetime_s;
	uint32_t timestamp_window_ms;       /* RFC 5213 5.5: TimestampValidityWindow */
	enum mh_protection protection;      /* bu_protection */
	char keys_file[XMIP_PATH_MAX];      /* mag_lma_keys */
	struct mh_sa_table keys;
	struct lma_mag mags[LMA_MAX_MAGS];
	int n_mags;
	struct lma_host *hosts;             /* heap: up to LMA_MAX_HOSTS */
	int n_hosts;
	char state_file[256];
};

/* The lma section (heap), or NULL with ctx failed; instance names the
 * default state file. */
struct lma_config *lma_config_parse(struct cfg_ctx *ctx, const config_setting_t *g, const char *instance);
void lma_config_free(struct lma_config *lma);

/* The MAG whose proxy care-of address is addr, or -1. */
int lma_config_mag_by_address(const struct lma_config *lma, const struct in6_addr *addr);

#endif
