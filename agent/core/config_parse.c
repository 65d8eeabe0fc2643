// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/config_parse.h"
#include "core/file_perms.h"

int cfg_fail(struct cfg_ctx *ctx, const config_setting_t *s, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (ctx->failed)
		return -1;
	ctx->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (s && config_setting_source_line(s))
		snprintf(ctx->err, ctx->errlen, "%s:%u: %s%s%s%s", ctx->path,
			 config_setting_source_line(s),
			 config_setting_name(s) ? "'" : "",
			 config_setting_name(s) ? config_setting_name(s) : "",
			 config_setting_name(s) ? "': " : "", msg);
	else
		snprintf(ctx->err, ctx->errlen, "%s: %s", ctx->path, msg);
	return -1;
}

int cfg_check_known(struct cfg_ctx *ctx, const config_setting_t *group, const char *const *known)
{
	int i, n = config_setting_length(group);

	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const char *const *k;

		for (k = known; *k; k++)
			if (strcmp(*k, config_setting_name(s)) == 0)
				break;
		if (!*k)
			return cfg_fail(ctx, s, "unknown setting");
	}
	return 0;
}

const char *cfg_get_string(struct cfg_ctx *ctx, const config_setting_t *group, const char *name,
			   int required)
{
	const config_setting_t *s = config_setting_get_member(group, name);

	if (!s) {
		if (required)
			cfg_fail(ctx, group, "missing required setting '%s'", name);
		return NULL;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		cfg_fail(ctx, s, "must be a string in double quotes");
		return NULL;
	}
	return config_setting_get_string(s);
}

int cfg_copy_string(struct cfg_ctx *ctx, const config_setting_t *group, const char *name, char *dst,
		    size_t len, int required)
{
	const char *v = cfg_get_string(ctx, group, name, required);

	if (!v)
		return ctx->failed ? -1 : 0;
	if (strlen(v) == 0 || strlen(v) >= len)
		return cfg_fail(ctx, config_setting_get_member(group, name),
				"must be 1 to %zu characters long", len - 1);
	snprintf(dst, len, "%s", v);
	return 0;
}

int cfg_get_uint(struct cfg_ctx *ctx, const config_setting_t *group, const char *name, uint32_t *out,
		 uint32_t min, uint32_t max)
{
	const config_setting_t *s = config_setting_get_member(group, name);
	long long v;

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_INT && config_setting_type(s) != CONFIG_TYPE_INT64)
		return cfg_fail(ctx, s, "must be an integer");
	v = config_setting_get_int64(s);
	if (v < min || v > max)
		return cfg_fail(ctx, s, "must be between %u and %u", min, max);
	*out = (uint32_t)v;
	return 0;
}

int cfg_get_bool(struct cfg_ctx *ctx, const config_setting_t *group, const char *name, bool *out)
{
	const config_setting_t *s = config_setting_get_member(group, name);

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return cfg_fail(ctx, s, "must be true or false");
	*out = config_setting_get_bool(s);
	return 0;
}

int cfg_parse_in6(struct cfg_ctx *ctx, const config_setting_t *s, const char *v, struct in6_addr *out)
{
	if (inet_pton(AF_INET6, v, out) != 1)
		return cfg_fail(ctx, s, "'%s' is not an IPv6 address", v);
	return 0;
}

int cfg_parse_in4(struct cfg_ctx *ctx, const config_setting_t *s, const char *v, struct in_addr *out)
{
	if (inet_pton(AF_INET, v, out) != 1)
		return cfg_fail(ctx, s, "'%s' is not an IPv4 address", v);
	return 0;
}

int cfg_get_addr6(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, struct in6_addr *out,
		  int required)
{
	const char *v = cfg_get_string(ctx, g, name, required);

	if (!v)
		return ctx->failed ? -1 : 0;
	return cfg_parse_in6(ctx, config_setting_get_member(g, name), v, out);
}

int cfg_get_addr4(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, struct in_addr *out,
		  bool *present)
{
	const char *v = cfg_get_string(ctx, g, name, 0);

	if (!v)
		return ctx->failed ? -1 : 0;
	if (present)
		*present = true;
	return cfg_parse_in4(ctx, config_setting_get_member(g, name), v, out);
}

