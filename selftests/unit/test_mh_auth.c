// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * RFC 4285's MN-HA authenticator against an independent computation: the
 * test assembles the authenticated data itself from the RFC's definition
 * (care-of address | home address | the Mobility Header up to and
 * including the option's SPI, its Checksum field zero) and has OpenSSL's
 * command line (`openssl dgst -sha1 -mac HMAC`) compute the HMAC, whose
 * first 96 bits must be what mh_auth_sign wrote. Then verification: any
 * changed byte, key, SPI or address fails; the NTP timestamps.
 */
#include <arpa/inet.h>
#include <time.h>
#include "helpers.h"
#include "mh/mh_auth.h"

static struct in6_addr coa, hoa, ha;
static const struct mh_auth_key key = {
	.spi = 4285, .len = 20,
	.key = { 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
		 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b },
};

static int setup(void **state)
{
	(void)state;
	inet_pton(AF_INET6, "2001:db8:10::100", &coa);
	inet_pton(AF_INET6, "2001:db8:100::100", &hoa);
	inet_pton(AF_INET6, "2001:db8:1::2", &ha);
	return 0;
}

/* A signed BU as a mobile node sends it; returns its length. */
static int signed_bu(uint8_t *buf, size_t cap, const struct mh_auth_key *k, const struct in6_addr *c)
{
	struct mh_msg m = { .type = XMIP_MH_BU };
	int len;

	m.bu.seq = 42;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H;
	m.bu.lifetime = 150;
	m.opt.has_alt_coa = true;
	m.opt.alt_coa = *c;
	m.opt.has_replay = true;
	m.opt.timestamp = 0xe8f0a1b200000000ull;
	mh_auth_prepare(&m, k);
	len = mh_encode(&m, &hoa, &ha, buf, cap);
	assert_true(len > 0);
	assert_int_equal(mh_auth_sign(buf, (size_t)len, k, c, &hoa, &hoa, &ha), 0);
	return len;
}

/* HMAC-SHA1(key, data) by `openssl dgst`, as 40 hex digits in out. */
static void openssl_hmac_sha1(const struct mh_auth_key *k, const uint8_t *data, size_t len, char out[41])
{
	char path[] = "/tmp/xmip-mh-auth-XXXXXX", cmd[512], hexkey[2 * MH_KEY_MAX + 1], line[256];
	int fd = mkstemp(path), i;
	FILE *p;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	for (i = 0; i < k->len; i++)
		sprintf(hexkey + 2 * i, "%02x", k->key[i]);
	snprintf(cmd, sizeof(cmd), "openssl dgst -sha1 -mac HMAC -macopt hexkey:%s -r %s", hexkey, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof(line), p));
	assert_int_equal(pclose(p), 0);
	unlink(path);
	memcpy(out, line, 40);   /* "-r": the digest first, in hex */
	out[40] = 0;
}

static void test_authenticator_matches_openssl(void **state)
{
	uint8_t buf[256], data[32 + 256];
	char want[41], got[2 * MH_AUTH_DATA_LEN + 1];
	size_t covered;
	int len, i;

	(void)state;
	len = signed_bu(buf, sizeof(buf), &key, &coa);
	/* The option ends the message: its SPI ends 12 bytes before. */
	assert_int_equal(buf[len - 19], XMIP_MOPT_AUTH);
	assert_int_equal(buf[len - 18], 17);
	assert_int_equal(buf[len - 17], MH_AUTH_MN_HA);
	covered = (size_t)len - MH_AUTH_DATA_LEN;
	memcpy(data, &coa, 16);
	memcpy(data + 16, &hoa, 16);
	memcpy(data + 32, buf, covered);
	data[32 + 4] = data[32 + 5] = 0;   /* the Checksum field, zero */
	openssl_hmac_sha1(&key, data, 32 + covered, want);
	for (i = 0; i < MH_AUTH_DATA_LEN; i++)
		sprintf(got + 2 * i, "%02x", buf[len - MH_AUTH_DATA_LEN + i]);
	/* First(96, HMAC_SHA1(...)) */
	assert_memory_equal(got, want, 2 * MH_AUTH_DATA_LEN);
}

/* A longer key (64 bytes: HMAC's block, no hashing of the key) and an
 * IPv4 care-of address, as ::ffff:a.b.c.d. */
static void test_long_key_ipv4_coa(void **state)
{
	struct mh_auth_key k = { .spi = 0xfffffffe, .len = MH_KEY_MAX };
	struct in_addr v4;
	struct in6_addr mapped;
	uint8_t buf[256], data[32 + 256];
	char want[41], got[2 * MH_AUTH_DATA_LEN + 1];
	size_t covered;
	int len, i;

	(void)state;
	for (i = 0; i < MH_KEY_MAX; i++)
		k.key[i] = (uint8_t)(0xa0 + i);
	inet_pton(AF_INET, "203.0.113.7", &v4);
	mapped = mh_auth_v4_mapped(v4);
	{
		char text[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET6, &mapped, text, sizeof(text));
		assert_string_equal(text, "::ffff:203.0.113.7");
	}
	len = signed_bu(buf, sizeof(buf), &k, &mapped);
	covered = (size_t)len - MH_AUTH_DATA_LEN;
	memcpy(data, &mapped, 16);
	memcpy(data + 16, &hoa, 16);
	memcpy(data + 32, buf, covered);
	data[32 + 4] = data[32 + 5] = 0;
	openssl_hmac_sha1(&k, data, 32 + covered, want);
	for (i = 0; i < MH_AUTH_DATA_LEN; i++)
		sprintf(got + 2 * i, "%02x", buf[len - MH_AUTH_DATA_LEN + i]);
	assert_memory_equal(got, want, 2 * MH_AUTH_DATA_LEN);
}

