// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The MAG's per-packet paths (the access kind: bpf/access/access_xdp.bpf.c)
 * against the same floor, as pkt_cost.c measures the others: a host's
 * IPv4 encapsulated toward the LMA, the LMA's IPv4-in-IPv6 decapsulated
 * and delivered to the host, the ARP and echo requests to the default
 * router answered, a spoofed source dropped. HOSTS hosts are attached and
 * the packets rotate over TARGETS of them; as in the BPF tests the
 * testnet interface is both the uplink and the access link (XDP_TX both
 * ways). Also the MAG's map memory per host: its IPv4 binding (the tunnel
 * toward the LMA) and its access entry (link-layer address, link).
 */
#include <stdio.h>
#include <string.h>
#include "pkt_cost.h"
#include "access_xdp.skel.h"
#include "xmip_abi_access.h"

#define MAG_HOSTS 65536        /* slots: the most hosts a MAG's policy store holds */
#define HOSTS 1000             /* attached while measuring */
#define LMA6 "2001:db8:2::1"
#define ROUTER4 "198.51.100.1"
#define CN4_ACCESS "203.0.113.2"

static const uint8_t router_mac[ETH_ALEN] = { 0x02, 0, 0x5e, 0, 0, 0x01 };

/* Host i: 198.51.0.0/16 + 1 + i (the home network), link-layer address
 * 02:00:00:00:hi:lo. */
static void host_addr(uint32_t i, char *buf)
{
	snprintf(buf, INET_ADDRSTRLEN, "198.51.%u.%u", ((i + 1) >> 8) & 0xff, (i + 1) & 0xff);
}

static void host_mac(uint32_t i, uint8_t mac[ETH_ALEN])
{
	memcpy(mac, (const uint8_t[]){ 0x02, 0, 0, 0, (uint8_t)(i >> 8), (uint8_t)i }, ETH_ALEN);
}

static int attach_host(struct bench *b, uint32_t i)
{
	struct xmip_home h = { .family = AF_INET, .prefixlen = 32 };
	struct xmip_tunnel t = { .format = XMIP_TUN_IP6, .binding_id = i + 1 };
	struct xmip_error err = { 0 };
	char a[INET_ADDRSTRLEN];
	struct in_addr addr;
	uint8_t mac[ETH_ALEN];

	host_addr(i, a);
	host_mac(i, mac);
	inet_pton(AF_INET, a, &addr);
	h.addr.v4 = addr.s_addr;
	inet_pton(AF_INET6, LMA6, t.remote.bytes);
	inet_pton(AF_INET6, HA6, t.local.bytes);
	if (xmip_binding_update(b->mag_dp, &h, &t, &err) ||
	    xmip_access_host_update(b->mag_dp, addr, mac, (uint32_t)b->ifindex, &err)) {
		fprintf(stderr, "pkt_cost: MAG host %u: %s\n", i, err.msg);
		return -1;
	}
	return 0;
}

int mag_load(struct bench *b)
{
	struct xmip_dp_config dc = { .kind = XMIP_DP_ACCESS, .flags = XMIP_DPF_ENABLED, .home_prefix4_len = 16 };
	__u32 zero = 0;

	if (open_dp(&b->mag_dp, b->mag_instance, "mag", XMIP_DP_ACCESS, MAG_HOSTS))
		return -1;
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = xmip_dp_pin_dir(b->mag_dp));
	b->mag_xdp = access_xdp_bpf__open_opts(&oo);
	if (!b->mag_xdp || xmip_dp_size_object(b->mag_xdp->obj, MAG_HOSTS) || access_xdp_bpf__load(b->mag_xdp)) {
		fprintf(stderr, "pkt_cost: loading the MAG's data plane failed\n");
		return -1;
	}
	inet_pton(AF_INET6, HA6, dc.ha_addr6.bytes);
	inet_pton(AF_INET, ROUTER4, &dc.router4);
	inet_pton(AF_INET, "198.51.0.0", &dc.home_prefix4);
	memcpy(dc.router_mac, router_mac, ETH_ALEN);
	return bpf_map_update_elem(xmip_dp_map_fd(b->mag_dp, XMIP_MAPID_CONFIG), &zero, &dc, BPF_ANY);
}