int cfg_parse_prefix(struct cfg_ctx *ctx, const config_setting_t *s, const char *v, int family, void *addr,
		     uint8_t *len)
{
	int maxlen = family == AF_INET ? 32 : 128;
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	long l;

	snprintf(buf, sizeof(buf), "%s", v);
	slash = strchr(buf, '/');
	if (!slash)
		return cfg_fail(ctx, s, "'%s' is not a prefix (address/length)", v);
	*slash = 0;
	errno = 0;
	l = strtol(slash + 1, &end, 10);
	if (errno || *end || end == slash + 1 || l < 1 || l > maxlen)
		return cfg_fail(ctx, s, "prefix length in '%s' must be 1 to %d", v, maxlen);
	if (inet_pton(family, buf, addr) != 1)
		return cfg_fail(ctx, s, "'%s' is not an %s prefix", v, family == AF_INET ? "IPv4" : "IPv6");
	*len = (uint8_t)l;
	return 0;
}

void cfg_clear_host_bits(uint8_t *addr, uint8_t len, int bytes)
{
	int i;

	for (i = len / 8; i < bytes; i++)
		addr[i] &= i == len / 8 ? (uint8_t)(0xff << (8 - len % 8)) : 0;
}

int cfg_get_prefix(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, int family, void *addr,
		   uint8_t *len, bool *present)
{
	const char *v = cfg_get_string(ctx, g, name, 0);

	if (!v)
		return ctx->failed ? -1 : 0;
	if (present)
		*present = true;
	return cfg_parse_prefix(ctx, config_setting_get_member(g, name), v, family, addr, len);
}

int cfg_get_ifaces(struct cfg_ctx *ctx, const config_setting_t *g, const char *name,
		   char out[][IF_NAMESIZE], int *n, int max, int required)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	int i, count;

	if (!s)
		return required ? cfg_fail(ctx, g, "missing required setting '%s'", name) : 0;
	if (!config_setting_is_aggregate(s))
		return cfg_fail(ctx, s, "must be a list of interface names, e.g. [ \"eth0\" ]");
	count = config_setting_length(s);
	if (count > max)
		return cfg_fail(ctx, s, "at most %d interfaces", max);
	if (required && count == 0)
		return cfg_fail(ctx, s, "needs at least one interface");
	for (i = 0; i < count; i++) {
		const char *v = config_setting_get_string_elem(s, i);

		if (!v || !*v || strlen(v) >= IF_NAMESIZE)
			return cfg_fail(ctx, s, "element %d is not an interface name", i + 1);
		snprintf(out[i], IF_NAMESIZE, "%s", v);
	}
	*n = count;
	return 0;
}

int cfg_get_prefixes(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, int family,
		     void *first_addr, uint8_t *first_len, size_t stride, int max, int *n)
{
	const config_setting_t *list = config_setting_get_member(g, name);
	int i;

	if (!list)
		return 0;
	if (!config_setting_is_aggregate(list) || config_setting_length(list) > max)
		return cfg_fail(ctx, list, "must be a list of at most %d %s prefixes", max,
				family == AF_INET ? "IPv4" : "IPv6");
	for (i = 0; i < config_setting_length(list); i++) {
		const char *v = config_setting_get_string_elem(list, i);
		uint8_t *addr = (uint8_t *)first_addr + (size_t)i * stride;
		uint8_t *len = first_len + (size_t)i * stride;

		if (!v)
			return cfg_fail(ctx, list, "element %d is not an %s prefix", i + 1,
					family == AF_INET ? "IPv4" : "IPv6");
		if (cfg_parse_prefix(ctx, list, v, family, addr, len))
			return -1;
		cfg_clear_host_bits(addr, *len, family == AF_INET ? 4 : 16);
	}
	*n = config_setting_length(list);
	return 0;
}

int cfg_get_dns_name(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, char *dst, size_t len)
{
	const char *p;
	size_t label = 0;

	if (!config_setting_get_member(g, name))
		return 0;
	if (cfg_copy_string(ctx, g, name, dst, len, 0))
		return -1;
	for (p = dst; *p; p++) {
		if (*p == '.') {
			if (!label)
				break;
			label = 0;
		} else if ((isalnum((unsigned char)*p) || *p == '-' || *p == '_') && ++label <= 63) {
			continue;
		} else {
			break;
		}
	}
	if (*p || (!label && p == dst))
		return cfg_fail(ctx, config_setting_get_member(g, name), "'%s' is not a DNS name", dst);
	return 0;
}

int cfg_get_private_file(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, char *dst,
			 size_t len, bool secret)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	char why[160];

	if (cfg_copy_string(ctx, g, name, dst, len, 1))
		return -1;
	if (access(dst, R_OK))
		return cfg_fail(ctx, s, "cannot read '%s': %s", dst, strerror(errno));
	if (file_perms_check(dst, secret, why, sizeof(why)))
		return cfg_fail(ctx, s, "'%s' %s", dst, why);
	return 0;
}
