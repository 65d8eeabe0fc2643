// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <string.h>
#include "dsmip6/ha_auth.h"

void ha_auth_check(const struct ha_config *cfg, const struct mn_authz *m, const uint8_t *buf, size_t len,
		   const struct mh_msg *bu, const struct in6_addr *hoa, const struct in6_addr *outer,
		   uint64_t now, uint64_t *last_ts, struct ha_auth_verdict *v)
{
	const struct mh_auth_key *named = bu->opt.has_auth ? mh_keys_spi(&cfg->keys, m->sa_first, m->n_sa, bu->opt.auth_spi) : NULL;
	int64_t skew;

	memset(v, 0, sizeof(*v));
	v->coa = mh_auth_coa(bu, outer, hoa);
	v->key = named ? named : (m->n_sa ? &cfg->keys.sa[m->sa_first].key : NULL);
	/* Authentic first: nothing else in a BU counts before that. An SPI
	 * that is not this node's (another node's included) fails too. */
	if (!named || !mh_auth_verify(buf, len, bu, named, &v->coa, hoa)) {
		v->status = XMIP_BA_AUTH_FAIL;
		return;
	}
	if (bu->opt.has_mn_id && strcmp(bu->opt.mn_id, m->id)) {
		v->status = XMIP_BA_ID_MISMATCH;
		return;
	}
	/* RFC 4285 6: a timestamp close enough to ours and newer than the
	 * last accepted, to the last bit of its fraction (the sequence number
	 * window also holds). */
	skew = bu->opt.has_replay ? mh_ntp_diff_ms(bu->opt.timestamp, now) : 0;
	if (!bu->opt.has_replay || skew > MH_REPLAY_WINDOW_MS || skew < -MH_REPLAY_WINDOW_MS ||
	    (*last_ts && (int64_t)(bu->opt.timestamp - *last_ts) <= 0)) {
		v->status = XMIP_BA_MESG_ID_REQD;
		return;
	}
	*last_ts = bu->opt.timestamp;
}
