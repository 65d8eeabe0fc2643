/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The home agent's signalling: BUs from the Mobility Header socket, decided
 * by the binding cache (ha_cache.c), made effective in the data plane
 * (ha_binding.c), answered with a BA the way the BU came, and bindings
 * removed when their lifetime runs out.
 */
#ifndef XMIP_HA_SIGNAL_H
#define XMIP_HA_SIGNAL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <systemd/sd-event.h>
#include "core/config.h"
#include "core/dp_setup.h"
#include "dsmip6/ha_config.h"

struct ha_signal;

/* An LMA in this process answers proxy signalling (role_env.mh_shared):
 * the home agent leaves it alone. */
void ha_signal_leave_proxy(struct ha_signal *s);
int ha_signal_start(struct ha_signal **out, sd_event *ev, const struct ha_config *cfg,
		    const struct ipsec_config *ipsec, struct dp_state *dp, struct xmip_error *err);
/* A reloaded section: nodes no longer configured lose their bindings,
 * new ones are served from now on, the others keep theirs. */
void ha_signal_reload(struct ha_signal *s, const struct ha_config *cfg);
void ha_signal_stop(struct ha_signal *s);
/* The binding cache, for `xmipctl registrations`. */
struct json_object *ha_signal_report(void *ctx, const char *args);

#endif
