/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * xmipd's configuration: one libconfig file with the daemon's settings and
 * one section per role it runs (role = "home-agent" or a list of roles;
 * each role parses its own section, core/role.h). Loading validates
 * everything (types, addresses, required and unknown keys) and reports the
 * first problem as "file:line: message".
 */
#ifndef XMIP_CONFIG_H
#define XMIP_CONFIG_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <sys/types.h>
#include <stdint.h>
#include "core/prefix.h"
#include "xmip_loader.h"

#define XMIP_DEFAULT_CONFIG "/etc/xmip/xmipd.conf"
#define XMIP_RUN_DIR "/run/xmip"
#define XMIP_MAX_IFACES 8
#define XMIP_ID_MAX 128
#define XMIP_PATH_MAX 256
#define XMIP_MAX_ROLES 4

/* IKEv2 through strongSwan's charon (RFC 5555 5): present, the roles'
 * signalling travels under ESP. Each role that uses it checks and
 * completes it (its identities: core/role.h ipsec_check). */
struct ipsec_config {
	bool enabled;                       /* an ipsec = { ... } section exists */
	char vici_socket[108];
	char identity[XMIP_ID_MAX];         /* ours; a mobile node's defaults to its id */
	char peer_identity[XMIP_ID_MAX];    /* a mobile node's home agent's */
	char certificate[XMIP_PATH_MAX];    /* PEM, ours */
	char private_key[XMIP_PATH_MAX];    /* PEM, mode 0600 or stricter */
	char ca_certificate[XMIP_PATH_MAX]; /* PEM, trusted for the peers' */
	bool protect_ipv4_payload;          /* RFC 5555 5.2.2: ESP tunnel mode */
};

struct xmip_role;

/* A role the configuration names, with its parsed section. */
struct role_config {
	const struct xmip_role *role;
	void *cfg;                          /* the role's own (its config_parse) */
};

struct xmip_config {
	char path[4096];
	char instance[65];
	char roles_name[64];                /* "home-agent", "home-agent+probe" */
	int log_level;
	char control_socket[108];
	gid_t control_group;                /* may use the socket too; (gid_t)-1: root only */
	bool signalling;                    /* false: bindings set by hand (tests) */
	enum xmip_xdp_mode xdp_mode;
	uint32_t max_bindings;
	struct ipsec_config ipsec;
	struct role_config roles[XMIP_MAX_ROLES];
	int n_roles;
};

/* Returns 0, or -1 with "file:line: problem" in err. */
int xmip_config_load(const char *path, struct xmip_config *cfg, char *err, size_t errlen);
void xmip_config_free(struct xmip_config *cfg);
/* The section of role in cfg, or NULL when cfg does not run it. */
const void *xmip_config_section(const struct xmip_config *cfg, const struct xmip_role *role);

#endif
