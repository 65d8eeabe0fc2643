// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The MAG's visitor list and decisions (RFC 5213 6.9, RFC 5844 3.2 and 4,
 * RFC 5846 9.1) with a fake clock: a DHCP DISCOVER becoming a PBU and its
 * PBA an OFFER, the REQUESTs answered, refresh, retransmission and giving
 * up, a stale PBA ignored, revocation answered, a host that moved in with
 * its lease (a frame, an INIT-REBOOT), RELEASE, refusal and expiry.
 */
#include <arpa/inet.h>
#include "helpers.h"
#include "pmip/mag_hosts.h"

static struct mag_config cfg;
static struct mag_profile profiles[2];
static struct mag_hosts hosts;
static const uint8_t mac0[6] = { 0x02, 0, 0x5e, 0, 0x53, 0x10 };
static const uint8_t mac1[6] = { 0x02, 0, 0x5e, 0, 0x53, 0x11 };

#define TS(s) ((uint64_t)(1796428800 + (s)) << 16)

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(profiles, 0, sizeof(profiles));
	strcpy(cfg.id, "mag1");
	cfg.home_prefix4 = (struct prefix4){ a4("198.51.100.0"), 24 };
	cfg.default_router4 = a4("198.51.100.1");
	cfg.lifetime_s = 600;
	memcpy(profiles[0].mac, mac0, 6);
	strcpy(profiles[0].id, "host0@x");
	memcpy(profiles[1].mac, mac1, 6);
	strcpy(profiles[1].id, "host1@x");
	cfg.hosts = profiles;
	cfg.n_hosts = 2;
	return mag_hosts_init(&hosts, &cfg, 100);
}

static int teardown(void **state)
{
	(void)state;
	mag_hosts_free(&hosts);
	return 0;
}

static struct dhcp4_msg dhcp(const uint8_t mac[6], uint8_t type)
{
	struct dhcp4_msg m = { .op = 1, .xid = 0x1234, .type = type, .flags = DHCP4_FLAG_BROADCAST };

	memcpy(m.chaddr, mac, 6);
	return m;
}

/* The LMA's PBA to pbu: accepted with address addr, or refused. */
static struct mh_msg pba_for(const struct mh_msg *pbu, uint8_t status, const char *addr)
{
	struct mh_msg a = { .type = XMIP_MH_BA };

	a.ba.status = status;
	a.ba.flags = MH_BA_F_P;
	a.ba.seq = pbu->bu.seq;
	a.ba.lifetime = status < 128 ? pbu->bu.lifetime : 0;
	a.opt.has_mn_id = true;
	a.opt.mn_id_subtype = MH_MN_ID_NAI;
	a.opt.mn_id_len = pbu->opt.mn_id_len;
	memcpy(a.opt.mn_id, pbu->opt.mn_id, sizeof(a.opt.mn_id));
	if (status < 128) {
		a.opt.pmip.has_v4_rep = true;
		a.opt.pmip.v4_rep = a4(addr);
		a.opt.pmip.v4_rep_plen = 24;
		a.opt.pmip.has_v4_dra = true;
		a.opt.pmip.v4_dra = cfg.default_router4;
	}
	return a;
}

/* The PBU host's latest send was (its sequence number, its NAI). */
static struct mh_msg sent_by(int host)
{
	struct mh_msg m = { .type = XMIP_MH_BU, .bu = { .seq = hosts.hosts[host].seq, .lifetime = 150 } };

	m.opt.has_mn_id = true;
	m.opt.mn_id_len = (uint8_t)strlen(profiles[host].id);
	strcpy(m.opt.mn_id, profiles[host].id);
	return m;
}

/* host0 attached on link 0 with 198.51.100.10 at time 0; its last PBU in *pbu. */
static void attach0(struct mh_msg *pbu)
{
	struct dhcp4_msg d = dhcp(mac0, DHCP4_DISCOVER);
	struct mag_action a;
	struct mh_msg pba;

	mag_hosts_on_dhcp(&hosts, 0, 0, &d, 0, TS(0), &a);
	assert_true(a.send_pbu);
	*pbu = a.pbu;
	pba = pba_for(pbu, 0, "198.51.100.10");
	mag_hosts_on_pba(&hosts, &pba, 50, &a);
	assert_true(a.bind);
}

