/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A private network namespace for the BPF tests, so that bpf_fib_lookup()
 * answers the same everywhere: the test process unshares its network
 * namespace and builds one veth, "tst0", as the home agent's uplink:
 *
 *   tst0 02:00:00:00:00:01  2001:db8:1::2/64  198.51.100.2/28   (MTU 1500)
 *   next hop 02:00:00:00:00:aa  2001:db8:1::1  198.51.100.1  (permanent)
 *   default routes via that next hop; 203.0.113.0/24 via 198.51.100.3
 *   (no neighbour entry); 192.0.2.200 unreachable.
 * Pins under /sys/fs/bpf stay shared: the mount namespace is not changed.
 */
#ifndef XMIP_TESTNET_H
#define XMIP_TESTNET_H

#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#define TESTNET_IF "tst0"
#define TESTNET_MAC { 0x02, 0, 0, 0, 0, 0x01 }
#define TESTNET_GW_MAC { 0x02, 0, 0, 0, 0, 0xaa }

static inline int testnet_setup(void)
{
	static const char *const cmds[] = {
		"ip link set lo up",
		"ip link add tst0 address 02:00:00:00:00:01 mtu 1500 type veth "
		"peer name tst1 address 02:00:00:00:00:aa",
		"ip link set tst0 up", "ip link set tst1 up",
		"sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1",
		"ip addr add 2001:db8:1::2/64 dev tst0 nodad",
		"ip addr add 198.51.100.2/28 dev tst0",
		"ip -6 neigh replace 2001:db8:1::1 lladdr 02:00:00:00:00:aa dev tst0 nud permanent",
		"ip neigh replace 198.51.100.1 lladdr 02:00:00:00:00:aa dev tst0 nud permanent",
		"ip -6 route add default via 2001:db8:1::1 dev tst0",
		"ip route add default via 198.51.100.1 dev tst0",
		"ip route add 203.0.113.0/24 via 198.51.100.3 dev tst0",
		"ip route add unreachable 192.0.2.200/32",
	};
	size_t i;

	if (unshare(CLONE_NEWNET)) {
		perror("unshare(CLONE_NEWNET)");
		return -1;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (system(cmds[i]) != 0) {
			fprintf(stderr, "testnet: '%s' failed\n", cmds[i]);
			return -1;
		}
	}
	return (int)if_nametoindex(TESTNET_IF);
}

#endif
