// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Pinned maps across an upgrade, against the real kernel (loader/migrate.c):
 * an instance pinned by the first ABI (a 64-byte settings map, 64 counter
 * slots, every map in every kind's object) opened by this build keeps its
 * bindings, settings and counters; a migration cut short is finished; a
 * changed max_bindings carries the bindings over; a mobile node sheds the
 * anchor's maps it never used; a map whose key changed is refused with
 * the way out.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xmip_loader.h"

#define MAX_BINDINGS 4096
#define ABI1_CONFIG_SIZE 64
#define ABI1_STATS_SLOTS 64

static char instance[64], dir[128];

static void pin_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

/* A map as the first ABI pinned it, with its pin. */
static int pin_map(enum bpf_map_type type, const char *name, __u32 key, __u32 value, __u32 entries,
		   __u32 flags)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = flags);
	char path[256];
	int fd;

	fd = bpf_map_create(type, name, key, value, entries, &o);
	assert_true(fd >= 0);
	pin_path(path, sizeof(path), name);
	assert_int_equal(bpf_obj_pin(fd, path), 0);
	return fd;
}

static void map_shape(const char *name, __u32 *value_size, __u32 *entries, __u32 *id)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);
	char path[256];
	int fd;

	pin_path(path, sizeof(path), name);
	fd = bpf_obj_get(path);
	assert_true(fd >= 0);
	assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
	close(fd);
	*value_size = info.value_size;
	*entries = info.max_entries;
	if (id)
		*id = info.id;
}

static bool pinned(const char *name)
{
	char path[256];

	pin_path(path, sizeof(path), name);
	return access(path, F_OK) == 0;
}

static struct xmip_tunnel a_tunnel(void)
{
	struct xmip_tunnel t = { .format = XMIP_TUN_UDP4, .remote_port = htons(40000),
				 .local_port = htons(4191), .binding_id = 7 };

	t.remote.v4 = htonl(0xcb007164);   /* 203.0.113.100 */
	t.local.v4 = htonl(0xc6336402);    /* 198.51.100.2 */
	return t;
}

/* What the first ABI's anchor left pinned: its settings, a counter, a
 * binding. */
static void pin_abi1_anchor(void)
{
	unsigned char config[ABI1_CONFIG_SIZE] = { 0 };
	int ncpu = libbpf_num_possible_cpus(), fd;
	union xmip_addr hoa = { .bytes = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x64 } };
	struct xmip_tunnel t = a_tunnel();
	__u64 *counts = calloc((size_t)ncpu, sizeof(*counts));
	__u32 zero = 0, slot = XMIP_STAT_ENCAP_XMIT;

	assert_non_null(counts);
	assert_int_equal(mkdir(XMIP_PIN_ROOT, 0700) == 0 || errno == EEXIST, 1);
	assert_int_equal(mkdir(dir, 0700), 0);
	fd = pin_map(BPF_MAP_TYPE_ARRAY, XMIP_MAP_CONFIG, 4, ABI1_CONFIG_SIZE, 1, 0);
	config[0] = XMIP_DP_ANCHOR;
	config[offsetof(struct xmip_dp_config, tunnel_ifindex)] = 42;
	assert_int_equal(bpf_map_update_elem(fd, &zero, config, BPF_ANY), 0);
	close(fd);
	fd = pin_map(BPF_MAP_TYPE_PERCPU_ARRAY, XMIP_MAP_STATS, 4, 8, ABI1_STATS_SLOTS, 0);
	counts[0] = 1000;
	counts[ncpu - 1] += 234;
	assert_int_equal(bpf_map_update_elem(fd, &slot, counts, BPF_ANY), 0);
	close(fd);
	fd = pin_map(BPF_MAP_TYPE_HASH, XMIP_MAP_BIND6, sizeof(union xmip_addr), sizeof(struct xmip_tunnel),
		     MAX_BINDINGS, 0);
	assert_int_equal(bpf_map_update_elem(fd, &hoa, &t, BPF_ANY), 0);
	close(fd);
	free(counts);
}

static struct xmip_dp *open_dp(enum xmip_dp_kind kind, __u32 max_bindings)
{
	struct xmip_dp_opts opts = { .instance = instance, .kind = kind, .max_bindings = max_bindings };
	struct xmip_error err = { 0 };
	struct xmip_dp *dp;

	if (xmip_dp_open(&dp, &opts, &err))
		fail_msg("xmip_dp_open: %s", err.msg);
	return dp;
}

static void expect_binding(struct xmip_dp *dp)
{
	union xmip_addr hoa = { .bytes = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x64 } };
	struct xmip_tunnel want = a_tunnel(), got;

	assert_int_equal(bpf_map_lookup_elem(xmip_dp_map_fd(dp, XMIP_MAPID_BIND6), &hoa, &got), 0);
	assert_memory_equal(&got, &want, sizeof(want));
}

