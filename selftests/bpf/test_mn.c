// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The mobile node's data plane, byte for byte: XDP on an access link opens
 * what the home agent tunnels in every RFC 5555 4.1 format and redirects it
 * into the tunnel interface's peer; nobody else may tunnel to the mobile
 * node. TC on the tunnel interface wraps what leaves a home address in the
 * current tunnel and redirects it out of the care-of address's link.
 */
#include "mn_fixture.h"

/* What a correspondent sent to the home address (as the HA forwards it). */
static void to_hoa(struct pktbuf *p, int family, uint8_t tos)
{
	pkt_eth_addr(p, mn_mac, mn_mac, family == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
	if (family == AF_INET6)
		ipv6_set_tclass(pkt_ipv6(p, CN6, HOA6, XMIP_IPPROTO_UDP), tos);
	else
		pkt_ipv4(p, CN4, HOA4, XMIP_IPPROTO_UDP)->tos = tos;
	pkt_udp(p, 5000, 6000);
	pkt_payload(p, 30);
	pkt_finish(p);
}

/* inner, tunnelled by the home agent (from src:sport) to the care-of address. */
static void from_ha(struct pktbuf *out, const struct pktbuf *inner, uint8_t format,
		    const char *src, uint16_t sport)
{
	int v6 = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6;
	int udp = format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6;

	pkt_tunnel(out, mn_mac, gw_mac, inner, v6, udp, src, v6 ? COA6 : COA4, sport, NAT_PORT, 0);
}

static void check_decap(struct mn_fixture *m, int family, uint8_t format)
{
	int v6 = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6;
	struct pktbuf inner = { 0 }, in, out = { 0 }, want = { 0 };
	const uint8_t *ip;
	size_t len;

	to_hoa(&inner, family, 0);
	from_ha(&in, &inner, format, v6 ? HA6 : HA4, XMIP_PORT_DSMIP);
	/* Out comes the inner packet, addressed to the tunnel interface's MAC:
	 * it is received there, as if on the home link. */
	ip = pkt_ip(&inner, &len);
	pkt_eth_addr(&want, (const uint8_t[]){ 0x02, 0, 0, 0, 0, 0x55 }, gw_mac,
		     family == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
	pkt_append(&want, ip, len);
	assert_int_equal(run_xdp(m, &in, &out), XDP_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(&m->base, XMIP_STAT_DECAP), 1);
}

static void test_decap_6in6(void **s) { check_decap(*s, AF_INET6, XMIP_TUN_IP6); }
static void test_decap_4in6(void **s) { check_decap(*s, AF_INET, XMIP_TUN_IP6); }
static void test_decap_6in4(void **s) { check_decap(*s, AF_INET6, XMIP_TUN_IP4); }
static void test_decap_4in4(void **s) { check_decap(*s, AF_INET, XMIP_TUN_IP4); }
static void test_decap_6_udp4(void **s) { check_decap(*s, AF_INET6, XMIP_TUN_UDP4); }
static void test_decap_4_udp4(void **s) { check_decap(*s, AF_INET, XMIP_TUN_UDP4); }
static void test_decap_6_udp6(void **s) { check_decap(*s, AF_INET6, XMIP_TUN_UDP6); }
static void test_decap_4_udp6(void **s) { check_decap(*s, AF_INET, XMIP_TUN_UDP6); }

static void test_not_from_home_agent(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf inner = { 0 }, in, out = { 0 };

	to_hoa(&inner, AF_INET6, 0);
	from_ha(&in, &inner, XMIP_TUN_IP4, "198.51.100.3", 0);
	assert_int_equal(run_xdp(m, &in, &out), XDP_DROP);
	assert_int_equal(moved(&m->base, XMIP_STAT_DROP_NOT_HOME_AGENT), 1);
}

/* UDP from the home agent's address but not from port 4191 is no tunnel:
 * it goes to the stack as it came, never into the tunnel interface. */
static void test_wrong_home_agent_port(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf inner = { 0 }, in, out = { 0 };

	to_hoa(&inner, AF_INET, 0);
	from_ha(&in, &inner, XMIP_TUN_UDP4, HA4, 5555);
	assert_int_equal(run_xdp(m, &in, &out), XDP_PASS);
	expect_bytes(&in, &out);
	assert_int_equal(moved(&m->base, XMIP_STAT_DECAP), 0);
}

/* The access link's own traffic is none of our business. */
static void test_plain_traffic_untouched(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf in = { 0 }, out = { 0 };

	to_hoa(&in, AF_INET6, 0);
	assert_int_equal(run_xdp(m, &in, &out), XDP_PASS);
	expect_bytes(&in, &out);
}


/* What leaves the home address: the same inner packet (the mobile node is
 * its source: no TTL change), behind the tunnel's outer headers. */
static void check_encap(struct mn_fixture *m, int family, uint8_t format)
{
	int v6 = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6;
	int udp = format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6;
	uint8_t tos = 0x2a;   /* DSCP 10, ECT(0) */
	size_t udp_off;
	struct pktbuf in = { 0 }, out = { 0 }, want;

	set_tunnel(m, format);
	pkt_eth_addr(&in, mn_mac, mn_mac, family == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
	if (family == AF_INET6)
		ipv6_set_tclass(pkt_ipv6(&in, HOA6, CN6, XMIP_IPPROTO_UDP), tos);
	else
		pkt_ipv4(&in, HOA4, CN4, XMIP_IPPROTO_UDP)->tos = tos;
	udp_off = in.len;
	pkt_udp(&in, 6000, 5000);
	pkt_payload(&in, 31);
	pkt_finish(&in);
	pkt_finish_l4(&in, udp_off, XMIP_IPPROTO_UDP);   /* as the host sends it */
	pkt_tunnel(&want, mn_mac, mn_mac, &in, v6, udp, v6 ? COA6 : COA4, v6 ? HA6 : HA4,
		   NAT_PORT, XMIP_PORT_DSMIP, tos);

	assert_int_equal(run_tc(m, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(&m->base, XMIP_STAT_ENCAP_XMIT), 1);
}

static void test_encap_6in6(void **s) { check_encap(*s, AF_INET6, XMIP_TUN_IP6); }
static void test_encap_4in6(void **s) { check_encap(*s, AF_INET, XMIP_TUN_IP6); }
static void test_encap_6in4(void **s) { check_encap(*s, AF_INET6, XMIP_TUN_IP4); }
static void test_encap_4in4(void **s) { check_encap(*s, AF_INET, XMIP_TUN_IP4); }
static void test_encap_6_udp4(void **s) { check_encap(*s, AF_INET6, XMIP_TUN_UDP4); }
static void test_encap_4_udp4(void **s) { check_encap(*s, AF_INET, XMIP_TUN_UDP4); }

static void test_encap_6_udp6(void **s) { check_encap(*s, AF_INET6, XMIP_TUN_UDP6); }
static void test_encap_4_udp6(void **s) { check_encap(*s, AF_INET, XMIP_TUN_UDP6); }

/*
 * UDP over IPv6 with an inner TCP segment whose checksum the host left to
 * the device (CHECKSUM_PARTIAL: the field holds the pseudo-header's sum):
 * the outer UDP checksum must already be the one for the completed segment,
 * and the inner field is left for the device.
 */
static void test_encap_udp6_partial_inner(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want, done;
	size_t tcp_off, at;
	uint32_t pseudo;

	set_tunnel(m, XMIP_TUN_UDP6);
	memset(&done, 0, sizeof(done));
	pkt_eth_addr(&done, mn_mac, mn_mac, ETH_P_IPV6);
	pkt_ipv6(&done, HOA6, CN6, 6);
	tcp_off = done.len;
	pkt_tcp(&done, 40000, 80);
	pkt_payload(&done, 301);
	pkt_finish(&done);
	pkt_finish_l4(&done, tcp_off, 6);
	pkt_tunnel(&want, mn_mac, mn_mac, &done, 1, 1, COA6, HA6, NAT_PORT, XMIP_PORT_DSMIP, 0);

	in = done;
	pseudo = pkt_pseudo_sum(&in, tcp_off, 6);
	in.data[tcp_off + 16] = (uint8_t)(pseudo >> 8);
	in.data[tcp_off + 17] = (uint8_t)pseudo;
	/* Expected: the same outer headers, the inner field still partial
	 * (the inner packet ends the tunnelled one: count from the end). */
	at = want.len - done.len + tcp_off + 16;
	want.data[at] = (uint8_t)(pseudo >> 8);
	want.data[at + 1] = (uint8_t)pseudo;

	assert_int_equal(run_tc(m, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
}

static void test_no_tunnel_dropped(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf in = { 0 }, out = { 0 };
	struct xmip_error err = { 0 };

	assert_int_equal(xmip_mn_tunnel_clear(m->base.dp, &err), 0);
	pkt_eth_addr(&in, mn_mac, mn_mac, ETH_P_IPV6);
	pkt_ipv6(&in, HOA6, CN6, XMIP_IPPROTO_UDP);
	pkt_udp(&in, 1, 2);
	pkt_finish(&in);
	assert_int_equal(run_tc(m, &in, &out), TC_ACT_SHOT);
	assert_int_equal(moved(&m->base, XMIP_STAT_DROP_NO_TUNNEL), 1);
}

/* A BA the home agent sent to the care-of address: its type 2 routing
 * header gives the home address back, and it enters the tunnel interface
 * as the data does (RFC 6275 11.3.3). */
static void test_ba_routing_header_applied(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };
	const uint8_t tunnel_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x55 };

	pkt_eth_addr(&in, mn_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, HA6, COA6, 43);
	pkt_type2_routing_header(&in, XMIP_IPPROTO_MH, HOA6);
	pkt_mh(&in, XMIP_MH_BA);
	pkt_finish(&in);
	pkt_eth_addr(&want, tunnel_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&want, HA6, HOA6, XMIP_IPPROTO_MH);
	pkt_mh(&want, XMIP_MH_BA);
	pkt_finish(&want);

	assert_int_equal(run_xdp(m, &in, &out), XDP_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(&m->base, XMIP_STAT_RX_MH_RH2), 1);
}

/* The BA under ESP: the routing header comes off in front of ESP, and the
 * kernel decrypts it on the tunnel interface, addressed to the home
 * address its SA is keyed on. */
static void test_esp_ba_routing_header_applied(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };
	const uint8_t tunnel_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x55 };

	pkt_eth_addr(&in, mn_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, HA6, COA6, 43);
	pkt_type2_routing_header(&in, XMIP_IPPROTO_ESP, HOA6);
	pkt_esp(&in, 0xc7654321, 1);
	pkt_finish(&in);
	pkt_eth_addr(&want, tunnel_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&want, HA6, HOA6, XMIP_IPPROTO_ESP);
	pkt_esp(&want, 0xc7654321, 1);
	pkt_finish(&want);

	assert_int_equal(run_xdp(m, &in, &out), XDP_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(&m->base, XMIP_STAT_RX_ESP_SIGNAL), 1);
	assert_int_equal(moved(&m->base, XMIP_STAT_RX_MH_RH2), 1);
}

/* Only from the home agent. */
static void test_routing_header_from_others_untouched(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf in = { 0 }, out = { 0 };

	pkt_eth_addr(&in, mn_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, CN6, COA6, 43);
	pkt_type2_routing_header(&in, XMIP_IPPROTO_MH, HOA6);
	pkt_mh(&in, XMIP_MH_BA);
	pkt_finish(&in);
	assert_int_equal(run_xdp(m, &in, &out), XDP_PASS);
	expect_bytes(&in, &out);
}

/* The agent's BU, from the home address to the home agent. */
static void bu_from_home(struct pktbuf *p)
{
	pkt_eth_addr(p, mn_mac, mn_mac, ETH_P_IPV6);
	pkt_ipv6(p, HOA6, HA6, XMIP_IPPROTO_MH);
	pkt_mh(p, XMIP_MH_BU);
	pkt_finish(p);
}

/* From an IPv6 care-of address the BU goes natively, with the home address
 * option (RFC 6275 11.7.1), although data still uses the IPv4 tunnel. */
static void test_bu_home_address_option(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };

	set_tunnel(m, XMIP_TUN_UDP4);
	set_signal_path(m, XMIP_TUN_IP6);
	bu_from_home(&in);
	pkt_eth_addr(&want, mn_mac, mn_mac, ETH_P_IPV6);
	pkt_ipv6(&want, COA6, HA6, 60);
	pkt_home_address_option(&want, XMIP_IPPROTO_MH, HOA6);
	pkt_mh(&want, XMIP_MH_BU);
	pkt_finish(&want);

	assert_int_equal(run_tc(m, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(&m->base, XMIP_STAT_SIGNAL_XMIT), 1);
}

/* The BU under ESP (the kernel applied the SA before TC) takes the
 * signalling path too: the option goes in front of ESP. */
static void test_esp_bu_home_address_option(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };

	set_tunnel(m, XMIP_TUN_UDP4);
	set_signal_path(m, XMIP_TUN_IP6);
	pkt_eth_addr(&in, mn_mac, mn_mac, ETH_P_IPV6);
	pkt_ipv6(&in, HOA6, HA6, XMIP_IPPROTO_ESP);
	pkt_esp(&in, 0xc1234567, 1);
	pkt_finish(&in);
	pkt_eth_addr(&want, mn_mac, mn_mac, ETH_P_IPV6);
	pkt_ipv6(&want, COA6, HA6, 60);
	pkt_home_address_option(&want, XMIP_IPPROTO_ESP, HOA6);
	pkt_esp(&want, 0xc1234567, 1);
	pkt_finish(&want);

	assert_int_equal(run_tc(m, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(&m->base, XMIP_STAT_SIGNAL_XMIT), 1);
}

/* From an IPv4 care-of address the BU goes in UDP 4191 along the new
 * path, and data keeps the old tunnel until the BA (RFC 5555 5.1). */
static void test_bu_takes_signal_path(void **state)
{
	struct mn_fixture *m = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want;

	set_tunnel(m, XMIP_TUN_IP6);
	set_signal_path(m, XMIP_TUN_UDP4);
	bu_from_home(&in);
	pkt_tunnel(&want, mn_mac, mn_mac, &in, 0, 1, COA4, HA4, NAT_PORT, XMIP_PORT_DSMIP, 0);
	assert_int_equal(run_tc(m, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	check_encap(m, AF_INET6, XMIP_TUN_IP6);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, mn_setup, mn_teardown)
	const struct CMUnitTest tests[] = {
		T(test_decap_6in6), T(test_decap_4in6), T(test_decap_6in4), T(test_decap_4in4),
		T(test_decap_6_udp4), T(test_decap_4_udp4), T(test_decap_6_udp6), T(test_decap_4_udp6),
		T(test_not_from_home_agent), T(test_wrong_home_agent_port), T(test_plain_traffic_untouched),
		T(test_encap_6in6), T(test_encap_4in6), T(test_encap_6in4), T(test_encap_4in4),
		T(test_encap_6_udp4), T(test_encap_4_udp4), T(test_encap_6_udp6), T(test_encap_4_udp6),
		T(test_encap_udp6_partial_inner),
		T(test_no_tunnel_dropped),
		T(test_ba_routing_header_applied), T(test_routing_header_from_others_untouched),
		T(test_bu_home_address_option), T(test_bu_takes_signal_path),
		T(test_esp_ba_routing_header_applied), T(test_esp_bu_home_address_option),
	};
#undef T

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, mn_group_setup, mn_group_teardown);
}
