// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The home agent answering for bound home addresses on the home link, byte
 * for byte (RFC 6275 10.4.1): a Neighbor Solicitation becomes the Neighbor
 * Advertisement with the home link's MAC (solicited, or to all nodes for
 * duplicate address detection), an ARP request the ARP reply. Without a
 * binding, on another link, or malformed, the packet goes to the stack
 * unchanged; an ARP announcement of the address is never answered.
 */
#include "ha_fixture.h"

#define HOST6 "2001:db8:100::5"
#define HOST4 "192.0.2.5"
#define UNBOUND6 "2001:db8:100::200"

static const uint8_t home_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0x4e, 0x01 };
static const uint8_t host_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0x4e, 0x05 };

/* The settings with the test interface as the home link. */
static void set_home_link(struct fixture *f, int home_ifindex)
{
	struct xmip_dp_config dc = { .home_ifindex = (uint32_t)home_ifindex };

	memcpy(dc.home_mac, home_mac, ETH_ALEN);
	write_ha_config(f, &dc);
}

/* The ICMPv6 checksum of the message at off, as a host computes it. */
static void finish_icmp6(struct pktbuf *p, size_t off)
{
	uint32_t sum;

	pkt_finish(p);
	p->data[off + 2] = p->data[off + 3] = 0;
	sum = (uint16_t)~pkt_sum(p->data + off, p->len - off, pkt_pseudo_sum(p, off, 58));
	p->data[off + 2] = (uint8_t)(sum >> 8);
	p->data[off + 3] = (uint8_t)sum;
}

/* ICMPv6 type, code, flags byte, target, and an optional link-layer
 * address option (option type, MAC). */
static void put_nd(struct pktbuf *p, uint8_t type, uint8_t flags, const char *target,
		   uint8_t opt_type, const uint8_t mac[ETH_ALEN])
{
	size_t off = p->len;
	uint8_t *m = pkt_put(p, 24);

	m[0] = type;
	m[4] = flags;
	inet_pton(AF_INET6, target, m + 8);
	if (opt_type) {
		uint8_t *o = pkt_put(p, 8);

		o[0] = opt_type;
		o[1] = 1;
		memcpy(o + 2, mac, ETH_ALEN);
	}
	finish_icmp6(p, off);
}

static void neighbor_solicitation(struct pktbuf *p, const char *src, const char *dst,
				  const char *target, int with_source_lladdr, uint8_t hop_limit)
{
	static const uint8_t solicited_mac[ETH_ALEN] = { 0x33, 0x33, 0xff, 0, 0x01, 0x00 };
	struct ipv6hdr *ip6;

	pkt_eth_addr(p, solicited_mac, host_mac, ETH_P_IPV6);
	ip6 = pkt_ipv6(p, src, dst, 58);
	ip6->hop_limit = hop_limit;
	put_nd(p, 135, 0, target, with_source_lladdr ? 1 : 0, host_mac);
}

static void advertisement(struct pktbuf *p, const uint8_t dmac[ETH_ALEN], const char *dst,
			  const char *target, uint8_t flags)
{
	struct ipv6hdr *ip6;

	pkt_eth_addr(p, dmac, home_mac, ETH_P_IPV6);
	ip6 = pkt_ipv6(p, target, dst, 58);
	ip6->hop_limit = 255;
	put_nd(p, 136, flags, target, 2, home_mac);
}

static void test_solicitation_answered(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };

	set_home_link(f, ifindex);
	add_binding(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	neighbor_solicitation(&in, HOST6, "ff02::1:ff00:100", HOA6, 1, 255);
	advertisement(&want, host_mac, HOST6, HOA6, 0x60);   /* Solicited, Override */

	assert_int_equal(run(f, &in, &out), XDP_TX);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_PROXY_NA), 1);
}

/* A unicast probe without the source link-layer option: the answer is
 * longer than the question. */
static void test_short_solicitation_answered(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };

	set_home_link(f, ifindex);
	add_binding(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	neighbor_solicitation(&in, HOST6, HOA6, HOA6, 0, 255);
	advertisement(&want, host_mac, HOST6, HOA6, 0x60);

	assert_int_equal(run(f, &in, &out), XDP_TX);
	expect_bytes(&want, &out);
}

