// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Home agent, XDP on every interface of the home agent (home link and uplink).
 *
 * A packet for a registered home address or mobile network prefix is
 * encapsulated in its binding's format (RFC 5555 4.1) and sent toward the
 * care-of address: XDP_TX or redirect, after the kernel's FIB says where.
 * What XDP cannot finish (a fragment, an expiring TTL, too big for the
 * tunnel, no neighbour yet) goes to the stack unchanged, counted by reason.
 * Signalling always goes to the stack untouched.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/xdp_ingress.h"
#include "lib/binding.h"
#include "lib/fib.h"

static __always_inline int to_stack_because(enum xmip_stat why)
{
	stat_inc(why);
	return xdp_to_stack();
}

static __always_inline int encap_and_send(struct xdp_md *ctx, struct pkt *p,
					  const struct xmip_tunnel *t)
{
	/* The parser only knows untagged Ethernet: IP starts at ETH_HLEN. */
	__u16 inner_len = (__u16)(ctx->data_end - ctx->data - ETH_HLEN);
	int overhead = tunnel_overhead(t->format);
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
		return to_stack_because(XMIP_STAT_STACK_TOO_BIG);
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
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
	eth->h_proto = bpf_htons(outer_is_v6(t->format) ? ETH_P_IPV6 : ETH_P_IP);
	stat_inc(XMIP_STAT_ENCAP_XMIT);
	if (fib.ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	return bpf_redirect(fib.ifindex, 0);
}

SEC("xdp")
int xmip_ha_xdp(struct xdp_md *ctx)
{
	struct xmip_tunnel *t;
	struct cursor c;
	struct pkt p = {};
	int verdict = xdp_ingress_start(ctx, &c, &p);

	if (verdict != XDP_INGRESS_CONTINUE)
		return verdict;
	if (is_dsmip_udp(&c, &p)) {
		stat_inc(XMIP_STAT_RX_UDP_SIGNAL);
		return xdp_to_stack();
	}
	t = binding_lookup(p.family, &p.daddr);
	if (!t) {
		stat_inc(XMIP_STAT_BINDING_MISS);
		return xdp_to_stack();
	}
	stat_inc(XMIP_STAT_BINDING_HIT);
	return encap_and_send(ctx, &p, t);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
