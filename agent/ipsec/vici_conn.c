// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "ipsec/vici_conn.h"

int vici_conn_open(struct vici_conn *c, const char *socket_path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (strlen(socket_path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, socket_path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->fd < 0)
		return -errno;
	if (connect(c->fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int ret = -errno;

		close(c->fd);
		c->fd = -1;
		return ret;
	}
	return 0;
}

void vici_conn_close(struct vici_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->rx);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Writes all of buf, waiting for the socket at most until deadline. */
static int send_all(struct vici_conn *c, const uint8_t *buf, size_t len, int64_t deadline)
{
	while (len) {
		ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = c->fd, .events = POLLOUT };
			int64_t left = deadline - now_ms();

			if (left <= 0 || poll(&p, 1, (int)left) == 0)
				return -ETIMEDOUT;
			continue;
		}
		return -ECONNRESET;
	}
	return 0;
}

/* Reads what is there into the buffer: >0 bytes read, 0 nothing yet,
 * -ECONNRESET at the end of the stream. */
static int fill(struct vici_conn *c)
{
	ssize_t n;

	if (c->rx_cap - c->rx_len < 4096) {
		size_t cap = c->rx_cap ? c->rx_cap * 2 : 8192;
		uint8_t *p;

		if (cap > 2 * (VICI_SEGMENT_MAX + 4))
			return -EBADMSG;
		p = realloc(c->rx, cap);
		if (!p)
			return -ENOMEM;
		c->rx = p;
		c->rx_cap = cap;
	}
	n = recv(c->fd, c->rx + c->rx_len, c->rx_cap - c->rx_len, 0);
	if (n == 0)
		return -ECONNRESET;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -ECONNRESET;
	c->rx_len += (size_t)n;
	return (int)n;
}

/* A complete segment at the head of the buffer: its length, 0 if it is not
 * all there yet, -EBADMSG if its length is impossible. */
static long head_segment(const struct vici_conn *c)
{
	uint32_t len;

	if (c->rx_len < 4)
		return 0;
	len = (uint32_t)c->rx[0] << 24 | (uint32_t)c->rx[1] << 16 | (uint32_t)c->rx[2] << 8 | c->rx[3];
	if (len == 0 || len > VICI_SEGMENT_MAX)
		return -EBADMSG;
	return c->rx_len - 4 >= len ? (long)len : 0;
}

static void consume(struct vici_conn *c, size_t seg_len)
{
	memmove(c->rx, c->rx + 4 + seg_len, c->rx_len - 4 - seg_len);
	c->rx_len -= 4 + seg_len;
}

static void deliver_event(const struct vici_packet *p, vici_event_cb cb, void *ctx)
{
	char err[128];
	struct vici_node *msg;

	if (!cb)
		return;
	msg = vici_parse(p->msg, p->msg_len, err, sizeof(err));
	if (msg)
		cb(ctx, p->name, msg);
	vici_node_free(msg);
}

/* The next packet that is not an event, within deadline; events on the way
 * are delivered. On success the caller owns nothing: *seg_len tells how much
 * to consume after using p (which points into the buffer). */
static int next_answer(struct vici_conn *c, struct vici_packet *p, size_t *seg_len, int64_t deadline,
		       vici_event_cb cb, void *ctx)
{
	for (;;) {
		long len = head_segment(c);

		if (len < 0)
			return (int)len;
		if (len > 0) {
			if (vici_packet_decode(c->rx + 4, (size_t)len, p)) {
				consume(c, (size_t)len);
				return -EBADMSG;
			}
			if (p->type != VICI_EVENT) {
				*seg_len = (size_t)len;
				return 0;
			}
			deliver_event(p, cb, ctx);
			consume(c, (size_t)len);
			continue;
		}
		{
			struct pollfd pf = { .fd = c->fd, .events = POLLIN };
			int64_t left = deadline - now_ms();
			int ret;

			if (left <= 0 || poll(&pf, 1, (int)left) == 0)
				return -ETIMEDOUT;
			ret = fill(c);
			if (ret < 0)
				return ret;
		}
	}
}

static int transact(struct vici_conn *c, uint8_t type, const char *name, const struct vici_builder *msg,
		    struct vici_packet *answer, size_t *seg_len, int timeout_ms, vici_event_cb cb, void *ctx)
{
	struct vici_builder out;
	int64_t deadline = now_ms() + timeout_ms;
	int ret;

	if (c->fd < 0)
		return -ENOTCONN;
	vici_builder_init(&out);
	ret = vici_packet_encode(&out, type, name, msg);
	if (!ret)
		ret = send_all(c, out.data, out.len, deadline);
	vici_builder_free(&out);
	if (!ret)
		ret = next_answer(c, answer, seg_len, deadline, cb, ctx);
	return ret;
}

int vici_conn_command(struct vici_conn *c, const char *cmd, const struct vici_builder *msg,
		      struct vici_node **reply, int timeout_ms, vici_event_cb cb, void *ctx)
{
	struct vici_packet p;
	size_t seg_len = 0;
	char err[128];
	int ret;

	if (reply)
		*reply = NULL;
	ret = transact(c, VICI_CMD_REQUEST, cmd, msg, &p, &seg_len, timeout_ms, cb, ctx);
	if (ret)
		return ret;
	if (p.type == VICI_CMD_UNKNOWN)
		ret = -EOPNOTSUPP;
	else if (p.type != VICI_CMD_RESPONSE)
		ret = -EBADMSG;
	else if (reply && !(*reply = vici_parse(p.msg, p.msg_len, err, sizeof(err))))
		ret = -EBADMSG;
	consume(c, seg_len);
	return ret;
}

int vici_conn_register(struct vici_conn *c, const char *event, bool do_register, int timeout_ms,
		       vici_event_cb cb, void *ctx)
{
	struct vici_packet p;
	size_t seg_len = 0;
	int ret;

	ret = transact(c, do_register ? VICI_EVENT_REGISTER : VICI_EVENT_UNREGISTER, event, NULL, &p,
		       &seg_len, timeout_ms, cb, ctx);
	if (ret)
		return ret;
	if (p.type == VICI_EVENT_UNKNOWN)
		ret = -ENOENT;
	else if (p.type != VICI_EVENT_CONFIRM)
		ret = -EBADMSG;
	consume(c, seg_len);
	return ret;
}

int vici_conn_dispatch(struct vici_conn *c, vici_event_cb cb, void *ctx)
{
	int ret;

	if (c->fd < 0)
		return -ENOTCONN;
	do {
		long len;

		ret = fill(c);
		while ((len = head_segment(c)) > 0) {
			struct vici_packet p;

			/* Only events come unasked; anything else is dropped. */
			if (!vici_packet_decode(c->rx + 4, (size_t)len, &p) && p.type == VICI_EVENT)
				deliver_event(&p, cb, ctx);
			consume(c, (size_t)len);
		}
		if (len < 0)
			return (int)len;
	} while (ret > 0);
	return ret < 0 ? ret : 0;
}

bool vici_reply_ok(const struct vici_node *reply, char *err, size_t errlen)
{
	const char *ok = vici_value(reply, "success");
	const char *why = vici_value(reply, "errmsg");

	if (ok && !strcmp(ok, "yes"))
		return true;
	snprintf(err, errlen, "%s", why && *why ? why : "the daemon refused without a reason");
	return false;
}
