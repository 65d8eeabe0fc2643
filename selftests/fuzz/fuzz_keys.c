// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * libFuzzer target for the RFC 4285 keys file parser (`make fuzz`), built
 * with ASan and UBSan. Oracle beyond "no crash, no leak": a refused file
 * says where ("keys:" and a line within the input) and leaves nothing
 * allocated; an accepted one holds only what the format allows (SPIs above
 * 255, keys of 16 to 64 bytes, at most two per node, different SPIs), in
 * the order mh_keys_find relies on, and every node is found again.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "mh/mh_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mh_sa_table t;
	char err[512];
	int i, first, n;

	err[0] = 0;
	if (mh_keys_parse((const char *)data, size, "keys", &t, err, sizeof(err))) {
		assert(!strncmp(err, "keys:", 5));
		assert(t.sa == NULL && t.n == 0 && t.ids == NULL);
		if (err[5] != ' ') {
			long line = strtol(err + 5, NULL, 10);

			assert(line >= 1 && (size_t)line <= size + 1);
		}
		return 0;
	}
	for (i = 0; i < t.n; i++) {
		const struct mh_sa *sa = &t.sa[i];

		assert(sa->key.spi >= MH_SPI_MIN);
		assert(sa->key.len >= MH_KEY_MIN && sa->key.len <= MH_KEY_MAX);
		assert(sa->id < t.ids_len && mh_sa_id(&t, i)[0] && strlen(mh_sa_id(&t, i)) < MH_KEYS_ID_MAX);
		if (i > 0)
			assert(strcmp(mh_sa_id(&t, i - 1), mh_sa_id(&t, i)) < 0 ||
			       (!strcmp(mh_sa_id(&t, i - 1), mh_sa_id(&t, i)) && t.sa[i - 1].line < sa->line &&
				t.sa[i - 1].key.spi != sa->key.spi));
		n = mh_keys_find(&t, mh_sa_id(&t, i), &first);
		assert(n >= 1 && n <= MH_KEYS_PER_NODE && first <= i && i < first + n);
	}
	mh_keys_free(&t);
	return 0;
}