static void test_discover_to_offer(void **state)
{
	struct dhcp4_msg d = dhcp(mac0, DHCP4_DISCOVER);
	struct mag_action a;
	struct mh_msg pba, pbu;

	(void)state;
	mag_hosts_on_dhcp(&hosts, 0, 0, &d, 0, TS(0), &a);
	assert_int_equal(a.host, 0);
	assert_true(a.send_pbu);
	assert_false(a.send_dhcp || a.bind);   /* the OFFER waits for the PBA */
	assert_int_equal(a.pbu.bu.flags, XMIP_BU_F_A | XMIP_BU_F_H | XMIP_BU_F_P);
	assert_int_equal(a.pbu.bu.seq, 100);
	assert_int_equal(a.pbu.bu.lifetime, 150);
	assert_string_equal(a.pbu.opt.mn_id, "host0@x");
	assert_int_equal(a.pbu.opt.pmip.handoff, XMIP_HI_NEW_INTERFACE);
	assert_int_equal(a.pbu.opt.pmip.att, XMIP_ATT_ETHERNET);
	assert_memory_equal(a.pbu.opt.pmip.ll_id, mac0, 6);
	assert_int_equal(a.pbu.opt.pmip.timestamp, TS(0));
	assert_true(a.pbu.opt.pmip.has_v4_req);
	assert_int_equal(a.pbu.opt.pmip.v4_req.s_addr, 0);
	/* A second DISCOVER while the PBU is out: no second PBU. */
	mag_hosts_on_dhcp(&hosts, 0, 0, &d, 300, TS(0), &a);
	assert_false(a.send_pbu);
	pbu = sent_by(0);
	assert_int_equal(pbu.bu.seq, 100);
	pba = pba_for(&pbu, 0, "198.51.100.10");
	mag_hosts_on_pba(&hosts, &pba, 400, &a);
	assert_true(a.bind);
	assert_true(a.send_dhcp);
	assert_int_equal(a.dhcp_reply.type, DHCP4_OFFER);
	assert_int_equal(a.dhcp_reply.yiaddr.s_addr, a4("198.51.100.10").s_addr);
	assert_int_equal(a.dhcp_reply.lease_s, 600);
	assert_int_equal(a.dhcp_reply.netmask.s_addr, a4("255.255.255.0").s_addr);
	assert_int_equal(a.dhcp_reply.router.s_addr, cfg.default_router4.s_addr);
	assert_int_equal(a.dhcp_reply.server_id.s_addr, cfg.default_router4.s_addr);
	assert_int_equal(a.dhcp_reply.xid, 0x1234);
	assert_int_equal(hosts.hosts[0].state, MAG_HOST_ATTACHED);
}

static void test_requests(void **state)
{
	struct mh_msg pbu;
	struct dhcp4_msg r = dhcp(mac0, DHCP4_REQUEST);
	struct mag_action a;

	(void)state;
	attach0(&pbu);
	r.has_server_id = true;
	r.server_id = cfg.default_router4;
	r.has_requested = true;
	r.requested = a4("198.51.100.10");
	mag_hosts_on_dhcp(&hosts, 0, 0, &r, 100, TS(0), &a);
	assert_true(a.send_dhcp);
	assert_int_equal(a.dhcp_reply.type, DHCP4_ACK);
	assert_false(a.send_pbu);
	r.requested = a4("198.51.100.11");
	mag_hosts_on_dhcp(&hosts, 0, 0, &r, 100, TS(0), &a);
	assert_int_equal(a.dhcp_reply.type, DHCP4_NAK);
	r.server_id = a4("192.0.2.1");   /* another server's: not ours */
	mag_hosts_on_dhcp(&hosts, 0, 0, &r, 100, TS(0), &a);
	assert_false(a.send_dhcp);
	/* A renewal from its address (ciaddr, no requested option). */
	r = dhcp(mac0, DHCP4_REQUEST);
	r.ciaddr = a4("198.51.100.10");
	mag_hosts_on_dhcp(&hosts, 0, 0, &r, 100, TS(0), &a);
	assert_int_equal(a.dhcp_reply.type, DHCP4_ACK);
}

static void test_refresh(void **state)
{
	struct mh_msg pbu, pba;
	struct mag_action a;
	int from = 0;

	(void)state;
	attach0(&pbu);
	assert_int_equal(mag_hosts_tick(&hosts, 479999, TS(480), &from, &a), -1);
	from = 0;
	assert_int_equal(mag_hosts_tick(&hosts, 480050, TS(480), &from, &a), 0);   /* 4/5 of 600 s */
	assert_true(a.send_pbu);
	assert_int_equal(a.pbu.opt.pmip.handoff, XMIP_HI_NOT_CHANGED);
	assert_int_equal(a.pbu.opt.pmip.v4_req.s_addr, a4("198.51.100.10").s_addr);
	assert_int_equal(a.pbu.opt.pmip.v4_req_plen, 32);
	assert_int_equal(a.pbu.bu.seq, 101);
	pba = pba_for(&a.pbu, 0, "198.51.100.10");
	mag_hosts_on_pba(&hosts, &pba, 480100, &a);
	assert_false(a.bind || a.unbind || a.send_dhcp);   /* nothing changes */
	assert_int_equal(hosts.hosts[0].expires_ms, 480100 + 600000);
	/* A PBA for an old sequence number is ignored. */
	pba = pba_for(&pbu, 130, NULL);
	mag_hosts_on_pba(&hosts, &pba, 480200, &a);
	assert_int_equal(hosts.hosts[0].state, MAG_HOST_ATTACHED);
}

