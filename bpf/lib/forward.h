/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Forwarding a (decapsulated) IP packet from XDP, as a router would. */
#ifndef XMIP_BPF_FORWARD_H
#define XMIP_BPF_FORWARD_H

#include "fib.h"
#include "stats.h"

/*
 * Routes the packet now in ctx (Ethernet + IP) with the kernel's FIB and
 * sends it on, TTL or hop limit minus one. Anything else (local delivery, no
 * neighbour yet, TTL expiring, too big) goes to the stack, which does the
 * same work the slow way and answers with ICMP where needed.
 */
static __always_inline int xdp_forward(struct xdp_md *ctx, __u32 counter)
{
	__u16 len = (__u16)(ctx->data_end - ctx->data - ETH_HLEN);
	struct bpf_fib_lookup fib = {};
	struct cursor c;
	struct pkt p = {};
	struct ethhdr *eth;

	cursor_init(&c, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	if (parse_eth_ip(&c, &p) != PARSE_OK || inner_ttl(&p) <= 1)
		return XDP_PASS;
	if (p.family == ETH_P_IPV6) {
		fib.family = AF_INET6;
		__builtin_memcpy(fib.ipv6_src, p.saddr.bytes, 16);
		__builtin_memcpy(fib.ipv6_dst, p.daddr.bytes, 16);
	} else {
		fib.family = AF_INET;
		fib.ipv4_src = p.saddr.v4;
		fib.ipv4_dst = p.daddr.v4;
		fib.tos = ((struct iphdr *)p.l3)->tos;
	}
	fib.l4_protocol = p.l4proto;
	fib.tot_len = len;
	fib.ifindex = ctx->ingress_ifindex;
	if (bpf_fib_lookup(ctx, &fib, sizeof(fib), 0) != BPF_FIB_LKUP_RET_SUCCESS)
		return XDP_PASS;
	if (p.family == ETH_P_IPV6)
		((struct ipv6hdr *)p.l3)->hop_limit--;
	else
		ipv4_decrement_ttl(p.l3);
	eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
		return XDP_ABORTED;
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
	stat_inc(counter);
	if (fib.ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	return bpf_redirect(fib.ifindex, 0);
}

#endif /* XMIP_BPF_FORWARD_H */
