/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * xmipd's configuration: one libconfig file with common settings and one
 * section per role. Loading validates everything (types, addresses, required
 * and unknown keys) and reports the first problem as "file:line: message".
 */
#ifndef XMIP_CONFIG_H
#define XMIP_CONFIG_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <sys/types.h>
#include <stdint.h>
#include "xmip_loader.h"

#define XMIP_DEFAULT_CONFIG "/etc/xmip/xmipd.conf"
#define XMIP_RUN_DIR "/run/xmip"
#define XMIP_MAX_IFACES 8
#define XMIP_MAX_MOBILE_NODES (1 << 20)
#define XMIP_MAX_V4_HOAS 8
#define XMIP_MAX_MNP6 8                    /* NEMO prefixes per mobile router */
#define XMIP_MAX_V4_MNP 4                  /* IPv4 mobile network prefixes per node */
#define XMIP_ID_MAX 128
#define XMIP_DNS_NAME_MAX 254              /* 253 characters and the NUL */
#define XMIP_MAX_DNS_SERVERS 4

enum xmip_role {
	XMIP_ROLE_HOME_AGENT = 1,
	XMIP_ROLE_MOBILE_NODE = 2,
};

struct prefix6 {
	struct in6_addr addr;
	uint8_t len;
};

struct prefix4 {
	struct in_addr addr;
	uint8_t len;
};

/* A mobile node the home agent serves, and what it may claim. */
struct mn_authz {
	char id[XMIP_ID_MAX];               /* NAI, and IKE identity later */
	struct in6_addr home_address6;
	struct in_addr v4_hoas[XMIP_MAX_V4_HOAS];
	int n_v4_hoas;
	struct prefix6 mnp6[XMIP_MAX_MNP6]; /* NEMO mobile network prefixes */
	int n_mnp6;
	struct prefix4 v4_mnp[XMIP_MAX_V4_MNP]; /* RFC 5555 4.5: the P flag's */
	int n_v4_mnp;
};

struct ha_config {
	char home_link[IF_NAMESIZE];
	char interfaces[XMIP_MAX_IFACES][IF_NAMESIZE]; /* uplinks toward MNs */
	int n_interfaces;
	char tunnel_interface[IF_NAMESIZE];  /* home addresses are routed here */
	struct in6_addr address6;
	struct in_addr address4;
	bool has_address4;
	struct prefix6 home_prefix6;
	struct prefix4 home_prefix4;
	bool has_home_prefix4;
	struct prefix4 v4_pool;             /* dynamic IPv4 home addresses */
	bool has_v4_pool;
	uint32_t nat_keepalive_s;
	uint32_t max_lifetime_s;
	bool allow_unprotected_bu;
	bool allow_forced_udp;              /* the BU's F flag (RFC 5555): 144 when not */
	struct mn_authz *mobile_nodes;      /* heap: up to XMIP_MAX_MOBILE_NODES */
	int n_mobile_nodes;
	char state_file[256];               /* the binding cache (ha_state.h) */
};

struct mn_config {
	char id[XMIP_ID_MAX];
	char tunnel_interface[IF_NAMESIZE];
	char interfaces[XMIP_MAX_IFACES][IF_NAMESIZE]; /* access links */
	int n_interfaces;
	struct in6_addr home_address6;
	struct prefix6 home_prefix6;        /* of the home link: being there is being home */
	struct in_addr home_address4;       /* 0.0.0.0: ask the HA for one */
	bool has_home_address4;             /* absent: IPv6 only */
	struct in6_addr home_agent6;        /* configured, or ... */
	struct in_addr home_agent4;
	bool has_home_agent4;
	char home_agent_name[XMIP_DNS_NAME_MAX];   /* ... its A and AAAA (RFC 5555 2.1), or */
	char home_agent_domain[XMIP_DNS_NAME_MAX]; /* ... SRV _mip6._ipv6.<domain> (RFC 5026) */
	char dns_servers[XMIP_MAX_DNS_SERVERS][INET6_ADDRSTRLEN]; /* none: /etc/resolv.conf */
	int n_dns_servers;
	uint32_t lifetime_s;
	bool force_udp;                     /* F flag: UDP 4191 even without NAT */
	struct prefix6 mnp6[XMIP_MAX_MNP6]; /* set: a mobile router (RFC 3963) */
	int n_mnp6;
	struct prefix4 v4_mnp;              /* asked with P; 0.0.0.0/len: any of len */
	bool has_v4_mnp;
};

#define XMIP_PATH_MAX 256

/* IKEv2 through strongSwan's charon (RFC 5555 5): present, BUs and BAs
 * travel under ESP. The mobile nodes' identities are their ids. */
struct ipsec_config {
	bool enabled;                       /* an ipsec = { ... } section exists */
	char vici_socket[108];
	char identity[XMIP_ID_MAX];         /* ours; a mobile node's defaults to its id */
	char peer_identity[XMIP_ID_MAX];    /* a mobile node's home agent's */
	char certificate[XMIP_PATH_MAX];    /* PEM, ours */
	char private_key[XMIP_PATH_MAX];    /* PEM, mode 0600 or stricter */
	char ca_certificate[XMIP_PATH_MAX]; /* PEM, trusted for the peers' */
	bool protect_ipv4_payload;          /* RFC 5555 5.2.2: ESP tunnel mode */
};

struct xmip_config {
	char path[4096];
	char instance[65];
	enum xmip_role role;
	int log_level;
	char control_socket[108];
	gid_t control_group;                /* may use the socket too; (gid_t)-1: root only */
	bool signalling;                    /* false: bindings set by hand (tests) */
	enum xmip_xdp_mode xdp_mode;
	uint32_t max_bindings;
	struct ha_config ha;
	struct mn_config mn;
	struct ipsec_config ipsec;
};

/* Whether the mobile node finds its home agent through DNS. */
static inline bool mn_discovers_home_agent(const struct mn_config *mn)
{
	return mn->home_agent_name[0] || mn->home_agent_domain[0];
}

/* Whether a lies inside prefix p. */
bool prefix4_contains(const struct prefix4 *p, struct in_addr a);
bool prefix6_contains(const struct prefix6 *p, const struct in6_addr *a);

/* Returns 0, or -1 with "file:line: problem" in err. */
int xmip_config_load(const char *path, struct xmip_config *cfg, char *err, size_t errlen);
void xmip_config_free(struct xmip_config *cfg);
const char *xmip_role_name(enum xmip_role role);

#endif
