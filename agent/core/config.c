// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The configuration core: the daemon's own settings (instance, logging,
 * control socket, data plane, ipsec) and the roles the file names, whose
 * sections their own parsers read (core/role.h).
 */
#include <errno.h>
#include <grp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libconfig.h>
#include "core/config.h"
#include "core/config_parse.h"
#include "core/file_perms.h"
#include "core/log.h"
#include "core/role.h"

static int parse_dataplane(struct cfg_ctx *ctx, const config_setting_t *g, struct xmip_config *cfg)
{
	static const char *const known[] = { "xdp_mode", "max_bindings", NULL };
	const char *mode;

	if (cfg_check_known(ctx, g, known))
		return -1;
	mode = cfg_get_string(ctx, g, "xdp_mode", 0);
	if (mode) {
		if (strcmp(mode, "auto") == 0)
			cfg->xdp_mode = XMIP_XDP_AUTO;
		else if (strcmp(mode, "native") == 0)
			cfg->xdp_mode = XMIP_XDP_NATIVE;
		else if (strcmp(mode, "generic") == 0)
			cfg->xdp_mode = XMIP_XDP_GENERIC;
		else
			return cfg_fail(ctx, config_setting_get_member(g, "xdp_mode"),
					"'%s' is not one of \"auto\", \"native\", \"generic\"", mode);
	} else if (ctx->failed) {
		return -1;
	}
	return cfg_get_uint(ctx, g, "max_bindings", &cfg->max_bindings, 16, 16u << 20);
}

/* The settings every role's IPsec shares; the roles complete and check
 * them (identities) in their ipsec_check. */
static int parse_ipsec(struct cfg_ctx *ctx, const config_setting_t *g, struct xmip_config *cfg)
{
	static const char *const known[] = { "vici_socket", "identity", "peer_identity", "certificate",
					     "private_key", "ca_certificate", "protect_ipv4_payload", NULL };
	struct ipsec_config *ip = &cfg->ipsec;
	int i, checked = 0;

	if (!config_setting_is_group(g))
		return cfg_fail(ctx, g, "must be a group { ... }");
	ip->enabled = true;
	snprintf(ip->vici_socket, sizeof(ip->vici_socket), "%s", "/var/run/charon.vici");
	if (cfg_check_known(ctx, g, known) ||
	    cfg_copy_string(ctx, g, "vici_socket", ip->vici_socket, sizeof(ip->vici_socket), 0) ||
	    cfg_copy_string(ctx, g, "identity", ip->identity, sizeof(ip->identity), 0) ||
	    cfg_get_private_file(ctx, g, "certificate", ip->certificate, sizeof(ip->certificate), false) ||
	    cfg_get_private_file(ctx, g, "private_key", ip->private_key, sizeof(ip->private_key), true) ||
	    cfg_get_private_file(ctx, g, "ca_certificate", ip->ca_certificate, sizeof(ip->ca_certificate), false) ||
	    cfg_get_bool(ctx, g, "protect_ipv4_payload", &ip->protect_ipv4_payload))
		return -1;
	for (i = 0; i < cfg->n_roles; i++) {
		const struct xmip_role *r = cfg->roles[i].role;

		if (!r->ipsec_check)
			continue;
		if (r->ipsec_check(ctx, g, ip, cfg->roles[i].cfg))
			return -1;
		checked++;
	}
	if (!checked)
		return cfg_fail(ctx, g, "no role of this configuration uses IPsec");
	/* One session with charon, one set of peers (the daemon's
	 * start_ipsec): a second role's would be left out. */
	if (checked > 1)
		return cfg_fail(ctx, g, "IPsec serves one role per agent: run the others as instances of their own");
	return 0;
}

/* control_group: a group whose members may use the control socket besides
 * root; resolved here, so that a name the system does not know is an error
 * of the file, not of the agent's start. */
static int get_control_group(struct cfg_ctx *ctx, const config_setting_t *root, gid_t *gid)
{
	const char *name = cfg_get_string(ctx, root, "control_group", 0);
	struct group *g;

	*gid = (gid_t)-1;
	if (!name)
		return ctx->failed ? -1 : 0;
	errno = 0;
	g = getgrnam(name);
	if (!g)
		return cfg_fail(ctx, config_setting_get_member(root, "control_group"),
				"no group '%s' on this system%s%s", name, errno ? ": " : "",
				errno ? strerror(errno) : "");
	*gid = g->gr_gid;
	return 0;
}

