// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The home agent's registration decisions (agent/dsmip6/ha_cache.c) with a fake
 * clock: RFC 6275 sequence window and wrap, lifetime cap, deregistration,
 * expiry; RFC 5555 4.5 IPv4 home address (static 130, pool, empty pool 132,
 * no option keeps IPv6 only) and prefix (the P flag: configured ones, 133), NAT detection, F flag (144);
 * RFC 3963 mobile network prefixes (explicit and implicit mode, 140, 141,
 * 142, the R flag in the BA).
 */
#include <arpa/inet.h>
#include <errno.h>
#include "helpers.h"
#include "dsmip6/ha_cache.h"
#include "xmip_proto.h"

#define HOA6 "2001:db8:100::100"
#define HOA6_B "2001:db8:100::200"

struct env {
	struct ha_config cfg;
	struct mn_authz mns[2];
	struct ha_cache cache;
	struct in6_addr hoa, hoa_b;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	snprintf(e->mns[0].id, sizeof(e->mns[0].id), "mn1@example");
	inet_pton(AF_INET6, HOA6, &e->mns[0].home_address6);
	inet_pton(AF_INET, "192.0.2.100", &e->mns[0].v4_hoas[0]);
	e->mns[0].n_v4_hoas = 1;
	snprintf(e->mns[1].id, sizeof(e->mns[1].id), "mn2@example");
	inet_pton(AF_INET6, HOA6_B, &e->mns[1].home_address6);
	/* mn1 is a mobile router with two prefixes. */
	inet_pton(AF_INET6, "2001:db8:200::", &e->mns[0].mnp6[0].addr);
	e->mns[0].mnp6[0].len = 64;
	inet_pton(AF_INET6, "2001:db8:201::", &e->mns[0].mnp6[1].addr);
	e->mns[0].mnp6[1].len = 56;
	e->mns[0].n_mnp6 = 2;
	e->cfg.mobile_nodes = e->mns;
	e->cfg.n_mobile_nodes = 2;
	e->cfg.max_lifetime_s = 3600;
	e->cfg.nat_keepalive_s = 110;
	e->cfg.protection = MH_PROTECT_UNPROTECTED;
	e->cfg.allow_forced_udp = true;
	e->cfg.has_v4_pool = true;
	inet_pton(AF_INET, "192.0.2.128", &e->cfg.v4_pool.addr);
	e->cfg.v4_pool.len = 30;              /* .129 and .130 usable */
	e->hoa = e->mns[0].home_address6;
	e->hoa_b = e->mns[1].home_address6;
	assert_int_equal(ha_cache_init(&e->cache, &e->cfg), 0);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	ha_cache_free(&e->cache);
	free(e);
	return 0;
}

static struct mh_msg bu(uint16_t seq, uint16_t lifetime_units)
{
	struct mh_msg m = { .type = XMIP_MH_BU };

	m.bu.seq = seq;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H;
	m.bu.lifetime = lifetime_units;
	return m;
}

static struct xmip_sig_seen from_v6(const char *coa)
{
	struct xmip_sig_seen s = { .back = { .format = XMIP_TUN_IP6 } };

	inet_pton(AF_INET6, coa, s.back.remote.bytes);
	return s;
}

static struct xmip_sig_seen from_udp4(const char *outer, uint16_t port)
{
	struct xmip_sig_seen s = { .back = { .format = XMIP_TUN_UDP4 } };

	inet_pton(AF_INET, outer, &s.back.remote.v4);
	s.back.remote_port = htons(port);
	s.back.local_port = htons(XMIP_PORT_DSMIP);
	return s;
}

static void with_v4(struct mh_msg *m, const char *addr)
{
	m->opt.n_ipv4_hoa = 1;
	m->opt.ipv4_hoa[0].prefix_len = 32;
	inet_pton(AF_INET, addr, &m->opt.ipv4_hoa[0].addr);
}

static void test_accept_and_cap_lifetime(void **state)
{
	struct env *e = *state;
	struct mh_msg m = bu(10, 2000);   /* 8000 s asked */
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct ha_decision d;

	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 1000, &d);
	assert_int_equal(d.mn, 0);
	assert_int_equal(d.ba.ba.status, XMIP_BA_ACCEPTED);
	assert_int_equal(d.ba.ba.seq, 10);
	assert_int_equal(d.ba.ba.lifetime, 3600 / 4);
	assert_true(d.after.active);
	assert_int_equal(d.after.tunnel.format, XMIP_TUN_IP6);
	assert_int_equal(d.after.expires_ms, 1000 + 3600 * 1000);
	assert_false(d.ba.opt.has_ipv4_ack);
	assert_false(d.ba.opt.has_nat_detect);
}

