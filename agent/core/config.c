// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libconfig.h>
#include "core/config.h"
#include "core/file_perms.h"
#include "core/log.h"
#include "xmip_proto.h"

/* Where errors are reported: the file, and the first problem found. */
struct cfg_ctx {
	const char *path;
	char *err;
	size_t errlen;
	int failed;
};

static int fail_at(struct cfg_ctx *ctx, const config_setting_t *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "file:line: setting 'a.b': message"; the first error wins. */
static int fail_at(struct cfg_ctx *ctx, const config_setting_t *s, const char *fmt, ...)
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

/* Rejects keys the section does not know: a typo must not be ignored. */
static int check_known(struct cfg_ctx *ctx, const config_setting_t *group,
		       const char *const *known)
{
	int i, n = config_setting_length(group);

	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const char *const *k;

		for (k = known; *k; k++)
			if (strcmp(*k, config_setting_name(s)) == 0)
				break;
		if (!*k)
			return fail_at(ctx, s, "unknown setting");
	}
	return 0;
}

static const char *get_string(struct cfg_ctx *ctx, const config_setting_t *group,
			      const char *name, int required)
{
	const config_setting_t *s = config_setting_get_member(group, name);

	if (!s) {
		if (required)
			fail_at(ctx, group, "missing required setting '%s'", name);
		return NULL;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		fail_at(ctx, s, "must be a string in double quotes");
		return NULL;
	}
	return config_setting_get_string(s);
}

static int copy_string(struct cfg_ctx *ctx, const config_setting_t *group, const char *name,
		       char *dst, size_t len, int required)
{
	const char *v = get_string(ctx, group, name, required);

	if (!v)
		return ctx->failed ? -1 : 0;
	if (strlen(v) == 0 || strlen(v) >= len)
		return fail_at(ctx, config_setting_get_member(group, name),
			       "must be 1 to %zu characters long", len - 1);
	snprintf(dst, len, "%s", v);
	return 0;
}

static int get_uint(struct cfg_ctx *ctx, const config_setting_t *group, const char *name,
		    uint32_t *out, uint32_t min, uint32_t max)
{
	const config_setting_t *s = config_setting_get_member(group, name);
	long long v;

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_INT && config_setting_type(s) != CONFIG_TYPE_INT64)
		return fail_at(ctx, s, "must be an integer");
	v = config_setting_get_int64(s);
	if (v < min || v > max)
		return fail_at(ctx, s, "must be between %u and %u", min, max);
	*out = (uint32_t)v;
	return 0;
}

static int get_bool(struct cfg_ctx *ctx, const config_setting_t *group, const char *name, bool *out)
{
	const config_setting_t *s = config_setting_get_member(group, name);

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return fail_at(ctx, s, "must be true or false");
	*out = config_setting_get_bool(s);
	return 0;
}

static int parse_in6(struct cfg_ctx *ctx, const config_setting_t *s, const char *v, struct in6_addr *out)
{
	if (inet_pton(AF_INET6, v, out) != 1)
		return fail_at(ctx, s, "'%s' is not an IPv6 address", v);
	return 0;
}

static int parse_in4(struct cfg_ctx *ctx, const config_setting_t *s, const char *v, struct in_addr *out)
{
	if (inet_pton(AF_INET, v, out) != 1)
		return fail_at(ctx, s, "'%s' is not an IPv4 address", v);
	return 0;
}

static int get_addr6(struct cfg_ctx *ctx, const config_setting_t *g, const char *name,
		     struct in6_addr *out, int required)
{
	const char *v = get_string(ctx, g, name, required);

	if (!v)
		return ctx->failed ? -1 : 0;
	return parse_in6(ctx, config_setting_get_member(g, name), v, out);
}

static int get_addr4(struct cfg_ctx *ctx, const config_setting_t *g, const char *name,
		     struct in_addr *out, bool *present)
{
	const char *v = get_string(ctx, g, name, 0);

	if (!v)
		return ctx->failed ? -1 : 0;
	if (present)
		*present = true;
	return parse_in4(ctx, config_setting_get_member(g, name), v, out);
}

