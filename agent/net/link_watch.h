/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Whether a few interfaces can carry traffic (administratively up, with
 * carrier: IFF_UP and IFF_LOWER_UP), as rtnetlink's link events say it:
 * the owner hears of each change of one of its interfaces, and nothing
 * else. At the start, and when the kernel dropped events (the socket's
 * buffer overran), every link is asked for again, so that no change is
 * missed.
 */
#ifndef XMIP_LINK_WATCH_H
#define XMIP_LINK_WATCH_H

#include <stdbool.h>
#include <systemd/sd-event.h>
#include "core/config.h"
#include "xmip_error.h"

/* Interface i of the owner's list went up (running) or down. */
typedef void (*link_watch_fn)(void *ctx, int i, bool running);

struct link_watch {
	int fd;
	sd_event_source *io;
	int n;
	int ifindex[XMIP_MAX_IFACES];
	bool running[XMIP_MAX_IFACES];
	link_watch_fn changed;
	void *ctx;
};

/* Watches the n interfaces ifindex[] (n <= XMIP_MAX_IFACES). Each counts
 * as running until the kernel's first answer, read in the event loop,
 * says otherwise (through changed). Opened in place. */
int link_watch_start(struct link_watch *w, sd_event *ev, const int *ifindex, int n, link_watch_fn changed,
		     void *ctx, struct xmip_error *err);
void link_watch_stop(struct link_watch *w);

#endif
