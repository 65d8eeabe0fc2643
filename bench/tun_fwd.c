// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The userspace baseline of the throughput benchmark: what a TUN-based data
 * plane does for one binding. The kernel routes the home address into a TUN
 * device; this reads each packet, puts an outer IPv6 header in front (home
 * agent -> care-of address, 6in6 or 4in6 as RFC 5555 4.1 has them) and
 * writes it back, and the kernel routes the result toward the care-of
 * address. One thread, one read and one write per packet: the usual shape of
 * a userspace tunnel.
 *
 *   tun_fwd TUN-NAME LOCAL6 REMOTE6
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/ipv6.h>

int main(int argc, char **argv)
{
	unsigned char buf[sizeof(struct ipv6hdr) + 65536];
	struct ipv6hdr *outer = (struct ipv6hdr *)buf;
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: tun_fwd TUN-NAME LOCAL6 REMOTE6\n");
		return 2;
	}
	memset(outer, 0, sizeof(*outer));
	outer->version = 6;
	outer->hop_limit = 64;
	if (inet_pton(AF_INET6, argv[2], &outer->saddr) != 1 ||
	    inet_pton(AF_INET6, argv[3], &outer->daddr) != 1) {
		fprintf(stderr, "tun_fwd: bad address\n");
		return 2;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	if ((fd = open("/dev/net/tun", O_RDWR)) < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("tun_fwd: /dev/net/tun");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		ssize_t n = read(fd, buf + sizeof(*outer), sizeof(buf) - sizeof(*outer));

		if (n <= 0)
			continue;
		outer->nexthdr = (buf[sizeof(*outer)] >> 4) == 6 ? 41 : 4;
		outer->payload_len = htons((unsigned short)n);
		if (write(fd, buf, sizeof(*outer) + (size_t)n) < 0)
			continue;   /* full queue: dropped, as a real one would */
	}
}
