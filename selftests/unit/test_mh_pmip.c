// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Proxy Mobile IPv6's options and the revocation messages against byte
 * layouts written out here from the RFCs' figures (RFC 5213 8.3-8.8,
 * RFC 5844 3.3.1-3.3.4, RFC 5846 6.1-6.2): exact encoding, decoding, and
 * every refusal. The checksum is the codec's own (test_mh_codec checks it
 * against a reference).
 */
#include <arpa/inet.h>
#include "helpers.h"
#include "mh/mh.h"

static struct in6_addr mag, lma;

static int setup(void **state)
{
	(void)state;
	inet_pton(AF_INET6, "2001:db8:20::2", &mag);
	inet_pton(AF_INET6, "2001:db8:2::1", &lma);
	return 0;
}

static void set_checksum(uint8_t *m, size_t len)
{
	uint16_t c;

	m[4] = m[5] = 0;
	c = mh_checksum(m, len, &mag, &lma);
	m[4] = (uint8_t)(c >> 8);
	m[5] = (uint8_t)c;
}

#define HOST_ID 'h', '@', 'l', 'a', 'b', '.', 't', 'e', 's', 't'
#define HOST_MAC 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01
/* 2026-12-05 00:00:00.5 UTC: 48 bits of seconds since 1970, 16 of 1/65536. */
#define TIMESTAMP 0x00, 0x00, 0x6b, 0x13, 0x54, 0x00, 0x80, 0x00

/*
 * A MAG's proxy BU for an IPv4-only host that moved in from another MAG:
 * A, H and P; the NAI (no alignment), handoff indicator 3 and access
 * technology 3 (Ethernet, no alignment), the link-layer identifier at 2n,
 * the timestamp at 8n+2, a request for a dynamic IPv4 home address at 4n.
 */
static const uint8_t pbu_bytes[72] = {
	59, 8, 5, 0, 0, 0,
	0x00, 0x09, 0xc2, 0x00, 0x00, 150,       /* seq 9; A H . . . . P; lifetime */
	8, 11, 1, HOST_ID,                       /* MN-ID at 12 */
	23, 2, 0, 3,                             /* Handoff Indicator at 25 */
	24, 2, 0, 3,                             /* Access Technology Type at 29 */
	0,                                       /* Pad1 */
	25, 8, 0, 0, HOST_MAC,                   /* MN link-layer identifier at 34 */
	1, 4, 0, 0, 0, 0,                        /* PadN(4) */
	27, 8, TIMESTAMP,                        /* Timestamp at 50 = 8n+2 */
	36, 6, 0, 0, 0, 0, 0, 0,                 /* IPv4 HoA Request 0.0.0.0 at 60 */
	1, 2, 0, 0,                              /* PadN(2) to 72 */
};

static void host_options(struct mh_msg *m)
{
	static const uint8_t mac[6] = { HOST_MAC };

	m->opt.has_mn_id = true;
	m->opt.mn_id_subtype = MH_MN_ID_NAI;
	m->opt.mn_id_len = 10;
	memcpy(m->opt.mn_id, "h@lab.test", 10);
	m->opt.pmip.has_handoff = true;
	m->opt.pmip.handoff = XMIP_HI_OTHER_MAG;
	m->opt.pmip.has_att = true;
	m->opt.pmip.att = XMIP_ATT_ETHERNET;
	m->opt.pmip.has_ll_id = true;
	m->opt.pmip.ll_id_len = 6;
	memcpy(m->opt.pmip.ll_id, mac, 6);
	m->opt.pmip.has_timestamp = true;
	m->opt.pmip.timestamp = mh_pmip_timestamp(&(struct timespec){ 1796428800, 500000000 });
}

static struct mh_msg pbu_msg(void)
{
	struct mh_msg m = { .type = XMIP_MH_BU };

	m.bu.seq = 9;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H | XMIP_BU_F_P;
	m.bu.lifetime = 150;
	host_options(&m);
	m.opt.pmip.has_v4_req = true;
	return m;
}

