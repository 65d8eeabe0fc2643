/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Kernel settings the home agent depends on, written under /proc/sys. */
#ifndef XMIP_SYSCTL_H
#define XMIP_SYSCTL_H

#include "xmip_error.h"

/* Writes value to /proc/sys/<path> ("net/ipv4/conf/all/forwarding"). */
int sysctl_write(const char *path, const char *value, struct xmip_error *err);

/*
 * What a home agent needs from the kernel: forwarding for both families (it
 * routes for its mobile nodes). Neighbour discovery and ARP for registered
 * home addresses on the home link (RFC 6275 10.4.1) are answered by XDP
 * from the binding maps, without kernel proxy entries.
 */
int sysctl_prepare_home_agent(struct xmip_error *err);

#endif
