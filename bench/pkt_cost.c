// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Per-packet cost of every data-plane path, with
 * BPF_PROG_TEST_RUN in a private network namespace (selftests' testnet.h,
 * so that the FIB lookups answer as in the BPF tests).
 *
 * Each sample is one run with repeat = 1: encapsulation and decapsulation
 * change the packet, and repeat > 1 would re-run on the changed buffer. The
 * kernel times the program alone (opts.duration, ns). Samples of a path
 * alternate with samples of the floor program (bench/floor.bpf.c: parse,
 * swap MACs, XDP_TX) on the same packet, so that both see the same noise;
 * the report is the ratio of the medians.
 *
 * The home agent's paths run at each binding count asked for (bindings in
 * both the IPv6 and the IPv4 map). Packets go to 64 home addresses drawn at
 * random among them, in turn, so that at a million bindings the lookups
 * miss the caches as they would under real traffic. The mobile node holds one
 * tunnel whatever the home agent holds: its paths run once.
 *
 * Every path's verdict is checked on its first run: a path that stopped
 * doing its job would otherwise look cheap. Output: JSON on stdout.
 *
 *   pkt_cost FLOOR.bpf.o [--bindings N,N,...] [--samples K]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/pkt_cls.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>
#include "libbpf_log.h"
#include "pkt_cost.h"
#include "anchor_xdp.skel.h"
#include "mobile_xdp.skel.h"
#include "mobile_tc.skel.h"

#define NAT_PORT 40000
#define MN_PEER_IFINDEX 4242
#define MN_ACCESS_IFINDEX 4343

const uint8_t our_mac[ETH_ALEN] = TESTNET_MAC;
const uint8_t gw_mac[ETH_ALEN] = TESTNET_GW_MAC;

static const char *const format_names[] = {
	[XMIP_TUN_IP6] = "ip6", [XMIP_TUN_IP4] = "ip4",
	[XMIP_TUN_UDP4] = "udp4", [XMIP_TUN_UDP6] = "udp6",
};
static const uint8_t formats[] = { XMIP_TUN_IP6, XMIP_TUN_IP4, XMIP_TUN_UDP4, XMIP_TUN_UDP6 };

static int outer_v6(uint8_t format) { return format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6; }
static int outer_udp(uint8_t format) { return format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6; }

/* Home address number i: 2001:db8:100::/64 and 10.0.0.0/8, i < 2^24. */
static void hoa6(uint32_t i, char *buf)
{
	snprintf(buf, INET6_ADDRSTRLEN, "2001:db8:100::%x:%x", (i >> 16) + 1, i & 0xffff);
}