static void test_pbu_exact(void **state)
{
	struct mh_msg m = pbu_msg(), back;
	uint8_t want[72], got[128];

	(void)state;
	memcpy(want, pbu_bytes, sizeof(want));
	set_checksum(want, sizeof(want));
	assert_int_equal(mh_encode(&m, &mag, &lma, got, sizeof(got)), 72);
	assert_memory_equal(got, want, sizeof(want));
	assert_int_equal(mh_decode(want, sizeof(want), &mag, &lma, &back), MH_OK);
	assert_memory_equal(&back, &m, sizeof(m));
	assert_int_equal(back.opt.pmip.timestamp >> 16, 1796428800);
	assert_int_equal(back.opt.pmip.timestamp & 0xffff, 0x8000);
}

/*
 * The LMA's proxy BA: accepted, P; the same host options, then the IPv4
 * home address reply (success, 198.51.100.10/24), the default router
 * 198.51.100.1 and DHCP support mode S (the MAG is the server), each at 4n.
 */
static const uint8_t pba_bytes[80] = {
	59, 9, 6, 0, 0, 0,
	0, 0x20, 0x00, 0x09, 0x00, 150,          /* status, . . P, seq 9, lifetime */
	8, 11, 1, HOST_ID,
	23, 2, 0, 3,
	24, 2, 0, 3,
	0,
	25, 8, 0, 0, HOST_MAC,
	1, 4, 0, 0, 0, 0,
	27, 8, TIMESTAMP,
	37, 6, 0, 24 << 2, 198, 51, 100, 10,     /* IPv4 HoA Reply at 60 */
	38, 6, 0, 0, 198, 51, 100, 1,            /* IPv4 Default-Router Address at 68 */
	39, 2, 0, 1,                             /* DHCP Support Mode at 76: S */
};

static void test_pba_exact(void **state)
{
	struct mh_msg m = { .type = XMIP_MH_BA }, back;
	uint8_t want[80], got[128];

	(void)state;
	m.ba.flags = MH_BA_F_P;
	m.ba.seq = 9;
	m.ba.lifetime = 150;
	host_options(&m);
	m.opt.pmip.has_v4_rep = true;
	m.opt.pmip.v4_rep_status = XMIP_V4REP_SUCCESS;
	m.opt.pmip.v4_rep_plen = 24;
	inet_pton(AF_INET, "198.51.100.10", &m.opt.pmip.v4_rep);
	m.opt.pmip.has_v4_dra = true;
	inet_pton(AF_INET, "198.51.100.1", &m.opt.pmip.v4_dra);
	m.opt.pmip.has_dhcp_mode = true;
	m.opt.pmip.dhcp_server = true;
	memcpy(want, pba_bytes, sizeof(want));
	set_checksum(want, sizeof(want));
	assert_int_equal(mh_encode(&m, &lma, &mag, got, sizeof(got)), 80);
	/* (the checksum differs: the pseudo-header's addresses are swapped) */
	assert_memory_equal(got + 6, want + 6, sizeof(want) - 6);
	assert_int_equal(mh_decode(want, sizeof(want), &mag, &lma, &back), MH_OK);
	assert_memory_equal(&back, &m, sizeof(m));
}

