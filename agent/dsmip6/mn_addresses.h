/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Where the mobile node's home addresses live, and how their traffic is
 * routed. Away from home they sit on the tunnel interface, and policy rules
 * send everything from them (and, on a mobile router, from its mobile
 * network prefixes) into table XMIP_RT_TABLE, whose default routes lead
 * into the tunnel interface. On the home link (RFC 6275 11.5.4) they move
 * to that link's interface and the rules go: the node is an ordinary host
 * there.
 */
#ifndef XMIP_MN_ADDRESSES_H
#define XMIP_MN_ADDRESSES_H

#include <netinet/in.h>
#include "dsmip6/mn_config.h"
#include "xmip_error.h"

/* The table's default routes into the tunnel interface (at start). */
int mn_addresses_prepare(const struct mn_config *mn, struct xmip_error *err);

/* One home address (family's bytes) on the tunnel interface with the rule
 * sending its traffic into the tunnel (on), or neither. */
int mn_address_in_tunnel(const struct mn_config *mn, int family, const void *addr, bool on,
			 struct xmip_error *err);

/* Away: the home addresses (hoa4 when not NULL) on the tunnel interface,
 * their traffic into the tunnel. */
int mn_addresses_away(const struct mn_config *mn, const char *home_ifname,
		      const struct in_addr *hoa4, struct xmip_error *err);
/* Home: the home addresses on home_ifname, no rules. */
int mn_addresses_home(const struct mn_config *mn, const char *home_ifname,
		      const struct in_addr *hoa4, struct xmip_error *err);

/* Traffic from one prefix (a network behind the node) into the tunnel, or
 * not: a rule only. */
int mn_prefix_in_tunnel(int family, const void *prefix, uint8_t len, bool on, struct xmip_error *err);
/* A mobile router's IPv6 prefixes into the tunnel (on) or not. */
int mn_prefixes_route(const struct mn_config *mn, bool on, struct xmip_error *err);

#endif