static void hoa4(uint32_t i, char *buf)
{
	snprintf(buf, INET_ADDRSTRLEN, "10.%u.%u.%u", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
}

static int bind_one(struct bench *b, int family, uint32_t i, uint8_t format)
{
	int v6 = outer_v6(format);
	struct xmip_home h = { .family = family, .prefixlen = family == AF_INET ? 32 : 128 };
	struct xmip_tunnel t = { .format = format, .binding_id = i + 1 };
	struct xmip_error err = { 0 };
	char a[INET6_ADDRSTRLEN];

	(family == AF_INET6 ? hoa6 : hoa4)(i, a);
	inet_pton(family, a, h.addr.bytes);
	inet_pton(v6 ? AF_INET6 : AF_INET, v6 ? COA6 : COA4, t.remote.bytes);
	inet_pton(v6 ? AF_INET6 : AF_INET, v6 ? HA6 : HA4, t.local.bytes);
	if (outer_udp(format)) {
		t.remote_port = htons(NAT_PORT);
		t.local_port = htons(XMIP_PORT_DSMIP);
	}
	if (xmip_binding_update(b->ha_dp, &h, &t, &err)) {
		fprintf(stderr, "pkt_cost: binding %u: %s\n", i, err.msg);
		return -1;
	}
	return 0;
}

/* Bindings [from, to) in both maps, in format ip6 (the measured paths set
 * their targets' format themselves). */
static int bind_range(struct bench *b, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		if (bind_one(b, AF_INET6, i, XMIP_TUN_IP6) || bind_one(b, AF_INET, i, XMIP_TUN_IP6))
			return -1;
	return 0;
}

/* TARGETS distinct indices below n (all of them when n is smaller). */
static void draw_targets(struct bench *b, uint32_t n)
{
	b->ntargets = 0;
	while (b->ntargets < TARGETS && (uint32_t)b->ntargets < n) {
		uint32_t i = n <= TARGETS ? (uint32_t)b->ntargets : (uint32_t)random() % n;
		int dup = 0;

		for (int k = 0; k < b->ntargets; k++)
			dup |= b->targets[k] == i;
		if (!dup)
			b->targets[b->ntargets++] = i;
	}
}

void plain(struct pktbuf *p, int family, const char *src, const char *dst,
		  const uint8_t dmac[ETH_ALEN], const uint8_t smac[ETH_ALEN], size_t payload)
{
	size_t udp_off;

	memset(p, 0, sizeof(*p));
	pkt_eth_addr(p, dmac, smac, family == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
	pkt_ip46(p, family, src, dst, XMIP_IPPROTO_UDP);
	udp_off = p->len;
	pkt_udp(p, 5000, 6000);
	pkt_payload(p, payload);
	pkt_finish(p);
	pkt_finish_l4(p, udp_off, XMIP_IPPROTO_UDP);
}

static const char *verdict_name(int is_xdp, int v)
{
	static const char *const xdp[] = { "XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT" };
	static char other[32];

	if (is_xdp && v >= 0 && v <= XDP_REDIRECT)
		return xdp[v];
	if (!is_xdp && v == TC_ACT_REDIRECT)
		return "TC_ACT_REDIRECT";
	if (!is_xdp && v == TC_ACT_SHOT)
		return "TC_ACT_SHOT";
	snprintf(other, sizeof(other), "%d", v);
	return other;
}

/* One run of prog_fd on p; returns the kernel's time in ns, -1 on error. */
static long long run_once(const struct bench *b, int prog_fd, int is_xdp, const struct pktbuf *p,
			  int *verdict)
{
	static struct pktbuf out;
	struct xdp_md xctx = { .data_end = (uint32_t)p->len, .ingress_ifindex = (uint32_t)b->ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = p->data, .data_size_in = (uint32_t)p->len,
		    .data_out = out.data, .data_size_out = sizeof(out.data), .repeat = 1);

	if (is_xdp) {
		opts.ctx_in = &xctx;
		opts.ctx_size_in = sizeof(xctx);
	}
	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -1;
	if (verdict)
		*verdict = (int)opts.retval;
	return opts.duration;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static double median(long long *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_ll);
	return n % 2 ? (double)v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

int measure(struct bench *b, struct path *p, uint32_t bindings, const char *side)
{
	long long *t = calloc((size_t)b->samples * 3, sizeof(*t));
	long long *f = t + b->samples, *ff = f + b->samples;
	json_object *r;
	int v = -1;
	double tm, fm, ffm;

	if (!t)
		return -1;
	if (run_once(b, p->prog_fd, p->is_xdp, &p->pkts[0], &v) < 0 || v != p->verdict) {
		fprintf(stderr, "pkt_cost: %s: verdict %s, want %s\n", p->name,
			verdict_name(p->is_xdp, v), verdict_name(p->is_xdp, p->verdict));
		return free(t), -1;
	}
	for (int i = 0; i < b->samples; i++) {
		const struct pktbuf *pkt = &p->pkts[i % p->npkts];

		t[i] = run_once(b, p->prog_fd, p->is_xdp, pkt, NULL);
		f[i] = run_once(b, b->floor_fd, 1, pkt, NULL);
		ff[i] = run_once(b, b->floor_fib_fd, 1, pkt, NULL);
		if (t[i] < 0 || f[i] < 0 || ff[i] < 0) {
			fprintf(stderr, "pkt_cost: %s: BPF_PROG_TEST_RUN: %s\n", p->name, strerror(errno));
			return free(t), -1;
		}
	}
	tm = median(t, b->samples);
	fm = median(f, b->samples);
	ffm = median(ff, b->samples);
	r = json_object_new_object();
	json_object_object_add(r, "side", json_object_new_string(side));
	json_object_object_add(r, "path", json_object_new_string(p->name));
	json_object_object_add(r, "bindings", json_object_new_int64(bindings));
	json_object_object_add(r, "verdict", json_object_new_string(verdict_name(p->is_xdp, p->verdict)));
	json_object_object_add(r, "ns", json_object_new_double(tm));
	json_object_object_add(r, "floor_ns", json_object_new_double(fm));
	json_object_object_add(r, "floor_fib_ns", json_object_new_double(ffm));
	json_object_object_add(r, "ratio", json_object_new_double(tm / fm));
	json_object_object_add(r, "ratio_fib", json_object_new_double(tm / ffm));
	json_object_array_add(b->results, r);
	fprintf(stderr, "  %-4s %-28s %8u bindings: %6.0f ns, floor %4.0f ns %5.2fx, with FIB %4.0f ns %5.2fx\n",
		side, p->name, bindings, tm, fm, tm / fm, ffm, tm / ffm);
	free(t);
	return 0;
}

/* The timing's own share of every figure: an empty program, one run each. */
static double empty_cost(struct bench *b)
{
	long long *t = calloc((size_t)b->samples, sizeof(*t));
	struct pktbuf p;
	double m;

	if (!t)
		return -1;
	plain(&p, AF_INET6, CN6, HA6, our_mac, gw_mac, 64);
	for (int i = 0; i < b->samples; i++)
		if ((t[i] = run_once(b, b->empty_fd, 1, &p, NULL)) < 0)
			return free(t), -1;
	m = median(t, b->samples);
	free(t);
	fprintf(stderr, "  an empty program: %.1f ns (the timing's own share of each figure)\n", m);
	return m;
}

/* --- the home agent -------------------------------------------------------- */

/* Correspondent -> home address: encapsulated toward the care-of address. */
static int ha_encap(struct bench *b, uint32_t bindings, int family, uint8_t format)
{
	struct path p = { .prog_fd = bpf_program__fd(b->ha_xdp->progs.xmip_ha_xdp), .is_xdp = 1,
			  .verdict = XDP_TX };
	char name[64], a[INET6_ADDRSTRLEN];

	snprintf(name, sizeof(name), "encap %s in %s", family == AF_INET6 ? "ipv6" : "ipv4",
		 format_names[format]);
	p.name = name;
	for (int k = 0; k < b->ntargets; k++) {
		if (bind_one(b, family, b->targets[k], format))
			return -1;
		(family == AF_INET6 ? hoa6 : hoa4)(b->targets[k], a);
		plain(&p.pkts[p.npkts++], family, family == AF_INET6 ? CN6 : CN4, a,
		      our_mac, gw_mac, 64);
	}
	return measure(b, &p, bindings, "ha");
}

/* Home address -> correspondent, tunnelled from the care-of address:
 * decapsulated and forwarded (or, from another outer source, dropped). */
static int ha_decap(struct bench *b, uint32_t bindings, int family, uint8_t format, int spoofed)
{
	struct path p = { .prog_fd = bpf_program__fd(b->ha_xdp->progs.xmip_ha_xdp), .is_xdp = 1,
			  .verdict = spoofed ? XDP_DROP : XDP_TX };
	int v6 = outer_v6(format);
	const char *coa = spoofed ? (v6 ? "2001:db8:10::101" : "198.18.0.51") : (v6 ? COA6 : COA4);
	char name[64], a[INET6_ADDRSTRLEN];
	struct pktbuf inner;

	snprintf(name, sizeof(name), "%s %s in %s", spoofed ? "anti-spoof drop" : "decap",
		 family == AF_INET6 ? "ipv6" : "ipv4", format_names[format]);
	p.name = name;
	for (int k = 0; k < b->ntargets; k++) {
		if (bind_one(b, family, b->targets[k], format))
			return -1;
		(family == AF_INET6 ? hoa6 : hoa4)(b->targets[k], a);
		plain(&inner, family, a, family == AF_INET6 ? CN6 : CN4, our_mac, gw_mac, 64);
		pkt_tunnel(&p.pkts[p.npkts++], our_mac, gw_mac, &inner, v6, outer_udp(format), coa,
			   v6 ? HA6 : HA4, NAT_PORT, XMIP_PORT_DSMIP, 0);
	}
	return measure(b, &p, bindings, "ha");
}

/* To a home address nobody has bound: left to the stack. */
static int ha_miss(struct bench *b, uint32_t bindings)
{
	struct path p = { .name = "lookup miss (ipv6)", .npkts = 1,
			  .prog_fd = bpf_program__fd(b->ha_xdp->progs.xmip_ha_xdp), .is_xdp = 1,
			  .verdict = XDP_PASS };

	plain(&p.pkts[0], AF_INET6, CN6, "2001:db8:100::ffff:ffff", our_mac, gw_mac, 64);
	return measure(b, &p, bindings, "ha");
}

static int ha_paths(struct bench *b, uint32_t bindings)
{
	static const int families[] = { AF_INET6, AF_INET };

	draw_targets(b, bindings);
	for (size_t fi = 0; fi < 2; fi++)
		for (size_t k = 0; k < sizeof(formats); k++)
			if (ha_encap(b, bindings, families[fi], formats[k]) ||
			    ha_decap(b, bindings, families[fi], formats[k], 0))
				return -1;
	return ha_miss(b, bindings) || ha_decap(b, bindings, AF_INET6, XMIP_TUN_IP6, 1);
}

/* --- the mobile node ------------------------------------------------------- */

static int mn_set_tunnel(struct bench *b, uint8_t format)
{
	int v6 = outer_v6(format);
	struct xmip_tunnel t = { .format = format, .ifindex = MN_ACCESS_IFINDEX };
	struct xmip_error err = { 0 };

	inet_pton(v6 ? AF_INET6 : AF_INET, v6 ? COA6 : COA4, t.local.bytes);
	inet_pton(v6 ? AF_INET6 : AF_INET, v6 ? HA6 : HA4, t.remote.bytes);
	if (outer_udp(format)) {
		t.local_port = htons(NAT_PORT);
		t.remote_port = htons(XMIP_PORT_DSMIP);
	}
	if (xmip_mn_tunnel_update(b->mn_dp, &t, &err)) {
		fprintf(stderr, "pkt_cost: mobile node tunnel: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int mn_paths(struct bench *b)
{
	static const uint8_t mn_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x77 };
	static const int families[] = { AF_INET6, AF_INET };
	struct pktbuf inner;
	char name[64];

	for (size_t fi = 0; fi < 2; fi++) {
		int fam = families[fi];
		const char *hoa = fam == AF_INET6 ? "2001:db8:100::100" : "192.0.2.100";
		const char *cn = fam == AF_INET6 ? CN6 : CN4;

		for (size_t k = 0; k < sizeof(formats); k++) {
			uint8_t fmt = formats[k];
			int v6 = outer_v6(fmt);
			struct path enc = { .name = name, .npkts = 1, .is_xdp = 0,
					    .prog_fd = bpf_program__fd(b->mn_tc->progs.xmip_mn_tc),
					    .verdict = TC_ACT_REDIRECT };
			struct path dec = { .name = name, .npkts = 1, .is_xdp = 1,
					    .prog_fd = bpf_program__fd(b->mn_xdp->progs.xmip_mn_xdp),
					    .verdict = XDP_REDIRECT };

			if (mn_set_tunnel(b, fmt))
				return -1;
			snprintf(name, sizeof(name), "encap %s in %s", fam == AF_INET6 ? "ipv6" : "ipv4",
				 format_names[fmt]);
			plain(&enc.pkts[0], fam, hoa, cn, mn_mac, mn_mac, 64);
			if (measure(b, &enc, 1, "mn"))
				return -1;
			snprintf(name, sizeof(name), "decap %s in %s", fam == AF_INET6 ? "ipv6" : "ipv4",
				 format_names[fmt]);
			plain(&inner, fam, cn, hoa, mn_mac, mn_mac, 64);
			pkt_tunnel(&dec.pkts[0], mn_mac, gw_mac, &inner, v6, outer_udp(fmt),
				   v6 ? HA6 : HA4, v6 ? COA6 : COA4, XMIP_PORT_DSMIP, NAT_PORT, 0);
			if (measure(b, &dec, 1, "mn"))
				return -1;
		}
	}
	return 0;
}

/* --- map memory ------------------------------------------------------------ */

/* The "memlock" line of the fdinfo: the figure `bpftool map show` prints. */
long long map_memlock(int fd)
{
	char path[64], line[128];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "memlock: %lld", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* The binding maps at the current count (the maps hold max_bindings slots,
 * preallocated: the figure is per slot, as a full home agent would pay). */
static void record_memory(struct bench *b, uint32_t bindings, uint32_t max_bindings)
{
	long long m6 = map_memlock(xmip_dp_map_fd(b->ha_dp, XMIP_MAPID_BIND6));
	long long m4 = map_memlock(xmip_dp_map_fd(b->ha_dp, XMIP_MAPID_BIND4));
	json_object *r = json_object_new_object();

	json_object_object_add(r, "bindings", json_object_new_int64(bindings));
	json_object_object_add(r, "max_bindings", json_object_new_int64(max_bindings));
	json_object_object_add(r, "bind6_bytes", json_object_new_int64(m6));
	json_object_object_add(r, "bind4_bytes", json_object_new_int64(m4));
	json_object_object_add(r, "per_node_bytes", json_object_new_double((double)(m6 + m4) / max_bindings));
	json_object_array_add(b->memory, r);
	fprintf(stderr, "  maps: %u nodes (IPv6 + IPv4 binding each), %u slots: %lld + %lld bytes, %.0f bytes per node\n",
		bindings, max_bindings, m6, m4, (double)(m6 + m4) / max_bindings);
}

/* --- set-up ---------------------------------------------------------------- */

static int set_config(struct xmip_dp *dp, struct xmip_dp_config *dc)
{
	__u32 zero = 0;

	inet_pton(AF_INET6, HA6, dc->ha_addr6.bytes);
	inet_pton(AF_INET, HA4, &dc->ha_addr4.v4);
	return bpf_map_update_elem(xmip_dp_map_fd(dp, XMIP_MAPID_CONFIG), &zero, dc, BPF_ANY);
}

int open_dp(struct xmip_dp **dp, char *instance, const char *what, enum xmip_dp_kind role,
		   uint32_t max)
{
	struct xmip_dp_opts opts = { .instance = instance, .kind = role, .max_bindings = max };
	struct xmip_error err = { 0 };

	snprintf(instance, 64, "bench-%s-%d", what, getpid());
	if (xmip_dp_open(dp, &opts, &err)) {
		fprintf(stderr, "pkt_cost: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int load(struct bench *b, uint32_t max_bindings, const char *floor_obj)
{
	struct xmip_dp_config ha = { .kind = XMIP_DP_ANCHOR, .flags = XMIP_DPF_ENABLED };
	struct xmip_dp_config mn = { .kind = XMIP_DP_MOBILE, .flags = XMIP_DPF_ENABLED,
				     .peer_ifindex = MN_PEER_IFINDEX,
				     .tunnel_mac = { 0x02, 0, 0, 0, 0, 0x55 } };
	struct bpf_object *floor;

	if (open_dp(&b->ha_dp, b->ha_instance, "ha", XMIP_DP_ANCHOR, max_bindings) ||
	    open_dp(&b->mn_dp, b->mn_instance, "mn", XMIP_DP_MOBILE, 0))
		return -1;
	LIBBPF_OPTS(bpf_object_open_opts, ha_oo, .pin_root_path = xmip_dp_pin_dir(b->ha_dp));
	LIBBPF_OPTS(bpf_object_open_opts, mn_oo, .pin_root_path = xmip_dp_pin_dir(b->mn_dp));
	b->ha_xdp = anchor_xdp_bpf__open_opts(&ha_oo);
	b->mn_xdp = mobile_xdp_bpf__open_opts(&mn_oo);
	b->mn_tc = mobile_tc_bpf__open_opts(&mn_oo);
	/* Sized as xmip_dp_open sized the pinned maps, or reusing them fails. */
	if (b->ha_xdp && xmip_dp_size_object(b->ha_xdp->obj, max_bindings))
		return -1;
	libbpf_log_reset();
	if (!b->ha_xdp || !b->mn_xdp || !b->mn_tc || anchor_xdp_bpf__load(b->ha_xdp) ||
	    mobile_xdp_bpf__load(b->mn_xdp) || mobile_tc_bpf__load(b->mn_tc)) {
		fprintf(stderr, "pkt_cost: loading the data plane failed: %s\n", libbpf_log_reason());
		return -1;
	}
	floor = bpf_object__open_file(floor_obj, NULL);
	if (!floor || bpf_object__load(floor)) {
		fprintf(stderr, "pkt_cost: %s: cannot load\n", floor_obj);
		return -1;
	}
	b->floor_fd = bpf_program__fd(bpf_object__find_program_by_name(floor, "xmip_bench_floor"));
	b->floor_fib_fd = bpf_program__fd(bpf_object__find_program_by_name(floor, "xmip_bench_floor_fib"));
	b->empty_fd = bpf_program__fd(bpf_object__find_program_by_name(floor, "xmip_bench_empty"));
	return set_config(b->ha_dp, &ha) || set_config(b->mn_dp, &mn) || mag_load(b);
}

static void unload(struct bench *b)
{
	struct xmip_error err = { 0 };

	anchor_xdp_bpf__destroy(b->ha_xdp);
	mobile_xdp_bpf__destroy(b->mn_xdp);
	mobile_tc_bpf__destroy(b->mn_tc);
	if (b->ha_dp)
		xmip_dp_close(b->ha_dp), xmip_unpin_instance(b->ha_instance, &err);
	if (b->mn_dp)
		xmip_dp_close(b->mn_dp), xmip_unpin_instance(b->mn_instance, &err);
	mag_unload(b);
}

static int parse_counts(const char *s, uint32_t *counts, int max)
{
	int n = 0;
	char *end;

	while (*s && n < max) {
		unsigned long v = strtoul(s, &end, 10);

		if (end == s || v == 0 || v > (1u << 24) || (*end && *end != ','))
			return -1;
		if (n && v <= counts[n - 1])
			return -1;       /* ascending: the maps only grow */
		counts[n++] = (uint32_t)v;
		s = *end ? end + 1 : end;
	}
	return *s ? -1 : n;
}

int main(int argc, char **argv)
{
	struct bench b = { .samples = 5000 };
	uint32_t counts[8] = { 1, 10000, 1000000 };
	int ncounts = 3, opt, rc = 1;
	double empty_ns;
	json_object *top;

	while ((opt = getopt(argc, argv, "b:s:")) != -1) {
		if (opt == 'b' && (ncounts = parse_counts(optarg, counts, 8)) > 0)
			continue;
		if (opt == 's' && (b.samples = atoi(optarg)) > 0)
			continue;
		fprintf(stderr, "usage: %s [-b N,N,... (ascending, each <= 16777216)] [-s SAMPLES] FLOOR.bpf.o\n",
			argv[0]);
		return 2;
	}
	if (optind != argc - 1)
		return fprintf(stderr, "usage: %s [-b N,...] [-s SAMPLES] FLOOR.bpf.o\n", argv[0]), 2;
	srandom(1);   /* the same targets in every run */
	if ((b.ifindex = testnet_setup()) <= 0)
		return 1;
	b.results = json_object_new_array();
	b.memory = json_object_new_array();
	if (load(&b, counts[ncounts - 1] + TARGETS, argv[optind]))
		goto out;
	fprintf(stderr, "pkt_cost: %d samples per path, median, floor in the same loop\n", b.samples);
	if ((empty_ns = empty_cost(&b)) < 0)
		goto out;
	if (mn_paths(&b) || mag_paths(&b))
		goto out;
	for (int c = 0, have = 0; c < ncounts; have = (int)counts[c++]) {
		if (bind_range(&b, (uint32_t)have, counts[c]) || ha_paths(&b, counts[c]))
			goto out;
		record_memory(&b, counts[c], counts[ncounts - 1] + TARGETS);
	}
	top = json_object_new_object();
	json_object_object_add(top, "samples", json_object_new_int(b.samples));
	json_object_object_add(top, "empty_program_ns", json_object_new_double(empty_ns));
	json_object_object_add(top, "paths", json_object_get(b.results));
	json_object_object_add(top, "map_memory", json_object_get(b.memory));
	json_object_object_add(top, "mag_map_memory", json_object_get(b.mag_memory));
	puts(json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY));
	json_object_put(top);
	rc = 0;
out:
	json_object_put(b.results);
	json_object_put(b.memory);
	json_object_put(b.mag_memory);
	unload(&b);
	return rc;
}
