/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The xmip loader: opens and loads the BPF objects of one kind of data plane
 * (anchor, mobile: kinds.c), pins their maps under /sys/fs/bpf/xmip/<instance>/
 * (reusing them when they are already there, so bindings outlive the agent,
 * and migrating those an earlier build pinned in another shape), attaches
 * XDP through libxdp and TC on clsact, and detaches on request.
 *
 * Kernel attachments and pins deliberately outlive the process: closing a
 * struct xmip_dp frees only user-space handles. xmip_dp_detach() and
 * xmip_dp_unpin() remove kernel objects.
 */
#ifndef XMIP_LOADER_H
#define XMIP_LOADER_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include "xmip_abi.h"
#include "xmip_abi_mip6.h"
#include "xmip_error.h"

struct bpf_object;

enum xmip_xdp_mode {
	XMIP_XDP_AUTO = 0,   /* native, falling back to generic with a log line */
	XMIP_XDP_NATIVE,     /* native or fail */
	XMIP_XDP_GENERIC,    /* generic (skb) mode only */
};

struct xmip_dp_opts {
	const char *instance;       /* pins go to XMIP_PIN_ROOT/<instance> */
	enum xmip_dp_kind kind;     /* which objects and maps */
	uint32_t max_bindings;      /* 0: as pinned already, or XMIP_DEFAULT_MAX_BINDINGS */
	enum xmip_xdp_mode xdp_mode;
};

enum xmip_map_id {
	XMIP_MAPID_CONFIG,
	XMIP_MAPID_STATS,
	XMIP_MAPID_BIND6,
	XMIP_MAPID_BIND4,
	XMIP_MAPID_PREFIX6,
	XMIP_MAPID_PREFIX4,
	XMIP_MAPID_SIG_SEEN,
	XMIP_MAPID_MN_TUNNEL,
	XMIP_MAPID_KNOWN_HOME,
	XMIP_MAPID_ACCESS_HOST,
	XMIP_MAPID_COUNT,
};

struct xmip_dp;

/* Where an XDP program ended up: tells the user about a generic fallback. */
enum xmip_xdp_attached {
	XMIP_XDP_ATTACHED_NATIVE,
	XMIP_XDP_ATTACHED_GENERIC,
};

/* Log callback for the loader's informational lines (fallbacks, reuse). */
typedef void (*xmip_loader_log_fn)(int level, const char *msg);
void xmip_loader_set_log(xmip_loader_log_fn fn);

int xmip_dp_open(struct xmip_dp **out, const struct xmip_dp_opts *opts,
		 struct xmip_error *err);
void xmip_dp_close(struct xmip_dp *dp);

/* Attach the kind's XDP program to ifname, replacing an older xmip program
 * already there (new first, then the old one goes: no gap). Attaching again
 * to the same interface replaces this instance's own program. */
int xmip_dp_attach_xdp(struct xmip_dp *dp, const char *ifname,
		       enum xmip_xdp_attached *mode, struct xmip_error *err);
/* Attach the kind's TC program on ifname's clsact egress, replacing in place. */
int xmip_dp_attach_tc(struct xmip_dp *dp, const char *ifname,
		      struct xmip_error *err);

/* What a binding covers: a home address (prefixlen 32 or 128) or a home
 * prefix (NEMO mobile network prefix, IPv4 home prefix). */
struct xmip_home {
	int family;                 /* AF_INET or AF_INET6 */
	union xmip_addr addr;
	uint8_t prefixlen;
};

/* Home agent: add or replace the tunnel for a home address or prefix, in
 * one atomic map update. */
int xmip_binding_update(struct xmip_dp *dp, const struct xmip_home *home,
			const struct xmip_tunnel *tun, struct xmip_error *err);
/* Home agent: remove it; a missing binding is not an error. */
int xmip_binding_delete(struct xmip_dp *dp, const struct xmip_home *home,
			struct xmip_error *err);