/* "'x' is not a role: use "a", "b" or "c"", from the registry. */
static int unknown_role(struct cfg_ctx *ctx, const config_setting_t *s, const char *v)
{
	const struct xmip_role *const *roles;
	char names[256] = "";
	size_t len = 0;
	int i, n;

	roles = xmip_roles(&n);
	for (i = 0; i < n && len < sizeof(names); i++)
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s\"%s\"",
					!i ? "" : i == n - 1 ? " or " : ", ", roles[i]->name);
	return cfg_fail(ctx, s, "'%s' is not a role: use %s", v, names);
}

/* Adds the role named v, with its section parsed. */
static int add_role(struct cfg_ctx *ctx, const config_setting_t *root, const config_setting_t *s,
		    const char *v, struct xmip_config *cfg)
{
	const struct xmip_role *r = xmip_role_by_name(v);
	const config_setting_t *section;
	struct role_config *rc;
	int i;

	if (!r)
		return unknown_role(ctx, s, v);
	for (i = 0; i < cfg->n_roles; i++)
		if (cfg->roles[i].role == r)
			return cfg_fail(ctx, s, "role '%s' is named twice", v);
	if (cfg->n_roles == XMIP_MAX_ROLES)
		return cfg_fail(ctx, s, "at most %d roles", XMIP_MAX_ROLES);
	section = config_setting_get_member(root, r->section);
	if (!section)
		return cfg_fail(ctx, NULL, "role \"%s\" needs a %s = { ... } section", r->name, r->section);
	if (!config_setting_is_group(section))
		return cfg_fail(ctx, section, "must be a group { ... }");
	rc = &cfg->roles[cfg->n_roles];
	rc->cfg = r->config_parse(ctx, section, cfg);
	if (!rc->cfg)
		return cfg_fail(ctx, section, "out of memory");
	rc->role = r;
	cfg->n_roles++;
	snprintf(cfg->roles_name + strlen(cfg->roles_name), sizeof(cfg->roles_name) - strlen(cfg->roles_name),
		 "%s%s", cfg->n_roles > 1 ? "+" : "", r->name);
	return 0;
}

/* role = "home-agent"; or role = [ "home-agent", "..." ]; */
static int parse_roles(struct cfg_ctx *ctx, const config_setting_t *root, struct xmip_config *cfg)
{
	const config_setting_t *s = config_setting_get_member(root, "role");
	int i;

	if (!s)
		return cfg_fail(ctx, root, "missing required setting 'role'");
	if (config_setting_type(s) == CONFIG_TYPE_STRING)
		return add_role(ctx, root, s, config_setting_get_string(s), cfg);
	if (!config_setting_is_aggregate(s) || config_setting_length(s) < 1)
		return cfg_fail(ctx, s, "must be a role in double quotes, or a list of them");
	for (i = 0; i < config_setting_length(s); i++) {
		const char *v = config_setting_get_string_elem(s, i);

		if (!v)
			return cfg_fail(ctx, s, "element %d is not a role name in double quotes", i + 1);
		if (add_role(ctx, root, s, v, cfg))
			return -1;
	}
	return 0;
}

/* Roles in one process share its data plane: they must want one kind. And
 * one of them at most answers each kind of Mobility Header message (a home
 * agent and an LMA may share a process: one answers home registrations,
 * the other proxy ones). */
