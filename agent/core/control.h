/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The control socket: a UNIX stream socket. A client sends one command line
 * ("status\n", "stats\n", "bindings\n"), the agent answers with one JSON
 * document and closes. JSON is the only wire format; xmipctl renders it for
 * people. Clients that stall or vanish mid-reply cost nothing: every
 * connection has a deadline and writes never raise SIGPIPE.
 */
#ifndef XMIP_CONTROL_H
#define XMIP_CONTROL_H

#include <stdint.h>
#include <sys/types.h>
#include <json-c/json.h>
#include <systemd/sd-event.h>
#include "xmip_error.h"

#define CONTROL_MAX_REQUEST 256
#define CONTROL_MAX_CLIENTS 32
#define CONTROL_CLIENT_TIMEOUT_US (5ULL * 1000 * 1000)

/* Returns a new JSON object (ownership passes to the server); args is the rest
 * of the command line after the command word, maybe "". */
typedef struct json_object *(*control_handler_fn)(void *userdata, const char *args);

struct control_server;

/* The socket at path, for root only (mode 0600), or also for the members
 * of group (mode 0660, that group) unless group is CONTROL_ROOT_ONLY. */
#define CONTROL_ROOT_ONLY ((gid_t)-1)
int control_server_start(struct control_server **out, sd_event *ev, const char *path,
			 gid_t group, struct xmip_error *err);
int control_server_register(struct control_server *srv, const char *command,
			    control_handler_fn fn, void *userdata);
void control_server_stop(struct control_server *srv);
/* How long a client may take for its whole exchange (default 5 s). */
void control_server_set_timeout(struct control_server *srv, uint64_t usec);
/* Connections open right now. */
int control_server_clients(const struct control_server *srv);

/* A reply to an unknown or malformed request. */
struct json_object *control_error_reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
