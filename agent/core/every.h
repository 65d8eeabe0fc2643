/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A periodic job in the event loop: tick(ctx) every interval_us on the
 * monotonic clock (a role's sweep: expiry, retransmissions, refreshes).
 * Freed with the event source (sd_event_source_disable_unref).
 */
#ifndef XMIP_EVERY_H
#define XMIP_EVERY_H

#include <stdint.h>
#include <systemd/sd-event.h>

int event_every(sd_event *ev, sd_event_source **src, uint64_t interval_us, void (*tick)(void *ctx), void *ctx);

#endif
