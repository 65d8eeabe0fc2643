// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "core/log.h"
#include "net/sysctl.h"

int sysctl_write(const char *path, const char *value, struct xmip_error *err)
{
	char file[256];
	size_t len = strlen(value);
	int fd, saved;
	ssize_t n;

	snprintf(file, sizeof(file), "/proc/sys/%s", path);
	fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return xmip_err(err, -errno, "cannot open %s: %s", file, strerror(errno));
	n = write(fd, value, len);
	saved = errno;
	close(fd);
	if (n != (ssize_t)len)
		return xmip_err(err, -saved, "cannot write '%s' to %s: %s", value, file, strerror(saved));
	return 0;
}

int sysctl_prepare_home_agent(struct xmip_error *err)
{
	static const char *const paths[] = { "net/ipv4/conf/all/forwarding",
					     "net/ipv6/conf/all/forwarding" };
	size_t i;
	int ret;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		ret = sysctl_write(paths[i], "1", err);
		if (ret)
			return ret;
		log_debug("sysctl %s = 1", paths[i]);
	}
	return 0;
}
