// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The home agent's RFC 4285 check of a BU, before its binding cache sees
 * it: each forgery gets its status (146 authentication failed, 144 the
 * identifier, 145 the timestamp) and moves nothing; a BU signed with
 * either of a node's two keys passes while the key changes; the BA is
 * signed with the BU's association.
 */
#include <arpa/inet.h>
#include "helpers.h"
#include "dsmip6/ha_auth.h"

#define T0 (0xe8f0a1b2ull << 32)   /* "now", NTP */
#define MS(ms) ((uint64_t)(ms) * 4294967296ull / 1000)

struct env {
	struct ha_config cfg;
	struct mh_sa sa[3];         /* mn1: two keys (rolling over), mn2: one */
	char ids[64];
	struct mn_authz mn[2];
	struct in6_addr ha, outer;
	uint64_t last_ts;
};

static void set_key(struct mh_sa *sa, uint32_t id, uint32_t spi, uint8_t fill, int line)
{
	sa->id = id;
	sa->key.spi = spi;
	sa->key.len = 20;
	memset(sa->key.key, fill, 20);
	sa->line = line;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	memcpy(e->ids, "mn1@example.net\0mn2@example.net", 32);
	set_key(&e->sa[0], 0, 1001, 0x11, 1);
	set_key(&e->sa[1], 0, 1000, 0x10, 2);
	set_key(&e->sa[2], 16, 2000, 0x20, 3);
	e->cfg.protection = MH_PROTECT_RFC4285;
	e->cfg.keys.sa = e->sa;
	e->cfg.keys.n = 3;
	e->cfg.keys.ids = e->ids;
	e->cfg.keys.ids_len = 32;
	snprintf(e->mn[0].id, sizeof(e->mn[0].id), "mn1@example.net");
	inet_pton(AF_INET6, "2001:db8:100::100", &e->mn[0].home_address6);
	e->mn[0].sa_first = 0;
	e->mn[0].n_sa = 2;
	snprintf(e->mn[1].id, sizeof(e->mn[1].id), "mn2@example.net");
	inet_pton(AF_INET6, "2001:db8:100::200", &e->mn[1].home_address6);
	e->mn[1].sa_first = 2;
	e->mn[1].n_sa = 1;
	inet_pton(AF_INET6, "2001:db8:1::2", &e->ha);
	inet_pton(AF_INET6, "2001:db8:10::100", &e->outer);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

struct bu_spec {
	const struct mh_auth_key *key;   /* NULL: no authentication option */
	bool replay;
	uint64_t ts;
	const char *mn_id;               /* NULL: no identifier option */
	bool corrupt;                    /* one bit of the authenticator flipped */
};

/* Node 0's BU from e->outer as spec says; decoded into m. */
static size_t make_bu(struct env *e, const struct bu_spec *spec, uint8_t *buf, struct mh_msg *m)
{
	struct mh_msg bu = { .type = XMIP_MH_BU };
	const struct in6_addr *hoa = &e->mn[0].home_address6;
	int len;

	bu.bu.seq = 5;
	bu.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H;
	bu.bu.lifetime = 100;
	if (spec->mn_id) {
		bu.opt.has_mn_id = true;
		bu.opt.mn_id_subtype = MH_MN_ID_NAI;
		bu.opt.mn_id_len = (uint8_t)snprintf(bu.opt.mn_id, sizeof(bu.opt.mn_id), "%s", spec->mn_id);
	}
	bu.opt.has_replay = spec->replay;
	bu.opt.timestamp = spec->ts;
	if (spec->key)
		mh_auth_prepare(&bu, spec->key);
	len = mh_encode(&bu, hoa, &e->ha, buf, MH_MAX_LEN);
	assert_true(len > 0);
	/* No Alternate Care-of Address: the outer source is the one named. */
	if (spec->key)
		assert_int_equal(mh_auth_sign(buf, (size_t)len, spec->key, &e->outer, hoa, hoa, &e->ha), 0);
	if (spec->corrupt) {
		buf[len - 1] ^= 1;
		buf[4] = buf[5] = 0;
		{
			uint16_t sum = mh_checksum(buf, (size_t)len, hoa, &e->ha);

			buf[4] = (uint8_t)(sum >> 8);
			buf[5] = (uint8_t)sum;
		}
	}
	assert_int_equal(mh_decode(buf, (size_t)len, hoa, &e->ha, m), MH_OK);
	return (size_t)len;
}

static uint8_t check(struct env *e, const struct bu_spec *spec, uint64_t now, struct ha_auth_verdict *v)
{
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg m;
	size_t len = make_bu(e, spec, buf, &m);

	ha_auth_check(&e->cfg, &e->mn[0], buf, len, &m, &e->mn[0].home_address6, &e->outer, now,
		      &e->last_ts, v);
	return v->status;
}

static void test_good_bu_passes(void **state)
{
	struct env *e = *state;
	struct ha_auth_verdict v;
	struct bu_spec s = { .key = &e->sa[0].key, .replay = true, .ts = T0, .mn_id = "mn1@example.net" };

	assert_int_equal(check(e, &s, T0 + MS(300), &v), 0);
	assert_true(e->last_ts == T0);
	assert_ptr_equal(v.key, &e->sa[0].key);      /* its BA: the same association */
	assert_memory_equal(&v.coa, &e->outer, 16);
	/* No identifier option: the home address named the node. */
	s.mn_id = NULL;
	s.ts = T0 + MS(1000);
	assert_int_equal(check(e, &s, T0 + MS(1000), &v), 0);
}

static void test_forgeries_refused(void **state)
{
	struct env *e = *state;
	struct ha_auth_verdict v;
	struct mh_auth_key wrong = e->sa[0].key;
	struct bu_spec none = { .replay = true, .ts = T0 };
	struct bu_spec bad_mac = { .key = &e->sa[0].key, .replay = true, .ts = T0, .corrupt = true };
	struct bu_spec wrong_key = { .key = &wrong, .replay = true, .ts = T0 };
	/* Node 2's own association, named in a BU for node 1's home address. */
	struct bu_spec other_node = { .key = &e->sa[2].key, .replay = true, .ts = T0 };

	wrong.key[3] ^= 0x40;
	assert_int_equal(check(e, &none, T0, &v), XMIP_BA_AUTH_FAIL);
	/* Its BA still signed, with the node's first association. */
	assert_ptr_equal(v.key, &e->sa[0].key);
	assert_int_equal(check(e, &bad_mac, T0, &v), XMIP_BA_AUTH_FAIL);
	assert_int_equal(check(e, &wrong_key, T0, &v), XMIP_BA_AUTH_FAIL);
	assert_int_equal(check(e, &other_node, T0, &v), XMIP_BA_AUTH_FAIL);
	assert_ptr_equal(v.key, &e->sa[0].key);      /* never node 2's */
	/* None of them moved the replay state. */
	assert_true(e->last_ts == 0);
}

static void test_identifier_mismatch(void **state)
{
	struct env *e = *state;
	struct ha_auth_verdict v;
	struct bu_spec s = { .key = &e->sa[0].key, .replay = true, .ts = T0, .mn_id = "mn2@example.net" };

	assert_int_equal(check(e, &s, T0, &v), XMIP_BA_ID_MISMATCH);
	assert_true(e->last_ts == 0);
}

static void test_replay_protection(void **state)
{
	struct env *e = *state;
	struct ha_auth_verdict v;
	struct bu_spec s = { .key = &e->sa[0].key, .replay = false };

	/* No timestamp at all. */
	assert_int_equal(check(e, &s, T0, &v), XMIP_BA_MESG_ID_REQD);
	/* Out of the window, either side (7 s). */
	s.replay = true;
	s.ts = T0 - MS(7100);
	assert_int_equal(check(e, &s, T0, &v), XMIP_BA_MESG_ID_REQD);
	s.ts = T0 + MS(7100);
	assert_int_equal(check(e, &s, T0, &v), XMIP_BA_MESG_ID_REQD);
	/* Inside it: fine, once. */
	s.ts = T0 + MS(6900);
	assert_int_equal(check(e, &s, T0, &v), 0);
	/* The same BU again (a replay), then an older one: refused. */
	assert_int_equal(check(e, &s, T0 + MS(10), &v), XMIP_BA_MESG_ID_REQD);
	s.ts = T0 + MS(6000);
	assert_int_equal(check(e, &s, T0 + MS(10), &v), XMIP_BA_MESG_ID_REQD);
	assert_true(e->last_ts == T0 + MS(6900));
	s.ts = T0 + MS(6901);
	assert_int_equal(check(e, &s, T0 + MS(20), &v), 0);
}

/* RFC 4285 5.1.1's rollover: while a key changes both associations pass,
 * each BA signed with the BU's. */
static void test_key_rollover(void **state)
{
	struct env *e = *state;
	struct ha_auth_verdict v;
	struct bu_spec s = { .key = &e->sa[1].key, .replay = true, .ts = T0 };

	assert_int_equal(check(e, &s, T0, &v), 0);
	assert_ptr_equal(v.key, &e->sa[1].key);
	s.key = &e->sa[0].key;
	s.ts = T0 + MS(1);
	assert_int_equal(check(e, &s, T0, &v), 0);
	assert_ptr_equal(v.key, &e->sa[0].key);
	/* Once the old line is gone, its SPI fails. */
	e->mn[0].n_sa = 1;
	s.key = &e->sa[1].key;
	s.ts = T0 + MS(2);
	assert_int_equal(check(e, &s, T0, &v), XMIP_BA_AUTH_FAIL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_bu_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forgeries_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identifier_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replay_protection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_rollover, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
