// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The RFC 4285 keys file: a node's associations found in the file's order
 * (two while a key changes), every bad line named by file and line, and a
 * file that group or others can read refused as a private key is.
 */
#include <sys/stat.h>
#include "helpers.h"
#include "mh/mh_keys.h"

#define KEY16 "00112233445566778899aabbccddeeff"

static void test_good_file(void **state)
{
	const char *text = "# node id   SPI   key\n"
			   "\n"
			   "mn2@example.net 300 " KEY16 "   # a comment\n"
			   "  mn1@example.net\t1000\t" KEY16 KEY16 "\n"
			   "mn1@example.net 999 " KEY16 "\r\n"
			   "mn3@example.net 4294967295 " KEY16 KEY16 KEY16 KEY16;
	struct mh_sa_table t;
	char err[256] = "";
	int first, n;

	(void)state;
	assert_int_equal(mh_keys_parse(text, strlen(text), "k", &t, err, sizeof(err)), 0);
	assert_int_equal(t.n, 4);
	n = mh_keys_find(&t, "mn1@example.net", &first);
	assert_int_equal(n, 2);
	/* In the file's order: the first is the one a node sends with. */
	assert_int_equal(t.sa[first].key.spi, 1000);
	assert_int_equal(t.sa[first].key.len, 32);
	assert_int_equal(t.sa[first + 1].key.spi, 999);
	assert_int_equal(t.sa[first + 1].key.key[15], 0xff);
	n = mh_keys_find(&t, "mn3@example.net", &first);
	assert_int_equal(n, 1);
	assert_int_equal(t.sa[first].key.spi, 4294967295u);
	assert_int_equal(t.sa[first].key.len, 64);
	assert_int_equal(mh_keys_find(&t, "mn4@example.net", &first), 0);
	assert_int_equal(mh_keys_find(&t, "mn1@example.ne", &first), 0);
	mh_keys_free(&t);

	assert_int_equal(mh_keys_parse("", 0, "k", &t, err, sizeof(err)), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(mh_keys_find(&t, "x", &first), 0);
	mh_keys_free(&t);
}

static void expect_error(const char *text, size_t len, const char *want)
{
	struct mh_sa_table t;
	char err[256] = "";

	assert_int_equal(mh_keys_parse(text, len, "keys", &t, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("expected '%s', got '%s'", want, err);
	assert_null(t.sa);
}

static void test_errors_name_the_line(void **state)
{
	(void)state;
#define E(text, want) expect_error(text, strlen(text), want)
	E("a 300 " KEY16 "\nb 255 " KEY16 "\n", "keys:2: SPI '255' must be a number from 256");
	E("a 300 " KEY16 "\nb 4294967296 " KEY16 "\n", "keys:2: SPI '4294967296'");
	E("a -1 " KEY16 "\n", "keys:1: SPI '-1'");
	E("a 3x0 " KEY16 "\n", "keys:1: SPI '3x0'");
	E("a\n", "keys:1: an SPI must follow the node id");
	E("a 300\n", "keys:1: the key must be 16 to 64 bytes in hex");
	E("a 300 00112233445566778899aabbccddee\n", "keys:1: the key must be 16 to 64 bytes");
	E("a 300 " KEY16 KEY16 KEY16 KEY16 "00\n", "keys:1: the key must be 16 to 64 bytes");
	E("a 300 " KEY16 "0\n", "keys:1: the key must be 16 to 64 bytes");
	E("a 300 0011223344556677889900aabbccddeg\n", "keys:1: the key must be hex digits only");
	E("a 300 " KEY16 " extra\n", "keys:1: unexpected 'extra' after the key");
	E("\n\na 300 " KEY16 "\na 301 " KEY16 "\na 302 " KEY16 "\n",
	  "keys:5: 'a' has more than 2 keys");
	E("a 300 " KEY16 "\n# between\na 300 " KEY16 "\n", "keys:3: 'a' has SPI 300 twice");
	{
		char id[200];

		memset(id, 'n', sizeof(id));
		memcpy(id + 150, " 300 " KEY16 "\n", 38);
		expect_error(id, 188, "keys:1: the node id must be 1 to 127 characters");
	}
	expect_error("a 300 " KEY16 "\nb\0 300", 45, "keys:2: a NUL byte");
#undef E
}

static void test_load_checks_permissions(void **state)
{
	char *path = write_temp("mn1@example.net 4285 " KEY16 "\n"), want[512], err[256] = "";
	struct mh_sa_table t;

	(void)state;
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(mh_keys_load(path, &t, err, sizeof(err)), 0);
	assert_int_equal(t.n, 1);
	mh_keys_free(&t);
	/* A secret: group may not even read it. */
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(mh_keys_load(path, &t, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: is open to group or others (mode 0640): chmod 600 it", path);
	assert_string_equal(err, want);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(chown(path, 65534, 0), 0);
	assert_int_equal(mh_keys_load(path, &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is owned by uid 65534"));
	unlink(path);
	assert_int_equal(mh_keys_load(path, &t, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: cannot read: No such file or directory", path);
	assert_string_equal(err, want);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_load_checks_permissions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
