// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Access kind (a proxy mobility MAG), XDP on its access links and uplinks.
 *
 * From an attached host (its address, its link-layer address, its link:
 * xmip_acc_host), IPv4 is encapsulated toward its anchor (its xmip_bind4
 * entry) and sent on; a host sending from an address or link not its own
 * is dropped. ARP requests of attached hosts for their default router or
 * anyone of their home network, and echo requests to the default router,
 * are answered here with the router's link-layer address, the same at every
 * MAG (seed 003 sections 5.3 and 5.4): a host that moves keeps its ARP
 * cache and never notices. From the anchor (IPv4 in IPv6 to our address,
 * from the host's bound anchor only), the inner packet is delivered to the
 * host's link-layer address on its link. Everything else (DHCP, signalling,
 * the MAG's own traffic) goes to the stack.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/xdp_encap.h"
#include "lib/decap.h"
#include "access/maps.h"

#define ARP_REQUEST 1
#define ARP_REPLY 2
#define ICMP_ECHO 8
#define ICMP_ECHO_REPLY 0

/* An Ethernet ARP packet for IPv4 (RFC 826), as it is on the wire: its
 * addresses are not 4-byte aligned, so they are bytes here. */
struct arp_eth4 {
	__be16 htype, ptype;
	__u8 hlen, plen;
	__be16 op;
	__u8 sha[ETH_ALEN];
	__u8 spa[4];
	__u8 tha[ETH_ALEN];
	__u8 tpa[4];
};

struct icmp_echo {
	__u8 type, code;
	__sum16 checksum;
	__be16 id, seq;
};

static __always_inline int in_home_network(const struct xmip_dp_config *cfg, __be32 a)
{
	__u32 len = cfg->home_prefix4_len;
	__be32 mask = len ? bpf_htonl(~0u << (32 - (len > 32 ? 32 : len))) : 0;

	return len && (a & mask) == cfg->home_prefix4;
}

static __always_inline int mac_equal(const __u8 *a, const __u8 *b)
{
	return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]) | (a[4] ^ b[4]) | (a[5] ^ b[5])) == 0;
}

/* Whether attached host h (the entry of some address) is on this link at
 * this link-layer address. */
static __always_inline int host_here(const struct xdp_md *ctx, const struct xmip_access_host *h, const __u8 *mac)
{
	return h->ifindex == ctx->ingress_ifindex && mac_equal(h->mac, mac);
}

/* The attached host that may send from addr on this link with this
 * link-layer address, or NULL. */
static __always_inline struct xmip_access_host *host_of(struct xdp_md *ctx, __be32 addr, const __u8 *mac)
{
	struct xmip_access_host *h = bpf_map_lookup_elem(&xmip_acc_host, &addr);

	return h && host_here(ctx, h, mac) ? h : NULL;
}

/*
 * An attached host asks who has its default router, or another address of
 * its home network: the router's link-layer address, from here. Not for a
 * probe (sender 0.0.0.0, RFC 5227: a DHCP client checking an address) nor
 * an announcement (sender = target), and not for anyone but an attached
 * host on its link, from its own link-layer address (the frame's and the
 * request's alike): the uplink's neighbours are none of ours.
 */
static __always_inline int arp_answer(struct xdp_md *ctx, const struct xmip_dp_config *cfg)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct arp_eth4 *arp = (void *)(eth + 1);
	__be32 asked, sender;

	if ((void *)(arp + 1) > end)
		return xdp_to_stack();
	__builtin_memcpy(&asked, arp->tpa, 4);
	__builtin_memcpy(&sender, arp->spa, 4);
	if (arp->htype != bpf_htons(1) || arp->ptype != bpf_htons(ETH_P_IP) || arp->hlen != ETH_ALEN ||
	    arp->plen != 4 || arp->op != bpf_htons(ARP_REQUEST) || !sender || sender == asked ||
	    !mac_equal(eth->h_source, arp->sha) || !in_home_network(cfg, asked) || !host_of(ctx, sender, arp->sha))
		return xdp_to_stack();
	arp->op = bpf_htons(ARP_REPLY);
	__builtin_memcpy(arp->tha, arp->sha, ETH_ALEN);
	__builtin_memcpy(arp->tpa, &sender, 4);
	__builtin_memcpy(arp->sha, cfg->router_mac, ETH_ALEN);
	__builtin_memcpy(arp->spa, &asked, 4);
	__builtin_memcpy(eth->h_dest, arp->tha, ETH_ALEN);
	__builtin_memcpy(eth->h_source, cfg->router_mac, ETH_ALEN);
	stat_inc(XMIP_STAT_ARP_REPLY);
	return XDP_TX;
}

/* An echo request from an attached host to its default router, answered
 * in place (seed 003 5.4: the host checks its router is there). */
static __always_inline int echo_answer(struct xdp_md *ctx, const struct xmip_dp_config *cfg, struct pkt *p,
				       const struct xmip_access_host *h)
{
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	struct iphdr *ip = p->l3;
	struct icmp_echo *icmp = p->l4;

	if ((void *)(eth + 1) > end || (void *)(icmp + 1) > end || icmp->type != ICMP_ECHO || icmp->code)
		return xdp_to_stack();
	icmp->type = ICMP_ECHO_REPLY;
	/* RFC 1624: the type's word went from 8 << 8 to 0. */
	icmp->checksum = csum_fold((__u16)~icmp->checksum + (__u16)~bpf_htons(ICMP_ECHO << 8));
	ip->daddr = ip->saddr;
	ip->saddr = cfg->router4;
	ip->ttl = ICMP_TTL;
	ipv4_set_csum(ip);
	__builtin_memcpy(eth->h_dest, h->mac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, cfg->router_mac, ETH_ALEN);
	stat_inc(XMIP_STAT_ICMP_ECHO_REPLY);
	return XDP_TX;
}

