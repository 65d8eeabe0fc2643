/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The mobile node's signalling: care-of address selection (RFC 5555 4.4.1),
 * the binding update list entry for its home registration (BUs with
 * exponential back-off from 1 to 32 s, refreshes before the lifetime or
 * the NAT keepalive time runs out), BA handling (RFC 5555 4.4.2: the data
 * tunnel's format, the IPv4 home address), and movement detection from
 * rtnetlink (links and addresses appearing and going).
 */
#ifndef XMIP_MN_SIGNAL_H
#define XMIP_MN_SIGNAL_H

#include <json-c/json.h>
#include <systemd/sd-event.h>
#include "core/config.h"
#include "core/dp_setup.h"
#include "dsmip6/mn_config.h"

struct mn_signal;

int mn_signal_start(struct mn_signal **out, sd_event *ev, const struct mn_config *cfg,
		    struct dp_state *dp, struct xmip_error *err);
/* A reloaded section (the same tunnel interface). */
void mn_signal_reload(struct mn_signal *s, const struct mn_config *cfg);
void mn_signal_stop(struct mn_signal *s);
/* The BU's SA has just come up (IPsec): a BU waiting for an answer goes
 * again now rather than at its back-off time, since the ones before it
 * could not leave unprotected. */
void mn_signal_protection_ready(void *ctx);
/* The binding update list, for `xmipctl registrations`. */
struct json_object *mn_signal_report(void *ctx, const char *args);

#endif
