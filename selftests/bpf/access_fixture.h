/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The access kind (a MAG) under BPF_PROG_TEST_RUN, for test_access and
 * test_hostile_access: its XDP and TC programs loaded through the real
 * loader for a test instance, the MAG's settings (our address, the hosts'
 * router and home network, the router's shared link-layer address), and
 * HOST4 attached at host_mac behind the LMA. tst0 (testnet.h) is both the
 * uplink and the access link: what goes back out of it is XDP_TX.
 */
#ifndef XMIP_ACCESS_FIXTURE_H
#define XMIP_ACCESS_FIXTURE_H

#include "ha_fixture.h"
#include "access_xdp.skel.h"
#include "access_tc.skel.h"
#include "xmip_abi_access.h"

#define MAG6 HA6                        /* our address on tst0 */
#define LMA6 "2001:db8:2::1"            /* via the default route */
#define HOST4 "198.51.100.10"
#define ROUTER4 "198.51.100.1"
#define CN4_ACCESS "203.0.113.2"        /* a correspondent */

static const uint8_t host_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x10 };
static const uint8_t router_mac[ETH_ALEN] = { 0x02, 0, 0x5e, 0, 0, 0x01 };

struct access_fixture {
	struct fixture base;
	struct access_xdp_bpf *xdp;
	struct access_tc_bpf *tc;
};

/* The data plane for instance "test-<name>-<pid>", both programs loaded. */
static inline struct access_fixture *access_fixture_open(const char *name)
{
	struct access_fixture *a = calloc(1, sizeof(*a));
	struct xmip_dp_opts opts = { .instance = a->base.instance, .kind = XMIP_DP_ACCESS };
	struct xmip_error err = { 0 };

	snprintf(a->base.instance, sizeof(a->base.instance), "test-%s-%d", name, getpid());
	if (xmip_dp_open(&a->base.dp, &opts, &err))
		fail_msg("%s", err.msg);
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = xmip_dp_pin_dir(a->base.dp));
	a->xdp = access_xdp_bpf__open_opts(&oo);
	a->tc = access_tc_bpf__open_opts(&oo);
	assert_non_null(a->xdp);
	assert_non_null(a->tc);
	assert_int_equal(access_xdp_bpf__load(a->xdp), 0);
	assert_int_equal(access_tc_bpf__load(a->tc), 0);
	return a;
}

static inline void access_fixture_close(struct access_fixture *a)
{
	struct xmip_error err = { 0 };

	access_xdp_bpf__destroy(a->xdp);
	access_tc_bpf__destroy(a->tc);
	xmip_dp_close(a->base.dp);
	xmip_unpin_instance(a->base.instance, &err);
	free(a);
}

/* The MAG's settings: MAG6, the router ROUTER4 of 198.51.100.0/24 at
 * router_mac. */
static inline void access_configure(struct access_fixture *a)
{
	struct xmip_dp_config dc = { .kind = XMIP_DP_ACCESS, .flags = XMIP_DPF_ENABLED, .home_prefix4_len = 24 };
	__u32 zero = 0;

	inet_pton(AF_INET6, MAG6, dc.ha_addr6.bytes);
	inet_pton(AF_INET, ROUTER4, &dc.router4);
	inet_pton(AF_INET, "198.51.100.0", &dc.home_prefix4);
	memcpy(dc.router_mac, router_mac, ETH_ALEN);
	assert_int_equal(bpf_map_update_elem(xmip_dp_map_fd(a->base.dp, XMIP_MAPID_CONFIG), &zero, &dc, BPF_ANY), 0);
}

/* HOST4 attached at host_mac on access link `link`, its tunnel to LMA6. */
static inline void access_attach_host(struct access_fixture *a, uint32_t link)
{
	struct xmip_home h = { .family = AF_INET, .prefixlen = 32 };
	struct xmip_tunnel t = { .format = XMIP_TUN_IP6, .binding_id = 1 };
	struct xmip_error err = { 0 };
	struct in_addr host;

	inet_pton(AF_INET, HOST4, &host);
	h.addr.v4 = host.s_addr;
	inet_pton(AF_INET6, LMA6, t.remote.bytes);
	inet_pton(AF_INET6, MAG6, t.local.bytes);
	if (xmip_binding_update(a->base.dp, &h, &t, &err) ||
	    xmip_access_host_update(a->base.dp, host, host_mac, link, &err))
		fail_msg("%s", err.msg);
}

#endif
