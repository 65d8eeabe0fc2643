/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#ifndef XMIP_RATE_LIMIT_H
#define XMIP_RATE_LIMIT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A token bucket: at most rate events a second on average, burst at once.
 * The caller gives the time (milliseconds, monotonic), so that tests can
 * drive it. Integer arithmetic in thousandths of a token.
 */
struct rate_limit {
	uint32_t rate;          /* tokens a second */
	uint32_t burst;         /* the bucket's size, in tokens */
	uint64_t milli_tokens;
	uint64_t last_ms;
	bool started;
};

void rate_limit_init(struct rate_limit *r, uint32_t rate, uint32_t burst);
/* Takes a token if there is one: true, the event may happen. */
bool rate_limit_allow(struct rate_limit *r, uint64_t now_ms);

#endif
