// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "core/file_perms.h"
#include "mh/mh_keys.h"

/* 2^20 nodes (the most a home agent takes), two lines each of the
 * longest id and key, fit with room. */
#define KEYS_FILE_MAX (1ull << 30)

static int fail(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		snprintf(err, errlen, "%s:%d: %s", path, line, msg);
	else
		snprintf(err, errlen, "%s: %s", path, msg);
	return -1;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The next whitespace-separated word of [*p, end) on this line. */
static size_t next_word(const char **p, const char *end, const char **word)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	*word = *p;
	while (*p < end && **p != ' ' && **p != '\t')
		(*p)++;
	return (size_t)(*p - *word);
}

/* Appends a node id (n bytes at w) to t's ids; its offset in *at. */
static int add_id(struct mh_sa_table *t, size_t *cap, const char *w, size_t n, uint32_t *at)
{
	if (t->ids_len + n + 1 > *cap) {
		size_t more = *cap ? *cap * 2 : 4096;
		char *grown;

		while (more < t->ids_len + n + 1)
			more *= 2;
		grown = realloc(t->ids, more);
		if (!grown)
			return -1;
		t->ids = grown;
		*cap = more;
	}
	*at = (uint32_t)t->ids_len;
	memcpy(t->ids + t->ids_len, w, n);
	t->ids[t->ids_len + n] = 0;
	t->ids_len += n + 1;
	return 0;
}

static int parse_line(struct mh_sa_table *t, size_t *ids_cap, const char *p, const char *end,
		      struct mh_sa *sa, const char *path, int line, char *err, size_t errlen)
{
	const char *w;
	size_t n, i;
	char num[16], *num_end;
	unsigned long long spi;

