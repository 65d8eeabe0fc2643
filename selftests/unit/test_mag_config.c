// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The MAG's section, mag = { ... }, through its parser: a good one gives the
 * right values; every kind of bad one gives "file:line: problem". */
#include <arpa/inet.h>
#include "helpers.h"
#include "pmip/mag_config.h"

static char *keys_path;

static int setup(void **state)
{
	(void)state;
	keys_path = write_temp("mag1 4001 6d6167312d6c6d612d6b65792d6c61622d32303236\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_temp(keys_path);
	return 0;
}

/* Lines: 1 "mag = {", 2-7 fixed, then settings, then the hosts' list. */
static char *conf(const char *settings, const char *hosts)
{
	char *text = NULL;

	assert_true(asprintf(&text,
			     "mag = {\n"
			     "  access_links = [ \"acc0\", \"acc1\" ];\n"
			     "  interfaces = [ \"up0\" ];\n"
			     "  address6 = \"2001:db8:21::2\";\n"
			     "  lma_address6 = \"2001:db8:2::1\";\n"
			     "  bu_protection = \"rfc4285\";\n"
			     "  mag_lma_keys = \"%s\";\n"
			     "%s"
			     "  hosts = (\n%s  );\n"
			     "};\n",
			     keys_path, settings, hosts) > 0);
	return text;
}

#define GOOD "  id = \"mag1\";\n  home_prefix4 = \"198.51.100.0/24\";\n  default_router4 = \"198.51.100.1\";\n" \
	     "  router_mac = \"02:00:5e:00:00:01\";\n"
#define HOSTS "    { mac = \"02:00:5e:00:53:10\"; id = \"h1@x\"; },\n" \
	      "    { mac = \"02:00:5e:00:53:11\"; id = \"h2@x\"; }\n"

/* Parses text's mag section: the result, the error in err. */
static struct mag_config *parse(char *text, char *err, size_t len, char **path)
{
	struct cfg_ctx ctx = { .err = err, .errlen = len };
	struct mag_config *mag = NULL;
	config_t c;

	*path = write_temp(text);
	free(text);
	ctx.path = *path;
	config_init(&c);
	if (config_read_file(&c, *path) == CONFIG_TRUE)
		mag = mag_config_parse(&ctx, config_lookup(&c, "mag"), "m1");
	else
		snprintf(err, len, "%s:%d: %s", *path, config_error_line(&c), config_error_text(&c));
	config_destroy(&c);
	return mag;
}

static void test_good(void **state)
{
	char err[512] = "", *path;
	struct mag_config *mag = parse(conf(GOOD "  lifetime = 300;\n  link_down_hold_ms = 0;\n", HOSTS), err, sizeof(err), &path);

	(void)state;
	if (!mag)
		fail_msg("%s", err);
	assert_string_equal(mag->id, "mag1");
	assert_int_equal(mag->n_access_links, 2);
	assert_string_equal(mag->access_links[1], "acc1");
	assert_int_equal(mag->n_interfaces, 1);
	assert_int_equal(mag->home_prefix4.len, 24);
	assert_int_equal(mag->default_router4.s_addr, inet_addr("198.51.100.1"));
	assert_memory_equal(mag->router_mac, "\x02\x00\x5e\x00\x00\x01", 6);
	assert_int_equal(mag->lifetime_s, 300);
	assert_int_equal(mag->link_down_hold_ms, 0);
	assert_int_equal(mag->n_sa, 1);
	assert_int_equal(mag->n_hosts, 2);
	assert_memory_equal(mag->hosts[1].mac, "\x02\x00\x5e\x00\x53\x11", 6);
	assert_string_equal(mag->state_file, "/run/xmip/m1-mag.state");
	mag_config_free(mag);
	remove_temp(path);
}

static void expect_error(char *text, int line, const char *want)
{
	char err[512] = "", *path, prefix[4200];
	struct mag_config *mag = parse(text, err, sizeof(err), &path);

	assert_null(mag);
	snprintf(prefix, sizeof(prefix), "%s:%d: ", path, line);
	if (strncmp(err, prefix, strlen(prefix)) || !strstr(err, want))
		fail_msg("want '%s...%s', got '%s'", prefix, want, err);
	remove_temp(path);
}

static void test_errors(void **state)
{
	uint8_t mac[6];

	(void)state;
	expect_error(conf("  id = \"mag1\";\n  home_prefix4 = \"198.51.100.0/24\";\n  default_router4 = \"198.51.100.1\";\n"
			  "  router_mac = \"03:00:5e:00:00:01\";\n", HOSTS), 11, "not a unicast link-layer address");
	expect_error(conf("  id = \"mag1\";\n  home_prefix4 = \"198.51.100.0/24\";\n  default_router4 = \"192.0.2.1\";\n"
			  "  router_mac = \"02:00:5e:00:00:01\";\n", HOSTS), 10, "not an address of home_prefix4");
	expect_error(conf("  id = \"mag9\";\n  home_prefix4 = \"198.51.100.0/24\";\n  default_router4 = \"198.51.100.1\";\n"
			  "  router_mac = \"02:00:5e:00:00:01\";\n", HOSTS), 8, "MAG 'mag9' has no key in");
	expect_error(conf(GOOD, "    { mac = \"02:00:5e:00:53:10\"; id = \"h1@x\"; },\n"
				"    { mac = \"02:00:5e:00:53:10\"; id = \"h2@x\"; }\n"), 14,
		     "the link-layer address of 'h2@x' is already 'h1@x''s");
	expect_error(conf(GOOD, "    { mac = \"02:00:5e:00:53:10\"; id = \"h1@x\"; },\n"
				"    { mac = \"02:00:5e:00:53:11\"; id = \"h1@x\"; }\n"), 14, "host id 'h1@x' appears twice");
	expect_error(conf(GOOD, "    { mac = \"02:00:5e:00:53\"; id = \"h1@x\"; }\n"), 13, "not a unicast link-layer address");
	expect_error(conf(GOOD "  colour = \"red\";\n", HOSTS), 12, "'colour': unknown setting");
	expect_error(conf(GOOD "  link_down_hold_ms = 60001;\n", HOSTS), 12, "link_down_hold_ms");
	assert_int_equal(mag_parse_mac("02:00:5e:00:53:10x", mac), -1);
	assert_int_equal(mag_parse_mac("02-00-5e-00-53-10", mac), -1);
	assert_int_equal(mag_parse_mac("0g:00:5e:00:53:10", mac), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
