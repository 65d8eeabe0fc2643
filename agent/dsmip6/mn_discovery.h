/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Home agent discovery through DNS (RFC 5555 2.1): the configured name's
 * AAAA and A records, or the SRV record _mip6._ipv6.<domain> (RFC 5026)
 * and then its targets' records, tried in RFC 2782 order. Asynchronous on
 * the agent's sd-event loop through c-ares; the resolvers are the
 * configured ones or those of /etc/resolv.conf, read afresh on every
 * attempt (a new network may bring new ones). A failed attempt is tried
 * again after 1, 2, 4 ... 60 s.
 */
#ifndef XMIP_MN_DISCOVERY_H
#define XMIP_MN_DISCOVERY_H

#include <netinet/in.h>
#include <stdbool.h>
#include <systemd/sd-event.h>
#include "dsmip6/mn_config.h"

struct ares_addrinfo_node;

struct home_agent_address {
	struct in6_addr addr6;      /* the BU's destination: required */
	struct in_addr addr4;       /* for IPv4 care-of addresses */
	bool has_addr4;
};

/* name: the host whose records gave the addresses. */
typedef void (*mn_ha_found_fn)(void *ctx, const struct home_agent_address *ha, const char *name);

struct mn_discovery;

int mn_discovery_start(struct mn_discovery **out, sd_event *ev, const struct mn_config *mn,
		       mn_ha_found_fn found, void *ctx, struct xmip_error *err);
/* Asks DNS again (the home agent stopped answering); found is called
 * again with what DNS says now. Nothing happens while an attempt runs. */
void mn_discovery_again(struct mn_discovery *d);
void mn_discovery_stop(struct mn_discovery *d);
/* The section after a reload (its names and resolvers from now on). */
void mn_discovery_reload(struct mn_discovery *d, const struct mn_config *mn);

/* The first usable IPv6 (global, not IPv4-mapped) and IPv4 addresses of an
 * answer; false without an IPv6 one. */
bool mn_discovery_address(const struct ares_addrinfo_node *nodes, struct home_agent_address *ha);

#endif
