// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Hostile input through the home agent's XDP and TC programs: valid packets
 * of every kind it handles (data to a home address, tunnel packets from a
 * care-of address in each format, BUs in UDP 4191, nested tunnels, tunnels
 * from addresses without a binding, spoofed inner or outer sources), then
 * thousands of mutations of them (bytes flipped or overwritten, lengths
 * rewritten, truncated, extended), from a fixed seed so that a failure
 * repeats. Whatever the programs forward must belong where it goes:
 *   - encapsulated by the home agent: the inner destination is a bound home
 *     address and the outer destination (and UDP port) its binding's;
 *   - decapsulated: the inner source is a bound home address and the packet
 *     came from its binding's care-of address (and port) in its format;
 *   - a reply (ICMP "too big" from the home agent) goes back to the sender.
 * And no packet changes a binding: the maps hold after what they held
 * before.
 */
#include "ha_fixture.h"
#include "hostile.h"

#define HOA6_B "2001:db8:100::101"
#define HOA4_B "192.0.2.101"
#define UNBOUND6 "2001:db8:100::200"
#define MUTATIONS 6000

struct bound {
	int family;
	const char *home;
	uint8_t format;
	const char *coa;
	uint16_t port;
};

static const struct bound bound[] = {
	{ AF_INET6, HOA6, XMIP_TUN_UDP4, COA4, NAT_PORT },
	{ AF_INET, HOA4, XMIP_TUN_UDP4, COA4, NAT_PORT },
	{ AF_INET6, HOA6_B, XMIP_TUN_IP6, COA6, 0 },
	{ AF_INET, HOA4_B, XMIP_TUN_IP4, COA4, 0 },
};
#define N_BOUND (sizeof(bound) / sizeof(bound[0]))

static const struct bound *bound_home(int family, const uint8_t *addr)
{
	struct ip_view v = { .family = family };
	size_t i;

	for (i = 0; i < N_BOUND; i++)
		if (bound[i].family == family && addr_is(&v, addr, bound[i].home))
			return &bound[i];
	return NULL;
}

/* An encapsulated packet the home agent sent: to a bound home address,
 * through its binding's way. Returns a reason, or NULL. */
static const char *check_encapsulated(const struct pktbuf *out, const struct ip_view *o)
{
	int udp = o->proto == XMIP_IPPROTO_UDP;
	const struct bound *b;
	struct ip_view in;

	if (o->proto != 41 && o->proto != 4 && !udp)
		return "from the home agent, neither a tunnel nor a reply";
	if (view_inner(out->data, out->len, o, udp, &in))
		return "a tunnel without an inner packet";
	b = bound_home(in.family, in.dst);
	if (!b)
		return "tunnelled to an address without a binding";
	if (format_family(b->format) != o->family || format_udp(b->format) != udp)
		return "tunnelled in another format than the binding's";
	if (!addr_is(o, o->dst, b->coa))
		return "tunnelled to another care-of address than the binding's";
	if (udp && port_at(out->data, o->next + 2) != b->port)
		return "tunnelled to another port than the binding's";
	return NULL;
}

/* A decapsulated packet: from a bound home address, and the packet it came
 * in came from that binding's care-of address, port and format. */
static const char *check_decapsulated(const struct pktbuf *in, const struct pktbuf *out,
				      const struct ip_view *o)
{
	const struct bound *b = bound_home(o->family, o->src);
	struct ip_view tun;
	int udp;

	if (!b)
		return "forwarded with a source that has no binding";
	if (view_outer(in, &tun))
		return "decapsulated from a packet that was not IP";
	udp = tun.proto == XMIP_IPPROTO_UDP;
	if (format_family(b->format) != tun.family || format_udp(b->format) != udp)
		return "decapsulated from another format than the binding's";
	if (!addr_is(&tun, tun.src, b->coa))
		return "decapsulated from another care-of address than the binding's";
	if (udp && port_at(in->data, tun.next) != b->port)
		return "decapsulated from another port than the binding's";
	(void)out;
	return NULL;
}

