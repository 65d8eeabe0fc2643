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
#define XMIP_IKE_MAX_HOA4 8

struct ike_peer {
	char conn[XMIP_ID_MAX + 8];        /* "xmip-" and the peer's identity */
	char remote_id[XMIP_ID_MAX];
	struct in6_addr home_address;
	/* Protected IPv4 payload (RFC 5555 5.2.2): the IPv4 home addresses
	 * the ESP tunnel's selectors name; none: no payload CHILD_SA. */
	struct in_addr hoa4[XMIP_IKE_MAX_HOA4];
	int n_hoa4;
	uint32_t reqid;
	/* What charon's events said last. */
	bool ike_up, child_up, payload_up;
	char local_host[64], remote_host[64];
};

/* What a role asks of IPsec (its ipsec_plan, core/role.h): one IKE peer per
 * home address, and where the anchor (the home agent) is. */
struct ipsec_plan {
	bool mobile;                        /* we are the mobile side: we start IKE
					     * toward the anchor and name its addresses */
	/* Proxy mobility (RFC 5213 4): MAG and LMA, each at a fixed address
	 * that is both IKE's and the SA's: transport mode, no MOBIKE, and
	 * revocation (MH type 16, RFC 5846) protected as BUs and BAs are. */
	bool proxy;
	struct in6_addr anchor6;            /* the home agent's IPv6 address: the BU
					     * SA's selector, an IKE address */
	struct in_addr anchor4;             /* its IPv4 address for IKE, if has_anchor4 */
	bool has_anchor4;
	struct ike_peer *peers;             /* heap: ipsec_plan_init, _free */
	int n_peers;
};

/* Room for n peers. */
int ipsec_plan_init(struct ipsec_plan *plan, int n);
void ipsec_plan_free(struct ipsec_plan *plan);
/* Peer i: its identity, its home address and (protected IPv4 payload) its
 * IPv4 home addresses; the connection's name and reqid follow from i. */
void ipsec_plan_set_peer(struct ipsec_plan *plan, int i, const char *remote_id, const struct in6_addr *hoa,
			 const struct in_addr *hoa4, int n_hoa4);

/* The load-conn message for one peer; cert_pem is our certificate. */
void ipsec_build_conn(const struct ipsec_config *ip, const struct ipsec_plan *plan, const struct ike_peer *p,
		      const char *cert_pem, struct vici_builder *b);

#endif
