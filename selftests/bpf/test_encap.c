// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The home agent's encapsulation in XDP, byte for byte: every tunnel format
 * of RFC 5555 4.1 for both inner families, run with BPF_PROG_TEST_RUN
 * (repeat = 1) in a private network namespace whose FIB and neighbours are
 * fixed (testnet.h), and compared with packets built independently here.
 * Then the cases XDP hands to the stack unchanged, and the drops.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "pktgen.h"
#include "testnet.h"
#include "xmip_loader.h"
#include "xmip_proto.h"
#include "ha_xdp.skel.h"

#define HA6 "2001:db8:1::2"
#define HA4 "198.51.100.2"
#define HOA6 "2001:db8:100::100"
#define HOA4 "192.0.2.100"
#define CN6 "2001:db8:2::2"
#define CN4 "198.51.100.18"
#define COA6 "2001:db8:10::100"
#define COA4 "198.18.0.50"          /* via the default route */
#define COA4_NO_NEIGH "203.0.113.100"
#define COA4_UNREACHABLE "192.0.2.200"
#define NAT_PORT 40000

static const uint8_t our_mac[ETH_ALEN] = TESTNET_MAC;
static const uint8_t gw_mac[ETH_ALEN] = TESTNET_GW_MAC;
static int ifindex;

struct fixture {
	char instance[64];
	struct xmip_dp *dp;
	struct ha_xdp_bpf *skel;
	uint64_t before[XMIP_STAT_MAX];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct xmip_dp_opts opts = { .instance = f->instance, .role = XMIP_DP_ROLE_HA };
	struct xmip_error err = { 0 };

	snprintf(f->instance, sizeof(f->instance), "test-encap-%d", getpid());
	if (xmip_dp_open(&f->dp, &opts, &err))
		fail_msg("%s", err.msg);
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = xmip_dp_pin_dir(f->dp));
	f->skel = ha_xdp_bpf__open_opts(&oo);
	assert_non_null(f->skel);
	assert_int_equal(ha_xdp_bpf__load(f->skel), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct xmip_error err = { 0 };

	ha_xdp_bpf__destroy(f->skel);
	xmip_dp_close(f->dp);
	assert_int_equal(xmip_unpin_instance(f->instance, &err), 0);
	free(f);
	return 0;
}

static void add_binding(struct fixture *f, int family, const char *home, uint8_t format,
		 const char *coa, uint16_t port)
{
	struct xmip_home h = { .family = family, .prefixlen = family == AF_INET ? 32 : 128 };
	struct xmip_tunnel t = { .format = format, .binding_id = 1 };
	int outer = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6 ? AF_INET6 : AF_INET;
	struct xmip_error err = { 0 };

	inet_pton(family, home, h.addr.bytes);
	inet_pton(outer, coa, t.remote.bytes);
	inet_pton(outer, outer == AF_INET6 ? HA6 : HA4, t.local.bytes);
	if (format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6) {
		t.remote_port = htons(port);
		t.local_port = htons(XMIP_PORT_DSMIP);
	}
	if (xmip_binding_update(f->dp, &h, &t, &err))
		fail_msg("%s", err.msg);
}

/* Runs the program once on in; returns the verdict, out gets the result. */
static int run(struct fixture *f, const struct pktbuf *in, struct pktbuf *out)
{
	struct xdp_md ctx = { .data_end = (uint32_t)in->len, .ingress_ifindex = (uint32_t)ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->data, .data_size_in = (uint32_t)in->len,
		    .data_out = out->data, .data_size_out = sizeof(out->data),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = 1);

	assert_int_equal(xmip_stats_read(xmip_dp_map_fd(f->dp, XMIP_MAPID_STATS), f->before), 0);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(f->skel->progs.xmip_ha_xdp), &opts), 0);
	out->len = opts.data_size_out;
	return (int)opts.retval;
}

static uint64_t moved(struct fixture *f, enum xmip_stat s)
{
	uint64_t now[XMIP_STAT_MAX];

	assert_int_equal(xmip_stats_read(xmip_dp_map_fd(f->dp, XMIP_MAPID_STATS), now), 0);
	return now[s] - f->before[s];
}

