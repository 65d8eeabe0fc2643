/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The ABI between the BPF data plane and the agent: map names, keys, values,
 * enums and stat counters. One definition, included by both sides; user space
 * never mirrors these structs by hand. Every struct has a _Static_assert on its
 * size so that a change here that would break pinned maps of a running system
 * is caught at compile time.
 *
 * Byte order: fields named *_be (and IPv4/IPv6 addresses, ports) are in
 * network byte order, everything else is host order.
 */
#ifndef XMIP_ABI_H
#define XMIP_ABI_H

#include <linux/types.h>

/* Directory under the BPF filesystem where an instance pins its maps. */
#define XMIP_PIN_ROOT "/sys/fs/bpf/xmip"

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

/* How packets for a binding are wrapped (RFC 5555 section 4.1). The inner
 * family is taken from the packet itself; this names the outer headers. */
enum xmip_tunnel_format {
	XMIP_TUN_NONE = 0,      /* no tunnel (binding being set up)         */
	XMIP_TUN_IP6 = 1,       /* IPv6 outer: 6in6, 4in6                   */
	XMIP_TUN_IP4 = 2,       /* IPv4 outer, no NAT: 6in4, 4in4           */
	XMIP_TUN_UDP4 = 3,      /* IPv4 + UDP 4191 outer (NAT or F flag)    */
	XMIP_TUN_UDP6 = 4,      /* IPv6 + UDP 4191 outer (4.4.1 last resort) */
	XMIP_TUN_FORMAT_MAX,
};

/* The far end of a tunnel and how to reach it. Used as the value of every
 * binding map on the home agent and as the mobile node's single tunnel entry. */
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

/* Bytes a format puts in front of the inner packet (RFC 5555 4.1): an
 * IPv6 or IPv4 header, and UDP for the UDP formats. */
static inline int xmip_tunnel_overhead(__u8 format)
{
	int v6 = format == XMIP_TUN_IP6 || format == XMIP_TUN_UDP6;
	int udp = format == XMIP_TUN_UDP4 || format == XMIP_TUN_UDP6;

	return (v6 ? 40 : 20) + (udp ? 8 : 0);
}

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

/*
 * How a Mobility Header message reached the home agent, recorded by XDP
 * before the kernel (and its IPsec) sees it, keyed by the mobile node's home
 * address: the outer IPv4/UDP of a BU in UDP 4191 (RFC 5555 4.2, draft-laganier-mext-dsmipv6-ipsec),
 * or the care-of address of a BU that carried a home address option (RFC
 * 6275 9.3.1, which XDP applies since the stock kernel's mip6 is absent).
 * "back" is the way the answer goes: the agent reads the care-of address and
 * NAT detection from it, and TC sends the BA along it and removes it.
 */
struct xmip_sig_seen {
	struct xmip_tunnel back;  /* remote: CoA or NAT address; remote_port:
				   * NAT port; local: our address it came to;
				   * format: XMIP_TUN_IP6 (home address
				   * option), _UDP4 or _UDP6; ifindex: where */
	__u64 seen_ns;            /* bpf_ktime_get_ns() when recorded       */
};
_Static_assert(sizeof(struct xmip_sig_seen) == 56, "xmip_sig_seen size");

/* Keys of the mobile node's tunnel map: the tunnel data uses, and the path
 * its latest BU takes (a new care-of address is signalled before data
 * moves to it: RFC 5555 5.1). */
#define XMIP_MN_TUNNEL_DATA 0
#define XMIP_MN_TUNNEL_SIGNAL 1

/* Per-instance settings of the data plane, array map with one entry. */
enum xmip_dp_role {
	XMIP_DP_ROLE_NONE = 0,
	XMIP_DP_ROLE_HA = 1,
	XMIP_DP_ROLE_MN = 2,
};

struct xmip_dp_config {
	__u32 role;               /* enum xmip_dp_role                           */
	__u32 flags;              /* XMIP_DPF_*                                  */
	union xmip_addr ha_addr6; /* home agent IPv6 address                     */
	union xmip_addr ha_addr4; /* home agent IPv4 address                     */
	__u32 home_ifindex;       /* HA: the home link                           */
	__u32 nat_keepalive_s;    /* refresh time the HA suggests                */
	__u32 tunnel_ifindex;     /* the tunnel interface: HA: where the stack
				   * routes home addresses (TC encapsulates);
				   * MN: holds the home addresses             */
	__u32 peer_ifindex;       /* MN: the tunnel interface's peer, where XDP
				   * redirects decapsulated packets so they
				   * arrive on the tunnel interface           */
	union {
		__u8 tunnel_mac[6];   /* MN: the tunnel interface's MAC: the
				       * destination of those frames, or the
				       * stack ignores them as for another
				       * host                                 */
		__u8 home_mac[6];     /* HA: the home link's MAC, in the
				       * neighbour advertisements and ARP
				       * replies XDP sends for bound home
				       * addresses                            */
	};
	__u16 reserved;
};
_Static_assert(sizeof(struct xmip_dp_config) == 64, "xmip_dp_config size");

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
	X(DROP_UNKNOWN_HOME, "dropped: signalling for a home address no mobile node is configured with")

enum xmip_stat {
#define XMIP_STAT_ENUM(name, text) XMIP_STAT_##name,
	XMIP_STATS(XMIP_STAT_ENUM)
#undef XMIP_STAT_ENUM
	XMIP_STAT_MAX,
};

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

#endif /* XMIP_ABI_H */
