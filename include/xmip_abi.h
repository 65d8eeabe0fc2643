/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The ABI between the BPF data plane and the agent that every kind of node
 * and every protocol shares: map names, keys, values, enums and stat
 * counters. One definition, included by both sides; user space never
 * mirrors these structs by hand. What one protocol family adds lives in
 * its own header (xmip_abi_mip6.h). Every struct has a _Static_assert on
 * its size so that a change here that would break pinned maps of a running
 * system is caught at compile time; a change made on purpose raises
 * XMIP_ABI_VERSION, and the loader migrates pinned maps whose shape
 * changed (loader/migrate.c) so that a running system keeps its bindings.
 *
 * Byte order: fields named *_be (and IPv4/IPv6 addresses, ports) are in
 * network byte order, everything else is host order.
 */
#ifndef XMIP_ABI_H
#define XMIP_ABI_H

#include <linux/types.h>
#include "xmip_proto.h"

/* Directory under the BPF filesystem where an instance pins its maps. */
#define XMIP_PIN_ROOT "/sys/fs/bpf/xmip"

/* The layout of the pinned maps. 1: the maps as first shipped; 2: the
 * settings map at 128 bytes with this version in it, 256 counter slots,
 * each kind's object with its own maps only. */
#define XMIP_ABI_VERSION 2

/* Default sizes; the agent may override the binding maps before load. */
#define XMIP_DEFAULT_MAX_BINDINGS 65536
#define XMIP_MAX_PREFIXES 65536
#define XMIP_MAX_NAT_RECORDS 65536

/* An IPv4 or IPv6 address. IPv4 lives in the first word, the rest is zero. */
union xmip_addr {
	__be32 v4;
	__be32 v6[4];
	__u8 bytes[16];
};
_Static_assert(sizeof(union xmip_addr) == 16, "xmip_addr size");

/*
 * How packets for a binding are wrapped: the one table of tunnel formats.
 * The inner family is taken from the packet itself; a format names the
 * outer headers: X(NAME, value, outer IP version, UDP port (0: none),
 * bytes after the UDP header, name). Values are stored in pinned maps:
 * never renumber. Room is kept for the next protocols' formats: 5 UDP 434
 * with the Mobile IPv4 tunnel header (RFC 3519, 4 bytes), 6 GRE over IPv4,
 * 7 GRE over IPv6.
 */
#define XMIP_TUNNEL_FORMATS(X)                                                          \
	X(IP6, 1, 6, 0, 0, "ipv6")                 /* 6in6, 4in6 (RFC 5555 4.1) */     \
	X(IP4, 2, 4, 0, 0, "ipv4")                 /* 6in4, 4in4, no NAT */            \
	X(UDP4, 3, 4, XMIP_PORT_DSMIP, 0, "udp4")  /* UDP 4191: a NAT or the F flag */  \
	X(UDP6, 4, 6, XMIP_PORT_DSMIP, 0, "udp6")  /* UDP 4191 over IPv6 (4.4.1) */

enum xmip_tunnel_format {
	XMIP_TUN_NONE = 0,      /* no tunnel (binding being set up) */
#define XMIP_TUN_ENUM(name, value, ipv, port, extra, text) XMIP_TUN_##name = value,
	XMIP_TUNNEL_FORMATS(XMIP_TUN_ENUM)
#undef XMIP_TUN_ENUM
	XMIP_TUN_FORMAT_MAX,
};

/* What the table says of one format; ip_version 0: not a format. */
struct xmip_tunnel_format_info {
	__u8 ip_version;          /* of the outer header: 4 or 6 */
	__u16 udp_port;           /* host order; 0: no UDP */
	__u8 extra;               /* header bytes after UDP */
};

static inline struct xmip_tunnel_format_info xmip_tunnel_format_info(__u8 format)
{
	struct xmip_tunnel_format_info info = { 0, 0, 0 };

	switch (format) {
#define XMIP_TUN_INFO(name, value, ipv, port, extra_bytes, text) \
	case value: info.ip_version = ipv; info.udp_port = port; info.extra = extra_bytes; break;
	XMIP_TUNNEL_FORMATS(XMIP_TUN_INFO)
#undef XMIP_TUN_INFO
	}
	return info;
}

