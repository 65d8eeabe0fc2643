// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Proxy Mobile IPv6's mobility options, decoded and encoded:
 *
 *   22 Home Network Prefix   Reserved | Prefix Length | prefix (16)   8n+4
 *   23 Handoff Indicator     Reserved | HI                             -
 *   24 Access Technology     Reserved | ATT                            -
 *   25 MN Link-layer Id      Reserved (16) | identifier (variable)     2n
 *   26 Link-local Address    address (16)                             8n+6
 *   27 Timestamp             48.16 fixed-point seconds since 1970     8n+2
 *   36 IPv4 HoA Request      Prefix-len (6) Reserved (10) | address   4n
 *   37 IPv4 HoA Reply        Status | Prefix-len (6) Res (2) | address 4n
 *   38 IPv4 Default Router   Reserved (16) | address                  4n
 *   39 IPv4 DHCP Support     Reserved (15) S (1)                      4n
 *
 * (RFC 5213 8.3-8.8, RFC 5844 3.3.1-3.3.4.) The lengths and alignments of
 * the fixed-size ones are in mh_opt_rule(), checked before we are called.
 * RFC 5213 leaves the link-layer identifier's alignment to "appropriate";
 * we write it at 2n, so its 16-bit reserved field is aligned, and accept it
 * anywhere.
 */
#include <string.h>
#include "mh/mh_wire.h"

/* The 6-bit prefix length in the high bits of a byte (RFC 5844 3.3.1-2). */
static bool v4_plen(uint8_t byte, uint8_t *plen)
{
	*plen = byte >> 2;
	return *plen <= 32;
}

enum mh_result mh_pmip_decode_option(uint8_t type, const uint8_t *d, uint8_t len,
				     struct mh_pmip_options *p, bool *known)
{
	*known = true;
	switch (type) {
	case XMIP_MOPT_HNP:
		if (p->n_hnp >= MH_MAX_HNP)
			return MH_ERR_TOO_MANY;
		if (d[1] > 128)   /* 0 with ::, RFC 5213 6.9.1.1: "assign one" */
			return MH_ERR_BAD_OPTION;
		p->hnp[p->n_hnp].len = d[1];
		memcpy(&p->hnp[p->n_hnp].prefix, d + 2, 16);
		p->n_hnp++;
		break;
	case XMIP_MOPT_HANDOFF:
		p->has_handoff = true;
		p->handoff = d[1];
		break;
	case XMIP_MOPT_ATT:
		p->has_att = true;
		p->att = d[1];
		break;
	case XMIP_MOPT_MN_LL_ID:
		if (len < 3 || len - 2 > MH_LL_ID_MAX)
			return MH_ERR_BAD_OPTION;
		p->has_ll_id = true;
		memset(p->ll_id, 0, sizeof(p->ll_id));   /* a repeated option replaces */
		p->ll_id_len = (uint8_t)(len - 2);
		memcpy(p->ll_id, d + 2, p->ll_id_len);
		break;
	case XMIP_MOPT_LINK_LOCAL:
		p->has_link_local = true;
		memcpy(&p->link_local, d, 16);
		break;
	case XMIP_MOPT_TIMESTAMP:
		p->has_timestamp = true;
		p->timestamp = (uint64_t)mh_get32(d) << 32 | mh_get32(d + 4);
		break;
	case XMIP_MOPT_IPV4_HOA_REQ:
		if (!v4_plen(d[0], &p->v4_req_plen))
			return MH_ERR_BAD_OPTION;
		p->has_v4_req = true;
		memcpy(&p->v4_req, d + 2, 4);
		break;
	case XMIP_MOPT_IPV4_HOA_REP:
		if (!v4_plen(d[1], &p->v4_rep_plen))
			return MH_ERR_BAD_OPTION;
		p->has_v4_rep = true;
		p->v4_rep_status = d[0];
		memcpy(&p->v4_rep, d + 2, 4);
		break;
	case XMIP_MOPT_IPV4_DRA:
		p->has_v4_dra = true;
		memcpy(&p->v4_dra, d + 2, 4);
		break;
	case XMIP_MOPT_IPV4_DHCP_MODE:
		p->has_dhcp_mode = true;
		p->dhcp_server = d[1] & 1;
		break;
	default:
		*known = false;
	}
	return MH_OK;
}

/* An option whose data is a reserved byte and a value (HI, ATT). */
static void encode_byte(struct mh_enc *e, uint8_t type, uint8_t value)
{
	uint8_t *d = mh_enc_option(e, type, 2);

	if (d)
		d[1] = value;
}

/* One with 16 reserved bits, then an IPv4 address (36 and 38's shape). */
static uint8_t *encode_v4(struct mh_enc *e, uint8_t type, const struct in_addr *addr)
{
	uint8_t *d = mh_enc_option(e, type, 6);

	if (d)
		memcpy(d + 2, addr, 4);
	return d;
}