/* "addr/len" of one family (AF_INET or AF_INET6); s is where errors point. */
static int parse_prefix(struct cfg_ctx *ctx, const config_setting_t *s, const char *v,
			int family, void *addr, uint8_t *len)
{
	int maxlen = family == AF_INET ? 32 : 128;
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	long l;

	snprintf(buf, sizeof(buf), "%s", v);
	slash = strchr(buf, '/');
	if (!slash)
		return fail_at(ctx, s, "'%s' is not a prefix (address/length)", v);
	*slash = 0;
	errno = 0;
	l = strtol(slash + 1, &end, 10);
	if (errno || *end || end == slash + 1 || l < 1 || l > maxlen)
		return fail_at(ctx, s, "prefix length in '%s' must be 1 to %d", v, maxlen);
	if (inet_pton(family, buf, addr) != 1)
		return fail_at(ctx, s, "'%s' is not an %s prefix", v, family == AF_INET ? "IPv4" : "IPv6");
	*len = (uint8_t)l;
	return 0;
}

static void clear_host_bits(uint8_t *addr, uint8_t len, int bytes)
{
	int i;

	for (i = len / 8; i < bytes; i++)
		addr[i] &= i == len / 8 ? (uint8_t)(0xff << (8 - len % 8)) : 0;
}

static int get_prefix(struct cfg_ctx *ctx, const config_setting_t *g, const char *name,
		      int family, void *addr, uint8_t *len, bool *present)
{
	const char *v = get_string(ctx, g, name, 0);

	if (!v)
		return ctx->failed ? -1 : 0;
	if (present)
		*present = true;
	return parse_prefix(ctx, config_setting_get_member(g, name), v, family, addr, len);
}

/* A list (or array) of interface names. */
static int get_ifaces(struct cfg_ctx *ctx, const config_setting_t *g, const char *name,
		      char out[][IF_NAMESIZE], int *n, int required)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	int i, count;

	if (!s)
		return required ? fail_at(ctx, g, "missing required setting '%s'", name) : 0;
	if (!config_setting_is_aggregate(s))
		return fail_at(ctx, s, "must be a list of interface names, e.g. [ \"eth0\" ]");
	count = config_setting_length(s);
	if (count > XMIP_MAX_IFACES)
		return fail_at(ctx, s, "at most %d interfaces", XMIP_MAX_IFACES);
	if (required && count == 0)
		return fail_at(ctx, s, "needs at least one interface");
	for (i = 0; i < count; i++) {
		const char *v = config_setting_get_string_elem(s, i);

		if (!v || !*v || strlen(v) >= IF_NAMESIZE)
			return fail_at(ctx, s, "element %d is not an interface name", i + 1);
		snprintf(out[i], IF_NAMESIZE, "%s", v);
	}
	*n = count;
	return 0;
}

/* An optional list of at most max prefixes of one family (mobile network
 * prefixes): element i's address and length lie stride bytes after
 * element i-1's. Host bits are cleared: "192.0.2.65/28" is 192.0.2.64/28. */
static int get_prefixes(struct cfg_ctx *ctx, const config_setting_t *g, const char *name, int family,
			void *first_addr, uint8_t *first_len, size_t stride, int max, int *n)
{
	const config_setting_t *list = config_setting_get_member(g, name);
	int i;

	if (!list)
		return 0;
	if (!config_setting_is_aggregate(list) || config_setting_length(list) > max)
		return fail_at(ctx, list, "must be a list of at most %d %s prefixes", max,
			       family == AF_INET ? "IPv4" : "IPv6");
	for (i = 0; i < config_setting_length(list); i++) {
		const char *v = config_setting_get_string_elem(list, i);
		uint8_t *addr = (uint8_t *)first_addr + (size_t)i * stride;
		uint8_t *len = first_len + (size_t)i * stride;

		if (!v)
			return fail_at(ctx, list, "element %d is not an %s prefix", i + 1,
				       family == AF_INET ? "IPv4" : "IPv6");
		if (parse_prefix(ctx, list, v, family, addr, len))
			return -1;
		clear_host_bits(addr, *len, family == AF_INET ? 4 : 16);
	}
	*n = config_setting_length(list);
	return 0;
}

/* A host or domain name: letters, digits, '-' and '_' in labels of 1 to 63
 * characters, with an optional final dot. */
