// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * bu_load speaking for mobile nodes (RFC 6275, RFC 5555): node i has home
 * address HOA6 + i, IPv4 home address HOA4 + i (asked for with the IPv4
 * Home Address Request option) and care-of address COA6 + i. Its BUs
 * (flags A and H) come from its care-of address with the home address
 * option, as a mobile node's TC program puts them on the wire, through a
 * raw IPv6 socket (IPPROTO_RAW: the care-of addresses are not configured
 * here); the home agent's BAs (type 2 routing header, as its TC writes
 * them) are read off the link from an AF_PACKET socket. The kernel drops
 * them afterwards (not addressed to this host, no forwarding), so no error
 * goes back to the home agent. Signed (-a), each BU carries RFC 4285's
 * timestamp and MN-HA authenticator and the node's identifier "mn<g>@bench"
 * (g: its number, the offset included), its key the given bytes followed
 * by g as four bytes, big-endian, as selftests/lib/topo/signal.sh writes
 * the home agent's keys file.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ipv6.h>
#include "bu_load.h"
#include "hao_packet.h"
#include "mh/mh.h"
#include "xmip_proto.h"

#define HDR_LEN 24             /* the type 2 routing header, in its one form */

/* base + i, as a 128-bit number (the low 32 bits carry). */
static struct in6_addr addr6_plus(const struct in6_addr *base, uint32_t i)
{
	struct in6_addr a = *base;
	uint64_t lo = ((uint64_t)ntohl(a.s6_addr32[2]) << 32 | ntohl(a.s6_addr32[3])) + i;

	a.s6_addr32[2] = htonl((uint32_t)(lo >> 32));
	a.s6_addr32[3] = htonl((uint32_t)lo);
	return a;
}

/* Which node base + i is, or -1. */
static int64_t addr6_index(const struct in6_addr *base, const struct in6_addr *a, uint32_t n)
{
	uint64_t b = (uint64_t)ntohl(base->s6_addr32[2]) << 32 | ntohl(base->s6_addr32[3]);
	uint64_t x = (uint64_t)ntohl(a->s6_addr32[2]) << 32 | ntohl(a->s6_addr32[3]);

	if (memcmp(base, a, 8) || x < b || x - b >= n)
		return -1;
	return (int64_t)(x - b);
}

static int open_sockets(struct load *l, const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IPV6) };
	int on = 1, size = 8 << 20;

	if (l->sign && (l->key.len + 4 < MH_KEY_MIN || l->key.len + 4 > MH_KEY_MAX)) {
		fprintf(stderr, "bu_load: -a: %d to %d bytes (each node's number follows)\n", MH_KEY_MIN - 4,
			MH_KEY_MAX - 4);
		return -1;
	}
	l->hoa6 = addr6_plus(&l->hoa6, l->offset);
	l->coa6 = addr6_plus(&l->coa6, l->offset);
	l->hoa4.s_addr = htonl(ntohl(l->hoa4.s_addr) + l->offset);
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		fprintf(stderr, "bu_load: no interface %s\n", ifname);
		return -1;
	}
	/* IPPROTO_RAW: the whole IPv6 header is ours (the care-of address
	 * is not an address of this host). */
	l->tx = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
	l->rx = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_IPV6));
	if (l->tx < 0 || l->rx < 0 || bind(l->rx, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(l->rx, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on, sizeof(on)) ||
	    setsockopt(l->rx, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size))) {
		perror("bu_load: sockets");
		return -1;
	}
	return 0;
}

/* IPv6 header (care-of address -> home agent), home address option,
 * Mobility Header. */
static size_t build(const struct load *l, uint32_t i, uint16_t seq, uint8_t *buf, size_t cap)
{
	struct in6_addr hoa = addr6_plus(&l->hoa6, i), coa = addr6_plus(&l->coa6, i);
	struct mh_msg m = { .type = XMIP_MH_BU };
	uint8_t *mh = buf + HAO_PACKET_HEAD;
	struct mh_auth_key k = l->key;
	uint32_t g = l->offset + i;
	int len;

	m.bu.seq = seq;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H;
	m.bu.lifetime = BU_LIFETIME_S / 4;
	m.opt.n_ipv4_hoa = 1;
	m.opt.ipv4_hoa[0].prefix_len = 32;
	m.opt.ipv4_hoa[0].addr.s_addr = htonl(ntohl(l->hoa4.s_addr) + i);
	if (l->sign) {
		m.opt.has_mn_id = true;
		m.opt.mn_id_subtype = MH_MN_ID_NAI;
		m.opt.mn_id_len = (uint8_t)snprintf(m.opt.mn_id, sizeof(m.opt.mn_id), "mn%u@bench", g);
		m.opt.has_replay = true;
		m.opt.timestamp = mh_ntp_now(0);
		k.key[k.len++] = (uint8_t)(g >> 24);
		k.key[k.len++] = (uint8_t)(g >> 16);
		k.key[k.len++] = (uint8_t)(g >> 8);
		k.key[k.len++] = (uint8_t)g;
		mh_auth_prepare(&m, &k);
	}
	/* The checksum covers the home address (RFC 6275 6.1.1). */
	len = mh_encode(&m, &hoa, &l->anchor, mh, cap - HAO_PACKET_HEAD);
	/* No Alternate Care-of Address option: the outer source is the
	 * care-of address the authenticator names. */
	if (len >= 0 && l->sign && mh_auth_sign(mh, (size_t)len, &k, &coa, &hoa, &hoa, &l->anchor))
		len = -1;
	if (len < 0) {
		fprintf(stderr, "bu_load: cannot encode a BU\n");
		exit(1);
	}
	hao_packet_head(buf, &coa, &l->anchor, &hoa, (size_t)len);
	return HAO_PACKET_HEAD + (size_t)len;
}

/* A frame read off the link: a BA to one of our care-of addresses? */
static int64_t answer(const struct load *l, const uint8_t *p, size_t len, uint16_t *seq, uint8_t *status)
{
	const struct ipv6hdr *ip6 = (const void *)p;
	const uint8_t *rh = p + sizeof(*ip6);
	struct in6_addr hoa;
	struct mh_msg m;
	int64_t node;

	if (len < sizeof(*ip6) + HDR_LEN || (p[0] >> 4) != 6 || ip6->nexthdr != IPPROTO_ROUTING ||
	    rh[0] != XMIP_IPPROTO_MH || rh[2] != 2 || memcmp(&ip6->saddr, &l->anchor, 16))
		return -1;
	memcpy(&hoa, rh + 8, 16);
	node = addr6_index(&l->hoa6, &hoa, l->nodes);
	if (node < 0 || mh_decode(rh + HDR_LEN, len - sizeof(*ip6) - HDR_LEN, &l->anchor, &hoa, &m) ||
	    m.type != XMIP_MH_BA)
		return -1;
	*seq = m.ba.seq;
	*status = m.ba.status;
	return node;
}

const struct load_proto load_mip6 = {
	.name = "mip6",
	.open = open_sockets,
	.build = build,
	.answer = answer,
};
