// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The mobile node's binding update list entry (agent/dsmip6/mn_bul.c) with a fake
 * clock: back-off 1, 2, 4 ... 32 s (RFC 6275 11.8), a new sequence number
 * for every BU and its wrap, the fall back to IPv4 after three unanswered
 * BUs (RFC 5555 4.4.1), BA handling (135, 144, refusals, acceptance with
 * refresh at 80% of the lifetime or the NAT keepalive time), the data
 * tunnel's format from the NAT detection option, deregistration at home.
 */
#include "helpers.h"
#include "dsmip6/mn_bul.h"
#include "xmip_abi.h"
#include "xmip_proto.h"

#define S 1000000ULL   /* us per second */

static struct mh_msg ba(uint8_t status, uint16_t seq, uint16_t lifetime_units)
{
	struct mh_msg m = { .type = XMIP_MH_BA };

	m.ba.status = status;
	m.ba.seq = seq;
	m.ba.lifetime = lifetime_units;
	return m;
}

static void test_backoff_doubles_to_32_s(void **state)
{
	static const unsigned waits[] = { 1, 2, 4, 8, 16, 32, 32, 32 };
	struct mn_bul b;
	uint64_t now = 100 * S;
	size_t i;

	(void)state;
	mn_bul_init(&b, 10, false, false);
	mn_bul_register(&b, now);
	assert_int_equal(b.state, MN_BUL_WAITING);
	assert_int_equal(b.seq, 11);
	assert_int_equal(b.flags, XMIP_BU_F_A | XMIP_BU_F_H);
	for (i = 0; i < sizeof(waits) / sizeof(waits[0]); i++) {
		assert_int_equal(b.timeout_s, waits[i]);
		assert_int_equal(b.due_us, now + waits[i] * S);
		/* Nothing is due a microsecond early. */
		assert_int_equal(mn_bul_due(&b, b.due_us - 1, false), MN_BUL_NOTHING);
		now = b.due_us;
		assert_int_equal(mn_bul_due(&b, now, false), MN_BUL_RESEND);
		mn_bul_resend(&b, now);
		assert_int_equal(b.seq, 12 + i);           /* a new number each time */
		assert_int_equal(b.tries, (int)i + 2);
	}
}

static void test_sequence_wraps(void **state)
{
	struct mn_bul b;

	(void)state;
	mn_bul_init(&b, 65534, false, false);
	mn_bul_register(&b, 0);
	assert_int_equal(b.seq, 65535);
	mn_bul_resend(&b, 1 * S);
	assert_int_equal(b.seq, 0);
	mn_bul_resend(&b, 3 * S);
	assert_int_equal(b.seq, 1);
}

static void test_fallback_after_three_ipv6_tries(void **state)
{
	struct mn_bul b;

	(void)state;
	mn_bul_init(&b, 0, false, false);
	mn_bul_register(&b, 0);                         /* try 1, due 1 s */
	assert_int_equal(mn_bul_due(&b, 1 * S, true), MN_BUL_RESEND);
	mn_bul_resend(&b, 1 * S);                       /* try 2, due 3 s */
	assert_int_equal(mn_bul_due(&b, 3 * S, true), MN_BUL_RESEND);
	mn_bul_resend(&b, 3 * S);                       /* try 3, due 7 s */
	assert_false(b.fallback_v4);
	assert_int_equal(mn_bul_due(&b, 7 * S, true), MN_BUL_FALL_BACK);
	assert_true(b.fallback_v4);
	/* From IPv4 (or once fallen back) it is plain retransmission. */
	mn_bul_register(&b, 7 * S);
	mn_bul_resend(&b, 8 * S);
	mn_bul_resend(&b, 10 * S);
	assert_int_equal(mn_bul_due(&b, 14 * S, true), MN_BUL_RESEND);
}

static void test_ipv4_never_falls_back(void **state)
{
	struct mn_bul b;
	uint64_t now = 0;
	int i;

	(void)state;
	mn_bul_init(&b, 0, false, false);
	mn_bul_register(&b, now);
	for (i = 0; i < 6; i++) {
		now = b.due_us;
		assert_int_equal(mn_bul_due(&b, now, false), MN_BUL_RESEND);
		mn_bul_resend(&b, now);
	}
	assert_false(b.fallback_v4);
}

