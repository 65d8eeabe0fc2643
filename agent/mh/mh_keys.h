/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A file of mobility security associations for RFC 4285's MN-HA
 * authentication, one a line:
 *
 *     # node id             SPI    key (16 to 64 bytes, in hex)
 *     mn1@example.net       1000   00112233445566778899aabbccddeeff
 *
 * The home agent's holds every node's; a mobile node's, its own. A node
 * may have two lines while its key changes (both SPIs are accepted; the
 * first is the one a mobile node sends with). The file is a secret: one
 * that group or others may read is refused, as a private key is.
 */
#ifndef XMIP_MH_KEYS_H
#define XMIP_MH_KEYS_H

#include <stddef.h>
#include "mh/mh_auth.h"

#define MH_KEYS_ID_MAX 128
#define MH_KEYS_PER_NODE 2

struct mh_sa {
	struct mh_auth_key key;
	uint32_t id;                 /* its node's id: an offset into the table's ids */
	int line;                    /* in the file: the order of a node's keys */
};

/* Every node's associations, sorted by id, then line. The ids are kept
 * once each, one after another, so that a million nodes' keys cost what
 * their keys cost (about 80 bytes a node), not a fixed-size id each. */
struct mh_sa_table {
	struct mh_sa *sa;
	int n;
	char *ids;                   /* NUL-terminated ids, one after another */
	size_t ids_len;
};

static inline const char *mh_sa_id(const struct mh_sa_table *t, int i)
{
	return t->ids + t->sa[i].id;
}

/* Reads path into t (its permissions checked first). 0, or -1 with
 * "path:line: problem" (or "path: problem") in err. */
int mh_keys_load(const char *path, struct mh_sa_table *t, char *err, size_t errlen);
/* The same from text (len bytes), errors named after path; for the fuzzer. */
int mh_keys_parse(const char *text, size_t len, const char *path, struct mh_sa_table *t, char *err,
		  size_t errlen);
void mh_keys_free(struct mh_sa_table *t);
/* id's associations, in the file's order: *first and the count (0: none). */
int mh_keys_find(const struct mh_sa_table *t, const char *id, int *first);
/* Of the n associations from first (one node's, one MAG's), the one with
 * this SPI, or NULL. */
const struct mh_auth_key *mh_keys_spi(const struct mh_sa_table *t, int first, int n, uint32_t spi);

#endif
