// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The home agent's signalling path, byte for byte. XDP: a BU from a care-of
 * address reaches the stack as from the home address, its home address
 * option applied and removed (RFC 6275 9.3.1), and the way it came is
 * recorded; a BU from the home link clears that record; other destination
 * options are left to the kernel. TC: the home agent's BA goes back the
 * recorded way (type 2 routing header to the care-of address, or UDP 4191 to
 * the NAT's address and port), and along the binding without a record.
 */
#include <linux/pkt_cls.h>
#include "ha_fixture.h"

static struct xmip_sig_seen seen_of(struct fixture *f, const char *home, int *found)
{
	struct xmip_sig_seen seen = { 0 };
	union xmip_addr key = { 0 };

	inet_pton(AF_INET6, home, key.bytes);
	*found = bpf_map_lookup_elem(xmip_dp_map_fd(f->dp, XMIP_MAPID_SIG_SEEN), &key, &seen) == 0;
	return seen;
}

static void record(struct fixture *f, const char *home, uint8_t format, const char *from,
		   uint16_t port)
{
	struct xmip_sig_seen seen = { .back = { .format = format, .ifindex = 1 }, .seen_ns = 1 };
	int v6 = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6;
	union xmip_addr key = { 0 };

	inet_pton(AF_INET6, home, key.bytes);
	inet_pton(v6 ? AF_INET6 : AF_INET, from, seen.back.remote.bytes);
	inet_pton(v6 ? AF_INET6 : AF_INET, v6 ? HA6 : HA4, seen.back.local.bytes);
	if (port) {
		seen.back.remote_port = htons(port);
		seen.back.local_port = htons(XMIP_PORT_DSMIP);
	}
	assert_int_equal(bpf_map_update_elem(xmip_dp_map_fd(f->dp, XMIP_MAPID_SIG_SEEN), &key, &seen,
					     BPF_ANY), 0);
}

/* A BU as a mobile node on an IPv6 visited network sends it. */
static void test_home_address_option_applied(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };
	struct xmip_sig_seen seen;
	union xmip_addr coa = { 0 };
	int found;

	set_ha_config(f);
	pkt_eth_addr(&in, our_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, COA6, HA6, 60);
	pkt_home_address_option(&in, XMIP_IPPROTO_MH, HOA6);
	pkt_mh(&in, XMIP_MH_BU);
	pkt_finish(&in);
	pkt_eth_addr(&want, our_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&want, HOA6, HA6, XMIP_IPPROTO_MH);
	pkt_mh(&want, XMIP_MH_BU);
	pkt_finish(&want);

	assert_int_equal(run(f, &in, &out), XDP_PASS);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_RX_MH_HAO), 1);
	seen = seen_of(f, HOA6, &found);
	assert_true(found);
	inet_pton(AF_INET6, COA6, coa.bytes);
	assert_int_equal(seen.back.format, XMIP_TUN_IP6);
	assert_memory_equal(&seen.back.remote, &coa, 16);
	assert_int_equal(seen.back.remote_port, 0);
	assert_int_equal(seen.back.ifindex, ifindex);
	/* Tagged with the MH's checksum (pkt_mh's bytes 4 and 5), which
	 * the agent matches against the message it reads. */
	assert_int_equal(seen.back.binding_id, XMIP_SIG_TAGGED | 0x0405);
}

/* A BU for a home address no mobile node is configured with, from a
 * care-of address, from the home link, or in UDP 4191: dropped in XDP,
 * counted, and nothing recorded: a flood of them costs the agent nothing. */
#define UNKNOWN_HOA6 "2001:db8:100::5:7"

static void expect_unknown_dropped(struct fixture *f, const struct pktbuf *in)
{
	struct pktbuf out = { 0 };
	int found;

	assert_int_equal(run(f, in, &out), XDP_DROP);
	assert_int_equal(moved(f, XMIP_STAT_DROP_UNKNOWN_HOME), 1);
	assert_int_equal(moved(f, XMIP_STAT_RX_MH_HAO) + moved(f, XMIP_STAT_RX_UDP_SIGNAL), 0);
	seen_of(f, UNKNOWN_HOA6, &found);
	assert_false(found);
}

static void test_unknown_home_address_option_dropped(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 };

	set_ha_config(f);
	pkt_eth_addr(&in, our_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, COA6, HA6, 60);
	pkt_home_address_option(&in, XMIP_IPPROTO_MH, UNKNOWN_HOA6);
	pkt_mh(&in, XMIP_MH_BU);
	pkt_finish(&in);
	expect_unknown_dropped(f, &in);
}

static void test_unknown_native_bu_dropped(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 };

	set_ha_config(f);
	pkt_eth_addr(&in, our_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, UNKNOWN_HOA6, HA6, XMIP_IPPROTO_MH);
	pkt_mh(&in, XMIP_MH_BU);
	pkt_finish(&in);
	expect_unknown_dropped(f, &in);
}

