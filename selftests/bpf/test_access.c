// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The access kind's programs (a MAG) under BPF_PROG_TEST_RUN, byte for byte:
 * a host's IPv4 encapsulated toward its LMA (XDP, and TC for what the stack
 * routes into the tunnel interface), the LMA's IPv4-in-IPv6 delivered to the
 * host's link-layer address, ARP and echo requests to the default router
 * answered with the router's shared link-layer address, and every refusal:
 * a host sending from another's address or link, a tunnel packet from
 * another anchor or for a host not attached, ARP probes.
 *
 * tst0 (testnet.h) is both the MAG's uplink and the host's access link here:
 * what goes back out of it is XDP_TX.
 */
#include "access_fixture.h"

#define OTHER_LMA6 "2001:db8:2::99"
#define HOST4_OTHER "198.51.100.20"     /* of the home network, not attached */
#define OTHER_LINK 4343                 /* another access link's ifindex */

static struct access_fixture *acc;

static int group_setup(void **state)
{
	(void)state;
	acc = access_fixture_open("access");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	access_fixture_close(acc);
	return 0;
}

/* The MAG's settings, the maps empty. */
static int setup(void **state)
{
	assert_int_equal(dp_reset_maps(acc->base.dp), 0);
	access_configure(acc);
	*state = acc;
	return 0;
}

/* HOST4 attached on link `link` behind the LMA. */
static void attach_host(uint32_t link)
{
	access_attach_host(acc, link);
}

static int run_xdp(const struct pktbuf *in, struct pktbuf *out)
{
	struct xdp_md ctx = { .data_end = (uint32_t)in->len, .ingress_ifindex = (uint32_t)ifindex };

	return run_prog(&acc->base, acc->xdp->progs.xmip_mag_xdp, &ctx, sizeof(ctx), in, out);
}

static uint64_t counted(enum xmip_stat s)
{
	return moved(&acc->base, s);
}

/* What the host sends: UDP to a correspondent, from src at mac. */
static void host_packet(struct pktbuf *p, const char *src, const uint8_t mac[ETH_ALEN], uint8_t ttl)
{
	memset(p, 0, sizeof(*p));
	pkt_eth_addr(p, router_mac, mac, ETH_P_IP);
	pkt_ipv4(p, src, CN4_ACCESS, XMIP_IPPROTO_UDP)->ttl = ttl;
	pkt_udp(p, 40000, 5001);
	pkt_payload(p, 33);
	pkt_finish(p);
	pkt_finish_l4(p, p->l3 + 20, XMIP_IPPROTO_UDP);
}

/* The IPv4 packet in p, its TTL taken one lower (a router's hop). */
static void hop(struct pktbuf *p)
{
	((struct iphdr *)(p->data + p->l3))->ttl--;
	pkt_finish(p);
}

static void test_host_to_lma(void **state)
{
	struct pktbuf in = { 0 }, inner = { 0 }, out = { 0 }, want = { 0 };

	(void)state;
	attach_host((uint32_t)ifindex);
	host_packet(&in, HOST4, host_mac, 64);
	host_packet(&inner, HOST4, host_mac, 63);   /* a router's hop */
	pkt_tunnel(&want, gw_mac, our_mac, &inner, 1, 0, MAG6, LMA6, 0, 0, 0);
	assert_int_equal(run_xdp(&in, &out), XDP_TX);
	expect_bytes(&want, &out);
	assert_int_equal(counted(XMIP_STAT_ACCESS_ENCAP_XMIT), 1);
}

/* A host sending from its address but another link-layer address, or on
 * another link, is dropped; from an address of the home network no host is
 * attached with, it goes to the stack (a new attachment), as does DHCP. */
