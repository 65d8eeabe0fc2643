// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Home agent, XDP on every interface of the home agent (home link and uplink).
 *
 * A packet for a registered home address or mobile network prefix is
 * encapsulated in its binding's format (RFC 5555 4.1) and sent toward the
 * care-of address: XDP_TX or redirect, after the kernel's FIB says where.
 * What XDP cannot finish (a fragment, an expiring TTL, too big for the
 * tunnel, no neighbour yet) goes to the stack unchanged, counted by reason.
 * Signalling always goes to the stack, and XDP notes for the agent how it
 * came (xmip_sig_seen): in UDP 4191, or from a care-of address with a home
 * address option, which it applies as RFC 6275 9.3.1 says.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/xdp_ingress.h"
#include "anchor/binding.h"
#include "lib/fib.h"
#include "lib/decap.h"
#include "lib/forward.h"
#include "lib/xdp_encap.h"
#include "lib/mip6_hdr.h"
#include "anchor/neigh_proxy.h"

/* Is addr one of the home agent's tunnel endpoints? */
static __always_inline int is_home_agent(const struct xmip_dp_config *cfg, const union xmip_addr *addr,
					 int v6)
{
	return v6 ? addr6_equal(addr, &cfg->ha_addr6) : addr->v4 == cfg->ha_addr4.v4;
}

/* Signalling for a home address no mobile node is configured with goes no
 * further: the agent would only refuse it, and a flood of such BUs must not
 * slow the nodes it serves, nor leave state. */
static __always_inline int home_unknown(const union xmip_addr *home)
{
	if (bpf_map_peek_elem(&xmip_known_home, (void *)home) == 0)
		return 0;
	stat_inc(XMIP_STAT_DROP_UNKNOWN_HOME);
	return 1;
}

/* The tag of the Mobility Header message the packet now is (Ethernet,
 * IPv6, MH: what reaches the stack once XDP is done with it): its
 * checksum, which the agent reads in the message too; 0 for anything else
 * (ESP). Read at fixed offsets: cheap for the verifier. */
static __always_inline __u32 signal_tag(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ipv6hdr *ip6 = data + sizeof(struct ethhdr);
	__u8 *mh = (void *)(ip6 + 1);

	if ((void *)(mh + 6) > end || ip6->nexthdr != XMIP_IPPROTO_MH)
		return 0;
	return XMIP_SIG_TAGGED | (__u32)mh[4] << 8 | mh[5];
}

static __always_inline void record_signal(struct xdp_md *ctx, const union xmip_addr *home,
					  __u8 format, const union xmip_addr *from, __be16 sport,
					  const union xmip_addr *to, __u32 tag)
{
	struct xmip_sig_seen seen = {
		.back = {
			.remote = *from,
			.local = *to,
			.remote_port = sport,
			.local_port = sport ? bpf_htons(xmip_tunnel_udp_port(format)) : 0,
			.format = format,
			.ifindex = ctx->ingress_ifindex,
			.binding_id = tag,
		},
		.seen_ns = bpf_ktime_get_ns(),
	};

	bpf_map_update_elem(&xmip_sig_seen, home, &seen, BPF_ANY);
}

/*
 * Mobility Header to the home agent's IPv6 address. From a care-of address
 * it carries the home address option: recorded, swapped into the source and
 * removed, so the agent's socket (and IPsec) sees the home address. Without
 * one it came from the home address itself (the home link): any record of
 * an earlier way is stale, and the answer goes out natively.
 */
static __always_inline int signal_to_agent(struct xdp_md *ctx, struct pkt *p)
{
	struct xmip_dp_config *cfg = dp_config();
	struct mip6_hao_dstopt *hao;
	union xmip_addr home, from, to;

	if (!cfg || p->family != ETH_P_IPV6 || !addr6_equal(&p->daddr, &cfg->ha_addr6))
		return xdp_to_stack();
	hao = hao_find(p, (void *)(long)ctx->data_end);
	if (!hao) {
		if (home_unknown(&p->saddr))
			return XDP_DROP;
		bpf_map_delete_elem(&xmip_sig_seen, &p->saddr);
		return xdp_to_stack();
	}
	__builtin_memcpy(home.bytes, &hao->home, 16);
	if (home_unknown(&home))
		return XDP_DROP;
	from = p->saddr;
	to = p->daddr;
	__builtin_memcpy(&((struct ipv6hdr *)p->l3)->saddr, home.bytes, 16);
	if (xdp_remove_mip6_hdr(ctx, hao->nexthdr))
		return XDP_ABORTED;
	record_signal(ctx, &home, XMIP_TUN_IP6, &from, 0, &to, signal_tag(ctx));
	stat_inc(XMIP_STAT_RX_MH_HAO);
	return xdp_to_stack();
}

