/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The home agent's binding cache and its decisions, without any I/O: RFC
 * 6275 10.3.1/10.3.2 home registration (sequence window, lifetime cap,
 * deregistration) and RFC 5555 4.5 (IPv4 home address option: static,
 * pool, prefix; NAT detection; the F flag) and RFC 3963 mobile network
 * prefixes (explicit and implicit mode). One entry per node the home
 * agent serves, under a handle the cache gives it when the node is admitted
 * (the configured ones at start, in their order; a reload admits and
 * retires nodes by identity: id and home address). Time is passed in (ms of
 * a monotonic clock), so tests drive it.
 */
#ifndef XMIP_HA_CACHE_H
#define XMIP_HA_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include "dsmip6/ha_config.h"
#include "dsmip6/ha_index.h"
#include "mh/mh.h"
#include "xmip_abi_mip6.h"

struct ha_entry {
	bool active;
	uint16_t seq;                /* last accepted */
	uint16_t bu_flags;           /* of the last accepted BU */
	uint32_t lifetime_s;         /* granted */
	uint64_t expires_ms;
	struct xmip_tunnel tunnel;   /* how the data plane reaches the node */
	bool nat;                    /* a NAT was detected on the way */
	bool has_v4;                 /* an IPv4 home address or prefix is bound */
	struct in_addr hoa4;
	uint8_t hoa4_len;            /* 32: an address; less: a prefix (the P flag) */
	struct in_addr last_pool4;   /* the pool's last address for the node, kept
				      * past deregistration and expiry */
	uint16_t mnp_mask;           /* bound prefixes: bit i = configured mnp6[i] */
};

/* A mobile router's registration (R accepted, RFC 3963) binds at least one
 * prefix: explicit mode names one or more, implicit mode takes all. */
static inline bool ha_entry_is_mobile_router(const struct ha_entry *e)
{
	return e->mnp_mask != 0;
}

/* The bound IPv4 home address is the pool's (a dynamic one, RFC 5555 4.5). */
static inline bool ha_entry_v4_from_pool(const struct ha_entry *e)
{
	return e->has_v4 && e->hoa4_len == 32 && e->hoa4.s_addr == e->last_pool4.s_addr;
}

struct ha_cache {
	const struct ha_config *cfg;         /* the home agent's settings */
	struct ha_entry *entries;            /* by handle, [0, n) */
	const struct mn_authz **nodes;       /* by handle: who the node is and what it
					      * may claim; NULL: a handle given back */
	int n;                               /* handles given out so far */
	int cap;                             /* room in entries and nodes */
	int *free_handles;                   /* given back, to give out again */
	int n_free;
	struct ha_index index;               /* kept in step (admit, retire, entry_set) */
	/* IPsec is on: every node's BUs reach us only under its SA, since
	 * ipsec_start() sets the policies before signalling starts. */
	bool ipsec;
	/* IPv4 payload under the kernel's ESP tunnel mode (RFC 5555 5.2.2):
	 * the bindings carry XMIP_TUNF_ESP_PAYLOAD4. */
	bool esp_payload4;
};

/* What answering one BU means: the BA to send, and the binding before and
 * after (the caller makes the data plane follow: ha_signal.c). */
struct ha_decision {
	int mn;                      /* the node's handle, -1: unknown node */
	struct mh_msg ba;
	struct ha_entry before;
	struct ha_entry after;
};

/* Admits every node cfg configures, handle i for the i-th. */
int ha_cache_init(struct ha_cache *c, const struct ha_config *cfg);
void ha_cache_free(struct ha_cache *c);

/* A node the home agent serves from now on (m must live as long as the
 * node): its handle, or -ENOMEM, or -EEXIST when a node with its home
 * address is there. */
int ha_cache_admit(struct ha_cache *c, const struct mn_authz *m);
/* Node mn is served no more: its entry goes, its handle may be given again. */
void ha_cache_retire(struct ha_cache *c, int mn);
/* Who node mn is, or NULL for a handle not in use. */
const struct mn_authz *ha_cache_node(const struct ha_cache *c, int mn);

/* A reloaded section: a node with the same id and home address keeps its
 * handle and binding and takes its new claims; gone(ctx, mn, node, entry)
 * runs for each node no longer configured before it is retired, admitted
 * (ctx, mn) for each new one. Returns 0 or -ENOMEM. */
int ha_cache_reconfigure(struct ha_cache *c, const struct ha_config *cfg,
			 void (*gone)(void *ctx, int mn, const struct mn_authz *m, const struct ha_entry *e),
			 void (*admitted)(void *ctx, int mn), void *ctx);

/* The mobile node whose IPv6 home address is hoa6, or -1. */
int ha_cache_find(const struct ha_cache *c, const struct in6_addr *hoa6);

/*
 * Decides on bu (decoded, from home address hoa6) that came the way seen says
 * (NULL: natively, from the home link). Updates the cache and fills d.
 */
void ha_cache_process_bu(struct ha_cache *c, const struct in6_addr *hoa6, const struct mh_msg *bu,
			 const struct xmip_sig_seen *seen, uint64_t now_ms, struct ha_decision *d);

/* Puts an entry back as it was (the data plane could not follow). */
void ha_cache_restore(struct ha_cache *c, int mn, const struct ha_entry *before);

/* The index of the next entry past its lifetime at now_ms, from index
 * *from on, or -1; the entry is deactivated, its old state in *expired. */
int ha_cache_expire_next(struct ha_cache *c, uint64_t now_ms, int *from, struct ha_entry *expired);

#endif
