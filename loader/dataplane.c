// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Opening and loading the objects of one kind of data plane (kinds.c).
 * The TC object is loaded at once and owns the maps the agent uses; each
 * XDP attachment loads its own copy of the XDP object through libxdp (see
 * xdp_attach.c). All of them share the maps through pinning by name under
 * XMIP_PIN_ROOT/<instance>/; maps an earlier build pinned in another shape
 * are migrated (migrate.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "xmip_loader.h"
#include "dataplane_internal.h"
#include "libbpf_log.h"
#include "bpffs.h"
#include "migrate.h"

static const char *const map_names[XMIP_MAPID_COUNT] = {
	[XMIP_MAPID_CONFIG] = XMIP_MAP_CONFIG,
	[XMIP_MAPID_STATS] = XMIP_MAP_STATS,
	[XMIP_MAPID_BIND6] = XMIP_MAP_BIND6,
	[XMIP_MAPID_BIND4] = XMIP_MAP_BIND4,
	[XMIP_MAPID_PREFIX6] = XMIP_MAP_PREFIX6,
	[XMIP_MAPID_PREFIX4] = XMIP_MAP_PREFIX4,
	[XMIP_MAPID_SIG_SEEN] = XMIP_MAP_SIG_SEEN,
	[XMIP_MAPID_MN_TUNNEL] = XMIP_MAP_MN_TUNNEL,
	[XMIP_MAPID_KNOWN_HOME] = XMIP_MAP_KNOWN_HOME,
	[XMIP_MAPID_ACCESS_HOST] = XMIP_MAP_ACCESS_HOST,
};

const char *xmip_map_name(enum xmip_map_id id)
{
	return id < XMIP_MAPID_COUNT ? map_names[id] : "?";
}

/* Sizes the agent may choose must be set on every object before its load,
 * identically, or reusing the pinned maps fails with a parameter mismatch.
 * An object without one of these maps (another kind's) skips it. */
int xmip_dp_size_object(struct bpf_object *obj, uint32_t max_bindings)
{
	const char *sized[] = { XMIP_MAP_BIND6, XMIP_MAP_BIND4, XMIP_MAP_ACCESS_HOST };
	struct bpf_map *known = bpf_object__find_map_by_name(obj, XMIP_MAP_KNOWN_HOME);
	size_t i;

	for (i = 0; i < sizeof(sized) / sizeof(sized[0]); i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, sized[i]);

		if (map && bpf_map__set_max_entries(map, max_bindings))
			return -EINVAL;
	}
	/* The filter's false positives grow as it fills: never smaller than
	 * the default (64 KiB), so that a small home agent's is near zero. */
	if (known && bpf_map__set_max_entries(known, max_bindings > XMIP_DEFAULT_MAX_BINDINGS ?
					      max_bindings : XMIP_DEFAULT_MAX_BINDINGS))
		return -EINVAL;
	return 0;
}

/* The size of an already pinned map, so that a second user of an instance
 * (a tool, a test) need not know what the agent configured. */
static uint32_t pinned_max_entries(const char *dir, const char *map, uint32_t fallback)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);
	char path[300];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, map);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return fallback;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		info.max_entries = fallback;
	close(fd);
	return info.max_entries;
}

/* The TC object: loaded here, with the pinned maps migrated around it. */
static int load_tc_object(struct xmip_dp *dp, struct xmip_error *err)
{
	int ret = dp_kind_open(dp->kind, 0, dp->pin_dir, dp->max_bindings, &dp->tc_obj);

	if (ret)
		return loader_error(err, ret, "opening the BPF object for instance '%s'", dp->instance);
	ret = migrate_prepare(dp->pin_dir, dp->tc_obj, err);
	if (ret < 0)
		return ret;
	ret = bpf_object__load(dp->tc_obj);
	if (ret)
		return loader_error(err, ret, "loading the BPF programs for instance '%s'", dp->instance);
	ret = migrate_finish(dp->pin_dir, dp->tc_obj, err);
	if (ret)
		return ret;
	migrate_unpin_unused(dp->pin_dir, dp->kind->maps);
	dp->tc_prog = bpf_object__find_program_by_name(dp->tc_obj, dp->kind->tc_prog);
	if (!dp->tc_prog)
		return xmip_err(err, -ENOENT, "no program %s in the %s object", dp->kind->tc_prog, dp->kind->name);
	return 0;
}

