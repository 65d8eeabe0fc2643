// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * bu_load: the signalling benchmark's load generator. It speaks for N
 * mobile nodes at once: home registrations (BU, flags A
 * and H, no IPsec) from care-of addresses with the home address option, as
 * a mobile node's TC program puts them on the wire, and it reads the home
 * agent's BAs (type 2 routing header, as the home agent's TC writes them)
 * off the link.
 *
 * Node i has home address HOA6 + i, IPv4 home address HOA4 + i (asked for
 * with the IPv4 Home Address Request option, RFC 5555 3.1.1) and care-of
 * address COA6 + i. It keeps WINDOW BUs outstanding: each BA lets the next
 * BU go, so it measures the rate the home agent answers at, not the rate it
 * is offered. Two phases:
 *   register  every node once: new bindings (cache entry, two map writes, a
 *             neighbour advertisement and a gratuitous ARP on the home link)
 *   refresh   for SECONDS, the nodes in turn again, from the same care-of
 *             address (a lifetime refresh: the data plane already has it)
 * With -p, the agent's CPU time over each phase (from
 * /proc/PID/schedstat) gives its CPU per BU. Prints one JSON object.
 *
 *   bu_load -i IF -H HA6 -6 HOA6 -4 HOA4 -c COA6 -n N [-w WINDOW] [-t SECONDS]
 *           [-p AGENT-PID] [-o OFFSET] [-s SEQ] [-a KEY]
 *
 * -a: every BU carries RFC 4285's timestamp and MN-HA authenticator, and
 * its node's identifier "mn<g>@bench" (g: the node's number, offset
 * included): SPI BENCH_SPI, key KEY (hex, 12 to 60 bytes) followed by g as
 * four bytes, big-endian, as selftests/lib/topo/signal.sh writes the home
 * agent's keys file.
 * -o: the nodes are OFFSET, OFFSET+1, ... of that numbering (a slice of
 * them, as the soak test moves); -s: each node's first BU carries SEQ (a
 * run that goes on where an earlier one stopped); -t 0: no refresh phase.
 *
 * BUs leave through a raw IPv6 socket (the kernel routes them; the care-of
 * addresses are not configured here) and BAs are read from an AF_PACKET
 * socket on IF: the kernel itself drops them afterwards (not addressed to
 * this host, no forwarding), so no error goes back to the home agent.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ipv6.h>
#include "mh/mh.h"
#include "mh/mh_auth.h"
#include "xmip_proto.h"
#include "hao_packet.h"

#define HDR_LEN 24             /* the type 2 routing header, in its one form */
#define BATCH 64
#define STALL_NS 1000000000ull /* no BA for this long: the outstanding BUs are lost */
#define BU_LIFETIME_S 3600
#define BENCH_SPI 1000

struct load {
	int tx, rx;
	struct in6_addr ha, hoa6, coa6;
	struct in_addr hoa4;
	uint32_t nodes, window, offset;
	bool sign;
	struct mh_auth_key key;  /* node g's: the given bytes, then g */
	uint16_t *seq;          /* the sequence number each node sent last */
	uint8_t *pending;       /* its BU awaits a BA */
	uint32_t outstanding;
	uint64_t sent, acked, refused, lost, stray;
	uint64_t last_ba_ns;
};

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

/* base + i, as a 128-bit number (the low 32 bits carry). */
static struct in6_addr addr6_plus(const struct in6_addr *base, uint32_t i)
{
	struct in6_addr a = *base;
	uint64_t lo = ((uint64_t)ntohl(a.s6_addr32[2]) << 32 | ntohl(a.s6_addr32[3])) + i;

	a.s6_addr32[2] = htonl((uint32_t)(lo >> 32));
	a.s6_addr32[3] = htonl((uint32_t)lo);
	return a;
}

