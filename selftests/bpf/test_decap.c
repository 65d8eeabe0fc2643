// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The home agent's receive side in XDP: tunnel packets from a mobile node in
 * every RFC 5555 4.1 format are decapsulated and forwarded only when the
 * outer source (and port, and format) is the binding's care-of address and the
 * inner source its home address or prefix; BUs in UDP 4191 are handed to the
 * stack with their outer IPv4/UDP recorded; ECN follows RFC 6040 4.2.
 */
#include "ha_fixture.h"

#define MNP6_HOST "2001:db8:200::5"     /* inside the mobile network prefix */

/* What the mobile node sends from its home address to a correspondent. */
static void mn_inner(struct pktbuf *p, int family, uint8_t ttl, uint8_t tos)
{
	pkt_eth(p, family == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
	if (family == AF_INET6) {
		struct ipv6hdr *ip6 = pkt_ipv6(p, HOA6, CN6, XMIP_IPPROTO_UDP);

		ip6->hop_limit = ttl;
		ipv6_set_tclass(ip6, tos);
	} else {
		struct iphdr *ip = pkt_ipv4(p, HOA4, CN4, XMIP_IPPROTO_UDP);

		ip->ttl = ttl;
		ip->tos = tos;
	}
	pkt_udp(p, 6000, 5000);
	pkt_payload(p, 21);
	pkt_finish(p);
}

/* inner wrapped as the mobile node at coa:sport sends it to the HA. */
static void wrap(struct pktbuf *out, const struct pktbuf *inner, uint8_t format,
		 const char *coa, uint16_t sport, uint8_t outer_tos)
{
	int v6 = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6;
	int udp = format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6;

	pkt_tunnel(out, our_mac, gw_mac, inner, v6, udp, coa, v6 ? HA6 : HA4,
		   sport, XMIP_PORT_DSMIP, outer_tos);
}

/* The inner packet as the HA forwards it toward the correspondent. */
static void forwarded(struct pktbuf *e, const struct pktbuf *inner)
{
	const uint8_t *ip;
	size_t len;

	ip = pkt_ip(inner, &len);
	memset(e, 0, sizeof(*e));
	pkt_eth_addr(e, gw_mac, our_mac, (ip[0] >> 4) == 6 ? ETH_P_IPV6 : ETH_P_IP);
	e->l3 = e->len;
	pkt_append(e, ip, len);
	if ((ip[0] >> 4) == 6)
		((struct ipv6hdr *)(e->data + e->l3))->hop_limit--;
	else
		((struct iphdr *)(e->data + e->l3))->ttl--;
	pkt_finish(e);
}

static const char *coa_for(uint8_t format)
{
	return format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6 ? COA6 : COA4;
}

static void bind_mn(struct fixture *f, int family, uint8_t format)
{
	set_ha_config(f);
	add_binding(f, family, family == AF_INET6 ? HOA6 : HOA4, format, coa_for(format), NAT_PORT);
}

static void check_format(struct fixture *f, int family, uint8_t format)
{
	struct pktbuf inner = { 0 }, in, out = { 0 }, want;

	bind_mn(f, family, format);
	mn_inner(&inner, family, 64, 0x28);
	wrap(&in, &inner, format, coa_for(format), NAT_PORT, 0x28);
	forwarded(&want, &inner);
	assert_int_equal(run(f, &in, &out), XDP_TX);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_DECAP), 1);
	assert_int_equal(moved(f, XMIP_STAT_DECAP_XMIT), 1);
}

static void test_6in6(void **s) { check_format(*s, AF_INET6, XMIP_TUN_IP6); }
static void test_4in6(void **s) { check_format(*s, AF_INET, XMIP_TUN_IP6); }
static void test_6in4(void **s) { check_format(*s, AF_INET6, XMIP_TUN_IP4); }
static void test_4in4(void **s) { check_format(*s, AF_INET, XMIP_TUN_IP4); }
static void test_6_udp4(void **s) { check_format(*s, AF_INET6, XMIP_TUN_UDP4); }
static void test_4_udp4(void **s) { check_format(*s, AF_INET, XMIP_TUN_UDP4); }
static void test_6_udp6(void **s) { check_format(*s, AF_INET6, XMIP_TUN_UDP6); }
static void test_4_udp6(void **s) { check_format(*s, AF_INET, XMIP_TUN_UDP6); }

