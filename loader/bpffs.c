// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The BPF filesystem: mounted where libbpf and libxdp expect it, and the
 * per-instance pin directories under it. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include "xmip_loader.h"
#include "libbpf_log.h"
#include "bpffs.h"

#define BPFFS_PATH "/sys/fs/bpf"

/* "<what> <path>: <errno text>[; <hint>]" from errno. */
static int sys_err(struct xmip_error *err, const char *what, const char *path)
{
	int code = -errno;

	libbpf_log_reset();   /* no libbpf call was involved */
	return loader_error(err, code, "%s %s", what, path);
}

int xmip_bpffs_ensure(struct xmip_error *err)
{
	struct statfs st;

	if (statfs(BPFFS_PATH, &st) == 0 && st.f_type == BPF_FS_MAGIC)
		return 0;
	if (mount("bpf", BPFFS_PATH, "bpf", 0, "mode=0700") < 0)
		return sys_err(err, "cannot mount the BPF filesystem on", BPFFS_PATH);
	loader_log(6, "mounted the BPF filesystem on %s", BPFFS_PATH);
	return 0;
}

/* Instance names become directory names: keep them to a safe alphabet. */
int xmip_instance_name_valid(const char *name)
{
	size_t i, len = strlen(name);

	if (len == 0 || len > 64 || name[0] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.'))
			return 0;
	}
	return 1;
}

int pin_dir_path(char *buf, size_t len, const char *instance)
{
	return snprintf(buf, len, "%s/%s", XMIP_PIN_ROOT, instance) >= (int)len ? -ENAMETOOLONG : 0;
}

int pin_dir_create(const char *instance, struct xmip_error *err)
{
	char dir[256];

	if (mkdir(XMIP_PIN_ROOT, 0700) < 0 && errno != EEXIST)
		return sys_err(err, "cannot create", XMIP_PIN_ROOT);
	pin_dir_path(dir, sizeof(dir), instance);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return sys_err(err, "cannot create", dir);
	return 0;
}

int xmip_unpin_instance(const char *instance, struct xmip_error *err)
{
	char dir[256], path[512];
	struct dirent *de;
	DIR *d;

	if (!xmip_instance_name_valid(instance))
		return xmip_err(err, -EINVAL, "invalid instance name '%s'", instance);
	pin_dir_path(dir, sizeof(dir), instance);
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : xmip_err(err, -errno, "cannot open %s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) < 0 && errno != ENOENT) {
			int code = -errno;

			closedir(d);
			return xmip_err(err, code, "cannot unpin %s: %s", path, strerror(-code));
		}
	}
	closedir(d);
	if (rmdir(dir) < 0 && errno != ENOENT)
		return xmip_err(err, -errno, "cannot remove %s: %s", dir, strerror(errno));
	/* The root goes too when no other instance is left in it. */
	rmdir(XMIP_PIN_ROOT);
	return 0;
}
