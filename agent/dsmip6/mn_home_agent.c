// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The mobile node's home agent: configured, or found through DNS (RFC 5555
 * 2.1, mn_discovery.c), and what changes when DNS names another. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "core/log.h"
#include "dsmip6/mn_state.h"

static bool same_home_agent(const struct home_agent_address *a, const struct home_agent_address *b)
{
	return !memcmp(&a->addr6, &b->addr6, 16) && a->has_addr4 == b->has_addr4 &&
	       (!a->has_addr4 || a->addr4.s_addr == b->addr4.s_addr);
}

/* DNS named the home agent (RFC 5555 2.1): the data plane learns it, and
 * the node registers with it from where it is. */
static void home_agent_found(void *ctx, const struct home_agent_address *ha, const char *name)
{
	struct mn_signal *s = ctx;
	char a6[INET6_ADDRSTRLEN], a4[INET_ADDRSTRLEN] = "";
	struct xmip_error err = { 0 };
	bool first = !s->ha_known;

	snprintf(s->ha_name, sizeof(s->ha_name), "%s", name);
	if (s->ha_known && same_home_agent(ha, &s->ha))
		return;
	inet_ntop(AF_INET6, &ha->addr6, a6, sizeof(a6));
	if (ha->has_addr4)
		inet_ntop(AF_INET, &ha->addr4, a4, sizeof(a4));
	log_notice("home agent %s: %s%s%s", name, a6, a4[0] ? ", " : " (no IPv4 address)", a4);
	if (dp_set_home_agent(s->dp, &ha->addr6, ha->has_addr4 ? &ha->addr4 : NULL, &err)) {
		log_err("home agent %s: %s", name, err.msg);
		return;
	}
	s->ha = *ha;
	s->ha_known = true;
	if (first)
		(void)mn_reselect(s);
	else if (s->coa.family && !s->coa.home)
		mn_register_now(s);   /* another home agent: start over with it */
}

/* The configured home agent, or DNS asked for it. */
int mn_find_home_agent(struct mn_signal *s, struct xmip_error *err)
{
	const struct mn_config *mn = s->cfg;

	if (mn_discovers_home_agent(mn))
		return mn_discovery_start(&s->discovery, s->ev, mn, home_agent_found, s, err);
	s->ha = (struct home_agent_address){ .addr6 = mn->home_agent6, .addr4 = mn->home_agent4,
					     .has_addr4 = mn->has_home_agent4 };
	s->ha_known = true;
	return 0;
}