/* Why the output of in must not have been forwarded, or NULL. */
static const char *check_forwarded(const struct pktbuf *in, const struct pktbuf *out)
{
	struct ip_view o, src;

	if (view_outer(out, &o))
		return "forwarded something that is not IP";
	if (addr_is(&o, o.src, o.family == AF_INET6 ? HA6 : HA4)) {
		/* ICMP "too big" goes back to whoever sent the packet. */
		if (o.proto == 1 || o.proto == 58)
			return view_outer(in, &src) == 0 && memcmp(src.src, o.dst, 16) == 0 ?
				       NULL : "an ICMP reply to someone else than the sender";
		return check_encapsulated(out, &o);
	}
	return check_decapsulated(in, out, &o);
}

/* --- the packets ---------------------------------------------------------- */

static void plain(struct pktbuf *p, int family, const char *src, const char *dst, uint8_t proto)
{
	memset(p, 0, sizeof(*p));
	pkt_eth_addr(p, our_mac, gw_mac, family == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
	pkt_ip46(p, family, src, dst, proto);
	if (proto == XMIP_IPPROTO_UDP)
		pkt_udp(p, 6000, 5000);
	else if (proto == XMIP_IPPROTO_MH)
		pkt_mh(p, XMIP_MH_BU);
	pkt_payload(p, 32);
	pkt_finish(p);
}

static void tunnel(struct pktbuf *out, const struct pktbuf *inner, uint8_t format, const char *coa,
		   uint16_t sport)
{
	int v6 = format_family(format) == AF_INET6;

	pkt_tunnel(out, our_mac, gw_mac, inner, v6, format_udp(format), coa, v6 ? HA6 : HA4, sport,
		   XMIP_PORT_DSMIP, 0);
}

static size_t make_seeds(struct pktbuf *s, size_t max)
{
	struct pktbuf in, in4, inb, in4b, bu, unb;
	size_t n = 0;

	plain(&in, AF_INET6, HOA6, CN6, XMIP_IPPROTO_UDP);
	plain(&in4, AF_INET, HOA4, CN4, XMIP_IPPROTO_UDP);
	plain(&inb, AF_INET6, HOA6_B, CN6, XMIP_IPPROTO_UDP);
	plain(&in4b, AF_INET, HOA4_B, CN4, XMIP_IPPROTO_UDP);
	plain(&bu, AF_INET6, HOA6, HA6, XMIP_IPPROTO_MH);
	plain(&unb, AF_INET6, UNBOUND6, CN6, XMIP_IPPROTO_UDP);
	/* To the mobile nodes: the home agent encapsulates. */
	plain(&s[n++], AF_INET6, CN6, HOA6, XMIP_IPPROTO_UDP);
	plain(&s[n++], AF_INET, CN4, HOA4, XMIP_IPPROTO_UDP);
	plain(&s[n++], AF_INET6, CN6, HOA6_B, XMIP_IPPROTO_UDP);
	plain(&s[n++], AF_INET, CN4, HOA4_B, XMIP_IPPROTO_UDP);
	plain(&s[n++], AF_INET6, CN6, UNBOUND6, XMIP_IPPROTO_UDP);
	/* From them, each the right way. */
	tunnel(&s[n++], &in, XMIP_TUN_UDP4, COA4, NAT_PORT);
	tunnel(&s[n++], &in4, XMIP_TUN_UDP4, COA4, NAT_PORT);
	tunnel(&s[n++], &inb, XMIP_TUN_IP6, COA6, 0);
	tunnel(&s[n++], &in4b, XMIP_TUN_IP4, COA4, 0);
	tunnel(&s[n++], &bu, XMIP_TUN_UDP4, COA4, NAT_PORT);
	/* Spoofed: another node's home address inside, another port, another
	 * format, another care-of address, no binding at all. */
	tunnel(&s[n++], &inb, XMIP_TUN_UDP4, COA4, NAT_PORT);
	tunnel(&s[n++], &in, XMIP_TUN_UDP4, COA4, NAT_PORT + 1);
	tunnel(&s[n++], &in, XMIP_TUN_IP4, COA4, 0);
	tunnel(&s[n++], &in, XMIP_TUN_UDP6, COA6, NAT_PORT);
	tunnel(&s[n++], &in4, XMIP_TUN_UDP4, COA4_NO_NEIGH, NAT_PORT);
	tunnel(&s[n++], &unb, XMIP_TUN_UDP4, COA4, NAT_PORT);
	/* Nested: a good tunnel packet inside another tunnel. */
	tunnel(&s[n], &s[n - 11], XMIP_TUN_UDP4, COA4, NAT_PORT);
	n++;
	tunnel(&s[n], &s[n - 10], XMIP_TUN_IP6, COA6, 0);
	n++;
	assert_true(n <= max);
	return n;
}

/* --- the tests -------------------------------------------------------------- */

static void bind_all(struct fixture *f)
{
	size_t i;

	for (i = 0; i < N_BOUND; i++)
		add_binding(f, bound[i].family, bound[i].home, bound[i].format, bound[i].coa, bound[i].port);
	assert_int_equal(known_home(f, HOA6_B), 0);
}

static size_t dump_bindings(struct fixture *f, uint8_t *buf, size_t max)
{
	size_t n = dump_map(xmip_dp_map_fd(f->dp, XMIP_MAPID_BIND6), sizeof(union xmip_addr),
			    sizeof(struct xmip_tunnel), buf, max);

	return n + dump_map(xmip_dp_map_fd(f->dp, XMIP_MAPID_BIND4), sizeof(union xmip_addr),
			    sizeof(struct xmip_tunnel), buf + n, max - n);
}

struct tally {
	struct fixture *f;
	int encapsulated, decapsulated;
};

static int run_xdp(void *ctx, const struct pktbuf *in, struct pktbuf *out)
{
	return run(((struct tally *)ctx)->f, in, out);
}

static int run_tc(void *ctx, const struct pktbuf *in, struct pktbuf *out)
{
	return run_ha_tc(((struct tally *)ctx)->f, in, out);
}

/* check_forwarded, and which way it went. */
static const char *check_and_count(void *ctx, const struct pktbuf *in, const struct pktbuf *out)
{
	struct tally *t = ctx;

	if (moved(t->f, XMIP_STAT_DECAP))
		t->decapsulated++;
	else
		t->encapsulated++;
	return check_forwarded(in, out);
}

/* The seeds, then MUTATIONS mutants, through XDP or TC: none may go where
 * it does not belong, and the bindings stay as they were. */
static void run_hostile(struct fixture *f, int tc, struct tally *t)
{
	static struct pktbuf seeds[32];
	static uint8_t before[4096], after[4096];
	size_t n = make_seeds(seeds, 32), blen;

	t->f = f;
	blen = dump_bindings(f, before, sizeof(before));
	hostile_run(seeds, n, MUTATIONS, tc, tc ? run_tc : run_xdp, check_and_count, t);
	assert_int_equal(dump_bindings(f, after, sizeof(after)), blen);
	assert_memory_equal(before, after, blen);
}

static void test_xdp_uplink(void **state)
{
	struct fixture *f = *state;
	struct tally t = { 0 };

	set_ha_config(f);
	bind_all(f);
	run_hostile(f, 0, &t);
	print_message("XDP, uplink: %d encapsulated, %d decapsulated\n", t.encapsulated, t.decapsulated);
	/* The oracle saw both ways, many times over: the seeds alone
	 * forward 8 packets, most mutants of them are dropped. */
	assert_true(t.encapsulated > 100 && t.decapsulated > 100);
}

/* On the home link too, where XDP also answers neighbour discovery. */
static void test_xdp_home_link(void **state)
{
	struct fixture *f = *state;
	struct xmip_dp_config dc = { .home_ifindex = (uint32_t)ifindex };
	struct tally t = { 0 };

	write_ha_config(f, &dc);
	bind_all(f);
	run_hostile(f, 0, &t);
	assert_true(t.encapsulated > 100 && t.decapsulated > 100);
}

/* TC on the tunnel interface gets what the stack routes to home addresses:
 * it only ever encapsulates. */
static void test_tc(void **state)
{
	struct fixture *f = *state;
	struct tally t = { 0 };

	set_ha_config(f);
	bind_all(f);
	run_hostile(f, 1, &t);
	print_message("TC: %d encapsulated\n", t.encapsulated);
	assert_true(t.encapsulated > 100);
	assert_int_equal(t.decapsulated, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, ha_setup, ha_teardown)
	const struct CMUnitTest tests[] = {
		T(test_xdp_uplink),
		T(test_xdp_home_link),
		T(test_tc),
	};
#undef T

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, ha_group_setup, ha_group_teardown);
}
