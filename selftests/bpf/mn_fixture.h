/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The mobile node's XDP and TC programs under BPF_PROG_TEST_RUN (test_mn,
 * test_hostile_mn): loaded once through the real loader, each test from
 * clean maps and the mobile node's settings; the tunnel and signalling
 * paths written with the loader's API, as the agent writes them.
 */
#ifndef XMIP_MN_FIXTURE_H
#define XMIP_MN_FIXTURE_H

#include <linux/pkt_cls.h>
#include "ha_fixture.h"
#include "mobile_xdp.skel.h"
#include "mobile_tc.skel.h"

#define PEER_IFINDEX 4242         /* the tunnel interface's peer (as configured) */
#define ACCESS_IFINDEX 4343       /* the care-of address's link */

static const uint8_t mn_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x77 };

struct mn_fixture {
	struct fixture base;          /* loader, maps, counters */
	struct mobile_xdp_bpf *xdp;
	struct mobile_tc_bpf *tc;
};

static struct mn_fixture *mn_shared;

/* Loads once (verification is costly); each test starts from clean maps. */
static inline int mn_group_setup(void **state)
{
	struct mn_fixture *m = calloc(1, sizeof(*m));
	struct xmip_dp_opts opts = { .instance = m->base.instance, .kind = XMIP_DP_MOBILE };
	struct xmip_error err = { 0 };

	snprintf(m->base.instance, sizeof(m->base.instance), "test-mn-%d", getpid());
	if (xmip_dp_open(&m->base.dp, &opts, &err))
		fail_msg("%s", err.msg);
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = xmip_dp_pin_dir(m->base.dp));
	m->xdp = mobile_xdp_bpf__open_opts(&oo);
	m->tc = mobile_tc_bpf__open_opts(&oo);
	assert_non_null(m->xdp);
	assert_non_null(m->tc);
	assert_int_equal(mobile_xdp_bpf__load(m->xdp), 0);
	assert_int_equal(mobile_tc_bpf__load(m->tc), 0);
	mn_shared = m;
	(void)state;
	return 0;
}

static inline int mn_setup(void **state)
{
	struct xmip_dp_config dc = { .kind = XMIP_DP_MOBILE, .flags = XMIP_DPF_ENABLED,
				     .peer_ifindex = PEER_IFINDEX,
				     .tunnel_mac = { 0x02, 0, 0, 0, 0, 0x55 } };
	__u32 zero = 0;

	assert_int_equal(dp_reset_maps(mn_shared->base.dp), 0);
	inet_pton(AF_INET6, HA6, dc.ha_addr6.bytes);
	inet_pton(AF_INET, HA4, &dc.ha_addr4.v4);
	assert_int_equal(bpf_map_update_elem(xmip_dp_map_fd(mn_shared->base.dp, XMIP_MAPID_CONFIG),
					     &zero, &dc, BPF_ANY), 0);
	*state = mn_shared;
	return 0;
}

static inline int mn_group_teardown(void **state)
{
	struct mn_fixture *m = mn_shared;
	struct xmip_error err = { 0 };

	mobile_xdp_bpf__destroy(m->xdp);
	mobile_tc_bpf__destroy(m->tc);
	xmip_dp_close(m->base.dp);
	assert_int_equal(xmip_unpin_instance(m->base.instance, &err), 0);
	free(m);
	(void)state;
	return 0;
}

static inline int mn_teardown(void **state)
{
	(void)state;
	return 0;
}

/* The programs once on in: XDP receives it on tst0; TC (the tunnel
 * interface's egress) runs with its default context. */
static inline int run_xdp(struct mn_fixture *m, const struct pktbuf *in, struct pktbuf *out)
{
	struct xdp_md ctx = { .data_end = (uint32_t)in->len, .ingress_ifindex = (uint32_t)ifindex };

	return run_prog(&m->base, m->xdp->progs.xmip_mn_xdp, &ctx, sizeof(ctx), in, out);
}

static inline int run_tc(struct mn_fixture *m, const struct pktbuf *in, struct pktbuf *out)
{
	return run_prog(&m->base, m->tc->progs.xmip_mn_tc, NULL, 0, in, out);
}

/* The data tunnel (signal = 0) or the signalling path (1) in format. */
static inline void set_path(struct mn_fixture *m, uint8_t format, int signal)
{
	int v6 = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6;
	struct xmip_tunnel t = { .format = format, .ifindex = ACCESS_IFINDEX };
	struct xmip_error err = { 0 };

	inet_pton(v6 ? AF_INET6 : AF_INET, v6 ? COA6 : COA4, t.local.bytes);
	inet_pton(v6 ? AF_INET6 : AF_INET, v6 ? HA6 : HA4, t.remote.bytes);
	if (format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6) {
		t.local_port = htons(NAT_PORT);
		t.remote_port = htons(XMIP_PORT_DSMIP);
	}
	if ((signal ? xmip_mn_signal_path_update : xmip_mn_tunnel_update)(m->base.dp, &t, &err))
		fail_msg("%s", err.msg);
}

static inline void set_tunnel(struct mn_fixture *m, uint8_t format) { set_path(m, format, 0); }
static inline void set_signal_path(struct mn_fixture *m, uint8_t format) { set_path(m, format, 1); }

#endif
