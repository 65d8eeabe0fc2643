/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The LMA at work: proxy BUs from the MAGs (Mobility Header, raw IPv6)
 * checked (RFC 4285 with the MAG's association), decided (lma_cache.c),
 * made effective in the anchor data plane (the host's IPv4 home address
 * bound to IPv4-in-IPv6 toward the MAG, agent/anchor/binding.c), kept on
 * file, answered with a PBA; the old MAG revoked after a handover
 * (lma_revoke.c); bindings expired.
 */
#ifndef XMIP_LMA_SIGNAL_H
#define XMIP_LMA_SIGNAL_H

#include <json-c/json.h>
#include <systemd/sd-event.h>
#include "core/dp_setup.h"
#include "pmip/lma_config.h"
#include "xmip_error.h"

struct lma_signal;

/* A home agent in this process answers home registrations
 * (role_env.mh_shared): the LMA leaves them alone. */
void lma_signal_leave_home(struct lma_signal *s);
int lma_signal_start(struct lma_signal **out, sd_event *ev, const struct lma_config *cfg, struct dp_state *dp,
		     struct xmip_error *err);
void lma_signal_stop(struct lma_signal *s);
/* `xmipctl registrations`: the proxy binding cache and the counters. */
struct json_object *lma_signal_report(void *s, const char *args);

#endif
