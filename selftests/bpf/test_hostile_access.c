// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Hostile input through the access kind's XDP (a MAG), as test_hostile and
 * test_hostile_mn do for the home agent and the mobile node: valid packets
 * of each kind, then thousands of mutants from a fixed seed. Whatever XDP
 * sends on (XDP_TX, XDP_REDIRECT) must be one of:
 *   - the attached host's IPv4, from its link-layer address, inside IPv6
 *     from our address to its LMA;
 *   - to the host's link-layer address from the router's: an LMA's packet
 *     decapsulated (it came from the LMA), or an echo reply to the host's
 *     echo request to its router;
 *   - an ARP reply to the host, for an address of its home network, to a
 *     request from its link-layer address.
 * No packet changes the maps (the host's binding and entry).
 */
#include "access_fixture.h"
#include "hostile.h"

#define MUTATIONS 8000

static struct access_fixture *acc;

static int group_setup(void **state)
{
	(void)state;
	acc = access_fixture_open("hacc");
	access_configure(acc);
	access_attach_host(acc, (uint32_t)ifindex);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	access_fixture_close(acc);
	return 0;
}

static int run_xdp(void *ctx, const struct pktbuf *in, struct pktbuf *out)
{
	struct xdp_md md = { .data_end = (uint32_t)in->len, .ingress_ifindex = (uint32_t)ifindex };

	(void)ctx;
	return run_prog(&acc->base, acc->xdp->progs.xmip_mag_xdp, &md, sizeof(md), in, out);
}

static void host_ipv4(struct pktbuf *p, const char *dst, uint8_t proto)
{
	pkt_eth_addr(p, router_mac, host_mac, ETH_P_IP);
	pkt_ipv4(p, HOST4, dst, proto);
	if (proto == XMIP_IPPROTO_ICMP) {
		uint8_t *icmp = pkt_put(p, 8);

		icmp[0] = 8;
	} else {
		pkt_udp(p, 40000, 5001);
	}
	pkt_payload(p, 32);
	pkt_finish(p);
}

static size_t seeds(struct pktbuf *s)
{
	struct pktbuf inner = { 0 };
	size_t n = 0;
	uint8_t *a;

	host_ipv4(&s[n++], CN4_ACCESS, XMIP_IPPROTO_UDP);   /* toward the LMA */
	host_ipv4(&s[n++], ROUTER4, XMIP_IPPROTO_ICMP);     /* echo to the router */
	pkt_eth(&inner, ETH_P_IP);                          /* from the LMA */
	pkt_ipv4(&inner, CN4_ACCESS, HOST4, XMIP_IPPROTO_UDP);
	pkt_udp(&inner, 5001, 40000);
	pkt_payload(&inner, 32);
	pkt_finish(&inner);
	pkt_tunnel(&s[n++], our_mac, gw_mac, &inner, 1, 0, LMA6, MAG6, 0, 0, 0);
	pkt_tunnel(&s[n++], our_mac, gw_mac, &inner, 1, 0, "2001:db8:2::99", MAG6, 0, 0, 0);   /* not the LMA */
	pkt_eth_addr(&s[n], (const uint8_t[]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, host_mac, 0x0806);
	a = pkt_put(&s[n], 28);                             /* ARP for the router */
	memcpy(a, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 1 }, 8);
	memcpy(a + 8, host_mac, 6);
	inet_pton(AF_INET, HOST4, a + 14);
	inet_pton(AF_INET, ROUTER4, a + 24);
	n++;
	return n;
}

static int mac_is(const uint8_t *at, const uint8_t *mac)
{
	return memcmp(at, mac, ETH_ALEN) == 0;
}

/* Why out must not have left, or NULL. */
static const char *check(void *ctx, const struct pktbuf *in, const struct pktbuf *out)
{
	uint16_t type = out->len >= ETH_HLEN ? (uint16_t)(out->data[12] << 8 | out->data[13]) : 0;
	struct ip_view o, i, inner;

	(void)ctx;
	if (type == 0x0806) {
		if (out->len < ETH_HLEN + 28 || !mac_is(out->data, host_mac) || !mac_is(out->data + 6, router_mac))
			return "an ARP reply not from the router to the host";
		if (!mac_is(in->data + 6, host_mac) || memcmp(in->data + ETH_HLEN + 14, out->data + ETH_HLEN + 24, 4))
			return "an ARP reply to someone else than the host that asked";
		if (out->data[ETH_HLEN + 14] != 198 || out->data[ETH_HLEN + 15] != 51 || out->data[ETH_HLEN + 16] != 100)
			return "an ARP reply for an address outside the home network";
		return NULL;
	}
	if (view_outer(out, &o))
		return "sent something that is neither IP nor ARP";
	if (o.family == AF_INET6) {
		if (!addr_is(&o, o.src, MAG6) || !addr_is(&o, o.dst, LMA6) || o.proto != XMIP_IPPROTO_IPIP)
			return "sent IPv6 that is not IPv4 in IPv6 from us to the LMA";
		if (view_inner(out->data, out->len, &o, 0, &inner) || !addr_is(&inner, inner.src, HOST4))
			return "tunnelled another source than the host";
		if (!mac_is(in->data + 6, host_mac))
			return "tunnelled a frame from another link-layer address than the host's";
		return NULL;
	}
	if (!mac_is(out->data, host_mac) || !mac_is(out->data + 6, router_mac) || !addr_is(&o, o.dst, HOST4))
		return "sent IPv4 that is not to the host from the router";
	if (view_outer(in, &i))
		return "made IPv4 to the host out of something that was not IP";
	if (i.family == AF_INET6)
		return addr_is(&i, i.src, LMA6) ? NULL : "opened a tunnel from someone else than the LMA";
	if (!addr_is(&i, i.src, HOST4) || !addr_is(&i, i.dst, ROUTER4) || !mac_is(in->data + 6, host_mac))
		return "answered an echo request that was not the host's to its router";
	return NULL;
}

static size_t dump_maps(uint8_t *buf, size_t max)
{
	size_t n = dump_map(xmip_dp_map_fd(acc->base.dp, XMIP_MAPID_BIND4), sizeof(__be32), sizeof(struct xmip_tunnel),
			    buf, max);

	return n + dump_map(xmip_dp_map_fd(acc->base.dp, XMIP_MAPID_ACCESS_HOST), sizeof(__be32),
			    sizeof(struct xmip_access_host), buf + n, max - n);
}

static void test_xdp(void **state)
{
	static struct pktbuf s[16];
	static uint8_t before[1024], after[1024];
	size_t n = seeds(s), blen = dump_maps(before, sizeof(before));
	int forwarded;

	(void)state;
	forwarded = hostile_run(s, n, MUTATIONS, 0, run_xdp, check, NULL);
	print_message("access XDP: %d of %d sent on\n", forwarded, (int)(n + MUTATIONS));
	assert_true(forwarded > 100);
	assert_int_equal(dump_maps(after, sizeof(after)), blen);
	assert_memory_equal(before, after, blen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xdp),
	};

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
