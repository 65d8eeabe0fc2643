// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The DHCPv4 codec against a DISCOVER written out here from RFC 2131's
 * figure 1 and RFC 2132's options, the replies' exact bytes, where a reply
 * goes (RFC 2131 4.1), the frame's checksums, and every refusal.
 */
#include <arpa/inet.h>
#include "helpers.h"
#include "access/dhcp4.h"

static const uint8_t mac[6] = { 0x02, 0, 0x5e, 0, 0x53, 0x10 };

/* A client's DISCOVER: xid 0x3903f326, broadcast flag, its MAC, the cookie,
 * type 1, client id (type 1 + MAC), requested address 198.51.100.10, a
 * parameter request list (skipped), a pad, end. */
static size_t discover(uint8_t *b)
{
	static const uint8_t opts[] = {
		99, 130, 83, 99,
		53, 1, 1,
		61, 7, 1, 0x02, 0, 0x5e, 0, 0x53, 0x10,
		50, 4, 198, 51, 100, 10,
		55, 4, 1, 3, 6, 15,
		0,
		255,
	};

	memset(b, 0, 300);
	b[0] = 1;
	b[1] = 1;
	b[2] = 6;
	memcpy(b + 4, (const uint8_t[]){ 0x39, 0x03, 0xf3, 0x26 }, 4);
	b[10] = 0x80;
	memcpy(b + 28, mac, 6);
	memcpy(b + 236, opts, sizeof(opts));
	return 300;
}

static void test_decode_discover(void **state)
{
	uint8_t b[300];
	struct dhcp4_msg m;

	(void)state;
	assert_int_equal(dhcp4_decode(b, discover(b), &m), DHCP4_OK);
	assert_int_equal(m.op, 1);
	assert_int_equal(m.xid, 0x3903f326);
	assert_int_equal(m.flags, DHCP4_FLAG_BROADCAST);
	assert_memory_equal(m.chaddr, mac, 6);
	assert_int_equal(m.type, DHCP4_DISCOVER);
	assert_true(m.has_requested);
	assert_int_equal(m.requested.s_addr, inet_addr("198.51.100.10"));
	assert_int_equal(m.client_id_len, 7);
	assert_false(m.has_server_id);
	assert_string_equal(dhcp4_type_name(m.type), "DISCOVER");
}

static struct dhcp4_msg offer(void)
{
	struct dhcp4_msg o = { .op = 2, .xid = 0x3903f326, .flags = DHCP4_FLAG_BROADCAST,
			       .type = DHCP4_OFFER, .lease_s = 600, .has_server_id = true,
			       .has_netmask = true, .has_router = true };

	memcpy(o.chaddr, mac, 6);
	o.yiaddr.s_addr = inet_addr("198.51.100.10");
	o.server_id.s_addr = inet_addr("198.51.100.1");
	o.netmask.s_addr = inet_addr("255.255.255.0");
	o.router.s_addr = inet_addr("198.51.100.1");
	return o;
}

/* The OFFER's options, in the encoder's order, then padding to 300. */
static void test_encode_offer_exact(void **state)
{
	static const uint8_t opts[] = {
		99, 130, 83, 99,
		53, 1, 2,
		54, 4, 198, 51, 100, 1,
		51, 4, 0, 0, 0x02, 0x58,          /* 600 s */
		58, 4, 0, 0, 0x01, 0x2c,          /* T1: 300 s */
		59, 4, 0, 0, 0x02, 0x0d,          /* T2: 525 s */
		1, 4, 255, 255, 255, 0,
		3, 4, 198, 51, 100, 1,
		255,
	};
	struct dhcp4_msg o = offer(), back;
	uint8_t b[600], want[300] = { 0 };

	(void)state;
	want[0] = 2;
	want[1] = 1;
	want[2] = 6;
	memcpy(want + 4, (const uint8_t[]){ 0x39, 0x03, 0xf3, 0x26 }, 4);
	want[10] = 0x80;
	memcpy(want + 16, (const uint8_t[]){ 198, 51, 100, 10 }, 4);
	memcpy(want + 28, mac, 6);
	memcpy(want + 236, opts, sizeof(opts));
	assert_int_equal(dhcp4_encode(&o, b, sizeof(b)), 300);
	assert_memory_equal(b, want, 300);
	assert_int_equal(dhcp4_decode(b, 300, &back), DHCP4_OK);
	assert_memory_equal(&back, &o, sizeof(o));
	assert_int_equal(dhcp4_encode(&o, b, 299), -1);
}

