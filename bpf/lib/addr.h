/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Address comparisons. clang's BPF target has no memcmp: compare words. */
#ifndef XMIP_BPF_ADDR_H
#define XMIP_BPF_ADDR_H

#include "xmip_abi.h"

static __always_inline int addr6_equal(const union xmip_addr *a, const union xmip_addr *b)
{
	return ((a->v6[0] ^ b->v6[0]) | (a->v6[1] ^ b->v6[1]) |
		(a->v6[2] ^ b->v6[2]) | (a->v6[3] ^ b->v6[3])) == 0;
}

static __always_inline int addr6_is_zero(const union xmip_addr *a)
{
	return (a->v6[0] | a->v6[1] | a->v6[2] | a->v6[3]) == 0;
}

#endif /* XMIP_BPF_ADDR_H */
