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

static inline void pkt_payload(struct pktbuf *p, size_t len)
{
	uint8_t *b = pkt_put(p, len);
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)i;
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

#endif
