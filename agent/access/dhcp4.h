/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * DHCPv4 (RFC 2131, options RFC 2132) as the access kind's DHCP server
 * speaks it to the hosts on its access links (a MAG serving the address the
 * LMA assigned, RFC 5844 4: "the MAG as DHCP server"): the client's
 * messages decoded and checked, the server's replies encoded, and both
 * framed in Ethernet, IPv4 and UDP for a packet socket (the hosts have no
 * address yet, so no UDP socket reaches them). No I/O here.
 */
#ifndef XMIP_DHCP4_H
#define XMIP_DHCP4_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP4_SERVER_PORT 67
#define DHCP4_CLIENT_PORT 68
#define DHCP4_FIXED_LEN 236          /* op .. file, before the magic cookie */
#define DHCP4_MIN_LEN 300            /* BOOTP's minimum message (RFC 1542 2.1) */
#define DHCP4_MAX_LEN 1500
#define DHCP4_CLIENT_ID_MAX 64
#define DHCP4_FLAG_BROADCAST 0x8000

/* Message types (option 53, RFC 2132 9.6). */
enum dhcp4_type {
	DHCP4_DISCOVER = 1,
	DHCP4_OFFER = 2,
	DHCP4_REQUEST = 3,
	DHCP4_DECLINE = 4,
	DHCP4_ACK = 5,
	DHCP4_NAK = 6,
	DHCP4_RELEASE = 7,
	DHCP4_INFORM = 8,
};

struct dhcp4_msg {
	uint8_t op;                   /* 1 request, 2 reply */
	uint32_t xid;
	uint16_t secs, flags;
	struct in_addr ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[6];            /* Ethernet only: htype 1, hlen 6 */
	uint8_t type;                 /* enum dhcp4_type */
	bool has_requested;           /* option 50 */
	struct in_addr requested;
	bool has_server_id;           /* option 54 */
	struct in_addr server_id;
	uint8_t client_id_len;        /* option 61, 0: none */
	uint8_t client_id[DHCP4_CLIENT_ID_MAX];
	/* Replies: */
	uint32_t lease_s;             /* option 51, 0: none (a NAK) */
	bool has_netmask;             /* option 1 */
	struct in_addr netmask;
	bool has_router;              /* option 3 */
	struct in_addr router;
};

enum dhcp4_result {
	DHCP4_OK = 0,
	DHCP4_ERR_TRUNCATED,          /* shorter than its fixed part or an option */
	DHCP4_ERR_NOT_ETHERNET,       /* htype / hlen not Ethernet's */
	DHCP4_ERR_COOKIE,             /* no magic cookie: BOOTP, not DHCP */
	DHCP4_ERR_BAD_OPTION,         /* an option's length is wrong for its code */
	DHCP4_ERR_NO_TYPE,            /* no message type option */
	DHCP4_RESULT_MAX,
};

const char *dhcp4_result_name(enum dhcp4_result r);
const char *dhcp4_type_name(uint8_t type);

/* Decodes a DHCP message (the UDP payload, len bytes) into out. Options
 * this server has no use for are skipped; so are the sname and file fields
 * (option overload, RFC 2132 9.3, is not honoured: a client's options stay
 * in the options field). */
enum dhcp4_result dhcp4_decode(const uint8_t *buf, size_t len, struct dhcp4_msg *out);

/* Encodes m (a reply: op 2) into buf: the fixed part, the cookie, the
 * message type, server identifier, lease time with T1 and T2 (RFC 2131
 * 4.4.5: 1/2 and 7/8 of it), netmask and router when set, the end option,
 * padded to DHCP4_MIN_LEN. Returns the length, or -1 when cap is short. */
int dhcp4_encode(const struct dhcp4_msg *m, uint8_t *buf, size_t cap);

/* Where a reply goes (RFC 2131 4.1): the client's address when it has one
 * (ciaddr), else broadcast when it asked so (or for a NAK), else the
 * address being given (yiaddr) at its link-layer address. */
struct dhcp4_dest {
	struct in_addr ip;
	uint8_t mac[6];
};
void dhcp4_reply_dest(const struct dhcp4_msg *request, const struct dhcp4_msg *reply, struct dhcp4_dest *to);

/* The reply in Ethernet, IPv4 (from server, TTL 64) and UDP 67 -> 68 with
 * its checksum, into frame: the length, or -1 when cap is short. */
int dhcp4_frame(const uint8_t *payload, size_t len, const uint8_t server_mac[6], struct in_addr server,
		const struct dhcp4_dest *to, uint8_t *frame, size_t cap);

#endif