/* RFC 6275 9.5.1: the Alternate Care-of Address option (under ESP) names
 * the care-of address, not the source the BU arrived from. */
static void test_alternate_care_of_address(void **state)
{
	struct env *e = *state;
	struct mh_msg m = bu(10, 100);
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct in6_addr alt;
	struct ha_decision d;

	m.opt.has_alt_coa = true;
	inet_pton(AF_INET6, "2001:db8:11::7", &m.opt.alt_coa);
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 1000, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_ACCEPTED);
	assert_int_equal(d.after.tunnel.format, XMIP_TUN_IP6);
	inet_pton(AF_INET6, "2001:db8:11::7", &alt);
	assert_memory_equal(&d.after.tunnel.remote, &alt, 16);
}

static void test_sequence_window_and_wrap(void **state)
{
	struct env *e = *state;
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct mh_msg m = bu(65535, 10);
	struct ha_decision d;

	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_ACCEPTED);
	m.bu.seq = 65535;                         /* the same again */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_SEQ_OUT_OF_WINDOW);
	assert_int_equal(d.ba.ba.seq, 65535);     /* the last accepted */
	m.bu.seq = 65535 - 100;                   /* older */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_SEQ_OUT_OF_WINDOW);
	m.bu.seq = 3;                             /* newer, across the wrap */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_ACCEPTED);
	m.bu.seq = 3 + 0x8000;                    /* half the space ahead: old */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_SEQ_OUT_OF_WINDOW);
}

static void test_deregistration_and_unknown(void **state)
{
	struct env *e = *state;
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct mh_msg m = bu(1, 0);
	struct in6_addr stranger;
	struct ha_decision d;

	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_NOT_HA_FOR_MN);   /* nothing to remove */
	m = bu(2, 10);
	with_v4(&m, "192.0.2.100");
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_true(d.after.has_v4);
	m = bu(3, 0);
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_ACCEPTED);
	assert_true(d.before.active && d.before.has_v4);
	assert_false(d.after.active || d.after.has_v4);           /* every binding goes */
	inet_pton(AF_INET6, "2001:db8:100::999", &stranger);
	m = bu(4, 10);
	ha_cache_process_bu(&e->cache, &stranger, &m, &s, 0, &d);
	assert_int_equal(d.mn, -1);
	assert_int_equal(d.ba.ba.status, XMIP_BA_NOT_HA_FOR_MN);
	m.bu.flags &= (uint16_t)~XMIP_BU_F_H;
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_HOME_REG_NOT_SUPPORTED);
}

/* A BU that IPsec should have protected but the kernel did not (no ipsec
 * section to set its policies) or with no protection chosen: refused. */
static void test_unprotected_refused_unless_chosen(void **state)
{
	struct env *e = *state;
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct mh_msg m = bu(1, 10);
	struct ha_decision d;
	enum mh_protection refused[] = { MH_PROTECT_UNSET, MH_PROTECT_IPSEC };
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		e->cfg.protection = refused[i];
		ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
		assert_int_equal(d.ba.ba.status, XMIP_BA_ADMIN_PROHIBITED);
		assert_false(e->cache.entries[0].active);
	}
}