static void expect_bytes(const struct pktbuf *want, const struct pktbuf *got)
{
	size_t i;

	if (want->len == got->len && memcmp(want->data, got->data, want->len) == 0)
		return;
	for (i = 0; i < want->len && i < got->len; i++)
		if (want->data[i] != got->data[i])
			break;
	fail_msg("packet differs: length want %zu got %zu, first difference at byte %zu "
		 "(want 0x%02x got 0x%02x)", want->len, got->len, i,
		 i < want->len ? want->data[i] : 0, i < got->len ? got->data[i] : 0);
}

/* What a correspondent sends to the mobile node, arriving at the HA. */
static void inner6(struct pktbuf *p, uint8_t hop, uint8_t tos, size_t payload)
{
	struct ipv6hdr *ip6;

	pkt_eth(p, ETH_P_IPV6);
	ip6 = pkt_ipv6(p, CN6, HOA6, XMIP_IPPROTO_UDP);
	ip6->hop_limit = hop;
	ipv6_set_tclass(ip6, tos);
	pkt_udp(p, 5000, 6000);
	pkt_payload(p, payload);
	pkt_finish(p);
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

/* The expected packet: Ethernet to the next hop, the format's outer headers,
 * then the forwarded inner packet. */
static void expected(struct pktbuf *e, const struct pktbuf *in, uint8_t format,
		     const char *coa, uint16_t port, uint8_t tos)
{
	int v6 = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6;
	int udp = format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6;
	uint8_t inner_proto = (in->data[in->l3] >> 4) == 6 ? XMIP_IPPROTO_IPV6 : XMIP_IPPROTO_IPIP;
	uint8_t next = udp ? XMIP_IPPROTO_UDP : inner_proto;
	struct pktbuf fwd;
	const uint8_t *ip;
	size_t ip_len, udp_off = 0;

	forwarded_inner(in, &fwd);
	ip = pkt_ip(&fwd, &ip_len);
	memset(e, 0, sizeof(*e));
	pkt_eth_addr(e, gw_mac, our_mac, v6 ? ETH_P_IPV6 : ETH_P_IP);
	if (v6) {
		ipv6_set_tclass(pkt_ipv6(e, HA6, coa, next), tos);
	} else {
		struct iphdr *o = pkt_ipv4(e, HA4, coa, next);   /* DF, TTL 64, ID 0 */

		o->tos = tos;
	}
	if (udp) {
		udp_off = e->len;
		pkt_udp(e, XMIP_PORT_DSMIP, port);
	}
	pkt_append(e, ip, ip_len);
	pkt_finish(e);
	if (udp)
		pkt_finish_udp(e, udp_off);
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

/* 1460 bytes of inner IPv6 + 40 of outer = 1500: fits. 1461: does not. */
static void test_too_big_to_stack(void **state)
{
	struct fixture *f = *state;
	struct pktbuf in = { 0 }, out = { 0 };

	add_binding(f, AF_INET6, HOA6, XMIP_TUN_IP6, COA6, 0);
	inner6(&in, 64, 0, 1460 - 48);
	assert_int_equal(run(f, &in, &out), XDP_TX);
	memset(&in, 0, sizeof(in));
	inner6(&in, 64, 0, 1460 - 48 + 1);
	expect_to_stack(f, &in, XMIP_STAT_STACK_TOO_BIG);
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

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_6in6), T(test_4in6), T(test_6in4), T(test_4in4),
		T(test_6_udp4), T(test_4_udp4), T(test_6_udp6), T(test_4_udp6),
		T(test_non_df_inner), T(test_ttl_1_to_stack), T(test_hop_limit_1_to_stack),
		T(test_fragment_to_stack), T(test_too_big_to_stack),
		T(test_no_neighbour_to_stack), T(test_unreachable_care_of_dropped),
		T(test_unknown_destination_untouched),
	};
#undef T

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
