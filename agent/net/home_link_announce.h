/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Telling the home link that the home agent now answers for a home address
 * (RFC 6275 10.4.1; for IPv4 as RFC 5944 4.6 does it): an unsolicited
 * Neighbor Advertisement to all nodes with Override set and the home
 * agent's link-layer address, or a gratuitous ARP request. Hosts that
 * cached the mobile node's own address while it was at home switch to the
 * home agent at once, not after neighbour unreachability detection.
 */
#ifndef XMIP_HOME_LINK_ANNOUNCE_H
#define XMIP_HOME_LINK_ANNOUNCE_H

#include <net/if.h>
#include "xmip_loader.h"

/* The home link's name and the announcing sockets, opened on first use. */
struct home_link_announcer {
	char home_link[IF_NAMESIZE];
	int fd6, fd4;
};

void home_link_announcer_init(struct home_link_announcer *a, const char *home_link);
void home_link_announcer_close(struct home_link_announcer *a);

/* family AF_INET6 or AF_INET; addr its address bytes. */
int home_link_announce(struct home_link_announcer *a, int family, const void *addr,
		       struct xmip_error *err);

#endif