static void test_ipv4_home_addresses(void **state)
{
	struct env *e = *state;
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct mh_msg m = bu(1, 10);
	struct ha_decision d;
	char text[INET_ADDRSTRLEN];

	with_v4(&m, "192.0.2.101");                 /* not this node's */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_ACCEPTED);   /* IPv6 still bound */
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_INCORRECT_HOA);
	assert_int_equal(d.ba.opt.ipv4_ack.prefix_len, 0);
	assert_false(d.after.has_v4);

	m = bu(2, 10);
	with_v4(&m, "0.0.0.0");                     /* from the pool */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_SUCCESS);
	assert_int_equal(d.ba.opt.ipv4_ack.prefix_len, 32);
	inet_ntop(AF_INET, &d.ba.opt.ipv4_ack.addr, text, sizeof(text));
	assert_string_equal(text, "192.0.2.129");
	m = bu(3, 10);
	with_v4(&m, "0.0.0.0");                     /* a refresh keeps it */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.after.hoa4.s_addr, inet_addr("192.0.2.129"));
	m = bu(4, 10);
	with_v4(&m, "192.0.2.129");                 /* asking to keep it by name */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_SUCCESS);
	assert_true(ha_entry_v4_from_pool(&d.after));

	m = bu(1, 10);
	with_v4(&m, "192.0.2.129");                 /* another node's pool address */
	ha_cache_process_bu(&e->cache, &e->hoa_b, &m, &s, 0, &d);
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_INCORRECT_HOA);
	m = bu(2, 10);
	with_v4(&m, "0.0.0.0");                     /* the other node: .130 */
	ha_cache_process_bu(&e->cache, &e->hoa_b, &m, &s, 0, &d);
	assert_int_equal(d.after.hoa4.s_addr, inet_addr("192.0.2.130"));
	m = bu(5, 10);                              /* no option: IPv4 goes, IPv6 stays */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_true(d.before.has_v4);
	assert_false(d.after.has_v4);
	assert_true(d.after.active);
	assert_false(d.ba.opt.has_ipv4_ack);

	m = bu(6, 10);
	with_v4(&m, "0.0.0.0");
	e->cfg.v4_pool.len = 31;                    /* no usable address at all */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_DHCP_IN_PROGRESS);

	m = bu(7, 10);
	with_v4(&m, "0.0.0.0");
	m.opt.ipv4_hoa[0].p = true;
	m.opt.ipv4_hoa[0].prefix_len = 28;
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_PREFIX_UNAUTHORIZED);
	assert_int_equal(d.ba.opt.ipv4_ack.prefix_len, 0);   /* RFC 5555 3.2.1: zero on failure */
}

static void test_nat_detection_and_f_flag(void **state)
{
	struct env *e = *state;
	struct xmip_sig_seen nat = from_udp4("198.51.100.50", 40000);
	struct mh_msg m = bu(1, 10);
	struct ha_decision d;

	m.opt.has_ipv4_coa = true;
	m.opt.ipv4_coa.s_addr = inet_addr("10.0.0.100");   /* behind the NAT */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &nat, 0, &d);
	assert_int_equal(d.after.tunnel.format, XMIP_TUN_UDP4);
	assert_int_equal(ntohs(d.after.tunnel.remote_port), 40000);
	assert_true(d.after.nat);
	assert_true(d.ba.opt.has_nat_detect && d.ba.opt.nat_f);
	assert_int_equal(d.ba.opt.nat_refresh_s, 110);

	m = bu(2, 10);                              /* no NAT: plain IPv4 */
	m.opt.has_ipv4_coa = true;
	m.opt.ipv4_coa.s_addr = inet_addr("198.51.100.50");
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &nat, 0, &d);
	assert_int_equal(d.after.tunnel.format, XMIP_TUN_IP4);
	assert_true(d.ba.opt.has_nat_detect);
	assert_false(d.ba.opt.nat_f);
	assert_int_equal(d.ba.opt.nat_refresh_s, 0xffffffffu);

	m.bu.seq = 3;
	m.bu.flags |= XMIP_BU_F_F;                  /* forced UDP: accepted */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &nat, 0, &d);
	assert_int_equal(d.after.tunnel.format, XMIP_TUN_UDP4);
	assert_true(d.ba.opt.nat_f);
	e->cfg.allow_forced_udp = false;            /* ... or refused by policy */
	m.bu.seq = 4;
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &nat, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_F_FLAG_NOT_ALLOWED);
	assert_int_equal(e->cache.entries[0].tunnel.format, XMIP_TUN_UDP4);   /* unchanged */
}

static void test_expiry(void **state)
{
	struct env *e = *state;
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct mh_msg m = bu(1, 10);                /* 40 s */
	struct ha_entry gone;
	struct ha_decision d;
	int from = 0;

	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 5000, &d);
	assert_int_equal(ha_cache_expire_next(&e->cache, 44999, &from, &gone), -1);
	from = 0;
	assert_int_equal(ha_cache_expire_next(&e->cache, 45000, &from, &gone), 0);
	assert_true(gone.active);
	assert_false(e->cache.entries[0].active);
	from = 0;
	assert_int_equal(ha_cache_expire_next(&e->cache, 90000, &from, &gone), -1);
}

