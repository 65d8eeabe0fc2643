/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The client side of the control socket: one request, one JSON reply. */
#ifndef XMIP_CTL_CLIENT_H
#define XMIP_CTL_CLIENT_H

#include <json-c/json.h>
#include "xmip_error.h"

/* Sends command to the socket at path and parses the reply. timeout_ms bounds
 * the whole exchange. */
int ctl_request(const char *path, const char *command, int timeout_ms,
		struct json_object **reply, struct xmip_error *err);

#endif
