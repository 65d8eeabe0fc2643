// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include "core/rate_limit.h"

void rate_limit_init(struct rate_limit *r, uint32_t rate, uint32_t burst)
{
	*r = (struct rate_limit){ .rate = rate, .burst = burst, .milli_tokens = (uint64_t)burst * 1000 };
}

bool rate_limit_allow(struct rate_limit *r, uint64_t now_ms)
{
	uint64_t cap = (uint64_t)r->burst * 1000;

	if (!r->started) {
		r->started = true;
		r->last_ms = now_ms;
	}
	if (now_ms > r->last_ms) {
		/* rate tokens a second: rate thousandths a millisecond. */
		uint64_t gained = (now_ms - r->last_ms) * r->rate;

		r->milli_tokens = gained >= cap - r->milli_tokens ? cap : r->milli_tokens + gained;
		r->last_ms = now_ms;
	}
	if (r->milli_tokens < 1000)
		return false;
	r->milli_tokens -= 1000;
	return true;
}
