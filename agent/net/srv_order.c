// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdlib.h>
#include <string.h>
#include "net/srv_order.h"

static void swap(struct srv_target *a, struct srv_target *b)
{
	struct srv_target t = *a;

	*a = *b;
	*b = t;
}

/* Zero weights first, as RFC 2782 arranges them: they keep a small chance
 * of going first when every weight is zero or the draw is 0. The rest may
 * be in any order; a fixed one keeps the draws reproducible. */
static int by_priority_then_weight(const void *pa, const void *pb)
{
	const struct srv_target *a = pa, *b = pb;

	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	if (a->weight != b->weight)
		return a->weight < b->weight ? -1 : 1;
	return strcmp(a->host, b->host);
}

/* Orders t[from..to) of one priority by repeated weighted draws. */
static void order_group(struct srv_target *t, int from, int to, srv_random_fn random, void *ctx)
{
	int i, k;

	for (i = from; i < to - 1; i++) {
		uint32_t sum = 0, draw, running = 0;

		for (k = i; k < to; k++)
			sum += t[k].weight;
		draw = random(sum, ctx);
		for (k = i; k < to - 1; k++) {
			running += t[k].weight;
			if (running >= draw)
				break;
		}
		swap(&t[i], &t[k]);
		/* What is left keeps zero weights first. */
		qsort(&t[i + 1], (size_t)(to - i - 1), sizeof(*t), by_priority_then_weight);
	}
}

void srv_order(struct srv_target *t, int n, srv_random_fn random, void *ctx)
{
	int from = 0, to;

	qsort(t, (size_t)n, sizeof(*t), by_priority_then_weight);
	while (from < n) {
		for (to = from + 1; to < n && t[to].priority == t[from].priority; to++)
			;
		order_group(t, from, to, random, ctx);
		from = to;
	}
}