static void with_prefix(struct mh_msg *m, const char *prefix, uint8_t len)
{
	struct mh_prefix6 *p = &m->opt.mnp[m->opt.n_mnp++];

	inet_pton(AF_INET6, prefix, &p->prefix);
	p->len = len;
}

static void test_mobile_router_prefixes(void **state)
{
	struct env *e = *state;
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct mh_msg m = bu(1, 10);
	struct ha_decision d;

	/* Explicit mode: the named prefix only. */
	m.bu.flags |= XMIP_BU_F_R;
	with_prefix(&m, "2001:db8:201::", 56);
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_ACCEPTED);
	assert_true(d.ba.ba.flags & MH_BA_F_R);
	assert_true(ha_entry_is_mobile_router(&d.after));
	assert_int_equal(d.after.mnp_mask, 2);
	/* Implicit mode: every configured prefix. */
	m = bu(2, 10);
	m.bu.flags |= XMIP_BU_F_R;
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.after.mnp_mask, 3);
	assert_int_equal(d.before.mnp_mask, 2);
	/* Without R: a plain mobile node, its prefixes go. */
	m = bu(3, 10);
	with_prefix(&m, "2001:db8:200::", 64);
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_ACCEPTED);
	assert_false(d.ba.ba.flags & MH_BA_F_R);
	assert_int_equal(d.after.mnp_mask, 0);
	/* Deregistration drops them too. */
	m = bu(4, 10);
	m.bu.flags |= XMIP_BU_F_R;
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	m = bu(5, 0);
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_false(d.after.active);
	assert_int_equal(d.before.mnp_mask, 3);
	assert_int_equal(d.after.mnp_mask, 0);
}

/* The status a BU from mn1 with R and one prefix gets. */
static uint8_t one_prefix_status(struct env *e, const char *prefix, uint8_t len)
{
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct mh_msg m = bu(1, 10);
	struct ha_decision d;

	m.bu.flags |= XMIP_BU_F_R;
	with_prefix(&m, prefix, len);
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	return d.ba.ba.status;
}

static void test_mobile_router_refusals(void **state)
{
	struct env *e = *state;
	struct xmip_sig_seen s = from_v6("2001:db8:10::200");
	struct mh_msg m = bu(1, 10);
	struct ha_decision d;

	/* mn2 has no prefixes: not a mobile router (140). */
	m.bu.flags |= XMIP_BU_F_R;
	ha_cache_process_bu(&e->cache, &e->hoa_b, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_MR_OP_NOT_PERMITTED);
	assert_false(e->cache.entries[1].active);
	/* Someone else's prefix, or the right one with another length (142). */
	assert_int_equal(one_prefix_status(e, "2001:db8:300::", 64), XMIP_BA_NOT_AUTHORIZED_PREFIX);
	assert_int_equal(one_prefix_status(e, "2001:db8:200::", 60), XMIP_BA_NOT_AUTHORIZED_PREFIX);
	/* A prefix that cannot be one: length 0, link-local, multicast (141). */
	assert_int_equal(one_prefix_status(e, "2001:db8:200::", 0), XMIP_BA_INVALID_PREFIX);
	assert_int_equal(one_prefix_status(e, "fe80::", 64), XMIP_BA_INVALID_PREFIX);
	assert_int_equal(one_prefix_status(e, "ff0e::", 16), XMIP_BA_INVALID_PREFIX);
	/* One bad prefix refuses the whole BU: nothing bound. */
	m = bu(1, 10);
	m.bu.flags |= XMIP_BU_F_R;
	with_prefix(&m, "2001:db8:200::", 64);
	with_prefix(&m, "2001:db8:300::", 64);
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.ba.status, XMIP_BA_NOT_AUTHORIZED_PREFIX);
	assert_false(e->cache.entries[0].active);
}

/* RFC 5555 4.4.2: the node keeps asking for the pool address it got, also
 * after a deregistration (back home) released it; while nobody else took
 * it, it is given again. */
