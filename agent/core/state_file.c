// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "core/state_file.h"

struct state_header {
	char magic[8];
	uint32_t slot_size;          /* the layout: a file of another build is not read */
	uint32_t n_slots;
	char boot_id[40];            /* /proc/sys/kernel/random/boot_id */
};

/* A slot: key, entry, CRC32 over both, padded to 8 bytes. */
struct state_file {
	char path[4096];
	int fd;
	const struct state_file_ops *ops;
	void *owner;
	uint32_t n_slots;            /* as the header says */
	size_t slot_size;
	uint8_t *slot;               /* one slot's buffer */
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

static size_t crc_at(const struct state_file_ops *ops)
{
	return ops->key_size + ops->entry_size;
}

static uint32_t slot_crc(const struct state_file *st)
{
	return (uint32_t)crc32(0, st->slot, (uInt)crc_at(st->ops));
}

/* Slot i as the owner holds it, into st->slot. */
static void fill_slot(struct state_file *st, int i)
{
	uint32_t crc;

	memset(st->slot, 0, st->slot_size);
	if (!st->ops->get(st->owner, i, st->slot, st->slot + st->ops->key_size))
		memset(st->slot, 0, st->slot_size);
	crc = slot_crc(st);
	memcpy(st->slot + crc_at(st->ops), &crc, sizeof(crc));
}

/* What an older file holds: slots of this boot and layout whose CRC holds,
 * offered to the owner. */
static int restore(struct state_file *st, int fd)
{
	struct state_header h, want = { .slot_size = (uint32_t)st->slot_size };
	uint32_t i, crc;
	int n = 0;

	read_boot_id(want.boot_id);
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h.magic, st->ops->magic, 8) ||
	    h.slot_size != want.slot_size || memcmp(h.boot_id, want.boot_id, sizeof(h.boot_id)))
		return 0;
	for (i = 0; i < h.n_slots; i++) {
		if (pread(fd, st->slot, st->slot_size, (off_t)(sizeof(h) + (size_t)i * st->slot_size)) !=
		    (ssize_t)st->slot_size)
			break;
		memcpy(&crc, st->slot + crc_at(st->ops), sizeof(crc));
		if (crc != slot_crc(st))
			continue;
		n += st->ops->put(st->owner, st->slot, st->slot + st->ops->key_size);
	}
	return n;
}

/* Every slot, in the owner's order, to the path: a temporary file, fsync,
 * rename. Returns the new file's descriptor. */
static int write_all(struct state_file *st, struct xmip_error *err)
{
	struct state_header h = { .slot_size = (uint32_t)st->slot_size,
				  .n_slots = (uint32_t)st->ops->count(st->owner) };
	char tmp[4200];
	FILE *f;
	uint32_t i;
	int fd;

	memcpy(h.magic, st->ops->magic, 8);
	read_boot_id(h.boot_id);
	snprintf(tmp, sizeof(tmp), "%s.tmp", st->path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return xmip_err(err, -errno, "state file %s: %s", tmp, strerror(errno));
	}
	fwrite(&h, sizeof(h), 1, f);
	for (i = 0; i < h.n_slots; i++) {
		fill_slot(st, (int)i);
		fwrite(st->slot, st->slot_size, 1, f);
	}
	if (fflush(f) || fsync(fileno(f)) || ferror(f)) {
		int e = errno;

		fclose(f);
		unlink(tmp);
		return xmip_err(err, -e, "state file %s: %s", tmp, strerror(e));
	}
	fclose(f);
	if (rename(tmp, st->path) < 0) {
		int e = errno;

		unlink(tmp);
		return xmip_err(err, -e, "state file %s: %s", st->path, strerror(e));
	}
	st->n_slots = h.n_slots;
	fd = open(st->path, O_RDWR | O_CLOEXEC);
	return fd >= 0 ? fd : xmip_err(err, -errno, "state file %s: %s", st->path, strerror(errno));
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

int state_file_open(struct state_file **out, const char *path, const struct state_file_ops *ops, void *owner,
		    int *restored, struct xmip_error *err)
{
	struct state_file *st = calloc(1, sizeof(*st));
	int fd;

	*restored = 0;
	if (st) {
		st->slot_size = (crc_at(ops) + sizeof(uint32_t) + 7) / 8 * 8;
		st->slot = calloc(1, st->slot_size);
	}
	if (!st || !st->slot) {
		state_file_close(st);
		return xmip_err(err, -ENOMEM, "out of memory");
	}
	snprintf(st->path, sizeof(st->path), "%s", path);
	st->ops = ops;
	st->owner = owner;
	st->fd = -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		*restored = restore(st, fd);
		close(fd);
	} else if (errno != ENOENT) {
		int e = errno;

		state_file_close(st);
		return xmip_err(err, -e, "state file %s: %s", path, strerror(e));
	}
	make_parent_dir(path);
	st->fd = write_all(st, err);
	if (st->fd < 0) {
		int ret = st->fd;

		st->fd = -1;
		state_file_close(st);
		return ret;
	}
	*out = st;
	return 0;
}

int state_file_save(struct state_file *st, int i, struct xmip_error *err)
{
	off_t at = (off_t)(sizeof(struct state_header) + (size_t)i * (st ? st->slot_size : 0));

	if (!st || i < 0 || i >= st->ops->count(st->owner))
		return 0;
	fill_slot(st, i);
	if (pwrite(st->fd, st->slot, st->slot_size, at) != (ssize_t)st->slot_size)
		return xmip_err(err, -errno, "state file %s: %s", st->path, strerror(errno));
	/* A node admitted since the file was written has a place past its
	 * end: the header grows to cover it (after the slot: a header that
	 * counts a slot not written yet would read garbage, a slot the
	 * header does not count is only left unread). */
	if ((uint32_t)i >= st->n_slots) {
		uint32_t n = (uint32_t)i + 1;

		if (pwrite(st->fd, &n, sizeof(n), offsetof(struct state_header, n_slots)) != (ssize_t)sizeof(n))
			return xmip_err(err, -errno, "state file %s: %s", st->path, strerror(errno));
		st->n_slots = n;
	}
	return 0;
}

void state_file_close(struct state_file *st)
{
	if (!st)
		return;
	if (st->fd >= 0)
		close(st->fd);
	free(st->slot);
	free(st);
}

int state_file_remove(const char *path, struct xmip_error *err)
{
	if (unlink(path) < 0 && errno != ENOENT)
		return xmip_err(err, -errno, "%s: %s", path, strerror(errno));
	return 0;
}
