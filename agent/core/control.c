// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <malloc.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "core/control.h"
#include "core/log.h"

#define CONTROL_MAX_COMMANDS 16

struct command {
	const char *name;
	control_handler_fn fn;
	void *userdata;
};

struct client {
	struct control_server *srv;
	int fd;
	sd_event_source *io;
	sd_event_source *deadline;
	char in[CONTROL_MAX_REQUEST];
	size_t in_len;
	char *out;          /* reply, owned */
	size_t out_len;
	size_t out_off;
	struct client *next;
};

struct control_server {
	sd_event *ev;
	int fd;
	char path[108];
	sd_event_source *listen_src;
	struct command commands[CONTROL_MAX_COMMANDS];
	int n_commands;
	struct client *clients;
	int n_clients;
	uint64_t client_timeout_us;
};

struct json_object *control_error_reply(const char *fmt, ...)
{
	struct json_object *o = json_object_new_object();
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_object_object_add(o, "error", json_object_new_string(msg));
	return o;
}

static void client_free(struct client *c)
{
	struct client **pp;

	for (pp = &c->srv->clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	c->srv->n_clients--;
	sd_event_source_disable_unref(c->io);
	sd_event_source_disable_unref(c->deadline);
	close(c->fd);
	free(c->out);
	free(c);
	/* A large reply (the registrations of 100 000 nodes: tens of MiB of
	 * JSON objects) would stay in the heap after it is freed: glibc
	 * gives memory back to the kernel only when asked. */
	malloc_trim(0);
}

static struct json_object *dispatch(struct control_server *srv, char *line)
{
	char *args = line + strcspn(line, " \t");
	int i;

	if (*args)
		*args++ = 0;
	args += strspn(args, " \t");
	for (i = 0; i < srv->n_commands; i++)
		if (strcmp(srv->commands[i].name, line) == 0)
			return srv->commands[i].fn(srv->commands[i].userdata, args);
	return control_error_reply("unknown command '%s'", line);
}

/* Queues reply (consumed) and switches the connection to writing. */
static int client_reply(struct client *c, struct json_object *reply)
{
	const char *text;

	if (!reply)
		reply = control_error_reply("internal error");
	text = json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN);
	c->out_len = strlen(text) + 1;
	c->out = malloc(c->out_len);
	if (!c->out) {
		json_object_put(reply);
		return -ENOMEM;
	}
	memcpy(c->out, text, c->out_len - 1);
	c->out[c->out_len - 1] = '\n';
	json_object_put(reply);
	return sd_event_source_set_io_events(c->io, EPOLLOUT);
}

static int client_write(struct client *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return 0;
			/* EPIPE/ECONNRESET: the client left mid-reply. */
			log_debug("control: client went away: %s", strerror(errno));
			return -errno;
		}
		c->out_off += (size_t)n;
	}
	return 1;   /* done */
}

static int client_read(struct client *c)
{
	ssize_t n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - 1 - c->in_len, MSG_DONTWAIT);
	char *nl;

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (n == 0)
		return -ECONNRESET;
	c->in_len += (size_t)n;
	c->in[c->in_len] = 0;
	nl = strchr(c->in, '\n');
	if (!nl) {
		if (c->in_len >= sizeof(c->in) - 1)
			return client_reply(c, control_error_reply("request longer than %d bytes",
								   CONTROL_MAX_REQUEST - 1)) < 0 ? -EIO : 0;
		return 0;
	}
	*nl = 0;
	if (nl > c->in && nl[-1] == '\r')
		nl[-1] = 0;
	return client_reply(c, dispatch(c->srv, c->in)) < 0 ? -EIO : 0;
}

static int on_client_io(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct client *c = userdata;
	int ret;

	(void)s;
	(void)fd;
	if (c->out) {
		ret = client_write(c);
		if (ret != 0)
			client_free(c);
		return 0;
	}
	if (revents & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		ret = client_read(c);
		if (ret < 0)
			client_free(c);
	}
	return 0;
}

static int on_client_deadline(sd_event_source *s, uint64_t usec, void *userdata)
{
	(void)s;
	(void)usec;
	log_debug("control: client timed out");
	client_free(userdata);
	return 0;
}