static void test_pool_address_after_deregistration(void **state)
{
	struct env *e = *state;
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct mh_msg m = bu(1, 10);
	struct ha_decision d;

	with_v4(&m, "0.0.0.0");
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.after.hoa4.s_addr, inet_addr("192.0.2.129"));
	m = bu(2, 0);                                /* home: deregistered */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, NULL, 0, &d);
	assert_false(d.after.active);
	m = bu(3, 10);
	with_v4(&m, "192.0.2.129");                  /* away again, asking for it */
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_SUCCESS);
	assert_true(ha_entry_v4_from_pool(&d.after));

	m = bu(4, 0);
	ha_cache_process_bu(&e->cache, &e->hoa, &m, NULL, 0, &d);
	m = bu(1, 10);
	with_v4(&m, "0.0.0.0");                      /* released: another node gets it */
	ha_cache_process_bu(&e->cache, &e->hoa_b, &m, &s, 0, &d);
	assert_int_equal(d.after.hoa4.s_addr, inet_addr("192.0.2.129"));
	m = bu(5, 10);
	with_v4(&m, "192.0.2.129");
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 0, &d);
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_INCORRECT_HOA);
}

static void with_v4_prefix(struct mh_msg *m, const char *addr, uint8_t len, bool p)
{
	with_v4(m, addr);
	m->opt.ipv4_hoa[0].prefix_len = len;
	m->opt.ipv4_hoa[0].p = p;
}

/* Sends one BU with an IPv4 prefix option; returns the acknowledgement as
 * "status addr/len". */
static const char *ask_prefix(struct env *e, const struct in6_addr *hoa, uint16_t seq,
			      const char *addr, uint8_t len, bool p, struct ha_decision *d)
{
	static char out[64];
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct mh_msg m = bu(seq, 10);
	char a[INET_ADDRSTRLEN];

	with_v4_prefix(&m, addr, len, p);
	ha_cache_process_bu(&e->cache, hoa, &m, &s, 0, d);
	assert_true(d->ba.opt.has_ipv4_ack);
	inet_ntop(AF_INET, &d->ba.opt.ipv4_ack.addr, a, sizeof(a));
	snprintf(out, sizeof(out), "%u %s/%u", d->ba.opt.ipv4_ack.status, a, d->ba.opt.ipv4_ack.prefix_len);
	return out;
}

/* RFC 5555 4.5 and 3.1.1: the P flag gets a prefix configured for the
 * node, of the length asked for when there is one; 133 otherwise. */
static void test_ipv4_prefixes(void **state)
{
	struct env *e = *state;
	struct ha_decision d;

	(void)state;
	inet_pton(AF_INET, "198.18.0.32", &e->mns[0].v4_mnp[0].addr);
	e->mns[0].v4_mnp[0].len = 27;
	inet_pton(AF_INET, "198.18.0.0", &e->mns[0].v4_mnp[1].addr);
	e->mns[0].v4_mnp[1].len = 28;
	e->mns[0].n_v4_mnp = 2;

	assert_string_equal(ask_prefix(e, &e->hoa_b, 1, "0.0.0.0", 28, true, &d), "133 0.0.0.0/0");
	assert_false(d.after.has_v4);
	assert_true(d.after.active);                 /* IPv6 stays bound */

	assert_string_equal(ask_prefix(e, &e->hoa, 1, "0.0.0.0", 28, true, &d), "0 198.18.0.0/28");
	assert_true(d.after.has_v4);
	assert_int_equal(d.after.hoa4_len, 28);
	assert_false(ha_entry_v4_from_pool(&d.after));
	/* A refresh names the prefix, P or not. */
	assert_string_equal(ask_prefix(e, &e->hoa, 2, "198.18.0.0", 28, false, &d), "0 198.18.0.0/28");
	assert_string_equal(ask_prefix(e, &e->hoa, 3, "198.18.0.0", 28, true, &d), "0 198.18.0.0/28");
	/* No /24 configured: another length, the acknowledgement's wins. */
	assert_string_equal(ask_prefix(e, &e->hoa, 4, "0.0.0.0", 24, true, &d), "0 198.18.0.32/27");
	/* A named prefix: configured with that length, host bits ignored. */
	assert_string_equal(ask_prefix(e, &e->hoa, 5, "198.18.0.33", 27, true, &d), "0 198.18.0.32/27");
	assert_string_equal(ask_prefix(e, &e->hoa, 6, "198.18.0.64", 27, true, &d), "133 198.18.0.64/0");
	assert_false(d.after.has_v4);
	assert_string_equal(ask_prefix(e, &e->hoa, 7, "198.18.0.0", 27, true, &d), "133 198.18.0.0/0");
	/* Not P, length 32: an address request as before. */
	assert_string_equal(ask_prefix(e, &e->hoa, 8, "192.0.2.100", 32, false, &d), "0 192.0.2.100/32");
	assert_int_equal(d.after.hoa4_len, 32);
}

