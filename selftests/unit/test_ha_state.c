// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The home agent's state file (agent/dsmip6/ha_state.c) with real files: a cache
 * saved and opened again by a new cache (an agent restarted) comes back the
 * same, pool addresses included, so that none is handed out twice; a node
 * list in another order finds its entries by home address; a slot written
 * halfway (its CRC fails) is ignored; a file of another layout is not used.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include "helpers.h"
#include "dsmip6/ha_state.h"
#include "xmip_proto.h"

struct env {
	struct ha_config cfg;
	struct mn_authz mns[3];
	char path[64];
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	static const char *const hoas[] = { "2001:db8:100::100", "2001:db8:100::200", "2001:db8:100::300" };
	int i, fd;

	for (i = 0; i < 3; i++) {
		snprintf(e->mns[i].id, sizeof(e->mns[i].id), "mn%d@example", i);
		inet_pton(AF_INET6, hoas[i], &e->mns[i].home_address6);
	}
	e->cfg.mobile_nodes = e->mns;
	e->cfg.n_mobile_nodes = 3;
	e->cfg.max_lifetime_s = 3600;
	e->cfg.nat_keepalive_s = 110;
	e->cfg.protection = MH_PROTECT_UNPROTECTED;
	e->cfg.has_v4_pool = true;
	inet_pton(AF_INET, "192.0.2.128", &e->cfg.v4_pool.addr);
	e->cfg.v4_pool.len = 30;              /* .129 and .130 usable */
	snprintf(e->path, sizeof(e->path), "/tmp/xmip-state-XXXXXX");
	fd = mkstemp(e->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(e->path);                      /* the agent's first start: no file */
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	unlink(e->path);
	free(e);
	return 0;
}

static struct mh_msg bu(uint16_t seq)
{
	struct mh_msg m = { .type = XMIP_MH_BU };

	m.bu.seq = seq;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H;
	m.bu.lifetime = 100;
	m.opt.n_ipv4_hoa = 1;                 /* 0.0.0.0: from the pool */
	m.opt.ipv4_hoa[0].prefix_len = 32;
	return m;
}

/* Node mn registers from behind a NAT (port), asking for a pool address;
 * the entry is saved as the agent saves it. */
static void register_node(struct ha_cache *c, struct state_file *st, int mn, uint16_t seq, uint16_t port)
{
	struct xmip_sig_seen s = { .back = { .format = XMIP_TUN_UDP4 } };
	struct mh_msg m = bu(seq);
	struct xmip_error err = { 0 };
	struct ha_decision d;

	inet_pton(AF_INET, "198.51.100.50", &s.back.remote.v4);
	s.back.remote_port = htons(port);
	ha_cache_process_bu(c, &ha_cache_node(c, mn)->home_address6, &m, &s, 5000, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_ACCEPTED);
	assert_int_equal(state_file_save(st, mn, &err), 0);
}

static void open_cache(struct env *e, struct ha_cache *c, struct state_file **st, int want_restored)
{
	struct xmip_error err = { 0 };
	int restored;

	assert_int_equal(ha_cache_init(c, &e->cfg), 0);
	assert_int_equal(ha_state_open(st, e->path, c, &restored, &err), 0);
	assert_int_equal(restored, want_restored);
}

static void test_restart_restores_everything(void **state)
{
	struct env *e = *state;
	struct xmip_sig_seen s = { .back = { .format = XMIP_TUN_IP6 } };
	struct ha_cache c1, c2;
	struct state_file *st1, *st2;
	struct ha_decision d;
	struct mh_msg m;

	open_cache(e, &c1, &st1, 0);
	register_node(&c1, st1, 0, 7, 40000);
	register_node(&c1, st1, 2, 9, 40002);
	assert_int_equal(c1.entries[0].hoa4.s_addr, inet_addr("192.0.2.129"));
	state_file_close(st1);                  /* (or killed: the slots are written) */

	open_cache(e, &c2, &st2, 2);
	assert_memory_equal(c2.entries, c1.entries, 3 * sizeof(*c1.entries));
	/* The pool's two addresses are nodes 0's and 2's still: node 1 gets
	 * neither (the pool is empty for it, RFC 5555's 129). */
	assert_int_equal(c2.entries[2].hoa4.s_addr, inet_addr("192.0.2.130"));
	inet_pton(AF_INET6, "2001:db8:10::1", s.back.remote.bytes);
	m = bu(1);
	ha_cache_process_bu(&c2, &e->mns[1].home_address6, &m, &s, 6000, &d);
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_DHCP_IN_PROGRESS);
	assert_false(d.after.has_v4);
	/* The sequence window goes on: node 0's 7 again is out of it. */
	m = bu(7);
	ha_cache_process_bu(&c2, &e->mns[0].home_address6, &m, &s, 6000, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_SEQ_OUT_OF_WINDOW);
	state_file_close(st2);
	ha_cache_free(&c1);
	ha_cache_free(&c2);
}

