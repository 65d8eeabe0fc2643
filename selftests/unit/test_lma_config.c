// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The LMA's section, lma = { ... }: a good one gives the right values; every
 * kind of bad one gives "file:line: problem". */
#include <arpa/inet.h>
#include "helpers.h"
#include "core/config.h"
#include "core/role.h"
#include "pmip/lma_config.h"

extern const struct xmip_role pmip_lma_role;

static char *keys_path;

static int setup(void **state)
{
	(void)state;
	keys_path = write_temp("mag1 4001 6d6167312d6c6d612d6b65792d6c61622d32303236\n"
			       "mag2 4002 6d6167322d6c6d612d6b65792d6c61622d32303236\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_temp(keys_path);
	return 0;
}

/* A configuration: the lines before the section (role included), the
 * section's settings, and its mags and hosts lists' insides. */
static char *conf(const char *top, const char *settings, const char *mags, const char *hosts)
{
	char *text = NULL;

	assert_true(asprintf(&text,
			     "instance = \"lma1\";\n"
			     "%s"
			     "lma = {\n"
			     "  interfaces = [ \"eth0\", \"eth1\" ];\n"
			     "  address6 = \"2001:db8:2::1\";\n"
			     "  bu_protection = \"rfc4285\";\n"
			     "  mag_lma_keys = \"%s\";\n"
			     "%s"
			     "  mags = (\n%s  );\n"
			     "  hosts = (\n%s  );\n"
			     "};\n",
			     top, keys_path, settings, mags, hosts) > 0);
	return text;
}

#define ROLE "role = \"lma\";\n"
#define NET "  home_prefix4 = \"198.51.100.0/24\";\n  default_router4 = \"198.51.100.1\";\n"
#define POOL "  ipv4_pool = \"198.51.100.128/25\";\n"
#define MAGS "    { id = \"mag1\"; address6 = \"2001:db8:21::2\"; },\n" \
	     "    { id = \"mag2\"; address6 = \"2001:db8:22::2\"; }\n"
#define HOSTS "    { id = \"h1@x\"; ipv4_home_address = \"198.51.100.10\"; },\n" \
	      "    { id = \"h2@x\"; mags = [ \"mag2\" ]; }\n"

static int load(char *text, struct xmip_config *cfg, char *err, size_t len, char **path)
{
	int ret;

	*path = write_temp(text);
	free(text);
	ret = xmip_config_load(*path, cfg, err, len);
	return ret;
}

static void test_good(void **state)
{
	struct xmip_config cfg;
	const struct lma_config *lma;
	char err[512] = "", *path;

	(void)state;
	assert_int_equal(load(conf(ROLE, NET POOL "  timestamp_window = 500;\n", MAGS, HOSTS), &cfg, err,
			      sizeof(err), &path), 0);
	lma = xmip_config_section(&cfg, &pmip_lma_role);
	assert_non_null(lma);
	assert_int_equal(lma->n_interfaces, 2);
	assert_string_equal(lma->tunnel_interface, "xmip0");
	assert_int_equal(lma->home_prefix4.len, 24);
	assert_int_equal(lma->default_router4.s_addr, inet_addr("198.51.100.1"));
	assert_true(lma->has_v4_pool);
	assert_int_equal(lma->v4_pool.len, 25);
	assert_int_equal(lma->max_lifetime_s, 3600);
	assert_int_equal(lma->timestamp_window_ms, 500);
	assert_int_equal(lma->protection, MH_PROTECT_RFC4285);
	assert_int_equal(lma->n_mags, 2);
	assert_int_equal(lma->mags[1].n_sa, 1);
	assert_int_equal(lma->keys.sa[lma->mags[1].sa_first].key.spi, 4002);
	assert_int_equal(lma->n_hosts, 2);
	assert_int_equal(lma->hosts[0].hoa4.s_addr, inet_addr("198.51.100.10"));
	assert_int_equal(lma->hosts[0].mags, 3);   /* every MAG */
	assert_int_equal(lma->hosts[1].hoa4.s_addr, 0);   /* the pool's */
	assert_int_equal(lma->hosts[1].mags, 2);
	assert_int_equal(lma_config_mag_by_address(lma, &lma->mags[1].address6), 1);
	assert_string_equal(cfg.roles_name, "lma");
	xmip_config_free(&cfg);
	remove_temp(path);

	/* With a home agent at the same address: one process answers both
	 * kinds of registration. */
	assert_int_equal(load(conf("role = [ \"home-agent\", \"lma\" ];\nhome_agent = { home_link = \"eth9\"; "
				   "address6 = \"2001:db8:2::1\"; home_prefix6 = \"2001:db8:100::/64\"; "
				   "bu_protection = \"unprotected-for-tests\"; };\n", NET POOL, MAGS, HOSTS),
			      &cfg, err, sizeof(err), &path), 0);
	assert_int_equal(cfg.n_roles, 2);
	xmip_config_free(&cfg);
	remove_temp(path);
}

/* text fails to load with "path:line: ...want...". */
static void expect_error(char *text, int line, const char *want)
{
	struct xmip_config cfg;
	char err[512] = "", *path, prefix[4200];

	assert_int_equal(load(text, &cfg, err, sizeof(err), &path), -1);
	snprintf(prefix, sizeof(prefix), "%s:%d: ", path, line);
	if (strncmp(err, prefix, strlen(prefix)) || !strstr(err, want))
		fail_msg("want '%s...%s', got '%s'", prefix, want, err);
	remove_temp(path);
}

static void test_errors(void **state)
{
	(void)state;
	/* Lines: 1 instance, 2 role, 3 "lma = {", 4-7 the fixed settings,
	 * then the settings given, then "mags = (" and its lines. */
	expect_error(conf(ROLE, "  default_router4 = \"198.51.100.1\";\n", MAGS, HOSTS), 3,
		     "missing required setting 'home_prefix4'");
	expect_error(conf(ROLE, "  home_prefix4 = \"198.51.100.0/24\";\n  default_router4 = \"192.0.2.1\";\n",
			  MAGS, HOSTS), 9, "not an address of home_prefix4");
	expect_error(conf(ROLE, NET "  ipv4_pool = \"192.0.2.0/25\";\n", MAGS, HOSTS), 10, "not within home_prefix4");
	expect_error(conf(ROLE, NET, MAGS, HOSTS), 16, "host 'h2@x' needs an ipv4_home_address, or the LMA an ipv4_pool");
	expect_error(conf(ROLE, NET POOL, MAGS, "    { id = \"h@x\"; ipv4_home_address = \"192.0.2.10\"; }\n"), 16,
		     "not an address of home_prefix4");
	expect_error(conf(ROLE, NET POOL, MAGS, "    { id = \"h@x\"; ipv4_home_address = \"198.51.100.200\"; }\n"), 16,
		     "lies in ipv4_pool");
	expect_error(conf(ROLE, NET POOL, MAGS, "    { id = \"h@x\"; ipv4_home_address = \"198.51.100.1\"; }\n"), 16,
		     "is the default router's address");
	expect_error(conf(ROLE, NET POOL, MAGS, "    { id = \"h@x\"; },\n    { id = \"h@x\"; }\n"), 17,
		     "host id 'h@x' appears twice");
	expect_error(conf(ROLE, NET POOL, MAGS,
			  "    { id = \"a@x\"; ipv4_home_address = \"198.51.100.10\"; },\n"
			  "    { id = \"b@x\"; },\n"
			  "    { id = \"c@x\"; ipv4_home_address = \"198.51.100.10\"; }\n"), 18,
		     "the IPv4 home address of 'c@x' is already given to 'a@x'");
	expect_error(conf(ROLE, NET POOL, MAGS, "    { id = \"h@x\"; mags = [ \"mag3\" ]; }\n"), 16,
		     "no MAG has the id 'mag3'");
	expect_error(conf(ROLE, NET POOL, "    { id = \"mag3\"; address6 = \"2001:db8:23::2\"; }\n", HOSTS), 12,
		     "MAG 'mag3' has no key in");
	expect_error(conf(ROLE, NET POOL, "    { id = \"mag1\"; address6 = \"2001:db8:21::2\"; },\n"
					  "    { id = \"mag1\"; address6 = \"2001:db8:22::2\"; }\n", HOSTS), 13,
		     "MAG id 'mag1' appears twice");
	expect_error(conf(ROLE, NET POOL, "    { id = \"mag1\"; address6 = \"2001:db8:21::2\"; },\n"
					  "    { id = \"mag2\"; address6 = \"2001:db8:21::2\"; }\n", HOSTS), 13,
		     "the address of MAG 'mag2' is already another MAG's");
	expect_error(conf(ROLE, NET POOL "  colour = \"red\";\n", MAGS, HOSTS), 11, "'colour': unknown setting");
	/* An ipsec section protects proxy signalling: not with RFC 4285 too. */
	{
		char top[1024];

		snprintf(top, sizeof(top), ROLE "ipsec = { identity = \"lma.example\"; certificate = \"%s\"; "
			 "private_key = \"%s\"; ca_certificate = \"%s\"; };\n", keys_path, keys_path, keys_path);
		expect_error(conf(top, NET POOL, MAGS, HOSTS), 3,
			     "an ipsec section protects proxy signalling: bu_protection = \"ipsec\"");
	}
	/* A home agent and an LMA share a process at one address. */
	expect_error(conf("role = [ \"home-agent\", \"lma\" ];\nhome_agent = { home_link = \"eth9\"; "
			  "address6 = \"2001:db8:1::2\"; home_prefix6 = \"2001:db8:100::/64\"; "
			  "bu_protection = \"unprotected-for-tests\"; };\n", NET POOL, MAGS, HOSTS), 2,
		     "roles \"home-agent\" (2001:db8:1::2) and \"lma\" (2001:db8:2::1) share one anchor: give them "
		     "one address6");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
