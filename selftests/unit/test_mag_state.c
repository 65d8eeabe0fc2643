// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The MAG's visitor list on file (agent/pmip/mag_state.c) with real files:
 * an attached host saved and read back by a new visitor list (a MAG
 * restarted) comes back attached on the same link with its address,
 * lifetime and refresh time; a host still registering does not; a policy
 * store in another order finds its hosts by link-layer address; a host
 * whose access link or NAI changed in the configuration is not restored.
 */
#include <arpa/inet.h>
#include "helpers.h"
#include "pmip/mag_state.h"

static struct mag_config cfg;
static struct mag_profile profiles[3];
static char path[64];

static int setup(void **state)
{
	int i, fd;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(profiles, 0, sizeof(profiles));
	cfg.home_prefix4 = (struct prefix4){ a4("198.51.100.0"), 24 };
	cfg.default_router4 = a4("198.51.100.1");
	cfg.lifetime_s = 600;
	snprintf(cfg.access_links[0], IF_NAMESIZE, "acc0");
	snprintf(cfg.access_links[1], IF_NAMESIZE, "acc1");
	cfg.n_access_links = 2;
	for (i = 0; i < 3; i++) {
		uint8_t mac[6] = { 0x02, 0, 0x5e, 0, 0x53, (uint8_t)(0x10 + i) };

		memcpy(profiles[i].mac, mac, 6);
		snprintf(profiles[i].id, sizeof(profiles[i].id), "host%d@x", i);
	}
	cfg.hosts = profiles;
	cfg.n_hosts = 3;
	snprintf(path, sizeof(path), "/tmp/xmip-mag-state-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

/* host attached on link with addr, as a PBA leaves it. */
static void attached(struct mag_hosts *m, int host, int link, const char *addr)
{
	struct mag_host *h = &m->hosts[host];

	h->state = MAG_HOST_ATTACHED;
	h->link = link;
	h->hoa4 = a4(addr);
	h->plen = 24;
	h->lifetime_s = 600;
	h->expires_ms = 600050;
	h->next_ms = 480050;
}

/* A MAG's life: its visitor list saved, slot by slot, then closed. */
static void save_all(struct mag_hosts *m)
{
	struct xmip_error err = { 0 };
	struct state_file *st;
	int restored = -1, i;

	assert_int_equal(mag_state_open(&st, path, m, &restored, &err), 0);
	for (i = 0; i < cfg.n_hosts; i++)
		assert_int_equal(state_file_save(st, i, &err), 0);
	state_file_close(st);
}

/* A new MAG with cfg reads it: how many came back. */
static int reopen(struct mag_hosts *m)
{
	struct xmip_error err = { 0 };
	struct state_file *st;
	int restored = -1;

	assert_int_equal(mag_hosts_init(m, &cfg, 7), 0);
	assert_int_equal(mag_state_open(&st, path, m, &restored, &err), 0);
	state_file_close(st);
	return restored;
}

static void test_restart_keeps_attached_hosts(void **state)
{
	struct mag_hosts before, after;

	(void)state;
	assert_int_equal(mag_hosts_init(&before, &cfg, 100), 0);
	attached(&before, 0, 1, "198.51.100.10");
	attached(&before, 2, 0, "198.51.100.130");
	before.hosts[1].state = MAG_HOST_REGISTERING;
	before.hosts[1].link = 0;
	save_all(&before);
	mag_hosts_free(&before);

	assert_int_equal(reopen(&after), 2);
	assert_int_equal(after.hosts[0].state, MAG_HOST_ATTACHED);
	assert_int_equal(after.hosts[0].link, 1);
	assert_int_equal(after.hosts[0].hoa4.s_addr, a4("198.51.100.10").s_addr);
	assert_int_equal(after.hosts[0].plen, 24);
	assert_int_equal(after.hosts[0].lifetime_s, 600);
	assert_int_equal(after.hosts[0].expires_ms, 600050);
	assert_int_equal(after.hosts[0].next_ms, 480050);
	assert_false(after.hosts[0].in_flight);
	assert_int_equal(after.hosts[1].state, MAG_HOST_AWAY);   /* it registers again */
	assert_int_equal(after.hosts[2].hoa4.s_addr, a4("198.51.100.130").s_addr);
	mag_hosts_free(&after);
}

static void test_changed_configuration(void **state)
{
	struct mag_hosts before, after;
	struct mag_profile swapped;

	(void)state;
	assert_int_equal(mag_hosts_init(&before, &cfg, 100), 0);
	attached(&before, 0, 0, "198.51.100.10");
	attached(&before, 1, 1, "198.51.100.11");
	attached(&before, 2, 1, "198.51.100.12");
	save_all(&before);
	mag_hosts_free(&before);

	/* The store in another order; host1's NAI changed; acc1 renamed. */
	swapped = profiles[0];
	profiles[0] = profiles[2];
	profiles[2] = swapped;
	snprintf(profiles[1].id, sizeof(profiles[1].id), "renamed@x");
	assert_int_equal(reopen(&after), 2);
	assert_int_equal(after.hosts[2].hoa4.s_addr, a4("198.51.100.10").s_addr);   /* host0, found */
	assert_int_equal(after.hosts[0].hoa4.s_addr, a4("198.51.100.12").s_addr);   /* host2 */
	assert_int_equal(after.hosts[1].state, MAG_HOST_AWAY);
	mag_hosts_free(&after);

	snprintf(cfg.access_links[1], IF_NAMESIZE, "wlan1");
	assert_int_equal(reopen(&after), 1);                 /* host0 only: on acc0 */
	assert_int_equal(after.hosts[2].state, MAG_HOST_ATTACHED);
	assert_int_equal(after.hosts[0].state, MAG_HOST_AWAY);
	mag_hosts_free(&after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_restart_keeps_attached_hosts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_configuration, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
