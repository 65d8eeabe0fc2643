// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include "core/every.h"

struct every {
	uint64_t interval_us;
	void (*tick)(void *ctx);
	void *ctx;
};

static int on_time(sd_event_source *src, uint64_t usec, void *userdata)
{
	struct every *e = userdata;

	e->tick(e->ctx);
	sd_event_source_set_time(src, usec + e->interval_us);
	return sd_event_source_set_enabled(src, SD_EVENT_ON);
}

int event_every(sd_event *ev, sd_event_source **src, uint64_t interval_us, void (*tick)(void *ctx), void *ctx)
{
	struct every *e = calloc(1, sizeof(*e));
	uint64_t now = 0;
	int ret;

	if (!e)
		return -ENOMEM;
	*e = (struct every){ interval_us, tick, ctx };
	sd_event_now(ev, CLOCK_MONOTONIC, &now);
	ret = sd_event_add_time(ev, src, CLOCK_MONOTONIC, now + interval_us, 0, on_time, e);
	if (ret < 0) {
		free(e);
		return ret;
	}
	sd_event_source_set_destroy_callback(*src, free);
	return 0;
}
