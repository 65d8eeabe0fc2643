/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * RFC 4285 on the home agent: a BU's MN-HA authenticator, identifier and
 * timestamp are checked before the binding cache sees it, and its BA is
 * signed with the association the BU named. Pure: the caller passes the
 * time and keeps each node's last accepted timestamp.
 */
#ifndef XMIP_HA_AUTH_H
#define XMIP_HA_AUTH_H

#include <stdint.h>
#include "dsmip6/ha_config.h"
#include "mh/mh.h"
#include "mh/mh_auth.h"

struct ha_auth_verdict {
	uint8_t status;                   /* 0: it passed; else the BA's status:
					   * XMIP_BA_AUTH_FAIL (146), _ID_MISMATCH
					   * (144) or _MESG_ID_REQD (145) */
	const struct mh_auth_key *key;    /* signs the BA: the BU's association if
					   * it is the node's, else the node's first */
	struct in6_addr coa;              /* the care-of address the authenticators name */
};

/* Checks bu (decoded from buf, len bytes) from node m, home address hoa,
 * outer source outer (IPv4 mapped; NULL from the home link), at NTP time now; *last_ts is the node's last accepted timestamp, moved
 * on when the BU passes. */
void ha_auth_check(const struct ha_config *cfg, const struct mn_authz *m, const uint8_t *buf, size_t len,
		   const struct mh_msg *bu, const struct in6_addr *hoa, const struct in6_addr *outer,
		   uint64_t now, uint64_t *last_ts, struct ha_auth_verdict *v);

#endif
