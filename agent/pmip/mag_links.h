/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The MAG's access links as its agent sees them: a packet socket on each,
 * which gets what the access XDP hands to the stack (the hosts' DHCP, IPv4
 * of hosts not attached here yet), read into events for the visitor list,
 * and which sends the DHCP server's framed replies.
 */
#ifndef XMIP_MAG_LINKS_H
#define XMIP_MAG_LINKS_H

#include <netinet/in.h>
#include <stdint.h>
#include <systemd/sd-event.h>
#include "access/dhcp4.h"
#include "pmip/mag_config.h"
#include "xmip_error.h"

struct mag_links_handler {
	/* A DHCP message (client to server) from mac on link. */
	void (*dhcp)(void *ctx, int link, const uint8_t mac[6], const struct dhcp4_msg *msg);
	/* IPv4 from mac on link sent from src (not DHCP). */
	void (*frame)(void *ctx, int link, const uint8_t mac[6], struct in_addr src);
	void *ctx;
};

struct mag_links;

/* Which link an event source reads. */
struct mag_link_ctx {
	struct mag_links *l;
	int link;
};

/* Opened in place: it must not move while open. */
struct mag_links {
	int n;
	int fd[XMIP_MAX_IFACES];
	int ifindex[XMIP_MAX_IFACES];
	sd_event_source *io[XMIP_MAX_IFACES];
	struct mag_link_ctx ctx[XMIP_MAX_IFACES];
	struct mag_links_handler handler;
	uint64_t malformed;          /* DHCP messages the codec refused */
};

int mag_links_open(struct mag_links *l, sd_event *ev, const struct mag_config *cfg,
		   const struct mag_links_handler *h, struct xmip_error *err);
void mag_links_close(struct mag_links *l);
/* Sends frame (len bytes, Ethernet) on access link `link`: 0 or -errno. */
int mag_links_send(const struct mag_links *l, int link, const uint8_t *frame, size_t len);

#endif