/* Home network prefixes (8n+4) and the link-local address (8n+6). */
static void test_prefixes_round_trip(void **state)
{
	struct mh_msg m = pbu_msg(), back;
	uint8_t buf[256];
	int len, i;

	(void)state;
	m.opt.pmip.n_hnp = MH_MAX_HNP;
	for (i = 0; i < MH_MAX_HNP; i++) {
		m.opt.pmip.hnp[i].len = (uint8_t)(i ? 64 : 0);   /* ::/0 asks for one */
		if (i)
			m.opt.pmip.hnp[i].prefix.s6_addr[1] = (uint8_t)i;
	}
	m.opt.pmip.has_link_local = true;
	inet_pton(AF_INET6, "fe80::5:1", &m.opt.pmip.link_local);
	len = mh_encode(&m, &mag, &lma, buf, sizeof(buf));
	assert_true(len > 0);
	assert_int_equal(mh_decode(buf, (size_t)len, &mag, &lma, &back), MH_OK);
	assert_memory_equal(&back, &m, sizeof(m));
	/* After the 13-byte NAI option at 12, PadN(1), then the prefixes at
	 * 8n+4 with PadN(2) between them (20 bytes each). */
	for (i = 0; i < MH_MAX_HNP; i++)
		assert_int_equal(buf[28 + 24 * i], XMIP_MOPT_HNP);
}

/* RFC 5846 6.1: a revocation of the old MAG's proxy binding after a
 * handover, with the host's NAI, padded to 32 bytes. */
static const uint8_t bri_bytes[32] = {
	59, 3, 16, 0, 0, 0,
	1, 2, 0, 77, 0x80, 0x00,                 /* BRI, trigger 2, seq 77, P */
	8, 11, 1, HOST_ID,
	1, 5, 0, 0, 0, 0, 0,                     /* PadN(5) */
};

static void test_revocation_exact(void **state)
{
	struct mh_msg m = { .type = XMIP_MH_BRI }, back;
	uint8_t want[32], got[64];

	(void)state;
	m.br.br_type = XMIP_BR_INDICATION;
	m.br.code = XMIP_BR_TRIGGER_HANDOVER_SAME_ATT;
	m.br.seq = 77;
	m.br.flags = XMIP_BR_F_P;
	m.opt.has_mn_id = true;
	m.opt.mn_id_subtype = MH_MN_ID_NAI;
	m.opt.mn_id_len = 10;
	memcpy(m.opt.mn_id, "h@lab.test", 10);
	memcpy(want, bri_bytes, sizeof(want));
	set_checksum(want, sizeof(want));
	assert_int_equal(mh_encode(&m, &mag, &lma, got, sizeof(got)), 32);
	assert_memory_equal(got, want, sizeof(want));
	assert_int_equal(mh_decode(want, sizeof(want), &mag, &lma, &back), MH_OK);
	assert_memory_equal(&back, &m, sizeof(m));
	/* The acknowledgement: type 2, the status where the trigger was; the
	 * reserved bits below P, V and G are ignored. */
	want[6] = XMIP_BR_ACK;
	want[7] = XMIP_BRA_NO_BINDING;
	want[10] = 0x9f;
	want[11] = 0xff;
	set_checksum(want, sizeof(want));
	assert_int_equal(mh_decode(want, sizeof(want), &mag, &lma, &back), MH_OK);
	assert_int_equal(back.br.br_type, XMIP_BR_ACK);
	assert_int_equal(back.br.code, XMIP_BRA_NO_BINDING);
	assert_int_equal(back.br.flags, XMIP_BR_F_P);
}

/* Decodes b (len bytes) after set_checksum. */
static enum mh_result decode(uint8_t *b, size_t len)
{
	struct mh_msg m;

	set_checksum(b, len);
	return mh_decode(b, len, &mag, &lma, &m);
}

