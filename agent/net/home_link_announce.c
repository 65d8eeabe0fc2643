// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "net/home_link_announce.h"

struct neighbor_advert {
	struct nd_neighbor_advert na;
	struct nd_opt_hdr opt;       /* target link-layer address */
	uint8_t mac[ETH_ALEN];
} __attribute__((packed));

struct arp_ether_ipv4 {
	struct arphdr h;
	uint8_t sha[ETH_ALEN], spa[4], tha[ETH_ALEN], tpa[4];
} __attribute__((packed));

static int link_mac(int fd, const char *ifname, uint8_t mac[ETH_ALEN])
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr))
		return -errno;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	return 0;
}

/* RFC 6275 10.4.1: Override set, Router and Solicited clear, hop limit 255
 * (RFC 4861 7.1.2); the kernel fills in the checksum and picks the
 * link-local source. */
static int send_na(int fd, int ifindex, const uint8_t mac[ETH_ALEN], const void *target)
{
	struct neighbor_advert p = { 0 };
	struct sockaddr_in6 all_nodes = { .sin6_family = AF_INET6, .sin6_scope_id = (uint32_t)ifindex,
					  .sin6_addr = { .s6_addr = { 0xff, 0x02, [15] = 1 } } };
	int hops = 255;

	p.na.nd_na_type = ND_NEIGHBOR_ADVERT;
	p.na.nd_na_flags_reserved = ND_NA_FLAG_OVERRIDE;
	memcpy(&p.na.nd_na_target, target, 16);
	p.opt.nd_opt_type = ND_OPT_TARGET_LINKADDR;
	p.opt.nd_opt_len = 1;                          /* 8 octets */
	memcpy(p.mac, mac, ETH_ALEN);
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof(ifindex)) ||
	    sendto(fd, &p, sizeof(p), 0, (struct sockaddr *)&all_nodes, sizeof(all_nodes)) < 0)
		return -errno;
	return 0;
}

/* A gratuitous ARP request: sender and target are the home address. */
static int send_arp(int fd, int ifindex, const uint8_t mac[ETH_ALEN], const void *addr)
{
	struct arp_ether_ipv4 p = { .h = { .ar_hrd = htons(ARPHRD_ETHER), .ar_pro = htons(ETH_P_IP),
					   .ar_hln = ETH_ALEN, .ar_pln = 4, .ar_op = htons(ARPOP_REQUEST) } };
	struct sockaddr_ll broadcast = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ARP),
					 .sll_ifindex = ifindex, .sll_halen = ETH_ALEN,
					 .sll_addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

	memcpy(p.sha, mac, ETH_ALEN);
	memcpy(p.spa, addr, 4);
	memcpy(p.tpa, addr, 4);
	if (sendto(fd, &p, sizeof(p), 0, (struct sockaddr *)&broadcast, sizeof(broadcast)) < 0)
		return -errno;
	return 0;
}

void home_link_announcer_init(struct home_link_announcer *a, const char *home_link)
{
	snprintf(a->home_link, sizeof(a->home_link), "%s", home_link);
	a->fd6 = -1;
	a->fd4 = -1;
}

void home_link_announcer_close(struct home_link_announcer *a)
{
	if (a->fd6 >= 0)
		close(a->fd6);
	if (a->fd4 >= 0)
		close(a->fd4);
	a->fd6 = -1;
	a->fd4 = -1;
}

/* The family's socket, opened on first use and kept: closing a packet
 * socket waits for an RCU grace period (about 10 ms), which per binding
 * capped registrations at a hundred a second. */
static int announce_socket(struct home_link_announcer *a, int family)
{
	int *fd = family == AF_INET6 ? &a->fd6 : &a->fd4;

	if (*fd < 0)
		*fd = family == AF_INET6 ? socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6)
					 : socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ARP));
	return *fd < 0 ? -errno : *fd;
}

int home_link_announce(struct home_link_announcer *a, int family, const void *addr,
		       struct xmip_error *err)
{
	int fd = announce_socket(a, family), ifindex, ret;
	uint8_t mac[ETH_ALEN];

	if (fd < 0)
		return xmip_err(err, fd, "announcing on %s: %s", a->home_link, strerror(-fd));
	/* Looked up each time: the home link may have been recreated. */
	ifindex = (int)if_nametoindex(a->home_link);
	if (!ifindex)
		return xmip_err(err, -ENODEV, "home link %s is missing", a->home_link);
	ret = link_mac(fd, a->home_link, mac);
	if (!ret)
		ret = family == AF_INET6 ? send_na(fd, ifindex, mac, addr) : send_arp(fd, ifindex, mac, addr);
	if (ret)
		return xmip_err(err, ret, "announcing on %s: %s", a->home_link, strerror(-ret));
	return 0;
}
