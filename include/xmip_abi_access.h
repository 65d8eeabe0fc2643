/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The ABI the access kind (ARCHITECTURE.md 2a: a proxy mobility MAG, a
 * Mobile IPv4 foreign agent) adds to the common one (xmip_abi.h): where
 * each attached host is. Its tunnel toward the anchor is its entry in the
 * binding map every kind shares for IPv4 (xmip_bind4: the host's IPv4
 * address -> struct xmip_tunnel), so no second binding map exists.
 */
#ifndef XMIP_ABI_ACCESS_H
#define XMIP_ABI_ACCESS_H

#include "xmip_abi.h"

/* xmip_acc_host: the host's IPv4 address -> this. A host sends from its
 * address only on its link with its link-layer address, and what the
 * anchor tunnels to it leaves on that link to that address. */
struct xmip_access_host {
	__u8 mac[6];              /* its link-layer address */
	__u16 reserved;           /* zero */
	__u32 ifindex;            /* its access link */
};
_Static_assert(sizeof(struct xmip_access_host) == 12, "xmip_access_host size");

#endif /* XMIP_ABI_ACCESS_H */
