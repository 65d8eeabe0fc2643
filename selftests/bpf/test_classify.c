// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The BPF programs, loaded into the kernel and run on built packets with
 * BPF_PROG_TEST_RUN (repeat = 1: each run sees a fresh copy). Checks the
 * verdict and which counter moved: signalling passes to the stack untouched,
 * bindings are found by home address and by prefix, malformed packets are
 * dropped and counted.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/pkt_cls.h>
#include "pktgen.h"
#include "testnet.h"
#include "dp_reset.h"
#include "xmip_loader.h"
#include "xmip_proto.h"
#include "anchor_xdp.skel.h"

#define HA6 "2001:db8:1::2"
#define HOA6 "2001:db8:100::100"
#define CN6 "2001:db8:2::2"
#define HOA4 "192.0.2.100"
#define CN4 "198.51.100.18"

struct fixture {
	struct xmip_dp *dp;           /* the real loader: maps, pins, binding API */
	struct anchor_xdp_bpf *ha_xdp;    /* program copies for BPF_PROG_TEST_RUN */
	int stats_fd;
	uint64_t before[XMIP_STAT_MAX];
};

static struct fixture *shared;

/* Loads once (verification is costly); each test starts from empty maps. */
static int group_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char instance[64];
	struct xmip_dp_opts opts = { .instance = instance, .kind = XMIP_DP_ANCHOR };
	struct xmip_error err = { 0 };

	snprintf(instance, sizeof(instance), "test-bpf-%d", getpid());
	if (xmip_dp_open(&f->dp, &opts, &err))
		fail_msg("%s", err.msg);
	/* The program objects meet the loader's maps through the pins. */
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = xmip_dp_pin_dir(f->dp));
	f->ha_xdp = anchor_xdp_bpf__open_opts(&oo);
	assert_non_null(f->ha_xdp);
	assert_int_equal(anchor_xdp_bpf__load(f->ha_xdp), 0);
	f->stats_fd = xmip_dp_map_fd(f->dp, XMIP_MAPID_STATS);
	shared = f;
	(void)state;
	return 0;
}

static int setup(void **state)
{
	assert_int_equal(dp_reset_maps(shared->dp), 0);
	*state = shared;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return 0;
}

static int group_teardown(void **state)
{
	struct fixture *f = shared;
	struct xmip_error err = { 0 };
	char instance[64];

	(void)state;
	snprintf(instance, sizeof(instance), "test-bpf-%d", getpid());
	anchor_xdp_bpf__destroy(f->ha_xdp);
	xmip_dp_close(f->dp);
	assert_int_equal(xmip_unpin_instance(instance, &err), 0);
	free(f);
	return 0;
}

static int ifindex;   /* tst0 of testnet.h: where test packets arrive */

static int run(struct fixture *f, int prog_fd, struct pktbuf *p)
{
	uint8_t out[2048];
	struct xdp_md xctx = { .data_end = (uint32_t)p->len, .ingress_ifindex = (uint32_t)ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = p->data, .data_size_in = (uint32_t)p->len,
		    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);
	struct bpf_prog_info info = { 0 };
	__u32 info_len = sizeof(info);

	/* XDP programs get the ingress interface; TC ones their own context. */
	assert_int_equal(bpf_obj_get_info_by_fd(prog_fd, &info, &info_len), 0);
	if (info.type == BPF_PROG_TYPE_XDP) {
		opts.ctx_in = &xctx;
		opts.ctx_size_in = sizeof(xctx);
	}

	assert_int_equal(xmip_stats_read(f->stats_fd, f->before), 0);
	assert_int_equal(bpf_prog_test_run_opts(prog_fd, &opts), 0);
	return (int)opts.retval;
}

/* How much a counter moved since the last run(). */
static uint64_t moved(struct fixture *f, enum xmip_stat s)
{
	uint64_t now[XMIP_STAT_MAX];

	assert_int_equal(xmip_stats_read(f->stats_fd, now), 0);
	return now[s] - f->before[s];
}

static int ha_xdp_fd(struct fixture *f)
{
	return bpf_program__fd(f->ha_xdp->progs.xmip_ha_xdp);
}

static void add_binding(struct fixture *f, int family, const char *home, int prefixlen,
			const struct xmip_tunnel *t)
{
	struct xmip_home h = { .family = family, .prefixlen = (uint8_t)prefixlen };
	struct xmip_error err = { 0 };

	inet_pton(family, home, h.addr.bytes);
	if (xmip_binding_update(f->dp, &h, t, &err))
		fail_msg("%s", err.msg);
}

static void add_binding6(struct fixture *f, const char *hoa, const char *coa)
{
	struct xmip_tunnel t = { .format = XMIP_TUN_IP6, .binding_id = 7 };

	inet_pton(AF_INET6, coa, t.remote.bytes);
	inet_pton(AF_INET6, HA6, t.local.bytes);
	add_binding(f, AF_INET6, hoa, 128, &t);
}

