/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Header parsing shared by the XDP and TC programs: Ethernet, IPv4, IPv6 with
 * its extension headers, UDP. The result is a struct pkt with the addresses and
 * the upper-layer protocol, and the cursor left on the upper-layer header.
 *
 * The Mobility Header (135) is an upper-layer protocol here, never an
 * extension header to skip: BUs must reach the agent untouched.
 */
#ifndef XMIP_BPF_PARSE_H
#define XMIP_BPF_PARSE_H

#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include "cursor.h"
#include "xmip_abi.h"
#include "xmip_proto.h"

/* IPv6 extension headers the parser walks through before the upper layer. */
#define IPV6_EXT_HOPOPTS 0
#define IPV6_EXT_ROUTING 43
#define IPV6_EXT_FRAGMENT 44
#define IPV6_EXT_DSTOPTS 60
#define IPV6_MAX_EXT_HEADERS 6

enum parse_result {
	PARSE_OK = 0,
	PARSE_NOT_IP,     /* not IPv4/IPv6: none of our business */
	PARSE_MALFORMED,  /* claims to be IP but headers are cut or wrong */
};

struct pkt {
	__u16 family;          /* ETH_P_IP or ETH_P_IPV6, host order */
	__u8 l4proto;          /* upper-layer protocol after extension headers */
	__u8 is_fragment;      /* non-first fragment, or IPv6 fragment header */
	union xmip_addr saddr;
	union xmip_addr daddr;
	void *l3;              /* start of the IP header */
	void *l4;              /* start of the upper-layer header */
};

static __always_inline int parse_ipv4(struct cursor *c, struct pkt *p)
{
	struct iphdr *ip = cursor_pull_type(c, struct iphdr);

	if (!ip || ip->version != 4 || ip->ihl < 5)
		return PARSE_MALFORMED;
	/* Options: skip them, the cursor checks they are inside the packet. */
	if (ip->ihl > 5 && !cursor_pull(c, (ip->ihl - 5) * 4))
		return PARSE_MALFORMED;
	p->family = ETH_P_IP;
	p->l3 = ip;
	p->l4 = c->pos;
	p->l4proto = ip->protocol;
	p->saddr.v4 = ip->saddr;
	p->daddr.v4 = ip->daddr;
	p->is_fragment = (ip->frag_off & bpf_htons(0x3fff)) != 0;
	return PARSE_OK;
}

static __always_inline int parse_ipv6(struct cursor *c, struct pkt *p)
{
	struct ipv6hdr *ip6 = cursor_pull_type(c, struct ipv6hdr);
	__u8 next;
	int i;

	if (!ip6 || ip6->version != 6)
		return PARSE_MALFORMED;
	p->family = ETH_P_IPV6;
	p->l3 = ip6;
	__builtin_memcpy(p->saddr.bytes, &ip6->saddr, 16);
	__builtin_memcpy(p->daddr.bytes, &ip6->daddr, 16);
	next = ip6->nexthdr;

#pragma unroll
	for (i = 0; i < IPV6_MAX_EXT_HEADERS; i++) {
		struct { __u8 next; __u8 len; } *ext;

		if (next != IPV6_EXT_HOPOPTS && next != IPV6_EXT_ROUTING &&
		    next != IPV6_EXT_DSTOPTS && next != IPV6_EXT_FRAGMENT)
			break;
		ext = cursor_pull(c, 8);
		if (!ext)
			return PARSE_MALFORMED;
		if (next == IPV6_EXT_FRAGMENT) {
			p->is_fragment = 1;
		} else if (ext->len && !cursor_pull(c, ext->len * 8)) {
			return PARSE_MALFORMED;
		}
		next = ext->next;
	}
	p->l4proto = next;
	p->l4 = c->pos;
	return PARSE_OK;
}

/* Parses from the Ethernet header. */
static __always_inline int parse_eth_ip(struct cursor *c, struct pkt *p)
{
	struct ethhdr *eth = cursor_pull_type(c, struct ethhdr);

	if (!eth)
		return PARSE_MALFORMED;
	if (eth->h_proto == bpf_htons(ETH_P_IP))
		return parse_ipv4(c, p);
	if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		return parse_ipv6(c, p);
	return PARSE_NOT_IP;
}

/* Parses from the IP header, for devices without a link layer (TUN). */
static __always_inline int parse_raw_ip(struct cursor *c, struct pkt *p)
{
	__u8 *first = c->pos;

	if ((void *)(first + 1) > c->end)
		return PARSE_MALFORMED;
	if ((*first >> 4) == 4)
		return parse_ipv4(c, p);
	if ((*first >> 4) == 6)
		return parse_ipv6(c, p);
	return PARSE_NOT_IP;
}

#endif /* XMIP_BPF_PARSE_H */