static int get_dns_name(struct cfg_ctx *ctx, const config_setting_t *g, const char *name,
			char *dst, size_t len)
{
	const char *p;
	size_t label = 0;

	if (!config_setting_get_member(g, name))
		return 0;
	if (copy_string(ctx, g, name, dst, len, 0))
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
		return fail_at(ctx, config_setting_get_member(g, name), "'%s' is not a DNS name", dst);
	return 0;
}

/* The resolvers to ask instead of /etc/resolv.conf's: IPv4 or IPv6 addresses. */
static int get_dns_servers(struct cfg_ctx *ctx, const config_setting_t *g, struct mn_config *mn)
{
	const config_setting_t *list = config_setting_get_member(g, "dns_servers");
	struct in6_addr scratch;
	int i;

	if (!list)
		return 0;
	if (!mn_discovers_home_agent(mn))
		return fail_at(ctx, list, "only used with home_agent_name or home_agent_domain");
	if (!config_setting_is_aggregate(list) || config_setting_length(list) < 1 ||
	    config_setting_length(list) > XMIP_MAX_DNS_SERVERS)
		return fail_at(ctx, list, "must be a list of 1 to %d IP addresses", XMIP_MAX_DNS_SERVERS);
	for (i = 0; i < config_setting_length(list); i++) {
		const char *v = config_setting_get_string_elem(list, i);

		if (!v || (inet_pton(AF_INET, v, &scratch) != 1 && inet_pton(AF_INET6, v, &scratch) != 1))
			return fail_at(ctx, list, "element %d is not an IP address", i + 1);
		snprintf(mn->dns_servers[i], sizeof(mn->dns_servers[i]), "%s", v);
	}
	mn->n_dns_servers = config_setting_length(list);
	return 0;
}

/* RFC 5555 2.1: the home agent is configured (home_agent6, maybe with
 * home_agent4) or found through DNS by its name or its domain's SRV
 * record; exactly one of the three. */
static int get_home_agent(struct cfg_ctx *ctx, const config_setting_t *g, struct mn_config *mn)
{
	bool has6 = config_setting_get_member(g, "home_agent6") != NULL;

	if (get_addr6(ctx, g, "home_agent6", &mn->home_agent6, 0) ||
	    get_addr4(ctx, g, "home_agent4", &mn->home_agent4, &mn->has_home_agent4) ||
	    get_dns_name(ctx, g, "home_agent_name", mn->home_agent_name, sizeof(mn->home_agent_name)) ||
	    get_dns_name(ctx, g, "home_agent_domain", mn->home_agent_domain, sizeof(mn->home_agent_domain)))
		return -1;
	if (has6 + !!mn->home_agent_name[0] + !!mn->home_agent_domain[0] != 1)
		return fail_at(ctx, g, "set one of home_agent6 (with home_agent4), home_agent_name "
				       "or home_agent_domain");
	if (mn->has_home_agent4 && !has6)
		return fail_at(ctx, config_setting_get_member(g, "home_agent4"),
			       "only used with home_agent6: DNS gives a discovered home agent's IPv4 address");
	return get_dns_servers(ctx, g, mn);
}

static int parse_mobile_node(struct cfg_ctx *ctx, const config_setting_t *g, struct mn_authz *mn)
{
	static const char *const known[] = { "id", "home_address6", "ipv4_home_addresses",
					     "mobile_network_prefixes", "ipv4_mobile_network_prefixes", NULL };
	const config_setting_t *list;
	int i;

	if (!config_setting_is_group(g))
		return fail_at(ctx, g, "each mobile node must be a group { ... }");
	if (check_known(ctx, g, known) || copy_string(ctx, g, "id", mn->id, sizeof(mn->id), 1) ||
	    get_addr6(ctx, g, "home_address6", &mn->home_address6, 1))
		return -1;
	list = config_setting_get_member(g, "ipv4_home_addresses");
	if (list) {
		if (!config_setting_is_aggregate(list) || config_setting_length(list) > XMIP_MAX_V4_HOAS)
			return fail_at(ctx, list, "must be a list of at most %d IPv4 addresses", XMIP_MAX_V4_HOAS);
		for (i = 0; i < config_setting_length(list); i++) {
			const char *v = config_setting_get_string_elem(list, i);

			if (!v || parse_in4(ctx, list, v, &mn->v4_hoas[i]))
				return fail_at(ctx, list, "element %d is not an IPv4 address", i + 1);
		}
		mn->n_v4_hoas = config_setting_length(list);
	}
	return get_prefixes(ctx, g, "mobile_network_prefixes", AF_INET6, &mn->mnp6[0].addr, &mn->mnp6[0].len,
			    sizeof(mn->mnp6[0]), XMIP_MAX_MNP6, &mn->n_mnp6) ||
	       get_prefixes(ctx, g, "ipv4_mobile_network_prefixes", AF_INET, &mn->v4_mnp[0].addr,
			    &mn->v4_mnp[0].len, sizeof(mn->v4_mnp[0]), XMIP_MAX_V4_MNP, &mn->n_v4_mnp);
}

