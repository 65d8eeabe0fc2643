// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The home agent's encapsulation in XDP, byte for byte: every tunnel format
 * of RFC 5555 4.1 for both inner families, run with BPF_PROG_TEST_RUN
 * (repeat = 1) in a private network namespace whose FIB and neighbours are
 * fixed (testnet.h), and compared with packets built independently here.
 * Then the cases XDP hands to the stack unchanged, and the drops.
 */
#include "ha_fixture.h"

/* What a correspondent sends to the mobile node, arriving at the HA. */
static void inner6(struct pktbuf *p, uint8_t hop, uint8_t tos, size_t payload)
{
	struct ipv6hdr *ip6;

	pkt_eth(p, ETH_P_IPV6);
	size_t udp_off;

	ip6 = pkt_ipv6(p, CN6, HOA6, XMIP_IPPROTO_UDP);
	ip6->hop_limit = hop;
	ipv6_set_tclass(ip6, tos);
	udp_off = p->len;
	pkt_udp(p, 5000, 6000);
	pkt_payload(p, payload);
	pkt_finish(p);
	pkt_finish_l4(p, udp_off, XMIP_IPPROTO_UDP);   /* as the host sent it */
}

static void inner4(struct pktbuf *p, uint8_t ttl, uint8_t tos, int df)
{
	struct iphdr *ip;

	pkt_eth(p, ETH_P_IP);
	ip = pkt_ipv4(p, CN4, HOA4, XMIP_IPPROTO_UDP);
	ip->ttl = ttl;
	ip->tos = tos;
	ip->frag_off = df ? htons(0x4000) : 0;
	pkt_udp(p, 5000, 6000);
	pkt_payload(p, 33);   /* odd: exercises the UDP6 checksum's last byte */
	pkt_finish(p);
}

/* The inner packet as the HA forwards it: one hop less, checksum redone. */
static void forwarded_inner(const struct pktbuf *in, struct pktbuf *out)
{
	*out = *in;
	if ((out->data[out->l3] >> 4) == 6)
		((struct ipv6hdr *)(out->data + out->l3))->hop_limit--;
	else
		((struct iphdr *)(out->data + out->l3))->ttl--;
	pkt_finish(out);
}

/* The expected packet: Ethernet to the next hop, the format's outer headers
 * from the home agent to the care-of address, the forwarded inner packet. */
static void expected(struct pktbuf *e, const struct pktbuf *in, uint8_t format,
		     const char *coa, uint16_t port, uint8_t tos)
{
	int v6 = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6;
	int udp = format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6;
	struct pktbuf fwd;

	forwarded_inner(in, &fwd);
	pkt_tunnel(e, gw_mac, our_mac, &fwd, v6, udp, v6 ? HA6 : HA4, coa,
		   XMIP_PORT_DSMIP, port, tos);
}

/* One format, one inner family: the exact bytes, XDP_TX (out of tst0, where
 * it came in), and the counters. */
static void check_format(struct fixture *f, int inner_family, uint8_t format, const char *coa)
{
	struct pktbuf in = { 0 }, out = { 0 }, want;
	uint8_t tos = 0xb9;   /* DSCP 46 (EF), ECN ECT(1) */

	if (inner_family == AF_INET6) {
		inner6(&in, 64, tos, 40);
		add_binding(f, AF_INET6, HOA6, format, coa, NAT_PORT);
	} else {
		inner4(&in, 64, tos, 1);
		add_binding(f, AF_INET, HOA4, format, coa, NAT_PORT);
	}
	expected(&want, &in, format, coa, NAT_PORT, tos);
	assert_int_equal(run(f, &in, &out), XDP_TX);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_ENCAP_XMIT), 1);
	assert_int_equal(moved(f, XMIP_STAT_TO_STACK), 0);
}

