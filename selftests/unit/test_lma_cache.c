// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The LMA's decisions (RFC 5213 5.3, 5.5; RFC 5844 3.1.2) with a fake
 * clock: registration with a static and a pool address, handover between
 * MAGs with the old MAG to revoke, timestamps (window, order), every
 * refusal's status, deregistration by the right and the wrong MAG, expiry,
 * and what a restart may load.
 */
#include <arpa/inet.h>
#include "helpers.h"
#include "pmip/lma_cache.h"

#define T0 ((uint64_t)1796428800 << 16)   /* 2026-12-05, RFC 5213 timestamp */
#define SEC(n) ((uint64_t)(n) << 16)

static struct lma_config cfg;
static struct lma_host hosts[3];
static struct lma_cache cache;

/* Two MAGs; "static@x" has 198.51.100.10 and both MAGs, "pool@x" and
 * "only1@x" take the pool 198.51.100.0/30 (one address: .1 is the default
 * router, .0 and .3 are no host's), "only1@x" through MAG 1 only. */
static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(hosts, 0, sizeof(hosts));
	cfg.n_mags = 2;
	strcpy(cfg.mags[0].id, "mag1");
	strcpy(cfg.mags[1].id, "mag2");
	cfg.home_prefix4 = (struct prefix4){ a4("198.51.100.0"), 24 };
	cfg.default_router4 = a4("198.51.100.1");
	cfg.v4_pool = (struct prefix4){ a4("198.51.100.0"), 30 };
	cfg.has_v4_pool = true;
	cfg.max_lifetime_s = 600;
	cfg.timestamp_window_ms = 300;
	strcpy(hosts[0].id, "static@x");
	hosts[0].hoa4 = a4("198.51.100.10");
	hosts[0].mags = 3;
	strcpy(hosts[1].id, "pool@x");
	hosts[1].mags = 3;
	strcpy(hosts[2].id, "only1@x");
	hosts[2].mags = 1;
	cfg.hosts = hosts;
	cfg.n_hosts = 3;
	return lma_cache_init(&cache, &cfg);
}

static int teardown(void **state)
{
	(void)state;
	lma_cache_free(&cache);
	return 0;
}

static struct mh_msg pbu(const char *id, uint64_t ts, uint16_t lifetime)
{
	struct mh_msg m = { .type = XMIP_MH_BU };

	m.bu.seq = 1;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H | XMIP_BU_F_P;
	m.bu.lifetime = lifetime;
	m.opt.has_mn_id = true;
	m.opt.mn_id_subtype = MH_MN_ID_NAI;
	m.opt.mn_id_len = (uint8_t)strlen(id);
	strcpy(m.opt.mn_id, id);
	m.opt.pmip.has_handoff = true;
	m.opt.pmip.handoff = XMIP_HI_NEW_INTERFACE;
	m.opt.pmip.has_att = true;
	m.opt.pmip.att = XMIP_ATT_ETHERNET;
	m.opt.pmip.has_timestamp = true;
	m.opt.pmip.timestamp = ts;
	m.opt.pmip.has_v4_req = true;
	return m;
}

static uint8_t decide(int mag, const struct mh_msg *m, uint64_t now_ms, uint64_t now_ts, struct lma_decision *d)
{
	lma_cache_process_pbu(&cache, mag, m, now_ms, now_ts, d);
	assert_int_equal(d->pba.type, XMIP_MH_BA);
	assert_true(d->pba.ba.flags & MH_BA_F_P);
	assert_int_equal(d->pba.ba.seq, m->bu.seq);
	return d->pba.ba.status;
}

