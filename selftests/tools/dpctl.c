// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * dpctl: applies bindings to a running instance the way the agent does
 * (agent/anchor/binding.c, agent/dsmip6/mn_tunnel.c: the loader's binding API, plus
 * route and MTU), for tests that apply tunnels without signalling.
 *   dpctl INSTANCE ha-bind HOME[/LEN] FORMAT CARE-OF LOCAL [PORT]
 *   dpctl INSTANCE mn-tunnel FORMAT LOCAL REMOTE IFNAME [PORT]
 * FORMAT: ipv6, ipv4, udp4, udp6. PORT: the far end's UDP port (4191 on the
 * home agent's side, the NAT's port on the mobile node's).
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "anchor/binding.h"
#include "dsmip6/mn_tunnel.h"
#include "xmip_loader.h"
#include "xmip_proto.h"

static int parse_format(const char *s)
{
	static const char *const names[] = { "", "ipv6", "ipv4", "udp4", "udp6" };
	int i;

	for (i = 1; i < XMIP_TUN_FORMAT_MAX; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static int parse_addr(const char *s, union xmip_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET6, s, a->bytes) == 1)
		return AF_INET6;
	if (inet_pton(AF_INET, s, &a->v4) == 1)
		return AF_INET;
	return -1;
}

static int usage(void)
{
	fprintf(stderr, "usage: dpctl INSTANCE ha-bind HOME[/LEN] FORMAT CARE-OF LOCAL [PORT]\n"
			"       dpctl INSTANCE mn-tunnel FORMAT LOCAL REMOTE IFNAME [PORT]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct xmip_dp_opts opts = { 0 };
	struct xmip_tunnel t = { .binding_id = 1 };
	struct xmip_error err = { 0 };
	struct xmip_dp *dp;
	int ret, format, ha;

	if (argc < 7)
		return usage();
	ha = strcmp(argv[2], "ha-bind") == 0;
	if (!ha && strcmp(argv[2], "mn-tunnel"))
		return usage();
	format = parse_format(argv[ha ? 4 : 3]);
	if (format < 0)
		return usage();
	t.format = (__u8)format;
	opts.instance = argv[1];
	opts.kind = ha ? XMIP_DP_ANCHOR : XMIP_DP_MOBILE;
	if (xmip_dp_open(&dp, &opts, &err)) {
		fprintf(stderr, "dpctl: %s\n", err.msg);
		return 1;
	}
	if (ha) {
		struct xmip_home home = { 0 };
		char buf[64], *slash;

		snprintf(buf, sizeof(buf), "%s", argv[3]);
		slash = strchr(buf, '/');
		if (slash)
			*slash = 0;
		home.family = parse_addr(buf, &home.addr);
		home.prefixlen = (uint8_t)(slash ? atoi(slash + 1) : home.family == AF_INET ? 32 : 128);
		parse_addr(argv[5], &t.remote);
		parse_addr(argv[6], &t.local);
		if (argc > 7) {
			t.remote_port = htons((uint16_t)atoi(argv[7]));
			t.local_port = htons(XMIP_PORT_DSMIP);
		}
		ret = anchor_binding_apply(dp, &home, &t, &err);
	} else {
		parse_addr(argv[4], &t.local);
		parse_addr(argv[5], &t.remote);
		t.ifindex = if_nametoindex(argv[6]);
		if (argc > 7) {
			t.remote_port = htons(XMIP_PORT_DSMIP);
			t.local_port = htons((uint16_t)atoi(argv[7]));
		}
		ret = t.ifindex ? mn_tunnel_apply(dp, &t, &err) : -1;
		if (!t.ifindex)
			snprintf(err.msg, sizeof(err.msg), "no interface %s", argv[6]);
	}
	if (ret)
		fprintf(stderr, "dpctl: %s\n", err.msg);
	xmip_dp_close(dp);
	return ret ? 1 : 0;
}
