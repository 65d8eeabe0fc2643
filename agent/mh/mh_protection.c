// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <string.h>
#include "mh/mh_protection.h"

int protection_parse(struct cfg_ctx *ctx, const config_setting_t *g, const char *keys_setting,
		     enum mh_protection *out, char *keys_path, size_t keys_path_len, struct mh_sa_table *keys)
{
	const config_setting_t *root = config_setting_parent(g);
	bool has_ipsec = root && config_setting_get_member(root, "ipsec");
	const char *v = cfg_get_string(ctx, g, "bu_protection", 0);
	char why[512];

	if (config_setting_get_member(g, "allow_unprotected_bu"))
		return cfg_fail(ctx, config_setting_get_member(g, "allow_unprotected_bu"),
				"replaced by bu_protection = \"rfc4285\" (with %s) or "
				"\"unprotected-for-tests\"", keys_setting);
	if (!v) {
		if (ctx->failed)
			return -1;
		if (!has_ipsec)
			return cfg_fail(ctx, g, "missing required setting 'bu_protection': \"rfc4285\" "
						"(with %s), \"ipsec\" (with an ipsec section) or "
						"\"unprotected-for-tests\"", keys_setting);
		*out = MH_PROTECT_IPSEC;
	} else if (!strcmp(v, "rfc4285")) {
		*out = MH_PROTECT_RFC4285;
	} else if (!strcmp(v, "ipsec")) {
		if (!has_ipsec)
			return cfg_fail(ctx, config_setting_get_member(g, "bu_protection"),
					"\"ipsec\" needs an ipsec = { ... } section");
		*out = MH_PROTECT_IPSEC;
	} else if (!strcmp(v, "unprotected-for-tests")) {
		*out = MH_PROTECT_UNPROTECTED;
	} else {
		return cfg_fail(ctx, config_setting_get_member(g, "bu_protection"),
				"'%s' is not one of \"rfc4285\", \"ipsec\", \"unprotected-for-tests\"", v);
	}
	if (*out != MH_PROTECT_RFC4285) {
		if (config_setting_get_member(g, keys_setting))
			return cfg_fail(ctx, config_setting_get_member(g, keys_setting),
					"only used with bu_protection = \"rfc4285\"");
		return 0;
	}
	if (cfg_copy_string(ctx, g, keys_setting, keys_path, keys_path_len, 1))
		return -1;
	if (mh_keys_load(keys_path, keys, why, sizeof(why)))
		return cfg_fail(ctx, config_setting_get_member(g, keys_setting), "%s", why);
	return 0;
}

int protection_proxy_ipsec_check(struct cfg_ctx *ctx, const config_setting_t *g, struct ipsec_config *ip,
			   enum mh_protection p, const char *peer_setting, const char *peers_are)
{
	const config_setting_t *peer = config_setting_get_member(g, "peer_identity");

	if (p != MH_PROTECT_IPSEC)
		return cfg_fail(ctx, g, "an ipsec section protects proxy signalling: bu_protection = \"ipsec\" "
					"(or no ipsec section)");
	if (ip->protect_ipv4_payload)
		return cfg_fail(ctx, config_setting_get_member(g, "protect_ipv4_payload"),
				"not for proxy mobility: the hosts' IPv4 goes in the MAG-LMA tunnel");
	if (!ip->identity[0])
		return cfg_fail(ctx, g, "missing required setting 'identity'");
	if (peer_setting)
		return cfg_copy_string(ctx, g, peer_setting, ip->peer_identity, sizeof(ip->peer_identity), 1);
	if (peer)
		return cfg_fail(ctx, peer, "only a MAG names its peer; %s", peers_are);
	return 0;
}

void protection_status(enum mh_protection p, struct json_object *status, struct json_object *warnings)
{
	json_object_object_add(status, "bu_protection", json_object_new_string(mh_protection_name(p)));
	if (p == MH_PROTECT_UNPROTECTED)
		json_object_array_add(warnings, json_object_new_string(
			"BUs and BAs unprotected (bu_protection = \"unprotected-for-tests\"): anyone who "
			"can send one can move a binding"));
}
