// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * bu_load speaking as a MAG for its hosts (RFC 5213 with RFC 5844's IPv4
 * home addresses): host i is "host<g>@bench" (g: its number, the offset
 * included). Its proxy BUs (A, H, P; the NAI, handoff indicator 1 for its
 * registration and 5 for a refresh, Ethernet, its link-layer identifier,
 * a fresh RFC 5213 timestamp, the IPv4 home address request for 0.0.0.0:
 * whatever its profile at the LMA says) go from the MAG's address through
 * a raw Mobility Header socket (the kernel writes the IPv6 header and the
 * checksum), and the LMA's PBAs come back to it. Signed (-a), with RFC
 * 4285's MN-HA authenticator under the MAG's key (SPI BENCH_SPI, the
 * given bytes), the MAG's address as the care-of address and the LMA's as
 * the home address, as the LMA checks it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bu_load.h"
#include "mh/mh.h"
#include "mh/mh_socket.h"
#include "xmip_proto.h"

static int open_socket(struct load *l, const char *ifname)
{
	struct xmip_error err = { 0 };

	(void)ifname;
	if (l->sign && (l->key.len < MH_KEY_MIN || l->key.len > MH_KEY_MAX)) {
		fprintf(stderr, "bu_load: -a: the MAG's key, %d to %d bytes\n", MH_KEY_MIN, MH_KEY_MAX);
		return -1;
	}
	l->tx = l->rx = mh_socket_open(&l->mag, &err);
	if (l->tx < 0) {
		fprintf(stderr, "bu_load: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static size_t build(const struct load *l, uint32_t i, uint16_t seq, uint8_t *buf, size_t cap)
{
	struct mh_msg m = { .type = XMIP_MH_BU };
	struct mh_pmip_options *p = &m.opt.pmip;
	uint32_t g = l->offset + i;
	int len;

	m.bu.seq = seq;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H | XMIP_BU_F_P;
	m.bu.lifetime = BU_LIFETIME_S / 4;
	m.opt.has_mn_id = true;
	m.opt.mn_id_subtype = MH_MN_ID_NAI;
	m.opt.mn_id_len = (uint8_t)snprintf(m.opt.mn_id, sizeof(m.opt.mn_id), "host%u@bench", g);
	p->has_handoff = true;
	p->handoff = l->seq[i] == 1 ? XMIP_HI_NEW_INTERFACE : XMIP_HI_NOT_CHANGED;
	p->has_att = true;
	p->att = XMIP_ATT_ETHERNET;
	p->has_ll_id = true;
	p->ll_id_len = 6;
	memcpy(p->ll_id, (uint8_t[6]){ 0x02, 0, (uint8_t)(g >> 24), (uint8_t)(g >> 16), (uint8_t)(g >> 8), (uint8_t)g }, 6);
	p->has_timestamp = true;
	p->timestamp = mh_pmip_timestamp_now();
	p->has_v4_req = true;
	if (l->sign)
		mh_auth_prepare(&m, &l->key);
	len = mh_encode(&m, &l->mag, &l->anchor, buf, cap);
	if (len >= 0 && l->sign && mh_auth_sign(buf, (size_t)len, &l->key, &l->mag, &l->anchor, &l->mag, &l->anchor))
		len = -1;
	if (len < 0) {
		fprintf(stderr, "bu_load: cannot encode a proxy BU\n");
		exit(1);
	}
	return (size_t)len;
}

/* A message off the MH socket (the kernel checked its checksum): a PBA
 * for one of our hosts? */
static int64_t answer(const struct load *l, const uint8_t *p, size_t len, uint16_t *seq, uint8_t *status)
{
	struct mh_msg m;
	unsigned int g;
	char at;

	if (mh_decode(p, len, &l->anchor, &l->mag, &m) || m.type != XMIP_MH_BA || !(m.ba.flags & MH_BA_F_P) ||
	    !m.opt.has_mn_id || sscanf(m.opt.mn_id, "host%u%c", &g, &at) != 2 || at != '@' || g < l->offset ||
	    g - l->offset >= l->nodes)
		return -1;
	*seq = m.ba.seq;
	*status = m.ba.status;
	return (int64_t)(g - l->offset);
}

const struct load_proto load_pmip = {
	.name = "pmip",
	.open = open_socket,
	.build = build,
	.answer = answer,
};
