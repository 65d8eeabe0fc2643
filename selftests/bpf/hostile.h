/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * For the hostile-input tests (test_hostile, test_hostile_mn): reading where
 * an output packet goes, mutating input packets from a fixed seed, and
 * dumping a map to compare before and after.
 */
#ifndef XMIP_HOSTILE_H
#define XMIP_HOSTILE_H

#include <stdint.h>
#include <string.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include "pktgen.h"
#include "xmip_abi.h"

/* Where one IP header says a packet goes. */
struct ip_view {
	int family;
	uint8_t src[16], dst[16];
	uint8_t proto;
	size_t next;        /* offset of what follows the header */
};

static inline int view_ip(const uint8_t *b, size_t len, size_t off, int family, struct ip_view *v)
{
	memset(v, 0, sizeof(*v));
	v->family = family;
	if (family == AF_INET6) {
		if (off + 40 > len)
			return -1;
		memcpy(v->src, b + off + 8, 16);
		memcpy(v->dst, b + off + 24, 16);
		v->proto = b[off + 6];
		v->next = off + 40;
	} else {
		if (off + 20 > len || (b[off + 0] & 0x0f) < 5)
			return -1;
		memcpy(v->src, b + off + 12, 4);
		memcpy(v->dst, b + off + 16, 4);
		v->proto = b[off + 9];
		v->next = off + (size_t)(b[off] & 0x0f) * 4;
	}
	return 0;
}

/* The outermost IP header after Ethernet; -1 for anything else (ARP). */
static inline int view_outer(const struct pktbuf *p, struct ip_view *v)
{
	uint16_t type;

	if (p->len < ETH_HLEN)
		return -1;
	type = (uint16_t)(p->data[12] << 8 | p->data[13]);
	if (type != ETH_P_IPV6 && type != ETH_P_IP)
		return -1;
	return view_ip(p->data, p->len, ETH_HLEN, type == ETH_P_IPV6 ? AF_INET6 : AF_INET, v);
}

static inline int addr_is(const struct ip_view *v, const uint8_t *a, const char *text)
{
	uint8_t want[16] = { 0 };

	inet_pton(v->family, text, want);
	return memcmp(a, want, v->family == AF_INET6 ? 16 : 4) == 0;
}

static inline int format_family(uint8_t format)
{
	return format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6 ? AF_INET6 : AF_INET;
}

static inline int format_udp(uint8_t format)
{
	return format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6;
}

static inline uint16_t port_at(const uint8_t *b, size_t off)
{
	return (uint16_t)(b[off] << 8 | b[off + 1]);
}

/* The inner header after an outer one (and its UDP header, if udp). */
static inline int view_inner(const uint8_t *b, size_t len, const struct ip_view *outer, int udp,
		      struct ip_view *inner)
{
	size_t off = outer->next + (udp ? 8 : 0);

	if (off >= len)
		return -1;
	return view_ip(b, len, off, (b[off] >> 4) == 6 ? AF_INET6 : AF_INET, inner);
}

/* xorshift64: the same mutations on every run. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static inline uint32_t rnd(uint32_t below)
{
	if (!below)
		return 0;
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (uint32_t)(rnd_state % below);
}

/* One to three of: a bit flipped, a byte overwritten (headers more often
 * than payload), a 16-bit length rewritten, the packet cut or extended. */
static inline void mutate(struct pktbuf *p)
{
	/* Where lengths live: IPv4 total length, IPv6 payload length, UDP
	 * length, at the outer and an inner header of the seeds. */
	static const size_t lengths[] = { 16, 18, 38, 42, 54, 58, 62, 74, 78, 94 };
	int k, n = 1 + (int)rnd(3);

	for (k = 0; k < n; k++) {
		size_t at;

		switch (rnd(5)) {
		case 0:
			at = rnd((uint32_t)p->len);
			p->data[at] ^= (uint8_t)(1u << rnd(8));
			break;
		case 1:
			at = ETH_HLEN + rnd((uint32_t)(p->len > 120 ? 120 : p->len) - ETH_HLEN);
			p->data[at] = (uint8_t)rnd(256);
			break;
		case 2:
			at = lengths[rnd(sizeof(lengths) / sizeof(lengths[0]))];
			if (at + 1 < p->len) {
				p->data[at] = (uint8_t)rnd(256);
				p->data[at + 1] = (uint8_t)rnd(256);
			}
			break;
		case 3:
			p->len = ETH_HLEN + rnd((uint32_t)(p->len - ETH_HLEN) + 1);
			break;
		default:
			at = rnd(64) + 1;
			for (; at && p->len < 1500; at--)
				p->data[p->len++] = (uint8_t)rnd(256);
		}
	}
}

/* Every key and value of a map, in key order as the kernel iterates. */
static inline size_t dump_map(int fd, size_t ksz, size_t vsz, uint8_t *buf, size_t max)
{
	uint8_t key[64], next[64];
	size_t used = 0;
	void *prev = NULL;

	while (bpf_map_get_next_key(fd, prev, next) == 0) {
		assert_true(used + ksz + vsz <= max);
		memcpy(buf + used, next, ksz);
		assert_int_equal(bpf_map_lookup_elem(fd, next, buf + used + ksz), 0);
		used += ksz + vsz;
		memcpy(key, next, ksz);
		prev = key;
	}
	return used;
}

/*
 * The loop both tests run: each of the n seeds as it is, then mutations
 * mutants of them, through run (XDP when !tc, TC when tc); whatever it
 * forwards (XDP_TX or XDP_REDIRECT; TC_ACT_REDIRECT) goes to check, which
 * returns why it must not have been forwarded, or NULL. Fails the test on
 * the first such packet, naming it; returns how many were forwarded.
 */
typedef int (*hostile_run_fn)(void *ctx, const struct pktbuf *in, struct pktbuf *out);
typedef const char *(*hostile_check_fn)(void *ctx, const struct pktbuf *in, const struct pktbuf *out);

static inline int hostile_run(const struct pktbuf *seeds, size_t n, size_t mutations, int tc,
			      hostile_run_fn run, hostile_check_fn check, void *ctx)
{
	static struct pktbuf in, out;
	int forwarded = 0;
	size_t i;

	for (i = 0; i < n + mutations; i++) {
		const char *why;
		int verdict;

		in = seeds[i % n];
		if (i >= n)
			mutate(&in);
		/* (BPF_PROG_TEST_RUN refuses an skb shorter than the IP header
		 * its EtherType names: the stack never makes one.) */
		if (tc && in.len < ETH_HLEN + 40)
			in.len = ETH_HLEN + 40;
		memset(&out, 0, sizeof(out));
		verdict = run(ctx, &in, &out);
		if (tc ? verdict != TC_ACT_REDIRECT : verdict != XDP_TX && verdict != XDP_REDIRECT)
			continue;
		forwarded++;
		why = check(ctx, &in, &out);
		if (why)
			fail_msg("%s %zu (seed %zu, %s): %s", tc ? "TC" : "XDP", i, i % n,
				 i < n ? "unchanged" : "mutated", why);
	}
	return forwarded;
}

#endif
