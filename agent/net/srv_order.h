/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The order in which to try the targets of an SRV answer (RFC 2782): lowest
 * priority first; within one priority, a weighted random choice, again and
 * again among those left. Pure: the randomness is passed in.
 */
#ifndef XMIP_SRV_ORDER_H
#define XMIP_SRV_ORDER_H

#include <stdint.h>

#define SRV_MAX_TARGETS 8
#define SRV_NAME_MAX 254                   /* 253 characters and the NUL */

struct srv_target {
	char host[SRV_NAME_MAX];
	uint16_t priority;
	uint16_t weight;
};

/* Returns a number from 0 to bound, both included. */
typedef uint32_t (*srv_random_fn)(uint32_t bound, void *ctx);

void srv_order(struct srv_target *t, int n, srv_random_fn random, void *ctx);

#endif
