/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The MAG's visitor list on file (core/state_file.h), so that a MAG killed
 * and started again still serves the hosts attached to it: one slot per
 * host of the policy store, keyed by its link-layer address and NAI,
 * holding an attached host's access link (by name), address and lifetime.
 * A host that was registering or leaving is not kept: its next frame or
 * DHCP message registers it again. Write a slot with
 * state_file_save(st, host, err).
 */
#ifndef XMIP_MAG_STATE_H
#define XMIP_MAG_STATE_H

#include "core/state_file.h"
#include "pmip/mag_hosts.h"

int mag_state_open(struct state_file **out, const char *path, struct mag_hosts *hosts, int *restored,
		   struct xmip_error *err);

#endif
