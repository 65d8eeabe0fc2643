/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The UDP checksum of UDP-over-IPv6 encapsulation at TC egress (RFC 5555
 * 4.4.1's last resort; RFC 8200 8.1: over IPv6 it is never zero).
 *
 * At TC egress the inner TCP or UDP checksum may not exist yet: the host
 * leaves it to the device (CHECKSUM_PARTIAL, csum_start at the inner
 * transport header), which completes it after this program. The outer sum
 * needs the inner segment's sum as it will be; that is known without the
 * final checksum (the idea of Linux's local checksum offload, LCO): a
 * segment carrying a correct checksum sums to the complement of its
 * pseudo-header, and a partial one holds the pseudo-header's sum already. So
 * only the headers in front of the inner transport header are summed, plus
 * the complement of the inner pseudo-header. Anything else (fragments, other
 * protocols, UDP over IPv4 without a checksum) has its checksum complete and
 * is summed byte by byte.
 *
 * GSO packets cannot carry one outer checksum for all their segments (the
 * kernel would copy it to each): the mobile node's agent turns TSO and GSO
 * off on its tunnel interface while this format is in use, and a GSO packet
 * here is dropped and counted.
 */
#ifndef XMIP_BPF_TC_UDP6_H
#define XMIP_BPF_TC_UDP6_H

#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "csum.h"
#include "parse.h"

#define UDP6_OUTER_LEN (ETH_HLEN + sizeof(struct ipv6hdr) + sizeof(struct udphdr))

static __always_inline __u64 csum_ipv4_pseudo(__be32 saddr, __be32 daddr, __u32 len, __u8 proto)
{
	return (__u64)saddr + daddr + bpf_htons((__u16)len) + bpf_htons(proto);
}

/* The inner transport segment's sum, from its pseudo-header; -1 when that
 * shortcut does not hold and the bytes must be summed. */
static __always_inline long inner_l4_sum(const struct pkt *in, void *end)
{
	__u64 pseudo;
	__u32 len;

	if (in->is_fragment)
		return -1;
	if (in->family == ETH_P_IPV6) {
		const struct ipv6hdr *ip6 = in->l3;

		len = bpf_ntohs(ip6->payload_len) - (__u32)(in->l4 - (void *)(ip6 + 1));
		if (in->l4proto != XMIP_IPPROTO_TCP && in->l4proto != XMIP_IPPROTO_UDP &&
		    in->l4proto != XMIP_IPPROTO_ICMPV6)
			return -1;
		pseudo = csum_ipv6_pseudo(&ip6->saddr, len, in->l4proto);
	} else {
		const struct iphdr *ip = in->l3;
		const struct udphdr *udp = in->l4;

		len = bpf_ntohs(ip->tot_len) - ip->ihl * 4;
		if (in->l4proto == XMIP_IPPROTO_ICMP)
			return 0;   /* no pseudo-header: a correct message sums to zero */
		if (in->l4proto == XMIP_IPPROTO_UDP) {
			if ((void *)(udp + 1) > end || udp->check == 0)
				return -1;   /* "no checksum": the bytes decide */
		} else if (in->l4proto != XMIP_IPPROTO_TCP) {
			return -1;
		}
		pseudo = csum_ipv4_pseudo(ip->saddr, ip->daddr, len, in->l4proto);
	}
	return csum_finish(pseudo);   /* the complement of the folded sum */
}

/* Fills in the outer UDP checksum of the packet tc_encapsulate() made with
 * an IPv6 + UDP outer header. Returns 0, or the drop counter. */
static __always_inline int tc_udp6_set_csum(struct __sk_buff *skb)
{
	struct ipv6hdr *ip6;
	struct udphdr *udp;
	struct cursor c;
	struct pkt in = {};
	void *data, *end;
	long l4sum;
	__u64 sum;

	if (skb->gso_segs > 1)
		return XMIP_STAT_DROP_UNSUPPORTED;
	if (bpf_skb_pull_data(skb, skb->len))
		return XMIP_STAT_DROP_NO_ROOM;
	data = (void *)(long)skb->data;
	end = (void *)(long)skb->data_end;
	ip6 = data + ETH_HLEN;
	udp = (void *)(ip6 + 1);
	if ((void *)(udp + 1) > end)
		return XMIP_STAT_DROP_MALFORMED;
	cursor_init(&c, udp + 1, end);
	if (parse_raw_ip(&c, &in) != PARSE_OK)
		return XMIP_STAT_DROP_MALFORMED;

	udp->check = 0;
	sum = csum_ipv6_pseudo(&ip6->saddr, bpf_ntohs(udp->len), XMIP_IPPROTO_UDP);
	l4sum = inner_l4_sum(&in, end);
	if (l4sum < 0) {
		sum = csum_add_bytes(udp, end, sum);
	} else {
		sum = csum_add_words(udp, in.l4, end, sum);
		sum += (__u64)l4sum;
	}
	udp->check = csum_finish(sum) ?: 0xffff;
	return 0;
}

#endif /* XMIP_BPF_TC_UDP6_H */
