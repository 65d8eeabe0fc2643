// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <string.h>
#include "core/prefix.h"

bool prefix4_contains(const struct prefix4 *p, struct in_addr a)
{
	uint32_t mask = p->len ? ~0u << (32 - p->len) : 0;

	return ((ntohl(p->addr.s_addr) ^ ntohl(a.s_addr)) & mask) == 0;
}

bool prefix6_contains(const struct prefix6 *p, const struct in6_addr *a)
{
	uint8_t full = p->len / 8, rest = p->len % 8;

	if (memcmp(&p->addr, a, full))
		return false;
	return !rest || !((p->addr.s6_addr[full] ^ a->s6_addr[full]) & (0xff << (8 - rest)));
}
