// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * libFuzzer target for the Mobility Header parser (`make fuzz`), built with
 * ASan and UBSan. The checksum is made right before decoding, so that the
 * fuzzer reaches the message and option parsing instead of stopping at the
 * first check. Oracle beyond "no crash": whatever decodes must encode again,
 * and decode to the same message (the encoder's own padding may differ,
 * and with it where an authenticator's coverage ends); an authentication
 * option's coverage lies within the input, and checking it reads nothing
 * beyond.
 */
#include <assert.h>
#include <string.h>
#include "mh/mh.h"
#include "mh/mh_auth.h"

static const struct in6_addr src = { { { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10, [15] = 0x01 } } };
static const struct in6_addr dst = { { { 0x20, 0x01, 0x0d, 0xb8, 0, 0x01, [15] = 0x02 } } };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[MH_MAX_LEN], again[MH_MAX_LEN];
	struct mh_msg m, back;
	uint16_t c;
	size_t mh_len;
	int len;

	if (size > sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	if (size >= 8) {
		mh_len = ((size_t)buf[1] + 1) * 8;
		if (mh_len <= size) {
			buf[4] = buf[5] = 0;
			c = mh_checksum(buf, mh_len, &src, &dst);
			buf[4] = (uint8_t)(c >> 8);
			buf[5] = (uint8_t)c;
		}
	}
	if (mh_decode(buf, size, &src, &dst, &m) != MH_OK)
		return 0;
	if (m.opt.has_auth) {
		static const struct mh_auth_key key = { .spi = 4285, .len = MH_KEY_MIN };

		assert(m.opt.auth_covered >= 8 && m.opt.auth_covered <= size);
		(void)mh_auth_verify(buf, size, &m, &key, &src, &dst);
	}
	len = mh_encode(&m, &src, &dst, again, sizeof(again));
	assert(len > 0 && len % 8 == 0);
	assert(mh_decode(again, (size_t)len, &src, &dst, &back) == MH_OK);
	/* Decoding starts from a zeroed struct: padding compares equal too. */
	back.opt.auth_covered = m.opt.auth_covered;
	assert(memcmp(&back, &m, sizeof(m)) == 0);
	return 0;
}