static void test_retransmission_gives_up(void **state)
{
	struct dhcp4_msg d = dhcp(mac1, DHCP4_REQUEST);
	struct mag_action a;
	int from;
	uint16_t seq;

	(void)state;
	d.has_requested = true;
	d.requested = a4("198.51.100.20");   /* an INIT-REBOOT after a move */
	mag_hosts_on_dhcp(&hosts, 1, 1, &d, 0, TS(0), &a);
	assert_true(a.send_pbu);
	assert_int_equal(a.pbu.opt.pmip.handoff, XMIP_HI_OTHER_MAG);
	assert_int_equal(a.pbu.opt.pmip.v4_req.s_addr, d.requested.s_addr);
	seq = a.pbu.bu.seq;
	from = 0;
	assert_int_equal(mag_hosts_tick(&hosts, 999, TS(0), &from, &a), -1);
	from = 0;
	assert_int_equal(mag_hosts_tick(&hosts, 1000, TS(1), &from, &a), 1);
	assert_true(a.send_pbu);
	assert_int_equal(a.pbu.bu.seq, seq + 1);
	assert_int_equal(a.pbu.opt.pmip.timestamp, TS(1));
	from = 0;
	assert_int_equal(mag_hosts_tick(&hosts, 2999, TS(2), &from, &a), -1);   /* then 2 s */
	from = 0;
	assert_int_equal(mag_hosts_tick(&hosts, 3000, TS(3), &from, &a), 1);
	assert_true(a.send_pbu);
	from = 0;
	assert_int_equal(mag_hosts_tick(&hosts, 7000, TS(7), &from, &a), 1);   /* three sent: given up */
	assert_false(a.send_pbu);
	assert_true(a.send_dhcp);
	assert_int_equal(a.dhcp_reply.type, DHCP4_NAK);
	assert_int_equal(hosts.hosts[1].state, MAG_HOST_AWAY);
}

static void test_revocation_and_move_back(void **state)
{
	struct mh_msg pbu, bri = { .type = XMIP_MH_BRI }, pba;
	struct dhcp4_msg r = dhcp(mac0, DHCP4_REQUEST);
	struct mag_action a;

	(void)state;
	attach0(&pbu);
	bri.br.br_type = XMIP_BR_INDICATION;
	bri.br.code = XMIP_BR_TRIGGER_HANDOVER_SAME_ATT;
	bri.br.seq = 9;
	bri.br.flags = XMIP_BR_F_P;
	bri.opt.has_mn_id = true;
	bri.opt.mn_id_len = 7;
	strcpy(bri.opt.mn_id, "host0@x");
	mag_hosts_on_bri(&hosts, &bri, &a);
	assert_true(a.unbind);
	assert_true(a.send_bra);
	assert_int_equal(a.bra.br.br_type, XMIP_BR_ACK);
	assert_int_equal(a.bra.br.code, XMIP_BRA_SUCCESS);
	assert_int_equal(a.bra.br.seq, 9);
	assert_true(a.bra.br.flags & XMIP_BR_F_P);
	assert_string_equal(a.bra.opt.mn_id, "host0@x");
	assert_int_equal(hosts.hosts[0].state, MAG_HOST_AWAY);
	mag_hosts_on_bri(&hosts, &bri, &a);
	assert_int_equal(a.bra.br.code, XMIP_BRA_NO_BINDING);
	strcpy(bri.opt.mn_id, "nobody@x");
	mag_hosts_on_bri(&hosts, &bri, &a);
	assert_int_equal(a.bra.br.code, XMIP_BRA_ID_REQUIRED);
	assert_false(a.unbind);

	/* The host comes back to link 1 with its lease: a frame from it. */
	mag_hosts_on_frame(&hosts, 0, 1, a4("198.51.100.10"), 1000, TS(1), &a);
	assert_true(a.send_pbu);
	assert_int_equal(a.pbu.opt.pmip.handoff, XMIP_HI_OTHER_MAG);
	assert_int_equal(a.pbu.opt.pmip.v4_req.s_addr, a4("198.51.100.10").s_addr);
	mag_hosts_on_frame(&hosts, 0, 1, a4("198.51.100.10"), 1001, TS(1), &a);
	assert_false(a.send_pbu);   /* once */
	mag_hosts_on_frame(&hosts, 1, 1, a4("192.0.2.7"), 1001, TS(1), &a);
	assert_false(a.send_pbu);   /* not of the home network */
	pbu = sent_by(0);
	pba = pba_for(&pbu, 0, "198.51.100.10");
	mag_hosts_on_pba(&hosts, &pba, 1100, &a);
	assert_true(a.bind);
	assert_false(a.send_dhcp);
	assert_int_equal(hosts.hosts[0].link, 1);
	r.has_requested = true;
	r.requested = a4("198.51.100.10");
	mag_hosts_on_dhcp(&hosts, 0, 1, &r, 1200, TS(1), &a);
	assert_int_equal(a.dhcp_reply.type, DHCP4_ACK);
}

