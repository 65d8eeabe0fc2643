// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The DHCPv4 codec. Wire layout (RFC 2131 2):
 *
 *   op htype hlen hops | xid | secs flags | ciaddr | yiaddr | siaddr |
 *   giaddr | chaddr (16) | sname (64) | file (128) | 99.130.83.99 | options
 *
 * Options are code, length, data (RFC 2132 2); 0 pads, 255 ends.
 */
#include <string.h>
#include <arpa/inet.h>
#include "access/dhcp4.h"

#define COOKIE_AT DHCP4_FIXED_LEN
#define OPTIONS_AT (DHCP4_FIXED_LEN + 4)

enum {
	OPT_PAD = 0,
	OPT_NETMASK = 1,
	OPT_ROUTER = 3,
	OPT_REQUESTED = 50,
	OPT_LEASE = 51,
	OPT_TYPE = 53,
	OPT_SERVER_ID = 54,
	OPT_T1 = 58,
	OPT_T2 = 59,
	OPT_CLIENT_ID = 61,
	OPT_END = 255,
};

static const uint8_t cookie[4] = { 99, 130, 83, 99 };

const char *dhcp4_result_name(enum dhcp4_result r)
{
	static const char *const names[DHCP4_RESULT_MAX] = {
		[DHCP4_OK] = "ok",
		[DHCP4_ERR_TRUNCATED] = "truncated",
		[DHCP4_ERR_NOT_ETHERNET] = "not Ethernet, or not a BOOTP request or reply",
		[DHCP4_ERR_COOKIE] = "no DHCP magic cookie",
		[DHCP4_ERR_BAD_OPTION] = "malformed option",
		[DHCP4_ERR_NO_TYPE] = "no message type",
	};

	return r < DHCP4_RESULT_MAX ? names[r] : "?";
}

const char *dhcp4_type_name(uint8_t type)
{
	static const char *const names[] = { "?", "DISCOVER", "OFFER", "REQUEST", "DECLINE",
					     "ACK", "NAK", "RELEASE", "INFORM" };

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }

/* One option's data into m; its length is checked against its code. */
static enum dhcp4_result decode_option(uint8_t code, const uint8_t *d, uint8_t len, struct dhcp4_msg *m)
{
	switch (code) {
	case OPT_TYPE:
		if (len != 1 || d[0] < DHCP4_DISCOVER || d[0] > DHCP4_INFORM)
			return DHCP4_ERR_BAD_OPTION;
		m->type = d[0];
		break;
	case OPT_REQUESTED:
	case OPT_SERVER_ID:
	case OPT_NETMASK:
	case OPT_LEASE:
		if (len != 4)
			return DHCP4_ERR_BAD_OPTION;
		if (code == OPT_LEASE) {
			m->lease_s = get32(d);
			break;
		}
		if (code == OPT_REQUESTED)
			m->has_requested = true;
		else if (code == OPT_SERVER_ID)
			m->has_server_id = true;
		else
			m->has_netmask = true;
		memcpy(code == OPT_REQUESTED ? &m->requested : code == OPT_SERVER_ID ? &m->server_id : &m->netmask,
		       d, 4);
		break;
	case OPT_ROUTER:
		/* RFC 2132 3.5: one or more addresses; the first is ours. */
		if (len < 4 || len % 4)
			return DHCP4_ERR_BAD_OPTION;
		m->has_router = true;
		memcpy(&m->router, d, 4);
		break;
	case OPT_CLIENT_ID:
		if (len < 1 || len > DHCP4_CLIENT_ID_MAX)
			return DHCP4_ERR_BAD_OPTION;
		memset(m->client_id, 0, sizeof(m->client_id));   /* a repeated option replaces */
		m->client_id_len = len;
		memcpy(m->client_id, d, len);
		break;
	default:
		break;   /* options this server does not need */
	}
	return DHCP4_OK;
}

enum dhcp4_result dhcp4_decode(const uint8_t *buf, size_t len, struct dhcp4_msg *out)
{
	size_t off = OPTIONS_AT;
	enum dhcp4_result r;

	memset(out, 0, sizeof(*out));
	if (len < OPTIONS_AT)
		return DHCP4_ERR_TRUNCATED;
	if ((buf[0] != 1 && buf[0] != 2) || buf[1] != 1 || buf[2] != 6)
		return DHCP4_ERR_NOT_ETHERNET;
	if (memcmp(buf + COOKIE_AT, cookie, 4))
		return DHCP4_ERR_COOKIE;
	out->op = buf[0];
	out->xid = get32(buf + 4);
	out->secs = get16(buf + 8);
	out->flags = get16(buf + 10);
	memcpy(&out->ciaddr, buf + 12, 4);
	memcpy(&out->yiaddr, buf + 16, 4);
	memcpy(&out->siaddr, buf + 20, 4);
	memcpy(&out->giaddr, buf + 24, 4);
	memcpy(out->chaddr, buf + 28, 6);
	while (off < len && buf[off] != OPT_END) {
		uint8_t code = buf[off], olen;

		if (code == OPT_PAD) {
			off++;
			continue;
		}
		if (off + 2 > len || off + 2 + buf[off + 1] > len)
			return DHCP4_ERR_TRUNCATED;
		olen = buf[off + 1];
		r = decode_option(code, buf + off + 2, olen, out);
		if (r != DHCP4_OK)
			return r;
		off += 2 + (size_t)olen;
	}
	return out->type ? DHCP4_OK : DHCP4_ERR_NO_TYPE;
}

