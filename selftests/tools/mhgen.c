// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * mhgen: prints a Mobility Header message made by the agent's encoder as a
 * hex dump text2pcap reads, so that tshark (Wireshark's MIPv6 dissector, an
 * implementation we did not write) can check what we put on the wire.
 *   mhgen bu|ba|be|brr|pbu|pba|bri|bra SRC DST [raw]
 * "raw" writes the message's bytes instead (the fuzzer's seed corpus).
 * The messages carry every option the codec knows, with fixed values the
 * test script (selftests/netns/test_mh_wire.sh) expects; BU and BA end
 * with RFC 4285's timestamp and MN-HA authentication (SPI 4285, signed),
 * the proxy BU and BA (RFC 5213, 5844) with the authentication only (their
 * timestamp is RFC 5213's own option), the revocation messages (RFC 5846)
 * with neither.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "mh/mh.h"
#include "mh/mh_auth.h"

static void sample_bu(struct mh_msg *m)
{
	m->type = XMIP_MH_BU;
	m->bu.seq = 4242;
	m->bu.flags = XMIP_BU_F_A | XMIP_BU_F_H | XMIP_BU_F_K | XMIP_BU_F_R | XMIP_BU_F_F;
	m->bu.lifetime = 150;
	m->opt.has_mn_id = true;
	m->opt.mn_id_subtype = MH_MN_ID_NAI;
	m->opt.mn_id_len = (uint8_t)strlen("mn1@lab.example");
	memcpy(m->opt.mn_id, "mn1@lab.example", m->opt.mn_id_len);
	m->opt.has_alt_coa = true;
	inet_pton(AF_INET6, "2001:db8:11::100", &m->opt.alt_coa);
	m->opt.n_mnp = 1;
	m->opt.mnp[0].len = 48;
	inet_pton(AF_INET6, "2001:db8:200::", &m->opt.mnp[0].prefix);
	m->opt.n_ipv4_hoa = 2;
	m->opt.ipv4_hoa[0].prefix_len = 32;
	inet_pton(AF_INET, "192.0.2.100", &m->opt.ipv4_hoa[0].addr);
	m->opt.ipv4_hoa[1].prefix_len = 28;
	m->opt.ipv4_hoa[1].p = true;
	m->opt.has_ipv4_coa = true;
	inet_pton(AF_INET, "203.0.113.100", &m->opt.ipv4_coa);
}

static void sample_ba(struct mh_msg *m)
{
	m->type = XMIP_MH_BA;
	m->ba.status = XMIP_BA_ACCEPTED;
	m->ba.flags = MH_BA_F_R;
	m->ba.seq = 4242;
	m->ba.lifetime = 150;
	m->opt.has_refresh_advice = true;
	m->opt.refresh_advice = 75;
	m->opt.has_ipv4_ack = true;
	m->opt.ipv4_ack.status = XMIP_V4ACK_SUCCESS;
	m->opt.ipv4_ack.prefix_len = 32;
	inet_pton(AF_INET, "192.0.2.100", &m->opt.ipv4_ack.addr);
	m->opt.has_nat_detect = true;
	m->opt.nat_f = true;
	m->opt.nat_refresh_s = 110;
}

static void sample_host_id(struct mh_msg *m)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };

	m->opt.has_mn_id = true;
	m->opt.mn_id_subtype = MH_MN_ID_NAI;
	m->opt.mn_id_len = (uint8_t)strlen("host1@pmip.example");
	memcpy(m->opt.mn_id, "host1@pmip.example", m->opt.mn_id_len);
	m->opt.pmip.has_handoff = true;
	m->opt.pmip.handoff = XMIP_HI_OTHER_MAG;
	m->opt.pmip.has_att = true;
	m->opt.pmip.att = XMIP_ATT_ETHERNET;
	m->opt.pmip.has_ll_id = true;
	m->opt.pmip.ll_id_len = sizeof(mac);
	memcpy(m->opt.pmip.ll_id, mac, sizeof(mac));
	/* RFC 5213 8.8: 2026-12-05 00:00:00.5 UTC, 48.16 fixed point. */
	m->opt.pmip.has_timestamp = true;
	m->opt.pmip.timestamp = 1796428800ull << 16 | 0x8000;
	m->opt.pmip.has_dhcp_mode = true;
	m->opt.pmip.dhcp_server = true;
}

/* A MAG's proxy BU for an IPv4-only host moving in from another MAG,
 * asking for the host's IPv4 home address. */
static void sample_pbu(struct mh_msg *m)
{
	m->type = XMIP_MH_BU;
	m->bu.seq = 4243;
	m->bu.flags = XMIP_BU_F_A | XMIP_BU_F_H | XMIP_BU_F_P;
	m->bu.lifetime = 150;
	sample_host_id(m);
	m->opt.pmip.has_link_local = true;
	inet_pton(AF_INET6, "fe80::5:1", &m->opt.pmip.link_local);
	m->opt.pmip.has_v4_req = true;
	m->opt.pmip.v4_req_plen = 24;
	inet_pton(AF_INET, "198.51.100.10", &m->opt.pmip.v4_req);
}