/* IPv4 from a host: answered, or sent on toward its anchor. */
static __always_inline int from_host(struct xdp_md *ctx, const struct xmip_dp_config *cfg, struct pkt *p,
				     const struct xmip_access_host *h)
{
	struct xmip_tunnel *t;

	if (p->daddr.v4 == cfg->router4) {
		if (p->l4proto == XMIP_IPPROTO_ICMP && !p->is_fragment)
			return echo_answer(ctx, cfg, p, h);
		return xdp_to_stack();
	}
	t = bpf_map_lookup_elem(&xmip_bind4, &p->saddr.v4);
	if (!t || t->format == XMIP_TUN_NONE) {
		stat_inc(XMIP_STAT_DROP_NO_TUNNEL);   /* being attached or detached */
		return XDP_DROP;
	}
	stat_inc(XMIP_STAT_BINDING_HIT);
	return xdp_encap_and_send(ctx, p, t, XMIP_STAT_ACCESS_ENCAP_XMIT);
}

/*
 * A tunnel packet to us: IPv4 for an attached host, from the anchor its
 * binding names, delivered to the host on its link, a router's hop taken
 * off its TTL. Anything else tunnelled to us is dropped.
 */
static __always_inline int to_host(struct xdp_md *ctx, const struct xmip_dp_config *cfg, const struct pkt *outer,
				   struct tunnel_rx *rx)
{
	struct xmip_access_host *h;
	struct xmip_tunnel *t;
	struct ethhdr *eth;
	__be32 dst = rx->inner.daddr.v4;

	if (!addr6_equal(&rx->outer_dst, &cfg->ha_addr6) || outer->family != ETH_P_IPV6)
		return xdp_to_stack();   /* a tunnel, but not to us */
	h = rx->inner_v6 ? NULL : bpf_map_lookup_elem(&xmip_acc_host, &dst);
	t = rx->inner_v6 ? NULL : bpf_map_lookup_elem(&xmip_bind4, &dst);
	if (!h || !t) {
		stat_inc(XMIP_STAT_DROP_NO_TUNNEL);
		return XDP_DROP;
	}
	if (!tunnel_matches(t, rx)) {
		stat_inc(XMIP_STAT_DROP_SPOOF_OUTER);
		return XDP_DROP;
	}
	if (rx->inner.is_fragment || ((struct iphdr *)rx->inner.l3)->ttl <= 1)
		return to_stack_because(rx->inner.is_fragment ? XMIP_STAT_STACK_FRAGMENT : XMIP_STAT_STACK_TTL);
	if (decap_ecn(rx, outer)) {
		stat_inc(XMIP_STAT_DROP_ECN);
		return XDP_DROP;
	}
	ipv4_decrement_ttl(rx->inner.l3);
	if (xdp_decap(ctx, rx->strip, 0))
		return XDP_ABORTED;
	eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
		return XDP_ABORTED;
	__builtin_memcpy(eth->h_dest, h->mac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, cfg->router_mac, ETH_ALEN);
	stat_inc(XMIP_STAT_DECAP);
	stat_inc(XMIP_STAT_ACCESS_DELIVER);
	if (h->ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	return bpf_redirect(h->ifindex, 0);
}

SEC("xdp")
int xmip_mag_xdp(struct xdp_md *ctx)
{
	struct xmip_dp_config *cfg = dp_config();
	struct ethhdr *eth = (void *)(long)ctx->data;
	struct xmip_access_host *h;
	struct tunnel_rx rx = {};
	struct cursor c;
	struct pkt p = {};
	int verdict;

	if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
		return XDP_PASS;
	if (!cfg || !(cfg->flags & XMIP_DPF_ENABLED))
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_ARP))
		return arp_answer(ctx, cfg);
	verdict = xdp_ingress_start(ctx, &c, &p);
	if (verdict == XDP_INGRESS_SIGNAL)
		return xdp_to_stack();   /* the LMA's PBAs and BRIs, to the agent */
	if (verdict != XDP_INGRESS_CONTINUE)
		return verdict;
	if (p.family == ETH_P_IP) {
		eth = (void *)(long)ctx->data;
		if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
			return XDP_ABORTED;
		h = bpf_map_lookup_elem(&xmip_acc_host, &p.saddr.v4);
		if (h && host_here(ctx, h, eth->h_source))
			return from_host(ctx, cfg, &p, h);
		if (h) {
			stat_inc(XMIP_STAT_DROP_HOST_SPOOF);   /* its address, not its link */
			return XDP_DROP;
		}
		if (!p.saddr.v4 || in_home_network(cfg, p.saddr.v4))
			return to_stack_because(XMIP_STAT_ACCESS_UNKNOWN_HOST);
		return xdp_to_stack();
	}
	verdict = tunnel_parse(&c, &p, &rx, AT_MOBILE_NODE);
	if (verdict < 0) {
		stat_inc(XMIP_STAT_DROP_MALFORMED);
		return XDP_DROP;
	}
	if (verdict > 0)
		return to_host(ctx, cfg, &p, &rx);
	return xdp_to_stack();
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