static void test_accepted_refresh_at_80_percent(void **state)
{
	struct mn_bul b;
	struct mh_msg m;

	(void)state;
	mn_bul_init(&b, 5, false, false);
	mn_bul_register(&b, 50 * S);
	m = ba(XMIP_BA_ACCEPTED, b.seq, 150);           /* 600 s */
	assert_int_equal(mn_bul_on_ba(&b, &m, 50 * S + 2000), MN_BUL_BA_ACCEPTED);
	assert_int_equal(b.state, MN_BUL_REGISTERED);
	assert_int_equal(b.lifetime_s, 600);
	assert_int_equal(b.refresh_s, 480);
	assert_int_equal(b.due_us, 50 * S + 2000 + 480 * S);
	/* A late duplicate changes nothing; the refresh is a new registration. */
	assert_int_equal(mn_bul_on_ba(&b, &m, 51 * S), MN_BUL_BA_IGNORED);
	assert_int_equal(mn_bul_due(&b, b.due_us, false), MN_BUL_REREGISTER);
	mn_bul_register(&b, 600 * S);
	assert_int_equal(b.tries, 1);
	assert_int_equal(b.timeout_s, 1);
}

static void test_nat_keepalive_refresh(void **state)
{
	struct mn_bul b;
	struct mh_msg m;

	(void)state;
	mn_bul_init(&b, 0, false, false);
	mn_bul_register(&b, 0);
	m = ba(XMIP_BA_ACCEPTED, b.seq, 150);
	m.opt.has_nat_detect = true;
	m.opt.nat_f = true;
	m.opt.nat_refresh_s = 110;
	assert_int_equal(mn_bul_on_ba(&b, &m, 0), MN_BUL_BA_ACCEPTED);
	assert_int_equal(b.refresh_s, 110);
	/* No NAT (0xffffffff) leaves the lifetime's refresh. */
	mn_bul_register(&b, 0);
	m.ba.seq = b.seq;
	m.opt.nat_f = false;
	m.opt.nat_refresh_s = 0xffffffffu;
	assert_int_equal(mn_bul_on_ba(&b, &m, 0), MN_BUL_BA_ACCEPTED);
	assert_int_equal(b.refresh_s, 480);
}

static void test_wrong_sequence_ignored_135_restarts(void **state)
{
	struct mn_bul b;
	struct mh_msg m;

	(void)state;
	mn_bul_init(&b, 100, false, false);
	mn_bul_register(&b, 0);                         /* seq 101 */
	m = ba(XMIP_BA_ACCEPTED, 100, 150);
	assert_int_equal(mn_bul_on_ba(&b, &m, 0), MN_BUL_BA_IGNORED);
	assert_int_equal(b.state, MN_BUL_WAITING);
	/* RFC 6275 11.7.3: 135 carries the HA's number; continue after it. */
	m = ba(XMIP_BA_SEQ_OUT_OF_WINDOW, 40000, 0);
	assert_int_equal(mn_bul_on_ba(&b, &m, 0), MN_BUL_BA_RESTART);
	mn_bul_register(&b, 0);
	assert_int_equal(b.seq, 40001);
}

static void test_f_flag_refused_resends_without(void **state)
{
	struct mn_bul b;
	struct mh_msg m;

	(void)state;
	mn_bul_init(&b, 0, true, false);
	mn_bul_register(&b, 0);
	assert_true(b.flags & XMIP_BU_F_F);
	m = ba(XMIP_BA_F_FLAG_NOT_ALLOWED, b.seq, 0);
	assert_int_equal(mn_bul_on_ba(&b, &m, 0), MN_BUL_BA_RESTART);
	mn_bul_register(&b, 0);
	assert_false(b.flags & XMIP_BU_F_F);
	/* A second 144 (without F it cannot be about F) is a refusal. */
	m.ba.seq = b.seq;
	assert_int_equal(mn_bul_on_ba(&b, &m, 5 * S), MN_BUL_BA_REFUSED);
	assert_int_equal(b.due_us, 5 * S + MN_BUL_RETRY_AFTER_REFUSAL_S * S);
	assert_int_equal(mn_bul_due(&b, b.due_us, false), MN_BUL_REREGISTER);
}