/* Duplicates among the mobile nodes, found by sorting (a home agent may
 * hold a million): a node reference, ordered by a key, then by position. */
struct node_ref {
	const struct mn_authz *m;
	int pos;
};

static int cmp_id(const struct node_ref *a, const struct node_ref *b)
{
	return strcmp(a->m->id, b->m->id);
}

static int cmp_hoa6(const struct node_ref *a, const struct node_ref *b)
{
	return memcmp(&a->m->home_address6, &b->m->home_address6, sizeof(struct in6_addr));
}

struct node_order {
	int (*key)(const struct node_ref *, const struct node_ref *);
};

static int by_key_then_pos(const void *x, const void *y, void *order)
{
	const struct node_ref *a = x, *b = y;
	int c = ((const struct node_order *)order)->key(a, b);

	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* The first node (in configuration order) that repeats an earlier one's
 * key, or -1; *earlier gets the first node with that key. */
static int first_repeat(struct node_ref *refs, int n,
			int (*key)(const struct node_ref *, const struct node_ref *), int *earlier)
{
	struct node_order order = { key };
	int i, first = 0, best = -1;

	qsort_r(refs, (size_t)n, sizeof(*refs), by_key_then_pos, &order);
	for (i = 1; i < n; i++) {
		if (key(&refs[i - 1], &refs[i])) {
			first = i;
			continue;
		}
		if (best < 0 || refs[i].pos < best) {
			best = refs[i].pos;
			*earlier = refs[first].pos;
		}
	}
	return best;
}

/* Every id and every IPv6 home address once: the error names the first node
 * that repeats one (an id before an address, at the same node). */
static int check_unique_nodes(struct cfg_ctx *ctx, const config_setting_t *mns, const struct ha_config *ha)
{
	struct node_ref *refs = calloc((size_t)ha->n_mobile_nodes + 1, sizeof(*refs));
	int i, id_earlier = -1, hoa_earlier = -1, id_repeat, hoa_repeat, ret = 0;

	if (!refs)
		return fail_at(ctx, mns, "out of memory");
	for (i = 0; i < ha->n_mobile_nodes; i++)
		refs[i] = (struct node_ref){ &ha->mobile_nodes[i], i };
	id_repeat = first_repeat(refs, ha->n_mobile_nodes, cmp_id, &id_earlier);
	hoa_repeat = first_repeat(refs, ha->n_mobile_nodes, cmp_hoa6, &hoa_earlier);
	if (id_repeat >= 0 && (hoa_repeat < 0 || id_repeat <= hoa_repeat))
		ret = fail_at(ctx, config_setting_get_elem(mns, (unsigned)id_repeat),
			      "mobile node id '%s' appears twice", ha->mobile_nodes[id_repeat].id);
	else if (hoa_repeat >= 0)
		ret = fail_at(ctx, config_setting_get_elem(mns, (unsigned)hoa_repeat),
			      "home address of '%s' is already given to '%s'",
			      ha->mobile_nodes[hoa_repeat].id, ha->mobile_nodes[hoa_earlier].id);
	free(refs);
	return ret;
}

static int parse_home_agent(struct cfg_ctx *ctx, const config_setting_t *g, struct ha_config *ha)
{
	static const char *const known[] = {
		"home_link", "interfaces", "tunnel_interface", "address6", "address4",
		"home_prefix6", "home_prefix4", "ipv4_pool", "nat_keepalive", "max_lifetime",
		"allow_unprotected_bu", "allow_forced_udp", "mobile_nodes", "state_file", NULL };
	const config_setting_t *mns;
	int i;

	snprintf(ha->tunnel_interface, sizeof(ha->tunnel_interface), "xmip0");
	ha->nat_keepalive_s = XMIP_NATKATIMEOUT;
	ha->max_lifetime_s = 3600;
	ha->allow_forced_udp = true;
	if (check_known(ctx, g, known) ||
	    copy_string(ctx, g, "home_link", ha->home_link, sizeof(ha->home_link), 1) ||
	    get_ifaces(ctx, g, "interfaces", ha->interfaces, &ha->n_interfaces, 0) ||
	    copy_string(ctx, g, "tunnel_interface", ha->tunnel_interface, sizeof(ha->tunnel_interface), 0) ||
	    get_addr6(ctx, g, "address6", &ha->address6, 1) ||
	    get_addr4(ctx, g, "address4", &ha->address4, &ha->has_address4) ||
	    get_prefix(ctx, g, "home_prefix6", AF_INET6, &ha->home_prefix6.addr, &ha->home_prefix6.len, NULL) ||
	    get_prefix(ctx, g, "home_prefix4", AF_INET, &ha->home_prefix4.addr, &ha->home_prefix4.len, &ha->has_home_prefix4) ||
	    get_prefix(ctx, g, "ipv4_pool", AF_INET, &ha->v4_pool.addr, &ha->v4_pool.len, &ha->has_v4_pool) ||
	    get_uint(ctx, g, "nat_keepalive", &ha->nat_keepalive_s, 1, 0xffffffffu) ||
	    get_uint(ctx, g, "max_lifetime", &ha->max_lifetime_s, 4, 262140) ||
	    get_bool(ctx, g, "allow_unprotected_bu", &ha->allow_unprotected_bu) ||
	    get_bool(ctx, g, "allow_forced_udp", &ha->allow_forced_udp) ||
	    copy_string(ctx, g, "state_file", ha->state_file, sizeof(ha->state_file), 0))
		return -1;
	if (!config_setting_get_member(g, "home_prefix6"))
		return fail_at(ctx, g, "missing required setting 'home_prefix6'");

	mns = config_setting_get_member(g, "mobile_nodes");
	if (!mns)
		return 0;
	if (!config_setting_is_list(mns))
		return fail_at(ctx, mns, "must be a list of groups: ( { ... }, { ... } )");
	if (config_setting_length(mns) > XMIP_MAX_MOBILE_NODES)
		return fail_at(ctx, mns, "at most %d mobile nodes", XMIP_MAX_MOBILE_NODES);
	ha->mobile_nodes = calloc((size_t)config_setting_length(mns) + 1, sizeof(*ha->mobile_nodes));
	if (!ha->mobile_nodes)
		return fail_at(ctx, mns, "out of memory");
	for (i = 0; i < config_setting_length(mns); i++) {
		const config_setting_t *m = config_setting_get_elem(mns, (unsigned)i);

		if (parse_mobile_node(ctx, m, &ha->mobile_nodes[i]))
			return -1;
		ha->n_mobile_nodes++;
	}
	return check_unique_nodes(ctx, mns, ha);
}

static int parse_mobile_node_role(struct cfg_ctx *ctx, const config_setting_t *g, struct mn_config *mn)
{
	static const char *const known[] = {
		"id", "tunnel_interface", "interfaces", "home_address6", "home_address4",
		"home_agent6", "home_agent4", "lifetime", "force_udp", "mobile_network_prefixes",
		"home_prefix6", "home_agent_name", "home_agent_domain", "dns_servers",
		"ipv4_mobile_network_prefix", NULL };
	bool has_home_prefix = false;

	snprintf(mn->tunnel_interface, sizeof(mn->tunnel_interface), "xmip0");
	mn->lifetime_s = 600;
	if (check_known(ctx, g, known) ||
	       copy_string(ctx, g, "id", mn->id, sizeof(mn->id), 0) ||
	       copy_string(ctx, g, "tunnel_interface", mn->tunnel_interface, sizeof(mn->tunnel_interface), 0) ||
	       get_ifaces(ctx, g, "interfaces", mn->interfaces, &mn->n_interfaces, 1) ||
	       get_addr6(ctx, g, "home_address6", &mn->home_address6, 1) ||
	       get_addr4(ctx, g, "home_address4", &mn->home_address4, &mn->has_home_address4) ||
	       get_home_agent(ctx, g, mn) ||
	       get_uint(ctx, g, "lifetime", &mn->lifetime_s, 4, 262140) ||
	       get_bool(ctx, g, "force_udp", &mn->force_udp) ||
	       get_prefixes(ctx, g, "mobile_network_prefixes", AF_INET6, &mn->mnp6[0].addr, &mn->mnp6[0].len,
			    sizeof(mn->mnp6[0]), XMIP_MAX_MNP6, &mn->n_mnp6) ||
	       get_prefix(ctx, g, "ipv4_mobile_network_prefix", AF_INET, &mn->v4_mnp.addr, &mn->v4_mnp.len,
			  &mn->has_v4_mnp) ||
	       get_prefix(ctx, g, "home_prefix6", AF_INET6, &mn->home_prefix6.addr, &mn->home_prefix6.len,
			  &has_home_prefix))
		return -1;
	/* One IPv4 home address option, one acknowledgement: an address or a
	 * prefix (RFC 5555 3.1.1: the node forms its address from the prefix). */
	if (mn->has_v4_mnp && mn->has_home_address4)
		return fail_at(ctx, config_setting_get_member(g, "ipv4_mobile_network_prefix"),
			       "use either home_address4 or ipv4_mobile_network_prefix");
	if (mn->has_v4_mnp)
		clear_host_bits((uint8_t *)&mn->v4_mnp.addr, mn->v4_mnp.len, 4);
	if (!has_home_prefix) {
		/* The usual home link: a /64 around the home address. */
		mn->home_prefix6.addr = mn->home_address6;
		memset(&mn->home_prefix6.addr.s6_addr[8], 0, 8);
		mn->home_prefix6.len = 64;
	}
	return 0;
}

static int parse_dataplane(struct cfg_ctx *ctx, const config_setting_t *g, struct xmip_config *cfg)
{
	static const char *const known[] = { "xdp_mode", "max_bindings", NULL };
	const char *mode;

	if (check_known(ctx, g, known))
		return -1;
	mode = get_string(ctx, g, "xdp_mode", 0);
	if (mode) {
		if (strcmp(mode, "auto") == 0)
			cfg->xdp_mode = XMIP_XDP_AUTO;
		else if (strcmp(mode, "native") == 0)
			cfg->xdp_mode = XMIP_XDP_NATIVE;
		else if (strcmp(mode, "generic") == 0)
			cfg->xdp_mode = XMIP_XDP_GENERIC;
		else
			return fail_at(ctx, config_setting_get_member(g, "xdp_mode"),
				       "'%s' is not one of \"auto\", \"native\", \"generic\"", mode);
	} else if (ctx->failed) {
		return -1;
	}
	return get_uint(ctx, g, "max_bindings", &cfg->max_bindings, 16, 16u << 20);
}

/* A PEM file charon will be given: readable, writable by its owner only
 * (a certificate decides whom IKE trusts), and a private key kept from
 * everyone but its owner. */
static int get_pem_file(struct cfg_ctx *ctx, const config_setting_t *g, const char *name,
			char *dst, size_t len, bool secret)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	char why[160];

	if (copy_string(ctx, g, name, dst, len, 1))
		return -1;
	if (access(dst, R_OK))
		return fail_at(ctx, s, "cannot read '%s': %s", dst, strerror(errno));
	if (file_perms_check(dst, secret, why, sizeof(why)))
		return fail_at(ctx, s, "'%s' %s", dst, why);
	return 0;
}

