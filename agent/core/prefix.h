/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* An IPv6 or IPv4 prefix of the configuration, and whether it holds an
 * address. */
#ifndef XMIP_PREFIX_H
#define XMIP_PREFIX_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

struct prefix6 {
	struct in6_addr addr;
	uint8_t len;
};

struct prefix4 {
	struct in_addr addr;
	uint8_t len;
};

bool prefix4_contains(const struct prefix4 *p, struct in_addr a);
bool prefix6_contains(const struct prefix6 *p, const struct in6_addr *a);

#endif
