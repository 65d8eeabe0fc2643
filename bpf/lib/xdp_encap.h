/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Encapsulating an IP packet in XDP and sending it toward a tunnel's far
 * end, for every kind that tunnels from XDP (the anchor toward a care-of
 * address, the access kind toward the anchor): the kernel's FIB names the
 * next hop before anything in the packet changes, so that what XDP cannot
 * finish (a fragment, an expiring TTL, too big for the tunnel, no
 * neighbour yet) still goes to the stack unchanged, counted by reason.
 */
#ifndef XMIP_BPF_XDP_ENCAP_H
#define XMIP_BPF_XDP_ENCAP_H

#include "lib/xdp_ingress.h"
#include "lib/fib.h"
#include "lib/icmp_too_big.h"
#include "lib/dp_maps.h"

static __always_inline int to_stack_because(enum xmip_stat why)
{
	stat_inc(why);
	return xdp_to_stack();
}

/*
 * Larger than the tunnel can carry: IPv6 and IPv4 with DF get the ICMP error
 * with the tunnel's MTU (the path's minus the overhead), from our address
 * of the packet's family (an access node's IPv4 one is the hosts' router).
 * IPv4 without DF goes to the stack, which fragments it to the MTU of the
 * route the agent set, and TC encapsulates the fragments. The settings are
 * read here only: this is no packet's usual way.
 */
static __always_inline int xdp_too_big(struct xdp_md *ctx, const struct pkt *p, __u32 mtu)
{
	const struct xmip_dp_config *cfg = dp_config();
	union xmip_addr src = {};
	int verdict;

	if (p->family == ETH_P_IP && !(((struct iphdr *)p->l3)->frag_off & bpf_htons(0x4000)))
		return to_stack_because(XMIP_STAT_STACK_TOO_BIG);
	if (!cfg)
		return to_stack_because(XMIP_STAT_STACK_TOO_BIG);
	if (p->family == ETH_P_IPV6)
		src = cfg->ha_addr6;
	else
		src.v4 = cfg->kind == XMIP_DP_ACCESS ? cfg->router4 : cfg->ha_addr4.v4;
	verdict = xdp_answer_too_big(ctx, p, mtu, &src);
	if (verdict < 0)
		return to_stack_because(XMIP_STAT_STACK_TOO_BIG);
	stat_inc(verdict == XDP_TX ? XMIP_STAT_ICMP_TOO_BIG : XMIP_STAT_DROP_NO_ROOM);
	return verdict;
}

/* Wraps the packet (Ethernet + IP, parsed in p) in t's outer headers and
 * sends it toward t's far end, counting sent. */
static __always_inline int xdp_encap_and_send(struct xdp_md *ctx, struct pkt *p, const struct xmip_tunnel *t,
					      enum xmip_stat sent)
{
	/* The parser only knows untagged Ethernet: IP starts at ETH_HLEN. */
	__u16 inner_len = (__u16)(ctx->data_end - ctx->data - ETH_HLEN);
	int overhead = xmip_tunnel_overhead(t->format);
	struct bpf_fib_lookup fib;
	void *end;
	struct inner_info in;
	struct ethhdr *eth;
	int rc;

	if (p->is_fragment)
		return to_stack_because(XMIP_STAT_STACK_FRAGMENT);
	/* The stack answers an expiring TTL with time exceeded. */
	if (inner_ttl(p) <= 1)
		return to_stack_because(XMIP_STAT_STACK_TTL);

	rc = fib_lookup_outer(ctx, ctx->ingress_ifindex, t, inner_len + overhead, &fib);
	if (rc == BPF_FIB_LKUP_RET_FRAG_NEEDED)
		return xdp_too_big(ctx, p, fib.mtu_result - overhead);
	if (rc == BPF_FIB_LKUP_RET_NO_NEIGH)
		return to_stack_because(XMIP_STAT_STACK_NO_NEIGH);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS) {
		stat_inc(XMIP_STAT_DROP_NO_ROUTE);
		return XDP_DROP;
	}

	inner_forward(p, inner_len, &in);
	if (bpf_xdp_adjust_head(ctx, -overhead)) {
		stat_inc(XMIP_STAT_DROP_NO_ROOM);
		return XDP_DROP;
	}
	eth = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if ((void *)(eth + 1) > end || write_outer(eth + 1, end, t, &in))
		return XDP_ABORTED;
	if (t->format == XMIP_TUN_UDP6) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) + sizeof(struct udphdr) > end)
			return XDP_ABORTED;
		udp6_set_csum(ip6, (void *)(ip6 + 1), end);
	}
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
	eth->h_proto = bpf_htons(outer_is_v6(t->format) ? ETH_P_IPV6 : ETH_P_IP);
	stat_inc(sent);
	if (fib.ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	return bpf_redirect(fib.ifindex, 0);
}

#endif /* XMIP_BPF_XDP_ENCAP_H */