static void test_6in6(void **s) { check_format(*s, AF_INET6, XMIP_TUN_IP6, COA6); }
static void test_4in6(void **s) { check_format(*s, AF_INET, XMIP_TUN_IP6, COA6); }
static void test_6in4(void **s) { check_format(*s, AF_INET6, XMIP_TUN_IP4, COA4); }
static void test_4in4(void **s) { check_format(*s, AF_INET, XMIP_TUN_IP4, COA4); }
static void test_6_udp4(void **s) { check_format(*s, AF_INET6, XMIP_TUN_UDP4, COA4); }
static void test_4_udp4(void **s) { check_format(*s, AF_INET, XMIP_TUN_UDP4, COA4); }
static void test_6_udp6(void **s) { check_format(*s, AF_INET6, XMIP_TUN_UDP6, COA6); }
static void test_4_udp6(void **s) { check_format(*s, AF_INET, XMIP_TUN_UDP6, COA6); }

/* An inner IPv4 packet without DF: the outer may be fragmented on the way,
 * so it has no DF either and carries an ID; the rest is as always. */
static void test_non_df_inner(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want;
	struct iphdr *o;

	inner4(&in, 64, 0, 0);
	add_binding(f, AF_INET, HOA4, XMIP_TUN_IP4, COA4, 0);
	expected(&want, &in, XMIP_TUN_IP4, COA4, 0, 0);
	assert_int_equal(run(f, &in, &out), XDP_TX);
	o = (struct iphdr *)(out.data + ETH_HLEN);
	assert_int_equal(o->frag_off, 0);
	assert_int_equal(pkt_sum((uint8_t *)o, 20, 0), 0xffff);   /* valid checksum */
	/* Apart from ID and checksum, byte for byte. */
	o->id = 0;
	o->check = 0;
	((struct iphdr *)(want.data + ETH_HLEN))->frag_off = 0;
	((struct iphdr *)(want.data + ETH_HLEN))->check = 0;
	expect_bytes(&want, &out);
}

/* Cases XDP leaves to the stack: the packet comes back unchanged. */
static void expect_to_stack(struct fixture *f, const struct pktbuf *in, enum xmip_stat why)
{
	struct pktbuf out = { 0 };

	assert_int_equal(run(f, in, &out), XDP_PASS);
	expect_bytes(in, &out);
	assert_int_equal(moved(f, why), 1);
	assert_int_equal(moved(f, XMIP_STAT_ENCAP_XMIT), 0);
}

static void test_ttl_1_to_stack(void **state)
{
	struct pktbuf in = { 0 };

	add_binding(*state, AF_INET, HOA4, XMIP_TUN_IP4, COA4, 0);
	inner4(&in, 1, 0, 1);
	expect_to_stack(*state, &in, XMIP_STAT_STACK_TTL);
}

