// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Mobile node, TC egress on the tunnel interface that holds the home
 * addresses (seed 004): every packet sent from a home address leaves here.
 * It is encapsulated toward the home agent with the current care-of address
 * and format (one map entry, replaced atomically on a move) and redirected
 * out of the access link that holds the care-of address (the entry's
 * ifindex, set by the agent), the next hop resolved by bpf_redirect_neigh.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lib/parse.h"
#include "lib/stats.h"
#include "lib/encap.h"

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

static __always_inline __u64 encap_flags(__u8 format)
{
	/* Tunnel GSO types, so the kernel segments a large packet later with
	 * the outer headers repeated on every segment. */
	__u64 flags = BPF_F_ADJ_ROOM_FIXED_GSO |
		      (outer_is_v6(format) ? BPF_F_ADJ_ROOM_ENCAP_L3_IPV6 : BPF_F_ADJ_ROOM_ENCAP_L3_IPV4);

	if (outer_has_udp(format))
		flags |= BPF_F_ADJ_ROOM_ENCAP_L4_UDP;
	return flags;
}

SEC("tc")
int xmip_mn_tc(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct xmip_tunnel *t = bpf_map_lookup_elem(&xmip_mn_tunnel, &zero);
	union outer_hdr hdr = {};
	struct inner_info in = {};
	struct cursor c;
	struct pkt p = {};
	__be16 proto;
	int overhead;

	cursor_init(&c, (void *)(long)skb->data, (void *)(long)skb->data_end);
	if (parse_eth_ip(&c, &p) != PARSE_OK)
		return TC_ACT_OK;   /* not IP (nothing else leaves a NOARP tunnel) */
	if (!t || t->format == XMIP_TUN_NONE || !t->ifindex) {
		stat_inc(XMIP_STAT_DROP_NO_TUNNEL);
		return TC_ACT_SHOT;
	}
	/* UDP over IPv6 needs a checksum over an inner packet whose own
	 * checksum may still be left to offload here: not supported on the
	 * mobile node yet. */
	if (t->format == XMIP_TUN_UDP6) {
		stat_inc(XMIP_STAT_DROP_UNSUPPORTED);
		return TC_ACT_SHOT;
	}
	in.len = (__u16)(skb->len - ETH_HLEN);
	in.proto = p.family == ETH_P_IPV6 ? XMIP_IPPROTO_IPV6 : XMIP_IPPROTO_IPIP;
	in.tos = p.family == ETH_P_IPV6 ?
		 (((struct ipv6hdr *)p.l3)->priority << 4) | (((struct ipv6hdr *)p.l3)->flow_lbl[0] >> 4) :
		 ((struct iphdr *)p.l3)->tos;
	in.df = p.family == ETH_P_IPV6 || (((struct iphdr *)p.l3)->frag_off & bpf_htons(0x4000));

	overhead = tunnel_overhead(t->format);
	if (bpf_skb_adjust_room(skb, overhead, BPF_ADJ_ROOM_MAC, encap_flags(t->format))) {
		stat_inc(XMIP_STAT_DROP_NO_ROOM);
		return TC_ACT_SHOT;
	}
	if (write_outer(&hdr, (void *)&hdr + sizeof(hdr), t, &in))
		return TC_ACT_SHOT;
	proto = bpf_htons(outer_is_v6(t->format) ? ETH_P_IPV6 : ETH_P_IP);
	if (bpf_skb_store_bytes(skb, ETH_HLEN, &hdr, overhead, 0) ||
	    bpf_skb_store_bytes(skb, offsetof(struct ethhdr, h_proto), &proto, sizeof(proto), 0))
		return TC_ACT_SHOT;
	stat_inc(XMIP_STAT_ENCAP_XMIT);
	return bpf_redirect_neigh(t->ifindex, NULL, 0, 0);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
