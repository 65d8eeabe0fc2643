// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdlib.h>
#include "core/repeats.h"

struct ref {
	const void *elem;
	int pos;
};

static int by_key_then_pos(const void *x, const void *y, void *same)
{
	const struct ref *a = x, *b = y;
	int c = ((int (*)(const void *, const void *))same)(a->elem, b->elem);

	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

int first_repeat(const void *base, int n, size_t size, int (*same)(const void *, const void *),
		 int *earlier)
{
	struct ref *refs = calloc((size_t)n + 1, sizeof(*refs));
	int i, first = 0, best = -1;

	if (!refs)
		return -2;
	for (i = 0; i < n; i++)
		refs[i] = (struct ref){ (const char *)base + (size_t)i * size, i };
	qsort_r(refs, (size_t)n, sizeof(*refs), by_key_then_pos, (void *)same);
	for (i = 1; i < n; i++) {
		if (same(refs[i - 1].elem, refs[i].elem)) {
			first = i;
			continue;
		}
		if (best < 0 || refs[i].pos < best) {
			best = refs[i].pos;
			*earlier = refs[first].pos;
		}
	}
	free(refs);
	return best;
}