static void test_hop_limit_1_to_stack(void **state)
{
	struct pktbuf in = { 0 };

	add_binding(*state, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	inner6(&in, 1, 0, 40);
	expect_to_stack(*state, &in, XMIP_STAT_STACK_TTL);
}

static void test_fragment_to_stack(void **state)
{
	struct pktbuf in = { 0 };

	add_binding(*state, AF_INET, HOA4, XMIP_TUN_IP4, COA4, 0);
	inner4(&in, 64, 0, 0);
	((struct iphdr *)(in.data + in.l3))->frag_off = htons(0x2000);   /* MF */
	pkt_finish(&in);
	expect_to_stack(*state, &in, XMIP_STAT_STACK_FRAGMENT);
}

/* A big IPv4 packet (payload bytes of UDP) with or without DF. */
static void big4(struct pktbuf *p, int df, size_t payload)
{
	struct iphdr *ip;

	pkt_eth(p, ETH_P_IP);
	ip = pkt_ipv4(p, CN4, HOA4, XMIP_IPPROTO_UDP);
	ip->frag_off = df ? htons(0x4000) : 0;
	pkt_udp(p, 5000, 6000);
	pkt_payload(p, payload);
	pkt_finish(p);
}

/*
 * The ICMP error expected for in, built here from the RFCs: back to the
 * Ethernet address it came from; from the home agent's address to the
 * sender; quoting the packet up to 1280 bytes in all (IPv6, RFC 4443 2.4)
 * or 576 (IPv4, RFC 1812 4.3.2.3); the MTU in the ICMP header.
 */
static void expected_too_big(struct pktbuf *e, const struct pktbuf *in, uint32_t mtu)
{
	const struct ethhdr *ieth = (const void *)in->data;
	int v6 = (in->data[in->l3] >> 4) == 6;
	size_t ip_len = in->len - ETH_HLEN, quote, icmp_off;
	uint8_t *icmp;
	uint32_t sum;

	memset(e, 0, sizeof(*e));
	pkt_eth_addr(e, ieth->h_source, ieth->h_dest, v6 ? ETH_P_IPV6 : ETH_P_IP);
	if (v6) {
		pkt_ipv6(e, HA6, CN6, XMIP_IPPROTO_ICMPV6);
		quote = ip_len < 1280 - 48 ? ip_len : 1280 - 48;
	} else {
		struct iphdr *ip = pkt_ipv4(e, HA4, CN4, XMIP_IPPROTO_ICMP);

		ip->tos = 0xc0;
		ip->frag_off = 0;
		quote = ip_len < 576 - 28 ? ip_len : 576 - 28;
	}
	icmp_off = e->len;
	icmp = pkt_put(e, 8);
	icmp[0] = v6 ? 2 : 3;    /* packet too big; destination unreachable */
	icmp[1] = v6 ? 0 : 4;    /* -; fragmentation needed and DF set */
	if (v6) {
		uint32_t n = htonl(mtu);

		memcpy(icmp + 4, &n, 4);
	} else {
		uint16_t n = htons((uint16_t)mtu);

		memcpy(icmp + 6, &n, 2);
	}
	pkt_append(e, in->data + ETH_HLEN, quote);
	pkt_finish(e);
	icmp = e->data + icmp_off;
	sum = 0;
	if (v6) {
		uint32_t len = (uint32_t)(e->len - icmp_off);

		sum = pkt_sum(e->data + e->l3 + 8, 32, 0);
		sum = pkt_sum((const uint8_t[]){ 0, 0, (uint8_t)(len >> 8), (uint8_t)len, 0, 0, 0, 58 }, 8, sum);
	}
	sum = pkt_sum(icmp, e->len - icmp_off, sum);
	icmp[2] = (uint8_t)(~sum >> 8);
	icmp[3] = (uint8_t)~sum;
}

/* The answer to a too-big packet, exact; counted; nothing encapsulated. */
static void expect_too_big(struct fixture *f, const struct pktbuf *in, uint32_t mtu)
{
	struct pktbuf out = { 0 }, want;

	expected_too_big(&want, in, mtu);
	assert_int_equal(run(f, in, &out), XDP_TX);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_ICMP_TOO_BIG), 1);
	assert_int_equal(moved(f, XMIP_STAT_ENCAP_XMIT), 0);
}

/* 1460 bytes of inner IPv6 + 40 of outer = 1500 fits tst0; 1461 gets a
 * packet too big saying 1460. */
static void test_too_big_ipv6_answered(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 };

	set_ha_config(f);
	add_binding(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	inner6(&in, 64, 0, 1460 - 48);
	assert_int_equal(run(f, &in, &out), XDP_TX);
	assert_int_equal(moved(f, XMIP_STAT_ENCAP_XMIT), 1);
	memset(&in, 0, sizeof(in));
	inner6(&in, 64, 0, 1460 - 48 + 1);
	expect_too_big(f, &in, 1460);
}

/* The MTU is the tunnel's: the path's minus that format's overhead. */
static void test_too_big_udp4_mtu(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 };

	set_ha_config(f);
	add_binding(f, AF_INET6, HOA6, XMIP_TUN_UDP4, COA4, NAT_PORT);
	inner6(&in, 64, 0, 1500);
	expect_too_big(f, &in, 1500 - 28);
}

static void test_too_big_ipv4_df_answered(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 };

	set_ha_config(f);
	add_binding(f, AF_INET, HOA4, XMIP_TUN_IP4, COA4, 0);
	big4(&in, 1, 1500 - 20 - 28 + 1);   /* 1481 bytes: 1 over 1480 */
	expect_too_big(f, &in, 1480);
}

/* Without DF the stack fragments it (to the route's MTU the agent set). */
static void test_too_big_ipv4_no_df_to_stack(void **state)
{
	struct pktbuf in = { 0 };

	set_ha_config(*state);
	add_binding(*state, AF_INET, HOA4, XMIP_TUN_IP4, COA4, 0);
	big4(&in, 0, 1500);
	expect_to_stack(*state, &in, XMIP_STAT_STACK_TOO_BIG);
}