/* The encoder's cursor: a buffer, where we are, and whether it overflowed. */
struct enc {
	uint8_t *buf;
	size_t cap, off;
	bool full;
};

static uint8_t *put_option(struct enc *e, uint8_t code, uint8_t len)
{
	uint8_t *p;

	if (e->full || e->off + 2 + len > e->cap) {
		e->full = true;
		return NULL;
	}
	p = e->buf + e->off;
	p[0] = code;
	p[1] = len;
	e->off += 2 + (size_t)len;
	return p + 2;
}

static void put_addr(struct enc *e, uint8_t code, const struct in_addr *a)
{
	uint8_t *d = put_option(e, code, 4);

	if (d)
		memcpy(d, a, 4);
}

static void put_u32(struct enc *e, uint8_t code, uint32_t v)
{
	uint8_t *d = put_option(e, code, 4);

	if (d)
		put32(d, v);
}

int dhcp4_encode(const struct dhcp4_msg *m, uint8_t *buf, size_t cap)
{
	struct enc e = { .buf = buf, .cap = cap, .off = OPTIONS_AT };
	uint8_t *d;

	if (cap < DHCP4_MIN_LEN)
		return -1;
	memset(buf, 0, DHCP4_MIN_LEN);
	buf[0] = m->op;
	buf[1] = 1;   /* Ethernet */
	buf[2] = 6;
	put32(buf + 4, m->xid);
	put16(buf + 8, m->secs);
	put16(buf + 10, m->flags);
	memcpy(buf + 12, &m->ciaddr, 4);
	memcpy(buf + 16, &m->yiaddr, 4);
	memcpy(buf + 20, &m->siaddr, 4);
	memcpy(buf + 24, &m->giaddr, 4);
	memcpy(buf + 28, m->chaddr, 6);
	memcpy(buf + COOKIE_AT, cookie, 4);
	if ((d = put_option(&e, OPT_TYPE, 1)))
		d[0] = m->type;
	if (m->has_server_id)
		put_addr(&e, OPT_SERVER_ID, &m->server_id);
	if (m->lease_s) {
		put_u32(&e, OPT_LEASE, m->lease_s);
		put_u32(&e, OPT_T1, m->lease_s / 2);
		put_u32(&e, OPT_T2, (uint32_t)((uint64_t)m->lease_s * 7 / 8));
	}
	if (m->has_netmask)
		put_addr(&e, OPT_NETMASK, &m->netmask);
	if (m->has_router)
		put_addr(&e, OPT_ROUTER, &m->router);
	if (m->has_requested)
		put_addr(&e, OPT_REQUESTED, &m->requested);
	if (m->client_id_len && m->client_id_len <= DHCP4_CLIENT_ID_MAX &&
	    (d = put_option(&e, OPT_CLIENT_ID, m->client_id_len)))
		memcpy(d, m->client_id, m->client_id_len);
	if (e.full || e.off + 1 > cap)
		return -1;
	buf[e.off++] = OPT_END;
	if (e.off < DHCP4_MIN_LEN) {
		memset(buf + e.off, 0, DHCP4_MIN_LEN - e.off);
		e.off = DHCP4_MIN_LEN;
	}
	return (int)e.off;
}

void dhcp4_reply_dest(const struct dhcp4_msg *request, const struct dhcp4_msg *reply, struct dhcp4_dest *to)
{
	memcpy(to->mac, request->chaddr, 6);
	if (request->ciaddr.s_addr && reply->type != DHCP4_NAK) {
		to->ip = request->ciaddr;
	} else if (reply->type == DHCP4_NAK || (request->flags & DHCP4_FLAG_BROADCAST)) {
		to->ip.s_addr = INADDR_BROADCAST;
		memset(to->mac, 0xff, 6);
	} else {
		to->ip = reply->yiaddr;
	}
}

/* RFC 1071 over len bytes, added to sum (not folded, not inverted). */
static uint32_t sum16(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

int dhcp4_frame(const uint8_t *payload, size_t len, const uint8_t server_mac[6], struct in_addr server,
		const struct dhcp4_dest *to, uint8_t *frame, size_t cap)
{
	uint8_t *ip = frame + 14, *udp = ip + 20;
	size_t udp_len = 8 + len, total = 14 + 20 + udp_len;
	uint8_t pseudo[12];
	uint16_t check;

	if (total > cap || udp_len > 0xffff - 20)
		return -1;
	memcpy(frame, to->mac, 6);
	memcpy(frame + 6, server_mac, 6);
	put16(frame + 12, 0x0800);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + udp_len));
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, &server, 4);
	memcpy(ip + 16, &to->ip, 4);
	put16(ip + 10, fold(sum16(ip, 20, 0)));
	put16(udp, DHCP4_SERVER_PORT);
	put16(udp + 2, DHCP4_CLIENT_PORT);
	put16(udp + 4, (uint16_t)udp_len);
	put16(udp + 6, 0);
	memcpy(udp + 8, payload, len);
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = 17;
	put16(pseudo + 10, (uint16_t)udp_len);
	check = fold(sum16(udp, udp_len, sum16(pseudo, 12, 0)));
	put16(udp + 6, check ? check : 0xffff);
	return (int)total;
}