/* A known format (not NONE). */
static inline int xmip_tunnel_format_valid(__u8 format)
{
	return xmip_tunnel_format_info(format).ip_version != 0;
}

/* The outer header is IPv6 (else IPv4). */
static inline int xmip_tunnel_outer_v6(__u8 format)
{
	return xmip_tunnel_format_info(format).ip_version == 6;
}

/* The format's UDP port (host order), 0 for a format without UDP. */
static inline __u16 xmip_tunnel_udp_port(__u8 format)
{
	return xmip_tunnel_format_info(format).udp_port;
}

/* Bytes a format puts in front of the inner packet: the outer IP header,
 * UDP for the UDP formats, and what follows UDP. Never less than an IPv4
 * header (the verifier sees a bounded, non-zero length). */
static inline int xmip_tunnel_overhead(__u8 format)
{
	struct xmip_tunnel_format_info info = xmip_tunnel_format_info(format);

	return (info.ip_version == 6 ? 40 : 20) + (info.udp_port ? 8 : 0) + info.extra;
}

/* The UDP format of outer IP version 6 (else 4) on port (host order), or
 * XMIP_TUN_NONE: how the data plane recognises a UDP tunnel packet. */
static inline __u8 xmip_tunnel_udp_format(int outer_v6, __u16 udp_port)
{
#define XMIP_TUN_MATCH(name, value, ipv, port, extra, text) \
	if (port && udp_port == port && (ipv == 6) == !!outer_v6) return value;
	XMIP_TUNNEL_FORMATS(XMIP_TUN_MATCH)
#undef XMIP_TUN_MATCH
	return XMIP_TUN_NONE;
}

/* The far end of a tunnel and how to reach it. Used as the value of every
 * binding map on the anchor and as the mobile node's single tunnel entry. */
struct xmip_tunnel {
	union xmip_addr remote;   /* care-of address, or the NAT's public address */
	union xmip_addr local;    /* our endpoint: HA address (or MN care-of)     */
	__be16 remote_port;       /* UDP formats: destination port (NAT's port)   */
	__be16 local_port;        /* UDP formats: our source port (4191)          */
	__u8 format;              /* enum xmip_tunnel_format                       */
	__u8 flags;               /* XMIP_TUNF_*                                   */
	__u16 mtu;                /* egress path MTU, 0 = use the device MTU       */
	__u32 ifindex;            /* egress interface hint, 0 = FIB decides        */
	__u32 binding_id;         /* agent's handle, to find the binding again     */
};
_Static_assert(sizeof(struct xmip_tunnel) == 48, "xmip_tunnel size");

#define XMIP_TUNF_NAT 0x01        /* remote address/port are the NAT's          */
#define XMIP_TUNF_FORCED_UDP 0x02 /* F flag: UDP although no NAT was seen       */
#define XMIP_TUNF_ESP_PAYLOAD4 0x04 /* IPv4 payload goes through the kernel's
				     * IPsec tunnel (RFC 5555 5.2.2), not ours */

/* LPM trie keys for mobile network prefixes (NEMO) and IPv4 home prefixes. */
struct xmip_lpm6_key {
	__u32 prefixlen;
	__u8 addr[16];
};
_Static_assert(sizeof(struct xmip_lpm6_key) == 20, "xmip_lpm6_key size");

struct xmip_lpm4_key {
	__u32 prefixlen;
	__be32 addr;
};
_Static_assert(sizeof(struct xmip_lpm4_key) == 8, "xmip_lpm4_key size");

/* The kinds of node that share the data plane (ARCHITECTURE.md 2a): each
 * has its programs and the maps they use. An anchor maps home addresses and
 * prefixes to tunnels (DSMIPv6 home agent; the Mobile IPv4 home agent and
 * the proxy mobility LMA next); a mobile node holds its home addresses on
 * a tunnel interface with one tunnel to its anchor. The values are stored
 * in pinned maps: never renumber. */
