// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * udp_probe: the handover benchmark's packet stream. The sender sends one
 * numbered UDP datagram every INTERVAL
 * microseconds; the receiver prints, for each datagram, the time it arrived
 * (CLOCK_REALTIME, nanoseconds: the namespaces of one host share it, so the
 * script can put it next to the moment it moved the node) and its number.
 *
 *   udp_probe send ADDRESS PORT INTERVAL-US SECONDS
 *   udp_probe recv ADDRESS PORT           (until SIGTERM)
 */
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int address(const char *text, const char *port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET6, text, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)atoi(port));
		*len = sizeof(*a6);
		return AF_INET6;
	}
	if (inet_pton(AF_INET, text, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)atoi(port));
		*len = sizeof(*a4);
		return AF_INET;
	}
	fprintf(stderr, "udp_probe: bad address %s\n", text);
	exit(2);
}

static uint64_t now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Paced on absolute deadlines, so a late wake-up does not slow the
 * stream: each datagram leaves at start + n * interval. */
static int send_stream(int fd, const struct sockaddr_storage *to, socklen_t len,
		       uint64_t interval_ns, double seconds)
{
	uint64_t start = now_ns(CLOCK_MONOTONIC), n = 0;
	uint64_t count = (uint64_t)(seconds * 1e9 / (double)interval_ns);

	for (n = 0; n < count && !stop; n++) {
		uint64_t due = start + n * interval_ns, seq = n;
		struct timespec ts = { .tv_sec = (time_t)(due / 1000000000ull),
				       .tv_nsec = (long)(due % 1000000000ull) };

		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		/* Unreachable for a moment while the node moves: go on. */
		sendto(fd, &seq, sizeof(seq), 0, (const struct sockaddr *)to, len);
	}
	return 0;
}

static int receive(int fd)
{
	uint64_t seq;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	while (!stop) {
		ssize_t n = recv(fd, &seq, sizeof(seq), 0);

		if (n == (ssize_t)sizeof(seq))
			printf("%llu %llu\n", (unsigned long long)now_ns(CLOCK_REALTIME),
			       (unsigned long long)seq);
	}
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct sockaddr_storage ss;
	socklen_t len;
	int family, fd;

	if (argc < 4 || (strcmp(argv[1], "send") == 0 && argc != 6) ||
	    (strcmp(argv[1], "recv") == 0 && argc != 4)) {
		fprintf(stderr, "usage: udp_probe send ADDRESS PORT INTERVAL-US SECONDS\n"
				"       udp_probe recv ADDRESS PORT\n");
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	family = address(argv[2], argv[3], &ss, &len);
	fd = socket(family, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("udp_probe: socket");
		return 1;
	}
	if (strcmp(argv[1], "send") == 0)
		return send_stream(fd, &ss, len, strtoull(argv[4], NULL, 0) * 1000ull,
				   strtod(argv[5], NULL));
	/* Free bind: the home address may not be on the node yet. */
	setsockopt(fd, family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP,
		   family == AF_INET6 ? IPV6_FREEBIND : IP_FREEBIND, &(int){ 1 }, sizeof(int));
	if (bind(fd, (struct sockaddr *)&ss, len)) {
		perror("udp_probe: bind");
		return 1;
	}
	return receive(fd);
}
