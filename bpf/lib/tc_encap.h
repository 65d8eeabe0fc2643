/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Encapsulation of a socket buffer at TC egress, for the packets the kernel
 * routes into a tunnel interface: the mobile node's own traffic, and on the
 * home agent what its XDP fast path could not finish or the host sends
 * itself. The same outer headers as XDP writes (encap.h); the inner TTL is
 * left alone (the stack already took one off what it forwarded), and GSO
 * packets keep their size: the kernel segments them later and repeats the
 * outer headers on every segment.
 */
#ifndef XMIP_BPF_TC_ENCAP_H
#define XMIP_BPF_TC_ENCAP_H

#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "encap.h"
#include "stats.h"
#include "tc_udp6.h"
#include "fib.h"

/* Outer headers, built on the stack and stored in one call. */
union outer_hdr {
	struct {
		struct ipv6hdr ip6;
		struct udphdr udp;
	} v6;
	struct {
		struct iphdr ip;
		struct udphdr udp;
	} v4;
};

static __always_inline __u64 tc_encap_flags(__u8 format)
{
	/* Tunnel GSO types, so the kernel segments a large packet later with
	 * the outer headers repeated on every segment. */
	__u64 flags = BPF_F_ADJ_ROOM_FIXED_GSO |
		      (outer_is_v6(format) ? BPF_F_ADJ_ROOM_ENCAP_L3_IPV6 : BPF_F_ADJ_ROOM_ENCAP_L3_IPV4);

	if (outer_has_udp(format))
		flags |= BPF_F_ADJ_ROOM_ENCAP_L4_UDP;
	return flags;
}

/* What the outer headers copy from the inner packet (p parsed from skb). */
static __always_inline void tc_inner_info(const struct __sk_buff *skb, const struct pkt *p,
					  struct inner_info *in)
{
	in->len = (__u16)(skb->len - ETH_HLEN);
	if (p->family == ETH_P_IPV6) {
		const struct ipv6hdr *ip6 = p->l3;

		in->proto = XMIP_IPPROTO_IPV6;
		in->tos = (ip6->priority << 4) | (ip6->flow_lbl[0] >> 4);
		in->df = 1;
	} else {
		const struct iphdr *ip = p->l3;

		in->proto = XMIP_IPPROTO_IPIP;
		in->tos = ip->tos;
		in->df = (ip->frag_off & bpf_htons(0x4000)) != 0;
	}
}

/*
 * Puts t's outer headers in front of the IP packet in skb (parsed into p,
 * whose pointers are stale afterwards), with the UDP checksum over IPv6.
 * Returns 0, or the drop counter.
 */
static __always_inline int tc_encapsulate(struct __sk_buff *skb, const struct pkt *p,
					  const struct xmip_tunnel *t)
{
	union outer_hdr hdr = {};
	struct inner_info in = {};
	int overhead = xmip_tunnel_overhead(t->format);
	__be16 proto = bpf_htons(outer_is_v6(t->format) ? ETH_P_IPV6 : ETH_P_IP);

	tc_inner_info(skb, p, &in);
	if (bpf_skb_adjust_room(skb, overhead, BPF_ADJ_ROOM_MAC, tc_encap_flags(t->format)))
		return XMIP_STAT_DROP_NO_ROOM;
	if (write_outer(&hdr, (void *)&hdr + sizeof(hdr), t, &in))
		return XMIP_STAT_DROP_MALFORMED;
	if (bpf_skb_store_bytes(skb, ETH_HLEN, &hdr, overhead, 0) ||
	    bpf_skb_store_bytes(skb, offsetof(struct ethhdr, h_proto), &proto, sizeof(proto), 0))
		return XMIP_STAT_DROP_NO_ROOM;
	if (t->format == XMIP_TUN_UDP6)
		return tc_udp6_set_csum(skb);
	return 0;
}

static __always_inline int tc_drop(enum xmip_stat why)
{
	stat_inc(why);
	return TC_ACT_SHOT;
}

/* Multicast the stack sends on a tunnel interface (its own chatter): no
 * tunnel takes it anywhere. */
static __always_inline int tc_is_multicast(const struct pkt *p)
{
	if (p->family == ETH_P_IPV6)
		return p->daddr.bytes[0] == 0xff;
	return (p->daddr.bytes[0] & 0xf0) == 0xe0;
}

/*
 * Sends the encapsulated packet toward t's far end (a care-of address, an
 * anchor): the FIB (as if forwarded from the tunnel interface) names the
 * interface, and bpf_redirect_neigh resolves the next hop when no neighbour
 * entry exists. It gets no next hop from us on purpose: without one it
 * routes the outer packet itself and gives the skb that route, while with
 * one the skb keeps the route into the tunnel interface, and a packet
 * queued for resolution would later leave with that interface's addresses.
 */
static __always_inline int tc_send_to_far_end(struct __sk_buff *skb, const struct xmip_tunnel *t)
{
	struct bpf_fib_lookup fib;
	int rc;

	/* tot_len 0: the kernel checks the skb itself against the MTU,
	 * knowing about GSO. */
	rc = fib_lookup_outer(skb, skb->ifindex, t, 0, &fib);
	if (rc == BPF_FIB_LKUP_RET_FRAG_NEEDED)
		return tc_drop(XMIP_STAT_DROP_TOO_BIG);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS && rc != BPF_FIB_LKUP_RET_NO_NEIGH)
		return tc_drop(XMIP_STAT_DROP_NO_ROUTE);
	stat_inc(XMIP_STAT_TC_ENCAP_XMIT);
	return bpf_redirect_neigh(fib.ifindex, NULL, 0, 0);
}

#endif /* XMIP_BPF_TC_ENCAP_H */