enum xmip_dp_kind {
	XMIP_DP_NONE = 0,
	XMIP_DP_ANCHOR = 1,
	XMIP_DP_MOBILE = 2,
	XMIP_DP_ACCESS = 3,       /* hosts on access links <-> tunnels to anchors:
				   * the proxy mobility MAG (the Mobile IPv4
				   * foreign agent next) */
	/* room: XMIP_DP_CORRESPONDENT */
	XMIP_DP_KIND_MAX,
};

/* Per-instance settings of the data plane, array map with one entry. The
 * first 64 bytes are ABI 1's, unchanged; then the access kind's; the rest
 * is room for the correspondent's. */
struct xmip_dp_config {
	__u32 kind;               /* enum xmip_dp_kind                           */
	__u32 flags;              /* XMIP_DPF_*                                  */
	union xmip_addr ha_addr6; /* the anchor's IPv6 address (on a mobile
				   * node: its home agent's)                 */
	union xmip_addr ha_addr4; /* the anchor's IPv4 address                  */
	__u32 home_ifindex;       /* anchor: the home link                       */
	__u32 nat_keepalive_s;    /* refresh time the anchor suggests            */
	__u32 tunnel_ifindex;     /* the tunnel interface: anchor: where the
				   * stack routes home addresses (TC
				   * encapsulates); mobile: holds the home
				   * addresses                                */
	__u32 peer_ifindex;       /* mobile: the tunnel interface's peer, where
				   * XDP redirects decapsulated packets so
				   * they arrive on the tunnel interface      */
	union {
		__u8 tunnel_mac[6];   /* mobile: the tunnel interface's MAC: the
				       * destination of those frames, or the
				       * stack ignores them as for another
				       * host                                 */
		__u8 home_mac[6];     /* anchor: the home link's MAC, in the
				       * neighbour advertisements and ARP
				       * replies XDP sends for bound home
				       * addresses                            */
	};
	__u16 abi_version;        /* XMIP_ABI_VERSION of the agent that wrote it */
	/* access: the hosts' default router as every access link shows it
	 * (the same address and link-layer address at every MAG, so a host
	 * that moves never notices), and the hosts' home network, whose
	 * addresses XDP answers ARP for with that link-layer address (so that
	 * hosts reach each other through the MAG and the anchor) */
	__be32 router4;
	__be32 home_prefix4;
	__u8 router_mac[6];
	__u8 home_prefix4_len;
	__u8 pad0;
	__u8 reserved[48];        /* zero */
};
_Static_assert(sizeof(struct xmip_dp_config) == 128, "xmip_dp_config size");

#define XMIP_DPF_ENABLED 0x01

/*
 * Data-plane counters: one per event and one per drop reason, so that every
 * dropped packet is explained (`xmipctl stats`). X-macro: the BPF side uses the
 * enum, user space also gets the names.
 */
