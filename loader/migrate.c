// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "libbpf_log.h"
#include "migrate.h"

/* (bpffs refuses names with a dot.) */
#define OLD_SUFFIX "_migrating"

static void pin_path(char *buf, size_t len, const char *dir, const char *name, const char *suffix)
{
	snprintf(buf, len, "%s/%s%s", dir, name, suffix);
}

static int pinned_info(const char *path, struct bpf_map_info *info)
{
	__u32 len = sizeof(*info);
	int fd = bpf_obj_get(path);

	if (fd < 0)
		return -errno;
	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(fd, info, &len)) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	return fd;
}

static bool same_shape(const struct bpf_map *map, const struct bpf_map_info *info)
{
	return bpf_map__type(map) == info->type && bpf_map__key_size(map) == info->key_size &&
	       bpf_map__value_size(map) == info->value_size &&
	       bpf_map__max_entries(map) == info->max_entries && bpf_map__map_flags(map) == info->map_flags;
}

int migrate_prepare(const char *pin_dir, struct bpf_object *obj, struct xmip_error *err)
{
	struct bpf_map *map;
	int moved = 0;

	bpf_object__for_each_map(map, obj) {
		char path[512], old[520];
		struct bpf_map_info info;
		int fd;

		if (!bpf_map__pin_path(map))
			continue;   /* not pinned: nothing to carry over */
		pin_path(path, sizeof(path), pin_dir, bpf_map__name(map), "");
		pin_path(old, sizeof(old), pin_dir, bpf_map__name(map), OLD_SUFFIX);
		if (access(old, F_OK) == 0) {
			/* An earlier migration stopped half-way: the "_migrating" pin
			 * holds the entries; what is at the name goes. */
			unlink(path);
			moved++;
			continue;
		}
		fd = pinned_info(path, &info);
		if (fd < 0)
			continue;   /* not pinned yet: libbpf creates it */
		close(fd);
		if (same_shape(map, &info))
			continue;
		if (bpf_map__type(map) != info.type || bpf_map__key_size(map) != info.key_size)
			return xmip_err(err, -EINVAL, "pinned map %s has another type or key than this build's; "
					"remove the instance's maps (xmipd --cleanup) to start afresh", path);
		if (rename(path, old))
			return xmip_err(err, -errno, "moving %s aside: %s", path, strerror(errno));
		loader_log(LOG_NOTICE, "%s: pinned by an earlier build (value %u bytes, %u entries), "
			   "migrating to %u bytes, %u entries", bpf_map__name(map), info.value_size,
			   info.max_entries, bpf_map__value_size(map), bpf_map__max_entries(map));
		moved++;
	}
	return moved;
}

/* A per-CPU map's values come as one slot per possible CPU, each rounded
 * up to 8 bytes; any other map's as one value. */
static size_t value_stride(__u32 type, __u32 value_size)
{
	bool percpu = type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
		      type == BPF_MAP_TYPE_LRU_PERCPU_HASH;

	return percpu ? ((size_t)value_size + 7) / 8 * 8 : value_size;
}

/* Every entry of old_fd into new_fd, each value cut or zero-extended. */
static int copy_entries(int old_fd, const struct bpf_map_info *from, int new_fd,
			const struct bpf_map *to, long *copied)
{
	bool percpu = value_stride(from->type, 1) == 8;
	int ncpu = percpu ? libbpf_num_possible_cpus() : 1;
	size_t os = value_stride(from->type, from->value_size), ns = value_stride(from->type, bpf_map__value_size(to));
	size_t keep = os < ns ? os : ns;
	unsigned char *key = calloc(2, from->key_size + 8), *next = key + from->key_size + 8;
	unsigned char *ov = calloc((size_t)ncpu, os), *nv = calloc((size_t)ncpu, ns);
	void *prev = NULL;
	int cpu, ret = 0;

	if (!key || !ov || !nv || ncpu < 1) {
		ret = -ENOMEM;
		goto out;
	}
	while (bpf_map_get_next_key(old_fd, prev, next) == 0) {
		memcpy(key, next, from->key_size);
		prev = key;
		if (bpf_map_lookup_elem(old_fd, key, ov))
			continue;   /* gone meanwhile */
		memset(nv, 0, (size_t)ncpu * ns);
		for (cpu = 0; cpu < ncpu; cpu++)
			memcpy(nv + (size_t)cpu * ns, ov + (size_t)cpu * os, keep);
		if (bpf_map_update_elem(new_fd, key, nv, BPF_ANY)) {
			/* An array that shrank has no room for the key: that
			 * entry cannot come along. Anything else is an error. */
			if (errno == E2BIG && (from->type == BPF_MAP_TYPE_ARRAY ||
					       from->type == BPF_MAP_TYPE_PERCPU_ARRAY))
				continue;
			ret = -errno;
			break;
		}
		(*copied)++;
	}
out:
	free(key);
	free(ov);
	free(nv);
	return ret;
}

int migrate_finish(const char *pin_dir, struct bpf_object *obj, struct xmip_error *err)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj) {
		char old[520];
		struct bpf_map_info info;
		long copied = 0;
		int fd, ret;

		pin_path(old, sizeof(old), pin_dir, bpf_map__name(map), OLD_SUFFIX);
		fd = pinned_info(old, &info);
		if (fd < 0)
			continue;
		/* A bloom filter has no keys to walk: its owner fills it again
		 * (the anchor adds every configured home address at start). */
		ret = info.type == BPF_MAP_TYPE_BLOOM_FILTER ? 0 :
		      copy_entries(fd, &info, bpf_map__fd(map), map, &copied);
		close(fd);
		if (ret)
			return xmip_err(err, ret, "migrating %s: %s (its entries stay in %s)", bpf_map__name(map),
					strerror(-ret), old);
		unlink(old);
		loader_log(LOG_NOTICE, "%s: migrated, %ld entr%s carried over", bpf_map__name(map), copied,
			   copied == 1 ? "y" : "ies");
	}
	return 0;
}

void migrate_unpin_unused(const char *pin_dir, uint32_t maps)
{
	int id;

	for (id = 0; id < XMIP_MAPID_COUNT; id++) {
		char path[512];

		if (maps & (1u << id))
			continue;
		pin_path(path, sizeof(path), pin_dir, xmip_map_name(id), "");
		if (unlink(path) == 0)
			loader_log(LOG_NOTICE, "%s: unpinned (an earlier build's; this kind has no use for it)",
				   xmip_map_name(id));
	}
}
