/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * RFC 4285's MN-HA authentication of Mobility Header messages, which needs
 * nothing from the kernel (unlike IPsec):
 *
 *   Authenticator = First(96, HMAC_SHA1(key, care-of address |
 *                   home address | MH up to and including the option's
 *                   SPI, with its Checksum field zero))
 *
 * keyed by a mobility security association (an SPI above 255 and a shared
 * key of 16 or more octets), and the replay protection option's 64-bit NTP
 * timestamps (RFC 4285 6). A BU from an IPv4 care-of address (RFC 5555)
 * names it as the IPv4-mapped IPv6 address ::ffff:a.b.c.d; at home the
 * care-of address is the home address.
 */
#ifndef XMIP_MH_AUTH_H
#define XMIP_MH_AUTH_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mh/mh.h"

#define MH_KEY_MIN 16                /* RFC 4285 5.1: 16 octets */
#define MH_KEY_MAX 64
#define MH_SPI_MIN 256               /* 0-255 are reserved */
/* RFC 4285 6: timestamps this close to the home agent's clock are fresh
 * ("close enough"; 7 s by default, more than 3 s). */
#define MH_REPLAY_WINDOW_MS 7000

/* How a node's BUs and BAs are protected: a choice every home agent and
 * mobile node makes (bu_protection in their sections). */
enum mh_protection {
	MH_PROTECT_UNSET = 0,
	MH_PROTECT_IPSEC,            /* ESP, RFC 5555 5 (the kernel's, strongSwan) */
	MH_PROTECT_RFC4285,          /* MN-HA authentication and timestamps */
	MH_PROTECT_UNPROTECTED,      /* nothing: for tests that measure something else */
};

/* "ipsec", "rfc4285", "unprotected-for-tests". */
const char *mh_protection_name(enum mh_protection p);

/* A mobility security association's SPI and key. */
struct mh_auth_key {
	uint32_t spi;
	uint8_t len;
	uint8_t key[MH_KEY_MAX];
};

/* Gives m an MN-HA authentication option for k, its authenticator zero:
 * mh_encode leaves its room at the end, mh_auth_sign fills it. */
void mh_auth_prepare(struct mh_msg *m, const struct mh_auth_key *k);

/* Fills the authenticator of buf (len bytes from mh_encode, of a message
 * mh_auth_prepare gave the option to) for coa and hoa, then the checksum
 * again from src to dst. 0, or -1 when buf does not end with the option. */
int mh_auth_sign(uint8_t *buf, size_t len, const struct mh_auth_key *k, const struct in6_addr *coa,
		 const struct in6_addr *hoa, const struct in6_addr *src, const struct in6_addr *dst);

/* Whether m (decoded from buf, len bytes) carries an MN-HA authenticator
 * that k computes for coa and hoa. The comparison takes the same time
 * whatever the bytes. */
bool mh_auth_verify(const uint8_t *buf, size_t len, const struct mh_msg *m, const struct mh_auth_key *k,
		    const struct in6_addr *coa, const struct in6_addr *hoa);

/* The authenticator over the first covered bytes of mh (its Checksum
 * field taken as zero). 0, or -1 when OpenSSL fails (out untouched). */
int mh_auth_compute(const struct mh_auth_key *k, const struct in6_addr *coa, const struct in6_addr *hoa,
		    const uint8_t *mh, size_t covered, uint8_t out[MH_AUTH_DATA_LEN]);

/* ::ffff:a.b.c.d, how an IPv4 care-of address enters the authenticator. */
struct in6_addr mh_auth_v4_mapped(struct in_addr a);
/* The care-of address a BU's authenticator and its BA's name: the
 * Alternate Care-of Address option's, else the IPv4 care-of address
 * option's (mapped), else the outer source it came from (outer, NULL when
 * unknown), else (from the home link) the home address. The home agent
 * binds the same address, so a BU replayed from elsewhere fails. */
struct in6_addr mh_auth_coa(const struct mh_msg *bu, const struct in6_addr *outer,
			    const struct in6_addr *hoa);

/* The wall clock as a 64-bit NTP timestamp, shifted by offset_ms. */
uint64_t mh_ntp_now(int64_t offset_ms);
/* a - b in milliseconds. */
int64_t mh_ntp_diff_ms(uint64_t a, uint64_t b);

#endif