static void test_refusal_retries_later(void **state)
{
	struct mn_bul b;
	struct mh_msg m;

	(void)state;
	mn_bul_init(&b, 0, false, true);
	mn_bul_register(&b, 0);
	assert_true(b.flags & XMIP_BU_F_R);              /* mobile router */
	m = ba(XMIP_BA_NOT_AUTHORIZED_PREFIX, b.seq, 0);
	assert_int_equal(mn_bul_on_ba(&b, &m, 1 * S), MN_BUL_BA_REFUSED);
	assert_int_equal(b.state, MN_BUL_REFUSED);
	assert_int_equal(b.last_status, XMIP_BA_NOT_AUTHORIZED_PREFIX);
	assert_int_equal(mn_bul_due(&b, 32 * S, false), MN_BUL_NOTHING);
	assert_int_equal(mn_bul_due(&b, 33 * S, false), MN_BUL_REREGISTER);
}

static void test_data_format(void **state)
{
	struct mh_msg m = ba(XMIP_BA_ACCEPTED, 1, 150);

	(void)state;
	assert_int_equal(mn_bul_data_format(XMIP_TUN_IP6, &m), XMIP_TUN_IP6);
	/* From IPv4 without the NAT detection option's F: plain IPv4. */
	assert_int_equal(mn_bul_data_format(XMIP_TUN_UDP4, &m), XMIP_TUN_IP4);
	m.opt.has_nat_detect = true;
	assert_int_equal(mn_bul_data_format(XMIP_TUN_UDP4, &m), XMIP_TUN_IP4);
	m.opt.nat_f = true;
	assert_int_equal(mn_bul_data_format(XMIP_TUN_UDP4, &m), XMIP_TUN_UDP4);
}

static void test_deregistration_at_home(void **state)
{
	struct mn_bul b;
	struct mh_msg m;

	(void)state;
	mn_bul_init(&b, 7, false, false);
	mn_bul_deregister(&b, 0);
	assert_true(b.deregistering);
	assert_int_equal(b.state, MN_BUL_WAITING);
	assert_int_equal(mn_bul_due(&b, 1 * S, false), MN_BUL_RESEND);
	mn_bul_resend(&b, 1 * S);
	assert_true(b.deregistering);                    /* still lifetime 0 */
	/* Nothing was bound (133): at home all the same. */
	m = ba(XMIP_BA_NOT_HA_FOR_MN, b.seq, 0);
	assert_int_equal(mn_bul_on_ba(&b, &m, 2 * S), MN_BUL_BA_HOME);
	assert_int_equal(b.state, MN_BUL_HOME);
	assert_int_equal(b.due_us, 0);
	assert_int_equal(mn_bul_due(&b, 1000 * S, false), MN_BUL_NOTHING);
	/* Leaving home registers normally again. */
	mn_bul_register(&b, 3 * S);
	assert_false(b.deregistering);
}

static void test_stop_without_care_of_address(void **state)
{
	struct mn_bul b;

	(void)state;
	mn_bul_init(&b, 0, false, false);
	mn_bul_register(&b, 0);
	mn_bul_stop(&b);
	assert_int_equal(b.state, MN_BUL_IDLE);
	assert_int_equal(mn_bul_due(&b, 100 * S, false), MN_BUL_NOTHING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff_doubles_to_32_s),
		cmocka_unit_test(test_sequence_wraps),
		cmocka_unit_test(test_fallback_after_three_ipv6_tries),
		cmocka_unit_test(test_ipv4_never_falls_back),
		cmocka_unit_test(test_accepted_refresh_at_80_percent),
		cmocka_unit_test(test_nat_keepalive_refresh),
		cmocka_unit_test(test_wrong_sequence_ignored_135_restarts),
		cmocka_unit_test(test_f_flag_refused_resends_without),
		cmocka_unit_test(test_refusal_retries_later),
		cmocka_unit_test(test_data_format),
		cmocka_unit_test(test_deregistration_at_home),
		cmocka_unit_test(test_stop_without_care_of_address),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
