// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Traffic for the throughput benchmark (bench/throughput.sh), in two roles:
 *
 *   xdp_gen sink IFNAME PIN
 *       counts and drops what arrives on IFNAME (XDP, native mode; ARP and
 *       ICMPv6 pass, uncounted), the counter pinned at PIN, until SIGTERM or
 *       SIGINT.
 *   xdp_gen send IFNAME DST-MAC SRC-ADDR DST-ADDR SIZE SECONDS PIN [PPS]
 *       sends one UDP frame of SIZE bytes (Ethernet included) from SRC-ADDR
 *       to DST-ADDR (both IPv6 or both IPv4) out of IFNAME as fast as it
 *       can (or at PPS frames a second, in bursts of 10 ms) for
 *       SECONDS, with BPF_PROG_TEST_RUN's live frames (what
 *       xdp-trafficgen does; its Debian 12 version has no packet size
 *       option), then prints one JSON line: frames sent, frames the sink at
 *       PIN counted meanwhile, seconds, and the rate that arrived.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "pktgen.h"

#define GEN_BATCH (1u << 16)      /* frames per BPF_PROG_TEST_RUN call */
/* Paced: 10 ms worth of frames per call (a call has a setup cost: its own
 * page pool), then a sleep until the schedule catches up. Within a call the
 * kernel flushes every 64 frames, which lets the receiver run. */
#define GEN_PACED_CALLS_PER_S 100
#define GEN_HEAD 64               /* bytes gen.bpf.c writes again on every run */

static volatile sig_atomic_t stop;

static void on_signal(int sig) { (void)sig; stop = 1; }

static struct bpf_object *open_obj(void)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	struct bpf_object *obj;

	if (n <= 0)
		return NULL;
	path[n] = 0;
	strcpy(strrchr(path, '/') + 1, "gen.bpf.o");   /* built next to us */
	obj = bpf_object__open_file(path, NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "xdp_gen: %s: cannot load\n", path);
		return NULL;
	}
	return obj;
}

static unsigned long long sink_total(int fd)
{
	int ncpu = libbpf_num_possible_cpus();
	unsigned long long v[ncpu > 0 ? ncpu : 1], sum = 0;
	__u32 zero = 0;

	if (ncpu <= 0 || bpf_map_lookup_elem(fd, &zero, v))
		return 0;
	for (int i = 0; i < ncpu; i++)
		sum += v[i];
	return sum;
}

static int sink(const char *ifname, const char *pin)
{
	struct bpf_object *obj = open_obj();
	int ifindex = (int)if_nametoindex(ifname), prog;

	if (!obj || !ifindex)
		return fprintf(stderr, "xdp_gen: no %s\n", ifname), 1;
	prog = bpf_program__fd(bpf_object__find_program_by_name(obj, "xmip_bench_sink"));
	unlink(pin);
	if (bpf_map__pin(bpf_object__find_map_by_name(obj, "xmip_sink_count"), pin) ||
	    bpf_xdp_attach(ifindex, prog, XDP_FLAGS_DRV_MODE, NULL)) {
		fprintf(stderr, "xdp_gen: sink on %s: %s\n", ifname, strerror(errno));
		unlink(pin);
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("ready\n");
	fflush(stdout);
	while (!stop)
		pause();
	bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	unlink(pin);
	bpf_object__close(obj);
	return 0;
}

static int parse_mac(const char *s, uint8_t mac[ETH_ALEN])
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3],
		      &mac[4], &mac[5]) == 6 ? 0 : -1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The frame: Ethernet, IP, UDP 5000 -> 6000, zeros to size. */
static int build(struct pktbuf *p, const char *dmac_s, const char *src, const char *dst,
		 size_t size)
{
	uint8_t dmac[ETH_ALEN], smac[ETH_ALEN] = { 0x02, 0, 0, 0, 0xbe, 0x01 };
	int v6 = strchr(dst, ':') != NULL;
	size_t hdr = ETH_HLEN + (v6 ? 40 : 20) + 8, udp_off;

	if (parse_mac(dmac_s, dmac) || size < hdr || size < GEN_HEAD || size > sizeof(p->data))
		return -1;
	memset(p, 0, sizeof(*p));
	pkt_eth_addr(p, dmac, smac, v6 ? ETH_P_IPV6 : ETH_P_IP);
	if (v6)
		pkt_ipv6(p, src, dst, 17);
	else
		pkt_ipv4(p, src, dst, 17);
	udp_off = p->len;
	pkt_udp(p, 5000, 6000);
	pkt_payload(p, size - hdr);
	pkt_finish(p);
	pkt_finish_l4(p, udp_off, 17);
	return 0;
}

static int send_frames(char **argv)
{
	struct bpf_object *obj = open_obj();
	int ifindex = (int)if_nametoindex(argv[0]), port, head, prog, sink_fd;
	double secs = atof(argv[5]), pps = argv[7] ? atof(argv[7]) : 0, start, elapsed;
	__u32 batch = pps > 0 ? (__u32)(pps / GEN_PACED_CALLS_PER_S) + 1 : GEN_BATCH;
	unsigned long long sent = 0, before, after;
	struct pktbuf p;
	__u32 zero = 0;

	if (!obj || !ifindex || build(&p, argv[1], argv[2], argv[3], strtoul(argv[4], NULL, 10)))
		return fprintf(stderr, "xdp_gen: bad arguments\n"), 2;
	if ((sink_fd = bpf_obj_get(argv[6])) < 0)
		return fprintf(stderr, "xdp_gen: no sink at %s\n", argv[6]), 1;
	port = bpf_map__fd(bpf_object__find_map_by_name(obj, "xmip_gen_port"));
	head = bpf_map__fd(bpf_object__find_map_by_name(obj, "xmip_gen_head"));
	prog = bpf_program__fd(bpf_object__find_program_by_name(obj, "xmip_bench_gen"));
	if (bpf_map_update_elem(port, &zero, &ifindex, BPF_ANY) ||
	    bpf_map_update_elem(head, &zero, p.data, BPF_ANY))
		return fprintf(stderr, "xdp_gen: maps: %s\n", strerror(errno)), 1;
	before = sink_total(sink_fd);
	start = now_s();
	do {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = p.data, .data_size_in = (__u32)p.len,
			    .repeat = batch, .flags = BPF_F_TEST_XDP_LIVE_FRAMES);
		double ahead;

		if (bpf_prog_test_run_opts(prog, &opts))
			return fprintf(stderr, "xdp_gen: live frames: %s\n", strerror(errno)), 1;
		sent += batch;
		ahead = pps > 0 ? start + sent / pps - now_s() : 0;
		if (ahead > 0)
			usleep((useconds_t)(ahead * 1e6));
	} while (now_s() - start < secs);
	elapsed = now_s() - start;
	usleep(200 * 1000);   /* what is still in rings arrives */
	after = sink_total(sink_fd);
	printf("{\"sent\": %llu, \"received\": %llu, \"seconds\": %.3f, \"pps\": %.0f}\n",
	       sent, after - before, elapsed, (after - before) / elapsed);
	bpf_object__close(obj);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "sink") == 0)
		return sink(argv[2], argv[3]);
	if ((argc == 9 || argc == 10) && strcmp(argv[1], "send") == 0)
		return send_frames(argv + 2);
	fprintf(stderr, "usage: xdp_gen sink IFNAME PIN\n"
			"       xdp_gen send IFNAME DST-MAC SRC-ADDR DST-ADDR SIZE SECONDS PIN [PPS]\n");
	return 2;
}
