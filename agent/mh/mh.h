/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Mobility Header messages (RFC 6275 6.1) as the agent handles them: Binding
 * Update, Binding Acknowledgement, Binding Error and Binding Refresh Request,
 * with the options of RFC 6275, NEMO (RFC 3963), the Mobile Node Identifier
 * (RFC 4283), the authentication protocol (RFC 4285), DSMIPv6 (RFC 5555
 * 3) and Proxy Mobile IPv6 (RFC 5213 8, RFC 5844 3.3), and the Binding
 * Revocation messages (RFC 5846 6). Decoding validates everything and fills a plain struct; encoding
 * writes the wire form, options aligned and padded, checksum included (the
 * authenticator itself is mh_auth.c's).
 */
#ifndef XMIP_MH_H
#define XMIP_MH_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "xmip_proto.h"

#define MH_MAX_MNP 8              /* mobile network prefixes in one message */
#define MH_MAX_IPV4_HOA 2         /* an address and a prefix (RFC 5555 3.1.1) */
#define MH_ID_MAX 255             /* NAI bytes (the option length allows 254) */
#define MH_MAX_LEN 2048           /* longest message we build or accept */
#define MH_MAX_HNP 4              /* home network prefixes in one message */
#define MH_LL_ID_MAX 16           /* link-layer identifier bytes (a MAC is 6) */

/* Mobile Node Identifier subtype for a Network Access Identifier. */
#define MH_MN_ID_NAI 1

/* RFC 4285 5: the Mobility Message Authentication option's subtypes and
 * the length of HMAC-SHA1-96's authenticator. */
#define MH_AUTH_MN_HA 1
#define MH_AUTH_MN_AAA 2
#define MH_AUTH_DATA_LEN 12
#define MH_AUTH_DATA_MAX 32

struct mh_ipv4_hoa {
	uint8_t prefix_len;          /* 32 for an address; 1..32 */
	bool p;                      /* a mobile network prefix is requested */
	struct in_addr addr;         /* 0.0.0.0: assign one */
};

struct mh_ipv4_ack {
	uint8_t status;              /* XMIP_V4ACK_* */
	uint8_t prefix_len;
	struct in_addr addr;
};

struct mh_prefix6 {
	uint8_t len;
	struct in6_addr prefix;
};

/* Proxy Mobile IPv6's options: a MAG's PBU, an LMA's PBA, a revocation. */
struct mh_pmip_options {
	struct mh_prefix6 hnp[MH_MAX_HNP];   /* ::/0 asks the LMA for a prefix */
	int n_hnp;
	bool has_handoff;
	uint8_t handoff;             /* XMIP_HI_* */
	bool has_att;
	uint8_t att;                 /* XMIP_ATT_* */
	bool has_ll_id;
	uint8_t ll_id_len;
	uint8_t ll_id[MH_LL_ID_MAX]; /* the host's MAC on an Ethernet access link */
	bool has_link_local;
	struct in6_addr link_local;
	bool has_timestamp;
	uint64_t timestamp;          /* RFC 5213 8.8: seconds since 1970 << 16 | 1/65536 s */
	bool has_v4_req;             /* RFC 5844 3.3.1 */
	uint8_t v4_req_plen;
	struct in_addr v4_req;       /* 0.0.0.0: assign one */
	bool has_v4_rep;             /* RFC 5844 3.3.2 */
	uint8_t v4_rep_status;       /* XMIP_V4REP_* */
	uint8_t v4_rep_plen;
	struct in_addr v4_rep;
	bool has_v4_dra;             /* RFC 5844 3.3.3: the host's default router */
	struct in_addr v4_dra;
	bool has_dhcp_mode;          /* RFC 5844 3.3.4 */
	bool dhcp_server;            /* S: the MAG is a DHCP server, else a relay */
};

/* Every option a message may carry; "has_" says whether it did. */
struct mh_options {
	bool has_refresh_advice;
	uint16_t refresh_advice;     /* units of 4 seconds */
	bool has_alt_coa;
	struct in6_addr alt_coa;
	struct mh_prefix6 mnp[MH_MAX_MNP];
	int n_mnp;
	bool has_mn_id;
	uint8_t mn_id_subtype;
	uint8_t mn_id_len;
	char mn_id[MH_ID_MAX + 1];   /* NUL-terminated copy */
	struct mh_ipv4_hoa ipv4_hoa[MH_MAX_IPV4_HOA];
	int n_ipv4_hoa;
	bool has_ipv4_ack;
	struct mh_ipv4_ack ipv4_ack;
	bool has_nat_detect;
	bool nat_f;                  /* UDP encapsulation required */
	uint32_t nat_refresh_s;      /* 0xffffffff: no NAT, no keepalives */
	bool has_ipv4_coa;
	struct in_addr ipv4_coa;
	bool has_replay;             /* RFC 4285 6 */
	uint64_t timestamp;          /* 64-bit NTP format: seconds since 1900, fraction */
	bool has_auth;               /* RFC 4285 5: always the last option */
	uint8_t auth_subtype;        /* MH_AUTH_* */
	uint32_t auth_spi;
	uint8_t auth_len;            /* bytes of authenticator */
	uint8_t auth_data[MH_AUTH_DATA_MAX];
	uint16_t auth_covered;       /* decoded: the bytes the authenticator covers
				      * (the message up to and including the SPI) */
	struct mh_pmip_options pmip;
};

struct mh_bu {
	uint16_t seq;
	uint16_t flags;              /* XMIP_BU_F_* */
	uint16_t lifetime;           /* units of 4 seconds */
};

struct mh_ba {
	uint8_t status;              /* XMIP_BA_* */
	uint8_t flags;               /* K, R (NEMO), P: MH_BA_F_* */
	uint16_t seq;
	uint16_t lifetime;           /* units of 4 seconds */
};

#define MH_BA_F_K 0x80
#define MH_BA_F_R 0x40
#define MH_BA_F_P 0x20               /* proxy registration (RFC 5213 8.2) */

struct mh_be {
	uint8_t status;              /* XMIP_BE_* */
	struct in6_addr home_addr;
};

/* Binding Revocation Indication or Acknowledgement (RFC 5846 6.1, 6.2). */
struct mh_br {
	uint8_t br_type;             /* XMIP_BR_INDICATION or XMIP_BR_ACK */
	uint8_t code;                /* an indication's trigger, an ack's status */
	uint16_t seq;
	uint16_t flags;              /* XMIP_BR_F_* */
};

struct mh_msg {
	uint8_t type;                /* XMIP_MH_BU, _BA, _BE, _BRR or _BRI */
	union {
		struct mh_bu bu;
		struct mh_ba ba;
		struct mh_be be;
		struct mh_br br;
	};
	struct mh_options opt;
};

/* Why a message was refused; each has its own counter in the agent. */
enum mh_result {
	MH_OK = 0,
	MH_ERR_TRUNCATED,        /* shorter than its headers or Header Len says */
	MH_ERR_PAYLOAD_PROTO,    /* Payload Proto not 59 (RFC 6275 9.2: drop) */
	MH_ERR_CHECKSUM,         /* silently discarded (RFC 6275 9.2) */
	MH_ERR_UNKNOWN_TYPE,     /* answered with a Binding Error, status 2 */
	MH_ERR_BAD_OPTION,       /* an option's length or alignment is wrong */
	MH_ERR_TOO_MANY,         /* more options of a kind than we hold */
	MH_ERR_BAD_FIELD,        /* a value no RFC defines (a B.R. type) */
	MH_RESULT_MAX,
};

const char *mh_result_name(enum mh_result r);
/* "accepted", "sequence number out of window", ... for logs and xmipctl. */
const char *mh_ba_status_name(uint8_t status);
/* Proxy Mobile IPv6's statuses (152-173), NULL for others. */
const char *mh_pmip_status_name(uint8_t status);

/* RFC 5213 8.8's timestamp for a CLOCK_REALTIME time. */
uint64_t mh_pmip_timestamp(const struct timespec *t);
/* The same for the wall clock now. */
uint64_t mh_pmip_timestamp_now(void);
/* Whether the message in buf (len bytes, as the raw socket gave it, not
 * decoded) is proxy mobility's: a BU with P, or a revocation (MH type
 * 16). For a home agent and an LMA sharing an address: each leaves the
 * other's messages alone, before decoding them. */
bool mh_is_proxy_signalling(const uint8_t *buf, size_t len);

/*
 * Decodes the Mobility Header in buf (len bytes, as read from the socket),
 * sent from src to dst (for the checksum). Unknown options are skipped (RFC
 * 6275 6.2.1); padding is checked; a known option with the wrong length or
 * alignment refuses the message. On MH_ERR_UNKNOWN_TYPE out->type holds the
 * type, so the caller can send its Binding Error.
 */
enum mh_result mh_decode(const uint8_t *buf, size_t len, const struct in6_addr *src,
			 const struct in6_addr *dst, struct mh_msg *out);

/*
 * Encodes m from src to dst into buf (cap bytes): options in a fixed order,
 * each at its alignment with Pad1/PadN before it, the whole padded to a
 * multiple of 8 bytes, checksum filled in. An authentication option goes
 * last, padded so that it ends the message, with the authenticator's
 * auth_len bytes as given (mh_auth_sign fills them). Returns the length,
 * or -1 when cap is too small or m cannot be encoded.
 */
int mh_encode(const struct mh_msg *m, const struct in6_addr *src, const struct in6_addr *dst,
	      uint8_t *buf, size_t cap);

/* The checksum field's value for buf (with that field zero), from src to
 * dst; over a message with its checksum in place, 0 when it is right. */
uint16_t mh_checksum(const uint8_t *buf, size_t len, const struct in6_addr *src,
		     const struct in6_addr *dst);

#endif