static int check_one_data_plane(struct cfg_ctx *ctx, const config_setting_t *root,
				const struct xmip_config *cfg)
{
	const struct xmip_role *first = NULL, *answers[MH_ANSWERS_PROXY + 1] = { NULL }, *answering = NULL;
	const void *answering_cfg = NULL;
	enum xmip_dp_kind kind = XMIP_DP_NONE;
	int i;

	for (i = 0; i < cfg->n_roles; i++) {
		const struct xmip_role *r = cfg->roles[i].role;
		struct dp_plan plan = { 0 };

		if (r->answers_mh && answers[r->answers_mh])
			return cfg_fail(ctx, config_setting_get_member(root, "role"),
					"roles \"%s\" and \"%s\" would both answer the same Mobility Header "
					"messages: run them as two instances",
					answers[r->answers_mh]->name, r->name);
		if (r->answers_mh && answering && r->mh_address && answering->mh_address &&
		    memcmp(r->mh_address(cfg->roles[i].cfg), answering->mh_address(answering_cfg), 16)) {
			char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

			inet_ntop(AF_INET6, answering->mh_address(answering_cfg), a, sizeof(a));
			inet_ntop(AF_INET6, r->mh_address(cfg->roles[i].cfg), b, sizeof(b));
			return cfg_fail(ctx, config_setting_get_member(root, "role"),
					"roles \"%s\" (%s) and \"%s\" (%s) share one anchor: give them one "
					"address6", answering->name, a, r->name, b);
		}
		if (r->answers_mh) {
			answers[r->answers_mh] = r;
			answering = r;
			answering_cfg = cfg->roles[i].cfg;
		}
		if (!r->dp_plan)
			continue;
		r->dp_plan(cfg->roles[i].cfg, &plan);
		if (first && plan.kind != kind)
			return cfg_fail(ctx, config_setting_get_member(root, "role"),
					"roles \"%s\" and \"%s\" need different data planes: run them as two instances",
					first->name, r->name);
		first = r;
		kind = plan.kind;
	}
	return 0;
}

static int parse_root(struct cfg_ctx *ctx, const config_setting_t *root, struct xmip_config *cfg)
{
	static const char *const core_keys[] = { "instance", "role", "log_level", "control_socket",
						  "control_group", "signalling", "dataplane", "ipsec" };
	const char *known[sizeof(core_keys) / sizeof(core_keys[0]) + 16 + 1];
	const struct xmip_role *const *roles;
	const config_setting_t *s;
	const char *v;
	size_t k;
	int i, n;

	/* The daemon's keys and every known role's section. */
	roles = xmip_roles(&n);
	for (k = 0; k < sizeof(core_keys) / sizeof(core_keys[0]); k++)
		known[k] = core_keys[k];
	for (i = 0; i < n && i < 16; i++)
		known[k++] = roles[i]->section;
	known[k] = NULL;

	if (cfg_check_known(ctx, root, known) ||
	    cfg_copy_string(ctx, root, "instance", cfg->instance, sizeof(cfg->instance), 1))
		return -1;
	if (!xmip_instance_name_valid(cfg->instance))
		return cfg_fail(ctx, config_setting_get_member(root, "instance"),
				"use only letters, digits, '-', '_' and '.'");

	cfg->signalling = true;
	if (cfg_get_bool(ctx, root, "signalling", &cfg->signalling))
		return -1;
	v = cfg_get_string(ctx, root, "log_level", 0);
	if (v && (cfg->log_level = log_level_parse(v)) < 0)
		return cfg_fail(ctx, config_setting_get_member(root, "log_level"),
				"'%s' is not a level: err, warning, notice, info, debug", v);
	if (ctx->failed)
		return -1;

	snprintf(cfg->control_socket, sizeof(cfg->control_socket), "%s/%s.sock",
		 XMIP_RUN_DIR, cfg->instance);
	if (cfg_copy_string(ctx, root, "control_socket", cfg->control_socket, sizeof(cfg->control_socket), 0) ||
	    get_control_group(ctx, root, &cfg->control_group))
		return -1;

	s = config_setting_get_member(root, "dataplane");
	if (s && (!config_setting_is_group(s) || parse_dataplane(ctx, s, cfg)))
		return cfg_fail(ctx, s, "must be a group { ... }");

	if (parse_roles(ctx, root, cfg) || check_one_data_plane(ctx, root, cfg))
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
	int i;

	for (i = 0; i < cfg->n_roles; i++)
		cfg->roles[i].role->config_free(cfg->roles[i].cfg);
	cfg->n_roles = 0;
}

const void *xmip_config_section(const struct xmip_config *cfg, const struct xmip_role *role)
{
	int i;

	for (i = 0; i < cfg->n_roles; i++)
		if (cfg->roles[i].role == role)
			return cfg->roles[i].cfg;
	return NULL;
}
