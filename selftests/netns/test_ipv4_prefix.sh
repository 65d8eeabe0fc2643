#!/usr/bin/env bash
# RFC 5555 4.5: an IPv4 mobile network prefix. The mobile router asks for
# "any /28" (0.0.0.0 with the P flag); the home agent gives the one
# configured for it, 198.18.0.0/28, routes it into the tunnel, and a host
# behind the router (198.18.0.10) is reached from an IPv4-only
# correspondent and the home link, from the IPv4-only network, from behind
# the NAT (UDP) and from the IPv6-only network (IPv4 in IPv6). (The
# refusals, 133, are unit-tested: test_ha_cache.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"

PREFIX=198.18.0.0/28
MRHOST=198.18.0.10
LAB_NODES+=(mrhost)

dir=$(mktemp -d /tmp/xmip-v4mnp.XXXXXX)
lab_up
lab_on_down "rm -rf $dir"
# The router's network, and the home agent's domain routing to it (RFC
# 5555 4.5 leaves advertising it to the home agent's administration).
lab_link mn mn-lan mrhost mr-0
lab_addr mn mn-lan 198.18.0.1/28; lab_addr mrhost mr-0 $MRHOST/28
lab_route mrhost default via 198.18.0.1
lab_route core 198.18.0.0/24 via $LAB_HA4
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"

XMIP_SIGNALLING=true XMIP_MN_HOA4=none \
XMIP_MN_IFACES='"mn-v6", "mn-v4", "mn-nat"' \
XMIP_HA_MN_EXTRA="ipv4_mobile_network_prefixes = [ \"$PREFIX\" ];" \
XMIP_MN_EXTRA='ipv4_mobile_network_prefix = "0.0.0.0/28";' \
	xmip_write_configs "$dir"
lab_mn_use v4net
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
[ -z "${XMIP_IN_VM:-}" ] && wire_start v4net v4-mn "$dir/v4.pcapng"
xmip_start mn "$dir/mn.conf" "$dir/mn.log"

mn_json() { "$XMIPCTL" -s "$dir/mn.sock" --json registrations; }
ha_json() { "$XMIPCTL" -s "$dir/ha.sock" --json registrations; }
reachable() {
	xmip_ping_all "$1: CN4 -> host behind the router" cn4 "$MRHOST"
	xmip_ping_all "$1: host behind the router -> CN4" mrhost "$LAB_CN4"
	xmip_ping_all "$1: home host -> host behind the router" home "$MRHOST"
}

xmip_registered ipv4 "$LAB_MN_V4COA"
expect_eq "mobile router: the prefix granted" "$PREFIX" "$(mn_json | jq -r '.prefix4')"
expect_eq "home agent: the prefix bound" "$PREFIX" "$(ha_json | jq -r '.registrations[0].prefix4')"
expect_match "home agent: the prefix routed into its tunnel interface" "^$PREFIX dev .* proto 77" \
	"$(lab_exec ha ip -4 route show $PREFIX)"
expect_match "mobile router: traffic from the prefix into the tunnel" "from $PREFIX lookup 77" \
	"$(lab_exec mn ip -4 rule show)"
reachable "IPv4 network"

lab_mn_use natnet
xmip_registered udp4 "$LAB_MN_NATCOA"
reachable "behind the NAT"

lab_mn_use v6net
xmip_registered ipv6 "$LAB_MN_V6COA"
reachable "IPv6 network"
expect_eq "the same prefix after three moves" "$PREFIX" "$(ha_json | jq -r '.registrations[0].prefix4')"

if [ -z "${XMIP_IN_VM:-}" ]; then
	wire_stop
	[ "$(wire_count "$dir/v4.pcapng" "mip6.bu.h_flag == 1 && mip6.ipv4ha.p_flag == 1 && mip6.ipv4ha.preflen == 28 && mip6.ipv4ha.ha == 0.0.0.0" ipv6)" -ge 1 ] &&
		pass "tshark: BU asks for a /28 with P and 0.0.0.0" ||
		fail "tshark: no BU with P, /28, 0.0.0.0"
	[ "$(wire_count "$dir/v4.pcapng" "mip6.ba.status == 0 && mip6.ipv4aa.sts == 0 && mip6.ipv4ha.preflen == 28 && mip6.ipv4ha.ha == 198.18.0.0" ipv6)" -ge 1 ] &&
		pass "tshark: BA acknowledges 198.18.0.0/28" ||
		fail "tshark: no BA acknowledging 198.18.0.0/28"
fi
