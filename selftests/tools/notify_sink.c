// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * notify_sink PATH SECONDS: plays systemd's side of sd_notify for tests.
 * Binds a datagram socket at PATH and prints each message it receives on one
 * line (assignments separated by spaces), until SECONDS pass.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timespec start, now;
	char buf[4096];
	int fd, secs;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: notify_sink PATH SECONDS\n");
		return 2;
	}
	secs = atoi(argv[2]);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[1]);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	unlink(argv[1]);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("notify_sink");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left;
		ssize_t n;
		char *c;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = secs * 1000L - ((now.tv_sec - start.tv_sec) * 1000L +
				       (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = 0;
		for (c = buf; *c; c++)
			if (*c == '\n')
				*c = ' ';
		printf("%s\n", buf);
	}
	unlink(argv[1]);
	return 0;
}