static void test_abi1_anchor_migrates(void **state)
{
	struct xmip_dp_config dc;
	uint64_t counters[XMIP_STAT_MAX];
	__u32 vs, n, id_before, id_after, zero = 0;
	struct xmip_dp *dp;

	(void)state;
	pin_abi1_anchor();
	map_shape(XMIP_MAP_BIND6, &vs, &n, &id_before);
	dp = open_dp(XMIP_DP_ANCHOR, MAX_BINDINGS);
	assert_true(xmip_dp_maps_reused(dp));
	/* The settings and counters took this build's shape, their contents
	 * along; the binding map had the right one and is the same map. */
	map_shape(XMIP_MAP_CONFIG, &vs, &n, NULL);
	assert_int_equal(vs, sizeof(struct xmip_dp_config));
	assert_int_equal(bpf_map_lookup_elem(xmip_dp_map_fd(dp, XMIP_MAPID_CONFIG), &zero, &dc), 0);
	assert_int_equal(dc.kind, XMIP_DP_ANCHOR);
	assert_int_equal(dc.tunnel_ifindex, 42);
	assert_int_equal(dc.abi_version, 0);   /* the agent writes its own */
	map_shape(XMIP_MAP_STATS, &vs, &n, NULL);
	assert_int_equal(n, XMIP_STATS_SLOTS);
	assert_int_equal(xmip_stats_read(xmip_dp_map_fd(dp, XMIP_MAPID_STATS), counters), 0);
	assert_int_equal(counters[XMIP_STAT_ENCAP_XMIT], 1234);
	map_shape(XMIP_MAP_BIND6, &vs, &n, &id_after);
	assert_int_equal(id_after, id_before);
	expect_binding(dp);
	assert_false(pinned(XMIP_MAP_CONFIG "_migrating"));
	assert_false(pinned(XMIP_MAP_STATS "_migrating"));
	assert_true(pinned(XMIP_MAP_KNOWN_HOME));
	xmip_dp_close(dp);

	/* A larger max_bindings: the binding map is made anew, its entries
	 * carried over. */
	dp = open_dp(XMIP_DP_ANCHOR, 2 * MAX_BINDINGS);
	map_shape(XMIP_MAP_BIND6, &vs, &n, &id_after);
	assert_int_equal(n, 2 * MAX_BINDINGS);
	assert_int_not_equal(id_after, id_before);
	expect_binding(dp);
	xmip_dp_close(dp);
}

/* An agent killed between moving a pin aside and copying it: the "_migrating"
 * pin holds the entries, and the next start finishes the job. */
static void test_interrupted_migration_finishes(void **state)
{
	char path[256], old[256];
	uint64_t counters[XMIP_STAT_MAX];
	struct xmip_dp *dp;

	(void)state;
	pin_abi1_anchor();
	pin_path(path, sizeof(path), XMIP_MAP_STATS);
	pin_path(old, sizeof(old), XMIP_MAP_STATS "_migrating");
	assert_int_equal(rename(path, old), 0);
	/* What the killed agent's libbpf had pinned already: empty. */
	close(pin_map(BPF_MAP_TYPE_PERCPU_ARRAY, XMIP_MAP_STATS, 4, 8, XMIP_STATS_SLOTS, 0));
	dp = open_dp(XMIP_DP_ANCHOR, MAX_BINDINGS);
	assert_int_equal(xmip_stats_read(xmip_dp_map_fd(dp, XMIP_MAPID_STATS), counters), 0);
	assert_int_equal(counters[XMIP_STAT_ENCAP_XMIT], 1234);
	assert_false(pinned(XMIP_MAP_STATS "_migrating"));
	expect_binding(dp);
	xmip_dp_close(dp);
}

/* The first ABI's mobile node carried the anchor's maps too (16 MB of
 * binding hashes at the default size): this build's unpins them. */
static void test_mobile_node_sheds_anchor_maps(void **state)
{
	struct xmip_dp *dp;

	(void)state;
	pin_abi1_anchor();
	close(pin_map(BPF_MAP_TYPE_HASH, XMIP_MAP_BIND4, 4, sizeof(struct xmip_tunnel), MAX_BINDINGS, 0));
	dp = open_dp(XMIP_DP_MOBILE, 0);
	assert_false(pinned(XMIP_MAP_BIND6));
	assert_false(pinned(XMIP_MAP_BIND4));
	assert_false(pinned(XMIP_MAP_KNOWN_HOME));
	assert_true(pinned(XMIP_MAP_MN_TUNNEL));
	assert_true(pinned(XMIP_MAP_CONFIG));
	assert_int_equal(xmip_dp_map_fd(dp, XMIP_MAPID_BIND6), -1);
	assert_true(xmip_dp_map_fd(dp, XMIP_MAPID_MN_TUNNEL) >= 0);
	xmip_dp_close(dp);
}

/* A key that changed cannot carry entries: refused, with the way out. */
static void test_changed_key_refused(void **state)
{
	struct xmip_dp_opts opts = { .instance = instance, .kind = XMIP_DP_ANCHOR, .max_bindings = MAX_BINDINGS };
	struct xmip_error err = { 0 };
	struct xmip_dp *dp;

	(void)state;
	assert_int_equal(mkdir(XMIP_PIN_ROOT, 0700) == 0 || errno == EEXIST, 1);
	assert_int_equal(mkdir(dir, 0700), 0);
	close(pin_map(BPF_MAP_TYPE_HASH, XMIP_MAP_BIND6, 8, sizeof(struct xmip_tunnel), MAX_BINDINGS, 0));
	assert_int_equal(xmip_dp_open(&dp, &opts, &err), -EINVAL);
	assert_null(dp);
	assert_non_null(strstr(err.msg, "another type or key than this build's"));
	assert_non_null(strstr(err.msg, "xmipd --cleanup"));
	assert_true(pinned(XMIP_MAP_BIND6));   /* left as it was */
}

static int clean(void **state)
{
	struct xmip_error err = { 0 };

	(void)state;
	xmip_unpin_instance(instance, &err);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_abi1_anchor_migrates, clean),
		cmocka_unit_test_teardown(test_interrupted_migration_finishes, clean),
		cmocka_unit_test_teardown(test_mobile_node_sheds_anchor_maps, clean),
		cmocka_unit_test_teardown(test_changed_key_refused, clean),
	};

	snprintf(instance, sizeof(instance), "test-migrate-%d", getpid());
	snprintf(dir, sizeof(dir), "%s/%s", XMIP_PIN_ROOT, instance);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
