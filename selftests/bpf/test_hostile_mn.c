// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Hostile input through the mobile node's XDP (on an access link) and TC (on
 * the tunnel interface) programs, as test_hostile does for the home agent:
 * valid packets of each kind, then thousands of mutants from a fixed seed.
 *   - XDP hands into the tunnel interface only what came from the home
 *     agent's address (and, in UDP, from port 4191) in the tunnel's family;
 *   - TC sends out only toward the home agent, from the care-of address;
 *   - no packet changes the tunnel or the signalling path.
 */
#include "mn_fixture.h"
#include "hostile.h"

#define MUTATIONS 6000

/* What the home agent tunnels to the mobile node (from src:sport). */
static void from(struct pktbuf *out, int family, uint8_t format, const char *src, uint16_t sport)
{
	struct pktbuf inner = { 0 };
	int v6 = format_family(format) == AF_INET6;

	pkt_eth_addr(&inner, mn_mac, gw_mac, family == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
	pkt_ip46(&inner, family, family == AF_INET6 ? CN6 : CN4, family == AF_INET6 ? HOA6 : HOA4,
		 XMIP_IPPROTO_UDP);
	pkt_udp(&inner, 5000, 6000);
	pkt_payload(&inner, 30);
	pkt_finish(&inner);
	pkt_tunnel(out, mn_mac, gw_mac, &inner, v6, format_udp(format), src, v6 ? COA6 : COA4, sport,
		   NAT_PORT, 0);
}

static size_t xdp_seeds(struct pktbuf *s)
{
	static const uint8_t formats[] = { XMIP_TUN_IP6, XMIP_TUN_IP4, XMIP_TUN_UDP4, XMIP_TUN_UDP6 };
	size_t n = 0, i;

	for (i = 0; i < sizeof(formats); i++) {
		int v6 = format_family(formats[i]) == AF_INET6;
		const char *ha = v6 ? HA6 : HA4, *other = v6 ? CN6 : CN4;

		from(&s[n++], AF_INET6, formats[i], ha, XMIP_PORT_DSMIP);
		from(&s[n++], AF_INET, formats[i], ha, XMIP_PORT_DSMIP);
		from(&s[n++], AF_INET6, formats[i], other, XMIP_PORT_DSMIP);   /* not the HA */
		from(&s[n++], AF_INET, formats[i], ha, 5555);                  /* not 4191 */
	}
	/* Nested: a tunnel from someone else inside the home agent's. */
	pkt_tunnel(&s[n], mn_mac, gw_mac, &s[2], 0, 1, HA4, COA4, XMIP_PORT_DSMIP, NAT_PORT, 0);
	n++;
	return n;
}

/* What the stack sends out of the tunnel interface: from the home
 * addresses, and a BU to the home agent. */
static size_t tc_seeds(struct pktbuf *s)
{
	size_t n = 0;
	int family;

	for (family = AF_INET; family <= AF_INET6; family += AF_INET6 - AF_INET) {
		struct pktbuf *p = &s[n++];

		pkt_eth_addr(p, mn_mac, mn_mac, family == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
		pkt_ip46(p, family, family == AF_INET6 ? HOA6 : HOA4, family == AF_INET6 ? CN6 : CN4,
			 XMIP_IPPROTO_UDP);
		pkt_udp(p, 6000, 5000);
		pkt_payload(p, 31);
		pkt_finish(p);
	}
	pkt_eth_addr(&s[n], mn_mac, mn_mac, ETH_P_IPV6);
	pkt_ipv6(&s[n], HOA6, HA6, XMIP_IPPROTO_MH);
	pkt_mh(&s[n], XMIP_MH_BU);
	pkt_finish(&s[n]);
	n++;
	return n;
}

/* XDP_REDIRECT: the packet it came in was the home agent's tunnel. */
static const char *check_decapsulated(const struct pktbuf *in)
{
	struct ip_view o;

	if (view_outer(in, &o))
		return "opened a packet that was not IP";
	if (!addr_is(&o, o.src, o.family == AF_INET6 ? HA6 : HA4))
		return "opened a tunnel from someone else than the home agent";
	if (o.proto == XMIP_IPPROTO_UDP && port_at(in->data, o.next) != XMIP_PORT_DSMIP)
		return "opened UDP from another port than 4191";
	return NULL;
}

/* TC_ACT_REDIRECT: out toward the home agent, from the care-of address, in
 * the tunnel's format or the signalling path's (IPv6 with the home address
 * option, to the home agent). */
static const char *check_sent(const struct pktbuf *out)
{
	struct ip_view o;

	if (view_outer(out, &o))
		return "sent something that is not IP";
	if (!addr_is(&o, o.dst, o.family == AF_INET6 ? HA6 : HA4))
		return "sent to someone else than the home agent";
	if (!addr_is(&o, o.src, o.family == AF_INET6 ? COA6 : COA4))
		return "sent from another address than the care-of address";
	if (o.proto == XMIP_IPPROTO_UDP &&
	    (port_at(out->data, o.next) != NAT_PORT || port_at(out->data, o.next + 2) != XMIP_PORT_DSMIP))
		return "sent UDP on other ports than the tunnel's";
	return NULL;
}

static size_t dump_paths(struct mn_fixture *m, uint8_t *buf, size_t max)
{
	return dump_map(xmip_dp_map_fd(m->base.dp, XMIP_MAPID_MN_TUNNEL), sizeof(__u32),
			sizeof(struct xmip_tunnel), buf, max);
}

static int xdp_on(void *m, const struct pktbuf *in, struct pktbuf *out) { return run_xdp(m, in, out); }
static int tc_on(void *m, const struct pktbuf *in, struct pktbuf *out) { return run_tc(m, in, out); }

static const char *check_xdp(void *m, const struct pktbuf *in, const struct pktbuf *out)
{
	(void)m;
	(void)out;
	return check_decapsulated(in);
}

static const char *check_tc(void *m, const struct pktbuf *in, const struct pktbuf *out)
{
	(void)m;
	(void)in;
	return check_sent(out);
}

/* The seeds, then MUTATIONS mutants, through XDP (tc = 0) or TC, in a
 * tunnel of format; returns how many were forwarded. */
static int run_hostile(struct mn_fixture *m, int tc, uint8_t format)
{
	static struct pktbuf seeds[32];
	static uint8_t before[1024], after[1024];
	size_t n, blen;
	int forwarded;

	set_tunnel(m, format);
	set_signal_path(m, XMIP_TUN_IP6);
	n = tc ? tc_seeds(seeds) : xdp_seeds(seeds);
	blen = dump_paths(m, before, sizeof(before));
	forwarded = hostile_run(seeds, n, MUTATIONS, tc, tc ? tc_on : xdp_on, tc ? check_tc : check_xdp, m);
	assert_int_equal(dump_paths(m, after, sizeof(after)), blen);
	assert_memory_equal(before, after, blen);
	return forwarded;
}

/* Each tunnel format in turn: the seeds alone open 2 packets in it, and
 * the oracle must have seen many. */
static void test_xdp(void **state)
{
	static const uint8_t formats[] = { XMIP_TUN_IP6, XMIP_TUN_IP4, XMIP_TUN_UDP4, XMIP_TUN_UDP6 };
	size_t i;

	for (i = 0; i < sizeof(formats); i++) {
		int n = run_hostile(*state, 0, formats[i]);

		print_message("XDP, tunnel format %u: %d opened\n", formats[i], n);
		assert_true(n > 100);
	}
}

static void test_tc(void **state)
{
	static const uint8_t formats[] = { XMIP_TUN_IP6, XMIP_TUN_IP4, XMIP_TUN_UDP4, XMIP_TUN_UDP6 };
	size_t i;

	for (i = 0; i < sizeof(formats); i++) {
		int n = run_hostile(*state, 1, formats[i]);

		print_message("TC, tunnel format %u: %d sent\n", formats[i], n);
		assert_true(n > 100);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, mn_setup, mn_teardown)
	const struct CMUnitTest tests[] = {
		T(test_xdp),
		T(test_tc),
	};
#undef T

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, mn_group_setup, mn_group_teardown);
}
