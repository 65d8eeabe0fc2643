// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The mobile node's binding update list entry, for `xmipctl registrations`. */
#include <arpa/inet.h>
#include "core/report.h"
#include "dsmip6/mn_signal.h"
#include "dsmip6/mn_state.h"

struct json_object *mn_signal_report(void *ctx, const char *args)
{
	struct mn_signal *s = ctx;
	struct json_object *o = json_object_new_object();
	char text[INET6_ADDRSTRLEN] = "";

	(void)args;
	if (s->coa.family && !s->coa.home)
		inet_ntop(s->coa.family, s->coa.addr.bytes, text, sizeof(text));
	json_object_object_add(o, "care_of_address", json_object_new_string(text));
	json_object_object_add(o, "interface", json_object_new_string(s->coa.ifname));
	json_object_object_add(o, "state", json_object_new_string(
		s->ha_known ? mn_bul_state_name(s->bul.state) : "discovering"));
	if (s->ha_known)
		inet_ntop(AF_INET6, &s->ha.addr6, text, sizeof(text));
	json_object_object_add(o, "home_agent", json_object_new_string(s->ha_known ? text : ""));
	if (s->ha_known && s->ha.has_addr4) {
		inet_ntop(AF_INET, &s->ha.addr4, text, sizeof(text));
		json_object_object_add(o, "home_agent4", json_object_new_string(text));
	}
	if (s->ha_name[0])
		json_object_object_add(o, "home_agent_name", json_object_new_string(s->ha_name));
	json_object_object_add(o, "sequence", json_object_new_int(s->bul.seq));
	json_object_object_add(o, "tries", json_object_new_int(s->bul.tries));
	if (s->bul.state == MN_BUL_REFUSED)
		json_object_object_add(o, "refused", json_object_new_string(
			mh_ba_status_name(s->bul.last_status)));
	json_object_object_add(o, "lifetime", json_object_new_int64(s->bul.lifetime_s));
	json_object_object_add(o, "format", json_object_new_string(tunnel_format_name(s->data_format)));
	if (s->v4_bound)
		report_ipv4_home(o, s->hoa4, s->hoa4_len);
	json_object_object_add(o, "bu_protection", json_object_new_string(mh_protection_name(s->cfg->protection)));
	if (s->cfg->protection == MH_PROTECT_RFC4285) {
		json_object_object_add(o, "spi", json_object_new_int64(s->cfg->keys[0].spi));
		json_object_object_add(o, "bas_unauthenticated", json_object_new_uint64(s->bas_unauthenticated));
	}
	if (s->cfg->n_mnp6)
		json_object_object_add(o, "prefixes_routed", json_object_new_boolean(s->prefixes_routed));
	return o;
}