/* Which node base + i is, or -1. */
static int64_t addr6_index(const struct in6_addr *base, const struct in6_addr *a, uint32_t n)
{
	uint64_t b = (uint64_t)ntohl(base->s6_addr32[2]) << 32 | ntohl(base->s6_addr32[3]);
	uint64_t x = (uint64_t)ntohl(a->s6_addr32[2]) << 32 | ntohl(a->s6_addr32[3]);

	if (memcmp(base, a, 8) || x < b || x - b >= n)
		return -1;
	return (int64_t)(x - b);
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

/* Node i's BU with sequence number seq: IPv6 header (care-of address ->
 * home agent), home address option, Mobility Header. Returns its length. */
static size_t build_bu(const struct load *l, uint32_t i, uint16_t seq, uint8_t *buf, size_t cap)
{
	struct in6_addr hoa = addr6_plus(&l->hoa6, i), coa = addr6_plus(&l->coa6, i);
	struct mh_msg m = { .type = XMIP_MH_BU };
	uint8_t *mh = buf + HAO_PACKET_HEAD;
	struct mh_auth_key k = l->key;
	uint32_t g = l->offset + i;
	int len;

	m.bu.seq = seq;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H;
	m.bu.lifetime = BU_LIFETIME_S / 4;
	m.opt.n_ipv4_hoa = 1;
	m.opt.ipv4_hoa[0].prefix_len = 32;
	m.opt.ipv4_hoa[0].addr.s_addr = htonl(ntohl(l->hoa4.s_addr) + i);
	if (l->sign) {
		m.opt.has_mn_id = true;
		m.opt.mn_id_subtype = MH_MN_ID_NAI;
		m.opt.mn_id_len = (uint8_t)snprintf(m.opt.mn_id, sizeof(m.opt.mn_id), "mn%u@bench", g);
		m.opt.has_replay = true;
		m.opt.timestamp = mh_ntp_now(0);
		k.key[k.len - 4] = (uint8_t)(g >> 24);
		k.key[k.len - 3] = (uint8_t)(g >> 16);
		k.key[k.len - 2] = (uint8_t)(g >> 8);
		k.key[k.len - 1] = (uint8_t)g;
		mh_auth_prepare(&m, &k);
	}
	/* The checksum covers the home address (RFC 6275 6.1.1). */
	len = mh_encode(&m, &hoa, &l->ha, mh, cap - HAO_PACKET_HEAD);
	/* No Alternate Care-of Address option: the outer source is the
	 * care-of address the authenticator names. */
	if (len >= 0 && l->sign && mh_auth_sign(mh, (size_t)len, &k, &coa, &hoa, &hoa, &l->ha))
		len = -1;
	if (len < 0) {
		fprintf(stderr, "bu_load: cannot encode a BU\n");
		exit(1);
	}
	hao_packet_head(buf, &coa, &l->ha, &hoa, (size_t)len);
	return HAO_PACKET_HEAD + (size_t)len;
}

/* Sends BUs to nodes next, next+1, ... (wrapping) while the window has room
 * and the phase lets; returns how many went. */
static uint32_t send_bus(struct load *l, uint32_t *next, uint64_t budget)
{
	static uint8_t bufs[BATCH][256];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = l->ha };
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
		iov[n].iov_len = build_bu(l, node, l->seq[node], bufs[n], sizeof(bufs[n]));
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

/* One frame read off the link: a BA to one of our care-of addresses? */
static void take_frame(struct load *l, const uint8_t *p, size_t len)
{
	const struct ipv6hdr *ip6 = (const void *)p;
	const uint8_t *rh = p + sizeof(*ip6);
	struct in6_addr hoa;
	struct mh_msg m;
	int64_t node;

	if (len < sizeof(*ip6) + HDR_LEN || (p[0] >> 4) != 6 || ip6->nexthdr != IPPROTO_ROUTING ||
	    rh[0] != XMIP_IPPROTO_MH || rh[2] != 2 || memcmp(&ip6->saddr, &l->ha, 16))
		return;
	memcpy(&hoa, rh + 8, 16);
	node = addr6_index(&l->hoa6, &hoa, l->nodes);
	if (node < 0 || mh_decode(rh + HDR_LEN, len - sizeof(*ip6) - HDR_LEN, &l->ha, &hoa, &m) ||
	    m.type != XMIP_MH_BA) {
		l->stray++;
		return;
	}
	if (!l->pending[node] || m.ba.seq != l->seq[node]) {
		l->stray++;   /* late, after its BU was counted lost */
		return;
	}
	l->pending[node] = 0;
	l->outstanding--;
	l->last_ba_ns = now_ns();
	if (m.ba.status < 128)
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
		take_frame(l, bufs[i], msgs[i].msg_len);
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

static int open_sockets(struct load *l, const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IPV6) };
	int on = 1, size = 8 << 20;

	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		fprintf(stderr, "bu_load: no interface %s\n", ifname);
		return -1;
	}
	/* IPPROTO_RAW: the whole IPv6 header is ours (the care-of address
	 * is not an address of this host). */
	l->tx = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
	l->rx = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_IPV6));
	if (l->tx < 0 || l->rx < 0 || bind(l->rx, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(l->rx, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on, sizeof(on)) ||
	    setsockopt(l->rx, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size))) {
		perror("bu_load: sockets");
		return -1;
	}
	return 0;
}

/* -a KEY: 12 to 60 bytes in hex, room left for the node's number. */
static int parse_key(const char *hex, struct mh_auth_key *k)
{
	size_t n = strlen(hex), i;

	if (n % 2 || n / 2 + 4 < MH_KEY_MIN || n / 2 + 4 > MH_KEY_MAX)
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned int b;

		if (!isxdigit((unsigned char)hex[2 * i]) || !isxdigit((unsigned char)hex[2 * i + 1]) ||
		    sscanf(hex + 2 * i, "%2x", &b) != 1)
			return -1;
		k->key[i] = (uint8_t)b;
	}
	k->len = (uint8_t)(n / 2 + 4);
	k->spi = BENCH_SPI;
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: bu_load -i IF -H HA6 -6 HOA6 -4 HOA4 -c COA6 -n N [-w WINDOW] "
			"[-t SECONDS] [-p AGENT-PID] [-o OFFSET] [-s SEQ] [-a KEY]\n");
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

	while ((opt = getopt(argc, argv, "i:H:6:4:c:n:w:t:p:o:s:a:")) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 'H': if (inet_pton(AF_INET6, optarg, &l.ha) != 1) usage(); break;
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
	if (!ifname || !l.nodes || !l.window || seconds < 0)
		usage();
	l.offset = offset;
	l.hoa6 = addr6_plus(&l.hoa6, offset);
	l.hoa4.s_addr = htonl(ntohl(l.hoa4.s_addr) + offset);
	l.coa6 = addr6_plus(&l.coa6, offset);
	l.seq = calloc(l.nodes, sizeof(*l.seq));
	l.pending = calloc(l.nodes, 1);
	if (!l.seq || !l.pending || open_sockets(&l, ifname))
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
