// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "ctl/ctl_client.h"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on fd until the deadline; 0 on timeout. */
static int wait_fd(int fd, short events, long long deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	long long left = deadline - now_ms();
	int ret;

	if (left <= 0)
		return 0;
	do
		ret = poll(&p, 1, (int)left);
	while (ret < 0 && errno == EINTR);
	return ret;
}

int ctl_request(const char *path, const char *command, int timeout_ms,
		struct json_object **reply, struct xmip_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	long long deadline = now_ms() + timeout_ms;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	char line[256];
	int fd, ret = 0;

	*reply = NULL;
	if (strlen(path) >= sizeof(sa.sun_path))
		return xmip_err(err, -ENAMETOOLONG, "socket path too long: %s", path);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return xmip_err(err, -errno, "socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = xmip_err(err, -errno, "cannot reach xmipd at %s: %s (is it running?)",
			       path, strerror(errno));
		goto out;
	}
	snprintf(line, sizeof(line), "%s\n", command);
	if (send(fd, line, strlen(line), MSG_NOSIGNAL) != (ssize_t)strlen(line)) {
		ret = xmip_err(err, -EIO, "sending the request failed: %s", strerror(errno));
		goto out;
	}
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			char *bigger = realloc(buf, cap ? cap * 2 : 65536);

			if (!bigger) {
				ret = xmip_err(err, -ENOMEM, "out of memory");
				goto out;
			}
			buf = bigger;
			cap = cap ? cap * 2 : 65536;
		}
		n = recv(fd, buf + len, cap - len - 1, 0);
		if (n > 0) {
			len += (size_t)n;
			continue;
		}
		if (n == 0)
			break;
		if (errno != EAGAIN && errno != EINTR) {
			ret = xmip_err(err, -errno, "reading the reply: %s", strerror(errno));
			goto out;
		}
		if (wait_fd(fd, POLLIN, deadline) == 0) {
			ret = xmip_err(err, -ETIMEDOUT, "no reply from xmipd within %d ms", timeout_ms);
			goto out;
		}
	}
	buf[len] = 0;
	*reply = json_tokener_parse(buf);
	if (!*reply)
		ret = xmip_err(err, -EPROTO, "xmipd sent a reply that is not JSON");
out:
	free(buf);
	close(fd);
	return ret;
}
