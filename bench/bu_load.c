// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * bu_load: the signalling benchmark's load generator. It speaks for N
 * mobile nodes at once (bu_load_mip6.c: home registrations to a home
 * agent), or as a MAG for N hosts (-P, bu_load_pmip.c: proxy
 * registrations to an LMA), and reads the answers. It keeps WINDOW BUs
 * outstanding: each BA lets the next BU go, so it measures the rate the
 * anchor answers at, not the rate it is offered. Two phases:
 *   register  every node once: new bindings (cache entry, map writes; at
 *             a home agent a neighbour advertisement and a gratuitous ARP
 *             on the home link too)
 *   refresh   for SECONDS, the nodes in turn again, from the same place (a
 *             lifetime refresh: the data plane already has it)
 * With -p, the agent's CPU time over each phase (from /proc/PID/schedstat)
 * gives its CPU per BU. Prints one JSON object.
 *
 *   bu_load -i IF -H HA6 -6 HOA6 -4 HOA4 -c COA6 -n N [-w WINDOW] [-t SECONDS]
 *           [-p AGENT-PID] [-o OFFSET] [-s SEQ] [-a KEY]
 *   bu_load -P MAG6 -H LMA6 -n N [-w WINDOW] [-t SECONDS] [-p AGENT-PID]
 *           [-o OFFSET] [-s SEQ] [-a KEY]
 *
 * -a: every BU is signed (RFC 4285), as the protocol's file says; KEY in
 * hex. -o: the nodes are OFFSET, OFFSET+1, ... of the numbering (a slice
 * of them, as the soak test moves); -s: each node's first BU carries SEQ
 * (a run that goes on where an earlier one stopped); -t 0: no refresh
 * phase.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "bu_load.h"

#define BATCH 64
#define STALL_NS 1000000000ull /* no BA for this long: the outstanding BUs are lost */

static const struct load_proto *proto = &load_mip6;

struct phase_result {
	uint64_t sent, acked, refused, lost;
	double seconds, agent_cpu_s;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The agent's CPU time so far, in seconds (schedstat: nanoseconds on CPU). */
static double agent_cpu_s(pid_t pid)
{
	char path[64];
	unsigned long long ns = 0;
	FILE *f;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)pid);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%llu", &ns) != 1) {
		fprintf(stderr, "bu_load: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	return (double)ns / 1e9;
}

/* Sends BUs to nodes next, next+1, ... (wrapping) while the window has room
 * and the phase lets; returns how many went. */
static uint32_t send_bus(struct load *l, uint32_t *next, uint64_t budget)
{
	static uint8_t bufs[BATCH][256];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = l->anchor };
	uint32_t n = 0, i, idx[BATCH];
	int sent;

	while (n < BATCH && l->outstanding + n < l->window && n < budget) {
		uint32_t node = (*next + n) % l->nodes;

		if (l->pending[node])
			break;   /* a lap ahead of its BA: wait for it */
		idx[n] = node;
		l->pending[node] = 1;
		l->seq[node]++;
		iov[n].iov_base = bufs[n];
		iov[n].iov_len = proto->build(l, node, l->seq[node], bufs[n], sizeof(bufs[n]));
		memset(&msgs[n], 0, sizeof(msgs[n]));
		msgs[n].msg_hdr.msg_name = &to;
		msgs[n].msg_hdr.msg_namelen = sizeof(to);
		msgs[n].msg_hdr.msg_iov = &iov[n];
		msgs[n].msg_hdr.msg_iovlen = 1;
		n++;
	}
	if (!n)
		return 0;
	sent = sendmmsg(l->tx, msgs, n, 0);
	if (sent < 0 && errno != ENOBUFS && errno != EAGAIN) {
		perror("bu_load: sendmmsg");
		exit(1);
	}
	if (sent < 0)
		sent = 0;
	for (i = (uint32_t)sent; i < n; i++) {   /* not sent: as they were */
		l->pending[idx[i]] = 0;
		l->seq[idx[i]]--;
	}
	l->outstanding += (uint32_t)sent;
	l->sent += (uint64_t)sent;
	*next = (*next + (uint32_t)sent) % l->nodes;
	return (uint32_t)sent;
}

/* One message read: a BA to one of our nodes' latest BU? */
static void take(struct load *l, const uint8_t *p, size_t len)
{
	uint16_t seq;
	uint8_t status;
	int64_t node = proto->answer(l, p, len, &seq, &status);

	if (node < 0) {
		l->stray++;
		return;
	}
	if (!l->pending[node] || seq != l->seq[node]) {
		l->stray++;   /* late, after its BU was counted lost */
		return;
	}
	l->pending[node] = 0;
	l->outstanding--;
	l->last_ba_ns = now_ns();
	if (status < 128)
		l->acked++;
	else
		l->refused++;
}