static int parse_ipsec(struct cfg_ctx *ctx, const config_setting_t *g, struct xmip_config *cfg)
{
	static const char *const known[] = { "vici_socket", "identity", "peer_identity", "certificate",
					     "private_key", "ca_certificate", "protect_ipv4_payload", NULL };
	struct ipsec_config *ip = &cfg->ipsec;
	bool mn = cfg->role == XMIP_ROLE_MOBILE_NODE;

	if (!config_setting_is_group(g))
		return fail_at(ctx, g, "must be a group { ... }");
	ip->enabled = true;
	snprintf(ip->vici_socket, sizeof(ip->vici_socket), "%s", "/var/run/charon.vici");
	if (mn)
		snprintf(ip->identity, sizeof(ip->identity), "%s", cfg->mn.id);
	if (check_known(ctx, g, known) ||
	    copy_string(ctx, g, "vici_socket", ip->vici_socket, sizeof(ip->vici_socket), 0) ||
	    copy_string(ctx, g, "identity", ip->identity, sizeof(ip->identity), !mn) ||
	    get_pem_file(ctx, g, "certificate", ip->certificate, sizeof(ip->certificate), false) ||
	    get_pem_file(ctx, g, "private_key", ip->private_key, sizeof(ip->private_key), true) ||
	    get_pem_file(ctx, g, "ca_certificate", ip->ca_certificate, sizeof(ip->ca_certificate), false) ||
	    get_bool(ctx, g, "protect_ipv4_payload", &ip->protect_ipv4_payload))
		return -1;
	if (mn && ip->protect_ipv4_payload &&
	    (!cfg->mn.has_home_address4 || !cfg->mn.home_address4.s_addr))
		return fail_at(ctx, config_setting_get_member(g, "protect_ipv4_payload"),
			       "needs a configured home_address4: the ESP tunnel's selectors name it");
	if (!mn && config_setting_get_member(g, "peer_identity"))
		return fail_at(ctx, config_setting_get_member(g, "peer_identity"),
			       "only a mobile node names its peer; the home agent's are the mobile nodes' ids");
	if (mn && copy_string(ctx, g, "peer_identity", ip->peer_identity, sizeof(ip->peer_identity), 1))
		return -1;
	if (!ip->identity[0])
		return fail_at(ctx, g, "needs an identity: set identity here or the mobile node's id");
	if (mn && mn_discovers_home_agent(&cfg->mn))
		return fail_at(ctx, g, "needs home_agent6: with home agent discovery the IKE peer "
			       "is not known in advance (not supported yet)");
	return 0;
}

