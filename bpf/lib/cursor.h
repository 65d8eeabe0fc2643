/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A parsing cursor over packet memory: a position and the end of the data.
 * Every header is taken with cursor_pull(), which checks the bound the
 * verifier wants to see and advances, so parsers never do pointer arithmetic
 * of their own.
 */
#ifndef XMIP_BPF_CURSOR_H
#define XMIP_BPF_CURSOR_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct cursor {
	void *pos;
	void *end;
};

static __always_inline void cursor_init(struct cursor *c, void *data, void *data_end)
{
	c->pos = data;
	c->end = data_end;
}

/* Returns a pointer to the next len bytes and moves past them, or NULL when
 * the packet is shorter than that. */
static __always_inline void *cursor_pull(struct cursor *c, __u32 len)
{
	void *hdr = c->pos;

	if (hdr + len > c->end)
		return NULL;
	c->pos = hdr + len;
	return hdr;
}

#define cursor_pull_type(c, type) ((type *)cursor_pull((c), sizeof(type)))

#endif /* XMIP_BPF_CURSOR_H */