static void test_host_refusals(void **state)
{
	static const uint8_t other_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x66 };
	struct pktbuf in = { 0 }, out = { 0 };

	(void)state;
	attach_host((uint32_t)ifindex);
	host_packet(&in, HOST4, other_mac, 64);
	assert_int_equal(run_xdp(&in, &out), XDP_DROP);
	assert_int_equal(counted(XMIP_STAT_DROP_HOST_SPOOF), 1);
	attach_host(OTHER_LINK);
	host_packet(&in, HOST4, host_mac, 64);
	assert_int_equal(run_xdp(&in, &out), XDP_DROP);
	assert_int_equal(counted(XMIP_STAT_DROP_HOST_SPOOF), 1);
	host_packet(&in, HOST4_OTHER, other_mac, 64);
	assert_int_equal(run_xdp(&in, &out), XDP_PASS);
	assert_int_equal(counted(XMIP_STAT_ACCESS_UNKNOWN_HOST), 1);
	host_packet(&in, "0.0.0.0", other_mac, 64);
	assert_int_equal(run_xdp(&in, &out), XDP_PASS);
	assert_int_equal(counted(XMIP_STAT_ACCESS_UNKNOWN_HOST), 1);
	/* TTL 1: the stack answers with time exceeded. */
	attach_host((uint32_t)ifindex);
	host_packet(&in, HOST4, host_mac, 1);
	assert_int_equal(run_xdp(&in, &out), XDP_PASS);
	assert_int_equal(counted(XMIP_STAT_STACK_TTL), 1);
}

/* What the LMA tunnels to the host, from src. */
static void from_lma(struct pktbuf *in, struct pktbuf *inner, const char *src, const char *host)
{
	memset(inner, 0, sizeof(*inner));
	pkt_eth(inner, ETH_P_IP);
	pkt_ipv4(inner, CN4_ACCESS, host, XMIP_IPPROTO_UDP)->ttl = 63;
	pkt_udp(inner, 5001, 40000);
	pkt_payload(inner, 40);
	pkt_finish(inner);
	pkt_finish_l4(inner, inner->l3 + 20, XMIP_IPPROTO_UDP);
	pkt_tunnel(in, our_mac, gw_mac, inner, 1, 0, src, MAG6, 0, 0, 0);
}

/* The inner packet as the host receives it: from the router's link-layer
 * address, a hop fewer. */
static void delivered(struct pktbuf *want, const struct pktbuf *inner)
{
	const uint8_t *ip;
	size_t len;

	ip = pkt_ip(inner, &len);
	memset(want, 0, sizeof(*want));
	pkt_eth_addr(want, host_mac, router_mac, ETH_P_IP);
	want->l3 = want->len;
	pkt_append(want, ip, len);
	hop(want);
}

static void test_lma_to_host(void **state)
{
	struct pktbuf in = { 0 }, inner = { 0 }, out = { 0 }, want = { 0 };

	(void)state;
	attach_host((uint32_t)ifindex);
	from_lma(&in, &inner, LMA6, HOST4);
	delivered(&want, &inner);
	assert_int_equal(run_xdp(&in, &out), XDP_TX);
	expect_bytes(&want, &out);
	assert_int_equal(counted(XMIP_STAT_ACCESS_DELIVER), 1);
	/* On another access link: redirected there, the same bytes. */
	attach_host(OTHER_LINK);
	memset(&out, 0, sizeof(out));
	assert_int_equal(run_xdp(&in, &out), XDP_REDIRECT);
	expect_bytes(&want, &out);
}

static void test_lma_refusals(void **state)
{
	struct pktbuf in = { 0 }, inner = { 0 }, out = { 0 };

	(void)state;
	attach_host((uint32_t)ifindex);
	from_lma(&in, &inner, OTHER_LMA6, HOST4);
	assert_int_equal(run_xdp(&in, &out), XDP_DROP);
	assert_int_equal(counted(XMIP_STAT_DROP_SPOOF_OUTER), 1);
	from_lma(&in, &inner, LMA6, HOST4_OTHER);
	assert_int_equal(run_xdp(&in, &out), XDP_DROP);
	assert_int_equal(counted(XMIP_STAT_DROP_NO_TUNNEL), 1);
}

/* An ARP request from the host (RFC 826), for target. */
static void arp_request(struct pktbuf *p, const char *sender, const char *target)
{
	pkt_arp_request(p, host_mac, sender, target);
}

