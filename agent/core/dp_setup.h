/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * From configuration to a running data plane: the roles say what they need
 * (core/role.h dp_plan), this loads the programs of that kind, attaches
 * them to the interfaces named, and writes the settings map with what each
 * role puts in it; and the reverse, for `xmipd --cleanup`.
 */
#ifndef XMIP_DP_SETUP_H
#define XMIP_DP_SETUP_H

#include <stdbool.h>
#include "core/config.h"
#include "core/role.h"
#include "xmip_loader.h"

struct dp_iface {
	char name[IF_NAMESIZE];
	bool xdp;
	bool xdp_generic;
	bool tc_egress;
};

struct dp_state {
	struct xmip_dp *dp;
	struct dp_iface ifaces[XMIP_MAX_IFACES * 2 + 2];
	int n_ifaces;
};

/* What the roles of cfg need together; plan->kind is XMIP_DP_NONE when no
 * role has a data plane. The configuration core has checked that they ask
 * for one kind. */
void dp_plan_of(const struct xmip_config *cfg, struct dp_plan *plan);

/* Loads and attaches the data plane of cfg's roles (none: st->dp NULL). */
int dp_setup(struct dp_state *st, const struct xmip_config *cfg, struct xmip_error *err);
/* Re-applies cfg to a running data plane (SIGHUP): settings map, attachments;
 * interfaces no longer configured are detached. */
int dp_reapply(struct dp_state *st, const struct xmip_config *cfg, struct xmip_error *err);
/* The mobile node's home agent once DNS found it (addr4 NULL: none). */
int dp_set_home_agent(struct dp_state *st, const struct in6_addr *addr6, const struct in_addr *addr4,
		      struct xmip_error *err);
/* Closes user-space handles; programs and maps stay in the kernel. */
void dp_close(struct dp_state *st);
/* Detaches everything of cfg's instance and removes its pins (--cleanup). */
int dp_cleanup(const struct xmip_config *cfg, struct xmip_error *err);

#endif
