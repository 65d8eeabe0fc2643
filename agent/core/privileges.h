/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#ifndef XMIP_PRIVILEGES_H
#define XMIP_PRIVILEGES_H

#include "xmip_error.h"

/*
 * Once the agent is set up (programs loaded and attached, sockets open), it
 * keeps only the capabilities its running work needs, in its effective,
 * permitted and bounding sets, so that neither it nor anything it might
 * run gets the rest back:
 *   CAP_NET_ADMIN  routes, addresses, XFRM policies, TC, marks on its sends
 *   CAP_NET_RAW    the packet sockets of the home link's announcements
 *   CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN
 *                  attaching and detaching XDP on a reload: libxdp loads a
 *                  dispatcher (CAP_BPF; the verifier accepts xmip's
 *                  programs' pointer use only with CAP_PERFMON) and finds
 *                  the programs already attached by their ids, which the
 *                  6.1 kernel hands out only with CAP_SYS_ADMIN
 * Without capabilities to drop (not root), nothing happens. Returns 0 or
 * an error in err.
 */
int privileges_drop(struct xmip_error *err);

/* The capabilities kept, as the bit mask /proc/PID/status shows (CapEff). */
unsigned long long privileges_kept_mask(void);

#endif
