// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The Mobility Header codec. Wire layout (RFC 6275 6.1.1):
 *
 *   Payload Proto (59) | Header Len (8-octet units after the first 8) |
 *   MH Type | Reserved | Checksum (16) | message data | options
 *
 * Option alignment "xn+y" (RFC 6275 6.2) counts from the start of the
 * Mobility Header: the option's type byte sits at a multiple of x plus y.
 */
#include <string.h>
#include <arpa/inet.h>
#include "mh/mh_wire.h"

#define MH_HDR_LEN 6              /* up to and including the checksum */

/* Bytes of message data (after the checksum) before the options. */
static int fixed_len(uint8_t type)
{
	switch (type) {
	case XMIP_MH_BRR: return 2;    /* Reserved */
	case XMIP_MH_BU: return 6;     /* Sequence, flags, Lifetime */
	case XMIP_MH_BA: return 6;     /* Status, flags, Sequence, Lifetime */
	case XMIP_MH_BE: return 18;    /* Status, Reserved, Home Address */
	case XMIP_MH_BRI: return 6;    /* B.R. Type, trigger/status, Sequence, flags */
	default: return -1;
	}
}

const struct mh_opt_rule *mh_opt_rule(uint8_t type)
{
	static const struct mh_opt_rule refresh = { 2, 2, 0 }, alt_coa = { 16, 8, 6 },
		mnp = { 18, 8, 4 }, v4 = { 6, 4, 0 }, replay = { 8, 8, 2 },
		two = { 2, 1, 0 }, v4_mode = { 2, 4, 0 };

	switch (type) {
	case XMIP_MOPT_REFRESH_ADVICE: return &refresh;
	case XMIP_MOPT_ALT_COA: return &alt_coa;
	case XMIP_MOPT_MNP: return &mnp;
	case XMIP_MOPT_IPV4_HOA:
	case XMIP_MOPT_IPV4_ACK:
	case XMIP_MOPT_NAT_DETECT:
	case XMIP_MOPT_IPV4_COA: return &v4;
	case XMIP_MOPT_REPLAY: return &replay;
	/* RFC 5213 8.3-8.8, RFC 5844 3.3 */
	case XMIP_MOPT_HNP: return &mnp;
	case XMIP_MOPT_HANDOFF:
	case XMIP_MOPT_ATT: return &two;
	case XMIP_MOPT_LINK_LOCAL: return &alt_coa;
	case XMIP_MOPT_TIMESTAMP: return &replay;
	case XMIP_MOPT_IPV4_HOA_REQ:
	case XMIP_MOPT_IPV4_HOA_REP:
	case XMIP_MOPT_IPV4_DRA: return &v4;
	case XMIP_MOPT_IPV4_DHCP_MODE: return &v4_mode;
	/* MN-ID, authentication, link-layer identifier: variable, no alignment */
	default: return NULL;
	}
}

const char *mh_ba_status_name(uint8_t status)
{
	switch (status) {
	case XMIP_BA_ACCEPTED: return "accepted";
	case XMIP_BA_UNSPECIFIED: return "reason unspecified";
	case XMIP_BA_ADMIN_PROHIBITED: return "administratively prohibited";
	case XMIP_BA_INSUFFICIENT_RESOURCES: return "insufficient resources";
	case XMIP_BA_HOME_REG_NOT_SUPPORTED: return "home registration not supported";
	case XMIP_BA_NOT_HOME_SUBNET: return "not home subnet";
	case XMIP_BA_NOT_HA_FOR_MN: return "not home agent for this mobile node";
	case XMIP_BA_SEQ_OUT_OF_WINDOW: return "sequence number out of window";
	case XMIP_BA_MR_OP_NOT_PERMITTED: return "mobile router operation not permitted";
	case XMIP_BA_F_FLAG_NOT_ALLOWED: return "UDP encapsulation (F flag) not allowed";
	case XMIP_BA_MESG_ID_REQD: return "replay protection: timestamp not accepted";
	case XMIP_BA_AUTH_FAIL: return "authentication failed";
	default: {
		const char *pmip = mh_pmip_status_name(status);

		return pmip ? pmip : status < 128 ? "accepted (other)" : "refused (other)";
	}
	}
}