static void test_mh_goes_to_stack(void **state)
{
	struct fixture *f = *state;
	struct pktbuf p = { 0 };

	pkt_eth(&p, ETH_P_IPV6);
	pkt_ipv6(&p, HOA6, HA6, XMIP_IPPROTO_MH);
	pkt_payload(&p, 24);
	pkt_finish(&p);
	assert_int_equal(run(f, ha_xdp_fd(f), &p), XDP_PASS);
	assert_int_equal(moved(f, XMIP_STAT_RX_MH), 1);
	assert_int_equal(moved(f, XMIP_STAT_BINDING_MISS), 0);
}

/* A BU with a Home Address destination option: MH after an extension header
 * must still be recognised, not skipped. */
static void test_mh_after_dstopts(void **state)
{
	struct fixture *f = *state;
	struct pktbuf p = { 0 };

	pkt_eth(&p, ETH_P_IPV6);
	pkt_ipv6(&p, "2001:db8:10::100", HA6, 60);
	pkt_ext8(&p, XMIP_IPPROTO_MH);
	pkt_payload(&p, 24);
	pkt_finish(&p);
	assert_int_equal(run(f, ha_xdp_fd(f), &p), XDP_PASS);
	assert_int_equal(moved(f, XMIP_STAT_RX_MH), 1);
}

/* UDP 4191 must carry an IP packet (RFC 5555 4.1); garbage is dropped. */
static void test_udp_4191_garbage_dropped(void **state)
{
	struct fixture *f = *state;
	struct pktbuf p = { 0 };

	pkt_eth(&p, ETH_P_IP);
	pkt_ipv4(&p, "198.51.100.50", "198.51.100.2", XMIP_IPPROTO_UDP);
	pkt_udp(&p, 40000, XMIP_PORT_DSMIP);
	pkt_payload(&p, 40);   /* first nibble 0: no IP version */
	pkt_finish(&p);
	assert_int_equal(run(f, ha_xdp_fd(f), &p), XDP_DROP);
	assert_int_equal(moved(f, XMIP_STAT_DROP_MALFORMED), 1);
}

static void test_binding_hit_and_miss6(void **state)
{
	struct fixture *f = *state;
	struct pktbuf p = { 0 };

	add_binding6(f, HOA6, "2001:db8:10::100");
	pkt_eth(&p, ETH_P_IPV6);
	pkt_ipv6(&p, CN6, HOA6, XMIP_IPPROTO_UDP);
	pkt_udp(&p, 1000, 2000);
	pkt_finish(&p);
	/* Found, so tunnelled (test_encap checks the bytes). */
	assert_int_equal(run(f, ha_xdp_fd(f), &p), XDP_TX);
	assert_int_equal(moved(f, XMIP_STAT_BINDING_HIT), 1);

	memset(&p, 0, sizeof(p));
	pkt_eth(&p, ETH_P_IPV6);
	pkt_ipv6(&p, CN6, "2001:db8:100::101", XMIP_IPPROTO_UDP);
	pkt_udp(&p, 1000, 2000);
	pkt_finish(&p);
	assert_int_equal(run(f, ha_xdp_fd(f), &p), XDP_PASS);
	assert_int_equal(moved(f, XMIP_STAT_BINDING_MISS), 1);
	assert_int_equal(moved(f, XMIP_STAT_BINDING_HIT), 0);
}

/* An IPv4 home prefix: any address inside it finds the binding. */
static void test_binding_by_prefix4(void **state)
{
	struct fixture *f = *state;
	struct xmip_tunnel t = { .format = XMIP_TUN_UDP4, .remote_port = htons(40000),
				 .local_port = htons(XMIP_PORT_DSMIP) };
	struct pktbuf p = { 0 };

	inet_pton(AF_INET, "198.18.0.50", &t.remote.v4);
	inet_pton(AF_INET, "198.51.100.2", &t.local.v4);

	/* Host bits in the prefix are masked by the loader. */
	add_binding(f, AF_INET, "192.0.2.77", 28, &t);
	pkt_eth(&p, ETH_P_IP);
	pkt_ipv4(&p, CN4, "192.0.2.77", XMIP_IPPROTO_UDP);
	pkt_udp(&p, 1, 2);
	pkt_finish(&p);
	assert_int_equal(run(f, ha_xdp_fd(f), &p), XDP_TX);
	assert_int_equal(moved(f, XMIP_STAT_BINDING_HIT), 1);

	memset(&p, 0, sizeof(p));
	pkt_eth(&p, ETH_P_IP);
	pkt_ipv4(&p, CN4, "192.0.2.80", XMIP_IPPROTO_UDP);   /* just outside /28 */
	pkt_udp(&p, 1, 2);
	pkt_finish(&p);
	run(f, ha_xdp_fd(f), &p);
	assert_int_equal(moved(f, XMIP_STAT_BINDING_MISS), 1);
}