/* From the home link: no option, nothing rewritten, the record goes. */
static void test_native_bu_clears_record(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 };
	int found;

	set_ha_config(f);
	record(f, HOA6, XMIP_TUN_UDP4, "198.51.100.50", NAT_PORT);
	pkt_eth_addr(&in, our_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, HOA6, HA6, XMIP_IPPROTO_MH);
	pkt_mh(&in, XMIP_MH_BU);
	pkt_finish(&in);

	assert_int_equal(run(f, &in, &out), XDP_PASS);
	expect_bytes(&in, &out);
	seen_of(f, HOA6, &found);
	assert_false(found);
}

/* Destination options without a home address option: the kernel's (the
 * source, a configured home address, is the BU's home address). */
static void test_other_destination_options_untouched(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 };

	set_ha_config(f);
	pkt_eth_addr(&in, our_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, HOA6, HA6, 60);
	pkt_ext8(&in, XMIP_IPPROTO_MH);
	pkt_mh(&in, XMIP_MH_BU);
	pkt_finish(&in);

	assert_int_equal(run(f, &in, &out), XDP_PASS);
	expect_bytes(&in, &out);
	assert_int_equal(moved(f, XMIP_STAT_RX_MH_HAO), 0);
}

/* The same BU under ESP (RFC 5555 5, IPsec between home address and home
 * agent): the option comes off the same way, in front of ESP, and the
 * kernel gets ESP from the home address, which its SA is keyed on. */
static void test_esp_bu_home_address_option_applied(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };
	int found;

	set_ha_config(f);
	pkt_eth_addr(&in, our_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, COA6, HA6, 60);
	pkt_home_address_option(&in, XMIP_IPPROTO_ESP, HOA6);
	pkt_esp(&in, 0xc1234567, 1);
	pkt_finish(&in);
	pkt_eth_addr(&want, our_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&want, HOA6, HA6, XMIP_IPPROTO_ESP);
	pkt_esp(&want, 0xc1234567, 1);
	pkt_finish(&want);

	assert_int_equal(run(f, &in, &out), XDP_PASS);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_RX_ESP_SIGNAL), 1);
	assert_int_equal(moved(f, XMIP_STAT_RX_MH_HAO), 1);
	assert_int_equal(seen_of(f, HOA6, &found).back.binding_id, 0);   /* no MH to tag */
	assert_true(found);
}

/* ESP without the option (a correspondent's IPsec with a bound home
 * address) is data: tunnelled along the binding, not taken for a BU. */
static void test_esp_data_takes_binding(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 };

	set_ha_config(f);
	add_binding(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	pkt_eth_addr(&in, our_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, CN6, HOA6, XMIP_IPPROTO_ESP);
	pkt_esp(&in, 0x1000, 7);
	pkt_finish(&in);

	run(f, &in, &out);
	assert_int_equal(moved(f, XMIP_STAT_RX_ESP_SIGNAL), 0);
	assert_int_equal(moved(f, XMIP_STAT_BINDING_HIT), 1);
	assert_int_equal(moved(f, XMIP_STAT_ENCAP_XMIT), 1);
}

/* IPv4 payload under the kernel's ESP tunnel mode (RFC 5555 5.2.2): XDP
 * leaves IPv4 for the node to the stack, whose XFRM policy encrypts it;
 * IPv6 for the same node still takes our tunnel. */
static void test_esp_payload4_left_to_the_stack(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 };

	set_ha_config(f);
	add_binding_flags(f, AF_INET, HOA4, XMIP_TUN_UDP4, COA4, NAT_PORT, XMIP_TUNF_ESP_PAYLOAD4);
	add_binding_flags(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0, XMIP_TUNF_ESP_PAYLOAD4);
	pkt_eth_addr(&in, our_mac, gw_mac, ETH_P_IP);
	pkt_ipv4(&in, CN4, HOA4, XMIP_IPPROTO_UDP);
	pkt_udp(&in, 1000, 2000);
	pkt_finish(&in);
	assert_int_equal(run(f, &in, &out), XDP_PASS);
	expect_bytes(&in, &out);
	assert_int_equal(moved(f, XMIP_STAT_STACK_ESP_PAYLOAD), 1);

	memset(&in, 0, sizeof(in));
	pkt_eth_addr(&in, our_mac, gw_mac, ETH_P_IPV6);
	pkt_ipv6(&in, CN6, HOA6, XMIP_IPPROTO_UDP);
	pkt_udp(&in, 1000, 2000);
	pkt_finish(&in);
	run(f, &in, &out);
	assert_int_equal(moved(f, XMIP_STAT_STACK_ESP_PAYLOAD), 0);
	assert_int_equal(moved(f, XMIP_STAT_ENCAP_XMIT), 1);
}

