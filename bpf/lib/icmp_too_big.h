/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * "Packet too big" (ICMPv6, RFC 4443 3.2) and "fragmentation needed"
 * (ICMPv4 type 3 code 4, RFC 1191) answered from XDP, for a packet that will
 * not fit the tunnel once encapsulated. The packet itself becomes the answer:
 * its tail is cut to what an ICMP error may quote, the ICMP and IP headers
 * are put in front, and it goes back out where it came from, to the Ethernet
 * address it came from (XDP_TX), which is the way back to its sender.
 */
#ifndef XMIP_BPF_ICMP_TOO_BIG_H
#define XMIP_BPF_ICMP_TOO_BIG_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "csum.h"
#include "addr.h"
#include "parse.h"

#define ICMP_TTL 64
/* RFC 4443 2.4 (c): the error packet fits the IPv6 minimum MTU. */
#define ICMP6_PACKET_MAX 1280
/* RFC 1812 4.3.2.3: the error datagram fits 576 bytes. */
#define ICMP4_PACKET_MAX 576
#define IPV6_MIN_MTU 1280
#define ICMP4_TYPE_DEST_UNREACH 3
#define ICMP4_CODE_FRAG_NEEDED 4
#define ICMP6_TYPE_PACKET_TOO_BIG 2

/* The two messages' headers (linux/icmp.h drags in libc's socket headers,
 * which the BPF target cannot include). */
struct icmp4_too_big {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be16 unused;
	__be16 mtu;          /* next-hop MTU (RFC 1191) */
};

struct icmp6_too_big {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be32 mtu;
};

/* RFC 4443 2.4 (e) and RFC 1812 4.3.2.7: never an error about an error. */
static __always_inline int is_icmp_error(const struct pkt *p, void *end)
{
	__u8 *type = p->l4;

	if (p->is_fragment)
		return 0;   /* only a first fragment has the type; none here */
	if ((void *)(type + 1) > end)
		return p->l4proto == XMIP_IPPROTO_ICMP || p->l4proto == XMIP_IPPROTO_ICMPV6;
	if (p->l4proto == XMIP_IPPROTO_ICMPV6)
		return *type < 128;
	if (p->l4proto == XMIP_IPPROTO_ICMP)
		return *type != 0 && *type != 8 && *type != 13 && *type != 14;
	return 0;
}

/* What the answer needs from the packet, read before the packet changes. */
struct too_big_ctx {
	__u8 mac_src[ETH_ALEN];
	__u8 mac_dst[ETH_ALEN];
	union xmip_addr dst;      /* the sender, who gets the answer */
	union xmip_addr src;      /* ours */
	__u32 quote;              /* bytes of the packet quoted */
	__u32 mtu;
};

static __always_inline int write_icmp6(struct xdp_md *ctx, const struct too_big_ctx *tb)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = (void *)(eth + 1);
	struct icmp6_too_big *icmp = (void *)(ip6 + 1);
	__u32 len = sizeof(*icmp) + tb->quote;

	if ((void *)(icmp + 1) > end)
		return -1;
	__builtin_memcpy(eth->h_dest, tb->mac_src, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tb->mac_dst, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_IPV6);
	*(__be32 *)ip6 = bpf_htonl(0x60000000);   /* version 6, class and label 0 */
	ip6->payload_len = bpf_htons((__u16)len);
	ip6->nexthdr = XMIP_IPPROTO_ICMPV6;
	ip6->hop_limit = ICMP_TTL;
	__builtin_memcpy(&ip6->saddr, tb->src.bytes, 16);
	__builtin_memcpy(&ip6->daddr, tb->dst.bytes, 16);
	icmp->type = ICMP6_TYPE_PACKET_TOO_BIG;
	icmp->code = 0;
	icmp->checksum = 0;
	icmp->mtu = bpf_htonl(tb->mtu);
	icmp->checksum = csum_finish(csum_add_bytes(icmp, end,
				csum_ipv6_pseudo(&ip6->saddr, len, XMIP_IPPROTO_ICMPV6)));
	return 0;
}

static __always_inline int write_icmp4(struct xdp_md *ctx, const struct too_big_ctx *tb)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct icmp4_too_big *icmp = (void *)(ip + 1);

	if ((void *)(icmp + 1) > end)
		return -1;
	__builtin_memcpy(eth->h_dest, tb->mac_src, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tb->mac_dst, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->tos = 0xc0;   /* internetwork control, as routers send ICMP */
	ip->tot_len = bpf_htons((__u16)(sizeof(*ip) + sizeof(*icmp) + tb->quote));
	ip->id = 0;
	ip->frag_off = 0;
	ip->ttl = ICMP_TTL;
	ip->protocol = XMIP_IPPROTO_ICMP;
	ip->saddr = tb->src.v4;
	ip->daddr = tb->dst.v4;
	ipv4_set_csum(ip);
	icmp->type = ICMP4_TYPE_DEST_UNREACH;
	icmp->code = ICMP4_CODE_FRAG_NEEDED;
	icmp->checksum = 0;
	icmp->unused = 0;
	icmp->mtu = bpf_htons((__u16)tb->mtu);
	icmp->checksum = csum_finish(csum_add_bytes(icmp, end, 0));
	return 0;
}

/*
 * Turns the packet in ctx (parsed into p, IP at ETH_HLEN) into the ICMP
 * error telling its sender that mtu bytes fit; src is our address of p's
 * family. Returns XDP_TX; XDP_DROP if the packet could not be reshaped; or
 * -1, the packet untouched, when no answer may be sent (an ICMP error
 * itself, or no address of ours to send from): the caller then hands it to
 * the stack.
 */
static __always_inline int xdp_answer_too_big(struct xdp_md *ctx, const struct pkt *p,
					      __u32 mtu, const union xmip_addr *src)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	int v6 = p->family == ETH_P_IPV6;
	__u32 hdrs = v6 ? sizeof(struct ipv6hdr) + sizeof(struct icmp6_too_big) :
			  sizeof(struct iphdr) + sizeof(struct icmp4_too_big);
	__u32 max_quote = (v6 ? ICMP6_PACKET_MAX : ICMP4_PACKET_MAX) - hdrs;
	__u32 ip_len = ctx->data_end - ctx->data - ETH_HLEN;
	struct ethhdr *eth = data;
	struct too_big_ctx tb = {};

	if ((void *)(eth + 1) > end || is_icmp_error(p, end))
		return -1;
	if (v6 ? addr6_is_zero(src) : !src->v4)
		return -1;
	__builtin_memcpy(tb.mac_src, eth->h_source, ETH_ALEN);
	__builtin_memcpy(tb.mac_dst, eth->h_dest, ETH_ALEN);
	tb.dst = p->saddr;
	tb.src = *src;
	tb.quote = ip_len < max_quote ? ip_len : max_quote;
	/* An IPv6 link must carry 1280 bytes: a tunnel that cannot would
	 * have to fragment its outer packets; we ask for no less. */
	tb.mtu = v6 && mtu < IPV6_MIN_MTU ? IPV6_MIN_MTU : mtu;

	if (bpf_xdp_adjust_tail(ctx, (int)tb.quote - (int)ip_len))
		return -1;   /* nothing changed yet */
	if (bpf_xdp_adjust_head(ctx, -(int)hdrs) ||
	    (v6 ? write_icmp6(ctx, &tb) : write_icmp4(ctx, &tb)))
		return XDP_DROP;
	return XDP_TX;
}

#endif /* XMIP_BPF_ICMP_TOO_BIG_H */
