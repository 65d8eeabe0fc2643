// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "core/report.h"
#include "core/role.h"

const char *tunnel_format_name(unsigned int format)
{
	switch (format) {
	case XMIP_TUN_NONE:
		return "none";
#define XMIP_TUN_NAME(name, value, ipv, port, extra, text) case value: return text;
	XMIP_TUNNEL_FORMATS(XMIP_TUN_NAME)
#undef XMIP_TUN_NAME
	}
	return "invalid";
}

static int outer_is_v6(const struct xmip_tunnel *t)
{
	return xmip_tunnel_outer_v6(t->format);
}

void tunnel_addr_str(const struct xmip_tunnel *t, const union xmip_addr *a, char *buf, size_t len)
{
	if (t->format == XMIP_TUN_NONE)
		snprintf(buf, len, "-");
	else if (!inet_ntop(outer_is_v6(t) ? AF_INET6 : AF_INET, a->bytes, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

void ipv4_home_str(struct in_addr a, uint8_t len, char *buf, size_t size)
{
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, addr, sizeof(addr));
	if (len < 32)
		snprintf(buf, size, "%s/%u", addr, len);
	else
		snprintf(buf, size, "%s", addr);
}

void report_ipv4_home(struct json_object *o, struct in_addr a, uint8_t len)
{
	char text[IPV4_HOME_STRLEN];

	ipv4_home_str(a, len, text, sizeof(text));
	json_object_object_add(o, len < 32 ? "prefix4" : "home_address4", json_object_new_string(text));
}

static uint64_t now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static struct json_object *jstr(const char *s)
{
	return json_object_new_string(s);
}

/* Number of entries of a hash or trie map, by walking its keys. */
static long map_count(int fd, size_t key_size)
{
	unsigned char key[32], next[32];
	long n = 0;
	void *prev = NULL;

	if (fd < 0 || key_size > sizeof(key))
		return -1;
	while (bpf_map_get_next_key(fd, prev, next) == 0 && n < REPORT_MAX_BINDINGS) {
		memcpy(key, next, key_size);
		prev = key;
		n++;
	}
	return n;
}

/* Each role's part of the status, and the warnings, when there are any. */
static void add_role_status(const struct xmip_config *cfg, struct json_object *o)
{
	struct json_object *warnings = json_object_new_array();
	int i;

	for (i = 0; i < cfg->n_roles; i++)
		if (cfg->roles[i].role->status)
			cfg->roles[i].role->status(cfg->roles[i].cfg, o, warnings);
	if (json_object_array_length(warnings))
		json_object_object_add(o, "warnings", warnings);
	else
		json_object_put(warnings);
}

struct json_object *report_status(void *userdata, const char *args)
{
	struct report_ctx *ctx = userdata;
	struct json_object *o = json_object_new_object(), *ifs = json_object_new_array();
	struct dp_state *st = ctx->dp;
	int i;

	(void)args;
	json_object_object_add(o, "instance", jstr(ctx->cfg->instance));
	json_object_object_add(o, "role", jstr(ctx->cfg->roles_name));
	json_object_object_add(o, "pid", json_object_new_int(getpid()));
	json_object_object_add(o, "uptime_s",
			       json_object_new_int64((int64_t)((now_usec() - ctx->started_usec) / 1000000)));
	json_object_object_add(o, "config", jstr(ctx->cfg->path));
	add_role_status(ctx->cfg, o);
	if (!st->dp)
		return o;   /* no role with a data plane */
	json_object_object_add(o, "pin_dir", jstr(xmip_dp_pin_dir(st->dp)));
	json_object_object_add(o, "maps_reused", json_object_new_boolean(xmip_dp_maps_reused(st->dp)));
	for (i = 0; i < st->n_ifaces; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "name", jstr(st->ifaces[i].name));
		json_object_object_add(e, "xdp", jstr(!st->ifaces[i].xdp ? "none" :
						      st->ifaces[i].xdp_generic ? "generic" : "native"));
		json_object_object_add(e, "tc_egress", json_object_new_boolean(st->ifaces[i].tc_egress));
		json_object_array_add(ifs, e);
	}
	json_object_object_add(o, "interfaces", ifs);
	/* An anchor's bindings (a mobile node has no binding maps). */
	if (xmip_dp_map_fd(st->dp, XMIP_MAPID_BIND6) >= 0) {
		json_object_object_add(o, "bindings_ipv6", json_object_new_int64(
			map_count(xmip_dp_map_fd(st->dp, XMIP_MAPID_BIND6), sizeof(union xmip_addr))));
		json_object_object_add(o, "bindings_ipv4", json_object_new_int64(
			map_count(xmip_dp_map_fd(st->dp, XMIP_MAPID_BIND4), sizeof(__be32))));
	}
	return o;
}

struct json_object *report_stats(void *userdata, const char *args)
{
	struct report_ctx *ctx = userdata;
	uint64_t values[XMIP_STAT_MAX];
	struct json_object *o, *list;
	int ret, i;

	(void)args;
	ret = xmip_stats_read(xmip_dp_map_fd(ctx->dp->dp, XMIP_MAPID_STATS), values);
	if (ret)
		return control_error_reply("reading counters: %s", strerror(-ret));
	o = json_object_new_object();
	list = json_object_new_array();
	for (i = 0; i < XMIP_STAT_MAX; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "name", jstr(xmip_stat_key(i)));
		json_object_object_add(e, "description", jstr(xmip_stat_name(i)));
		json_object_object_add(e, "value", json_object_new_uint64(values[i]));
		json_object_array_add(list, e);
	}
	json_object_object_add(o, "counters", list);
	return o;
}