static void test_arp(void **state)
{
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };
	uint8_t *a;

	(void)state;
	attach_host((uint32_t)ifindex);
	arp_request(&in, HOST4, ROUTER4);
	memset(&want, 0, sizeof(want));
	pkt_eth_addr(&want, host_mac, router_mac, 0x0806);
	a = pkt_put(&want, 28);
	memcpy(a, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 2 }, 8);   /* a reply */
	memcpy(a + 8, router_mac, 6);
	inet_pton(AF_INET, ROUTER4, a + 14);
	memcpy(a + 18, host_mac, 6);
	inet_pton(AF_INET, HOST4, a + 24);
	assert_int_equal(run_xdp(&in, &out), XDP_TX);
	expect_bytes(&want, &out);
	/* Another address of the home network: the router's too. */
	arp_request(&in, HOST4, HOST4_OTHER);
	inet_pton(AF_INET, HOST4_OTHER, a + 14);
	assert_int_equal(run_xdp(&in, &out), XDP_TX);
	expect_bytes(&want, &out);
	assert_int_equal(counted(XMIP_STAT_ARP_REPLY), 1);
	/* Not answered: a probe (RFC 5227), an announcement, an address
	 * outside the home network, a sender not attached, a request whose
	 * frame came from another link-layer address than it names. */
	arp_request(&in, "0.0.0.0", HOST4_OTHER);
	assert_int_equal(run_xdp(&in, &out), XDP_PASS);
	arp_request(&in, HOST4, HOST4);
	assert_int_equal(run_xdp(&in, &out), XDP_PASS);
	arp_request(&in, HOST4, CN4_ACCESS);
	assert_int_equal(run_xdp(&in, &out), XDP_PASS);
	arp_request(&in, HOST4_OTHER, ROUTER4);
	assert_int_equal(run_xdp(&in, &out), XDP_PASS);
	arp_request(&in, HOST4, ROUTER4);   /* the frame from another link-layer address */
	in.data[11] ^= 1;
	assert_int_equal(run_xdp(&in, &out), XDP_PASS);
	assert_int_equal(counted(XMIP_STAT_ARP_REPLY), 0);
}

static void echo(struct pktbuf *p, const uint8_t dmac[ETH_ALEN], const uint8_t smac[ETH_ALEN], const char *src,
		 const char *dst, uint8_t type)
{
	pkt_icmp_echo(p, dmac, smac, src, dst, type);
}

static void test_echo_to_router(void **state)
{
	struct pktbuf in = { 0 }, out = { 0 }, want = { 0 };

	(void)state;
	attach_host((uint32_t)ifindex);
	echo(&in, router_mac, host_mac, HOST4, ROUTER4, 8);
	echo(&want, host_mac, router_mac, ROUTER4, HOST4, 0);
	assert_int_equal(run_xdp(&in, &out), XDP_TX);
	expect_bytes(&want, &out);
	assert_int_equal(counted(XMIP_STAT_ICMP_ECHO_REPLY), 1);
}

/* What the stack routes into the tunnel interface from a host (a fragment,
 * say): encapsulated by its source address, redirected toward the LMA. */
static void test_tc_by_source(void **state)
{
	struct __sk_buff ctx = { .ifindex = (uint32_t)ifindex };
	struct pktbuf in = { 0 }, inner = { 0 }, out = { 0 }, want = { 0 };

	(void)state;
	attach_host((uint32_t)ifindex);
	host_packet(&in, HOST4, host_mac, 63);
	host_packet(&inner, HOST4, host_mac, 63);   /* the stack took the hop off */
	pkt_tunnel(&want, router_mac, host_mac, &inner, 1, 0, MAG6, LMA6, 0, 0, 0);
	assert_int_equal(run_prog(&acc->base, acc->tc->progs.xmip_mag_tc, &ctx, sizeof(ctx), &in, &out),
			 TC_ACT_REDIRECT);
	expect_bytes(&want, &out);
	assert_int_equal(counted(XMIP_STAT_TC_ENCAP_XMIT), 1);
	/* From an address without a binding: dropped, counted. */
	host_packet(&in, HOST4_OTHER, host_mac, 63);
	assert_int_equal(run_prog(&acc->base, acc->tc->progs.xmip_mag_tc, &ctx, sizeof(ctx), &in, &out),
			 TC_ACT_SHOT);
	assert_int_equal(counted(XMIP_STAT_DROP_NO_TUNNEL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_host_to_lma, setup),
		cmocka_unit_test_setup(test_host_refusals, setup),
		cmocka_unit_test_setup(test_lma_to_host, setup),
		cmocka_unit_test_setup(test_lma_refusals, setup),
		cmocka_unit_test_setup(test_arp, setup),
		cmocka_unit_test_setup(test_echo_to_router, setup),
		cmocka_unit_test_setup(test_tc_by_source, setup),
	};

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