static int parse_role_section(struct cfg_ctx *ctx, const config_setting_t *root, struct xmip_config *cfg)
{
	const config_setting_t *s;

	if (cfg->role == XMIP_ROLE_HOME_AGENT) {
		s = config_setting_get_member(root, "home_agent");
		if (!s)
			return fail_at(ctx, NULL, "role \"home-agent\" needs a home_agent = { ... } section");
		if (!config_setting_is_group(s))
			return fail_at(ctx, s, "must be a group { ... }");
		snprintf(cfg->ha.state_file, sizeof(cfg->ha.state_file), "%s/%s.state", XMIP_RUN_DIR,
			 cfg->instance);
		return parse_home_agent(ctx, s, &cfg->ha);
	}
	s = config_setting_get_member(root, "mobile_node");
	if (!s)
		return fail_at(ctx, NULL, "role \"mobile-node\" needs a mobile_node = { ... } section");
	if (!config_setting_is_group(s))
		return fail_at(ctx, s, "must be a group { ... }");
	return parse_mobile_node_role(ctx, s, &cfg->mn);
}

/* control_group: a group whose members may use the control socket besides
 * root; resolved here, so that a name the system does not know is an error
 * of the file, not of the agent's start. */
static int get_control_group(struct cfg_ctx *ctx, const config_setting_t *root, gid_t *gid)
{
	const char *name = get_string(ctx, root, "control_group", 0);
	struct group *g;

	*gid = (gid_t)-1;
	if (!name)
		return ctx->failed ? -1 : 0;
	errno = 0;
	g = getgrnam(name);
	if (!g)
		return fail_at(ctx, config_setting_get_member(root, "control_group"),
			       "no group '%s' on this system%s%s", name, errno ? ": " : "",
			       errno ? strerror(errno) : "");
	*gid = g->gr_gid;
	return 0;
}

