// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "pmip/mag_hosts.h"

/* --- the policy store by link-layer address and by NAI ------------------ */

static int by_mac_cmp(const void *a, const void *b, void *hosts)
{
	const struct mag_profile *p = hosts;

	return memcmp(p[*(const int *)a].mac, p[*(const int *)b].mac, 6);
}

static int by_id_cmp(const void *a, const void *b, void *hosts)
{
	const struct mag_profile *p = hosts;

	return strcmp(p[*(const int *)a].id, p[*(const int *)b].id);
}

/* The profile whose key matches, by binary search over order (the
 * profiles' indexes sorted by that key); -1 when none. */
static int lookup(const struct mag_hosts *m, const int *order, const void *key,
		  int (*cmp)(const void *key, const struct mag_profile *p))
{
	int lo = 0, hi = m->cfg->n_hosts - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2, c = cmp(key, &m->cfg->hosts[order[mid]]);

		if (!c)
			return order[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

static int mac_is(const void *key, const struct mag_profile *p)
{
	return memcmp(key, p->mac, 6);
}

static int id_is(const void *key, const struct mag_profile *p)
{
	return strcmp(key, p->id);
}

int mag_hosts_profile(const struct mag_hosts *m, const uint8_t mac[6])
{
	return lookup(m, m->by_mac, mac, mac_is);
}

int mag_hosts_init(struct mag_hosts *m, const struct mag_config *cfg, uint16_t first_seq)
{
	size_t n = (size_t)cfg->n_hosts + 1;
	int i;

	memset(m, 0, sizeof(*m));
	m->cfg = cfg;
	m->hosts = calloc(n, sizeof(*m->hosts));
	m->by_mac = calloc(n, sizeof(*m->by_mac));
	m->by_id = calloc(n, sizeof(*m->by_id));
	m->next_seq = first_seq;
	if (!m->hosts || !m->by_mac || !m->by_id) {
		mag_hosts_free(m);
		return -ENOMEM;
	}
	/* Looked up on every DHCP message, new frame and PBA: 65 536 hosts
	 * are too many to walk each time. */
	for (i = 0; i < cfg->n_hosts; i++)
		m->by_mac[i] = m->by_id[i] = i;
	qsort_r(m->by_mac, (size_t)cfg->n_hosts, sizeof(int), by_mac_cmp, cfg->hosts);
	qsort_r(m->by_id, (size_t)cfg->n_hosts, sizeof(int), by_id_cmp, cfg->hosts);
	return 0;
}

void mag_hosts_free(struct mag_hosts *m)
{
	free(m->hosts);
	free(m->by_mac);
	free(m->by_id);
	memset(m, 0, sizeof(*m));
}

static void action_init(struct mag_action *a, int host)
{
	memset(a, 0, sizeof(*a));
	a->host = host;
}

static void set_nai(struct mh_options *o, const char *id)
{
	o->has_mn_id = true;
	o->mn_id_subtype = MH_MN_ID_NAI;
	o->mn_id_len = (uint8_t)strlen(id);
	memcpy(o->mn_id, id, o->mn_id_len);
}

/* RFC 5213 6.9.1.1 with RFC 5844 3.2: A, H, P; the host's NAI, handoff
 * indicator, access technology (Ethernet), link-layer identifier, a fresh
 * timestamp, the IPv4 home address request (0.0.0.0: any); lifetime 0 to
 * deregister. A new sequence number for every send. */
static void make_pbu(struct mag_hosts *m, int host, uint32_t lifetime_s, uint64_t now_ts, struct mag_action *a)
{
	const struct mag_profile *p = &m->cfg->hosts[host];
	struct mag_host *h = &m->hosts[host];
	struct mh_msg *pbu = &a->pbu;

	memset(pbu, 0, sizeof(*pbu));
	h->seq = m->next_seq++;
	pbu->type = XMIP_MH_BU;
	pbu->bu.seq = h->seq;
	pbu->bu.flags = XMIP_BU_F_A | XMIP_BU_F_H | XMIP_BU_F_P;
	pbu->bu.lifetime = (uint16_t)(lifetime_s / 4);
	set_nai(&pbu->opt, p->id);
	pbu->opt.pmip.has_handoff = true;
	pbu->opt.pmip.handoff = h->handoff;
	pbu->opt.pmip.has_att = true;
	pbu->opt.pmip.att = XMIP_ATT_ETHERNET;
	pbu->opt.pmip.has_ll_id = true;
	pbu->opt.pmip.ll_id_len = 6;
	memcpy(pbu->opt.pmip.ll_id, p->mac, 6);
	pbu->opt.pmip.has_timestamp = true;
	pbu->opt.pmip.timestamp = now_ts;
	if (lifetime_s) {
		pbu->opt.pmip.has_v4_req = true;
		pbu->opt.pmip.v4_req = h->asked;
		pbu->opt.pmip.v4_req_plen = h->asked.s_addr ? 32 : 0;
	}
	a->send_pbu = true;
}

/* Starts (or restarts) the registration of host on link, asking for addr. */
static void register_host(struct mag_hosts *m, int host, int link, struct in_addr addr, uint8_t handoff,
			  uint64_t now_ms, uint64_t now_ts, struct mag_action *a)
{
	struct mag_host *h = &m->hosts[host];

	if (h->state != MAG_HOST_ATTACHED)
		h->state = MAG_HOST_REGISTERING;
	h->link = link;
	h->asked = addr;
	h->handoff = handoff;
	h->in_flight = true;
	h->tries = 1;
	h->next_ms = now_ms + MAG_PBU_TIMEOUT_MS;
	make_pbu(m, host, m->cfg->lifetime_s, now_ts, a);
}

/* The server's reply to msg, from the default router (our server id at
 * every MAG, so that renewals reach whichever MAG the host is at). */
static void dhcp_reply(const struct mag_hosts *m, const struct mag_host *h, const struct dhcp4_msg *msg,
		       uint8_t type, struct mag_action *a)
{
	struct dhcp4_msg *r = &a->dhcp_reply;
	uint32_t mask = h->plen ? ~0u << (32 - h->plen) : 0;

	memset(r, 0, sizeof(*r));
	r->op = 2;
	r->xid = msg->xid;
	r->flags = msg->flags;
	r->giaddr = msg->giaddr;
	memcpy(r->chaddr, msg->chaddr, 6);
	r->type = type;
	r->has_server_id = true;
	r->server_id = m->cfg->default_router4;
	if (type == DHCP4_OFFER || type == DHCP4_ACK) {
		r->ciaddr = msg->type == DHCP4_INFORM ? msg->ciaddr : (struct in_addr){ 0 };
		if (msg->type != DHCP4_INFORM) {
			r->yiaddr = h->hoa4;
			/* The lease ends with the registration: the host renews
			 * in time for the next refresh to find it. */
			r->lease_s = h->lifetime_s;
		}
		r->has_netmask = true;
		r->netmask.s_addr = htonl(mask);
		r->has_router = true;
		r->router = m->cfg->default_router4;
	}
	a->dhcp_request = *msg;
	a->send_dhcp = true;
}

/* The address a DHCP message asks for: requested (option 50), else the
 * client's own (renewing), else none. */
static struct in_addr dhcp_asked(const struct dhcp4_msg *msg)
{
	if (msg->has_requested)
		return msg->requested;
	return msg->ciaddr;
}

/* A registered host's DHCP message, answered at once. */
static void dhcp_attached(struct mag_hosts *m, int host, const struct dhcp4_msg *msg, uint64_t now_ms,
			  uint64_t now_ts, struct mag_action *a)
{
	struct mag_host *h = &m->hosts[host];
	struct in_addr asked = dhcp_asked(msg);

	switch (msg->type) {
	case DHCP4_DISCOVER:
		dhcp_reply(m, h, msg, DHCP4_OFFER, a);
		break;
	case DHCP4_REQUEST:
		if (msg->has_server_id && msg->server_id.s_addr != m->cfg->default_router4.s_addr)
			break;   /* it chose another server: not ours to answer */
		dhcp_reply(m, h, msg, asked.s_addr == h->hoa4.s_addr ? DHCP4_ACK : DHCP4_NAK, a);
		break;
	case DHCP4_INFORM:
		dhcp_reply(m, h, msg, DHCP4_ACK, a);
		break;
	case DHCP4_RELEASE:
	case DHCP4_DECLINE:
		mag_hosts_leave(m, host, now_ms, now_ts, a);
		break;
	default:
		break;
	}
}

void mag_hosts_on_dhcp(struct mag_hosts *m, int host, int link, const struct dhcp4_msg *msg, uint64_t now_ms,
		       uint64_t now_ts, struct mag_action *a)
{
	struct mag_host *h = &m->hosts[host];

	action_init(a, host);
	if (h->state == MAG_HOST_ATTACHED && h->link == link) {
		dhcp_attached(m, host, msg, now_ms, now_ts, a);
		return;
	}
	if (msg->type != DHCP4_DISCOVER && msg->type != DHCP4_REQUEST)
		return;   /* a host not attached here has nothing to release */
	if (msg->type == DHCP4_REQUEST && msg->has_server_id &&
	    msg->server_id.s_addr != m->cfg->default_router4.s_addr)
		return;
	/* Its answer waits for the PBA. A host asking for an address it had
	 * elsewhere moved here (handoff between MAGs), else it is new. */
	h->dhcp_waiting = true;
	h->dhcp = *msg;
	if (h->state == MAG_HOST_REGISTERING && h->link == link)
		return;   /* the PBU is on its way already */
	register_host(m, host, link, dhcp_asked(msg), dhcp_asked(msg).s_addr ? XMIP_HI_OTHER_MAG : XMIP_HI_NEW_INTERFACE,
		      now_ms, now_ts, a);
}

void mag_hosts_on_frame(struct mag_hosts *m, int host, int link, struct in_addr addr, uint64_t now_ms,
			uint64_t now_ts, struct mag_action *a)
{
	struct mag_host *h = &m->hosts[host];

	action_init(a, host);
	if ((h->state == MAG_HOST_REGISTERING || h->state == MAG_HOST_ATTACHED) && h->link == link)
		return;   /* registering already, or a frame the data plane passed on the way */
	if (!prefix4_contains(&m->cfg->home_prefix4, addr) || addr.s_addr == m->cfg->default_router4.s_addr)
		return;   /* not an address the LMA could have given it */
	register_host(m, host, link, addr, XMIP_HI_OTHER_MAG, now_ms, now_ts, a);
}

/* The registration failed: the host is away, its DHCP request refused. */
static void registration_failed(struct mag_hosts *m, int host, struct mag_action *a)
{
	struct mag_host *h = &m->hosts[host];

	if (h->state == MAG_HOST_ATTACHED)
		a->unbind = true;
	if (h->dhcp_waiting && h->dhcp.type == DHCP4_REQUEST)
		dhcp_reply(m, h, &h->dhcp, DHCP4_NAK, a);
	h->state = MAG_HOST_AWAY;
	h->in_flight = false;
	h->dhcp_waiting = false;
}

int mag_hosts_by_nai(const struct mag_hosts *m, const struct mh_msg *msg)
{
	if (!msg->opt.has_mn_id)
		return -1;
	return lookup(m, m->by_id, msg->opt.mn_id, id_is);
}

void mag_hosts_on_pba(struct mag_hosts *m, const struct mh_msg *pba, uint64_t now_ms, struct mag_action *a)
{
	int host = mag_hosts_by_nai(m, pba);
	const struct mh_pmip_options *p = &pba->opt.pmip;
	struct mag_host *h;

	action_init(a, host);
	if (host < 0)
		return;
	h = &m->hosts[host];
	if (!h->in_flight || pba->ba.seq != h->seq)
		return;   /* not the answer to our latest PBU (RFC 5213 6.9.1.2) */
	h->in_flight = false;
	if (h->state == MAG_HOST_LEAVING) {
		h->state = MAG_HOST_AWAY;
		return;
	}
	if (pba->ba.status >= 128 || !p->has_v4_rep || p->v4_rep_status >= 128 || !p->v4_rep.s_addr ||
	    (p->has_v4_dra && p->v4_dra.s_addr != m->cfg->default_router4.s_addr)) {
		registration_failed(m, host, a);
		return;
	}
	if (h->state == MAG_HOST_ATTACHED && h->hoa4.s_addr != p->v4_rep.s_addr)
		a->unbind = true;   /* another address than before: the old one goes */
	a->bind = h->state != MAG_HOST_ATTACHED || a->unbind;
	h->state = MAG_HOST_ATTACHED;
	h->hoa4 = p->v4_rep;
	h->plen = p->v4_rep_plen;
	h->lifetime_s = (uint32_t)pba->ba.lifetime * 4;
	h->expires_ms = now_ms + (uint64_t)h->lifetime_s * 1000;
	/* Refreshed at four fifths of the lifetime: room for three sends. */
	h->next_ms = now_ms + (uint64_t)h->lifetime_s * 800;
	if (h->dhcp_waiting) {
		struct in_addr asked = dhcp_asked(&h->dhcp);

		h->dhcp_waiting = false;
		if (h->dhcp.type == DHCP4_DISCOVER)
			dhcp_reply(m, h, &h->dhcp, DHCP4_OFFER, a);
		else
			dhcp_reply(m, h, &h->dhcp,
				   !asked.s_addr || asked.s_addr == h->hoa4.s_addr ? DHCP4_ACK : DHCP4_NAK, a);
	}
}

void mag_hosts_on_bri(struct mag_hosts *m, const struct mh_msg *bri, struct mag_action *a)
{
	int host = mag_hosts_by_nai(m, bri);
	struct mag_host *h = host >= 0 ? &m->hosts[host] : NULL;

	action_init(a, host);
	a->send_bra = true;
	a->bra.type = XMIP_MH_BRI;
	a->bra.br.br_type = XMIP_BR_ACK;
	a->bra.br.seq = bri->br.seq;
	a->bra.br.flags = bri->br.flags & XMIP_BR_F_P;
	if (bri->opt.has_mn_id)
		set_nai(&a->bra.opt, bri->opt.mn_id);
	if (!h || !(bri->br.flags & XMIP_BR_F_P)) {
		a->bra.br.code = host < 0 ? XMIP_BRA_ID_REQUIRED : XMIP_BRA_NO_BINDING;
		return;
	}
	if (h->state == MAG_HOST_AWAY) {
		a->bra.br.code = XMIP_BRA_NO_BINDING;
		return;
	}
	/* RFC 5846 9.1: the MAG removes what it keeps for the host. */
	a->unbind = h->state == MAG_HOST_ATTACHED;
	a->bra.br.code = XMIP_BRA_SUCCESS;
	h->state = MAG_HOST_AWAY;
	h->in_flight = false;
	h->dhcp_waiting = false;
}

void mag_hosts_leave(struct mag_hosts *m, int host, uint64_t now_ms, uint64_t now_ts, struct mag_action *a)
{
	struct mag_host *h = &m->hosts[host];

	if (a->host != host)
		action_init(a, host);
	if (h->state == MAG_HOST_AWAY || h->state == MAG_HOST_LEAVING)
		return;
	a->unbind = h->state == MAG_HOST_ATTACHED;
	h->state = MAG_HOST_LEAVING;
	h->dhcp_waiting = false;
	h->in_flight = true;
	h->tries = 1;
	h->handoff = XMIP_HI_NOT_CHANGED;
	h->next_ms = now_ms + MAG_PBU_TIMEOUT_MS;
	make_pbu(m, host, 0, now_ts, a);
}

int mag_hosts_tick(struct mag_hosts *m, uint64_t now_ms, uint64_t now_ts, int *from, struct mag_action *a)
{
	for (; *from < m->cfg->n_hosts; (*from)++) {
		struct mag_host *h = &m->hosts[*from];
		int host = *from;

		if (h->state == MAG_HOST_AWAY)
			continue;
		if (h->state == MAG_HOST_ATTACHED && h->expires_ms <= now_ms) {
			action_init(a, host);
			registration_failed(m, host, a);   /* the lifetime ran out */
			(*from)++;
			return host;
		}
		if (h->next_ms > now_ms)
			continue;
		action_init(a, host);
		(*from)++;
		if (!h->in_flight) {   /* an attached host's refresh is due */
			h->in_flight = true;
			h->tries = 1;
			h->handoff = XMIP_HI_NOT_CHANGED;
			h->asked = h->hoa4;
			h->next_ms = now_ms + MAG_PBU_TIMEOUT_MS;
			make_pbu(m, host, m->cfg->lifetime_s, now_ts, a);
			return host;
		}
		if (h->tries >= MAG_PBU_TRIES) {
			if (h->state == MAG_HOST_LEAVING) {
				h->state = MAG_HOST_AWAY;
				h->in_flight = false;
			} else if (h->state == MAG_HOST_REGISTERING) {
				registration_failed(m, host, a);
			} else {
				h->in_flight = false;   /* attached: tried again at expiry's edge */
				h->next_ms = h->expires_ms;
			}
			return host;
		}
		h->next_ms = now_ms + ((uint64_t)MAG_PBU_TIMEOUT_MS << h->tries);
		h->tries++;
		make_pbu(m, host, h->state == MAG_HOST_LEAVING ? 0 : m->cfg->lifetime_s, now_ts, a);
		return host;
	}
	return -1;
}
