/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The two IPv6 headers of Mobile IPv6 signalling that the stock kernel only
 * handles with its mip6 module and XFRM states (absent or unconfigured on
 * the systems we run on), done here instead, at the same place in the path:
 *
 * - A BU sent from a care-of address carries the home address in a
 *   destination option (RFC 6275 6.3). The home agent's XDP swaps it into
 *   the source and removes the option (RFC 6275 9.3.1); the mobile node's TC
 *   inserts it and puts the care-of address in the source.
 * - A BA sent to a care-of address carries the home address in a type 2
 *   routing header (RFC 6275 6.4). The home agent's TC inserts it and puts
 *   the care-of address in the destination; the mobile node's XDP swaps the
 *   home address back and removes the header.
 *
 * The Mobility Header checksum covers the home address in both cases (RFC
 * 6275 6.1.1), so neither direction touches it; ESP (transport mode keyed on
 * the home address) sees the packet as the kernel's mip6 would show it.
 * Both headers are written in their one 24-byte form: the home address
 * option after a 4-byte PadN (its 8n+6 alignment), the routing header with
 * one address.
 */
#ifndef XMIP_BPF_MIP6_HDR_H
#define XMIP_BPF_MIP6_HDR_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "parse.h"

#define MIP6_OPT_HOME_ADDRESS 201
#define MIP6_OPT_PADN 1
#define MIP6_RH_TYPE2 2
#define MIP6_HDR_LEN 24          /* both headers, as written here */

struct mip6_hao_dstopt {
	__u8 nexthdr;
	__u8 hdrlen;                 /* 8-octet units after the first 8: 2 */
	__u8 pad[4];                 /* PadN(2), or four Pad1 */
	__u8 opt_type;               /* 201 */
	__u8 opt_len;                /* 16 */
	struct in6_addr home;
};
_Static_assert(sizeof(struct mip6_hao_dstopt) == MIP6_HDR_LEN, "HAO header size");

struct mip6_rh2 {
	__u8 nexthdr;
	__u8 hdrlen;                 /* 2 */
	__u8 type;                   /* 2 */
	__u8 segments_left;          /* 1 */
	__u32 reserved;
	struct in6_addr home;
};
_Static_assert(sizeof(struct mip6_rh2) == MIP6_HDR_LEN, "RH2 size");

/* What the signalling path carries between a home address and the home
 * agent: the Mobility Header, in clear or under ESP transport mode (RFC 5555
 * 5: keyed on the home address, so it takes the same way). */
static __always_inline int is_signalling_proto(__u8 l4proto)
{
	return l4proto == XMIP_IPPROTO_MH || l4proto == XMIP_IPPROTO_ESP;
}

/* The home address option right after the IPv6 header, in the form every
 * implementation sends; NULL when the packet has anything else there. */
static __always_inline struct mip6_hao_dstopt *hao_find(const struct pkt *p, void *end)
{
	struct ipv6hdr *ip6 = p->l3;
	struct mip6_hao_dstopt *d = (void *)(ip6 + 1);
	int padn, pad1;

	if (ip6->nexthdr != IPV6_EXT_DSTOPTS || (void *)(d + 1) > end)
		return NULL;
	padn = d->pad[0] == MIP6_OPT_PADN && d->pad[1] == 2 && !d->pad[2] && !d->pad[3];
	pad1 = !(d->pad[0] | d->pad[1] | d->pad[2] | d->pad[3]);
	if (d->hdrlen != 2 || !(padn || pad1) || d->opt_type != MIP6_OPT_HOME_ADDRESS ||
	    d->opt_len != sizeof(struct in6_addr))
		return NULL;
	return d;
}

/* The type 2 routing header right after the IPv6 header, or NULL. */
static __always_inline struct mip6_rh2 *rh2_find(const struct pkt *p, void *end)
{
	struct ipv6hdr *ip6 = p->l3;
	struct mip6_rh2 *rh = (void *)(ip6 + 1);

	if (ip6->nexthdr != IPV6_EXT_ROUTING || (void *)(rh + 1) > end)
		return NULL;
	if (rh->hdrlen != 2 || rh->type != MIP6_RH_TYPE2 || rh->segments_left != 1)
		return NULL;
	return rh;
}

