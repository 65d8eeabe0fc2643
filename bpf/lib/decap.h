/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Recognising and removing the tunnel headers of RFC 5555 4.1 on packets a
 * mobile node sends to its home agent, and RFC 6040's decapsulation rules
 * for ECN.
 */
#ifndef XMIP_BPF_DECAP_H
#define XMIP_BPF_DECAP_H

#include "addr.h"
#include "csum.h"
#include "encap.h"

/* A tunnel packet as received: its format, the outer source, how much to
 * strip after Ethernet, and where the inner packet starts. */
struct tunnel_rx {
	__u8 format;             /* enum xmip_tunnel_format */
	__u8 inner_v6;
	__be16 sport;            /* UDP formats */
	__u16 strip;             /* outer IP (+ UDP) header bytes */
	union xmip_addr outer_src;
	union xmip_addr outer_dst;
	struct pkt inner;        /* parsed inner packet */
};

#define ECN_MASK 0x03
#define ECN_NOT_ECT 0x00
#define ECN_ECT1 0x01
#define ECN_ECT0 0x02
#define ECN_CE 0x03

/* Which end of the tunnel parses: the UDP port 4191 is the destination of
 * what reaches the home agent, the source of what reaches the mobile node. */
enum tunnel_end {
	AT_HOME_AGENT,
	AT_MOBILE_NODE,
};

/*
 * Is this a tunnel packet (6in6, 4in6, 6in4, 4in4, UDP 4191 over either)?
 * p is the parsed outer packet, c sits after its IP header. Tunnels carry no
 * IPv6 extension headers in the outer packet: the outer IPv6 header's next
 * header must name the payload directly.
 * Returns 1 and fills rx, 0 when it is no tunnel, -1 when it is malformed.
 */
static __always_inline int tunnel_parse(struct cursor *c, const struct pkt *p, struct tunnel_rx *rx,
					enum tunnel_end end)
{
	int outer_v6 = p->family == ETH_P_IPV6;
	__u8 proto = p->l4proto;
	__u16 strip;

	if (p->is_fragment)
		return 0;
	if (outer_v6) {
		if (((struct ipv6hdr *)p->l3)->nexthdr != proto)
			return 0;   /* extension headers: not one of our tunnels */
		strip = sizeof(struct ipv6hdr);
	} else {
		strip = ((struct iphdr *)p->l3)->ihl * 4;
	}
	rx->outer_src = p->saddr;
	rx->outer_dst = p->daddr;
	if (proto == XMIP_IPPROTO_UDP) {
		struct udphdr *udp = cursor_pull_type(c, struct udphdr);

		if (!udp)
			return 0;
		/* The format whose port it is (xmip_abi.h's table), or none. */
		rx->format = xmip_tunnel_udp_format(outer_v6, bpf_ntohs(end == AT_HOME_AGENT ? udp->dest
										       : udp->source));
		if (rx->format == XMIP_TUN_NONE)
			return 0;
		rx->sport = udp->source;
		strip += sizeof(struct udphdr);
	} else if (proto == XMIP_IPPROTO_IPV6 || proto == XMIP_IPPROTO_IPIP) {
		rx->format = outer_v6 ? XMIP_TUN_IP6 : XMIP_TUN_IP4;
	} else {
		return 0;
	}
	rx->strip = strip;
	/* The inner packet: its version says its family (RFC 5555 4.1). */
	if (parse_raw_ip(c, &rx->inner) != PARSE_OK)
		return -1;
	rx->inner_v6 = rx->inner.family == ETH_P_IPV6;
	if (rx->format == XMIP_TUN_IP6 || rx->format == XMIP_TUN_IP4) {
		/* The protocol number must agree with what is inside. */
		if ((proto == XMIP_IPPROTO_IPV6) != rx->inner_v6)
			return -1;
	}
	return 1;
}

/* Does the binding say this packet may come from where it came from? */
static __always_inline int tunnel_matches(const struct xmip_tunnel *t, const struct tunnel_rx *rx)
{
	/* IPv4 addresses are zero-padded on both sides: one comparison. */
	if (t->format != rx->format || !addr6_equal(&t->remote, &rx->outer_src))
		return 0;
	if (outer_has_udp(t->format) && t->remote_port != rx->sport)
		return 0;
	return 1;
}

/* RFC 6040 section 4.2: the inner ECN after decapsulation, or -1 to drop
 * (CE outside a packet whose transport cannot take it). */
static __always_inline int ecn_decap(__u8 inner, __u8 outer)
{
	inner &= ECN_MASK;
	outer &= ECN_MASK;
	if (outer == ECN_CE)
		return inner == ECN_NOT_ECT ? -1 : ECN_CE;
	if (outer == ECN_ECT1 && inner == ECN_ECT0)
		return ECN_ECT1;
	return inner;
}

static __always_inline __u8 pkt_tos(const struct pkt *p)
{
	if (p->family == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = p->l3;

		return (ip6->priority << 4) | (ip6->flow_lbl[0] >> 4);
	}
	return ((struct iphdr *)p->l3)->tos;
}

/* Writes the ECN bits of an inner header (IPv4 checksum updated). */
static __always_inline void set_ecn(struct pkt *p, __u8 ecn)
{
	if (p->family == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = p->l3;

		ip6->flow_lbl[0] = (ip6->flow_lbl[0] & 0xcf) | (ecn << 4);
	} else {
		struct iphdr *ip = p->l3;
		__u16 old = *(__u16 *)ip, new;
		__u32 check;

		ip->tos = (ip->tos & ~ECN_MASK) | ecn;
		new = *(__u16 *)ip;
		/* RFC 1624 incremental update for the first 16-bit word. */
		check = (__u16)~ip->check + (__u16)~old + new;
		ip->check = csum_fold(check);
	}
}

/* Moves the Ethernet header over the outer headers and drops them. */
static __always_inline int xdp_decap(struct xdp_md *ctx, __u16 strip, int inner_v6)
{
	struct ethhdr *eth = (void *)(long)ctx->data;
	__u8 macs[2 * ETH_ALEN];

	if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
		return -1;
	__builtin_memcpy(macs, eth, sizeof(macs));
	if (bpf_xdp_adjust_head(ctx, strip))
		return -1;
	eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
		return -1;
	__builtin_memcpy(eth, macs, sizeof(macs));
	eth->h_proto = bpf_htons(inner_v6 ? ETH_P_IPV6 : ETH_P_IP);
	return 0;
}

/* Applies RFC 6040 to the inner header; -1 when the packet must be dropped. */
static __always_inline int decap_ecn(struct tunnel_rx *rx, const struct pkt *outer)
{
	__u8 inner = pkt_tos(&rx->inner) & ECN_MASK;
	int ecn = ecn_decap(inner, pkt_tos(outer));

	if (ecn < 0)
		return -1;
	if (ecn != inner)
		set_ecn(&rx->inner, (__u8)ecn);
	return 0;
}

#endif /* XMIP_BPF_DECAP_H */
