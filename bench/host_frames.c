// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * host_frames: N hosts arriving on a MAG's access link at once, for the
 * agent's memory with every host attached (bench/agent_memory.sh --role
 * mag). Host i (i < N) sends one IPv4 UDP frame from link-layer address
 * 02:00 followed by i (32 bits, big-endian) and source address
 * BASE + 1 + i, to ROUTER-MAC: a host that moved in with its lease, which
 * the MAG registers. The frames leave through IFNAME (an AF_PACKET socket),
 * at RATE a second, so that the agent's socket keeps up.
 *
 *   host_frames IFNAME ROUTER-MAC BASE N RATE
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_packet.h>
#include "pktgen.h"

int main(int argc, char **argv)
{
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_halen = ETH_ALEN };
	uint8_t router[ETH_ALEN];
	struct in_addr base;
	unsigned long n, rate, i;
	int fd;

	if (argc != 6 || sscanf(argv[2], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &router[0], &router[1], &router[2],
				&router[3], &router[4], &router[5]) != 6 ||
	    inet_pton(AF_INET, argv[3], &base) != 1 || !(n = strtoul(argv[4], NULL, 0)) ||
	    !(rate = strtoul(argv[5], NULL, 0))) {
		fprintf(stderr, "usage: host_frames IFNAME ROUTER-MAC BASE N RATE\n");
		return 2;
	}
	to.sll_ifindex = (int)if_nametoindex(argv[1]);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (!to.sll_ifindex || fd < 0) {
		perror("host_frames");
		return 1;
	}
	memcpy(to.sll_addr, router, ETH_ALEN);
	for (i = 0; i < n; i++) {
		uint8_t mac[ETH_ALEN] = { 0x02, 0, (uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
		struct in_addr src = { htonl(ntohl(base.s_addr) + 1 + (uint32_t)i) };
		char a[INET_ADDRSTRLEN];
		struct pktbuf p = { 0 };

		inet_ntop(AF_INET, &src, a, sizeof(a));
		pkt_eth_addr(&p, router, mac, ETH_P_IP);
		pkt_ipv4(&p, a, "192.0.2.1", 17);
		pkt_udp(&p, 40000, 9);
		pkt_payload(&p, 18);
		pkt_finish(&p);
		pkt_finish_l4(&p, p.l3 + 20, 17);
		if (sendto(fd, p.data, p.len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			perror("host_frames: sendto");
			return 1;
		}
		if (i % 100 == 99)
			usleep((useconds_t)(100 * 1000000ul / rate));
	}
	close(fd);
	return 0;
}