/*
 * A tunnel packet addressed to the home agent. Signalling in UDP 4191 (an
 * inner IPv6 packet carrying MH, or ESP protecting it) is recorded and handed
 * to the stack decapsulated. Data is decapsulated only when the inner source
 * has a binding whose care-of address, port and format are the outer ones.
 */
static __always_inline int from_mobile_node(struct xdp_md *ctx, const struct pkt *outer,
					    struct tunnel_rx *rx)
{
	struct xmip_dp_config *cfg = dp_config();
	struct xmip_tunnel *t;

	if (!cfg || !is_home_agent(cfg, &rx->outer_dst, outer->family == ETH_P_IPV6))
		return xdp_to_stack();   /* a tunnel, but not to us */
	if (outer_has_udp(rx->format) && rx->inner_v6 &&
	    (rx->inner.l4proto == XMIP_IPPROTO_MH || rx->inner.l4proto == XMIP_IPPROTO_ESP)) {
		if (home_unknown(&rx->inner.saddr))
			return XDP_DROP;
		if (xdp_decap(ctx, rx->strip, 1))
			return XDP_ABORTED;
		record_signal(ctx, &rx->inner.saddr, rx->format, &rx->outer_src, rx->sport,
			      &rx->outer_dst, signal_tag(ctx));
		stat_inc(XMIP_STAT_RX_UDP_SIGNAL);
		return xdp_to_stack();
	}
	t = binding_lookup(rx->inner.family, &rx->inner.saddr);
	if (!t) {
		stat_inc(XMIP_STAT_DROP_SPOOF_INNER);
		return XDP_DROP;
	}
	if (!tunnel_matches(t, rx)) {
		stat_inc(XMIP_STAT_DROP_SPOOF_OUTER);
		return XDP_DROP;
	}
	if (decap_ecn(rx, outer)) {
		stat_inc(XMIP_STAT_DROP_ECN);
		return XDP_DROP;
	}
	if (xdp_decap(ctx, rx->strip, rx->inner_v6))
		return XDP_ABORTED;
	stat_inc(XMIP_STAT_DECAP);
	return xdp_forward(ctx, XMIP_STAT_DECAP_XMIT);
}

SEC("xdp")
int xmip_ha_xdp(struct xdp_md *ctx)
{
	struct tunnel_rx rx = {};
	struct xmip_tunnel *t;
	struct cursor c;
	struct pkt p = {};
	int verdict = neigh_proxy_answer(ctx);

	if (verdict >= 0)
		return verdict;
	verdict = xdp_ingress_start(ctx, &c, &p);

	if (verdict == XDP_INGRESS_SIGNAL)
		return signal_to_agent(ctx, &p);
	if (verdict != XDP_INGRESS_CONTINUE)
		return verdict;
	verdict = tunnel_parse(&c, &p, &rx, AT_HOME_AGENT);
	if (verdict < 0) {
		stat_inc(XMIP_STAT_DROP_MALFORMED);
		return XDP_DROP;
	}
	if (verdict > 0)
		return from_mobile_node(ctx, &p, &rx);
	t = binding_lookup(p.family, &p.daddr);
	if (!t) {
		stat_inc(XMIP_STAT_BINDING_MISS);
		return xdp_to_stack();
	}
	stat_inc(XMIP_STAT_BINDING_HIT);
	if (p.family == ETH_P_IP && (t->flags & XMIP_TUNF_ESP_PAYLOAD4)) {
		/* The kernel's XFRM policy takes it into ESP tunnel mode. */
		stat_inc(XMIP_STAT_STACK_ESP_PAYLOAD);
		return XDP_PASS;
	}
	return xdp_encap_and_send(ctx, &p, t, XMIP_STAT_ENCAP_XMIT);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
