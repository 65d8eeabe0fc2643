/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What the codec's files share and nobody else needs: big-endian fields,
 * the options' wire rules, and the encoder's cursor (a buffer, where we
 * are, whether it overflowed). mh_codec.c holds the messages and the
 * options of RFC 6275, 3963, 4283, 4285 and 5555; mh_pmip.c those of proxy
 * Mobile IPv6.
 */
#ifndef XMIP_MH_WIRE_H
#define XMIP_MH_WIRE_H

#include "mh/mh.h"

static inline uint16_t mh_get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t mh_get32(const uint8_t *p) { return (uint32_t)mh_get16(p) << 16 | mh_get16(p + 2); }
static inline void mh_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void mh_put32(uint8_t *p, uint32_t v) { mh_put16(p, (uint16_t)(v >> 16)); mh_put16(p + 2, (uint16_t)v); }

/* A fixed-size option: its exact data length and alignment xn+y (RFC 6275
 * 6.2: the type byte at a multiple of x plus y from the header's start). */
struct mh_opt_rule {
	uint8_t len;
	uint8_t x, y;
};

/* NULL for options of variable length, which have no alignment. */
const struct mh_opt_rule *mh_opt_rule(uint8_t type);

struct mh_enc {
	uint8_t *buf;
	size_t cap, off;
	bool full;
};

/* n zeroed bytes at the cursor, or NULL (and full) when they do not fit. */
uint8_t *mh_enc_put(struct mh_enc *e, size_t n);
/* Pad1 or PadN until the offset is x*n + y. */
void mh_enc_align(struct mh_enc *e, unsigned int x, unsigned int y);
/* An option's header, aligned by its rule; returns where its data goes. */
uint8_t *mh_enc_option(struct mh_enc *e, uint8_t type, uint8_t len);

/* Proxy Mobile IPv6's options (mh_pmip.c). decode: *known says whether
 * the type was one of them; encode: every option p has, in a fixed order. */
enum mh_result mh_pmip_decode_option(uint8_t type, const uint8_t *d, uint8_t len,
				     struct mh_pmip_options *p, bool *known);
void mh_pmip_encode_options(struct mh_enc *e, const struct mh_pmip_options *p);

#endif
