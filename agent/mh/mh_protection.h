/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Every MIPv6-family role's choice of how its BUs and BAs are protected
 * (the DSMIPv6 home agent and mobile node, the LMA and the MAG):
 *
 *   bu_protection = "rfc4285";                 (MN-HA authentication, the
 *   mn_ha_keys = "/etc/xmip/mn-ha.keys";        keys in mh/mh_keys.h's file,
 *                                               named by the role's setting)
 *   bu_protection = "ipsec";                   (an ipsec = { } section)
 *   bu_protection = "unprotected-for-tests";   (nothing: tests only)
 *
 * With an ipsec section and no bu_protection, IPsec.
 */
#ifndef XMIP_MH_PROTECTION_H
#define XMIP_MH_PROTECTION_H

#include "core/config.h"
#include "core/config_parse.h"
#include <json-c/json.h>
#include "mh/mh_keys.h"

/* Reads bu_protection (and, for rfc4285, the keys file the setting
 * keys_setting names into keys) from the section g; 0, or -1 with ctx
 * failed. */
int protection_parse(struct cfg_ctx *ctx, const config_setting_t *g, const char *keys_setting,
		     enum mh_protection *out, char *keys_path, size_t keys_path_len, struct mh_sa_table *keys);

/* The ipsec section g of a proxy mobility role (RFC 5213 4: IPsec between
 * MAG and LMA): bu_protection p must be "ipsec", no IPv4 payload
 * protection, an identity; a MAG names its LMA in peer_setting (required,
 * into ip->peer_identity), an LMA names none (peers_are says whose ids
 * its peers are). 0, or -1 with ctx failed. */
int protection_proxy_ipsec_check(struct cfg_ctx *ctx, const config_setting_t *g, struct ipsec_config *ip,
				 enum mh_protection p, const char *peer_setting, const char *peers_are);

/* The role's part of `xmipctl status`: its protection, and the warning an
 * unprotected one gets. */
void protection_status(enum mh_protection p, struct json_object *status, struct json_object *warnings);

#endif
