/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The MAG at work: the hosts' DHCP messages and the frames of hosts that
 * moved in (a packet socket on each access link: what the access XDP hands
 * to the stack), proxy BUs to the LMA and its PBAs and BRIs (the Mobility
 * Header socket), each event decided by mag_hosts.c and carried out here:
 * the data plane bound or unbound (the host's tunnel in xmip_bind4, its
 * entry in xmip_acc_host, a policy rule for what the stack routes), DHCP
 * replies framed onto the access link, PBUs and BRAs signed (RFC 4285).
 */
#ifndef XMIP_MAG_SIGNAL_H
#define XMIP_MAG_SIGNAL_H

#include <json-c/json.h>
#include <systemd/sd-event.h>
#include "core/dp_setup.h"
#include "pmip/mag_config.h"
#include "xmip_error.h"

struct mag_signal;

int mag_signal_start(struct mag_signal **out, sd_event *ev, const struct mag_config *cfg, struct dp_state *dp,
		     struct xmip_error *err);
void mag_signal_stop(struct mag_signal *s);
/* `xmipctl registrations`: the visitor list and the counters. */
struct json_object *mag_signal_report(void *s, const char *args);

#endif
