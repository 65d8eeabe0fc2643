/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Tunnel headers of RFC 5555 section 4.1, written in front of an inner IPv4
 * or IPv6 packet: IPv6 (6in6, 4in6), IPv4 (6in4, 4in4), IPv4 + UDP 4191, and
 * IPv6 + UDP 4191. DSCP and ECN are copied to the outer header (RFC 6040
 * normal mode: the whole field, CE included).
 */
#ifndef XMIP_BPF_ENCAP_H
#define XMIP_BPF_ENCAP_H

#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include "csum.h"
#include "parse.h"
#include "xmip_abi.h"
#include "xmip_proto.h"

#define OUTER_TTL 64

/* What the outer headers need to know about the inner packet; gathered
 * before the packet moves. */
struct inner_info {
	__u16 len;        /* inner IP packet, header included */
	__u8 proto;       /* XMIP_IPPROTO_IPIP or XMIP_IPPROTO_IPV6 */
	__u8 tos;         /* DSCP and ECN */
	__u8 df;          /* outer IPv4 gets DF */
};

/* The format's outer headers, from the one table (xmip_abi.h). */
static __always_inline int outer_is_v6(__u8 format)
{
	return xmip_tunnel_outer_v6(format);
}

static __always_inline int outer_has_udp(__u8 format)
{
	return xmip_tunnel_udp_port(format) != 0;
}

/* Reads the inner packet's header fields and takes one off its TTL or hop
 * limit, as a router forwarding it would (RFC 5555 4.1.1). The caller has
 * checked that the TTL is above 1; len is the inner packet's length (from the
 * context's scalars: the verifier forbids arithmetic on the packet's end). */
static __always_inline void inner_forward(struct pkt *p, __u16 len, struct inner_info *in)
{
	if (p->family == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = p->l3;

		in->proto = XMIP_IPPROTO_IPV6;
		in->tos = (ip6->priority << 4) | (ip6->flow_lbl[0] >> 4);
		/* IPv6 is never fragmented on the way: the outer must not be. */
		in->df = 1;
		ip6->hop_limit--;
	} else {
		struct iphdr *ip = p->l3;

		in->proto = XMIP_IPPROTO_IPIP;
		in->tos = ip->tos;
		in->df = (ip->frag_off & bpf_htons(0x4000)) != 0;
		ipv4_decrement_ttl(ip);
	}
	in->len = len;
}

/* TTL or hop limit of the inner packet; 0 when it is not IP. */
static __always_inline __u8 inner_ttl(const struct pkt *p)
{
	if (p->family == ETH_P_IPV6)
		return ((struct ipv6hdr *)p->l3)->hop_limit;
	return ((struct iphdr *)p->l3)->ttl;
}

/*
 * UDP over IPv6 must carry a real checksum (RFC 8200 8.1): pseudo-header,
 * UDP header and the whole inner packet. Only the last-resort format of RFC
 * 5555 4.4.1 pays for this loop.
 */
static __always_inline void udp6_set_csum(struct ipv6hdr *ip6, struct udphdr *udp, void *end)
{
	__u64 sum = csum_ipv6_pseudo(&ip6->saddr, bpf_ntohs(udp->len), XMIP_IPPROTO_UDP);

	udp->check = 0;
	sum = csum_add_bytes(udp, end, sum);
	if ((void *)(udp + 1) > end)
		return;
	/* A computed zero is sent as all ones: zero means "none". */
	udp->check = csum_finish(sum) ?: 0xffff;
}

static __always_inline void write_udp(struct udphdr *udp, const struct xmip_tunnel *t, __u16 len)
{
	udp->source = t->local_port;
	udp->dest = t->remote_port;
	udp->len = bpf_htons(len);
	/* Over IPv4 a zero checksum is allowed (the inner packet carries its
	 * own); over IPv6 udp6_set_csum() fills it in. */
	udp->check = 0;
}

/*
 * Writes the outer headers at l3 (the room exists: the caller grew the
 * packet by xmip_tunnel_overhead()). Returns 0, or -1 when the room is not there.
 * For UDP over IPv6 the caller then runs udp6_set_csum() over the packet.
 */
static __always_inline int write_outer(void *l3, void *end, const struct xmip_tunnel *t,
				       const struct inner_info *in)
{
	__u16 udp_len = in->len + sizeof(struct udphdr);
	__u8 next = outer_has_udp(t->format) ? XMIP_IPPROTO_UDP : in->proto;

	if (outer_is_v6(t->format)) {
		struct ipv6hdr *ip6 = l3;
		struct udphdr *udp = (void *)(ip6 + 1);

		if ((void *)(udp + 1) > end)
			return -1;
		ip6->version = 6;
		ip6->priority = in->tos >> 4;
		ip6->flow_lbl[0] = (__u8)(in->tos << 4);
		ip6->flow_lbl[1] = 0;
		ip6->flow_lbl[2] = 0;
		ip6->payload_len = bpf_htons(outer_has_udp(t->format) ? udp_len : in->len);
		ip6->nexthdr = next;
		ip6->hop_limit = OUTER_TTL;
		__builtin_memcpy(&ip6->saddr, t->local.bytes, 16);
		__builtin_memcpy(&ip6->daddr, t->remote.bytes, 16);
		if (outer_has_udp(t->format))
			write_udp(udp, t, udp_len);   /* checksum: udp6_set_csum() */
	} else {
		struct iphdr *ip = l3;
		struct udphdr *udp = (void *)(ip + 1);
		__u16 tot = sizeof(*ip) + (outer_has_udp(t->format) ? udp_len : in->len);

		if ((void *)(udp + 1) > end)
			return -1;
		ip->version = 4;
		ip->ihl = 5;
		ip->tos = in->tos;
		ip->tot_len = bpf_htons(tot);
		/* Atomic datagrams (DF) need no unique ID (RFC 6864). */
		ip->id = in->df ? 0 : (__u16)bpf_get_prandom_u32();
		ip->frag_off = in->df ? bpf_htons(0x4000) : 0;
		ip->ttl = OUTER_TTL;
		ip->protocol = next;
		ip->saddr = t->local.v4;
		ip->daddr = t->remote.v4;
		ipv4_set_csum(ip);
		if (outer_has_udp(t->format))
			write_udp(udp, t, udp_len);
	}
	return 0;
}

#endif /* XMIP_BPF_ENCAP_H */
