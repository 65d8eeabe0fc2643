/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The mobile node's running state, shared by the files of its signalling
 * (and by them only): mn_signal.c (BUs and BAs, the one timer),
 * mn_care_of.c (which address, RFC 5555 4.4.1), mn_movement.c (rtnetlink
 * events and the choice they lead to), mn_home.c (where the home addresses
 * and prefixes live: on the tunnel, or on the home link), mn_home_agent.c
 * (configured or found by DNS) and mn_report.c.
 */
#ifndef XMIP_MN_STATE_H
#define XMIP_MN_STATE_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-event.h>
#include "core/dp_setup.h"
#include "dsmip6/mn_bul.h"
#include "dsmip6/mn_config.h"
#include "dsmip6/mn_discovery.h"
#include "mh/mh.h"
#include "mh/mh_auth.h"

struct care_of {
	int family;                  /* 0: none */
	bool home;                   /* on the home link: no care-of address */
	union xmip_addr addr;
	int ifindex;
	char ifname[IF_NAMESIZE];
};

struct mn_signal {
	const struct mn_config *cfg;
	struct dp_state *dp;
	sd_event *ev;
	int fd;                      /* Mobility Header */
	int nl;                      /* rtnetlink events */
	sd_event_source *io, *nl_io, *timer, *settle;

	struct home_agent_address ha;
	bool ha_known;               /* configured, or found through DNS */
	char ha_name[XMIP_DNS_NAME_MAX];
	struct mn_discovery *discovery;

	struct mn_bul bul;           /* the home registration's entry */
	struct care_of coa;          /* of the BU in flight or bound */
	struct xmip_tunnel path;     /* the BU's way */
	uint8_t data_format;         /* the tunnel's, once accepted */
	bool v4_bound;
	struct in_addr hoa4;
	uint8_t hoa4_len;            /* 32, or an IPv4 mobile network prefix's */
	bool prefixes_routed;        /* a mobile router's, into the tunnel */

	/* RFC 4285: the care-of address the last BU's authenticator named
	 * (its BA's names the same), the offset of the home agent's clock
	 * from ours (learnt from a signed 145), BAs that failed the check. */
	struct in6_addr auth_coa;
	int64_t clock_offset_ms;
	uint64_t bas_unauthenticated;
};

/* mn_signal.c */
uint64_t mn_now_us(const struct mn_signal *s);
/* RFC 4285: the key of the node's with this SPI, or NULL. */
const struct mh_auth_key *mn_key(const struct mn_signal *s, uint32_t spi);
/* The one timer follows the list entry's due time. */
void mn_arm_timer(struct mn_signal *s);
/* Sends the BU the list entry just decided on and arms the timer. */
void mn_send_bu(struct mn_signal *s);
/* A new registration (or deregistration, at home) from where we are. */
void mn_register_now(struct mn_signal *s);

/* mn_care_of.c */
struct care_of mn_select_care_of(const struct mn_signal *s);
bool mn_same_care_of(const struct care_of *a, const struct care_of *b);
/* The BU's way from care-of address c. */
struct xmip_tunnel mn_bu_path(const struct mn_signal *s, const struct care_of *c);

/* mn_movement.c */
/* Follows the links, addresses and routes (rtnetlink), then chooses. */
int mn_movement_start(struct mn_signal *s, struct xmip_error *err);
void mn_movement_stop(struct mn_signal *s);
/* Chooses where the node is again; false when that is where it was. */
bool mn_reselect(struct mn_signal *s);

/* mn_home.c */
const struct in_addr *mn_bound_hoa4(const struct mn_signal *s);
void mn_arrive_home(struct mn_signal *s);
void mn_leave_home(struct mn_signal *s, const char *home_ifname);
void mn_bind_ipv4(struct mn_signal *s, const struct mh_ipv4_ack *ack);
void mn_bind_prefixes(struct mn_signal *s, const struct mh_msg *ba);
int mn_prepare_mobile_router(const struct mn_config *mn, struct xmip_error *err);

/* mn_home_agent.c */
/* The configured home agent, or DNS asked for it. */
int mn_find_home_agent(struct mn_signal *s, struct xmip_error *err);

#endif
