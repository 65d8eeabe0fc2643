/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * bu_load's parts: the engine (bu_load.c: the window of outstanding BUs,
 * the phases, the figures) and one file per protocol it speaks, which
 * knows how that protocol's BUs are built and sent and its answers read:
 * bu_load_mip6.c (mobile nodes to a home agent, RFC 6275/5555) and
 * bu_load_pmip.c (a MAG to an LMA for its hosts, RFC 5213/5844).
 */
#ifndef XMIP_BENCH_BU_LOAD_H
#define XMIP_BENCH_BU_LOAD_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mh/mh_auth.h"

#define BU_LIFETIME_S 3600
#define BENCH_SPI 1000

struct load {
	int tx, rx;
	struct in6_addr anchor;  /* the home agent or LMA */
	struct in6_addr hoa6, coa6;
	struct in6_addr mag;     /* proxy: the MAG the BUs come from */
	struct in_addr hoa4;
	uint32_t nodes, window, offset;
	bool sign;
	struct mh_auth_key key;  /* as given (-a): the protocol makes each BU's */
	uint16_t *seq;          /* the sequence number each node sent last */
	uint8_t *pending;       /* its BU awaits a BA */
	uint32_t outstanding;
	uint64_t sent, acked, refused, lost, stray;
	uint64_t last_ba_ns;
};

struct load_proto {
	const char *name;
	/* l->tx (what BUs go through, to l->anchor) and l->rx (where BAs
	 * are read) on interface ifname: 0, or -1 said on stderr. */
	int (*open)(struct load *l, const char *ifname);
	/* Node i's BU with sequence number seq into buf: its length. */
	size_t (*build)(const struct load *l, uint32_t i, uint16_t seq, uint8_t *buf, size_t cap);
	/* What p (len bytes off l->rx) answers: its node, or -1 when it is
	 * not a BA to one of ours; its sequence number and status. */
	int64_t (*answer)(const struct load *l, const uint8_t *p, size_t len, uint16_t *seq, uint8_t *status);
};

extern const struct load_proto load_mip6, load_pmip;

#endif
