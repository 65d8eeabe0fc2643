/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The home agent answers neighbour discovery and ARP on the home link for
 * the home addresses of registered mobile nodes (RFC 6275 10.4.1; for IPv4
 * as RFC 5944 4.6 does it), here in the home link's XDP program from the
 * binding maps, not through kernel proxy entries. Those cost the home agent
 * more with every node bound: an IPv6 one joins the address's
 * solicited-node group, and the kernel walks the list of groups on every
 * join and every multicast it sends; IPv4 ones sit in a hash table of 16
 * buckets. With 10 000 bound nodes a registration cost 2 ms of CPU, with
 * 100 000 half a millisecond in memcmp alone.
 *
 * - A Neighbor Solicitation for an address with an IPv6 binding becomes, in
 *   place, the Neighbor Advertisement the home agent owes: the home link's
 *   MAC as target link-layer address, Router clear, Override set, Solicited
 *   set unless it answers duplicate address detection (then to all nodes,
 *   RFC 4861 7.2.4). Its source is the home address itself: the home agent
 *   stands in for the node, and hosts check only that it is not multicast.
 * - An ARP request for an address with an IPv4 binding becomes the reply
 *   with the home link's MAC. An announcement (sender address = target
 *   address) is left alone: that is the node itself, or a host claiming the
 *   address, and the stack sees it as before.
 * Anything else (no binding, a malformed message) goes to the stack as it
 * came.
 */
#ifndef XMIP_BPF_NEIGH_PROXY_H
#define XMIP_BPF_NEIGH_PROXY_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "lib/csum.h"
#include "anchor/maps.h"
#include "lib/stats.h"
#include "lib/xdp_ingress.h"

#define ND_NEIGHBOR_SOLICIT 135
#define ND_NEIGHBOR_ADVERT 136
#define ND_OPT_TARGET_LLADDR 2
#define ND_NA_FLAG_SOLICITED 0x40
#define ND_NA_FLAG_OVERRIDE 0x20
#define ND_HOP_LIMIT 255
/* linux/if_arp.h pulls in libc headers a BPF build lacks. */
#define ARP_HRD_ETHER 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

/* The advertisement as written here: the one option it needs. */
struct nd_advert {
	__u8 type, code;
	__be16 checksum;
	__u8 flags, reserved[3];
	struct in6_addr target;
	__u8 opt_type, opt_len;    /* target link-layer address, 8 octets */
	__u8 mac[ETH_ALEN];
};
_Static_assert(sizeof(struct nd_advert) == 32, "neighbour advertisement size");

#define PROXY_NA_FRAME_LEN (sizeof(struct ethhdr) + sizeof(struct ipv6hdr) + sizeof(struct nd_advert))

/* What the answer needs from the solicitation, read before the frame
 * changes size. */
struct nd_question {
	__u8 mac_src[ETH_ALEN];
	struct in6_addr src, target;
};

static __always_inline int addr6_unspecified(const struct in6_addr *a)
{
	return !(a->s6_addr32[0] | a->s6_addr32[1] | a->s6_addr32[2] | a->s6_addr32[3]);
}

static __always_inline int write_advert(struct xdp_md *ctx, const struct nd_question *q,
					const __u8 home_mac[ETH_ALEN])
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = (void *)(eth + 1);
	struct nd_advert *na = (void *)(ip6 + 1);
	int dad = addr6_unspecified(&q->src);

	if ((void *)(na + 1) > end)
		return -1;
	if (dad) {
		/* All nodes, ff02::1, and its multicast MAC 33:33:00:00:00:01. */
		__builtin_memset(&ip6->daddr, 0, 16);
		ip6->daddr.s6_addr[0] = 0xff;
		ip6->daddr.s6_addr[1] = 0x02;
		ip6->daddr.s6_addr[15] = 1;
		__builtin_memset(eth->h_dest, 0, ETH_ALEN);
		eth->h_dest[0] = 0x33;
		eth->h_dest[1] = 0x33;
		eth->h_dest[5] = 1;
	} else {
		__builtin_memcpy(&ip6->daddr, &q->src, 16);
		__builtin_memcpy(eth->h_dest, q->mac_src, ETH_ALEN);
	}
	__builtin_memcpy(eth->h_source, home_mac, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_IPV6);
	*(__be32 *)ip6 = bpf_htonl(0x60000000);   /* version 6, class and label 0 */
	ip6->payload_len = bpf_htons(sizeof(*na));
	ip6->nexthdr = XMIP_IPPROTO_ICMPV6;
	ip6->hop_limit = ND_HOP_LIMIT;
	__builtin_memcpy(&ip6->saddr, &q->target, 16);
	na->type = ND_NEIGHBOR_ADVERT;
	na->code = 0;
	na->checksum = 0;
	na->flags = ND_NA_FLAG_OVERRIDE | (dad ? 0 : ND_NA_FLAG_SOLICITED);
	__builtin_memset(na->reserved, 0, sizeof(na->reserved));
	__builtin_memcpy(&na->target, &q->target, 16);
	na->opt_type = ND_OPT_TARGET_LLADDR;
	na->opt_len = 1;
	__builtin_memcpy(na->mac, home_mac, ETH_ALEN);
	na->checksum = csum_finish(csum_add_bytes(na, end,
				   csum_ipv6_pseudo(&ip6->saddr, sizeof(*na), XMIP_IPPROTO_ICMPV6)));
	return 0;
}