/* The configuration's node list reordered (and a node removed): entries
 * follow their home addresses. */
static void test_reordered_configuration(void **state)
{
	struct env *e = *state;
	struct ha_cache c1, c2;
	struct state_file *st1, *st2;
	struct mn_authz swapped;

	open_cache(e, &c1, &st1, 0);
	register_node(&c1, st1, 2, 9, 40002);
	state_file_close(st1);
	ha_cache_free(&c1);
	swapped = e->mns[0];
	e->mns[0] = e->mns[2];
	e->mns[2] = swapped;
	e->cfg.n_mobile_nodes = 2;            /* the old node 0 is gone */
	open_cache(e, &c2, &st2, 1);
	assert_true(c2.entries[0].active);
	assert_int_equal(c2.entries[0].seq, 9);
	assert_int_equal(c2.entries[0].tunnel.remote_port, htons(40002));
	assert_false(c2.entries[1].active);
	state_file_close(st2);
	ha_cache_free(&c2);
}

/* A node admitted at run time (a reload) has its place past the file's end:
 * saved there, it comes back after a restart; a node retired leaves an
 * empty place, which nobody takes back. */
static void test_admitted_at_run_time(void **state)
{
	struct env *e = *state;
	struct mn_authz late = { .id = "late@example" };
	struct ha_cache c1, c2;
	struct state_file *st1, *st2;
	struct xmip_error err = { 0 };
	int mn;

	inet_pton(AF_INET6, "2001:db8:100::400", &late.home_address6);
	e->cfg.n_mobile_nodes = 2;
	open_cache(e, &c1, &st1, 0);
	mn = ha_cache_admit(&c1, &late);
	assert_int_equal(mn, 2);
	register_node(&c1, st1, mn, 11, 40011);
	register_node(&c1, st1, 0, 5, 40000);
	ha_cache_retire(&c1, 0);
	assert_int_equal(state_file_save(st1, 0, &err), 0);
	state_file_close(st1);
	ha_cache_free(&c1);

	/* Restarted with the late node configured after the others. */
	e->mns[2] = late;
	e->cfg.n_mobile_nodes = 3;
	open_cache(e, &c2, &st2, 1);
	assert_false(c2.entries[0].active);   /* retired: its slot was emptied */
	assert_true(c2.entries[2].active);
	assert_int_equal(c2.entries[2].seq, 11);
	assert_int_equal(c2.entries[2].tunnel.remote_port, htons(40011));
	state_file_close(st2);
	ha_cache_free(&c2);
}

/* A slot whose CRC fails (written halfway, or damaged) is left out; the
 * others come back. A file of another layout is not read at all. */
static void test_damaged_and_foreign_files(void **state)
{
	struct env *e = *state;
	struct ha_cache c1, c2, c3;
	struct state_file *st1, *st2, *st3;
	unsigned char byte;
	off_t size;
	int fd;

	open_cache(e, &c1, &st1, 0);
	register_node(&c1, st1, 0, 7, 40000);
	register_node(&c1, st1, 1, 8, 40001);
	state_file_close(st1);
	ha_cache_free(&c1);
	/* A byte of slot 1 (node 1's) changed: the file is a header and 3
	 * slots, each larger than the header, so its middle byte is in the
	 * middle slot. */
	fd = open(e->path, O_RDWR);
	assert_true(fd >= 0);
	size = lseek(fd, 0, SEEK_END);
	assert_int_equal(pread(fd, &byte, 1, size / 2), 1);
	byte ^= 0xff;
	assert_int_equal(pwrite(fd, &byte, 1, size / 2), 1);
	close(fd);
	open_cache(e, &c2, &st2, 1);
	assert_true(c2.entries[0].active);
	assert_false(c2.entries[1].active);
	state_file_close(st2);
	ha_cache_free(&c2);

	fd = open(e->path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "XMIPHAS0", 8, 0), 8);   /* another layout's magic */
	close(fd);
	open_cache(e, &c3, &st3, 0);
	state_file_close(st3);
	ha_cache_free(&c3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_restart_restores_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reordered_configuration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admitted_at_run_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_and_foreign_files, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