void mag_unload(struct bench *b)
{
	struct xmip_error err = { 0 };

	access_xdp_bpf__destroy(b->mag_xdp);
	if (b->mag_dp)
		xmip_dp_close(b->mag_dp), xmip_unpin_instance(b->mag_instance, &err);
}

static void record_memory(struct bench *b)
{
	long long m4 = map_memlock(xmip_dp_map_fd(b->mag_dp, XMIP_MAPID_BIND4));
	long long ma = map_memlock(xmip_dp_map_fd(b->mag_dp, XMIP_MAPID_ACCESS_HOST));

	b->mag_memory = json_object_new_object();
	json_object_object_add(b->mag_memory, "max_hosts", json_object_new_int64(MAG_HOSTS));
	json_object_object_add(b->mag_memory, "bind4_bytes", json_object_new_int64(m4));
	json_object_object_add(b->mag_memory, "access_host_bytes", json_object_new_int64(ma));
	json_object_object_add(b->mag_memory, "per_host_bytes", json_object_new_double((double)(m4 + ma) / MAG_HOSTS));
	fprintf(stderr, "  MAG maps: %u slots: %lld + %lld bytes, %.0f bytes per host\n", MAG_HOSTS, m4, ma,
		(double)(m4 + ma) / MAG_HOSTS);
}

/* One path over the targets: make(k's host address, its MAC) builds each packet. */
static int rotate(struct bench *b, const char *name, int verdict,
		  void (*make)(struct pktbuf *p, const char *addr, const uint8_t mac[ETH_ALEN]))
{
	struct path p = { .name = name, .is_xdp = 1, .verdict = verdict,
			  .prog_fd = bpf_program__fd(b->mag_xdp->progs.xmip_mag_xdp) };

	for (int k = 0; k < TARGETS; k++) {
		char a[INET_ADDRSTRLEN];
		uint8_t mac[ETH_ALEN];
		uint32_t i = (uint32_t)k * (HOSTS / TARGETS);

		host_addr(i, a);
		host_mac(i, mac);
		make(&p.pkts[p.npkts++], a, mac);
	}
	return measure(b, &p, HOSTS, "mag");
}

static void from_host(struct pktbuf *p, const char *addr, const uint8_t mac[ETH_ALEN])
{
	plain(p, AF_INET, addr, CN4_ACCESS, router_mac, mac, 64);
}

static void to_host(struct pktbuf *p, const char *addr, const uint8_t mac[ETH_ALEN])
{
	struct pktbuf inner;

	(void)mac;
	plain(&inner, AF_INET, CN4_ACCESS, addr, our_mac, gw_mac, 64);
	pkt_tunnel(p, our_mac, gw_mac, &inner, 1, 0, LMA6, HA6, 0, 0, 0);
}

static void arp_for_router(struct pktbuf *p, const char *addr, const uint8_t mac[ETH_ALEN])
{
	pkt_arp_request(p, mac, addr, ROUTER4);
}

static void echo_to_router(struct pktbuf *p, const char *addr, const uint8_t mac[ETH_ALEN])
{
	pkt_icmp_echo(p, router_mac, mac, addr, ROUTER4, 8);
}

/* Another host's address from this host's link-layer address. */
static void spoofed(struct pktbuf *p, const char *addr, const uint8_t mac[ETH_ALEN])
{
	uint8_t other[ETH_ALEN];

	memcpy(other, mac, ETH_ALEN);
	other[5] ^= 0x80;
	from_host(p, addr, other);
}

int mag_paths(struct bench *b)
{
	for (uint32_t i = 0; i < HOSTS; i++)
		if (attach_host(b, i))
			return -1;
	record_memory(b);
	return rotate(b, "host to tunnel (ipv4 in ip6)", XDP_TX, from_host) ||
	       rotate(b, "tunnel to host (ipv4 in ip6)", XDP_TX, to_host) ||
	       rotate(b, "ARP for the router answered", XDP_TX, arp_for_router) ||
	       rotate(b, "echo to the router answered", XDP_TX, echo_to_router) ||
	       rotate(b, "spoofed source dropped", XDP_DROP, spoofed);
}