void mh_pmip_encode_options(struct mh_enc *e, const struct mh_pmip_options *p)
{
	uint8_t *d;
	int i;

	for (i = 0; i < p->n_hnp && i < MH_MAX_HNP; i++) {
		if ((d = mh_enc_option(e, XMIP_MOPT_HNP, 18))) {
			d[1] = p->hnp[i].len;
			memcpy(d + 2, &p->hnp[i].prefix, 16);
		}
	}
	if (p->has_handoff)
		encode_byte(e, XMIP_MOPT_HANDOFF, p->handoff);
	if (p->has_att)
		encode_byte(e, XMIP_MOPT_ATT, p->att);
	if (p->has_ll_id && p->ll_id_len && p->ll_id_len <= MH_LL_ID_MAX) {
		mh_enc_align(e, 2, 0);
		if ((d = mh_enc_option(e, XMIP_MOPT_MN_LL_ID, (uint8_t)(2 + p->ll_id_len))))
			memcpy(d + 2, p->ll_id, p->ll_id_len);
	}
	if (p->has_link_local && (d = mh_enc_option(e, XMIP_MOPT_LINK_LOCAL, 16)))
		memcpy(d, &p->link_local, 16);
	if (p->has_timestamp && (d = mh_enc_option(e, XMIP_MOPT_TIMESTAMP, 8))) {
		mh_put32(d, (uint32_t)(p->timestamp >> 32));
		mh_put32(d + 4, (uint32_t)p->timestamp);
	}
	if (p->has_v4_req && (d = encode_v4(e, XMIP_MOPT_IPV4_HOA_REQ, &p->v4_req)))
		d[0] = (uint8_t)(p->v4_req_plen << 2);
	if (p->has_v4_rep && (d = encode_v4(e, XMIP_MOPT_IPV4_HOA_REP, &p->v4_rep))) {
		d[0] = p->v4_rep_status;
		d[1] = (uint8_t)(p->v4_rep_plen << 2);
	}
	if (p->has_v4_dra)
		encode_v4(e, XMIP_MOPT_IPV4_DRA, &p->v4_dra);
	if (p->has_dhcp_mode && (d = mh_enc_option(e, XMIP_MOPT_IPV4_DHCP_MODE, 2)))
		d[1] = p->dhcp_server ? 1 : 0;
}

uint64_t mh_pmip_timestamp(const struct timespec *t)
{
	/* 48 bits of seconds, 16 of 1/65536 s: nanoseconds * 65536 / 1e9. */
	return (uint64_t)t->tv_sec << 16 | (uint64_t)t->tv_nsec * 65536 / 1000000000;
}

uint64_t mh_pmip_timestamp_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return mh_pmip_timestamp(&t);
}

bool mh_is_proxy_signalling(const uint8_t *buf, size_t len)
{
	/* MH type at byte 2; a BU's flags at bytes 8 and 9, after the
	 * header (6 bytes) and its sequence number. */
	if (len >= 3 && buf[2] == XMIP_MH_BRI)
		return true;
	return len >= 10 && buf[2] == XMIP_MH_BU && ((buf[8] << 8 | buf[9]) & XMIP_BU_F_P);
}

const char *mh_pmip_status_name(uint8_t status)
{
	switch (status) {
	case XMIP_BA_PROXY_REG_NOT_ENABLED: return "proxy registration not enabled";
	case XMIP_BA_NOT_LMA_FOR_MN: return "not local mobility anchor for this mobile node";
	case XMIP_BA_MAG_NOT_AUTHORIZED: return "mobile access gateway not authorized for proxy registration";
	case XMIP_BA_NOT_AUTHORIZED_FOR_HNP: return "not authorized for home network prefix";
	case XMIP_BA_TIMESTAMP_MISMATCH: return "timestamp mismatch";
	case XMIP_BA_TIMESTAMP_LOWER: return "timestamp lower than previously accepted";
	case XMIP_BA_MISSING_HNP: return "missing home network prefix option";
	case XMIP_BA_BCE_PREFIX_MISMATCH: return "prefixes of binding and proxy BU do not match";
	case XMIP_BA_MISSING_MN_ID: return "missing mobile node identifier option";
	case XMIP_BA_MISSING_HANDOFF: return "missing handoff indicator option";
	case XMIP_BA_MISSING_ATT: return "missing access technology type option";
	case XMIP_BA_GRE_KEY_REQUIRED: return "GRE key option required";
	case XMIP_BA_NOT_AUTHORIZED_IPV4: return "not authorized for IPv4 mobility service";
	case XMIP_BA_NOT_AUTHORIZED_IPV4_HOA: return "not authorized for IPv4 home address";
	case XMIP_BA_NOT_AUTHORIZED_IPV6: return "not authorized for IPv6 mobility service";
	case XMIP_BA_MULTIPLE_IPV4_HOA: return "multiple IPv4 home addresses not supported";
	default: return NULL;
	}
}
