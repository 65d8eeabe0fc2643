/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Builds test packets header by header into a buffer, with correct lengths
 * and IPv4 checksums, for BPF_PROG_TEST_RUN. Addresses are given as text.
 */
#ifndef XMIP_PKTGEN_H
#define XMIP_PKTGEN_H

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>

struct pktbuf {
	uint8_t data[1600];
	size_t len;
	size_t l3;          /* offset of the outermost IP header */
};

static inline void *pkt_put(struct pktbuf *p, size_t len)
{
	void *at = p->data + p->len;

	memset(at, 0, len);
	p->len += len;
	return at;
}

static inline void pkt_eth(struct pktbuf *p, uint16_t proto)
{
	struct ethhdr *eth = pkt_put(p, sizeof(*eth));
	static const uint8_t dst[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const uint8_t src[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };

	memcpy(eth->h_dest, dst, ETH_ALEN);
	memcpy(eth->h_source, src, ETH_ALEN);
	eth->h_proto = htons(proto);
}

/* Ethernet with given addresses. */
static inline void pkt_eth_addr(struct pktbuf *p, const uint8_t dst[ETH_ALEN],
				const uint8_t src[ETH_ALEN], uint16_t proto)
{
	struct ethhdr *eth = pkt_put(p, sizeof(*eth));

	memcpy(eth->h_dest, dst, ETH_ALEN);
	memcpy(eth->h_source, src, ETH_ALEN);
	eth->h_proto = htons(proto);
}

/* DSCP+ECN byte of an IPv6 header. */
static inline void ipv6_set_tclass(struct ipv6hdr *ip6, uint8_t tos)
{
	ip6->priority = tos >> 4;
	ip6->flow_lbl[0] = (uint8_t)((tos << 4) | (ip6->flow_lbl[0] & 0x0f));
}

static inline struct ipv6hdr *pkt_ipv6(struct pktbuf *p, const char *src, const char *dst,
				       uint8_t nexthdr)
{
	struct ipv6hdr *ip6;

	p->l3 = p->len;
	ip6 = pkt_put(p, sizeof(*ip6));
	ip6->version = 6;
	ip6->nexthdr = nexthdr;
	ip6->hop_limit = 64;
	inet_pton(AF_INET6, src, &ip6->saddr);
	inet_pton(AF_INET6, dst, &ip6->daddr);
	return ip6;
}

static inline struct iphdr *pkt_ipv4(struct pktbuf *p, const char *src, const char *dst,
				     uint8_t proto)
{
	struct iphdr *ip;

	p->l3 = p->len;
	ip = pkt_put(p, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = proto;
	ip->frag_off = htons(0x4000);   /* DF */
	inet_pton(AF_INET, src, &ip->saddr);
	inet_pton(AF_INET, dst, &ip->daddr);
	return ip;
}

/* An IPv6 or IPv4 header, by family (AF_INET6, AF_INET). */
static inline void pkt_ip46(struct pktbuf *p, int family, const char *src, const char *dst,
			    uint8_t proto)
{
	if (family == AF_INET6)
		pkt_ipv6(p, src, dst, proto);
	else
		pkt_ipv4(p, src, dst, proto);
}

static inline void pkt_udp(struct pktbuf *p, uint16_t sport, uint16_t dport)
{
	struct udphdr *udp = pkt_put(p, sizeof(*udp));

	udp->source = htons(sport);
	udp->dest = htons(dport);
}

/* An IPv6 extension header of 8 bytes (Destination Options, Hop-by-Hop). */
static inline void pkt_ext8(struct pktbuf *p, uint8_t next)
{
	uint8_t *ext = pkt_put(p, 8);

	ext[0] = next;
	ext[1] = 0;
	ext[2] = 1;   /* PadN covering the rest */
	ext[3] = 4;
}

/*
 * The Mobile IPv6 headers of RFC 6275, from its figures: a Destination
 * Options header holding PadN(2) and the Home Address option (type 201,
 * length 16, at 8n+6: 6.3), or a type 2 Routing Header (6.4: Hdr Ext Len 2,
 * Segments Left 1, 4 reserved bytes, the home address).
 */
static inline void pkt_home_address_option(struct pktbuf *p, uint8_t next, const char *home)
{
	uint8_t *h = pkt_put(p, 24);

	h[0] = next;
	h[1] = 2;
	h[2] = 1;     /* PadN */
	h[3] = 2;
	h[6] = 201;
	h[7] = 16;
	inet_pton(AF_INET6, home, h + 8);
}

static inline void pkt_type2_routing_header(struct pktbuf *p, uint8_t next, const char *home)
{
	uint8_t *h = pkt_put(p, 24);

	h[0] = next;
	h[1] = 2;
	h[2] = 2;
	h[3] = 1;
	inet_pton(AF_INET6, home, h + 8);
}

/* A Mobility Header message's bytes as far as the data plane cares: Payload
 * Proto 59, a length, a type, then filler. */
static inline void pkt_mh(struct pktbuf *p, uint8_t type)
{
	uint8_t *mh = pkt_put(p, 16);
	int i;

	mh[0] = 59;
	mh[1] = 1;    /* 16 bytes */
	mh[2] = type;
	for (i = 4; i < 16; i++)
		mh[i] = (uint8_t)i;
}

static inline void pkt_payload(struct pktbuf *p, size_t len)
{
	uint8_t *b = pkt_put(p, len);
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)i;
}

/* An ESP header (SPI, sequence number) and 48 opaque bytes standing for
 * the encrypted payload, padding, trailer and ICV: nothing on the data
 * path may read or change them. */
static inline void pkt_esp(struct pktbuf *p, uint32_t spi, uint32_t seq)
{
	uint32_t *h = pkt_put(p, 8);

	h[0] = htonl(spi);
	h[1] = htonl(seq);
	pkt_payload(p, 48);
}

/* Appends bytes (e.g. a finished inner packet behind tunnel headers). */
static inline void pkt_append(struct pktbuf *p, const void *data, size_t len)
{
	memcpy(pkt_put(p, len), data, len);
}

/* The IP part of a packet (after Ethernet), for building tunnelled ones. */
static inline const uint8_t *pkt_ip(const struct pktbuf *p, size_t *len)
{
	*len = p->len - ETH_HLEN;
	return p->data + ETH_HLEN;
}

/* RFC 1071 sum of a byte range, folded but not inverted. */
static inline uint32_t pkt_sum(const uint8_t *b, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)(b[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* Length and checksum of a UDP header at offset off behind the outer IP
 * header at p->l3 (checksum 0 over IPv4, computed over IPv6). */
static inline void pkt_finish_udp(struct pktbuf *p, size_t off)
{
	struct udphdr *udp = (struct udphdr *)(p->data + off);
	uint16_t len = (uint16_t)(p->len - off);
	uint32_t sum;

	udp->len = htons(len);
	udp->check = 0;
	if ((p->data[p->l3] >> 4) != 6)
		return;
	sum = pkt_sum(p->data + p->l3 + 8, 32, 0);   /* source, destination */
	sum = pkt_sum((const uint8_t[]){ 0, 0, (uint8_t)(len >> 8), (uint8_t)len, 0, 0, 0, 17 }, 8, sum);
	sum = pkt_sum(p->data + off, len, sum);
	udp->check = htons((uint16_t)~sum) ?: 0xffff;
}

/* A TCP header (20 bytes, ACK); its checksum comes from pkt_finish_l4(). */
static inline void pkt_tcp(struct pktbuf *p, uint16_t sport, uint16_t dport)
{
	uint8_t *tcp = pkt_put(p, 20);
	uint16_t s = htons(sport), d = htons(dport);

	memcpy(tcp, &s, 2);
	memcpy(tcp + 2, &d, 2);
	tcp[12] = 5 << 4;      /* data offset: 5 words */
	tcp[13] = 0x10;        /* ACK */
	tcp[14] = 0xff;        /* window */
}

/* The pseudo-header sum (RFC 793 / RFC 8200 8.1) of the transport segment
 * at off, whose IP header is at p->l3 (folded, not inverted). */
static inline uint32_t pkt_pseudo_sum(const struct pktbuf *p, size_t off, uint8_t proto)
{
	const uint8_t *l3 = p->data + p->l3;
	uint32_t len = (uint32_t)(p->len - off);
	/* Length and protocol as 16-bit words: the same sum for IPv4's
	 * 12-byte and IPv6's 40-byte pseudo-header. */
	const uint8_t tail[8] = { 0, 0, (uint8_t)(len >> 8), (uint8_t)len, 0, 0, 0, proto };

	if ((l3[0] >> 4) == 6)
		return pkt_sum(tail, 8, pkt_sum(l3 + 8, 32, 0));
	return pkt_sum(tail, 8, pkt_sum(l3 + 12, 8, 0));
}

/* A correct checksum for the TCP or UDP segment at off (UDP: length too),
 * as a sending host computes it; call after pkt_finish(). */
static inline void pkt_finish_l4(struct pktbuf *p, size_t off, uint8_t proto)
{
	size_t at = off + (proto == 6 ? 16 : 6);
	uint32_t sum;

	if (proto == 17) {
		struct udphdr *udp = (struct udphdr *)(p->data + off);

		udp->len = htons((uint16_t)(p->len - off));
	}
	p->data[at] = p->data[at + 1] = 0;
	sum = pkt_sum(p->data + off, p->len - off, pkt_pseudo_sum(p, off, proto));
	sum = (uint16_t)~sum ?: (proto == 17 ? 0xffff : 0);
	p->data[at] = (uint8_t)(sum >> 8);
	p->data[at + 1] = (uint8_t)sum;
}

/* Fills in the outer IP length fields (and the IPv4 checksum). */
static inline void pkt_finish(struct pktbuf *p)
{
	uint8_t *l3 = p->data + p->l3;

	if ((l3[0] >> 4) == 6) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)l3;

		ip6->payload_len = htons((uint16_t)(p->len - p->l3 - sizeof(*ip6)));
	} else {
		struct iphdr *ip = (struct iphdr *)l3;
		uint32_t sum = 0;
		uint16_t *w = (uint16_t *)ip;
		int i;

		ip->tot_len = htons((uint16_t)(p->len - p->l3));
		ip->check = 0;
		for (i = 0; i < 10; i++)
			sum += w[i];
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		ip->check = (uint16_t)~sum;
	}
}

/*
 * Wraps the IP part of inner in tunnel headers: Ethernet (dmac, smac), an
 * outer IPv6 or IPv4 header from src to dst (TTL 64; IPv4 with DF and ID 0)
 * carrying tos, and for UDP a header sport -> dport; lengths and checksums
 * filled in (UDP over IPv6 with its full checksum).
 */
static inline void pkt_tunnel(struct pktbuf *out, const uint8_t dmac[ETH_ALEN],
			      const uint8_t smac[ETH_ALEN], const struct pktbuf *inner,
			      int outer_v6, int udp, const char *src, const char *dst,
			      uint16_t sport, uint16_t dport, uint8_t tos)
{
	uint8_t proto = (inner->data[inner->l3] >> 4) == 6 ? 41 : 4;
	uint8_t next = udp ? 17 : proto;
	const uint8_t *ip;
	size_t len, udp_off = 0;

	ip = pkt_ip(inner, &len);
	memset(out, 0, sizeof(*out));
	pkt_eth_addr(out, dmac, smac, outer_v6 ? ETH_P_IPV6 : ETH_P_IP);
	if (outer_v6)
		ipv6_set_tclass(pkt_ipv6(out, src, dst, next), tos);
	else
		pkt_ipv4(out, src, dst, next)->tos = tos;
	if (udp) {
		udp_off = out->len;
		pkt_udp(out, sport, dport);
	}
	pkt_append(out, ip, len);
	pkt_finish(out);
	if (udp)
		pkt_finish_udp(out, udp_off);
}

/* An ARP request (RFC 826) from mac, broadcast: who has target, tell sender. */
static inline void pkt_arp_request(struct pktbuf *p, const uint8_t mac[ETH_ALEN], const char *sender,
				   const char *target)
{
	uint8_t *a;

	memset(p, 0, sizeof(*p));
	pkt_eth_addr(p, (const uint8_t[]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, mac, 0x0806);
	a = pkt_put(p, 28);
	memcpy(a, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 1 }, 8);
	memcpy(a + 8, mac, 6);
	inet_pton(AF_INET, sender, a + 14);
	inet_pton(AF_INET, target, a + 24);
}

/* An ICMP echo (type 8 request, 0 reply; id 0x1234, sequence 7, 56 bytes
 * of payload) with a correct checksum. */
static inline void pkt_icmp_echo(struct pktbuf *p, const uint8_t dmac[ETH_ALEN], const uint8_t smac[ETH_ALEN],
				 const char *src, const char *dst, uint8_t type)
{
	uint8_t *icmp;
	uint32_t sum;

	memset(p, 0, sizeof(*p));
	pkt_eth_addr(p, dmac, smac, ETH_P_IP);
	pkt_ipv4(p, src, dst, 1);
	icmp = pkt_put(p, 8);
	icmp[0] = type;
	memcpy(icmp + 4, (const uint8_t[]){ 0x12, 0x34, 0, 7 }, 4);
	pkt_payload(p, 56);
	pkt_finish(p);
	sum = pkt_sum(icmp, p->len - (size_t)(icmp - p->data), 0);
	icmp[2] = (uint8_t)(~sum >> 8);
	icmp[3] = (uint8_t)~sum;
}

#endif