/* Duplicate address detection of a bound home address: defended, to all
 * nodes, Solicited clear (RFC 4861 7.2.4). */
static void test_dad_defended(void **state)
{
	static const uint8_t all_nodes_mac[ETH_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };

	set_home_link(f, ifindex);
	add_binding(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	neighbor_solicitation(&in, "::", "ff02::1:ff00:100", HOA6, 0, 255);
	advertisement(&want, all_nodes_mac, "ff02::1", HOA6, 0x20);

	assert_int_equal(run(f, &in, &out), XDP_TX);
	expect_bytes(&want, &out);
}

/* Not ours to answer: the stack gets each as it came. */
static void test_solicitations_left_to_the_stack(void **state)
{
	struct fixture *f = *state;
	struct pktbuf unbound = { 0 }, hops = { 0 }, out = { 0 };

	set_home_link(f, ifindex);
	add_binding(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	neighbor_solicitation(&unbound, HOST6, "ff02::1:ff00:200", UNBOUND6, 1, 255);
	neighbor_solicitation(&hops, HOST6, "ff02::1:ff00:100", HOA6, 1, 64);   /* routed: forged */

	assert_int_equal(run(f, &unbound, &out), XDP_PASS);
	expect_bytes(&unbound, &out);
	assert_int_equal(run(f, &hops, &out), XDP_PASS);
	expect_bytes(&hops, &out);
	/* Bound, but asked on another link than the home link. */
	set_home_link(f, ifindex + 1000);
	memset(&out, 0, sizeof(out));
	assert_int_equal(run(f, &unbound, &out), XDP_PASS);
	memset(&hops, 0, sizeof(hops));
	neighbor_solicitation(&hops, HOST6, "ff02::1:ff00:100", HOA6, 1, 255);
	assert_int_equal(run(f, &hops, &out), XDP_PASS);
	assert_int_equal(moved(f, XMIP_STAT_PROXY_NA), 0);
}

static void arp(struct pktbuf *p, const uint8_t dmac[ETH_ALEN], const uint8_t smac[ETH_ALEN],
		uint16_t op, const uint8_t sha[ETH_ALEN], const char *spa,
		const uint8_t tha[ETH_ALEN], const char *tpa)
{
	uint8_t *a;

	pkt_eth_addr(p, dmac, smac, ETH_P_ARP);
	a = pkt_put(p, 28);
	a[1] = 1;               /* Ethernet */
	a[2] = 0x08;            /* IPv4 */
	a[4] = 6;
	a[5] = 4;
	a[7] = (uint8_t)op;
	memcpy(a + 8, sha, ETH_ALEN);
	inet_pton(AF_INET, spa, a + 14);
	memcpy(a + 18, tha, ETH_ALEN);
	inet_pton(AF_INET, tpa, a + 24);
}

static void test_arp_request_answered(void **state)
{
	static const uint8_t broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[ETH_ALEN] = { 0 };
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 }, announce = { 0 };

	set_home_link(f, ifindex);
	add_binding(f, AF_INET, HOA4, XMIP_TUN_IP4, COA4, 0);
	arp(&in, broadcast, host_mac, 1, host_mac, HOST4, zero, HOA4);
	arp(&want, host_mac, home_mac, 2, home_mac, HOA4, host_mac, HOST4);

	assert_int_equal(run(f, &in, &out), XDP_TX);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_PROXY_ARP), 1);

	/* The node (or a host claiming the address) announcing it. */
	arp(&announce, broadcast, host_mac, 1, host_mac, HOA4, zero, HOA4);
	assert_int_equal(run(f, &announce, &out), XDP_PASS);
	expect_bytes(&announce, &out);
	/* No binding for the address asked. */
	memset(&in, 0, sizeof(in));
	arp(&in, broadcast, host_mac, 1, host_mac, HOST4, zero, "192.0.2.201");
	assert_int_equal(run(f, &in, &out), XDP_PASS);
	expect_bytes(&in, &out);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, ha_setup, ha_teardown)
	const struct CMUnitTest tests[] = {
		T(test_solicitation_answered), T(test_short_solicitation_answered),
		T(test_dad_defended), T(test_solicitations_left_to_the_stack),
		T(test_arp_request_answered),
	};
#undef T

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, ha_group_setup, ha_group_teardown);
}