static struct json_object *binding_json(const char *home, const struct xmip_tunnel *t)
{
	struct json_object *e = json_object_new_object();
	char remote[INET6_ADDRSTRLEN], local[INET6_ADDRSTRLEN];

	tunnel_addr_str(t, &t->remote, remote, sizeof(remote));
	tunnel_addr_str(t, &t->local, local, sizeof(local));
	json_object_object_add(e, "home", jstr(home));
	json_object_object_add(e, "format", jstr(tunnel_format_name(t->format)));
	json_object_object_add(e, "care_of", jstr(remote));
	json_object_object_add(e, "local", jstr(local));
	json_object_object_add(e, "remote_port", json_object_new_int(ntohs(t->remote_port)));
	json_object_object_add(e, "nat", json_object_new_boolean(t->flags & XMIP_TUNF_NAT));
	json_object_object_add(e, "binding_id", json_object_new_int64(t->binding_id));
	return e;
}

/* Walks one map; render turns a key into the "home" text. */
static int dump_map(struct json_object *list, int fd, size_t key_size,
		    void (*render)(const void *key, char *buf, size_t len))
{
	unsigned char key[32], next[32];
	struct xmip_tunnel t;
	void *prev = NULL;
	char home[INET6_ADDRSTRLEN + 5];

	while (bpf_map_get_next_key(fd, prev, next) == 0) {
		if (json_object_array_length(list) >= REPORT_MAX_BINDINGS)
			return 1;
		memcpy(key, next, key_size);
		prev = key;
		if (bpf_map_lookup_elem(fd, key, &t))
			continue;   /* deleted meanwhile */
		render(key, home, sizeof(home));
		json_object_array_add(list, binding_json(home, &t));
	}
	return 0;
}

static void render6(const void *key, char *buf, size_t len)
{
	inet_ntop(AF_INET6, key, buf, (socklen_t)len);
}

static void render4(const void *key, char *buf, size_t len)
{
	inet_ntop(AF_INET, key, buf, (socklen_t)len);
}

static void render_lpm6(const void *key, char *buf, size_t len)
{
	const struct xmip_lpm6_key *k = key;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, k->addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, k->prefixlen);
}

static void render_lpm4(const void *key, char *buf, size_t len)
{
	const struct xmip_lpm4_key *k = key;
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &k->addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, k->prefixlen);
}

struct json_object *report_bindings(void *userdata, const char *args)
{
	struct report_ctx *ctx = userdata;
	struct xmip_dp *dp = ctx->dp->dp;
	struct json_object *o = json_object_new_object(), *list = json_object_new_array();
	int truncated;

	(void)args;
	truncated = xmip_dp_map_fd(dp, XMIP_MAPID_BIND6) >= 0 && (dump_map(list, xmip_dp_map_fd(dp, XMIP_MAPID_BIND6), sizeof(union xmip_addr), render6) ||
		    dump_map(list, xmip_dp_map_fd(dp, XMIP_MAPID_BIND4), sizeof(__be32), render4) ||
		    dump_map(list, xmip_dp_map_fd(dp, XMIP_MAPID_PREFIX6), sizeof(struct xmip_lpm6_key), render_lpm6) ||
		    dump_map(list, xmip_dp_map_fd(dp, XMIP_MAPID_PREFIX4), sizeof(struct xmip_lpm4_key), render_lpm4));
	json_object_object_add(o, "bindings", list);
	json_object_object_add(o, "truncated", json_object_new_boolean(truncated));
	return o;
}