	n = next_word(&p, end, &w);
	if (n == 0 || n >= MH_KEYS_ID_MAX)
		return fail(err, errlen, path, line, "the node id must be 1 to %d characters", MH_KEYS_ID_MAX - 1);
	if (add_id(t, ids_cap, w, n, &sa->id))
		return fail(err, errlen, path, 0, "out of memory");
	n = next_word(&p, end, &w);
	if (n == 0 || n >= sizeof(num))
		return fail(err, errlen, path, line, "an SPI must follow the node id");
	memcpy(num, w, n);
	num[n] = 0;
	errno = 0;
	spi = strtoull(num, &num_end, 10);
	if (errno || *num_end || num[0] == '-' || spi < MH_SPI_MIN || spi > 0xffffffffull)
		return fail(err, errlen, path, line, "SPI '%s' must be a number from %d to 4294967295 (0-255 are reserved)",
			    num, MH_SPI_MIN);
	sa->key.spi = (uint32_t)spi;
	n = next_word(&p, end, &w);
	if (n % 2 || n / 2 < MH_KEY_MIN || n / 2 > MH_KEY_MAX)
		return fail(err, errlen, path, line, "the key must be %d to %d bytes in hex (%d to %d digits)",
			    MH_KEY_MIN, MH_KEY_MAX, 2 * MH_KEY_MIN, 2 * MH_KEY_MAX);
	for (i = 0; i < n; i += 2) {
		int hi = hex_value(w[i]), lo = hex_value(w[i + 1]);

		if (hi < 0 || lo < 0)
			return fail(err, errlen, path, line, "the key must be hex digits only");
		sa->key.key[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	sa->key.len = (uint8_t)(n / 2);
	if (next_word(&p, end, &w))
		return fail(err, errlen, path, line, "unexpected '%.*s' after the key", (int)(end - w), w);
	sa->line = line;
	return 0;
}

static int by_id_then_line(const void *a, const void *b, void *ids)
{
	const struct mh_sa *x = a, *y = b;
	int c = strcmp((const char *)ids + x->id, (const char *)ids + y->id);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* A node's lines: at most two, with different SPIs. */
static int check_nodes(const struct mh_sa_table *t, const char *path, char *err, size_t errlen)
{
	int i, run = 1;

	for (i = 1; i < t->n; i++) {
		const struct mh_sa *a = &t->sa[i - 1], *b = &t->sa[i];

		if (strcmp(mh_sa_id(t, i - 1), mh_sa_id(t, i))) {
			run = 1;
			continue;
		}
		if (++run > MH_KEYS_PER_NODE)
			return fail(err, errlen, path, b->line, "'%s' has more than %d keys (two while one replaces the other)",
				    mh_sa_id(t, i), MH_KEYS_PER_NODE);
		if (a->key.spi == b->key.spi)
			return fail(err, errlen, path, b->line, "'%s' has SPI %u twice", mh_sa_id(t, i), b->key.spi);
	}
	return 0;
}

int mh_keys_parse(const char *text, size_t len, const char *path, struct mh_sa_table *t, char *err,
		  size_t errlen)
{
	const char *p = text, *end = text + len;
	size_t ids_cap = 0;
	int line = 0, cap = 0;

	memset(t, 0, sizeof(*t));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q, *stop;

		eol = eol ? eol : end;
		line++;
		stop = memchr(p, '#', (size_t)(eol - p));
		stop = stop ? stop : eol;
		while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t' || stop[-1] == '\r'))
			stop--;
		for (q = p; q < stop && (*q == ' ' || *q == '\t'); q++)
			;
		if (memchr(p, '\0', (size_t)(eol - p))) {
			mh_keys_free(t);
			return fail(err, errlen, path, line, "a NUL byte: not a text file");
		}
		if (q < stop) {
			if (t->n == cap) {
				struct mh_sa *more = realloc(t->sa, (size_t)(cap ? cap * 2 : 16) * sizeof(*more));

				if (!more) {
					mh_keys_free(t);
					return fail(err, errlen, path, 0, "out of memory");
				}
				t->sa = more;
				cap = cap ? cap * 2 : 16;
			}
			if (parse_line(t, &ids_cap, q, stop, &t->sa[t->n], path, line, err, errlen)) {
				t->n++;   /* its key, partly parsed, is wiped too */
				mh_keys_free(t);
				return -1;
			}
			t->n++;
		}
		p = eol + 1;
	}
	if (t->n)
		qsort_r(t->sa, (size_t)t->n, sizeof(*t->sa), by_id_then_line, t->ids);
	if (check_nodes(t, path, err, errlen)) {
		mh_keys_free(t);
		return -1;
	}
	return 0;
}

int mh_keys_load(const char *path, struct mh_sa_table *t, char *err, size_t errlen)
{
	char why[160];
	struct stat st;
	void *text;
	int fd, ret;

	memset(t, 0, sizeof(*t));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errlen, path, 0, "cannot read: %s", strerror(errno));
	if (file_perms_check(path, true, why, sizeof(why))) {
		close(fd);
		return fail(err, errlen, path, 0, "%s", why);
	}
	if (fstat(fd, &st)) {
		close(fd);
		return fail(err, errlen, path, 0, "cannot read: %s", strerror(errno));
	}
	if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size > KEYS_FILE_MAX) {
		close(fd);
		return fail(err, errlen, path, 0, "not a regular file of at most 1 GiB");
	}
	if (st.st_size == 0) {
		close(fd);
		return mh_keys_parse("", 0, path, t, err, errlen);
	}
	/* Mapped, not copied: the file is read once, through the page cache. */
	text = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (text == MAP_FAILED)
		return fail(err, errlen, path, 0, "cannot read: %s", strerror(errno));
	ret = mh_keys_parse(text, (size_t)st.st_size, path, t, err, errlen);
	munmap(text, (size_t)st.st_size);
	return ret;
}

void mh_keys_free(struct mh_sa_table *t)
{
	if (t->sa)
		OPENSSL_cleanse(t->sa, (size_t)t->n * sizeof(*t->sa));
	free(t->sa);
	free(t->ids);
	memset(t, 0, sizeof(*t));
}

int mh_keys_find(const struct mh_sa_table *t, const char *id, int *first)
{
	int lo = 0, hi = t->n, n = 0;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (strcmp(mh_sa_id(t, mid), id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + n < t->n && !strcmp(mh_sa_id(t, lo + n), id))
		n++;
	return n;
}

const struct mh_auth_key *mh_keys_spi(const struct mh_sa_table *t, int first, int n, uint32_t spi)
{
	int i;

	for (i = first; i < first + n; i++)
		if (t->sa[i].key.spi == spi)
			return &t->sa[i].key;
	return NULL;
}