static void test_register_static_and_pool(void **state)
{
	struct lma_decision d;
	struct mh_msg m = pbu("static@x", T0, 1000);   /* asks 4000 s */

	(void)state;
	assert_int_equal(decide(0, &m, 1000, T0, &d), XMIP_BA_ACCEPTED);
	assert_int_equal(d.host, 0);
	assert_int_equal(d.revoke_mag, -1);
	assert_int_equal(d.pba.ba.lifetime, 150);   /* capped at 600 s */
	assert_true(d.after.active);
	assert_int_equal(d.after.expires_ms, 1000 + 600000);
	assert_int_equal(d.after.hoa4.s_addr, a4("198.51.100.10").s_addr);
	assert_true(d.pba.opt.pmip.has_v4_rep);
	assert_int_equal(d.pba.opt.pmip.v4_rep_status, XMIP_V4REP_SUCCESS);
	assert_int_equal(d.pba.opt.pmip.v4_rep_plen, 24);
	assert_int_equal(d.pba.opt.pmip.v4_rep.s_addr, a4("198.51.100.10").s_addr);
	assert_int_equal(d.pba.opt.pmip.v4_dra.s_addr, a4("198.51.100.1").s_addr);
	assert_true(d.pba.opt.pmip.has_dhcp_mode && d.pba.opt.pmip.dhcp_server);
	/* The host's options come back as they went (RFC 5213 5.3.6). */
	assert_string_equal(d.pba.opt.mn_id, "static@x");
	assert_int_equal(d.pba.opt.pmip.handoff, XMIP_HI_NEW_INTERFACE);
	assert_int_equal(d.pba.opt.pmip.att, XMIP_ATT_ETHERNET);
	assert_int_equal(d.pba.opt.pmip.timestamp, T0);

	m = pbu("pool@x", T0, 100);
	assert_int_equal(decide(1, &m, 1000, T0, &d), XMIP_BA_ACCEPTED);
	assert_int_equal(d.after.hoa4.s_addr, a4("198.51.100.2").s_addr);   /* the pool's one */
	/* The pool is empty now: another host gets the RFC 5844 refusal. */
	m = pbu("only1@x", T0, 100);
	assert_int_equal(decide(0, &m, 1000, T0, &d), XMIP_BA_INSUFFICIENT_RESOURCES);
	assert_int_equal(d.pba.opt.pmip.v4_rep_status, XMIP_V4REP_NO_DYNAMIC);
	assert_false(d.after.active);
	assert_int_equal(d.pba.ba.lifetime, 0);
}

/* The host moves to MAG 2: the binding follows, MAG 1 is to be revoked;
 * MAG 1's late PBU (an older timestamp) and its deregistration change
 * nothing; MAG 2's deregistration ends it, and the pool address waits. */
static void test_handover(void **state)
{
	struct lma_decision d;
	struct mh_msg m = pbu("pool@x", T0, 100);

	(void)state;
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_ACCEPTED);
	m = pbu("pool@x", T0 + SEC(5), 100);
	m.opt.pmip.handoff = XMIP_HI_OTHER_MAG;
	assert_int_equal(decide(1, &m, 5000, T0 + SEC(5), &d), XMIP_BA_ACCEPTED);
	assert_int_equal(d.revoke_mag, 0);
	assert_int_equal(d.before.mag, 0);
	assert_int_equal(d.after.mag, 1);
	assert_int_equal(d.after.hoa4.s_addr, d.before.hoa4.s_addr);   /* the host keeps its address */

	m = pbu("pool@x", T0 + SEC(5) - SEC(1) / 10, 100);   /* sent before the move, late */
	assert_int_equal(decide(0, &m, 5100, T0 + SEC(5), &d), XMIP_BA_TIMESTAMP_LOWER);
	assert_int_equal(d.after.mag, 1);
	m = pbu("pool@x", T0 + SEC(5), 100);   /* the same timestamp again: a replay */
	assert_int_equal(decide(1, &m, 5100, T0 + SEC(5), &d), XMIP_BA_TIMESTAMP_LOWER);

	m = pbu("pool@x", T0 + SEC(6), 0);   /* MAG 1 lets go after the move */
	assert_int_equal(decide(0, &m, 6000, T0 + SEC(6), &d), XMIP_BA_ACCEPTED);
	assert_true(d.after.active);
	assert_int_equal(d.after.mag, 1);
	m = pbu("pool@x", T0 + SEC(7), 0);
	assert_int_equal(decide(1, &m, 7000, T0 + SEC(7), &d), XMIP_BA_ACCEPTED);
	assert_false(d.after.active);
	assert_int_equal(d.pba.ba.lifetime, 0);
	/* Back, asking for any address: it gets its last one again. */
	m = pbu("pool@x", T0 + SEC(8), 100);
	assert_int_equal(decide(1, &m, 8000, T0 + SEC(8), &d), XMIP_BA_ACCEPTED);
	assert_int_equal(d.after.hoa4.s_addr, a4("198.51.100.2").s_addr);
	assert_int_equal(d.revoke_mag, -1);
}

