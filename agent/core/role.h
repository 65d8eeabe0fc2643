/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A role of xmipd (a DSMIPv6 home agent, a mobile node, ...) as the daemon
 * sees it: one table of functions. The daemon parses the role's section,
 * sets up the data plane the role asks for, starts, reloads, stops and
 * reports it through these, and never asks which role it is. A role lives
 * in its own folder (agent/dsmip6/, ...) and is listed once in
 * core/roles.c. One process runs every role its configuration names, on
 * one data plane: roles that share one name the same kind of it.
 */
#ifndef XMIP_ROLE_H
#define XMIP_ROLE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <systemd/sd-event.h>
#include "core/config.h"
#include "core/config_parse.h"
#include "xmip_loader.h"

struct dp_state;
struct ipsec;
struct ipsec_plan;

/* The data plane a role needs: the daemon attaches it (core/dp_setup.c). */
struct dp_plan {
	enum xmip_dp_kind kind;
	/* XDP (and on the tunnel interface TC egress) goes on these. */
	const char *xdp_ifaces[XMIP_MAX_IFACES + 2];
	int n_xdp;
	const char *tunnel_interface;
	/* An address the tunnel interface holds (a mobile node's home
	 * address), or NULL. */
	const struct in6_addr *tunnel_address6;
	/* The node forwards between its links (an anchor): the forwarding
	 * sysctls are set. */
	bool forwards;
};

/* Which Mobility Header messages a role answers on its raw socket: home
 * registrations (RFC 6275, 5555), or proxy ones (RFC 5213: BUs with P,
 * revocation). Two roles of one process never answer the same kind; a
 * role told that the other kind is answered here leaves it alone (both
 * sockets get every message, mh_is_proxy_signalling tells them apart). */
enum mh_answers {
	MH_ANSWERS_NONE = 0,
	MH_ANSWERS_HOME,
	MH_ANSWERS_PROXY,
};

/* What a running role gets from the daemon. */
struct role_env {
	sd_event *ev;
	const struct xmip_config *cfg;      /* the daemon's settings */
	struct dp_state *dp;                /* NULL: the role has no data plane */
	struct ipsec *ipsec;                /* NULL: no ipsec = { } section */
	bool mh_shared;                     /* another role answers the other kind */
};

struct xmip_role {
	const char *name;                   /* role = "home-agent" */
	const char *section;                /* home_agent = { ... } */
	/* The Mobility Header messages the role answers (a home agent, an
	 * LMA, a MAG): the configuration core refuses two roles that would
	 * answer the same. */
	enum mh_answers answers_mh;
	/* The address it answers them at (NULL: answers none): roles sharing
	 * a process share it, as they share the anchor data plane. */
	const struct in6_addr *(*mh_address)(const void *rc);

	/* Configuration. parse returns the section as the role keeps it
	 * (heap), or NULL with ctx failed; cfg holds the daemon's settings
	 * parsed so far. */
	void *(*config_parse)(struct cfg_ctx *ctx, const config_setting_t *section,
			      const struct xmip_config *cfg);
	void (*config_free)(void *rc);
	/* Checks and completes the ipsec = { } section for this role, and
	 * the role's own section with what IPsec means for it (NULL: the
	 * role does not use IPsec). */
	int (*ipsec_check)(struct cfg_ctx *ctx, const config_setting_t *section,
			   struct ipsec_config *ip, void *rc);
	/* Whether a reload may go from old to new, or only a restart (NULL:
	 * always a restart; then reload is never called). */
	bool (*reload_keeps)(const void *old_rc, const void *new_rc);

	/* Data plane (NULL: the role has none). dp_settings fills its part of
	 * the settings map; was is what the map held (zeroed when new). */
	void (*dp_plan)(const void *rc, struct dp_plan *plan);
	int (*dp_settings)(const void *rc, const struct xmip_dp_config *was, struct xmip_dp_config *dc,
			   struct xmip_error *err);
	/* The IKE peers and SAs the role needs (NULL: none). */
	int (*ipsec_plan)(const void *rc, const struct ipsec_config *ip, struct ipsec_plan *plan);

	/* Running. start returns 0 with *state set, or -errno with err. */
	int (*start)(void **state, const struct role_env *env, const void *rc, struct xmip_error *err);
	/* The new section (reload_keeps said yes) replaces the old. */
	void (*reload)(void *state, const void *rc);
	void (*stop)(void *state);
	/* `xmipctl registrations`: the role's signalling state. */
	struct json_object *(*report)(void *state, const char *args);
	/* `xmipctl status`: what the role adds (NULL: nothing); a "warnings"
	 * array collects what an operator must not miss. */
	void (*status)(const void *rc, struct json_object *status, struct json_object *warnings);
	/* `xmipd --cleanup`: what the role keeps outside the data plane. */
	int (*cleanup)(const void *rc, struct xmip_error *err);
};

/* The registry (core/roles.c): every role this build knows, in order. */
const struct xmip_role *const *xmip_roles(int *n);
const struct xmip_role *xmip_role_by_name(const char *name);

#endif
