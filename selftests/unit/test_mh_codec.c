// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The Mobility Header codec against byte layouts written out here from the
 * RFCs' figures (RFC 6275 6.1.7 and 6.1.8, RFC 5555 3.1 and 3.2), round
 * trips, and every refusal: truncation, payload protocol, checksum, unknown
 * type, option length and alignment, PadN contents, limits; RFC 4285's
 * replay protection and authentication options (section 5.2 and 6).
 */
#include <arpa/inet.h>
#include "helpers.h"
#include "mh/mh.h"

static struct in6_addr coa, ha;

static int setup(void **state)
{
	(void)state;
	inet_pton(AF_INET6, "2001:db8:10::100", &coa);
	inet_pton(AF_INET6, "2001:db8:1::2", &ha);
	return 0;
}

/* RFC 1071 over pseudo-header and message, as a reference implementation. */
static uint16_t ref_checksum(const uint8_t *m, size_t len)
{
	uint8_t pseudo[40] = { 0 };
	uint32_t sum = 0;
	size_t i;

	memcpy(pseudo, &coa, 16);
	memcpy(pseudo + 16, &ha, 16);
	pseudo[34] = (uint8_t)(len >> 8);
	pseudo[35] = (uint8_t)len;
	pseudo[39] = 135;
	for (i = 0; i < 40; i += 2)
		sum += (uint32_t)(pseudo[i] << 8 | pseudo[i + 1]);
	for (i = 0; i < len; i += 2)
		sum += (uint32_t)(m[i] << 8 | (i + 1 < len ? m[i + 1] : 0));
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void set_checksum(uint8_t *m, size_t len)
{
	uint16_t c;

	m[4] = m[5] = 0;
	c = ref_checksum(m, len);
	m[4] = (uint8_t)(c >> 8);
	m[5] = (uint8_t)c;
}

/*
 * A BU as a DSMIPv6 mobile node in an IPv4 network sends it (RFC 5555
 * 4.4.1): A, H and F flags, sequence 7, lifetime 150 (600 s), the IPv4
 * home address option asking for 192.0.2.100/32 and the IPv4 care-of
 * address option, each at 4n (offsets 12 and 20), then PadN to 32 bytes.
 */
static const uint8_t bu_bytes[32] = {
	59, 3, 5, 0, 0, 0,                  /* proto, len (4*8 = 32), BU, res, csum */
	0x00, 0x07,                         /* sequence 7 */
	0xc1, 0x00,                         /* A H . . . . . F, reserved */
	0x00, 150,                          /* lifetime */
	29, 6, 32 << 2, 0, 192, 0, 2, 100,  /* IPv4 HoA at 12: prefix 32, P 0 */
	32, 6, 0, 0, 203, 0, 113, 100,      /* IPv4 CoA at 20 */
	1, 2, 0, 0,                         /* PadN(2) to a multiple of 8 */
};

static struct mh_msg bu_msg(void)
{
	struct mh_msg m = { .type = XMIP_MH_BU };

	m.bu.seq = 7;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H | XMIP_BU_F_F;
	m.bu.lifetime = 150;
	m.opt.n_ipv4_hoa = 1;
	m.opt.ipv4_hoa[0].prefix_len = 32;
	inet_pton(AF_INET, "192.0.2.100", &m.opt.ipv4_hoa[0].addr);
	m.opt.has_ipv4_coa = true;
	inet_pton(AF_INET, "203.0.113.100", &m.opt.ipv4_coa);
	return m;
}

static void test_bu_encode_exact(void **state)
{
	uint8_t want[32], got[64];
	struct mh_msg m = bu_msg();

	(void)state;
	memcpy(want, bu_bytes, sizeof(want));
	set_checksum(want, sizeof(want));
	assert_int_equal(mh_encode(&m, &coa, &ha, got, sizeof(got)), 32);
	assert_memory_equal(got, want, sizeof(want));
}

static void test_bu_decode(void **state)
{
	uint8_t b[32];
	struct mh_msg m;

	(void)state;
	memcpy(b, bu_bytes, sizeof(b));
	set_checksum(b, sizeof(b));
	assert_int_equal(mh_decode(b, sizeof(b), &coa, &ha, &m), MH_OK);
	assert_int_equal(m.type, XMIP_MH_BU);
	assert_int_equal(m.bu.seq, 7);
	assert_int_equal(m.bu.flags, XMIP_BU_F_A | XMIP_BU_F_H | XMIP_BU_F_F);
	assert_int_equal(m.bu.lifetime, 150);
	assert_int_equal(m.opt.n_ipv4_hoa, 1);
	assert_int_equal(m.opt.ipv4_hoa[0].prefix_len, 32);
	assert_false(m.opt.ipv4_hoa[0].p);
	assert_int_equal(m.opt.ipv4_hoa[0].addr.s_addr, inet_addr("192.0.2.100"));
	assert_true(m.opt.has_ipv4_coa);
	assert_int_equal(m.opt.ipv4_coa.s_addr, inet_addr("203.0.113.100"));
	assert_false(m.opt.has_nat_detect);
}

/*
 * A BA answering it behind a NAT: accepted, sequence 7, lifetime 150, the
 * IPv4 address acknowledgement (success, /32, the address) and NAT
 * detection (F clear, refresh 110 s), both at 4n: 32 bytes.
 */
static const uint8_t ba_bytes[32] = {
	59, 3, 6, 0, 0, 0,
	0, 0x00, 0x00, 0x07, 0x00, 150,      /* status, flags, sequence, lifetime */
	30, 6, 0, 32 << 2, 192, 0, 2, 100,   /* IPv4 address ack at 12 */
	31, 6, 0x00, 0, 0, 0, 0, 110,        /* NAT detection at 20 */
	1, 2, 0, 0,                          /* PadN(2) */
};

static void test_ba_round_trip_exact(void **state)
{
	struct mh_msg m = { .type = XMIP_MH_BA }, back;
	uint8_t want[32], got[64];

	(void)state;
	m.ba.status = XMIP_BA_ACCEPTED;
	m.ba.seq = 7;
	m.ba.lifetime = 150;
	m.opt.has_ipv4_ack = true;
	m.opt.ipv4_ack.status = XMIP_V4ACK_SUCCESS;
	m.opt.ipv4_ack.prefix_len = 32;
	inet_pton(AF_INET, "192.0.2.100", &m.opt.ipv4_ack.addr);
	m.opt.has_nat_detect = true;
	m.opt.nat_refresh_s = 110;
	memcpy(want, ba_bytes, sizeof(want));
	set_checksum(want, sizeof(want));
	assert_int_equal(mh_encode(&m, &coa, &ha, got, sizeof(got)), 32);
	assert_memory_equal(got, want, sizeof(want));
	assert_int_equal(mh_decode(got, 32, &coa, &ha, &back), MH_OK);
	assert_int_equal(back.ba.seq, 7);
	assert_true(back.opt.has_ipv4_ack);
	assert_int_equal(back.opt.ipv4_ack.prefix_len, 32);
	assert_true(back.opt.has_nat_detect);
	assert_int_equal(back.opt.nat_refresh_s, 110);
}

/* Every option at once: alignment holds after a 17-byte identifier, and
 * everything comes back. */
static void test_all_options_round_trip(void **state)
{
	struct mh_msg m = bu_msg(), back;
	uint8_t buf[256];
	int len;

	(void)state;
	m.bu.flags |= XMIP_BU_F_R;
	m.opt.has_mn_id = true;
	m.opt.mn_id_subtype = MH_MN_ID_NAI;
	m.opt.mn_id_len = 16;
	memcpy(m.opt.mn_id, "mn1@lab.example!", 16);
	m.opt.has_refresh_advice = true;
	m.opt.refresh_advice = 30;
	m.opt.has_alt_coa = true;
	inet_pton(AF_INET6, "2001:db8:11::100", &m.opt.alt_coa);
	m.opt.n_mnp = 2;
	m.opt.mnp[0].len = 48;
	inet_pton(AF_INET6, "2001:db8:200::", &m.opt.mnp[0].prefix);
	m.opt.mnp[1].len = 64;
	inet_pton(AF_INET6, "2001:db8:300::", &m.opt.mnp[1].prefix);
	m.opt.n_ipv4_hoa = 2;
	m.opt.ipv4_hoa[1].prefix_len = 28;
	m.opt.ipv4_hoa[1].p = true;
	m.opt.has_nat_detect = true;
	m.opt.nat_f = true;
	m.opt.nat_refresh_s = 0xffffffff;

	len = mh_encode(&m, &coa, &ha, buf, sizeof(buf));
	assert_true(len > 0);
	assert_int_equal(len % 8, 0);
	assert_int_equal(mh_decode(buf, (size_t)len, &coa, &ha, &back), MH_OK);
	assert_int_equal(back.bu.flags, m.bu.flags);
	assert_true(back.opt.has_mn_id);
	assert_int_equal(back.opt.mn_id_len, 16);
	assert_string_equal(back.opt.mn_id, "mn1@lab.example!");
	assert_int_equal(back.opt.refresh_advice, 30);
	assert_memory_equal(&back.opt.alt_coa, &m.opt.alt_coa, 16);
	assert_int_equal(back.opt.n_mnp, 2);
	assert_int_equal(back.opt.mnp[1].len, 64);
	assert_memory_equal(&back.opt.mnp[1].prefix, &m.opt.mnp[1].prefix, 16);
	assert_int_equal(back.opt.n_ipv4_hoa, 2);
	assert_true(back.opt.ipv4_hoa[1].p);
	assert_int_equal(back.opt.ipv4_hoa[1].prefix_len, 28);
	assert_true(back.opt.nat_f);
	assert_int_equal(back.opt.nat_refresh_s, 0xffffffff);
}

static void test_binding_error_and_brr(void **state)
{
	struct mh_msg m = { .type = XMIP_MH_BE }, back;
	uint8_t buf[64];
	int len;

	(void)state;
	m.be.status = XMIP_BE_UNKNOWN_MH_TYPE;
	inet_pton(AF_INET6, "2001:db8:100::100", &m.be.home_addr);
	len = mh_encode(&m, &coa, &ha, buf, sizeof(buf));
	assert_int_equal(len, 24);   /* 6 + 18 = 24: no padding needed */
	assert_int_equal(mh_decode(buf, (size_t)len, &coa, &ha, &back), MH_OK);
	assert_int_equal(back.be.status, XMIP_BE_UNKNOWN_MH_TYPE);
	assert_memory_equal(&back.be.home_addr, &m.be.home_addr, 16);

	m.type = XMIP_MH_BRR;
	len = mh_encode(&m, &coa, &ha, buf, sizeof(buf));
	assert_int_equal(len, 8);
	assert_int_equal(mh_decode(buf, (size_t)len, &coa, &ha, &back), MH_OK);
	assert_int_equal(back.type, XMIP_MH_BRR);
}

/* A fresh valid BU in b, for the refusal tests to break. */
static void valid_bu(uint8_t b[32])
{
	memcpy(b, bu_bytes, 32);
	set_checksum(b, 32);
}

static enum mh_result decode32(uint8_t *b, size_t len)
{
	struct mh_msg m;

	return mh_decode(b, len, &coa, &ha, &m);
}

/* The valid BU with byte at set to value (checksum redone), decoded. */
static enum mh_result with_byte(size_t at, uint8_t value)
{
	uint8_t b[32];

	valid_bu(b);
	b[at] = value;
	set_checksum(b, 32);
	return decode32(b, 32);
}

static void test_refusals(void **state)
{
	uint8_t b[32];
	struct mh_msg m;

	(void)state;
	valid_bu(b);
	assert_int_equal(decode32(b, 7), MH_ERR_TRUNCATED);
	assert_int_equal(decode32(b, 31), MH_ERR_TRUNCATED);   /* Header Len says 32 */

	valid_bu(b);
	b[0] = 6;
	set_checksum(b, 32);
	assert_int_equal(decode32(b, 32), MH_ERR_PAYLOAD_PROTO);

	valid_bu(b);
	b[11] ^= 1;   /* lifetime changed, checksum not */
	assert_int_equal(decode32(b, 32), MH_ERR_CHECKSUM);

	valid_bu(b);
	b[2] = 42;
	set_checksum(b, 32);
	assert_int_equal(mh_decode(b, 32, &coa, &ha, &m), MH_ERR_UNKNOWN_TYPE);
	assert_int_equal(m.type, 42);

	/* BE needs 18 bytes of data: Header Len 0 (8 bytes) is too short. */
	memset(b, 0, 8);
	b[0] = 59;
	b[2] = XMIP_MH_BE;
	set_checksum(b, 8);
	assert_int_equal(decode32(b, 8), MH_ERR_TRUNCATED);
}

static void test_option_refusals(void **state)
{
	uint8_t b[32];

	(void)state;
	/* IPv4 HoA moved to offset 14 (not 4n) behind two Pad1. */
	valid_bu(b);
	memcpy(b + 12, (const uint8_t[]){ 0, 0, 29, 6, 32 << 2, 0, 192, 0, 2, 100, 0, 0,
					  32, 6, 0, 0, 203, 0, 113, 100 }, 20);
	set_checksum(b, 32);
	assert_int_equal(decode32(b, 32), MH_ERR_BAD_OPTION);

	assert_int_equal(with_byte(21, 4), MH_ERR_BAD_OPTION);    /* IPv4 CoA length 4 */
	assert_int_equal(with_byte(21, 20), MH_ERR_BAD_OPTION);   /* runs past the end */
	assert_int_equal(with_byte(30, 1), MH_ERR_BAD_OPTION);    /* PadN carries zeros */
	/* RFC 5555 3.1.1: an IPv4 home address prefix length of 0 is an error. */
	assert_int_equal(with_byte(14, 0), MH_ERR_BAD_OPTION);
}

/* An unknown option is skipped (RFC 6275 6.2.1), the rest still decoded. */
static void test_unknown_option_skipped(void **state)
{
	uint8_t b[32];
	struct mh_msg m;

	(void)state;
	valid_bu(b);
	b[28] = 200;   /* the PadN becomes an unknown option of 2 bytes */
	b[30] = 0xaa;
	set_checksum(b, 32);
	assert_int_equal(mh_decode(b, 32, &coa, &ha, &m), MH_OK);
	assert_int_equal(m.opt.n_ipv4_hoa, 1);
	assert_true(m.opt.has_ipv4_coa);
}

static void test_limits(void **state)
{
	struct mh_msg m = bu_msg();
	uint8_t buf[512];
	int len, i;

	(void)state;
	assert_int_equal(mh_encode(&m, &coa, &ha, buf, 31), -1);   /* does not fit */
	m.opt.has_mn_id = true;
	m.opt.mn_id_len = 0;
	assert_int_equal(mh_encode(&m, &coa, &ha, buf, sizeof(buf)), -1);
	m = bu_msg();
	m.type = 99;
	assert_int_equal(mh_encode(&m, &coa, &ha, buf, sizeof(buf)), -1);

	/* One more MNP than a message may hold here: refused as too many. */
	m = bu_msg();
	m.opt.n_mnp = MH_MAX_MNP;
	for (i = 0; i < MH_MAX_MNP; i++)
		m.opt.mnp[i].len = 64;
	len = mh_encode(&m, &coa, &ha, buf, sizeof(buf));
	assert_true(len > 0);
	/* Append a ninth: PadN(2), then the option at 8n+4. */
	memset(buf + len, 0, 24);
	buf[len] = XMIP_MOPT_PADN;
	buf[len + 1] = 2;
	buf[len + 4] = XMIP_MOPT_MNP;
	buf[len + 5] = 18;
	buf[len + 7] = 64;
	buf[1] = (uint8_t)((len + 24) / 8 - 1);
	set_checksum(buf, (size_t)len + 24);
	assert_int_equal(mh_decode(buf, (size_t)len + 24, &coa, &ha, &m), MH_ERR_TOO_MANY);
}

/*
 * RFC 4285: a BU with the replay protection option (type 10, length 8, at
 * 8n+2) and the authentication option (type 9: subtype, SPI, 12 bytes of
 * HMAC-SHA1-96), which goes last and ends the message. Offsets: the
 * timestamp behind PadN(4) at 18, the authentication option behind a Pad1
 * at 29, so that it ends at 48.
 */
static const uint8_t auth_bu_bytes[48] = {
	59, 5, 5, 0, 0, 0,                  /* proto, len (6*8 = 48), BU, res, csum */
	0x00, 0x07, 0xc0, 0x00, 0x00, 150,  /* sequence 7, A H, lifetime 150 */
	1, 4, 0, 0, 0, 0,                   /* PadN(4): the timestamp at 8n+2 */
	10, 8, 1, 2, 3, 4, 5, 6, 7, 8,      /* replay protection: the timestamp */
	0,                                  /* Pad1 */
	9, 17, 1, 0x00, 0x00, 0x10, 0xbd,   /* authentication: MN-HA, SPI 4285 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* the authenticator (not filled in) */
};

static struct mh_msg auth_bu_msg(void)
{
	struct mh_msg m = { .type = XMIP_MH_BU };

	m.bu.seq = 7;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H;
	m.bu.lifetime = 150;
	m.opt.has_replay = true;
	m.opt.timestamp = 0x0102030405060708ull;
	m.opt.has_auth = true;
	m.opt.auth_subtype = MH_AUTH_MN_HA;
	m.opt.auth_spi = 4285;
	m.opt.auth_len = MH_AUTH_DATA_LEN;
	return m;
}

static void test_auth_options_exact(void **state)
{
	struct mh_msg m = auth_bu_msg(), d;
	uint8_t want[48], buf[128];

	(void)state;
	memcpy(want, auth_bu_bytes, sizeof(want));
	set_checksum(want, sizeof(want));
	assert_int_equal(mh_encode(&m, &coa, &ha, buf, sizeof(buf)), 48);
	assert_memory_equal(buf, want, 48);

	assert_int_equal(mh_decode(want, 48, &coa, &ha, &d), MH_OK);
	assert_true(d.opt.has_replay);
	assert_true(d.opt.timestamp == 0x0102030405060708ull);
	assert_true(d.opt.has_auth);
	assert_int_equal(d.opt.auth_subtype, MH_AUTH_MN_HA);
	assert_int_equal(d.opt.auth_spi, 4285);
	assert_int_equal(d.opt.auth_len, MH_AUTH_DATA_LEN);
	/* Covered: everything up to and including the SPI. */
	assert_int_equal(d.opt.auth_covered, 36);
}

/* The authentication option is the last: nothing but padding after it,
 * and one only; both options' lengths as the RFC gives them. */
static void test_auth_option_refusals(void **state)
{
	uint8_t b[56];
	struct mh_msg m;

	(void)state;
	/* PadN after it: fine. */
	memcpy(b, auth_bu_bytes, 48);
	memcpy(b + 48, (const uint8_t[]){ 1, 6, 0, 0, 0, 0, 0, 0 }, 8);
	b[1] = 6;
	set_checksum(b, 56);
	assert_int_equal(mh_decode(b, 56, &coa, &ha, &m), MH_OK);
	/* An option after it (the IPv4 CoA, aligned): not authenticated,
	 * refused. */
	memcpy(b + 48, (const uint8_t[]){ 32, 6, 0, 0, 203, 0, 113, 100 }, 8);
	set_checksum(b, 56);
	assert_int_equal(mh_decode(b, 56, &coa, &ha, &m), MH_ERR_BAD_OPTION);
	/* A second authentication option. */
	memcpy(b + 48, (const uint8_t[]){ 0, 9, 5, 1, 0, 0, 0x10, 0xbe }, 8);
	set_checksum(b, 56);
	assert_int_equal(mh_decode(b, 56, &coa, &ha, &m), MH_ERR_BAD_OPTION);

	/* Shorter than subtype and SPI. */
	memcpy(b, auth_bu_bytes, 48);
	b[30] = 4;
	memset(b + 35, 0, 13);
	b[35] = 1;   /* PadN(11) to the end */
	b[36] = 11;
	set_checksum(b, 48);
	assert_int_equal(mh_decode(b, 48, &coa, &ha, &m), MH_ERR_BAD_OPTION);
	/* A replay protection option of 6 bytes. */
	memcpy(b, auth_bu_bytes, 48);
	b[19] = 6;
	set_checksum(b, 48);
	assert_int_equal(mh_decode(b, 48, &coa, &ha, &m), MH_ERR_BAD_OPTION);
	/* ... or at 8n+4. */
	memcpy(b, auth_bu_bytes, 48);
	memcpy(b + 12, (const uint8_t[]){ 1, 6, 0, 0, 0, 0, 0, 0, 10, 8, 1, 2, 3, 4, 5, 6, 7, 8 }, 18);
	memset(b + 30, 0, 18);   /* Pad1 to the end */
	set_checksum(b, 48);
	assert_int_equal(mh_decode(b, 48, &coa, &ha, &m), MH_ERR_BAD_OPTION);
	/* The encoder: no authenticator longer than the codec holds. */
	m = auth_bu_msg();
	m.opt.auth_len = MH_AUTH_DATA_MAX + 1;
	assert_int_equal(mh_encode(&m, &coa, &ha, b, sizeof(b)), -1);
}

static void test_result_names(void **state)
{
	int r;

	(void)state;
	for (r = 0; r < MH_RESULT_MAX; r++)
		assert_non_null(mh_result_name(r));
	assert_string_equal(mh_result_name(MH_ERR_CHECKSUM), "bad checksum");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bu_encode_exact),
		cmocka_unit_test(test_bu_decode),
		cmocka_unit_test(test_ba_round_trip_exact),
		cmocka_unit_test(test_all_options_round_trip),
		cmocka_unit_test(test_binding_error_and_brr),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_option_refusals),
		cmocka_unit_test(test_unknown_option_skipped),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_auth_options_exact),
		cmocka_unit_test(test_auth_option_refusals),
		cmocka_unit_test(test_result_names),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
