// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "net/path_mtu.h"

static int outer_is_ipv4(const struct xmip_tunnel *t)
{
	return !xmip_tunnel_outer_v6(t->format);
}

/* One datagram socket per family, kept: connecting it again to another
 * address is a route lookup, which a new socket per probe also paid for
 * with a socket() and a close(). */
static int probe_fd[2] = { -1, -1 };

static int probe_socket(int v4)
{
	int *fd = &probe_fd[v4];

	if (*fd < 0)
		*fd = socket(v4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return *fd;
}

/*
 * A connected datagram socket asks the kernel which route it would use,
 * and IP_MTU / IPV6_MTU report that route's MTU (with what the kernel has
 * learned of the path). Nothing is sent.
 */
int path_mtu(const struct xmip_tunnel *t, struct xmip_error *err)
{
	int v4 = outer_is_ipv4(t);
	int fd = probe_socket(v4);
	struct sockaddr_in6 to6 = { .sin6_family = AF_INET6, .sin6_port = htons(9) };
	struct sockaddr_in to4 = { .sin_family = AF_INET, .sin_port = htons(9) };
	int mtu = 0, ret;
	socklen_t len = sizeof(mtu);

	if (fd < 0)
		return xmip_err(err, -errno, "socket: %s", strerror(errno));
	if (v4) {
		to4.sin_addr.s_addr = t->remote.v4;
		ret = connect(fd, (struct sockaddr *)&to4, sizeof(to4));
	} else {
		memcpy(&to6.sin6_addr, t->remote.bytes, 16);
		ret = connect(fd, (struct sockaddr *)&to6, sizeof(to6));
	}
	if (!ret)
		ret = v4 ? getsockopt(fd, IPPROTO_IP, IP_MTU, &mtu, &len) :
			   getsockopt(fd, IPPROTO_IPV6, IPV6_MTU, &mtu, &len);
	if (ret)
		return xmip_err(err, -errno, "no route toward the tunnel's far end: %s", strerror(errno));
	return mtu;
}

int tunnel_mtu(const struct xmip_tunnel *t, struct xmip_error *err)
{
	int mtu = path_mtu(t, err);

	if (mtu < 0)
		return mtu;
	mtu -= xmip_tunnel_overhead(t->format);
	return mtu < TUNNEL_MTU_MIN ? TUNNEL_MTU_MIN : mtu;
}