static void test_refusals(void **state)
{
	uint8_t b[256];
	int i;

	(void)state;
	/* The IPv4 home address request with a prefix length over 32. */
	memcpy(b, pbu_bytes, 72);
	b[62] = 33 << 2;
	assert_int_equal(decode(b, 72), MH_ERR_BAD_OPTION);
	/* The request at 4n+2 (the PadN before it one byte longer, the trailing
	 * one shorter). */
	memcpy(b, pbu_bytes, 72);
	memcpy(b + 60, (const uint8_t[]){ 1, 0, 36, 6, 0, 0, 0, 0, 0, 0, 1, 0 }, 12);
	assert_int_equal(decode(b, 72), MH_ERR_BAD_OPTION);
	/* The handoff indicator with a length of 3. */
	memcpy(b, pbu_bytes, 72);
	b[26] = 3;
	assert_int_equal(decode(b, 72), MH_ERR_BAD_OPTION);
	/* A link-layer identifier of no bytes, and of more than we hold. */
	memcpy(b, pbu_bytes, 72);
	memcpy(b + 34, (const uint8_t[]){ 25, 2, 0, 0, 1, 4, 0, 0, 0, 0 }, 10);
	assert_int_equal(decode(b, 72), MH_ERR_BAD_OPTION);
	memcpy(b, pbu_bytes, 72);
	b[35] = 2 + MH_LL_ID_MAX + 1;   /* runs over the padding, within the message */
	assert_int_equal(decode(b, 72), MH_ERR_BAD_OPTION);
	/* The IPv4 home address reply with a prefix length over 32. */
	memcpy(b, pba_bytes, 80);
	b[63] = 40 << 2;
	assert_int_equal(decode(b, 80), MH_ERR_BAD_OPTION);
	/* A home network prefix longer than 128 bits, and one too many. */
	memset(b, 0, sizeof(b));
	memcpy(b, (const uint8_t[]){ 59, 0, 5, 0, 0, 0, 0, 1, 0xc2, 0, 0, 150 }, 12);
	for (i = 0; i <= MH_MAX_HNP; i++) {
		uint8_t *o = b + 12 + 24 * i;   /* a prefix at 8n+4, then PadN(2) */

		memcpy(o, (const uint8_t[]){ 22, 18, 0, 64 }, 4);
		memcpy(o + 20, (const uint8_t[]){ 1, 2 }, 2);
	}
	i = 12 + 24 * (MH_MAX_HNP + 1);
	memcpy(b + i, (const uint8_t[]){ 1, 2 }, 2);   /* PadN(2) to a multiple of 8 */
	b[1] = (uint8_t)((i + 4) / 8 - 1);
	assert_int_equal(decode(b, (size_t)i + 4), MH_ERR_TOO_MANY);
	b[12 + 3] = 129;
	assert_int_equal(decode(b, (size_t)i + 4), MH_ERR_BAD_OPTION);
	/* A revocation of an undefined type, and one without its fixed part. */
	memcpy(b, bri_bytes, 32);
	b[6] = 3;
	assert_int_equal(decode(b, 32), MH_ERR_BAD_FIELD);
	memcpy(b, (const uint8_t[]){ 59, 0, 16, 0, 0, 0, 1, 2 }, 8);
	assert_int_equal(decode(b, 8), MH_ERR_TRUNCATED);
}

static void test_names_and_time(void **state)
{
	(void)state;
	/* The numbers as RFC 5213 8.9 and RFC 5844 3.3.5 assign them. */
	assert_string_equal(mh_ba_status_name(152), "proxy registration not enabled");
	assert_string_equal(mh_ba_status_name(156), "timestamp mismatch");
	assert_string_equal(mh_ba_status_name(162), "missing access technology type option");
	assert_string_equal(mh_ba_status_name(171), "not authorized for IPv4 home address");
	assert_null(mh_pmip_status_name(XMIP_BA_AUTH_FAIL));
	assert_string_equal(mh_result_name(MH_ERR_BAD_FIELD), "undefined field value");
	/* 1/65536 s units, rounded down. */
	assert_int_equal(mh_pmip_timestamp(&(struct timespec){ 1, 999999999 }), 1 << 16 | 0xffff);
	assert_int_equal(mh_pmip_timestamp(&(struct timespec){ 2, 15258 }), 2 << 16);
	assert_int_equal(mh_pmip_timestamp(&(struct timespec){ 2, 15259 }), 2 << 16 | 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pbu_exact),
		cmocka_unit_test(test_pba_exact),
		cmocka_unit_test(test_prefixes_round_trip),
		cmocka_unit_test(test_revocation_exact),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_names_and_time),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
