/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#ifndef XMIP_LMA_STATE_H
#define XMIP_LMA_STATE_H

#include "core/state_file.h"
#include "pmip/lma_cache.h"

/* The LMA's proxy binding cache on file (core/state_file.h): one slot per
 * configured host, found again by its NAI; an entry the configuration no
 * longer allows (its MAG or address changed) is dropped. Saved with
 * state_file_save(st, host, err). */
int lma_state_open(struct state_file **out, const char *path, struct lma_cache *cache, int *restored,
		   struct xmip_error *err);

#endif
