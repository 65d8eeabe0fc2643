// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "mh/mh.h"
#include "mh/mh_socket.h"
#include "xmip_proto.h"

int mh_socket_open(const struct in6_addr *local, struct xmip_error *err)
{
	int fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, XMIP_IPPROTO_MH);
	int on = 1, rcvbuf = MH_SOCKET_RCVBUF;

	if (fd < 0)
		return xmip_err(err, -errno, "mobility header socket: %s", strerror(errno));
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) < 0) {
		int e = errno;

		close(fd);
		return xmip_err(err, -e, "IPV6_RECVPKTINFO: %s", strerror(e));
	}
	/* Room for a burst (every node registering again after a restart of
	 * the home agent) rather than the default's hundred or so messages:
	 * what overflows is lost, and each node then waits out its BU
	 * retransmission timer. Forced past rmem_max where we may; else
	 * what rmem_max allows. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (local) {
		struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_addr = *local };

		/* Free bind: the home address may appear on the tunnel
		 * interface only after the socket is opened. */
		setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &on, sizeof(on));
		if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
			int e = errno;

			close(fd);
			return xmip_err(err, -e, "binding the mobility header socket: %s", strerror(e));
		}
	}
	return fd;
}

int mh_socket_recv(int fd, uint8_t *buf, size_t cap, struct mh_received *out)
{
	struct sockaddr_in6 from;
	char control[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
			      .msg_iovlen = 1, .msg_control = control,
			      .msg_controllen = sizeof(control) };
	struct cmsghdr *c;
	ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);

	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? -EAGAIN : -errno;
	memset(out, 0, sizeof(*out));
	out->src = from.sin6_addr;
	out->len = (size_t)n;
	if (msg.msg_flags & MSG_TRUNC)
		out->len = cap + 1;   /* the caller refuses it as too long */
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			out->dst = pi.ipi6_addr;
			out->ifindex = (int)pi.ipi6_ifindex;
		}
	}
	return 0;
}

int mh_socket_send(int fd, const uint8_t *buf, size_t len, const struct in6_addr *src,
		   const struct in6_addr *dst, uint32_t mark)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = *dst };
	char control[CMSG_SPACE(sizeof(struct in6_pktinfo))] = { 0 };
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov,
			      .msg_iovlen = 1, .msg_control = control,
			      .msg_controllen = sizeof(control) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	struct in6_pktinfo pi = { .ipi6_addr = *src };

	/* The agent is single-threaded: the mark is set for this one send. */
	if (setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) < 0)
		return -errno;
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	return sendmsg(fd, &msg, 0) < 0 ? -errno : 0;
}

struct mh_watch {
	mh_handler *handle;
	void *ctx;
};

static int on_readable(sd_event_source *src, int fd, uint32_t revents, void *userdata)
{
	struct mh_watch *w = userdata;
	uint8_t buf[MH_MAX_LEN + 1];
	struct mh_received rx;
	int i;

	(void)src;
	(void)revents;
	for (i = 0; i < MH_SOCKET_BATCH && mh_socket_recv(fd, buf, sizeof(buf) - 1, &rx) == 0; i++)
		w->handle(w->ctx, buf, &rx);
	return 0;
}

int mh_socket_watch(sd_event *ev, sd_event_source **src, int fd, mh_handler *handle, void *ctx)
{
	struct mh_watch *w = calloc(1, sizeof(*w));
	int ret;

	if (!w)
		return -ENOMEM;
	*w = (struct mh_watch){ handle, ctx };
	ret = sd_event_add_io(ev, src, fd, EPOLLIN, on_readable, w);
	if (ret < 0) {
		free(w);
		return ret;
	}
	sd_event_source_set_destroy_callback(*src, free);
	return 0;
}

void mh_socket_unwatch(sd_event_source *src)
{
	sd_event_source_disable_unref(src);
}

int mh_socket_serve(sd_event *ev, const struct in6_addr *local, mh_handler *handle, void *ctx, int *fd,
		    sd_event_source **src, struct xmip_error *err)
{
	int ret;

	*fd = mh_socket_open(local, err);
	if (*fd < 0)
		return *fd;
	ret = mh_socket_watch(ev, src, *fd, handle, ctx);
	return ret < 0 ? xmip_err(err, ret, "event loop: %s", strerror(-ret)) : 0;
}
