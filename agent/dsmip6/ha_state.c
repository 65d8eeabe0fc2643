// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "dsmip6/ha_state.h"

#define STATE_MAGIC "XMIPHAS1"

struct state_header {
	char magic[8];
	uint32_t slot_size;          /* sizeof(struct state_slot): the layout */
	uint32_t n_slots;
	char boot_id[40];            /* /proc/sys/kernel/random/boot_id */
};

struct state_slot {
	struct in6_addr hoa6;        /* the node's, to find it in another order */
	struct ha_entry entry;
	uint32_t crc;                /* over the two above */
	uint32_t reserved;
};

struct ha_state {
	char path[4096];
	int fd;
	struct ha_cache *cache;
	uint32_t n_slots;            /* as the header says */
};

static void read_boot_id(char out[40])
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");

	memset(out, 0, 40);
	if (f) {
		if (!fgets(out, 40, f))
			out[0] = 0;
		fclose(f);
	}
}

static uint32_t slot_crc(const struct state_slot *s)
{
	return (uint32_t)crc32(0, (const Bytef *)s, offsetof(struct state_slot, crc));
}

/* A node's slot, at its handle's place; a handle not in use (a node a
 * reload retired) leaves an empty slot, which no node matches. */
static void fill_slot(const struct ha_cache *c, int mn, struct state_slot *s)
{
	const struct mn_authz *m = ha_cache_node(c, mn);

	memset(s, 0, sizeof(*s));
	if (m) {
		s->hoa6 = m->home_address6;
		s->entry = c->entries[mn];
	}
	s->crc = slot_crc(s);
}

/* What an older file holds, into the cache: slots of this boot and layout
 * whose CRC holds, for nodes the cache holds (matched by home address:
 * their handles may differ from the file's places). */
static int restore(int fd, struct ha_cache *c)
{
	struct state_header h, want = { .slot_size = sizeof(struct state_slot) };
	struct state_slot s;
	uint32_t i;
	int n = 0;

	read_boot_id(want.boot_id);
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h.magic, STATE_MAGIC, 8) ||
	    h.slot_size != want.slot_size || memcmp(h.boot_id, want.boot_id, sizeof(h.boot_id)))
		return 0;
	for (i = 0; i < h.n_slots; i++) {
		int mn;

		if (pread(fd, &s, sizeof(s), (off_t)(sizeof(h) + (size_t)i * sizeof(s))) != (ssize_t)sizeof(s))
			break;
		if (s.crc != slot_crc(&s))
			continue;
		mn = ha_cache_find(c, &s.hoa6);
		if (mn < 0 || (!s.entry.active && !s.entry.last_pool4.s_addr))
			continue;
		ha_cache_restore(c, mn, &s.entry);
		n += s.entry.active;
	}
	return n;
}

/* The whole cache, in handle order, to path: a temporary file, fsync,
 * rename. Returns the new file's descriptor. */
static int write_all(const char *path, const struct ha_cache *c, struct xmip_error *err)
{
	struct state_header h = { .slot_size = sizeof(struct state_slot), .n_slots = (uint32_t)c->n };
	char tmp[4200];
	struct state_slot s;
	FILE *f;
	int i, fd;

	memcpy(h.magic, STATE_MAGIC, 8);
	read_boot_id(h.boot_id);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return xmip_err(err, -errno, "state file %s: %s", tmp, strerror(errno));
	}
	fwrite(&h, sizeof(h), 1, f);
	for (i = 0; i < c->n; i++) {
		fill_slot(c, i, &s);
		fwrite(&s, sizeof(s), 1, f);
	}
	if (fflush(f) || fsync(fileno(f)) || ferror(f)) {
		int e = errno;

		fclose(f);
		unlink(tmp);
		return xmip_err(err, -e, "state file %s: %s", tmp, strerror(e));
	}
	fclose(f);
	if (rename(tmp, path) < 0) {
		int e = errno;

		unlink(tmp);
		return xmip_err(err, -e, "state file %s: %s", path, strerror(e));
	}
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd >= 0 ? fd : xmip_err(err, -errno, "state file %s: %s", path, strerror(errno));
}

/* /run/xmip is made by systemd (RuntimeDirectory) or here, when the agent
 * runs without it. */
static void make_parent_dir(const char *path)
{
	char dir[4096], *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		mkdir(dir, 0755);
	}
}

int ha_state_open(struct ha_state **out, const char *path, struct ha_cache *cache, int *restored,
		  struct xmip_error *err)
{
	struct ha_state *st = calloc(1, sizeof(*st));
	int fd;

	if (!st)
		return xmip_err(err, -ENOMEM, "out of memory");
	snprintf(st->path, sizeof(st->path), "%s", path);
	st->cache = cache;
	*restored = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		*restored = restore(fd, cache);
		close(fd);
	} else if (errno != ENOENT) {
		free(st);
		return xmip_err(err, -errno, "state file %s: %s", path, strerror(errno));
	}
	make_parent_dir(path);
	st->fd = write_all(path, cache, err);
	if (st->fd < 0) {
		int ret = st->fd;

		free(st);
		return ret;
	}
	st->n_slots = (uint32_t)cache->n;
	*out = st;
	return 0;
}

int ha_state_save(struct ha_state *st, int mn, struct xmip_error *err)
{
	struct state_slot s;
	off_t at = (off_t)(sizeof(struct state_header) + (size_t)mn * sizeof(s));

	if (!st || mn < 0 || mn >= st->cache->n)
		return 0;
	fill_slot(st->cache, mn, &s);
	if (pwrite(st->fd, &s, sizeof(s), at) != (ssize_t)sizeof(s))
		return xmip_err(err, -errno, "state file %s: %s", st->path, strerror(errno));
	/* A node admitted since the file was written has a place past its
	 * end: the header grows to cover it (after the slot: a header that
	 * counts a slot not written yet would read garbage, a slot the
	 * header does not count is only left unread). */
	if ((uint32_t)mn >= st->n_slots) {
		uint32_t n = (uint32_t)mn + 1;

		if (pwrite(st->fd, &n, sizeof(n), offsetof(struct state_header, n_slots)) != (ssize_t)sizeof(n))
			return xmip_err(err, -errno, "state file %s: %s", st->path, strerror(errno));
		st->n_slots = n;
	}
	return 0;
}

void ha_state_close(struct ha_state *st)
{
	if (!st)
		return;
	close(st->fd);
	free(st);
}

int ha_state_remove(const char *path)
{
	return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
}
