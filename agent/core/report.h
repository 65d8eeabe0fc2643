/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The JSON answers of the control socket: status, stats, bindings. */
#ifndef XMIP_REPORT_H
#define XMIP_REPORT_H

#include <json-c/json.h>
#include <netinet/in.h>
#include <stdint.h>
#include "core/config.h"
#include "core/dp_setup.h"
#include "core/control.h"

struct report_ctx {
	const struct xmip_config *cfg;
	struct dp_state *dp;
	uint64_t started_usec;      /* CLOCK_MONOTONIC */
};

#define REPORT_MAX_BINDINGS 1000000

struct json_object *report_status(void *ctx, const char *args);
struct json_object *report_stats(void *ctx, const char *args);
struct json_object *report_bindings(void *ctx, const char *args);

/* Helpers shared with xmipctl's rendering and the tests. */
const char *tunnel_format_name(unsigned int format);
/* Writes the tunnel's remote (or local) address in its outer family. */
void tunnel_addr_str(const struct xmip_tunnel *t, const union xmip_addr *a, char *buf, size_t len);
/* An IPv4 home address ("192.0.2.100", len 32) or mobile network prefix
 * ("198.18.0.0/28"); as JSON under "home_address4" or "prefix4". */
#define IPV4_HOME_STRLEN (INET_ADDRSTRLEN + 3)
void ipv4_home_str(struct in_addr a, uint8_t len, char *buf, size_t size);
void report_ipv4_home(struct json_object *o, struct in_addr a, uint8_t len);

#endif