int xmip_dp_open(struct xmip_dp **out, const struct xmip_dp_opts *opts,
		 struct xmip_error *err)
{
	const struct dp_kind_desc *kind = dp_kind_desc(opts->kind);
	char probe[300];
	struct stat st;
	struct xmip_dp *dp;
	int ret, i;

	*out = NULL;
	libbpf_log_install();
	if (!opts->instance || !xmip_instance_name_valid(opts->instance))
		return xmip_err(err, -EINVAL, "invalid instance name '%s': use letters, digits, '-', '_' and '.'",
				opts->instance ? opts->instance : "");
	if (!kind)
		return xmip_err(err, -EINVAL, "no data plane for this role");

	dp = calloc(1, sizeof(*dp));
	if (!dp)
		return xmip_err(err, -ENOMEM, "out of memory");
	snprintf(dp->instance, sizeof(dp->instance), "%s", opts->instance);
	dp->kind = kind;
	dp->xdp_mode = opts->xdp_mode;
	dp->max_bindings = opts->max_bindings ? opts->max_bindings : XMIP_DEFAULT_MAX_BINDINGS;
	for (i = 0; i < XMIP_MAPID_COUNT; i++)
		dp->map_fd[i] = -1;
	pin_dir_path(dp->pin_dir, sizeof(dp->pin_dir), dp->instance);

	ret = xmip_bpffs_ensure(err);
	if (ret)
		goto fail;
	ret = pin_dir_create(dp->instance, err);
	if (ret)
		goto fail;
	snprintf(probe, sizeof(probe), "%s/%s", dp->pin_dir, XMIP_MAP_STATS);
	dp->maps_reused = stat(probe, &st) == 0;
	if (!opts->max_bindings && dp->maps_reused)
		dp->max_bindings = pinned_max_entries(dp->pin_dir, XMIP_MAP_BIND6, dp->max_bindings);

	libbpf_log_reset();
	ret = load_tc_object(dp, err);
	if (ret)
		goto fail;
	for (i = 0; i < XMIP_MAPID_COUNT; i++)
		if (kind->maps & (1u << i))
			dp->map_fd[i] = bpf_object__find_map_fd_by_name(dp->tc_obj, map_names[i]);
	loader_log(6, "instance '%s': %s maps in %s", dp->instance,
		   dp->maps_reused ? "reusing pinned" : "created and pinned", dp->pin_dir);
	*out = dp;
	return 0;
fail:
	xmip_dp_close(dp);
	return ret;
}

void xmip_dp_close(struct xmip_dp *dp)
{
	if (!dp)
		return;
	xdp_attachments_close(dp);
	bpf_object__close(dp->tc_obj);
	free(dp);
}

int xmip_dp_map_fd(const struct xmip_dp *dp, enum xmip_map_id id)
{
	return id < XMIP_MAPID_COUNT ? dp->map_fd[id] : -EINVAL;
}

int xmip_dp_settings_read(const struct xmip_dp *dp, struct xmip_dp_config *dc,
			  struct xmip_error *err)
{
	__u32 zero = 0;

	if (bpf_map_lookup_elem(dp->map_fd[XMIP_MAPID_CONFIG], &zero, dc))
		return xmip_err(err, -errno, "reading the data-plane settings: %s", strerror(errno));
	if (!dc->tunnel_ifindex)
		return xmip_err(err, -ENODEV, "the data plane has no tunnel interface (agent not running?)");
	return 0;
}

bool xmip_dp_maps_reused(const struct xmip_dp *dp)
{
	return dp->maps_reused;
}

const char *xmip_dp_pin_dir(const struct xmip_dp *dp)
{
	return dp->pin_dir;
}

int xmip_dp_detach(struct xmip_dp *dp, const char *ifname, struct xmip_error *err)
{
	int ifindex = ifindex_of(ifname, err);

	if (ifindex < 0)
		return ifindex;
	xdp_attachment_forget(dp, ifindex);
	return xmip_detach_interface(ifname, err);
}

int xmip_detach_interface(const char *ifname, struct xmip_error *err)
{
	int ret;

	libbpf_log_install();
	ret = xdp_detach_ours(ifname, err);
	if (ret)
		return ret;
	return tc_detach_ours(ifname, err);
}
