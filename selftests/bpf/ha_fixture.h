/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The home agent's XDP and TC programs under BPF_PROG_TEST_RUN, for the
 * encap and decap tests: loaded through the real loader (maps pinned for a
 * test instance, bindings written with the binding API), run once per packet
 * with tst0 of testnet.h as the ingress interface (XDP) or as the tunnel
 * interface the packet leaves by (TC).
 */
#ifndef XMIP_HA_FIXTURE_H
#define XMIP_HA_FIXTURE_H

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
#include "dp_reset.h"
#include "xmip_loader.h"
#include "xmip_proto.h"
#include <linux/pkt_cls.h>
#include "anchor_xdp.skel.h"
#include "anchor_tc.skel.h"

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
	struct anchor_xdp_bpf *skel;
	struct anchor_tc_bpf *tc;
	uint64_t before[XMIP_STAT_MAX];
};

/* Loading verifies the program: costly (seconds under emulation), so once
 * per test program; each test then starts from empty maps. */
static struct fixture *ha_shared;

static inline int known_home(struct fixture *f, const char *home)
{
	struct xmip_error err = { 0 };
	struct in6_addr a;

	inet_pton(AF_INET6, home, &a);
	return xmip_known_home_add(f->dp, &a, &err);
}

static inline int ha_group_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct xmip_dp_opts opts = { .instance = f->instance, .kind = XMIP_DP_ANCHOR };
	struct xmip_error err = { 0 };

	(void)state;
	snprintf(f->instance, sizeof(f->instance), "test-encap-%d", getpid());
	if (xmip_dp_open(&f->dp, &opts, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = xmip_dp_pin_dir(f->dp));
	f->skel = anchor_xdp_bpf__open_opts(&oo);
	if (!f->skel || anchor_xdp_bpf__load(f->skel))
		return -1;
	f->tc = anchor_tc_bpf__open_opts(&oo);
	if (!f->tc || anchor_tc_bpf__load(f->tc))
		return -1;
	/* The configured mobile node, as the agent announces it to XDP. */
	if (known_home(f, HOA6))
		return -1;
	ha_shared = f;
	return 0;
}

static inline int ha_group_teardown(void **state)
{
	struct xmip_error err = { 0 };

	(void)state;
	anchor_xdp_bpf__destroy(ha_shared->skel);
	anchor_tc_bpf__destroy(ha_shared->tc);
	xmip_dp_close(ha_shared->dp);
	xmip_unpin_instance(ha_shared->instance, &err);
	free(ha_shared);
	return 0;
}

static inline int ha_setup(void **state)
{
	assert_int_equal(dp_reset_maps(ha_shared->dp), 0);
	*state = ha_shared;
	return 0;
}

static inline int ha_teardown(void **state)
{
	(void)state;
	return 0;
}

static inline void add_binding_flags(struct fixture *f, int family, const char *home, uint8_t format,
				     const char *coa, uint16_t port, uint8_t flags)
{
	struct xmip_home h = { .family = family, .prefixlen = family == AF_INET ? 32 : 128 };
	struct xmip_tunnel t = { .format = format, .flags = flags, .binding_id = 1 };
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

static inline void add_binding(struct fixture *f, int family, const char *home, uint8_t format,
			       const char *coa, uint16_t port)
{
	add_binding_flags(f, family, home, format, coa, port, 0);
}

/* Runs prog once on in with the context ctx; returns the verdict, out gets
 * the result. */
static inline int run_prog(struct fixture *f, struct bpf_program *prog, void *ctx, size_t ctx_size,
			   const struct pktbuf *in, struct pktbuf *out)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->data, .data_size_in = (uint32_t)in->len,
		    .data_out = out->data, .data_size_out = sizeof(out->data),
		    .ctx_in = ctx, .ctx_size_in = (uint32_t)ctx_size, .repeat = 1);

	assert_int_equal(xmip_stats_read(xmip_dp_map_fd(f->dp, XMIP_MAPID_STATS), f->before), 0);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(prog), &opts), 0);
	out->len = opts.data_size_out;
	return (int)opts.retval;
}

/* The XDP program, the packet arriving on tst0. */
static inline int run(struct fixture *f, const struct pktbuf *in, struct pktbuf *out)
{
	struct xdp_md ctx = { .data_end = (uint32_t)in->len, .ingress_ifindex = (uint32_t)ifindex };

	return run_prog(f, f->skel->progs.xmip_ha_xdp, &ctx, sizeof(ctx), in, out);
}

/* The TC program, the packet leaving by tst0 (as if it were the tunnel
 * interface). */
static inline int run_ha_tc(struct fixture *f, const struct pktbuf *in, struct pktbuf *out)
{
	struct __sk_buff ctx = { .ifindex = (uint32_t)ifindex };

	return run_prog(f, f->tc->progs.xmip_ha_tc, &ctx, sizeof(ctx), in, out);
}

static inline uint64_t moved(struct fixture *f, enum xmip_stat s)
{
	uint64_t now[XMIP_STAT_MAX];

	assert_int_equal(xmip_stats_read(xmip_dp_map_fd(f->dp, XMIP_MAPID_STATS), now), 0);
	return now[s] - f->before[s];
}

static inline void expect_bytes(const struct pktbuf *want, const struct pktbuf *got)
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

/* dc with the home agent's own addresses, as the data plane's settings. */
static inline void write_ha_config(struct fixture *f, struct xmip_dp_config *dc)
{
	__u32 zero = 0;

	dc->kind = XMIP_DP_ANCHOR;
	dc->flags = XMIP_DPF_ENABLED;
	inet_pton(AF_INET6, HA6, dc->ha_addr6.bytes);
	inet_pton(AF_INET, HA4, &dc->ha_addr4.v4);
	assert_int_equal(bpf_map_update_elem(xmip_dp_map_fd(f->dp, XMIP_MAPID_CONFIG), &zero, dc, BPF_ANY), 0);
}

static inline void set_ha_config(struct fixture *f)
{
	struct xmip_dp_config dc = { 0 };

	write_ha_config(f, &dc);
}

#endif