static void expect_drop(struct fixture *f, const struct pktbuf *in, enum xmip_stat why)
{
	struct pktbuf out = { 0 };

	assert_int_equal(run(f, in, &out), XDP_DROP);
	assert_int_equal(moved(f, why), 1);
	assert_int_equal(moved(f, XMIP_STAT_DECAP), 0);
}

static void test_wrong_outer_source(void **state)
{
	struct pktbuf inner = { 0 }, in;

	bind_mn(*state, AF_INET6, XMIP_TUN_IP4);
	mn_inner(&inner, AF_INET6, 64, 0);
	wrap(&in, &inner, XMIP_TUN_IP4, "198.18.0.51", 0, 0);
	expect_drop(*state, &in, XMIP_STAT_DROP_SPOOF_OUTER);
}

/* Behind a NAT the port is part of the binding: another port is another node. */
static void test_wrong_nat_port(void **state)
{
	struct pktbuf inner = { 0 }, in;

	bind_mn(*state, AF_INET, XMIP_TUN_UDP4);
	mn_inner(&inner, AF_INET, 64, 0);
	wrap(&in, &inner, XMIP_TUN_UDP4, COA4, NAT_PORT + 1, 0);
	expect_drop(*state, &in, XMIP_STAT_DROP_SPOOF_OUTER);
}

/* Registered for UDP: the same address without UDP is not the binding. */
static void test_wrong_format(void **state)
{
	struct pktbuf inner = { 0 }, in;

	bind_mn(*state, AF_INET, XMIP_TUN_UDP4);
	mn_inner(&inner, AF_INET, 64, 0);
	wrap(&in, &inner, XMIP_TUN_IP4, COA4, 0, 0);
	expect_drop(*state, &in, XMIP_STAT_DROP_SPOOF_OUTER);
}

/* From the right care-of address, but not from its home address. */
static void test_spoofed_inner_source(void **state)
{
	struct fixture *f = *state;
	struct pktbuf inner = { 0 }, in;

	bind_mn(f, AF_INET6, XMIP_TUN_IP6);
	mn_inner(&inner, AF_INET6, 64, 0);
	inet_pton(AF_INET6, "2001:db8:100::666", &((struct ipv6hdr *)(inner.data + inner.l3))->saddr);
	pkt_finish(&inner);
	wrap(&in, &inner, XMIP_TUN_IP6, COA6, 0, 0);
	expect_drop(f, &in, XMIP_STAT_DROP_SPOOF_INNER);
}

/* NEMO: a host behind the mobile router, inside its prefix. */
static void test_mobile_network_prefix(void **state)
{
	struct fixture *f = *state;
	struct xmip_home h = { .family = AF_INET6, .prefixlen = 48 };
	struct xmip_tunnel t = { .format = XMIP_TUN_IP6 };
	struct xmip_error err = { 0 };
	struct pktbuf inner = { 0 }, in, out = { 0 }, want;

	set_ha_config(f);
	inet_pton(AF_INET6, MNP6_HOST, h.addr.bytes);
	inet_pton(AF_INET6, COA6, t.remote.bytes);
	inet_pton(AF_INET6, HA6, t.local.bytes);
	assert_int_equal(xmip_binding_update(f->dp, &h, &t, &err), 0);
	mn_inner(&inner, AF_INET6, 64, 0);
	inet_pton(AF_INET6, MNP6_HOST, &((struct ipv6hdr *)(inner.data + inner.l3))->saddr);
	pkt_finish(&inner);
	wrap(&in, &inner, XMIP_TUN_IP6, COA6, 0, 0);
	forwarded(&want, &inner);
	assert_int_equal(run(f, &in, &out), XDP_TX);
	expect_bytes(&want, &out);
}

/* A BU (MH, or ESP protecting it) in IPv4/UDP 4191 from behind a NAT: the
 * stack gets the inner IPv6 packet, and the map the NAT's address and port,
 * keyed by the home address. No binding is needed: this is how one starts. */
