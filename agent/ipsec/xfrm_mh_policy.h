/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The XFRM policies that make the kernel protect Mobility Header signalling
 * (RFC 4877, RFC 5555 5): one policy per direction and MH type, between a
 * home address and the home agent, requiring ESP in transport mode under the
 * reqid of the CHILD_SA charon negotiated for that mobile node. charon loads
 * that CHILD_SA with policies = no (transport_proxy mode keys it on the home
 * address while IKE runs on the care-of address), so these are ours to set
 * (libnl-3's xfrm module). A BU that fails them never reaches the agent: the
 * kernel drops it before the raw socket, which is the RFC's silent drop.
 *
 * Inbound policies name no MH type: the kernel reads the type of a received
 * MH only when built with CONFIG_IPV6_MIP6 (Debian's is; this project's CI
 * host's 6.18 is not), and a policy with a type would then match nothing.
 * Without one it covers every MH message from that peer, which is stricter.
 */
#ifndef XMIP_XFRM_MH_POLICY_H
#define XMIP_XFRM_MH_POLICY_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include "xmip_error.h"

enum mh_policy_dir { MH_POLICY_IN = 0, MH_POLICY_OUT = 1 };  /* XFRM_POLICY_IN/OUT */

struct mh_policy {
	struct in6_addr src, dst;
	uint8_t mh_type;
	bool any_type;                      /* every MH type (inbound) */
	enum mh_policy_dir dir;
	uint32_t reqid;
};

/* Adds the policy, or replaces one with the same selector (restarts). */
int xfrm_mh_policy_set(const struct mh_policy *p, struct xmip_error *err);
/* Removes it; a missing one is fine. */
void xfrm_mh_policy_del(const struct mh_policy *p);

/* The BU/BA pair of one mobile node as seen from either end: the mobile
 * node sends BUs and receives BAs (any MH from its home agent), the home
 * agent the reverse. */
void mh_policies_for(const struct in6_addr *home_address, const struct in6_addr *home_agent,
		     uint32_t reqid, int at_home_agent, struct mh_policy out[2]);

#endif
