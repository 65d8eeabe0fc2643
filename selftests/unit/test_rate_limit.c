// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The token bucket that bounds the home agent's answers to refused BUs, on
 * a clock the test drives. */
#include "helpers.h"
#include "core/rate_limit.h"

static int allowed(struct rate_limit *r, uint64_t now_ms, int tries)
{
	int n = 0;

	while (tries--)
		n += rate_limit_allow(r, now_ms);
	return n;
}

static void test_burst_then_rate(void **state)
{
	struct rate_limit r;

	(void)state;
	rate_limit_init(&r, 100, 20);
	assert_int_equal(allowed(&r, 5000, 50), 20);     /* the burst, at once */
	assert_int_equal(allowed(&r, 5000, 50), 0);
	assert_int_equal(allowed(&r, 5010, 50), 1);      /* 100/s: one per 10 ms */
	assert_int_equal(allowed(&r, 5105, 1000), 9);    /* 95 ms later: 9.5 */
	assert_int_equal(allowed(&r, 5110, 1000), 1);    /* the half left, and 5 ms */
	assert_int_equal(allowed(&r, 6110, 1000), 20);   /* a second: capped at the burst */
}

/* Time that stands still or goes back (a clock the caller got wrong)
 * gives no tokens and takes none away. */
static void test_clock_not_advancing(void **state)
{
	struct rate_limit r;

	(void)state;
	rate_limit_init(&r, 10, 2);
	assert_int_equal(allowed(&r, 1000, 5), 2);
	assert_int_equal(allowed(&r, 900, 5), 0);
	assert_int_equal(allowed(&r, 1100, 5), 1);
}

/* Over days at a steady flood, no more than the rate gets through. */
static void test_long_flood(void **state)
{
	struct rate_limit r;
	uint64_t t, n = 0;

	(void)state;
	rate_limit_init(&r, 100, 100);
	for (t = 0; t < 3ull * 86400 * 1000; t += 7)
		n += (uint64_t)allowed(&r, t, 3);
	assert_true(n <= 100 + 3ull * 86400 * 100);
	assert_true(n >= 3ull * 86400 * 100 - 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_then_rate),
		cmocka_unit_test(test_clock_not_advancing),
		cmocka_unit_test(test_long_flood),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