const char *mh_result_name(enum mh_result r)
{
	static const char *const names[MH_RESULT_MAX] = {
		[MH_OK] = "ok",
		[MH_ERR_TRUNCATED] = "truncated",
		[MH_ERR_PAYLOAD_PROTO] = "payload protocol not 59",
		[MH_ERR_CHECKSUM] = "bad checksum",
		[MH_ERR_UNKNOWN_TYPE] = "unknown message type",
		[MH_ERR_BAD_OPTION] = "malformed option",
		[MH_ERR_TOO_MANY] = "too many options of one kind",
		[MH_ERR_BAD_FIELD] = "undefined field value",
	};

	return r < MH_RESULT_MAX ? names[r] : "?";
}

/* RFC 1071 sum over the IPv6 pseudo-header (RFC 8200 8.1) and the message. */
uint16_t mh_checksum(const uint8_t *buf, size_t len, const struct in6_addr *src,
			    const struct in6_addr *dst)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < 16; i += 2) {
		sum += (uint32_t)(src->s6_addr[i] << 8 | src->s6_addr[i + 1]);
		sum += (uint32_t)(dst->s6_addr[i] << 8 | dst->s6_addr[i + 1]);
	}
	sum += (uint32_t)len + XMIP_IPPROTO_MH;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(buf[i] << 8 | buf[i + 1]);
	if (len & 1)
		sum += (uint32_t)(buf[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* One option's data into out->opt; the length and alignment are checked. */
static enum mh_result decode_option(uint8_t type, const uint8_t *d, uint8_t len, struct mh_options *o)
{
	switch (type) {
	case XMIP_MOPT_REFRESH_ADVICE:
		o->has_refresh_advice = true;
		o->refresh_advice = mh_get16(d);
		break;
	case XMIP_MOPT_ALT_COA:
		o->has_alt_coa = true;
		memcpy(&o->alt_coa, d, 16);
		break;
	case XMIP_MOPT_MNP:
		if (o->n_mnp >= MH_MAX_MNP)
			return MH_ERR_TOO_MANY;
		if (d[1] == 0 || d[1] > 128)
			return MH_ERR_BAD_OPTION;
		o->mnp[o->n_mnp].len = d[1];
		memcpy(&o->mnp[o->n_mnp].prefix, d + 2, 16);
		o->n_mnp++;
		break;
	case XMIP_MOPT_MN_ID:
		/* RFC 4283: a subtype, then at least one byte of identifier. */
		if (len < 2)
			return MH_ERR_BAD_OPTION;
		o->has_mn_id = true;
		o->mn_id_subtype = d[0];
		memset(o->mn_id, 0, sizeof(o->mn_id));   /* a repeated option replaces */
		o->mn_id_len = (uint8_t)(len - 1);
		memcpy(o->mn_id, d + 1, (size_t)len - 1);
		o->mn_id[len - 1] = '\0';
		break;
	case XMIP_MOPT_IPV4_HOA: {
		struct mh_ipv4_hoa *h;

		if (o->n_ipv4_hoa >= MH_MAX_IPV4_HOA)
			return MH_ERR_TOO_MANY;
		h = &o->ipv4_hoa[o->n_ipv4_hoa];
		h->prefix_len = d[0] >> 2;
		h->p = (d[0] >> 1) & 1;
		/* RFC 5555 3.1.1: a prefix length of zero is an error. */
		if (h->prefix_len == 0 || h->prefix_len > 32)
			return MH_ERR_BAD_OPTION;
		memcpy(&h->addr, d + 2, 4);
		o->n_ipv4_hoa++;
		break;
	}
	case XMIP_MOPT_IPV4_ACK:
		o->has_ipv4_ack = true;
		o->ipv4_ack.status = d[0];
		o->ipv4_ack.prefix_len = d[1] >> 2;
		memcpy(&o->ipv4_ack.addr, d + 2, 4);
		break;
	case XMIP_MOPT_NAT_DETECT:
		o->has_nat_detect = true;
		o->nat_f = d[0] >> 7;
		o->nat_refresh_s = mh_get32(d + 2);
		break;
	case XMIP_MOPT_IPV4_COA:
		o->has_ipv4_coa = true;
		memcpy(&o->ipv4_coa, d + 2, 4);
		break;
	case XMIP_MOPT_REPLAY:
		o->has_replay = true;
		o->timestamp = (uint64_t)mh_get32(d) << 32 | mh_get32(d + 4);
		break;
	case XMIP_MOPT_AUTH:
		/* A subtype, the SPI, an authenticator. */
		if (len < 5 || len - 5 > MH_AUTH_DATA_MAX)
			return MH_ERR_BAD_OPTION;
		o->has_auth = true;
		o->auth_subtype = d[0];
		o->auth_spi = mh_get32(d + 1);
		o->auth_len = (uint8_t)(len - 5);
		memcpy(o->auth_data, d + 5, o->auth_len);
		break;
	default: {
		bool known;
		enum mh_result r = mh_pmip_decode_option(type, d, len, &o->pmip, &known);

		return known ? r : MH_OK;   /* unknown: skipped (RFC 6275 6.2.1) */
	}
	}
	return MH_OK;
}

/* The options from offset off (from the start of the MH) to len. */
static enum mh_result decode_options(const uint8_t *buf, size_t off, size_t len, struct mh_options *o)
{
	while (off < len) {
		const struct mh_opt_rule *rule;
		uint8_t type = buf[off], olen;
		enum mh_result r;

		if (type == XMIP_MOPT_PAD1) {
			off++;
			continue;
		}
		/* RFC 4285 5: the authentication option is the last option;
		 * whatever came after it would not be authenticated. */
		if (o->has_auth && type != XMIP_MOPT_PADN)
			return MH_ERR_BAD_OPTION;
		if (off + 2 > len || off + 2 + buf[off + 1] > len)
			return MH_ERR_BAD_OPTION;
		olen = buf[off + 1];
		rule = mh_opt_rule(type);
		if (rule && (olen != rule->len || off % rule->x != rule->y))
			return MH_ERR_BAD_OPTION;
		if (type == XMIP_MOPT_PADN) {
			size_t i;

			for (i = 0; i < olen; i++)   /* PadN carries zeros */
				if (buf[off + 2 + i])
					return MH_ERR_BAD_OPTION;
		} else {
			if (type == XMIP_MOPT_AUTH && o->has_auth)
				return MH_ERR_BAD_OPTION;   /* one only */
			r = decode_option(type, buf + off + 2, olen, o);
			if (r != MH_OK)
				return r;
			if (type == XMIP_MOPT_AUTH)
				o->auth_covered = (uint16_t)(off + 2 + 5);
		}
		off += 2 + (size_t)olen;
	}
	return MH_OK;
}

enum mh_result mh_decode(const uint8_t *buf, size_t len, const struct in6_addr *src,
			 const struct in6_addr *dst, struct mh_msg *out)
{
	const uint8_t *d = buf + MH_HDR_LEN;
	size_t mh_len;
	int fixed;

	memset(out, 0, sizeof(*out));
	if (len < 8)
		return MH_ERR_TRUNCATED;
	mh_len = ((size_t)buf[1] + 1) * 8;
	if (mh_len > len)
		return MH_ERR_TRUNCATED;
	if (buf[0] != XMIP_IPPROTO_NONE)
		return MH_ERR_PAYLOAD_PROTO;
	if (mh_checksum(buf, mh_len, src, dst) != 0)
		return MH_ERR_CHECKSUM;
	out->type = buf[2];
	fixed = fixed_len(out->type);
	if (fixed < 0)
		return MH_ERR_UNKNOWN_TYPE;
	if (MH_HDR_LEN + (size_t)fixed > mh_len)
		return MH_ERR_TRUNCATED;

	switch (out->type) {
	case XMIP_MH_BU:
		out->bu.seq = mh_get16(d);
		out->bu.flags = mh_get16(d + 2);
		out->bu.lifetime = mh_get16(d + 4);
		break;
	case XMIP_MH_BA:
		out->ba.status = d[0];
		out->ba.flags = d[1];
		out->ba.seq = mh_get16(d + 2);
		out->ba.lifetime = mh_get16(d + 4);
		break;
	case XMIP_MH_BE:
		out->be.status = d[0];
		memcpy(&out->be.home_addr, d + 2, 16);
		break;
	case XMIP_MH_BRI:
		out->br.br_type = d[0];
		out->br.code = d[1];
		out->br.seq = mh_get16(d + 2);
		/* The reserved bits below P, V and G are ignored (RFC 5846 6.1). */
		out->br.flags = mh_get16(d + 4) & (XMIP_BR_F_P | XMIP_BR_F_V | XMIP_BR_F_G);
		if (out->br.br_type != XMIP_BR_INDICATION && out->br.br_type != XMIP_BR_ACK)
			return MH_ERR_BAD_FIELD;
		break;
	default:
		break;   /* BRR: reserved only */
	}
	return decode_options(buf, MH_HDR_LEN + (size_t)fixed, mh_len, &out->opt);
}

uint8_t *mh_enc_put(struct mh_enc *e, size_t n)
{
	uint8_t *p;

	if (e->full || e->off + n > e->cap) {
		e->full = true;
		return NULL;
	}
	p = e->buf + e->off;
	memset(p, 0, n);
	e->off += n;
	return p;
}

void mh_enc_align(struct mh_enc *e, unsigned int x, unsigned int y)
{
	size_t pad = (x + y - e->off % x) % x;
	uint8_t *p;

	if (pad == 1) {
		mh_enc_put(e, 1);   /* Pad1: a zero byte */
	} else if (pad > 1) {
		p = mh_enc_put(e, pad);
		if (p) {
			p[0] = XMIP_MOPT_PADN;
			p[1] = (uint8_t)(pad - 2);
		}
	}
}

uint8_t *mh_enc_option(struct mh_enc *e, uint8_t type, uint8_t len)
{
	const struct mh_opt_rule *rule = mh_opt_rule(type);
	uint8_t *p;

	if (rule)
		mh_enc_align(e, rule->x, rule->y);
	p = mh_enc_put(e, 2 + (size_t)len);
	if (!p)
		return NULL;
	p[0] = type;
	p[1] = len;
	return p + 2;
}

static void encode_options(struct mh_enc *e, const struct mh_options *o)
{
	uint8_t *d;
	int i;

	if (o->has_mn_id && (d = mh_enc_option(e, XMIP_MOPT_MN_ID, (uint8_t)(o->mn_id_len + 1)))) {
		d[0] = o->mn_id_subtype;
		memcpy(d + 1, o->mn_id, o->mn_id_len);
	}
	if (o->has_refresh_advice && (d = mh_enc_option(e, XMIP_MOPT_REFRESH_ADVICE, 2)))
		mh_put16(d, o->refresh_advice);
	if (o->has_alt_coa && (d = mh_enc_option(e, XMIP_MOPT_ALT_COA, 16)))
		memcpy(d, &o->alt_coa, 16);
	for (i = 0; i < o->n_mnp && i < MH_MAX_MNP; i++) {
		if ((d = mh_enc_option(e, XMIP_MOPT_MNP, 18))) {
			d[1] = o->mnp[i].len;
			memcpy(d + 2, &o->mnp[i].prefix, 16);
		}
	}
	for (i = 0; i < o->n_ipv4_hoa && i < MH_MAX_IPV4_HOA; i++) {
		if ((d = mh_enc_option(e, XMIP_MOPT_IPV4_HOA, 6))) {
			d[0] = (uint8_t)(o->ipv4_hoa[i].prefix_len << 2 | (o->ipv4_hoa[i].p ? 2 : 0));
			memcpy(d + 2, &o->ipv4_hoa[i].addr, 4);
		}
	}
	if (o->has_ipv4_coa && (d = mh_enc_option(e, XMIP_MOPT_IPV4_COA, 6)))
		memcpy(d + 2, &o->ipv4_coa, 4);
	if (o->has_ipv4_ack && (d = mh_enc_option(e, XMIP_MOPT_IPV4_ACK, 6))) {
		d[0] = o->ipv4_ack.status;
		d[1] = (uint8_t)(o->ipv4_ack.prefix_len << 2);
		memcpy(d + 2, &o->ipv4_ack.addr, 4);
	}
	if (o->has_nat_detect && (d = mh_enc_option(e, XMIP_MOPT_NAT_DETECT, 6))) {
		d[0] = o->nat_f ? 0x80 : 0;
		mh_put32(d + 2, o->nat_refresh_s);
	}
	mh_pmip_encode_options(e, &o->pmip);
	if (o->has_replay && (d = mh_enc_option(e, XMIP_MOPT_REPLAY, 8))) {
		mh_put32(d, (uint32_t)(o->timestamp >> 32));
		mh_put32(d + 4, (uint32_t)o->timestamp);
	}
}

/* RFC 4285 5: the authentication option, last: padding before it so that
 * it ends the message at a multiple of 8 octets. */
static void encode_auth(struct mh_enc *e, const struct mh_options *o)
{
	size_t opt_len = 2 + 5 + (size_t)o->auth_len;
	uint8_t *d;

	mh_enc_align(e, 8, (unsigned int)((8 - opt_len % 8) % 8));
	d = mh_enc_put(e, opt_len);
	if (!d)
		return;
	d[0] = XMIP_MOPT_AUTH;
	d[1] = (uint8_t)(opt_len - 2);
	d[2] = o->auth_subtype;
	mh_put32(d + 3, o->auth_spi);
	memcpy(d + 7, o->auth_data, o->auth_len);
}

int mh_encode(const struct mh_msg *m, const struct in6_addr *src, const struct in6_addr *dst,
	      uint8_t *buf, size_t cap)
{
	struct mh_enc e = { .buf = buf, .cap = cap < MH_MAX_LEN ? cap : MH_MAX_LEN };
	int fixed = fixed_len(m->type);
	uint8_t *h, *d;

	if (fixed < 0 || (m->opt.has_mn_id && (m->opt.mn_id_len == 0 || m->opt.mn_id_len > 254)) ||
	    (m->opt.has_auth && m->opt.auth_len > MH_AUTH_DATA_MAX))
		return -1;
	h = mh_enc_put(&e, MH_HDR_LEN);
	d = mh_enc_put(&e, (size_t)fixed);
	if (!h || !d)
		return -1;
	h[0] = XMIP_IPPROTO_NONE;
	h[2] = m->type;
	switch (m->type) {
	case XMIP_MH_BU:
		mh_put16(d, m->bu.seq);
		mh_put16(d + 2, m->bu.flags);
		mh_put16(d + 4, m->bu.lifetime);
		break;
	case XMIP_MH_BA:
		d[0] = m->ba.status;
		d[1] = m->ba.flags;
		mh_put16(d + 2, m->ba.seq);
		mh_put16(d + 4, m->ba.lifetime);
		break;
	case XMIP_MH_BE:
		d[0] = m->be.status;
		memcpy(d + 2, &m->be.home_addr, 16);
		break;
	case XMIP_MH_BRI:
		d[0] = m->br.br_type;
		d[1] = m->br.code;
		mh_put16(d + 2, m->br.seq);
		mh_put16(d + 4, m->br.flags);
		break;
	default:
		break;
	}
	encode_options(&e, &m->opt);
	if (m->opt.has_auth)
		encode_auth(&e, &m->opt);
	mh_enc_align(&e, 8, 0);   /* the message is a whole number of 8 octets */
	if (e.full)
		return -1;
	h[1] = (uint8_t)(e.off / 8 - 1);
	mh_put16(h + 4, mh_checksum(buf, e.off, src, dst));
	return (int)e.off;
}