static void test_timestamps(void **state)
{
	struct lma_decision d;
	struct mh_msg m = pbu("static@x", T0 + SEC(1), 100);

	(void)state;
	/* One second ahead of our clock, with a 300 ms window. */
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_TIMESTAMP_MISMATCH);
	assert_int_equal(d.pba.opt.pmip.timestamp, T0);   /* our time, for the MAG */
	assert_false(d.after.active);
	/* 200 ms behind: within. */
	m = pbu("static@x", T0 - SEC(1) / 5, 100);
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_ACCEPTED);
	/* No timestamp at all. */
	m = pbu("static@x", T0 + SEC(1), 100);
	m.opt.pmip.has_timestamp = false;
	assert_int_equal(decide(0, &m, 0, T0 + SEC(1), &d), XMIP_BA_TIMESTAMP_MISMATCH);
}

static void test_refusals(void **state)
{
	struct lma_decision d;
	struct mh_msg m;

	(void)state;
	m = pbu("static@x", T0, 100);
	m.bu.flags &= (uint16_t)~XMIP_BU_F_P;
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_HOME_REG_NOT_SUPPORTED);
	m = pbu("static@x", T0, 100);
	assert_int_equal(decide(-1, &m, 0, T0, &d), XMIP_BA_MAG_NOT_AUTHORIZED);
	m.opt.has_mn_id = false;
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_MISSING_MN_ID);
	m = pbu("nobody@x", T0, 100);
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_NOT_LMA_FOR_MN);
	assert_int_equal(d.host, -1);
	m = pbu("only1@x", T0, 100);
	assert_int_equal(decide(1, &m, 0, T0, &d), XMIP_BA_MAG_NOT_AUTHORIZED);
	m = pbu("static@x", T0, 100);
	m.opt.pmip.has_handoff = false;
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_MISSING_HANDOFF);
	m = pbu("static@x", T0, 100);
	m.opt.pmip.has_att = false;
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_MISSING_ATT);
	m = pbu("static@x", T0, 100);
	m.opt.pmip.n_hnp = 1;
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_NOT_AUTHORIZED_IPV6);
	m = pbu("static@x", T0, 100);
	m.opt.pmip.has_v4_req = false;
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_MISSING_HNP);
	/* Another host's address, and an address outside the pool. */
	m = pbu("static@x", T0, 100);
	m.opt.pmip.v4_req = a4("198.51.100.11");
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_NOT_AUTHORIZED_IPV4_HOA);
	assert_int_equal(d.pba.opt.pmip.v4_rep_status, XMIP_V4REP_INCORRECT_HOA);
	m = pbu("pool@x", T0, 100);
	m.opt.pmip.v4_req = a4("198.51.100.10");
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_NOT_AUTHORIZED_IPV4_HOA);
	m.opt.pmip.v4_req = a4("198.51.100.1");   /* the default router */
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_NOT_AUTHORIZED_IPV4_HOA);
	/* Nothing of it bound anything. */
	assert_false(cache.entries[0].active || cache.entries[1].active || cache.entries[2].active);
	/* The pool address, named: taken when free. */
	m.opt.pmip.v4_req = a4("198.51.100.2");
	assert_int_equal(decide(0, &m, 0, T0, &d), XMIP_BA_ACCEPTED);
}