/* Mobile node: the current tunnel to the home agent (care-of address and
 * format change together, in one update), or none. */
int xmip_mn_tunnel_update(struct xmip_dp *dp, const struct xmip_tunnel *tun,
			  struct xmip_error *err);
int xmip_mn_tunnel_clear(struct xmip_dp *dp, struct xmip_error *err);
/* Mobile node: the path the next BU takes (XMIP_MN_TUNNEL_SIGNAL). */
int xmip_mn_signal_path_update(struct xmip_dp *dp, const struct xmip_tunnel *tun,
			       struct xmip_error *err);
/* Home agent: how the latest BU from home address hoa6 came; -ENOENT when
 * XDP recorded nothing (it came natively, from the home link). */
int xmip_sig_seen_lookup(struct xmip_dp *dp, const struct in6_addr *hoa6,
			 struct xmip_sig_seen *out, struct xmip_error *err);
int xmip_sig_seen_delete(struct xmip_dp *dp, const struct in6_addr *hoa6);
/* Home agent: hoa6 is a configured mobile node's home address; XDP lets its
 * signalling through to the agent (and drops signalling for any other). */
int xmip_known_home_add(struct xmip_dp *dp, const struct in6_addr *hoa6, struct xmip_error *err);
/* Access kind (a MAG): the host with IPv4 address addr is attached with
 * link-layer address mac on link ifindex (or is no longer). Its tunnel
 * toward the anchor is its binding (xmip_binding_update, addr/32): the
 * agent writes the binding before the host entry and removes it after, so
 * that XDP never sees a host without its tunnel. */
int xmip_access_host_update(struct xmip_dp *dp, struct in_addr addr, const uint8_t mac[6], uint32_t ifindex,
			    struct xmip_error *err);
int xmip_access_host_delete(struct xmip_dp *dp, struct in_addr addr, struct xmip_error *err);

/* A map's descriptor; -1 when the kind has no such map. */
int xmip_dp_map_fd(const struct xmip_dp *dp, enum xmip_map_id id);
/* Sizes obj's maps as xmip_dp_open sized the pinned ones for max_bindings
 * (a program loaded beside the data plane, e.g. a benchmark, reuses them). */
int xmip_dp_size_object(struct bpf_object *obj, uint32_t max_bindings);
/* The settings the agent wrote (interfaces, addresses); an error when there
 * are none, or no tunnel interface in them (no agent set this instance up). */
int xmip_dp_settings_read(const struct xmip_dp *dp, struct xmip_dp_config *dc,
			  struct xmip_error *err);
const char *xmip_map_name(enum xmip_map_id id);
/* True when the maps were found pinned (a restart), false when created. */
bool xmip_dp_maps_reused(const struct xmip_dp *dp);
const char *xmip_dp_pin_dir(const struct xmip_dp *dp);

/* Detach this instance's programs from ifname and forget the attachment. */
int xmip_dp_detach(struct xmip_dp *dp, const char *ifname, struct xmip_error *err);
/* Remove every xmip XDP and TC program from ifname. Missing ones are fine. */
int xmip_detach_interface(const char *ifname, struct xmip_error *err);
/* Remove the pinned maps of an instance and its directory. */
int xmip_unpin_instance(const char *instance, struct xmip_error *err);
/* Instance names become directory names: letters, digits, - _ . only. */
int xmip_instance_name_valid(const char *name);
/* Make sure a BPF filesystem is mounted at /sys/fs/bpf. */
int xmip_bpffs_ensure(struct xmip_error *err);
/* Sum one per-CPU counter of the stats map. */
int xmip_stats_read(int stats_fd, uint64_t out[XMIP_STAT_MAX]);
/* Human name of a stat counter. */
const char *xmip_stat_name(enum xmip_stat stat);
const char *xmip_stat_key(enum xmip_stat stat);

#endif /* XMIP_LOADER_H */