static void test_truncated_ipv6_dropped(void **state)
{
	struct fixture *f = *state;
	struct pktbuf p = { 0 };

	pkt_eth(&p, ETH_P_IPV6);
	pkt_payload(&p, 20);   /* half an IPv6 header */
	assert_int_equal(run(f, ha_xdp_fd(f), &p), XDP_DROP);
	assert_int_equal(moved(f, XMIP_STAT_DROP_MALFORMED), 1);
}

static void test_truncated_extension_dropped(void **state)
{
	struct fixture *f = *state;
	struct pktbuf p = { 0 };
	uint8_t *ext;

	pkt_eth(&p, ETH_P_IPV6);
	pkt_ipv6(&p, CN6, HOA6, 60);
	ext = pkt_put(&p, 8);
	ext[0] = XMIP_IPPROTO_MH;
	ext[1] = 4;            /* claims 40 bytes, packet ends after 8 */
	pkt_finish(&p);
	assert_int_equal(run(f, ha_xdp_fd(f), &p), XDP_DROP);
	assert_int_equal(moved(f, XMIP_STAT_DROP_MALFORMED), 1);
	assert_int_equal(moved(f, XMIP_STAT_RX_MH), 0);
}

static void test_bad_ipv4_ihl_dropped(void **state)
{
	struct fixture *f = *state;
	struct pktbuf p = { 0 };
	struct iphdr *ip;

	pkt_eth(&p, ETH_P_IP);
	ip = pkt_ipv4(&p, CN4, HOA4, XMIP_IPPROTO_UDP);
	ip->ihl = 3;
	pkt_payload(&p, 30);
	assert_int_equal(run(f, ha_xdp_fd(f), &p), XDP_DROP);
	assert_int_equal(moved(f, XMIP_STAT_DROP_MALFORMED), 1);
}

static void test_non_ip_passes(void **state)
{
	struct fixture *f = *state;
	struct pktbuf p = { 0 };

	pkt_eth(&p, ETH_P_ARP);
	pkt_payload(&p, 28);
	assert_int_equal(run(f, ha_xdp_fd(f), &p), XDP_PASS);
	assert_int_equal(moved(f, XMIP_STAT_RX_PACKETS), 1);
	assert_int_equal(moved(f, XMIP_STAT_TO_STACK), 1);
	assert_int_equal(moved(f, XMIP_STAT_DROP_MALFORMED), 0);
}

/* The loader's binding API refuses what the data plane must never see. */
static void test_binding_api_checks(void **state)
{
	struct fixture *f = *state;
	struct xmip_home h = { .family = AF_INET6, .prefixlen = 128 };
	struct xmip_tunnel t = { .format = XMIP_TUN_IP4 };
	struct xmip_error err = { 0 };

	inet_pton(AF_INET6, HOA6, h.addr.bytes);
	t.remote.v6[2] = 1;   /* garbage after an IPv4 address */
	assert_int_equal(xmip_binding_update(f->dp, &h, &t, &err), -EINVAL);
	assert_string_equal(err.msg, "IPv4 tunnel endpoints must have zero padding");
	t.remote.v6[2] = 0;
	t.format = XMIP_TUN_UDP4;   /* without ports */
	assert_int_equal(xmip_binding_update(f->dp, &h, &t, &err), -EINVAL);
	t.format = 9;
	assert_int_equal(xmip_binding_update(f->dp, &h, &t, &err), -EINVAL);
	assert_string_equal(err.msg, "invalid tunnel format 9");
	t.format = XMIP_TUN_IP4;
	h.prefixlen = 129;
	assert_int_equal(xmip_binding_update(f->dp, &h, &t, &err), -EINVAL);
	h.prefixlen = 0;
	assert_int_equal(xmip_binding_update(f->dp, &h, &t, &err), -EINVAL);
	/* Update, replace, delete, delete again. */
	h.prefixlen = 128;
	assert_int_equal(xmip_binding_update(f->dp, &h, &t, &err), 0);
	t.binding_id = 2;
	assert_int_equal(xmip_binding_update(f->dp, &h, &t, &err), 0);
	assert_int_equal(xmip_binding_delete(f->dp, &h, &err), 0);
	assert_int_equal(xmip_binding_delete(f->dp, &h, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mh_goes_to_stack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mh_after_dstopts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_4191_garbage_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binding_hit_and_miss6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binding_by_prefix4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_ipv6_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_extension_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_ipv4_ihl_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_non_ip_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binding_api_checks, setup, teardown),
	};

	ifindex = testnet_setup();
	if (ifindex <= 0)
		return 1;
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