static void read_bas(struct load *l, int timeout_ms)
{
	static uint8_t bufs[BATCH][512];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct pollfd pfd = { .fd = l->rx, .events = POLLIN };
	int i, n;

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return;
	for (i = 0; i < BATCH; i++) {
		iov[i] = (struct iovec){ .iov_base = bufs[i], .iov_len = sizeof(bufs[i]) };
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	n = recvmmsg(l->rx, msgs, BATCH, MSG_DONTWAIT, NULL);
	for (i = 0; i < n; i++)
		take(l, bufs[i], msgs[i].msg_len);
}

/* The BUs still waiting after a stall are lost: their nodes may go again. */
static void write_off_outstanding(struct load *l)
{
	uint32_t i;

	for (i = 0; i < l->nodes && l->outstanding; i++) {
		if (l->pending[i]) {
			l->pending[i] = 0;
			l->outstanding--;
			l->lost++;
		}
	}
	l->outstanding = 0;
	l->last_ba_ns = now_ns();
}

/* Runs a phase: `total` BUs (register), or as many as fit in `seconds`
 * (refresh); then waits for the last BAs. */
static void run_phase(struct load *l, uint64_t total, double seconds, pid_t agent,
		      struct phase_result *r)
{
	uint64_t sent0 = l->sent, acked0 = l->acked, refused0 = l->refused, lost0 = l->lost;
	uint64_t start = now_ns(), stop = seconds > 0 ? start + (uint64_t)(seconds * 1e9) : UINT64_MAX;
	double cpu0 = agent_cpu_s(agent);
	uint32_t next = 0;

	l->last_ba_ns = start;
	for (;;) {
		uint64_t t = now_ns(), done = l->sent - sent0;

		if ((total && done >= total) || t >= stop) {
			if (!l->outstanding)
				break;
		} else {
			send_bus(l, &next, total ? total - done : UINT64_MAX);
		}
		read_bas(l, 1);
		if (l->outstanding && now_ns() - l->last_ba_ns > STALL_NS)
			write_off_outstanding(l);
	}
	r->seconds = (double)(now_ns() - start) / 1e9;
	r->agent_cpu_s = agent_cpu_s(agent) - cpu0;
	r->sent = l->sent - sent0;
	r->acked = l->acked - acked0;
	r->refused = l->refused - refused0;
	r->lost = l->lost - lost0;
}

static void print_phase(const char *name, const struct phase_result *r, bool last)
{
	double answered = (double)(r->acked + r->refused);

	printf("  \"%s\": {\"bus\": %llu, \"accepted\": %llu, \"refused\": %llu, \"lost\": %llu, "
	       "\"seconds\": %.3f, \"ba_per_s\": %.0f, \"agent_cpu_s\": %.3f, "
	       "\"agent_cpu_us_per_bu\": %.2f, \"agent_cpu_share\": %.3f}%s\n",
	       name, (unsigned long long)r->sent, (unsigned long long)r->acked,
	       (unsigned long long)r->refused, (unsigned long long)r->lost, r->seconds,
	       answered / r->seconds, r->agent_cpu_s,
	       answered ? r->agent_cpu_s * 1e6 / answered : 0.0, r->agent_cpu_s / r->seconds,
	       last ? "" : ",");
}

/* -a KEY: 1 to 64 bytes in hex (the protocol checks the length). */
static int parse_key(const char *hex, struct mh_auth_key *k)
{
	size_t n = strlen(hex), i;

	if (!n || n % 2 || n / 2 > MH_KEY_MAX)
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned int b;

		if (!isxdigit((unsigned char)hex[2 * i]) || !isxdigit((unsigned char)hex[2 * i + 1]) ||
		    sscanf(hex + 2 * i, "%2x", &b) != 1)
			return -1;
		k->key[i] = (uint8_t)b;
	}
	k->len = (uint8_t)(n / 2);
	k->spi = BENCH_SPI;
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: bu_load -i IF -H HA6 -6 HOA6 -4 HOA4 -c COA6 -n N [-w WINDOW] "
			"[-t SECONDS] [-p AGENT-PID] [-o OFFSET] [-s SEQ] [-a KEY]\n"
			"       bu_load -P MAG6 -H LMA6 -n N [-w WINDOW] [-t SECONDS] [-p AGENT-PID] "
			"[-o OFFSET] [-s SEQ] [-a KEY]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct load l = { .window = 256 };
	struct phase_result reg, refresh = { .seconds = 1 };
	const char *ifname = NULL;
	double seconds = 5;
	uint32_t offset = 0, i;
	uint16_t first_seq = 1;
	pid_t agent = 0;
	int opt;

	while ((opt = getopt(argc, argv, "i:H:6:4:c:n:w:t:p:o:s:a:P:")) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 'P': if (inet_pton(AF_INET6, optarg, &l.mag) != 1) usage(); proto = &load_pmip; break;
		case 'H': if (inet_pton(AF_INET6, optarg, &l.anchor) != 1) usage(); break;
		case '6': if (inet_pton(AF_INET6, optarg, &l.hoa6) != 1) usage(); break;
		case '4': if (inet_pton(AF_INET, optarg, &l.hoa4) != 1) usage(); break;
		case 'c': if (inet_pton(AF_INET6, optarg, &l.coa6) != 1) usage(); break;
		case 'n': l.nodes = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'w': l.window = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 't': seconds = strtod(optarg, NULL); break;
		case 'p': agent = (pid_t)atoi(optarg); break;
		case 'o': offset = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 's': first_seq = (uint16_t)strtoul(optarg, NULL, 0); break;
		case 'a': if (parse_key(optarg, &l.key)) usage(); l.sign = true; break;
		default: usage();
		}
	}
	if ((!ifname && proto == &load_mip6) || !l.nodes || !l.window || seconds < 0)
		usage();
	l.offset = offset;
	l.seq = calloc(l.nodes, sizeof(*l.seq));
	l.pending = calloc(l.nodes, 1);
	if (!l.seq || !l.pending || proto->open(&l, ifname))
		return 1;
	for (i = 0; i < l.nodes; i++)
		l.seq[i] = (uint16_t)(first_seq - 1);   /* each BU increments first */

	run_phase(&l, l.nodes, 0, agent, &reg);
	if (seconds > 0)
		run_phase(&l, 0, seconds, agent, &refresh);
	printf("{\"nodes\": %u, \"window\": %u, \"stray\": %llu,\n", l.nodes, l.window,
	       (unsigned long long)l.stray);
	print_phase("register", &reg, false);
	print_phase("refresh", &refresh, true);
	printf("}\n");
	free(l.seq);
	free(l.pending);
	return 0;
}