/* The home agent's BA to the home address, as its socket sends it. */
static void ba_to_home(struct pktbuf *p)
{
	pkt_eth_addr(p, our_mac, our_mac, ETH_P_IPV6);
	pkt_ipv6(p, HA6, HOA6, XMIP_IPPROTO_MH);
	pkt_mh(p, XMIP_MH_BA);
	pkt_finish(p);
}

/* Recorded from an IPv6 care-of address: a type 2 routing header, even
 * without a binding (a refused BU gets its BA). */
static void test_ba_back_with_routing_header(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };

	set_ha_config(f);
	record(f, HOA6, XMIP_TUN_IP6, COA6, 0);
	ba_to_home(&in);
	pkt_eth_addr(&want, our_mac, our_mac, ETH_P_IPV6);
	pkt_ipv6(&want, HA6, COA6, 43);
	pkt_type2_routing_header(&want, XMIP_IPPROTO_MH, HOA6);
	pkt_mh(&want, XMIP_MH_BA);
	pkt_finish(&want);

	assert_int_equal(run_ha_tc(f, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_SIGNAL_XMIT), 1);
}

/* The BA under ESP (the kernel applied the SA before TC): the routing
 * header goes in front of ESP, as for the clear one. */
static void test_esp_ba_back_with_routing_header(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };

	set_ha_config(f);
	record(f, HOA6, XMIP_TUN_IP6, COA6, 0);
	pkt_eth_addr(&in, our_mac, our_mac, ETH_P_IPV6);
	pkt_ipv6(&in, HA6, HOA6, XMIP_IPPROTO_ESP);
	pkt_esp(&in, 0xc7654321, 1);
	pkt_finish(&in);
	pkt_eth_addr(&want, our_mac, our_mac, ETH_P_IPV6);
	pkt_ipv6(&want, HA6, COA6, 43);
	pkt_type2_routing_header(&want, XMIP_IPPROTO_ESP, HOA6);
	pkt_esp(&want, 0xc7654321, 1);
	pkt_finish(&want);

	assert_int_equal(run_ha_tc(f, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_SIGNAL_XMIT), 1);
}

/* Recorded from behind a NAT: UDP 4191 to its address and port, although
 * the binding (an older one) says IPv6. */
static void test_ba_back_through_nat(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want;

	set_ha_config(f);
	add_binding(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	record(f, HOA6, XMIP_TUN_UDP4, COA4, NAT_PORT);
	ba_to_home(&in);
	pkt_tunnel(&want, our_mac, our_mac, &in, 0, 1, HA4, COA4, XMIP_PORT_DSMIP, NAT_PORT, 0);

	assert_int_equal(run_ha_tc(f, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_SIGNAL_XMIT), 1);
}

/* The BA is the record's last use: TC removes it, and the next message to
 * the home address takes the binding (the map holds BUs in flight only). */
static void test_ba_removes_record(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want;
	int found;

	set_ha_config(f);
	add_binding(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	record(f, HOA6, XMIP_TUN_UDP4, COA4, NAT_PORT);
	ba_to_home(&in);
	assert_int_equal(run_ha_tc(f, &in, &out), TC_ACT_REDIRECT);
	assert_int_equal(moved(f, XMIP_STAT_SIGNAL_XMIT), 1);
	seen_of(f, HOA6, &found);
	assert_false(found);

	/* (moved() counts from the last run on.) */
	pkt_tunnel(&want, our_mac, our_mac, &in, 1, 0, HA6, COA6, 0, 0, 0);
	assert_int_equal(run_ha_tc(f, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_SIGNAL_XMIT), 0);
	assert_int_equal(moved(f, XMIP_STAT_TC_ENCAP_XMIT), 1);
}

/* No record (a Binding Refresh Request, say): the binding's tunnel. */
static void test_signal_without_record_takes_binding(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 }, want;

	set_ha_config(f);
	add_binding(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	ba_to_home(&in);
	pkt_tunnel(&want, our_mac, our_mac, &in, 1, 0, HA6, COA6, 0, 0, 0);

	assert_int_equal(run_ha_tc(f, &in, &out), TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(moved(f, XMIP_STAT_SIGNAL_XMIT), 0);
	assert_int_equal(moved(f, XMIP_STAT_TC_ENCAP_XMIT), 1);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, ha_setup, ha_teardown)
	const struct CMUnitTest tests[] = {
		T(test_home_address_option_applied), T(test_native_bu_clears_record),
		T(test_unknown_home_address_option_dropped), T(test_unknown_native_bu_dropped),
		T(test_other_destination_options_untouched), T(test_ba_back_with_routing_header),
		T(test_ba_back_through_nat), T(test_ba_removes_record),
		T(test_signal_without_record_takes_binding),
		T(test_esp_bu_home_address_option_applied), T(test_esp_data_takes_binding),
		T(test_esp_ba_back_with_routing_header), T(test_esp_payload4_left_to_the_stack),
	};
#undef T

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, ha_group_setup, ha_group_teardown);
}
