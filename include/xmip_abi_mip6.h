/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The ABI the Mobile IPv6 family (DSMIPv6 today; proxy MIPv6 and route
 * optimization next) adds to the common one (xmip_abi.h): how signalling
 * reached the anchor, and the mobile node's tunnel keys.
 */
#ifndef XMIP_ABI_MIP6_H
#define XMIP_ABI_MIP6_H

#include "xmip_abi.h"

/*
 * How a Mobility Header message reached the home agent, recorded by XDP
 * before the kernel (and its IPsec) sees it, keyed by the mobile node's home
 * address: the outer IPv4/UDP of a BU in UDP 4191 (RFC 5555 4.2,
 * draft-laganier-mext-dsmipv6-ipsec), or the care-of address of a BU that carried a home address option (RFC
 * 6275 9.3.1, which XDP applies since the stock kernel's mip6 is absent).
 * "back" is the way the answer goes: the agent reads the care-of address and
 * NAT detection from it, and TC sends the BA along it and removes it.
 * Its binding_id names the message: XMIP_SIG_TAGGED with the Mobility
 * Header's checksum, so the agent uses a record only for the message that
 * made it, never one that another packet for the same home address (a
 * forgery sent alongside) wrote in between; 0 under ESP.
 */
#define XMIP_SIG_TAGGED 0x10000u

struct xmip_sig_seen {
	struct xmip_tunnel back;  /* remote: CoA or NAT address; remote_port:
				   * NAT port; local: our address it came to;
				   * format: XMIP_TUN_IP6 (home address
				   * option), _UDP4 or _UDP6; ifindex: where;
				   * binding_id: the message's tag */
	__u64 seen_ns;            /* bpf_ktime_get_ns() when recorded       */
};
_Static_assert(sizeof(struct xmip_sig_seen) == 56, "xmip_sig_seen size");

/* Keys of the mobile node's tunnel map: the tunnel data uses, and the path
 * its latest BU takes (a new care-of address is signalled before data
 * moves to it: RFC 5555 5.1). */
#define XMIP_MN_TUNNEL_DATA 0
#define XMIP_MN_TUNNEL_SIGNAL 1

#endif /* XMIP_ABI_MIP6_H */