static int parse_root(struct cfg_ctx *ctx, const config_setting_t *root, struct xmip_config *cfg)
{
	static const char *const known[] = { "instance", "role", "log_level", "control_socket",
					     "control_group", "signalling", "dataplane", "home_agent",
					     "mobile_node", "ipsec", NULL };
	const config_setting_t *s;
	const char *v;

	if (check_known(ctx, root, known) ||
	    copy_string(ctx, root, "instance", cfg->instance, sizeof(cfg->instance), 1))
		return -1;
	if (!xmip_instance_name_valid(cfg->instance))
		return fail_at(ctx, config_setting_get_member(root, "instance"),
			       "use only letters, digits, '-', '_' and '.'");

	v = get_string(ctx, root, "role", 1);
	if (!v)
		return -1;
	s = config_setting_get_member(root, "role");
	if (strcmp(v, "home-agent") == 0)
		cfg->role = XMIP_ROLE_HOME_AGENT;
	else if (strcmp(v, "mobile-node") == 0)
		cfg->role = XMIP_ROLE_MOBILE_NODE;
	else
		return fail_at(ctx, s, "'%s' is not a role: use \"home-agent\" or \"mobile-node\"", v);

	cfg->signalling = true;
	if (get_bool(ctx, root, "signalling", &cfg->signalling))
		return -1;
	v = get_string(ctx, root, "log_level", 0);
	if (v && (cfg->log_level = log_level_parse(v)) < 0)
		return fail_at(ctx, config_setting_get_member(root, "log_level"),
			       "'%s' is not a level: err, warning, notice, info, debug", v);
	if (ctx->failed)
		return -1;

	snprintf(cfg->control_socket, sizeof(cfg->control_socket), "%s/%s.sock",
		 XMIP_RUN_DIR, cfg->instance);
	if (copy_string(ctx, root, "control_socket", cfg->control_socket, sizeof(cfg->control_socket), 0) ||
	    get_control_group(ctx, root, &cfg->control_group))
		return -1;

	s = config_setting_get_member(root, "dataplane");
	if (s && (!config_setting_is_group(s) || parse_dataplane(ctx, s, cfg)))
		return fail_at(ctx, s, "must be a group { ... }");

	if (parse_role_section(ctx, root, cfg))
		return -1;
	s = config_setting_get_member(root, "ipsec");
	return s ? parse_ipsec(ctx, s, cfg) : 0;
}