/* The indexes (ha_index.c) against the plain answers, with many nodes and a
 * pool smaller than they are: every node is found by its home address, and
 * through random registrations from the pool, deregistrations and expiries
 * no IPv4 home address is ever held twice, and the pool refuses only when
 * other nodes hold all of it. */
#define MANY 700
static void test_many_nodes_index(void **state)
{
	struct ha_config cfg = { .max_lifetime_s = 3600, .nat_keepalive_s = 110,
				 .protection = MH_PROTECT_UNPROTECTED, .has_v4_pool = true };
	struct mn_authz *mns = calloc(MANY, sizeof(*mns));
	uint16_t *seq = calloc(MANY, sizeof(*seq));
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct ha_cache c;
	struct in6_addr unknown;
	uint64_t now = 0;
	int i, k, step, refused = 0;

	(void)state;
	for (i = 0; i < MANY; i++) {
		snprintf(mns[i].id, sizeof(mns[i].id), "mn%d@example", i);
		/* Home addresses in no order: the index hashes them. */
		mns[i].home_address6.s6_addr[0] = 0x20;
		mns[i].home_address6.s6_addr[14] = (uint8_t)((i * 7919) >> 8);
		mns[i].home_address6.s6_addr[15] = (uint8_t)(i * 7919);
	}
	cfg.mobile_nodes = mns;
	cfg.n_mobile_nodes = MANY;
	inet_pton(AF_INET, "10.9.0.0", &cfg.v4_pool.addr);
	cfg.v4_pool.len = 24;                         /* 254 usable */
	assert_int_equal(ha_cache_init(&c, &cfg), 0);
	for (i = 0; i < MANY; i++)
		assert_int_equal(ha_cache_find(&c, &mns[i].home_address6), i);
	unknown = mns[0].home_address6;
	unknown.s6_addr[1] = 1;
	assert_int_equal(ha_cache_find(&c, &unknown), -1);

	srandom(7);
	for (step = 0; step < 20000; step++) {
		struct mh_msg m;
		struct ha_decision d;
		int held = 0;

		k = (int)(random() % MANY);
		if (random() % 3) {
			m = bu(++seq[k], (uint16_t)(1 + random() % 4));   /* 4..16 s */
			with_v4(&m, "0.0.0.0");
		} else {
			m = bu(++seq[k], 0);
		}
		ha_cache_process_bu(&c, &mns[k].home_address6, &m, m.bu.lifetime ? &s : NULL, now, &d);
		if (m.bu.lifetime && d.ba.opt.ipv4_ack.status != XMIP_V4ACK_SUCCESS) {
			for (i = 0; i < MANY; i++)
				held += i != k && c.entries[i].active && c.entries[i].has_v4;
			assert_int_equal(held, 254);
			refused++;
		}
		if (step % 50 == 0) {
			struct ha_entry gone;
			int from = 0;

			now += 1000;
			while (ha_cache_expire_next(&c, now, &from, &gone) >= 0)
				;
		}
		if (step % 500 == 0) {
			uint8_t taken[256] = { 0 };

			for (i = 0; i < MANY; i++) {
				if (!c.entries[i].active || !c.entries[i].has_v4)
					continue;
				uint8_t last = ((const uint8_t *)&c.entries[i].hoa4.s_addr)[3];

				assert_int_equal(taken[last], 0);
				taken[last] = 1;
			}
		}
	}
	assert_true(refused > 0);   /* the pool did run out */
	assert_true(c.index.removed < c.index.cap / 4);
	ha_cache_free(&c);
	free(mns);
	free(seq);
}

/* Nodes come and go by identity (a reload): the one no longer configured
 * is reported with its binding and retired, its IPv4 home address free
 * for others; the one kept (same id, same home address) keeps its handle
 * and binding; a new one takes a free handle; the same home address under
 * another id is another node. */
struct gone_log {
	int n;
	int mn;
	bool was_active;
	int admitted;
};

static void note_gone(void *ctx, int mn, const struct mn_authz *m, const struct ha_entry *e)
{
	struct gone_log *g = ctx;

	(void)m;
	g->n++;
	g->mn = mn;
	g->was_active = e->active;
}

static void note_admitted(void *ctx, int mn)
{
	(void)mn;
	((struct gone_log *)ctx)->admitted++;
}

