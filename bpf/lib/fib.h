/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Route and neighbour of a tunnel's far end, from the kernel's FIB. */
#ifndef XMIP_BPF_FIB_H
#define XMIP_BPF_FIB_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "encap.h"

#define AF_INET 2
#define AF_INET6 10

/* Looks up the outer destination as the packet will leave, before anything
 * in the packet changes: a failure can still hand it to the stack as it came.
 * tot_len is the outer packet's IP length, for the kernel's MTU check. */
static __always_inline int fib_lookup_outer(void *ctx, __u32 ifindex, const struct xmip_tunnel *t,
					    __u16 tot_len, struct bpf_fib_lookup *fib)
{
	__builtin_memset(fib, 0, sizeof(*fib));
	if (outer_is_v6(t->format)) {
		fib->family = AF_INET6;
		__builtin_memcpy(fib->ipv6_src, t->local.bytes, 16);
		__builtin_memcpy(fib->ipv6_dst, t->remote.bytes, 16);
	} else {
		fib->family = AF_INET;
		fib->ipv4_src = t->local.v4;
		fib->ipv4_dst = t->remote.v4;
	}
	fib->l4_protocol = outer_has_udp(t->format) ? XMIP_IPPROTO_UDP : 0;
	fib->tot_len = tot_len;
	fib->ifindex = ifindex;
	return bpf_fib_lookup(ctx, fib, sizeof(*fib), 0);
}

#endif /* XMIP_BPF_FIB_H */
