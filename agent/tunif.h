/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The mobile node's tunnel interface (seed 004): a persistent TUN device that
 * holds the home addresses. Applications send from it; the TC program on its
 * egress encapsulates toward the home agent. Made and removed over netlink
 * (libnl-3) and the TUN ioctl; no kernel tunnel driver is needed.
 */
#ifndef XMIP_TUNIF_H
#define XMIP_TUNIF_H

#include <netinet/in.h>
#include "xmip_error.h"

/* Creates the interface if missing (keeping it if it exists) and sets it up. */
int tunif_ensure(const char *name, struct xmip_error *err);
/* Adds addr/prefixlen to the interface unless it is there already. */
int tunif_add_address6(const char *name, const struct in6_addr *addr, int prefixlen,
		       struct xmip_error *err);
/* Deletes the interface; a missing one is fine. */
int tunif_remove(const char *name, struct xmip_error *err);

#endif
