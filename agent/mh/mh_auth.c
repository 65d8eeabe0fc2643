// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <string.h>
#include <time.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include "mh/mh_auth.h"

#define OPT_HDR 7                    /* type, length, subtype, SPI */
#define NTP_UNIX_OFFSET 2208988800ull /* seconds from 1900 to 1970 */

void mh_auth_prepare(struct mh_msg *m, const struct mh_auth_key *k)
{
	m->opt.has_auth = true;
	m->opt.auth_subtype = MH_AUTH_MN_HA;
	m->opt.auth_spi = k->spi;
	m->opt.auth_len = MH_AUTH_DATA_LEN;
	memset(m->opt.auth_data, 0, sizeof(m->opt.auth_data));
}

/* HMAC-SHA1, fetched once: OpenSSL 3's one-shot HMAC() looks the
 * algorithms up on every call, a cost the signalling rate feels. One
 * context, rekeyed per message (the agent is single-threaded). */
static EVP_MAC_CTX *hmac_sha1(void)
{
	static EVP_MAC_CTX *ctx;
	OSSL_PARAM params[] = { OSSL_PARAM_construct_utf8_string("digest", (char *)"SHA1", 0),
				OSSL_PARAM_construct_end() };
	EVP_MAC *mac;

	if (ctx)
		return ctx;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac);   /* the context keeps its own reference */
	if (ctx && !EVP_MAC_CTX_set_params(ctx, params)) {
		EVP_MAC_CTX_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

int mh_auth_compute(const struct mh_auth_key *k, const struct in6_addr *coa, const struct in6_addr *hoa,
		    const uint8_t *mh, size_t covered, uint8_t out[MH_AUTH_DATA_LEN])
{
	static const uint8_t zero_checksum[2];
	EVP_MAC_CTX *ctx = hmac_sha1();
	uint8_t md[EVP_MAX_MD_SIZE];
	size_t md_len = 0;
	int ok;

	/* The Checksum field (bytes 4 and 5) counts as zero. */
	ok = ctx && covered >= 6 && EVP_MAC_init(ctx, k->key, k->len, NULL) &&
	     EVP_MAC_update(ctx, (const uint8_t *)coa, 16) && EVP_MAC_update(ctx, (const uint8_t *)hoa, 16) &&
	     EVP_MAC_update(ctx, mh, 4) && EVP_MAC_update(ctx, zero_checksum, 2) &&
	     EVP_MAC_update(ctx, mh + 6, covered - 6) && EVP_MAC_final(ctx, md, &md_len, sizeof(md)) &&
	     md_len >= MH_AUTH_DATA_LEN;
	if (ok)
		memcpy(out, md, MH_AUTH_DATA_LEN);   /* First(96, ...) */
	OPENSSL_cleanse(md, sizeof(md));
	return ok ? 0 : -1;
}

int mh_auth_sign(uint8_t *buf, size_t len, const struct mh_auth_key *k, const struct in6_addr *coa,
		 const struct in6_addr *hoa, const struct in6_addr *src, const struct in6_addr *dst)
{
	size_t at = len - OPT_HDR - MH_AUTH_DATA_LEN;

	if (len < 8 + OPT_HDR + MH_AUTH_DATA_LEN || buf[at] != XMIP_MOPT_AUTH ||
	    buf[at + 1] != 5 + MH_AUTH_DATA_LEN)
		return -1;
	if (mh_auth_compute(k, coa, hoa, buf, at + OPT_HDR, buf + at + OPT_HDR))
		return -1;
	buf[4] = buf[5] = 0;
	{
		uint16_t sum = mh_checksum(buf, len, src, dst);

		buf[4] = (uint8_t)(sum >> 8);
		buf[5] = (uint8_t)sum;
	}
	return 0;
}

bool mh_auth_verify(const uint8_t *buf, size_t len, const struct mh_msg *m, const struct mh_auth_key *k,
		    const struct in6_addr *coa, const struct in6_addr *hoa)
{
	uint8_t want[MH_AUTH_DATA_LEN];
	bool ok;

	if (!m->opt.has_auth || m->opt.auth_subtype != MH_AUTH_MN_HA || m->opt.auth_spi != k->spi ||
	    m->opt.auth_len != MH_AUTH_DATA_LEN || m->opt.auth_covered > len || m->opt.auth_covered < 8)
		return false;
	ok = !mh_auth_compute(k, coa, hoa, buf, m->opt.auth_covered, want) &&
	     CRYPTO_memcmp(want, m->opt.auth_data, MH_AUTH_DATA_LEN) == 0;
	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}

const char *mh_protection_name(enum mh_protection p)
{
	switch (p) {
	case MH_PROTECT_IPSEC: return "ipsec";
	case MH_PROTECT_RFC4285: return "rfc4285";
	case MH_PROTECT_UNPROTECTED: return "unprotected-for-tests";
	default: return "unset";
	}
}

struct in6_addr mh_auth_coa(const struct mh_msg *bu, const struct in6_addr *outer,
			    const struct in6_addr *hoa)
{
	if (bu->opt.has_alt_coa)
		return bu->opt.alt_coa;
	if (bu->opt.has_ipv4_coa)
		return mh_auth_v4_mapped(bu->opt.ipv4_coa);
	return outer ? *outer : *hoa;
}

struct in6_addr mh_auth_v4_mapped(struct in_addr a)
{
	struct in6_addr m = { .s6_addr = { [10] = 0xff, [11] = 0xff } };

	memcpy(&m.s6_addr[12], &a, 4);
	return m;
}

uint64_t mh_ntp_now(int64_t offset_ms)
{
	struct timespec ts;
	int64_t ns;

	/* To the nanosecond: each BU a node sends must carry a newer
	 * timestamp than the last, however close they follow each other. */
	clock_gettime(CLOCK_REALTIME, &ts);
	ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec + offset_ms * 1000000;
	return ((uint64_t)(ns / 1000000000) + NTP_UNIX_OFFSET) << 32 |
	       ((uint64_t)(ns % 1000000000) << 32) / 1000000000;
}

int64_t mh_ntp_diff_ms(uint64_t a, uint64_t b)
{
	int64_t sec = (int64_t)(a >> 32) - (int64_t)(b >> 32);
	int64_t frac = (int64_t)(a & 0xffffffffu) - (int64_t)(b & 0xffffffffu);

	return sec * 1000 + (frac * 1000) / 4294967296ll;
}