static void test_reply_dest(void **state)
{
	struct dhcp4_msg req = { .flags = DHCP4_FLAG_BROADCAST }, rep = offer();
	struct dhcp4_dest to;

	(void)state;
	memcpy(req.chaddr, mac, 6);
	dhcp4_reply_dest(&req, &rep, &to);
	assert_int_equal(to.ip.s_addr, INADDR_BROADCAST);
	assert_memory_equal(to.mac, "\xff\xff\xff\xff\xff\xff", 6);
	req.flags = 0;
	dhcp4_reply_dest(&req, &rep, &to);
	assert_int_equal(to.ip.s_addr, rep.yiaddr.s_addr);
	assert_memory_equal(to.mac, mac, 6);
	req.ciaddr.s_addr = inet_addr("198.51.100.10");   /* a renewal */
	rep.type = DHCP4_ACK;
	dhcp4_reply_dest(&req, &rep, &to);
	assert_int_equal(to.ip.s_addr, req.ciaddr.s_addr);
	rep.type = DHCP4_NAK;                               /* always broadcast */
	dhcp4_reply_dest(&req, &rep, &to);
	assert_int_equal(to.ip.s_addr, INADDR_BROADCAST);
}

/* RFC 1071 over the frame's IPv4 header and over the UDP pseudo-header
 * and datagram: both come to zero (all ones before inversion). */
static void test_frame_checksums(void **state)
{
	static const uint8_t router_mac[6] = { 0x02, 0, 0x5e, 0, 0, 0x01 };
	struct dhcp4_msg o = offer();
	struct dhcp4_dest to = { .ip.s_addr = INADDR_BROADCAST, .mac = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	uint8_t payload[600], frame[700], pseudo[12];
	uint32_t sum = 0;
	int len, flen, i;

	(void)state;
	len = dhcp4_encode(&o, payload, sizeof(payload));
	flen = dhcp4_frame(payload, (size_t)len, router_mac, o.server_id, &to, frame, sizeof(frame));
	assert_int_equal(flen, 14 + 20 + 8 + len);
	assert_memory_equal(frame, to.mac, 6);
	assert_memory_equal(frame + 6, router_mac, 6);
	for (i = 14; i < 34; i += 2)
		sum += (uint32_t)(frame[i] << 8 | frame[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	assert_int_equal(sum, 0xffff);
	memcpy(pseudo, frame + 26, 8);
	pseudo[8] = 0;
	pseudo[9] = 17;
	pseudo[10] = frame[38];
	pseudo[11] = frame[39];
	sum = 0;
	for (i = 0; i < 12; i += 2)
		sum += (uint32_t)(pseudo[i] << 8 | pseudo[i + 1]);
	for (i = 34; i + 1 < flen; i += 2)
		sum += (uint32_t)(frame[i] << 8 | frame[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	assert_int_equal(sum, 0xffff);
	assert_int_equal(dhcp4_frame(payload, (size_t)len, router_mac, o.server_id, &to, frame, 100), -1);
}

static void test_refusals(void **state)
{
	uint8_t b[300];
	struct dhcp4_msg m;

	(void)state;
	discover(b);
	assert_int_equal(dhcp4_decode(b, 239, &m), DHCP4_ERR_TRUNCATED);
	b[1] = 6;   /* IEEE 802 networks' htype, not Ethernet's */
	assert_int_equal(dhcp4_decode(b, 300, &m), DHCP4_ERR_NOT_ETHERNET);
	discover(b);
	b[0] = 3;
	assert_int_equal(dhcp4_decode(b, 300, &m), DHCP4_ERR_NOT_ETHERNET);
	discover(b);
	b[239] = 0;   /* BOOTP without the cookie */
	assert_int_equal(dhcp4_decode(b, 300, &m), DHCP4_ERR_COOKIE);
	discover(b);
	b[241] = 2;   /* the type option two bytes long */
	assert_int_equal(dhcp4_decode(b, 300, &m), DHCP4_ERR_BAD_OPTION);
	discover(b);
	b[242] = 9;   /* no such type */
	assert_int_equal(dhcp4_decode(b, 300, &m), DHCP4_ERR_BAD_OPTION);
	discover(b);
	b[253] = 3;   /* the requested address in three bytes */
	assert_int_equal(dhcp4_decode(b, 300, &m), DHCP4_ERR_BAD_OPTION);
	discover(b);
	b[240] = 0;   /* the type option padded away: no type */
	b[241] = 0;
	b[242] = 0;
	assert_int_equal(dhcp4_decode(b, 300, &m), DHCP4_ERR_NO_TYPE);
	discover(b);
	assert_int_equal(dhcp4_decode(b, 255, &m), DHCP4_ERR_TRUNCATED);   /* cut in an option */
	assert_string_equal(dhcp4_result_name(DHCP4_ERR_COOKIE), "no DHCP magic cookie");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_discover),
		cmocka_unit_test(test_encode_offer_exact),
		cmocka_unit_test(test_reply_dest),
		cmocka_unit_test(test_frame_checksums),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