/* An ARP message for IPv4 over Ethernet. */
struct arp_eth4 {
	__be16 hrd, pro;
	__u8 hln, pln;
	__be16 op;
	__u8 sha[ETH_ALEN], spa[4], tha[ETH_ALEN], tpa[4];
} __attribute__((packed));

/* The frame holds an ARP request (Ethernet, IPv4) for a bound address:
 * answers it in place. Returns the verdict. */
static __always_inline int arp_answer(struct ethhdr *eth, struct arp_eth4 *arp,
				      const __u8 home_mac[ETH_ALEN])
{
	__u8 addr[4];

	__builtin_memcpy(addr, arp->tpa, 4);
	__builtin_memcpy(arp->tpa, arp->spa, 4);
	__builtin_memcpy(arp->tha, arp->sha, ETH_ALEN);
	__builtin_memcpy(arp->spa, addr, 4);
	__builtin_memcpy(arp->sha, home_mac, ETH_ALEN);
	arp->op = bpf_htons(ARP_OP_REPLY);
	__builtin_memcpy(eth->h_dest, arp->tha, ETH_ALEN);
	__builtin_memcpy(eth->h_source, home_mac, ETH_ALEN);
	stat_inc(XMIP_STAT_PROXY_ARP);
	return XDP_TX;
}

static __always_inline int arp_request_for_bound(struct xdp_md *ctx, struct ethhdr *eth,
						 const struct xmip_dp_config *cfg)
{
	struct arp_eth4 *arp = (void *)(eth + 1);
	__be32 target;

	if ((void *)(arp + 1) > (void *)(long)ctx->data_end)
		return xdp_to_stack();
	if (arp->hrd != bpf_htons(ARP_HRD_ETHER) || arp->pro != bpf_htons(ETH_P_IP) ||
	    arp->hln != ETH_ALEN || arp->pln != 4 || arp->op != bpf_htons(ARP_OP_REQUEST))
		return xdp_to_stack();
	__builtin_memcpy(&target, arp->tpa, 4);
	if (!__builtin_memcmp(arp->spa, arp->tpa, 4) || !bpf_map_lookup_elem(&xmip_bind4, &target))
		return xdp_to_stack();
	return arp_answer(eth, arp, cfg->home_mac);
}

/*
 * Runs first in the home agent's XDP program, on its own cheap parse (only
 * the forms these messages take: Ethernet, then ARP, or IPv6 and ICMPv6). A
 * global function: the verifier checks it once on its own and the caller
 * sees only its verdict, so the rest of the program is walked as often as
 * before (inlined, its exits multiplied the states past the verifier's
 * limit). Returns -1 when the frame is neither a neighbour solicitation nor
 * an ARP request arriving on the home link; for one, XDP_TX with the answer
 * in the frame, or XDP_PASS (not one we answer: the stack's, as before).
 */
__noinline int neigh_proxy_answer(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = (void *)(eth + 1);
	__u8 *icmp = (void *)(ip6 + 1);
	struct xmip_dp_config *cfg;
	struct nd_question q;
	int is_arp;

	if ((void *)(eth + 1) > end)
		return -1;
	is_arp = eth->h_proto == bpf_htons(ETH_P_ARP);
	if (!is_arp && ((void *)(icmp + 24) > end || eth->h_proto != bpf_htons(ETH_P_IPV6) ||
			ip6->nexthdr != XMIP_IPPROTO_ICMPV6 || icmp[0] != ND_NEIGHBOR_SOLICIT))
		return -1;
	cfg = dp_config();
	if (!cfg || ctx->ingress_ifindex != cfg->home_ifindex)
		return -1;
	if (is_arp)
		return arp_request_for_bound(ctx, eth, cfg);
	/* RFC 4861 7.1.1: hop limit 255, code 0, at least the 24 bytes up to
	 * the target (checked above). */
	__builtin_memcpy(&q.target, icmp + 8, 16);
	if (icmp[1] != 0 || ip6->hop_limit != ND_HOP_LIMIT ||
	    !bpf_map_lookup_elem(&xmip_bind6, &q.target))
		return xdp_to_stack();
	__builtin_memcpy(&q.src, &ip6->saddr, 16);
	__builtin_memcpy(q.mac_src, eth->h_source, ETH_ALEN);
	if (bpf_xdp_adjust_tail(ctx, (int)PROXY_NA_FRAME_LEN - (int)(end - data)))
		return xdp_to_stack();   /* no room to grow: as it came */
	if (write_advert(ctx, &q, cfg->home_mac))
		return XDP_ABORTED;      /* cannot happen: the frame is that size */
	stat_inc(XMIP_STAT_PROXY_NA);
	return XDP_TX;
}

#endif /* XMIP_BPF_NEIGH_PROXY_H */
