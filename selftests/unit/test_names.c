// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The names users see: log levels, stat counters, tunnel formats, addresses. */
#include <arpa/inet.h>
#include "helpers.h"
#include "core/log.h"
#include "core/report.h"
#include "xmip_loader.h"

static void test_log_levels(void **state)
{
	int level;

	(void)state;
	for (level = LOG_ERR; level <= LOG_DEBUG; level++)
		assert_int_equal(log_level_parse(log_level_name(level)), level);
	assert_int_equal(log_level_parse("warn"), LOG_WARNING);
	assert_int_equal(log_level_parse("loud"), -1);
}

static void test_every_stat_named(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < XMIP_STAT_MAX; i++) {
		assert_non_null(xmip_stat_name(i));
		assert_true(strlen(xmip_stat_name(i)) > 5);
		for (j = 0; j < i; j++)
			assert_string_not_equal(xmip_stat_key(i), xmip_stat_key(j));
	}
	assert_string_equal(xmip_stat_key(XMIP_STAT_DROP_MALFORMED), "DROP_MALFORMED");
	assert_string_equal(xmip_stat_name(XMIP_STAT_MAX), "?");
}

static void test_tunnel_formats(void **state)
{
	(void)state;
	assert_string_equal(tunnel_format_name(XMIP_TUN_IP6), "ipv6");
	assert_string_equal(tunnel_format_name(XMIP_TUN_UDP4), "udp4");
	assert_string_equal(tunnel_format_name(200), "invalid");
}

static void test_tunnel_addresses(void **state)
{
	struct xmip_tunnel t = { .format = XMIP_TUN_UDP4 };
	char buf[INET6_ADDRSTRLEN];

	(void)state;
	inet_pton(AF_INET, "198.51.100.50", &t.remote.v4);
	tunnel_addr_str(&t, &t.remote, buf, sizeof(buf));
	assert_string_equal(buf, "198.51.100.50");
	t.format = XMIP_TUN_IP6;
	inet_pton(AF_INET6, "2001:db8:10::100", t.remote.bytes);
	tunnel_addr_str(&t, &t.remote, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8:10::100");
	t.format = XMIP_TUN_NONE;
	tunnel_addr_str(&t, &t.remote, buf, sizeof(buf));
	assert_string_equal(buf, "-");
}

static void test_instance_names(void **state)
{
	(void)state;
	assert_true(xmip_instance_name_valid("ha-1.lab_x"));
	assert_false(xmip_instance_name_valid(""));
	assert_false(xmip_instance_name_valid(".hidden"));
	assert_false(xmip_instance_name_valid("a/b"));
	assert_false(xmip_instance_name_valid("a b"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_levels),
		cmocka_unit_test(test_every_stat_named),
		cmocka_unit_test(test_tunnel_formats),
		cmocka_unit_test(test_tunnel_addresses),
		cmocka_unit_test(test_instance_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
