/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Internet checksums for headers the data plane writes or changes. */
#ifndef XMIP_BPF_CSUM_H
#define XMIP_BPF_CSUM_H

#include <linux/ip.h>
#include <bpf/bpf_endian.h>

static __always_inline __u16 csum_fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

/* The header checksum of an IPv4 header without options, from scratch. */
static __always_inline void ipv4_set_csum(struct iphdr *ip)
{
	__u16 *w = (__u16 *)ip;
	__u32 sum = 0;
	int i;

	ip->check = 0;
#pragma unroll
	for (i = 0; i < (int)(sizeof(*ip) / 2); i++)
		sum += w[i];
	ip->check = csum_fold(sum);
}

/* TTL minus one with the checksum updated incrementally (RFC 1624). */
static __always_inline void ipv4_decrement_ttl(struct iphdr *ip)
{
	__u32 check = (__u32)ip->check + (__u32)bpf_htons(0x0100);

	ip->check = (__u16)(check + (check >= 0xffff));
	ip->ttl--;
}

/* Longest stretch of packet csum_add_bytes() sums, in 32-bit words: a
 * bounded loop for the verifier, above what one XDP buffer holds. */
#define CSUM_MAX_WORDS 1024

/*
 * Adds the bytes from start to end (a packet's end) to a one's-complement
 * sum kept in 64 bits. Summing 32-bit words and folding later gives the same
 * result as 16-bit words in half the iterations; an odd last byte is padded
 * with zero, as RFC 1071 says.
 */
static __always_inline __u64 csum_add_bytes(void *start, void *end, __u64 sum)
{
	__u32 *w = start;
	__u8 *b;
	int i;

	for (i = 0; i < CSUM_MAX_WORDS; i++) {
		if ((void *)(w + 1) > end)
			break;
		sum += *w++;
	}
	b = (__u8 *)w;
	if ((void *)(b + 2) <= end) {
		sum += *(__u16 *)b;
		b += 2;
	}
	if ((void *)(b + 1) <= end)
		sum += *b;
	return sum;
}

/* Sums [start, stop), a whole number of 32-bit words inside the packet. */
static __always_inline __u64 csum_add_words(void *start, void *stop, void *end, __u64 sum)
{
	__u32 *w = start;
	int i;

	for (i = 0; i < 64; i++) {   /* inner IP headers: at most 256 bytes */
		if ((void *)(w + 1) > stop || (void *)(w + 1) > end)
			break;
		sum += *w++;
	}
	return sum;
}

/* The checksum field's value for a 64-bit one's-complement sum. */
static __always_inline __u16 csum_finish(__u64 sum)
{
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	return csum_fold((__u32)(sum & 0xffff) + (__u32)(sum >> 16));
}

/* The IPv6 pseudo-header (RFC 8200 8.1) of an upper-layer packet. */
static __always_inline __u64 csum_ipv6_pseudo(const void *saddr_daddr, __u32 len, __u8 proto)
{
	const __u32 *a = saddr_daddr;
	__u64 sum = (__u64)bpf_htonl(len) + bpf_htonl(proto);   /* no 32-bit overflow */
	int i;

#pragma unroll
	for (i = 0; i < 8; i++)   /* source and destination addresses */
		sum += a[i];
	return sum;
}

#endif /* XMIP_BPF_CSUM_H */
