/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * One stream connection to charon's VICI socket. A command is synchronous
 * and bounded by a timeout (the daemon answers in milliseconds; streamed
 * answers arrive as events before the response). Events on a connection
 * used only for them are read without blocking, as the event loop reports
 * the socket readable.
 */
#ifndef XMIP_VICI_CONN_H
#define XMIP_VICI_CONN_H

#include "ipsec/vici_msg.h"

struct vici_conn {
	int fd;
	uint8_t *rx;
	size_t rx_len, rx_cap;
};

/* An event: its name and message (the root section). */
typedef void (*vici_event_cb)(void *ctx, const char *name, const struct vici_node *msg);

/* Returns 0 or -errno. */
int vici_conn_open(struct vici_conn *c, const char *socket_path);
void vici_conn_close(struct vici_conn *c);
static inline bool vici_conn_is_open(const struct vici_conn *c)
{
	return c->fd >= 0;
}

/* Sends cmd with msg (NULL: empty) and waits up to timeout_ms for the
 * response, which goes to *reply (NULL: discarded). Events arriving in the
 * meantime go to cb (may be NULL). Returns 0, -EOPNOTSUPP when the daemon
 * does not know cmd, -ETIMEDOUT, -ECONNRESET when it hung up, -EBADMSG. */
int vici_conn_command(struct vici_conn *c, const char *cmd, const struct vici_builder *msg,
		      struct vici_node **reply, int timeout_ms, vici_event_cb cb, void *ctx);

/* Registers for (or, register false, unregisters from) an event. Returns 0,
 * -ENOENT when the daemon has no such event, or an error as above. */
int vici_conn_register(struct vici_conn *c, const char *event, bool do_register, int timeout_ms,
		       vici_event_cb cb, void *ctx);

/* Reads what the socket has without blocking and passes every complete
 * event to cb. Returns 0, or -ECONNRESET once the daemon has hung up. */
int vici_conn_dispatch(struct vici_conn *c, vici_event_cb cb, void *ctx);

/* "success = yes" in a command's reply; otherwise the daemon's errmsg (or
 * a generic text) is copied to err. */
bool vici_reply_ok(const struct vici_node *reply, char *err, size_t errlen);

#endif
