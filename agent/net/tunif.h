/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The tunnel interface (draft-laganier-mext-dsmipv6-ipsec), on the mobile node and on the home agent:
 * a veth pair made over netlink (libnl-3). On the mobile node "xmip0" holds
 * the home addresses; applications send from it, and the TC program on its
 * egress encapsulates toward the home agent.
 * Its hidden peer "xmip0-rx" is where XDP on the access links redirects what
 * the home agent sends, decapsulated: the kernel then receives it on xmip0,
 * as from the home link. xmip0 is NOARP (nothing to resolve on a tunnel).
 * On the home agent, the stack routes registered home addresses into
 * "xmip0", whose TC egress program encapsulates them (its peer stays idle).
 * No kernel tunnel driver is involved.
 */
#ifndef XMIP_TUNIF_H
#define XMIP_TUNIF_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include "xmip_error.h"

/* The peer's name: the tunnel interface's name with this suffix. */
#define TUNIF_PEER_SUFFIX "-rx"

/* Creates the pair if missing (keeping it if it exists) and sets both up. */
int tunif_ensure(const char *name, struct xmip_error *err);
/* The peer's name for a tunnel interface name. */
void tunif_peer_name(const char *name, char peer[IF_NAMESIZE]);
/* An address of family (AF_INET or AF_INET6) on interface name; one that
 * is there already is fine. */
int tunif_add_address(const char *name, int family, const void *addr, int prefixlen,
		      struct xmip_error *err);
/* Removes an address; one already gone is fine. */
int tunif_del_address(const char *name, int family, const void *addr, int prefixlen,
		      struct xmip_error *err);
int tunif_add_address6(const char *name, const struct in6_addr *addr, int prefixlen,
		       struct xmip_error *err);
/* The interface's Ethernet address. */
int tunif_mac(const char *name, unsigned char mac[6], struct xmip_error *err);
/* Sets the tunnel interface's MTU (what fits once encapsulated). */
int tunif_set_mtu(const char *name, unsigned int mtu, struct xmip_error *err);
/* TSO and GSO on the tunnel interface. Off while the tunnel is UDP over
 * IPv6, whose outer checksum cannot be shared by the segments of one large
 * packet (bpf/lib/tc_udp6.h): the stack then sends segment-sized packets. */
int tunif_set_segmentation(const char *name, bool on, struct xmip_error *err);
/* Deletes the pair; a missing one is fine. */
int tunif_remove(const char *name, struct xmip_error *err);

#endif