/*
 * Removes the 24-byte header after the IPv6 header of the frame in ctx,
 * after the caller has put the home address where it belongs: Ethernet and
 * IPv6 headers move up over it, next header and payload length follow.
 */
static __always_inline int xdp_remove_mip6_hdr(struct xdp_md *ctx, __u8 nexthdr)
{
	struct {
		struct ethhdr eth;
		struct ipv6hdr ip6;
	} __attribute__((packed)) hdrs;
	void *data = (void *)(long)ctx->data;

	if (data + sizeof(hdrs) > (void *)(long)ctx->data_end)
		return -1;
	__builtin_memcpy(&hdrs, data, sizeof(hdrs));
	hdrs.ip6.nexthdr = nexthdr;
	hdrs.ip6.payload_len = bpf_htons(bpf_ntohs(hdrs.ip6.payload_len) - MIP6_HDR_LEN);
	if (bpf_xdp_adjust_head(ctx, MIP6_HDR_LEN))
		return -1;
	data = (void *)(long)ctx->data;
	if (data + sizeof(hdrs) > (void *)(long)ctx->data_end)
		return -1;
	__builtin_memcpy(data, &hdrs, sizeof(hdrs));
	return 0;
}

/*
 * Inserts hdr (24 bytes, its next header already set) after the IPv6 header
 * of skb and rewrites that header: next header, payload length, and the
 * address at addr_off (offsetof saddr or daddr) set to addr.
 */
static __always_inline int tc_insert_mip6_hdr(struct __sk_buff *skb, const void *hdr, __u8 nexthdr,
					      __u32 addr_off, const union xmip_addr *addr)
{
	struct ipv6hdr ip6;

	if (bpf_skb_load_bytes(skb, ETH_HLEN, &ip6, sizeof(ip6)))
		return -1;
	if (bpf_skb_adjust_room(skb, MIP6_HDR_LEN, BPF_ADJ_ROOM_NET, 0))
		return -1;
	ip6.nexthdr = nexthdr;
	ip6.payload_len = bpf_htons(bpf_ntohs(ip6.payload_len) + MIP6_HDR_LEN);
	__builtin_memcpy((__u8 *)&ip6 + addr_off, addr->bytes, 16);
	if (bpf_skb_store_bytes(skb, ETH_HLEN, &ip6, sizeof(ip6), 0) ||
	    bpf_skb_store_bytes(skb, ETH_HLEN + sizeof(ip6), hdr, MIP6_HDR_LEN, 0))
		return -1;
	return 0;
}

/* Mobile node: a BU from the home address leaves from care-of address coa
 * with the home address option (RFC 6275 11.7.1). */
static __always_inline int tc_add_home_address_option(struct __sk_buff *skb, const struct pkt *p,
						      const union xmip_addr *coa)
{
	struct mip6_hao_dstopt d = {
		.nexthdr = ((struct ipv6hdr *)p->l3)->nexthdr,
		.hdrlen = 2,
		.pad = { MIP6_OPT_PADN, 2, 0, 0 },
		.opt_type = MIP6_OPT_HOME_ADDRESS,
		.opt_len = sizeof(struct in6_addr),
	};

	__builtin_memcpy(&d.home, p->saddr.bytes, 16);
	return tc_insert_mip6_hdr(skb, &d, IPV6_EXT_DSTOPTS, offsetof(struct ipv6hdr, saddr), coa);
}

/* Home agent: a BA to the home address goes to care-of address coa with a
 * type 2 routing header (RFC 6275 6.4, 10.3.1). */
static __always_inline int tc_add_type2_routing_header(struct __sk_buff *skb, const struct pkt *p,
						       const union xmip_addr *coa)
{
	struct mip6_rh2 rh = {
		.nexthdr = ((struct ipv6hdr *)p->l3)->nexthdr,
		.hdrlen = 2,
		.type = MIP6_RH_TYPE2,
		.segments_left = 1,
	};

	__builtin_memcpy(&rh.home, p->daddr.bytes, 16);
	return tc_insert_mip6_hdr(skb, &rh, IPV6_EXT_ROUTING, offsetof(struct ipv6hdr, daddr), coa);
}

#endif /* XMIP_BPF_MIP6_HDR_H */