static void test_verify(void **state)
{
	struct mh_auth_key other = key;
	struct in6_addr elsewhere = coa;
	uint8_t buf[256], bad[256];
	struct mh_msg m;
	int len, i;

	(void)state;
	len = signed_bu(buf, sizeof(buf), &key, &coa);
	assert_int_equal(mh_decode(buf, (size_t)len, &hoa, &ha, &m), MH_OK);
	assert_true(mh_auth_verify(buf, (size_t)len, &m, &key, &coa, &hoa));
	/* Another key, another SPI, another care-of or home address. */
	other.key[0] ^= 1;
	assert_false(mh_auth_verify(buf, (size_t)len, &m, &other, &coa, &hoa));
	other = key;
	other.spi++;
	assert_false(mh_auth_verify(buf, (size_t)len, &m, &other, &coa, &hoa));
	elsewhere.s6_addr[15] ^= 1;
	assert_false(mh_auth_verify(buf, (size_t)len, &m, &key, &elsewhere, &hoa));
	assert_false(mh_auth_verify(buf, (size_t)len, &m, &key, &coa, &elsewhere));
	/* Every byte it covers but the checksum, and the authenticator. */
	for (i = 0; i < len; i++) {
		struct mh_msg d;

		if (i == 4 || i == 5)
			continue;
		memcpy(bad, buf, (size_t)len);
		bad[i] ^= 0x20;
		bad[4] = bad[5] = 0;
		{
			uint16_t sum = mh_checksum(bad, (size_t)len, &hoa, &ha);

			bad[4] = (uint8_t)(sum >> 8);
			bad[5] = (uint8_t)sum;
		}
		if (mh_decode(bad, (size_t)len, &hoa, &ha, &d) != MH_OK)
			continue;   /* the codec refused it already */
		if (d.opt.has_auth && d.opt.auth_spi == key.spi)
			assert_false(mh_auth_verify(bad, (size_t)len, &d, &key, &coa, &hoa));
	}
	/* No option at all, or another subtype (MN-AAA). */
	m.opt.has_auth = false;
	assert_false(mh_auth_verify(buf, (size_t)len, &m, &key, &coa, &hoa));
	m.opt.has_auth = true;
	m.opt.auth_subtype = MH_AUTH_MN_AAA;
	assert_false(mh_auth_verify(buf, (size_t)len, &m, &key, &coa, &hoa));
}

/* Signing refuses a message that does not end with the option. */
static void test_sign_needs_the_option(void **state)
{
	struct mh_msg m = { .type = XMIP_MH_BU };
	uint8_t buf[64];
	int len;

	(void)state;
	m.bu.seq = 1;
	len = mh_encode(&m, &hoa, &ha, buf, sizeof(buf));
	assert_true(len > 0);
	assert_int_equal(mh_auth_sign(buf, (size_t)len, &key, &coa, &hoa, &hoa, &ha), -1);
}

/* The care-of address an authenticator names. */
static void test_coa_rules(void **state)
{
	struct mh_msg m = { .type = XMIP_MH_BU };
	struct in6_addr outer, got;
	struct in_addr v4;

	(void)state;
	inet_pton(AF_INET6, "2001:db8:77::1", &outer);
	got = mh_auth_coa(&m, NULL, &hoa);                 /* from home */
	assert_memory_equal(&got, &hoa, 16);
	got = mh_auth_coa(&m, &outer, &hoa);               /* the outer source */
	assert_memory_equal(&got, &outer, 16);
	inet_pton(AF_INET, "198.51.100.9", &v4);
	m.opt.has_ipv4_coa = true;
	m.opt.ipv4_coa = v4;
	got = mh_auth_coa(&m, &outer, &hoa);
	assert_memory_equal(&got, (struct in6_addr[]){ mh_auth_v4_mapped(v4) }, 16);
	m.opt.has_alt_coa = true;                          /* the option first */
	m.opt.alt_coa = coa;
	got = mh_auth_coa(&m, &outer, &hoa);
	assert_memory_equal(&got, &coa, 16);
}

/* 64-bit NTP timestamps: seconds since 1900 and a binary fraction. */
static void test_ntp_time(void **state)
{
	uint64_t now, later, earlier;
	time_t unix_now = time(NULL);

	(void)state;
	now = mh_ntp_now(0);
	assert_true((int64_t)(now >> 32) - ((int64_t)unix_now + 2208988800ll) <= 1);
	assert_true((int64_t)(now >> 32) - ((int64_t)unix_now + 2208988800ll) >= 0);
	later = mh_ntp_now(7500);
	earlier = mh_ntp_now(-2250);
	assert_in_range(mh_ntp_diff_ms(later, now), 7400, 7600);
	assert_in_range(mh_ntp_diff_ms(now, earlier), 2150, 2350);
	assert_true(mh_ntp_diff_ms(earlier, now) < 0);
	/* Half a second is 2^31 in the fraction. */
	assert_int_equal(mh_ntp_diff_ms(0x100000000ull * 10 + 0x80000000ull, 0x100000000ull * 10), 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_authenticator_matches_openssl),
		cmocka_unit_test(test_long_key_ipv4_coa),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_sign_needs_the_option),
		cmocka_unit_test(test_coa_rules),
		cmocka_unit_test(test_ntp_time),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
