/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What the agent asks charon for, as VICI messages: one IKEv2 connection per
 * peer (on the home agent one per mobile node, on the mobile node one to its
 * home agent), each with a CHILD_SA "bu" for BUs and BAs in transport_proxy
 * mode (IKE on the care-of address, the SA on the home address, RFC 5555
 * 5.2.1), policies = no (the agent sets them, xfrm_mh_policy.h) and a reqid
 * fixed by the agent so its policies can name it. Pure: no sockets.
 */
#ifndef XMIP_IPSEC_CONNS_H
#define XMIP_IPSEC_CONNS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/config.h"
#include "ipsec/vici_msg.h"

#define XMIP_REQID_BASE 0x786d0000u   /* "xm": clear of charon's own, counted from 1 */
#define XMIP_CHILD_BU "bu"
#define XMIP_CHILD_PAYLOAD "payload"   /* RFC 5555 5.2.2, when configured */

struct ike_peer {
	char conn[XMIP_ID_MAX + 8];        /* "xmip-" and the peer's identity */
	char remote_id[XMIP_ID_MAX];
	struct in6_addr home_address;
	/* Protected IPv4 payload (RFC 5555 5.2.2): the IPv4 home addresses
	 * the ESP tunnel's selectors name; none: no payload CHILD_SA. */
	struct in_addr hoa4[XMIP_MAX_V4_HOAS];
	int n_hoa4;
	uint32_t reqid;
	int mn;                             /* home agent: index in mobile_nodes; else -1 */
	/* What charon's events said last. */
	bool ike_up, child_up, payload_up;
	char local_host[64], remote_host[64];
};

/* The peers this configuration needs; *out is heap (free()). */
int ipsec_peers_from_config(const struct xmip_config *cfg, struct ike_peer **out, int *n);

/* The load-conn message for one peer; cert_pem is our certificate. */
void ipsec_build_conn(const struct xmip_config *cfg, const struct ike_peer *p, const char *cert_pem,
		      struct vici_builder *b);

/* The home agent's IPv6 address as both ends know it. */
const struct in6_addr *ipsec_home_agent6(const struct xmip_config *cfg);

#endif