static void test_reconfigure_by_identity(void **state)
{
	struct env *e = *state;
	struct mn_authz next[2];
	struct ha_config cfg2 = e->cfg;
	struct xmip_sig_seen s = from_v6("2001:db8:10::100");
	struct gone_log g = { 0 };
	struct ha_decision d;
	struct mh_msg m = bu(1, 100);

	with_v4(&m, "192.0.2.100");
	ha_cache_process_bu(&e->cache, &e->hoa, &m, &s, 1000, &d);
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_SUCCESS);
	m = bu(1, 100);
	ha_cache_process_bu(&e->cache, &e->hoa_b, &m, &s, 1000, &d);
	assert_true(e->cache.entries[1].active);

	/* mn2 stays; mn1 goes; mn3 comes, configured with mn1's address. */
	next[0] = e->mns[1];
	next[1] = e->mns[0];
	snprintf(next[1].id, sizeof(next[1].id), "mn3@example");
	inet_pton(AF_INET6, "2001:db8:100::300", &next[1].home_address6);
	cfg2.mobile_nodes = next;
	cfg2.n_mobile_nodes = 2;
	assert_int_equal(ha_cache_reconfigure(&e->cache, &cfg2, note_gone, note_admitted, &g), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.mn, 0);
	assert_true(g.was_active);
	assert_int_equal(g.admitted, 1);
	assert_int_equal(ha_cache_find(&e->cache, &e->hoa), -1);
	assert_int_equal(ha_cache_find(&e->cache, &e->hoa_b), 1);
	assert_true(e->cache.entries[1].active);            /* kept, binding and all */
	assert_ptr_equal(ha_cache_node(&e->cache, 1), &next[0]);
	assert_int_equal(ha_cache_find(&e->cache, &next[1].home_address6), 0);   /* the free handle */
	assert_false(e->cache.entries[0].active);
	/* mn1's IPv4 home address is mn3's to take now. */
	m = bu(1, 100);
	with_v4(&m, "192.0.2.100");
	ha_cache_process_bu(&e->cache, &next[1].home_address6, &m, &s, 2000, &d);
	assert_int_equal(d.ba.opt.ipv4_ack.status, XMIP_V4ACK_SUCCESS);
	/* mn1's home address, known under another id now: another node. */
	snprintf(next[1].id, sizeof(next[1].id), "mn1@example");
	g = (struct gone_log){ 0 };
	assert_int_equal(ha_cache_reconfigure(&e->cache, &cfg2, note_gone, note_admitted, &g), 0);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.admitted, 0);
	assert_ptr_equal(ha_cache_node(&e->cache, 0), &next[1]);
}

/* Admission past the cache's first size, and a home address only once. */
static void test_admit_grows(void **state)
{
	struct env *e = *state;
	struct mn_authz *more = calloc(100, sizeof(*more));
	int i;

	for (i = 0; i < 100; i++) {
		snprintf(more[i].id, sizeof(more[i].id), "late%d@example", i);
		more[i].home_address6 = e->hoa;
		more[i].home_address6.s6_addr[13] = (uint8_t)(i + 1);
		assert_int_equal(ha_cache_admit(&e->cache, &more[i]), i + 2);
	}
	for (i = 0; i < 100; i++)
		assert_int_equal(ha_cache_find(&e->cache, &more[i].home_address6), i + 2);
	assert_int_equal(ha_cache_find(&e->cache, &e->hoa_b), 1);
	assert_int_equal(ha_cache_admit(&e->cache, &e->mns[1]), -EEXIST);
	ha_cache_retire(&e->cache, 5);
	assert_int_equal(ha_cache_find(&e->cache, &more[3].home_address6), -1);
	assert_null(ha_cache_node(&e->cache, 5));
	assert_int_equal(ha_cache_admit(&e->cache, &more[3]), 5);
	ha_cache_free(&e->cache);
	assert_int_equal(ha_cache_init(&e->cache, &e->cfg), 0);   /* for teardown */
	free(more);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_accept_and_cap_lifetime), T(test_sequence_window_and_wrap),
		T(test_deregistration_and_unknown), T(test_unprotected_refused_unless_chosen),
		T(test_ipv4_home_addresses), T(test_nat_detection_and_f_flag), T(test_expiry),
		T(test_mobile_router_prefixes), T(test_mobile_router_refusals), T(test_ipv4_prefixes),
		T(test_reconfigure_by_identity), T(test_admit_grows),
		T(test_pool_address_after_deregistration), T(test_alternate_care_of_address),
		cmocka_unit_test(test_many_nodes_index),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
