/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The agent's Mobility Header socket: raw IPv6, protocol 135. The kernel
 * fills in and verifies the MH checksum itself (offset 4 for this protocol),
 * so a message the socket returns has a good checksum. Messages from and to
 * care-of addresses never reach this socket as such: the data plane applies
 * the home address option and the type 2 routing header (bpf/lib/mip6_hdr.h),
 * so the agent always speaks home address to home agent.
 */
#ifndef XMIP_MH_SOCKET_H
#define XMIP_MH_SOCKET_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <systemd/sd-event.h>
#include "xmip_error.h"

/* Firewall mark on what the home agent sends along the way a BU came (a
 * policy rule routes it into the tunnel interface, whose TC program finds
 * that way), "xmip" in ASCII. */
#define XMIP_SIGNAL_MARK 0x786d6970u
/* The routing table of that rule, and of the mobile node's home addresses. */
#define XMIP_RT_TABLE 77

/* The receive buffer: about 4000 BUs waiting (a small one is ~1 KiB of
 * kernel memory). */
#define MH_SOCKET_RCVBUF (4 << 20)

struct mh_received {
	struct in6_addr src;
	struct in6_addr dst;
	int ifindex;
	size_t len;
};

/* Opens the socket (non-blocking); bound to local when it is not NULL. */
int mh_socket_open(const struct in6_addr *local, struct xmip_error *err);
/* One message into buf; 0, -EAGAIN when none is waiting, or -errno. */
int mh_socket_recv(int fd, uint8_t *buf, size_t cap, struct mh_received *out);
/* What a role does with each message its socket gets. */
typedef void mh_handler(void *ctx, const uint8_t *buf, const struct mh_received *rx);

/* Watches fd in the event loop: each time it is readable, the waiting
 * messages go to handle(ctx, ...), MH_SOCKET_BATCH at most (a bounded
 * batch, so that a flood cannot starve the rest of the loop; what is left
 * waits for the next round). The handler's ctx and function stay the
 * caller's to keep alive while *src is. 0 or -errno. */
#define MH_SOCKET_BATCH 64
int mh_socket_watch(sd_event *ev, sd_event_source **src, int fd, mh_handler *handle, void *ctx);
void mh_socket_unwatch(sd_event_source *src);
/* Both: the socket bound to local, watched; *fd and *src set. 0 or -errno
 * (err says why). */
int mh_socket_serve(sd_event *ev, const struct in6_addr *local, mh_handler *handle, void *ctx, int *fd,
		    sd_event_source **src, struct xmip_error *err);
/* Sends len bytes from src to dst, with mark when not 0. */
int mh_socket_send(int fd, const uint8_t *buf, size_t len, const struct in6_addr *src,
		   const struct in6_addr *dst, uint32_t mark);

#endif
