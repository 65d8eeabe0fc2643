/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The LMA's proxy binding cache and its decisions, without any I/O: RFC
 * 5213 5.3 (proxy registration, handover between MAGs, deregistration,
 * timestamps as 5.5 says) with RFC 5844 3.1's IPv4 home address (the
 * host's static one, or one of the pool). One entry per configured host,
 * under the host's index in the configuration; the host is found by its
 * NAI (RFC 4283). IPv4-only hosts are what this serves: a PBU asking for
 * an IPv6 home network prefix is refused (172). Time is passed in: ms of
 * a monotonic clock for lifetimes, RFC 5213 timestamps of the wall clock.
 */
#ifndef XMIP_LMA_CACHE_H
#define XMIP_LMA_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include "mh/mh.h"
#include "pmip/lma_config.h"

struct lma_entry {
	bool active;
	int mag;                     /* the serving MAG: its index in the configuration */
	uint16_t seq;                /* of the last accepted PBU */
	uint64_t timestamp;          /* of the last accepted PBU (RFC 5213 8.8) */
	uint32_t lifetime_s;         /* granted */
	uint64_t expires_ms;
	struct in_addr hoa4;         /* bound */
	uint8_t att;                 /* the access technology it attached by */
	uint8_t ll_id_len;
	uint8_t ll_id[MH_LL_ID_MAX]; /* its link-layer identifier at the MAG */
	struct in_addr last_pool4;   /* the pool's last address for the host, kept
				      * past deregistration and expiry */
};

struct lma_cache {
	const struct lma_config *cfg;
	struct lma_entry *entries;   /* by host index */
	int *by_id;                  /* host indexes sorted by NAI */
	uint8_t *pool_used;          /* a bit per pool address (cfg->v4_pool) */
	uint32_t pool_size;
	uint32_t pool_next;          /* where the search for a free one goes on */
};

/* Answering one PBU: the PBA to send, the binding before and after (the
 * caller makes the data plane follow), and the MAG to revoke the host's
 * binding at when it moved to another (RFC 5846), or -1. */
struct lma_decision {
	int host;                    /* -1: unknown */
	struct mh_msg pba;
	struct lma_entry before;
	struct lma_entry after;
	int revoke_mag;
};

int lma_cache_init(struct lma_cache *c, const struct lma_config *cfg);
void lma_cache_free(struct lma_cache *c);
/* The host whose NAI is id, or -1. */
int lma_cache_find(const struct lma_cache *c, const char *id);

/*
 * Decides on pbu (decoded, authenticated by the caller) from MAG mag (-1:
 * an address that is no configured MAG's). now_ms: the monotonic clock;
 * now_ts: the wall clock as an RFC 5213 timestamp. Updates the cache and
 * fills d.
 */
void lma_cache_process_pbu(struct lma_cache *c, int mag, const struct mh_msg *pbu, uint64_t now_ms,
			   uint64_t now_ts, struct lma_decision *d);

/* Puts an entry back as it was (the data plane could not follow). */
void lma_cache_restore(struct lma_cache *c, int host, const struct lma_entry *before);
/* Sets an entry as a restart finds it (the state file): 0, or -1 when the
 * entry does not fit this configuration (its MAG or address is gone). */
int lma_cache_load(struct lma_cache *c, int host, const struct lma_entry *e);

/* The index of the next host whose binding outlived its lifetime at now_ms,
 * from *from on, or -1; the entry is deactivated, its old state in
 * *expired. */
int lma_cache_expire_next(struct lma_cache *c, uint64_t now_ms, int *from, struct lma_entry *expired);

#endif