/* The pool /29 (.2 to .6; .1 the router): each new host gets the address
 * after the last one given, and a freed one only when the search wraps
 * round to it, while a host that comes back gets its own again. */
static void test_pool_goes_on(void **state)
{
	static const char *const ids[] = { "p1@x", "p2@x", "p3@x" };
	struct lma_host many[3];
	struct lma_decision d;
	struct mh_msg m;
	int i;

	(void)state;
	lma_cache_free(&cache);
	memset(many, 0, sizeof(many));
	for (i = 0; i < 3; i++) {
		strcpy(many[i].id, ids[i]);
		many[i].mags = 3;
	}
	cfg.hosts = many;
	cfg.n_hosts = 3;
	cfg.v4_pool.len = 29;
	assert_int_equal(lma_cache_init(&cache, &cfg), 0);
	m = pbu("p1@x", T0, 100);
	assert_int_equal(decide(0, &m, 1000, T0, &d), XMIP_BA_ACCEPTED);
	assert_int_equal(d.after.hoa4.s_addr, a4("198.51.100.2").s_addr);
	m = pbu("p2@x", T0, 100);
	assert_int_equal(decide(0, &m, 1000, T0, &d), XMIP_BA_ACCEPTED);
	assert_int_equal(d.after.hoa4.s_addr, a4("198.51.100.3").s_addr);
	m = pbu("p1@x", T0 + SEC(1), 0);                      /* .2 is free again */
	assert_int_equal(decide(0, &m, 2000, T0 + SEC(1), &d), XMIP_BA_ACCEPTED);
	m = pbu("p3@x", T0 + SEC(1), 100);
	assert_int_equal(decide(0, &m, 2000, T0 + SEC(1), &d), XMIP_BA_ACCEPTED);
	assert_int_equal(d.after.hoa4.s_addr, a4("198.51.100.4").s_addr);   /* not .2 */
	m = pbu("p1@x", T0 + SEC(2), 100);
	assert_int_equal(decide(0, &m, 3000, T0 + SEC(2), &d), XMIP_BA_ACCEPTED);
	assert_int_equal(d.after.hoa4.s_addr, a4("198.51.100.2").s_addr);   /* its own again */
}

static void test_expiry_restore_load(void **state)
{
	struct lma_decision d;
	struct lma_entry gone, bad;
	struct mh_msg m = pbu("pool@x", T0, 10);   /* 40 s */
	int from = 0;

	(void)state;
	assert_int_equal(decide(0, &m, 1000, T0, &d), XMIP_BA_ACCEPTED);
	assert_int_equal(lma_cache_expire_next(&cache, 40999, &from, &gone), -1);
	from = 0;
	assert_int_equal(lma_cache_expire_next(&cache, 41000, &from, &gone), 1);
	assert_int_equal(gone.hoa4.s_addr, a4("198.51.100.2").s_addr);
	assert_false(cache.entries[1].active);
	/* The data plane could not follow: the binding comes back, and with it
	 * its pool address (another host cannot take it). */
	lma_cache_restore(&cache, 1, &gone);
	m = pbu("only1@x", T0, 10);
	assert_int_equal(decide(0, &m, 1000, T0, &d), XMIP_BA_INSUFFICIENT_RESOURCES);
	/* A restart: an entry for a MAG the host may not use, or with an address
	 * that is not its own, is not loaded. */
	bad = gone;
	bad.mag = 1;
	assert_int_equal(lma_cache_load(&cache, 2, &bad), -1);
	bad = gone;
	bad.hoa4 = a4("198.51.100.99");
	assert_int_equal(lma_cache_load(&cache, 0, &bad), -1);
	bad.hoa4 = a4("198.51.100.10");
	assert_int_equal(lma_cache_load(&cache, 0, &bad), 0);
	assert_true(cache.entries[0].active);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_register_static_and_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_goes_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timestamps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry_restore_load, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