static int on_accept(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct control_server *srv = userdata;
	struct client *c;
	uint64_t now;
	int cfd;

	(void)s;
	(void)revents;
	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return 0;
	if (srv->n_clients >= CONTROL_MAX_CLIENTS) {
		log_warn("control: too many clients, refusing one");
		close(cfd);
		return 0;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(cfd);
		return 0;
	}
	c->srv = srv;
	c->fd = cfd;
	sd_event_now(srv->ev, CLOCK_MONOTONIC, &now);
	if (sd_event_add_io(srv->ev, &c->io, cfd, EPOLLIN, on_client_io, c) < 0 ||
	    sd_event_add_time(srv->ev, &c->deadline, CLOCK_MONOTONIC,
			      now + srv->client_timeout_us, 0, on_client_deadline, c) < 0) {
		sd_event_source_disable_unref(c->io);
		close(cfd);
		free(c);
		return 0;
	}
	c->next = srv->clients;
	srv->clients = c;
	srv->n_clients++;
	return 0;
}

static int ensure_parent_dir(const char *path)
{
	char dir[108];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = 0;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* Binds with a umask that leaves the socket file to its owner from the
 * start (a chmod after bind would leave a moment anyone may connect in),
 * then opens it to the group, if one is configured. */
static int bind_private(int fd, const struct sockaddr_un *sa, const char *path, gid_t group)
{
	mode_t old = umask(0177);
	int ret = bind(fd, (const struct sockaddr *)sa, sizeof(*sa));

	umask(old);
	if (ret < 0)
		return -errno;
	if (group != CONTROL_ROOT_ONLY && (chown(path, (uid_t)-1, group) < 0 || chmod(path, 0660) < 0))
		return -errno;
	return 0;
}

int control_server_start(struct control_server **out, sd_event *ev, const char *path,
			 gid_t group, struct xmip_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct control_server *srv;
	int ret;

	if (strlen(path) >= sizeof(sa.sun_path))
		return xmip_err(err, -ENAMETOOLONG, "control socket path '%s' is too long", path);
	srv = calloc(1, sizeof(*srv));
	if (!srv)
		return xmip_err(err, -ENOMEM, "out of memory");
	srv->ev = ev;
	srv->client_timeout_us = CONTROL_CLIENT_TIMEOUT_US;
	snprintf(srv->path, sizeof(srv->path), "%s", path);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	ret = ensure_parent_dir(path);
	srv->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ret < 0 || srv->fd < 0) {
		ret = ret < 0 ? ret : -errno;
		goto fail;
	}
	/* A socket file left by a killed agent: nobody listens on it any more. */
	unlink(path);
	ret = bind_private(srv->fd, &sa, path, group);
	if (ret < 0 || listen(srv->fd, 16) < 0) {
		ret = ret < 0 ? ret : -errno;
		goto fail;
	}
	ret = sd_event_add_io(ev, &srv->listen_src, srv->fd, EPOLLIN, on_accept, srv);
	if (ret < 0)
		goto fail;
	*out = srv;
	return 0;
fail:
	if (srv->fd >= 0)
		close(srv->fd);
	free(srv);
	return xmip_err(err, ret, "control socket %s: %s", path, strerror(-ret));
}

int control_server_register(struct control_server *srv, const char *command,
			    control_handler_fn fn, void *userdata)
{
	if (srv->n_commands >= CONTROL_MAX_COMMANDS)
		return -E2BIG;
	srv->commands[srv->n_commands++] = (struct command){ command, fn, userdata };
	return 0;
}

void control_server_set_timeout(struct control_server *srv, uint64_t usec)
{
	srv->client_timeout_us = usec;
}

int control_server_clients(const struct control_server *srv)
{
	return srv->n_clients;
}

void control_server_stop(struct control_server *srv)
{
	if (!srv)
		return;
	while (srv->clients)
		client_free(srv->clients);
	sd_event_source_disable_unref(srv->listen_src);
	close(srv->fd);
	unlink(srv->path);
	free(srv);
}