static void check_udp_signal(struct fixture *f, uint8_t next)
{
	struct pktbuf bu = { 0 }, in, out = { 0 }, want = { 0 };
	struct xmip_sig_seen seen;
	union xmip_addr key = { 0 };
	const uint8_t *ip;
	size_t len;

	set_ha_config(f);
	pkt_eth(&bu, ETH_P_IPV6);
	pkt_ipv6(&bu, HOA6, HA6, next);
	pkt_payload(&bu, 48);
	pkt_finish(&bu);
	wrap(&in, &bu, XMIP_TUN_UDP4, "198.51.100.50", NAT_PORT, 0);
	ip = pkt_ip(&bu, &len);
	pkt_eth_addr(&want, our_mac, gw_mac, ETH_P_IPV6);
	pkt_append(&want, ip, len);

	assert_int_equal(run(f, &in, &out), XDP_PASS);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_RX_UDP_SIGNAL), 1);
	inet_pton(AF_INET6, HOA6, key.bytes);
	assert_int_equal(bpf_map_lookup_elem(xmip_dp_map_fd(f->dp, XMIP_MAPID_SIG_SEEN), &key, &seen), 0);
	assert_int_equal(seen.back.format, XMIP_TUN_UDP4);
	assert_int_equal(seen.back.remote.v4, inet_addr("198.51.100.50"));
	assert_int_equal(seen.back.local.v4, inet_addr(HA4));
	assert_int_equal(ntohs(seen.back.remote_port), NAT_PORT);
	assert_int_equal(ntohs(seen.back.local_port), XMIP_PORT_DSMIP);
	assert_int_equal(seen.back.ifindex, ifindex);
	/* The message's tag: the MH's checksum (payload bytes 4 and 5);
	 * none under ESP. */
	assert_int_equal(seen.back.binding_id, next == XMIP_IPPROTO_MH ? (XMIP_SIG_TAGGED | 0x0405) : 0);
	assert_true(seen.seen_ns > 0);
}

static void test_bu_in_udp(void **s) { check_udp_signal(*s, XMIP_IPPROTO_MH); }
static void test_esp_bu_in_udp(void **s) { check_udp_signal(*s, XMIP_IPPROTO_ESP); }

/* The same for a home address nobody configured: dropped, counted, no
 * record (the filter's other way in). */
static void test_unknown_bu_in_udp(void **state)
{
	struct fixture *f = *state;
	struct pktbuf bu = { 0 }, in, out = { 0 };
	struct xmip_sig_seen seen;
	union xmip_addr key = { 0 };

	set_ha_config(f);
	pkt_eth(&bu, ETH_P_IPV6);
	pkt_ipv6(&bu, "2001:db8:100::5:7", HA6, XMIP_IPPROTO_MH);
	pkt_payload(&bu, 48);
	pkt_finish(&bu);
	wrap(&in, &bu, XMIP_TUN_UDP4, "198.51.100.50", NAT_PORT, 0);
	assert_int_equal(run(f, &in, &out), XDP_DROP);
	assert_int_equal(moved(f, XMIP_STAT_DROP_UNKNOWN_HOME), 1);
	assert_int_equal(moved(f, XMIP_STAT_RX_UDP_SIGNAL), 0);
	inet_pton(AF_INET6, "2001:db8:100::5:7", key.bytes);
	assert_int_not_equal(bpf_map_lookup_elem(xmip_dp_map_fd(f->dp, XMIP_MAPID_SIG_SEEN), &key, &seen), 0);
}

/* A tunnel between two other hosts is not ours to open. */
static void test_tunnel_to_someone_else(void **state)
{
	struct fixture *f = *state;
	struct pktbuf inner = { 0 }, in, out = { 0 };

	bind_mn(f, AF_INET6, XMIP_TUN_IP4);
	mn_inner(&inner, AF_INET6, 64, 0);
	wrap(&in, &inner, XMIP_TUN_IP4, COA4, 0, 0);
	((struct iphdr *)(in.data + in.l3))->daddr = inet_addr("198.51.100.9");
	pkt_finish(&in);
	assert_int_equal(run(f, &in, &out), XDP_PASS);
	expect_bytes(&in, &out);
	assert_int_equal(moved(f, XMIP_STAT_DECAP), 0);
}