static void test_release_refusal_expiry(void **state)
{
	struct mh_msg pbu, pba;
	struct dhcp4_msg rel = dhcp(mac0, DHCP4_RELEASE), r = dhcp(mac1, DHCP4_REQUEST);
	struct mag_action a;
	int from, i;

	(void)state;
	attach0(&pbu);
	mag_hosts_on_dhcp(&hosts, 0, 0, &rel, 100, TS(0), &a);
	assert_true(a.unbind);
	assert_true(a.send_pbu);
	assert_int_equal(a.pbu.bu.lifetime, 0);
	assert_false(a.pbu.opt.pmip.has_v4_req);
	pba = pba_for(&a.pbu, 0, "198.51.100.10");
	mag_hosts_on_pba(&hosts, &pba, 200, &a);
	assert_false(a.bind);
	assert_int_equal(hosts.hosts[0].state, MAG_HOST_AWAY);

	/* The LMA refuses host1: its REQUEST gets a NAK. */
	r.has_requested = true;
	r.requested = a4("198.51.100.20");
	mag_hosts_on_dhcp(&hosts, 1, 0, &r, 300, TS(0), &a);
	pba = pba_for(&a.pbu, XMIP_BA_MAG_NOT_AUTHORIZED, NULL);
	mag_hosts_on_pba(&hosts, &pba, 400, &a);
	assert_true(a.send_dhcp);
	assert_int_equal(a.dhcp_reply.type, DHCP4_NAK);
	assert_false(a.bind);

	/* host0 again; its refreshes go unanswered: unbound at expiry. */
	attach0(&pbu);
	for (i = 0; i < 3; i++) {
		from = 0;
		assert_int_equal(mag_hosts_tick(&hosts, 480050 + (uint64_t)i * 4000, TS(480), &from, &a), 0);
		assert_true(a.send_pbu);
	}
	from = 0;
	assert_int_equal(mag_hosts_tick(&hosts, 500000, TS(500), &from, &a), 0);   /* gave up */
	assert_false(a.unbind);
	from = 0;
	assert_int_equal(mag_hosts_tick(&hosts, 600049, TS(600), &from, &a), -1);
	from = 0;
	assert_int_equal(mag_hosts_tick(&hosts, 600050, TS(600), &from, &a), 0);
	assert_true(a.unbind);
	assert_int_equal(hosts.hosts[0].state, MAG_HOST_AWAY);
}

/* The policy store's lookups (by MAC for DHCP and frames, by NAI for PBAs
 * and BRIs) over a store in no order: every host found, nothing else. */
static void test_lookups(void **state)
{
	enum { N = 1000 };
	struct mag_profile *many = calloc(N, sizeof(*many));
	struct mag_config big = cfg;
	struct mag_hosts m;
	struct mh_msg msg = { .type = XMIP_MH_BA };
	int i;

	(void)state;
	assert_non_null(many);
	for (i = 0; i < N; i++) {
		int k = (i * 617) % N;   /* a permutation: neither sorted nor reversed */

		memcpy(many[i].mac, (uint8_t[6]){ 0x02, 0, 0, 0, (uint8_t)(k >> 8), (uint8_t)k }, 6);
		snprintf(many[i].id, sizeof(many[i].id), "h%d@x", k);
	}
	big.hosts = many;
	big.n_hosts = N;
	assert_int_equal(mag_hosts_init(&m, &big, 1), 0);
	msg.opt.has_mn_id = true;
	for (i = 0; i < N; i++) {
		assert_int_equal(mag_hosts_profile(&m, many[i].mac), i);
		snprintf(msg.opt.mn_id, sizeof(msg.opt.mn_id), "%s", many[i].id);
		assert_int_equal(mag_hosts_by_nai(&m, &msg), i);
	}
	assert_int_equal(mag_hosts_profile(&m, (uint8_t[6]){ 0x02, 0, 0, 0, 0x03, 0xe8 }), -1);
	snprintf(msg.opt.mn_id, sizeof(msg.opt.mn_id), "h1000@x");
	assert_int_equal(mag_hosts_by_nai(&m, &msg), -1);
	msg.opt.has_mn_id = false;
	assert_int_equal(mag_hosts_by_nai(&m, &msg), -1);
	mag_hosts_free(&m);
	free(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discover_to_offer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmission_gives_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revocation_and_move_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_refusal_expiry, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