/* The LMA's answer: the address, its default router, an IPv6 prefix. */
static void sample_pba(struct mh_msg *m)
{
	m->type = XMIP_MH_BA;
	m->ba.status = XMIP_BA_ACCEPTED;
	m->ba.flags = MH_BA_F_P;
	m->ba.seq = 4243;
	m->ba.lifetime = 150;
	sample_host_id(m);
	m->opt.pmip.n_hnp = 1;
	m->opt.pmip.hnp[0].len = 64;
	inet_pton(AF_INET6, "2001:db8:300::", &m->opt.pmip.hnp[0].prefix);
	m->opt.pmip.has_v4_rep = true;
	m->opt.pmip.v4_rep_status = XMIP_V4REP_SUCCESS;
	m->opt.pmip.v4_rep_plen = 24;
	inet_pton(AF_INET, "198.51.100.10", &m->opt.pmip.v4_rep);
	m->opt.pmip.has_v4_dra = true;
	inet_pton(AF_INET, "198.51.100.1", &m->opt.pmip.v4_dra);
}

/* RFC 5846: the LMA revokes the old MAG's binding after a handover. */
static void sample_br(struct mh_msg *m, uint8_t br_type, uint8_t code)
{
	m->type = XMIP_MH_BRI;
	m->br.br_type = br_type;
	m->br.code = code;
	m->br.seq = 77;
	m->br.flags = XMIP_BR_F_P;
	m->opt.has_mn_id = true;
	m->opt.mn_id_subtype = MH_MN_ID_NAI;
	m->opt.mn_id_len = (uint8_t)strlen("host1@pmip.example");
	memcpy(m->opt.mn_id, "host1@pmip.example", m->opt.mn_id_len);
}

static const struct mh_auth_key sample_key = { .spi = 4285, .len = 16, .key = { 0x42 } };

/* RFC 4285: the timestamp 2026-12-05 00:00:00.5 UTC (NTP), and the
 * authentication option, last. */
static void sample_auth(struct mh_msg *m)
{
	m->opt.has_replay = true;
	m->opt.timestamp = (uint64_t)(1796428800ull + 2208988800ull) << 32 | 0x80000000u;
	mh_auth_prepare(m, &sample_key);
}

int main(int argc, char **argv)
{
	struct mh_msg m = { 0 };
	struct in6_addr src, dst;
	uint8_t buf[MH_MAX_LEN];
	int len, i;

	if (argc < 4 || argc > 5 || inet_pton(AF_INET6, argv[2], &src) != 1 ||
	    inet_pton(AF_INET6, argv[3], &dst) != 1) {
		fprintf(stderr, "usage: mhgen bu|ba|be|brr|pbu|pba|bri|bra SRC DST [raw]\n");
		return 2;
	}
	if (strcmp(argv[1], "bu") == 0) {
		sample_bu(&m);
		sample_auth(&m);
	} else if (strcmp(argv[1], "ba") == 0) {
		sample_ba(&m);
		sample_auth(&m);
	} else if (strcmp(argv[1], "be") == 0) {
		m.type = XMIP_MH_BE;
		m.be.status = XMIP_BE_UNKNOWN_MH_TYPE;
		inet_pton(AF_INET6, "2001:db8:100::100", &m.be.home_addr);
	} else if (strcmp(argv[1], "brr") == 0) {
		m.type = XMIP_MH_BRR;
	} else if (strcmp(argv[1], "pbu") == 0) {
		sample_pbu(&m);
		mh_auth_prepare(&m, &sample_key);
	} else if (strcmp(argv[1], "pba") == 0) {
		sample_pba(&m);
		mh_auth_prepare(&m, &sample_key);
	} else if (strcmp(argv[1], "bri") == 0) {
		sample_br(&m, XMIP_BR_INDICATION, XMIP_BR_TRIGGER_HANDOVER_SAME_ATT);
	} else if (strcmp(argv[1], "bra") == 0) {
		sample_br(&m, XMIP_BR_ACK, XMIP_BRA_SUCCESS);
	} else {
		fprintf(stderr, "mhgen: unknown message '%s'\n", argv[1]);
		return 2;
	}
	len = mh_encode(&m, &src, &dst, buf, sizeof(buf));
	if (len >= 0 && m.opt.has_auth && mh_auth_sign(buf, (size_t)len, &sample_key, &src, &src, &src, &dst))
		len = -1;
	if (len < 0) {
		fprintf(stderr, "mhgen: cannot encode\n");
		return 1;
	}
	if (argc == 5)
		return fwrite(buf, 1, (size_t)len, stdout) == (size_t)len ? 0 : 1;
	/* text2pcap's input: an offset, then up to 16 bytes per line. */
	for (i = 0; i < len; i++) {
		if (i % 16 == 0)
			printf("%06x", i);
		printf(" %02x", buf[i]);
		if (i % 16 == 15 || i == len - 1)
			printf("\n");
	}
	return 0;
}