#define XMIP_STATS(X)                                                        \
	X(RX_PACKETS, "packets seen")                                        \
	X(RX_MH, "mobility header packets passed to the agent")             \
	X(RX_ESP_SIGNAL, "ESP-protected signalling (home address option or type 2 routing header)") \
	X(RX_UDP_SIGNAL, "DSMIPv6 UDP 4191 packets")                         \
	X(RX_MH_HAO, "BUs from a care-of address, home address option applied") \
	X(RX_MH_RH2, "BAs to a care-of address, type 2 routing header applied") \
	X(SIGNAL_XMIT, "signalling sent along the signalling path")          \
	X(BINDING_HIT, "packets matching a binding")                         \
	X(BINDING_MISS, "packets matching no binding")                       \
	X(TO_STACK, "packets passed to the kernel stack")                    \
	X(ENCAP_XMIT, "packets encapsulated and sent toward a care-of address") \
	X(TC_ENCAP_XMIT, "packets the stack routed into the tunnel, encapsulated in TC") \
	X(DECAP, "tunnel packets decapsulated (from a bound peer)")      \
	X(DECAP_XMIT, "decapsulated packets forwarded by XDP")             \
	X(STACK_FRAGMENT, "to the stack: a fragment (TC path)")             \
	X(STACK_TTL, "to the stack: TTL expiring (it sends time exceeded)") \
	X(STACK_TOO_BIG, "to the stack: too big, IPv4 without DF (it fragments)") \
	X(ICMP_TOO_BIG, "answered: ICMP packet too big / fragmentation needed") \
	X(PROXY_NA, "answered: neighbour solicitation for a bound home address") \
	X(PROXY_ARP, "answered: ARP request for a bound IPv4 home address") \
	X(STACK_NO_NEIGH, "to the stack: no neighbour yet toward the care-of address") \
	X(STACK_ESP_PAYLOAD, "to the stack: IPv4 for the kernel's ESP tunnel (RFC 5555 5.2.2)") \
	X(DROP_MALFORMED, "dropped: malformed or truncated headers")         \
	X(DROP_NO_CONFIG, "dropped: data plane not configured")              \
	X(DROP_NO_ROUTE, "dropped: no route to the care-of address")        \
	X(DROP_NO_ROOM, "dropped: no headroom for the tunnel headers")      \
	X(DROP_TOO_BIG, "dropped: routed into the tunnel larger than its path MTU") \
	X(DROP_SPOOF_INNER, "dropped: tunnelled from an address with no binding") \
	X(DROP_SPOOF_OUTER, "dropped: outer source, port or format not the binding's") \
	X(DROP_ECN, "dropped: CE outside a not-ECN-capable packet (RFC 6040)") \
	X(DROP_NO_TUNNEL, "dropped: no tunnel (binding) for the packet's address") \
	X(DROP_UNSUPPORTED, "dropped: tunnel format not supported here yet")  \
	X(DROP_NOT_HOME_AGENT, "dropped: tunnelled to the mobile node, not by its home agent") \
	X(DROP_UNKNOWN_HOME, "dropped: signalling for a home address or from a MAG the anchor does not serve") \
	X(ARP_REPLY, "answered: ARP request from a host for its router or its home network") \
	X(ICMP_ECHO_REPLY, "answered: echo request from a host to its default router") \
	X(ACCESS_ENCAP_XMIT, "host packets encapsulated and sent toward the anchor") \
	X(ACCESS_DELIVER, "decapsulated packets delivered to a host on its access link") \
	X(ACCESS_UNKNOWN_HOST, "to the stack: IPv4 from no attached host (DHCP, a new attachment)") \
	X(DROP_HOST_SPOOF, "dropped: a host sending from an address not its own, or from another link")

enum xmip_stat {
#define XMIP_STAT_ENUM(name, text) XMIP_STAT_##name,
	XMIP_STATS(XMIP_STAT_ENUM)
#undef XMIP_STAT_ENUM
	XMIP_STAT_MAX,
};

/* Slots of the stats map: fixed, and room for the counters of more kinds
 * of role (39 used by the anchor, the mobile node and the access kind), so
 * that adding counters does not change the pinned map's shape. */
#define XMIP_STATS_SLOTS 256
_Static_assert(XMIP_STAT_MAX <= XMIP_STATS_SLOTS, "too many stat counters");

/* Map names: what bpftool shows and the file name of each pin. BPF limits
 * map names to 15 characters. */
#define XMIP_MAP_CONFIG "xmip_config"
#define XMIP_MAP_STATS "xmip_stats"
#define XMIP_MAP_BIND6 "xmip_bind6"
#define XMIP_MAP_BIND4 "xmip_bind4"
#define XMIP_MAP_PREFIX6 "xmip_prefix6"
#define XMIP_MAP_PREFIX4 "xmip_prefix4"
#define XMIP_MAP_SIG_SEEN "xmip_sig_seen"
#define XMIP_MAP_MN_TUNNEL "xmip_mn_tunnel"
#define XMIP_MAP_KNOWN_HOME "xmip_known_home"
#define XMIP_MAP_ACCESS_HOST "xmip_acc_host"

#endif /* XMIP_ABI_H */