int xmip_config_load(const char *path, struct xmip_config *cfg, char *err, size_t errlen)
{
	struct cfg_ctx ctx = { .path = path, .err = err, .errlen = errlen };
	char why[160];
	config_t lc;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->path, sizeof(cfg->path), "%s", path);
	cfg->log_level = LOG_INFO;
	cfg->xdp_mode = XMIP_XDP_AUTO;
	cfg->max_bindings = XMIP_DEFAULT_MAX_BINDINGS;

	/* Refused before it is read: whoever may write it decides what the
	 * agent does as root. (A file that cannot be read is reported below,
	 * as libconfig sees it.) */
	if (access(path, R_OK) == 0 && file_perms_check(path, false, why, sizeof(why))) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	config_init(&lc);
	if (!config_read_file(&lc, path)) {
		if (config_error_type(&lc) == CONFIG_ERR_FILE_IO)
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno ? errno : ENOENT));
		else
			snprintf(err, errlen, "%s:%d: syntax error: %s",
				 config_error_file(&lc) ? config_error_file(&lc) : path,
				 config_error_line(&lc), config_error_text(&lc));
		config_destroy(&lc);
		return -1;
	}
	ret = parse_root(&ctx, config_root_setting(&lc), cfg);
	config_destroy(&lc);
	if (ret || ctx.failed) {
		xmip_config_free(cfg);
		return -1;
	}
	return 0;
}

void xmip_config_free(struct xmip_config *cfg)
{
	free(cfg->ha.mobile_nodes);
	cfg->ha.mobile_nodes = NULL;
	cfg->ha.n_mobile_nodes = 0;
}

const char *xmip_role_name(enum xmip_role role)
{
	switch (role) {
	case XMIP_ROLE_HOME_AGENT:
		return "home-agent";
	case XMIP_ROLE_MOBILE_NODE:
		return "mobile-node";
	}
	return "?";
}

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
