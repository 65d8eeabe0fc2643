/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Policy routing into the tunnel interface (libnl-3), table XMIP_RT_TABLE:
 * on the home agent for its marked signalling (a BA whose BU came through a
 * tunnel, before or without a binding), on the mobile node for everything
 * sent from a home address. Adding what exists already is fine (restarts).
 */
#ifndef XMIP_POLICY_ROUTE_H
#define XMIP_POLICY_ROUTE_H

#include <stdint.h>
#include "xmip_error.h"

#define XMIP_RULE_PRIORITY 1000

/* A default route of family through ifindex in table. */
int policy_default_route(int family, uint32_t table, int ifindex, struct xmip_error *err);
/* A rule: packets with mark (when not 0) or from src/src_len (family's
 * bytes, when not NULL) look up table. */
int policy_rule(int family, uint32_t mark, const void *src, uint8_t src_len, uint32_t table,
		struct xmip_error *err);
/* Removes what the two above added (cleanup); missing ones are fine. */
void policy_rule_delete(int family, uint32_t mark, const void *src, uint8_t src_len, uint32_t table);

#endif
