/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#ifndef XMIP_HA_STATE_H
#define XMIP_HA_STATE_H

#include <stdint.h>
#include "dsmip6/ha_cache.h"
#include "xmip_error.h"

/*
 * The home agent's binding cache on file, so that an agent killed and
 * started again comes back with every binding whole: sequence numbers,
 * lifetimes, NAT addresses and ports, IPv4 home addresses and prefixes,
 * the pool's address kept for each node (the data plane itself lives on
 * in the pinned maps).
 *
 * One fixed-size slot per configured node, with its IPv6 home address and
 * a CRC32: a change rewrites that slot only (pwrite, one system call: a
 * process killed mid-way has written all of it or none, and a slot whose
 * CRC fails is ignored). At every start the file is read, then written
 * anew in the current configuration's order (temporary file, fsync,
 * rename), so that a changed node list finds its nodes by home address.
 * Lifetimes are on the monotonic clock, which a reboot restarts: the
 * header carries the boot's id, and a file from another boot (like the
 * maps, which a reboot also loses) is not used. Its place is /run/xmip by
 * default, a tmpfs that a reboot empties anyway.
 */
struct ha_state;

/* Opens (or makes) the file at path for cache, restoring what it holds
 * into cache; *restored says how many bindings came back. */
int ha_state_open(struct ha_state **out, const char *path, struct ha_cache *cache, int *restored,
		  struct xmip_error *err);
/* Writes node mn's slot as the cache holds it. */
int ha_state_save(struct ha_state *st, int mn, struct xmip_error *err);
void ha_state_close(struct ha_state *st);
/* Removes the file (xmipd --cleanup). */
int ha_state_remove(const char *path);

#endif
