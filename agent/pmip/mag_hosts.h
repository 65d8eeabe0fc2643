/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The MAG's visitor list (seed 003 5.1) and its decisions, without any
 * I/O: a host of the policy store attaches (its DHCP DISCOVER or REQUEST,
 * or an IPv4 frame from its link-layer address when it moved here with its
 * lease), the MAG registers it at the LMA with a proxy BU (RFC 5213 6.9,
 * RFC 5844 3.2), serves its DHCP once the PBA gave it its address (RFC
 * 5844 4: the MAG as DHCP server), refreshes the registration, and lets the
 * host go on DHCP RELEASE, a link going down, lifetime's end or the LMA's
 * revocation (RFC 5846: answered with a BRA). Each event yields the actions
 * the caller carries out: a PBU or BRA to send (signing is the caller's), a
 * DHCP reply, the data plane to bind or unbind. Time is passed in: ms of a
 * monotonic clock, and the wall clock as an RFC 5213 timestamp.
 */
#ifndef XMIP_MAG_HOSTS_H
#define XMIP_MAG_HOSTS_H

#include <stdbool.h>
#include <stdint.h>
#include "access/dhcp4.h"
#include "mh/mh.h"
#include "pmip/mag_config.h"

#define MAG_PBU_TRIES 3              /* sends of one PBU, at most */
#define MAG_PBU_TIMEOUT_MS 1000      /* before the first retransmission, doubling */

enum mag_host_state {
	MAG_HOST_AWAY = 0,           /* not attached here */
	MAG_HOST_REGISTERING,        /* PBU sent, no PBA yet */
	MAG_HOST_ATTACHED,           /* bound: the data plane serves it */
	MAG_HOST_LEAVING,            /* deregistration sent */
};

struct mag_host {
	enum mag_host_state state;
	int link;                    /* its access link (index in the configuration) */
	struct in_addr hoa4;         /* the LMA's answer */
	uint8_t plen;
	uint32_t lifetime_s;
	uint64_t expires_ms;
	/* The PBU in flight, if any: sent again until its PBA comes. */
	bool in_flight;
	uint16_t seq;
	struct in_addr asked;        /* the address it asked for (0.0.0.0: any) */
	uint8_t handoff;
	int tries;
	uint64_t next_ms;            /* its retransmission, or the refresh */
	/* A DHCP message that waits for the PBA. */
	bool dhcp_waiting;
	struct dhcp4_msg dhcp;
};

struct mag_hosts {
	const struct mag_config *cfg;
	struct mag_host *hosts;      /* by the policy store's index */
	int *by_mac, *by_id;         /* the store's indexes sorted by MAC, by NAI */
	uint16_t next_seq;
};

/* What the caller carries out, in this order. */
struct mag_action {
	int host;                    /* the profile it concerns, -1: none */
	bool unbind;                 /* remove the host's binding and entry */
	bool bind;                   /* install them (hoa4 on link, tunnel to the LMA) */
	bool send_pbu;
	struct mh_msg pbu;
	bool send_dhcp;              /* dhcp_reply, to where dhcp4_reply_dest says */
	struct dhcp4_msg dhcp_request, dhcp_reply;
	bool send_bra;
	struct mh_msg bra;
};

int mag_hosts_init(struct mag_hosts *m, const struct mag_config *cfg, uint16_t first_seq);
void mag_hosts_free(struct mag_hosts *m);

/* A DHCP message from host (a profile index) on access link `link`. */
void mag_hosts_on_dhcp(struct mag_hosts *m, int host, int link, const struct dhcp4_msg *msg, uint64_t now_ms,
		       uint64_t now_ts, struct mag_action *a);
/* IPv4 from host's link-layer address on `link` sent from addr, while the
 * data plane does not know it: it moved here with its lease. */
void mag_hosts_on_frame(struct mag_hosts *m, int host, int link, struct in_addr addr, uint64_t now_ms,
			uint64_t now_ts, struct mag_action *a);
/* The host (the policy store's index) with link-layer address mac, or -1. */
int mag_hosts_profile(const struct mag_hosts *m, const uint8_t mac[6]);
/* The host a message's NAI option names, or -1. */
int mag_hosts_by_nai(const struct mag_hosts *m, const struct mh_msg *msg);
/* A PBA (authenticated by the caller). */
void mag_hosts_on_pba(struct mag_hosts *m, const struct mh_msg *pba, uint64_t now_ms, struct mag_action *a);
/* A BRI from the LMA (authenticated by the caller): the BRA to send. */
void mag_hosts_on_bri(struct mag_hosts *m, const struct mh_msg *bri, struct mag_action *a);
/* host left (its link went down): deregistration. */
void mag_hosts_leave(struct mag_hosts *m, int host, uint64_t now_ms, uint64_t now_ts, struct mag_action *a);
/* What time brings for the next host from *from on (retransmission,
 * refresh, lifetime's end): its index with a filled, or -1. */
int mag_hosts_tick(struct mag_hosts *m, uint64_t now_ms, uint64_t now_ts, int *from, struct mag_action *a);

#endif