/* Protocol 41 says IPv6 inside; an IPv4 packet there is malformed. */
static void test_protocol_mismatch(void **state)
{
	struct pktbuf inner = { 0 }, in;

	bind_mn(*state, AF_INET, XMIP_TUN_IP4);
	mn_inner(&inner, AF_INET, 64, 0);
	wrap(&in, &inner, XMIP_TUN_IP4, COA4, 0, 0);
	((struct iphdr *)(in.data + in.l3))->protocol = XMIP_IPPROTO_IPV6;
	pkt_finish(&in);
	expect_drop(*state, &in, XMIP_STAT_DROP_MALFORMED);
}

/* TTL 1 inside: decapsulated, then the stack answers with time exceeded. */
static void test_inner_ttl_1_to_stack(void **state)
{
	struct fixture *f = *state;
	struct pktbuf inner = { 0 }, in, out = { 0 };

	bind_mn(f, AF_INET, XMIP_TUN_IP4);
	mn_inner(&inner, AF_INET, 1, 0);
	wrap(&in, &inner, XMIP_TUN_IP4, COA4, 0, 0);
	assert_int_equal(run(f, &in, &out), XDP_PASS);
	assert_int_equal(moved(f, XMIP_STAT_DECAP), 1);
	assert_int_equal(moved(f, XMIP_STAT_DECAP_XMIT), 0);
	assert_int_equal(out.data[ETH_HLEN] >> 4, 4);   /* the inner packet, decapsulated */
}

/* RFC 6040 4.2, one row at a time: inner ECN, outer ECN -> result (-1 drop). */
static void check_ecn(struct fixture *f, int family, uint8_t inner_ecn, uint8_t outer_ecn, int result)
{
	struct pktbuf inner = { 0 }, in, out = { 0 }, want;
	uint8_t tos = 0xa0;   /* DSCP 40 */

	bind_mn(f, family, XMIP_TUN_IP6);
	mn_inner(&inner, family, 64, tos | inner_ecn);
	wrap(&in, &inner, XMIP_TUN_IP6, COA6, 0, tos | outer_ecn);
	if (result < 0) {
		expect_drop(f, &in, XMIP_STAT_DROP_ECN);
		return;
	}
	/* Expected: the inner packet with the resulting ECN, forwarded. */
	if (family == AF_INET6)
		ipv6_set_tclass((struct ipv6hdr *)(inner.data + inner.l3), tos | (uint8_t)result);
	else
		((struct iphdr *)(inner.data + inner.l3))->tos = tos | (uint8_t)result;
	pkt_finish(&inner);
	forwarded(&want, &inner);
	assert_int_equal(run(f, &in, &out), XDP_TX);
	expect_bytes(&want, &out);
}

#define NOT_ECT 0
#define ECT1 1
#define ECT0 2
#define CE 3

static void test_ecn_table(void **state)
{
	static const int table[4][4] = {
		/* rows: inner Not-ECT, ECT(0), ECT(1), CE; columns: outer Not-ECT, ECT(0), ECT(1), CE */
		{ NOT_ECT, NOT_ECT, NOT_ECT, -1 },
		{ ECT0, ECT0, ECT1, CE },
		{ ECT1, ECT1, ECT1, CE },
		{ CE, CE, CE, CE },
	};
	static const uint8_t code[4] = { NOT_ECT, ECT0, ECT1, CE };
	int i, o, fam;

	for (fam = 0; fam < 2; fam++)
		for (i = 0; i < 4; i++)
			for (o = 0; o < 4; o++)
				check_ecn(*state, fam ? AF_INET : AF_INET6, code[i], code[o], table[i][o]);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, ha_setup, ha_teardown)
	const struct CMUnitTest tests[] = {
		T(test_6in6), T(test_4in6), T(test_6in4), T(test_4in4),
		T(test_6_udp4), T(test_4_udp4), T(test_6_udp6), T(test_4_udp6),
		T(test_wrong_outer_source), T(test_wrong_nat_port), T(test_wrong_format),
		T(test_spoofed_inner_source), T(test_mobile_network_prefix),
		T(test_bu_in_udp), T(test_esp_bu_in_udp), T(test_unknown_bu_in_udp), T(test_tunnel_to_someone_else),
		T(test_protocol_mismatch), T(test_inner_ttl_1_to_stack), T(test_ecn_table),
	};
#undef T

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, ha_group_setup, ha_group_teardown);
}
