/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The IPv6 header and home address option in front of a Mobility Header, as
 * a mobile node's TC program sends a BU from its care-of address (RFC 6275
 * 6.3, the one 24-byte form: PadN(2), then the option at 8n+6). For the
 * tools that speak for mobile nodes without one: bench/bu_load (many at
 * once) and selftests/tools/mhforge (an attacker).
 */
#ifndef XMIP_TOOLS_HAO_PACKET_H
#define XMIP_TOOLS_HAO_PACKET_H

#include <arpa/inet.h>
#include <string.h>
#include <linux/ipv6.h>
#include "xmip_proto.h"

#define HAO_PACKET_HEAD (40 + 24)   /* IPv6 header, destination options */

/* Writes the HAO_PACKET_HEAD bytes at pkt for an MH of mh_len bytes that
 * follows them, from src (the care-of address) to dst. */
static inline void hao_packet_head(uint8_t *pkt, const struct in6_addr *src, const struct in6_addr *dst,
				   const struct in6_addr *hoa, size_t mh_len)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)pkt;
	uint8_t *hao = pkt + sizeof(*ip6);

	memset(pkt, 0, HAO_PACKET_HEAD);
	ip6->version = 6;
	ip6->hop_limit = 64;
	ip6->nexthdr = IPPROTO_DSTOPTS;
	ip6->payload_len = htons((uint16_t)(24 + mh_len));
	ip6->saddr = *src;
	ip6->daddr = *dst;
	hao[0] = XMIP_IPPROTO_MH;
	hao[1] = 2;          /* 8 + 2 * 8 bytes */
	hao[2] = 1;          /* PadN */
	hao[3] = 2;
	hao[6] = 201;        /* home address */
	hao[7] = 16;
	memcpy(hao + 8, hoa, 16);
}

#endif
