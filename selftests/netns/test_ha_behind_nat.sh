#!/usr/bin/env bash
# RFC 5555 1.3: the home agent behind a NAT. Its IPv4 address is private
# (172.16.0.2); the core router forwards UDP 4191 from a public address
# (198.51.100.99) to it with nftables and rewrites what it sends back. The
# mobile node knows only the public address and forces UDP encapsulation
# (the F flag: plain IPv4-in-IPv4 cannot cross a port forward). From the
# IPv4-only network, and from behind a second NAT (natnet), both home
# addresses stay reachable and the home agent reports the F flag's tunnel.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"

HA_PRIVATE=172.16.0.2
HA_PUBLIC=198.51.100.99

dir=$(mktemp -d /tmp/xmip-hanat.XXXXXX)
lab_up
lab_on_down "rm -rf $dir"
lab_addr core c-ha 172.16.0.1/24
lab_addr ha ha-up $HA_PRIVATE/24
lab_exec core nft -f - <<NFT
table ip xmip_ha_nat {
	chain pre {
		type nat hook prerouting priority dstnat; policy accept;
		ip daddr $HA_PUBLIC udp dport 4191 dnat to $HA_PRIVATE
	}
	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		ip saddr $HA_PRIVATE snat to $HA_PUBLIC
	}
}
NFT
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
XMIP_SIGNALLING=true XMIP_HA_ADDRESS4=$HA_PRIVATE XMIP_MN_HA4=$HA_PUBLIC XMIP_MN_EXTRA="force_udp = true;" \
	XMIP_MN_IFACES='"mn-v4", "mn-nat"' xmip_write_configs "$dir"
lab_mn_use v4net
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
[ -z "${XMIP_IN_VM:-}" ] && wire_start v4net v4-mn "$dir/v4.pcapng"
xmip_start mn "$dir/mn.conf" "$dir/mn.log"

reachable() {
	xmip_ping_all "$1: CN6 -> HoA6" cn6 -6 "$LAB_MN_HOA6"
	xmip_ping_all "$1: CN4 -> HoA4" cn4 "$LAB_MN_HOA4"
	xmip_ping_all "$1: HoA4 -> CN4" mn -I "$LAB_MN_HOA4" "$LAB_CN4"
	xmip_ping_all "$1: home host -> HoA6" home -6 "$LAB_MN_HOA6"
}

xmip_registered udp4 "$LAB_MN_V4COA"
expect_eq "home agent: UDP to the care-of address (forced, no NAT on the node's side)" \
	"udp4 $LAB_MN_V4COA port 4191" "$(xmip_ha_via)"
reachable "IPv4 network, home agent behind a NAT"

lab_mn_use natnet
xmip_registered udp4 "$LAB_MN_NATCOA"
expect_match "home agent: UDP to the node's NAT" "^udp4 $LAB_NAT_PUBLIC port [0-9]+ \(NAT\)$" "$(xmip_ha_via)"
reachable "both behind NATs"

if [ -z "${XMIP_IN_VM:-}" ]; then
	wire_stop
	# What the node sees comes from the public address: the port
	# forward rewrote the home agent's private source.
	[ "$(wire_count "$dir/v4.pcapng" "ip.src == $HA_PUBLIC && udp.srcport == 4191 && mip6.ba.status == 0 && mip6.natd.f_flag == 1" ipv6)" -ge 1 ] &&
		pass "tshark: BA from the public address, NAT detection option with F" ||
		fail "tshark: no BA from $HA_PUBLIC with F on the IPv4 network"
	[ "$(wire_count "$dir/v4.pcapng" "ip.src == $LAB_MN_V4COA && ip.dst == $HA_PUBLIC && mip6.bu.f_flag == 1" ipv6)" -ge 1 ] &&
		pass "tshark: BU to the public address with the F flag" ||
		fail "tshark: no BU with F to $HA_PUBLIC"
	[ "$(wire_count "$dir/v4.pcapng" "ip.src == $HA_PRIVATE")" -eq 0 ] &&
		pass "the private address never reaches the visited network" ||
		fail "packets from $HA_PRIVATE on the visited network"
fi
