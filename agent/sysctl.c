// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "log.h"
#include "sysctl.h"

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

int sysctl_prepare_home_agent(const char *home_link, struct xmip_error *err)
{
	char proxy_ndp[128], delay6[128], delay4[128];
	const char *paths[5], *values[5] = { "1", "1", "1", "0", "0" };
	int i, ret;

	snprintf(proxy_ndp, sizeof(proxy_ndp), "net/ipv6/conf/%s/proxy_ndp", home_link);
	snprintf(delay6, sizeof(delay6), "net/ipv6/neigh/%s/proxy_delay", home_link);
	snprintf(delay4, sizeof(delay4), "net/ipv4/neigh/%s/proxy_delay", home_link);
	paths[0] = "net/ipv4/conf/all/forwarding";
	paths[1] = "net/ipv6/conf/all/forwarding";
	paths[2] = proxy_ndp;
	paths[3] = delay6;
	paths[4] = delay4;
	for (i = 0; i < 5; i++) {
		ret = sysctl_write(paths[i], values[i], err);
		if (ret)
			return ret;
		log_debug("sysctl %s = %s", paths[i], values[i]);
	}
	return 0;
}
