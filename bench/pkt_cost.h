/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * pkt_cost's parts: the measurement (pkt_cost.c: the floor, the samples,
 * the home agent's and mobile node's paths) and the MAG's paths
 * (pkt_cost_mag.c), sharing the bench's state and its way of measuring.
 */
#ifndef XMIP_BENCH_PKT_COST_H
#define XMIP_BENCH_PKT_COST_H

#include <bpf/bpf.h>
#include <json-c/json.h>
#include "pktgen.h"
#include "testnet.h"
#include "xmip_loader.h"
#include "xmip_proto.h"

#define HA6 "2001:db8:1::2"
#define HA4 "198.51.100.2"
#define CN6 "2001:db8:2::2"
#define CN4 "198.51.100.18"
#define COA6 "2001:db8:10::100"
#define COA4 "198.18.0.50"
#define TARGETS 64             /* home addresses the packets rotate over */

extern const uint8_t our_mac[ETH_ALEN], gw_mac[ETH_ALEN];

struct bench {
	int ifindex;
	int samples;
	int floor_fd;
	int empty_fd;
	int floor_fib_fd;
	struct xmip_dp *ha_dp, *mn_dp, *mag_dp;
	char ha_instance[64], mn_instance[64], mag_instance[64];
	struct anchor_xdp_bpf *ha_xdp;
	struct mobile_xdp_bpf *mn_xdp;
	struct mobile_tc_bpf *mn_tc;
	struct access_xdp_bpf *mag_xdp;
	uint32_t targets[TARGETS];     /* binding indices the packets go to */
	int ntargets;
	json_object *results;
	json_object *memory;
	json_object *mag_memory;
};

/* A path: one program on a rotation of packets, the verdict it must give. */
struct path {
	const char *name;
	int prog_fd;
	int is_xdp;
	int verdict;
	struct pktbuf pkts[TARGETS];
	int npkts;
};

/* A UDP packet between host and home (to the home address, or from it). */
void plain(struct pktbuf *p, int family, const char *src, const char *dst, const uint8_t dmac[ETH_ALEN],
	   const uint8_t smac[ETH_ALEN], size_t payload);
/* Runs path, floor and floor with FIB lookup in turn; records the medians
 * and the ratios under side. */
int measure(struct bench *b, struct path *p, uint32_t bindings, const char *side);
/* A data plane of kind role for instance "bench-<what>-<pid>". */
int open_dp(struct xmip_dp **dp, char *instance, const char *what, enum xmip_dp_kind role, uint32_t max);
/* What the kernel charges for a map (its fdinfo's memlock), or -1. */
long long map_memlock(int fd);

/* The MAG (pkt_cost_mag.c): its data plane loaded, its paths, unloaded. */
int mag_load(struct bench *b);
int mag_paths(struct bench *b);
void mag_unload(struct bench *b);

#endif
