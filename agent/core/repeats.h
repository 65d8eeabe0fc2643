/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Duplicates in a configured list (a million mobile nodes or hosts), found
 * by sorting rather than comparing every pair: the first element, in the
 * list's order, whose key an earlier element already has. The caller's
 * error then names the element a reader finds first in the file.
 */
#ifndef XMIP_REPEATS_H
#define XMIP_REPEATS_H

#include <stddef.h>

/* Elements of size bytes from base, n of them; same(a, b) orders two
 * elements by their key (0: the same key; elements it ignores, such as
 * hosts without a static address, compare as 0 only to themselves when it
 * returns nonzero for them). Returns the index of the first repeat and its
 * earlier element in *earlier, -1 when every key appears once, or -2 when
 * out of memory. */
int first_repeat(const void *base, int n, size_t size, int (*same)(const void *, const void *),
		 int *earlier);

#endif