/* Never an ICMP error about an ICMP error (RFC 4443 2.4 (e)). */
static void test_too_big_icmp_error_not_answered(void **state)
{
	struct pktbuf in = { 0 };
	uint8_t *icmp;

	set_ha_config(*state);
	add_binding(*state, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	pkt_eth(&in, ETH_P_IPV6);
	pkt_ipv6(&in, CN6, HOA6, XMIP_IPPROTO_ICMPV6);
	icmp = pkt_put(&in, 8);
	icmp[0] = 1;   /* destination unreachable */
	pkt_payload(&in, 1470);
	pkt_finish(&in);
	expect_to_stack(*state, &in, XMIP_STAT_STACK_TOO_BIG);
}

/* With no address of ours to answer from, the stack answers. */
static void test_too_big_unconfigured_to_stack(void **state)
{
	struct pktbuf in = { 0 };

	add_binding(*state, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	inner6(&in, 64, 0, 1500);
	expect_to_stack(*state, &in, XMIP_STAT_STACK_TOO_BIG);
}

static void test_no_neighbour_to_stack(void **state)
{
	struct pktbuf in = { 0 };

	add_binding(*state, AF_INET, HOA4, XMIP_TUN_IP4, COA4_NO_NEIGH, 0);
	inner4(&in, 64, 0, 1);
	expect_to_stack(*state, &in, XMIP_STAT_STACK_NO_NEIGH);
}

static void test_unreachable_care_of_dropped(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 };

	add_binding(f, AF_INET, HOA4, XMIP_TUN_IP4, COA4_UNREACHABLE, 0);
	inner4(&in, 64, 0, 1);
	assert_int_equal(run(f, &in, &out), XDP_DROP);
	assert_int_equal(moved(f, XMIP_STAT_DROP_NO_ROUTE), 1);
}

/* No binding: not ours, untouched. */
static void test_unknown_destination_untouched(void **state)
{
	struct pktbuf in = { 0 };

	inner6(&in, 64, 0, 40);
	expect_to_stack(*state, &in, XMIP_STAT_BINDING_MISS);
}

/*
 * TC on the tunnel interface: what the stack routed there (handed over by
 * XDP, or sent by the host) leaves with the same outer headers as from XDP,
 * the inner packet as it is (the stack already did the forwarding), the
 * Ethernet header left to bpf_redirect_neigh.
 */
static void check_tc_format(struct fixture *f, int inner_family, uint8_t format, const char *coa)
{
	int v6 = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6;
	int udp = format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6;
	struct pktbuf in = { 0 }, out = { 0 }, want;
	const struct ethhdr *eth = (const void *)in.data;
	uint8_t tos = 0x2a;

	if (inner_family == AF_INET6) {
		inner6(&in, 63, tos, 40);
		add_binding(f, AF_INET6, HOA6, format, coa, NAT_PORT);
	} else {
		inner4(&in, 63, tos, 1);
		add_binding(f, AF_INET, HOA4, format, coa, NAT_PORT);
	}
	pkt_tunnel(&want, eth->h_dest, eth->h_source, &in, v6, udp, v6 ? HA6 : HA4, coa,
		   XMIP_PORT_DSMIP, NAT_PORT, tos);
	assert_int_equal(run_ha_tc(f, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_TC_ENCAP_XMIT), 1);
}

static void test_tc_6in6(void **s) { check_tc_format(*s, AF_INET6, XMIP_TUN_IP6, COA6); }
static void test_tc_4in6(void **s) { check_tc_format(*s, AF_INET, XMIP_TUN_IP6, COA6); }
static void test_tc_6in4(void **s) { check_tc_format(*s, AF_INET6, XMIP_TUN_IP4, COA4); }
static void test_tc_4in4(void **s) { check_tc_format(*s, AF_INET, XMIP_TUN_IP4, COA4); }
static void test_tc_6_udp4(void **s) { check_tc_format(*s, AF_INET6, XMIP_TUN_UDP4, COA4); }
static void test_tc_4_udp4(void **s) { check_tc_format(*s, AF_INET, XMIP_TUN_UDP4, COA4); }
static void test_tc_6_udp6(void **s) { check_tc_format(*s, AF_INET6, XMIP_TUN_UDP6, COA6); }
static void test_tc_4_udp6(void **s) { check_tc_format(*s, AF_INET, XMIP_TUN_UDP6, COA6); }

/* What XDP could not send for want of a neighbour entry: TC sends it, and
 * the kernel resolves the next hop meanwhile. */
static void test_tc_no_neighbour_sent(void **s)
{
	check_tc_format(*s, AF_INET, XMIP_TUN_IP4, COA4_NO_NEIGH);
}

/* Verdicts without bytes: the drop and its counter. */
static void expect_tc_drop(struct fixture *f, const struct pktbuf *in, enum xmip_stat why)
{
	struct pktbuf out = { 0 };

	assert_int_equal(run_ha_tc(f, in, &out), TC_ACT_SHOT);
	assert_int_equal(moved(f, why), 1);
	assert_int_equal(moved(f, XMIP_STAT_TC_ENCAP_XMIT), 0);
}

static void test_tc_no_binding_dropped(void **state)
{
	struct pktbuf in = { 0 };

	inner6(&in, 64, 0, 40);
	expect_tc_drop(*state, &in, XMIP_STAT_DROP_NO_TUNNEL);
}

static void test_tc_unreachable_dropped(void **state)
{
	struct pktbuf in = { 0 };

	add_binding(*state, AF_INET, HOA4, XMIP_TUN_IP4, COA4_UNREACHABLE, 0);
	inner4(&in, 64, 0, 1);
	expect_tc_drop(*state, &in, XMIP_STAT_DROP_NO_ROUTE);
}

/* Larger than the route's MTU said (a stale route): dropped, counted. */
static void test_tc_too_big_dropped(void **state)
{
	struct pktbuf in = { 0 };

	add_binding(*state, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	inner6(&in, 64, 0, 1460);   /* 1508 bytes inside, 1548 outside */
	expect_tc_drop(*state, &in, XMIP_STAT_DROP_TOO_BIG);
}

/* Multicast the kernel sends on the interface itself: let go, not counted. */
static void test_tc_multicast_untouched(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 };

	pkt_eth(&in, ETH_P_IPV6);
	pkt_ipv6(&in, "fe80::1", "ff02::16", 58);
	pkt_payload(&in, 28);
	pkt_finish(&in);
	assert_int_equal(run_ha_tc(f, &in, &out), TC_ACT_OK);
	expect_bytes(&in, &out);
	assert_int_equal(moved(f, XMIP_STAT_DROP_NO_TUNNEL), 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, ha_setup, ha_teardown)
	const struct CMUnitTest tests[] = {
		T(test_6in6), T(test_4in6), T(test_6in4), T(test_4in4),
		T(test_6_udp4), T(test_4_udp4), T(test_6_udp6), T(test_4_udp6),
		T(test_non_df_inner), T(test_ttl_1_to_stack), T(test_hop_limit_1_to_stack),
		T(test_fragment_to_stack), T(test_too_big_ipv6_answered),
		T(test_too_big_udp4_mtu), T(test_too_big_ipv4_df_answered),
		T(test_too_big_ipv4_no_df_to_stack), T(test_too_big_icmp_error_not_answered),
		T(test_too_big_unconfigured_to_stack),
		T(test_no_neighbour_to_stack), T(test_unreachable_care_of_dropped),
		T(test_unknown_destination_untouched),
		T(test_tc_6in6), T(test_tc_4in6), T(test_tc_6in4), T(test_tc_4in4),
		T(test_tc_6_udp4), T(test_tc_4_udp4), T(test_tc_no_neighbour_sent),
		T(test_tc_no_binding_dropped), T(test_tc_unreachable_dropped),
		T(test_tc_too_big_dropped), T(test_tc_6_udp6), T(test_tc_4_udp6),
		T(test_tc_multicast_untouched),
	};
#undef T

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, ha_group_setup, ha_group_teardown);
}
