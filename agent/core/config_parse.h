/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The configuration core's readers, shared by every section's parser (the
 * daemon's settings and each role's section): typed values from libconfig
 * settings, checked, with the first problem reported as
 * "file:line: 'setting': message". A section's parser calls them in a row
 * and stops at the first that fails (they return -1 once ctx has failed).
 */
#ifndef XMIP_CONFIG_PARSE_H
#define XMIP_CONFIG_PARSE_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libconfig.h>

/* Where errors are reported: the file, and the first problem found. */
struct cfg_ctx {
	const char *path;
	char *err;
	size_t errlen;
	int failed;
};

/* "file:line: 'name': message" for setting s (NULL: the file); the first
 * error wins. Returns -1. */
int cfg_fail(struct cfg_ctx *ctx, const config_setting_t *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Refuses a key of group that is not in the NULL-terminated known list:
 * a typo must not be ignored. */
int cfg_check_known(struct cfg_ctx *ctx, const config_setting_t *group, const char *const *known);

/* A string member, or NULL (absent, or not a string: then ctx failed). */
const char *cfg_get_string(struct cfg_ctx *ctx, const config_setting_t *group, const char *name,
			   int required);
/* A string of 1 to len - 1 characters into dst; absent and optional: 0. */
int cfg_copy_string(struct cfg_ctx *ctx, const config_setting_t *group, const char *name, char *dst,
		    size_t len, int required);
int cfg_get_uint(struct cfg_ctx *ctx, const config_setting_t *group, const char *name, uint32_t *out,
		 uint32_t min, uint32_t max);
int cfg_get_bool(struct cfg_ctx *ctx, const config_setting_t *group, const char *name, bool *out);

/* Addresses; s is where an error points. */
int cfg_parse_in6(struct cfg_ctx *ctx, const config_setting_t *s, const char *v, struct in6_addr *out);
int cfg_parse_in4(struct cfg_ctx *ctx, const config_setting_t *s, const char *v, struct in_addr *out);
int cfg_get_addr6(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, struct in6_addr *out,
		  int required);
/* present (may be NULL) is set when the member exists. */
int cfg_get_addr4(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, struct in_addr *out,
		  bool *present);

/* "addr/len" of one family (AF_INET or AF_INET6). */
int cfg_parse_prefix(struct cfg_ctx *ctx, const config_setting_t *s, const char *v, int family, void *addr,
		     uint8_t *len);
int cfg_get_prefix(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, int family, void *addr,
		   uint8_t *len, bool *present);
/* An optional list of at most max prefixes of one family: element i's
 * address and length lie stride bytes after element i-1's. Host bits are
 * cleared: "192.0.2.65/28" is 192.0.2.64/28. */
int cfg_get_prefixes(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, int family,
		     void *first_addr, uint8_t *first_len, size_t stride, int max, int *n);
/* Zeroes the bits of addr (bytes long) beyond len. */
void cfg_clear_host_bits(uint8_t *addr, uint8_t len, int bytes);

/* A list (or array) of at most max interface names. */
int cfg_get_ifaces(struct cfg_ctx *ctx, const config_setting_t *g, const char *name,
		   char out[][IF_NAMESIZE], int *n, int max, int required);
/* A host or domain name: letters, digits, '-' and '_' in labels of 1 to 63
 * characters, with an optional final dot. */
int cfg_get_dns_name(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, char *dst, size_t len);
/* A file the agent hands on (a PEM for charon): readable, writable by its
 * owner only, and with secret set, readable by its owner only. */
int cfg_get_private_file(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, char *dst,
			 size_t len, bool secret);

#endif
