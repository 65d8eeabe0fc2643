/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#ifndef XMIP_HA_STATE_H
#define XMIP_HA_STATE_H

#include "core/state_file.h"
#include "dsmip6/ha_cache.h"

/*
 * The home agent's binding cache on file (core/state_file.h): sequence
 * numbers, lifetimes, NAT addresses and ports, IPv4 home addresses and
 * prefixes, the pool's address kept for each node, one slot per node found
 * again by its IPv6 home address.
 */

/* Opens (or makes) the file at path for cache, restoring what it holds
 * into cache; *restored says how many bindings came back. */
int ha_state_open(struct state_file **out, const char *path, struct ha_cache *cache, int *restored,
		  struct xmip_error *err);

/* Node mn's slot: state_file_save(st, mn, err); the rest is
 * state_file_close() and state_file_remove(). */

#endif
