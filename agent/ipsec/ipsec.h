/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The agent's side of IPsec (RFC 5555 5, unmodified IPsec as draft-laganier-mext-dsmipv6-ipsec has
 * it): the XFRM policies for BU and BA, and a session with charon over VICI
 * that loads our credentials and connections, follows the IKE and CHILD SAs
 * through events (ike-updown, child-updown, ike-update for MOBIKE moves),
 * reconnects when charon restarts and loads the connections again when they
 * disappear (swanctl --load-all unloads what only VICI loaded).
 */
#ifndef XMIP_IPSEC_H
#define XMIP_IPSEC_H

#include <stdbool.h>
#include <systemd/sd-event.h>
#include "core/config.h"
#include "ipsec/ipsec_conns.h"
#include "xmip_error.h"

struct ipsec;

/* Installs the policies for the plan's peers (the roles' ipsec_plan) and
 * starts the session (charon may come later). Takes the plan's peers over,
 * in every case; cfg must live as long as the session (a reload rewrites
 * it in place). Returns 0 or -errno with err set. */
int ipsec_start(struct ipsec **out, sd_event *ev, const struct ipsec_config *cfg, struct ipsec_plan *plan,
		struct xmip_error *err);
/* Closes the session; the policies stay (BUs must not go out unprotected
 * while the agent is away). */
void ipsec_stop(struct ipsec *s);

/* fn(ctx) runs each time a peer's BU SA comes up (child-updown). */
void ipsec_on_protection_up(struct ipsec *s, void (*fn)(void *ctx), void *ctx);

/* The control socket's "ipsec" command. */
struct json_object *ipsec_report(void *ipsec, const char *args);

#endif
