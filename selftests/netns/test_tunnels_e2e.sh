#!/usr/bin/env bash
# Traffic through the tunnels, end to end in the lab, with the data planes of
# a home agent and a mobile node and no kernel tunnel device: for each format
# the mobile node can use (IPv6 outer and IPv6 + UDP 4191 from the IPv6-only
# network, IPv4 and IPv4 + UDP 4191 from the IPv4 network, UDP 4191 through
# the NAT), IPv6 and
# IPv4 pings between the correspondents and the mobile node's home addresses
# in both directions, and from a host on the home link (the home agent
# answers its ARP and neighbour solicitations). No packet may be lost, not
# even the first of a flow, which leaves the home agent by the TC path while
# the neighbour entry toward the care-of address is resolved.
#
# tshark, capturing on the routers next to the home agent and the mobile
# node, checks every tunnelled packet against RFC 5555 4.4.3 and 4.5.1: outer
# addresses, protocol (41, 4, or UDP 4191), TTL 64, DF on IPv4, good IPv4
# header checksum, UDP checksum 0 over IPv4 and correct over IPv6, and the
# inner destination.
#
# Bindings are applied as the agent will (selftests/tools/dpctl: map entry,
# route into the tunnel interface, proxy neighbour, MTU) until the signalling
# does it itself.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/lab.sh"
source "$here/../lib/xmip.sh"
source "$here/../lib/assert.sh"
source "$here/../lib/wire.sh"
DPCTL=$XMIP_BUILD/tests/dpctl
MN_PORT=40001

lab_up
dir=$(mktemp -d /tmp/xmip-e2e.XXXXXX)
lab_on_down "rm -rf $dir"
xmip_write_configs "$dir"
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
xmip_start mn "$dir/mn.conf" "$dir/mn.log"
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
HA=$(lab_ns ha)
MN=$(lab_ns mn)

# The mobile node's home addresses live on the tunnel interface; traffic to
# the correspondents leaves from them, through it.
lab_exec mn ip addr add "$LAB_MN_HOA4/32" dev xmip0
lab_exec mn ip -6 route add 2001:db8:2::/64 dev xmip0 src "$LAB_MN_HOA6"
lab_exec mn ip route add 198.51.100.16/28 dev xmip0 src "$LAB_MN_HOA4"
lab_exec mn ip -6 route add 2001:db8:100::/64 dev xmip0 src "$LAB_MN_HOA6"
lab_exec mn ip route add 192.0.2.0/24 dev xmip0 src "$LAB_MN_HOA4"

# use NET FORMAT COA HA-ADDRESS IFNAME [PORT [SEEN-AS]]: the mobile node
# moves to NET; SEEN-AS is its care-of address as the home agent sees it
# (the NAT's public address).
use() {
	local net=$1 format=$2 coa=$3 ha=$4 dev=$5 port=${6:-} seen=${7:-$3}
	lab_mn_use "$net"
	lab_exec ha "$DPCTL" "$HA" ha-bind "$LAB_MN_HOA6" "$format" "$seen" "$ha" $port
	lab_exec ha "$DPCTL" "$HA" ha-bind "$LAB_MN_HOA4" "$format" "$seen" "$ha" $port
	lab_exec mn "$DPCTL" "$MN" mn-tunnel "$format" "$coa" "$ha" "$dev" $port
}

counter() { "$XMIPCTL" -s "$dir/$1.sock" --json stats | jq ".counters[] | select(.name == \"$2\") | .value"; }
encapsulated() { echo $(($(counter ha ENCAP_XMIT) + $(counter ha TC_ENCAP_XMIT))); }

# ping_all WHAT NODE PING-ARGS...: three echo requests, three replies.
ping_all() {
	local what=$1 node=$2 out
	shift 2
	if out=$(lab_exec "$node" ping -c 3 -i 0.2 -W 2 "$@" 2>&1) && grep -q " 0% packet loss" <<<"$out"; then
		pass "$what"
	else
		fail "$what: $(grep -E 'transmitted|unreachable' <<<"$out" | head -2)"
	fi
}

# pings NAME [MN-FIRST]: both directions, both families, and the home
# host; behind a NAT the mobile node speaks first (it opens the mapping).
pings() {
	local name=$1 enc dec
	enc=$(encapsulated)
	dec=$(counter ha DECAP)
	if [ -n "${2:-}" ]; then
		ping_all "$name: HoA6 -> CN6" mn -6 -I "$LAB_MN_HOA6" "$LAB_CN6"
		ping_all "$name: HoA4 -> CN4" mn -I "$LAB_MN_HOA4" "$LAB_CN4"
	fi
	ping_all "$name: CN6 -> HoA6" cn6 -6 "$LAB_MN_HOA6"
	ping_all "$name: CN4 -> HoA4" cn4 "$LAB_MN_HOA4"
	if [ -z "${2:-}" ]; then
		ping_all "$name: HoA6 -> CN6" mn -6 -I "$LAB_MN_HOA6" "$LAB_CN6"
		ping_all "$name: HoA4 -> CN4" mn -I "$LAB_MN_HOA4" "$LAB_CN4"
	fi
	ping_all "$name: home link host -> HoA6" home -6 "$LAB_MN_HOA6"
	ping_all "$name: home link host -> HoA4" home "$LAB_MN_HOA4"
	# 18 packets each way went through the home agent's tunnels.
	[ $(($(encapsulated) - enc)) -ge 18 ] && pass "$name: HA encapsulated" || fail "$name: encapsulated $enc -> $(encapsulated)"
	[ $(($(counter ha DECAP) - dec)) -ge 18 ] && pass "$name: HA decapsulated" || fail "$name: DECAP $dec -> $(counter ha DECAP)"
}

# expect_wire NAME FILE LOOSE EXACT [AS]: every packet matching LOOSE (the
# tunnel's outer addresses) also matches EXACT, and there are at least 6
# (three requests and three replies per inner family and direction). AS:
# how to decode UDP 4191's payload.
expect_wire() {
	local name=$1 file=$2 loose=$3 exact=$4 as=${5:-} n m
	n=$(wire_count "$file" "$loose" "$as")
	m=$(wire_count "$file" "$loose && ($exact)" "$as")
	[ "$n" -ge 6 ] && [ "$n" = "$m" ] && pass "$name: $m packets as RFC 5555 draws them" ||
		fail "$name: $n tunnelled packets, $m as expected (filter: $exact)"
}

# Filters for one direction: outer header fields by family and format.
outer6() { echo "ipv6.src#1 == $1 && ipv6.dst#1 == $2"; }
outer4() { echo "ip.src#1 == $1 && ip.dst#1 == $2"; }
exact6() { echo "ipv6.nxt#1 == $1 && ipv6.hlim#1 == 64"; }
# DF: always over IPv6 (never fragmented on the way), copied from IPv4.
exact4() {
	local df="ip.flags.df#1 == 1"
	[ "${2:-}" = inner4 ] && df="ip.flags.df#1 == ip.flags.df#2"
	echo "ip.proto#1 == $1 && ip.ttl#1 == 64 && $df && ip.checksum.status#1 == 1"
}
udp() { echo "udp.srcport == $1 && udp.dstport == $2 && udp.checksum == 0 && udp.length == ip.len#1 - 20"; }
# Over IPv6 the UDP checksum is required: tshark verifies it.
udp6() { echo "udp.srcport == $1 && udp.dstport == $2 && udp.checksum.status == 1 && udp.length == ipv6.plen#1"; }

# checks NAME PCAP-HA PCAP-MN: what the home agent sent (captured by core)
# and what the mobile node sent (captured by its access router).
echo "IPv6 care-of address (6in6, 4in6):"
wire_start core c-ha "$dir/v6-ha.pcap"
wire_start v6net v6-mn "$dir/v6-mn.pcap"
use v6net ipv6 "$LAB_MN_V6COA" "$LAB_HA6" mn-v6
pings ipv6
wire_stop
expect_wire "6in6 HA->MN" "$dir/v6-ha.pcap" "$(outer6 "$LAB_HA6" "$LAB_MN_V6COA") && ipv6.dst#2" \
	"$(exact6 41) && ipv6.dst#2 == $LAB_MN_HOA6"
expect_wire "4in6 HA->MN" "$dir/v6-ha.pcap" "$(outer6 "$LAB_HA6" "$LAB_MN_V6COA") && ip" \
	"$(exact6 4) && ip.dst == $LAB_MN_HOA4"
expect_wire "6in6 MN->HA" "$dir/v6-mn.pcap" "$(outer6 "$LAB_MN_V6COA" "$LAB_HA6") && ipv6.src#2" \
	"$(exact6 41) && ipv6.src#2 == $LAB_MN_HOA6"
expect_wire "4in6 MN->HA" "$dir/v6-mn.pcap" "$(outer6 "$LAB_MN_V6COA" "$LAB_HA6") && ip" \
	"$(exact6 4) && ip.src == $LAB_MN_HOA4"

echo "IPv4 care-of address (6in4, 4in4):"
wire_start core c-ha "$dir/v4-ha.pcap"
wire_start v4net v4-mn "$dir/v4-mn.pcap"
use v4net ipv4 "$LAB_MN_V4COA" "$LAB_HA4" mn-v4
pings ipv4
wire_stop
expect_wire "6in4 HA->MN" "$dir/v4-ha.pcap" "$(outer4 "$LAB_HA4" "$LAB_MN_V4COA") && ipv6.version == 6" \
	"$(exact4 41) && ipv6.dst == $LAB_MN_HOA6"
expect_wire "4in4 HA->MN" "$dir/v4-ha.pcap" "$(outer4 "$LAB_HA4" "$LAB_MN_V4COA") && ip.dst#2" \
	"$(exact4 4 inner4) && ip.dst#2 == $LAB_MN_HOA4"
expect_wire "6in4 MN->HA" "$dir/v4-mn.pcap" "$(outer4 "$LAB_MN_V4COA" "$LAB_HA4") && ipv6.version == 6" \
	"$(exact4 41) && ipv6.src == $LAB_MN_HOA6"
expect_wire "4in4 MN->HA" "$dir/v4-mn.pcap" "$(outer4 "$LAB_MN_V4COA" "$LAB_HA4") && ip.src#2" \
	"$(exact4 4 inner4) && ip.src#2 == $LAB_MN_HOA4"

echo "IPv4 care-of address, UDP 4191 (F flag):"
wire_start core c-ha "$dir/udp-ha.pcap"
wire_start v4net v4-mn "$dir/udp-mn.pcap"
use v4net udp4 "$LAB_MN_V4COA" "$LAB_HA4" mn-v4 $MN_PORT
pings udp4
wire_stop
expect_wire "6-UDP4 HA->MN" "$dir/udp-ha.pcap" "$(outer4 "$LAB_HA4" "$LAB_MN_V4COA") && ipv6.version == 6" \
	"$(exact4 17) && $(udp 4191 $MN_PORT) && ipv6.dst == $LAB_MN_HOA6" ipv6
expect_wire "4-UDP4 HA->MN" "$dir/udp-ha.pcap" "$(outer4 "$LAB_HA4" "$LAB_MN_V4COA") && ip.version#2 == 4" \
	"$(exact4 17 inner4) && $(udp 4191 $MN_PORT) && ip.dst#2 == $LAB_MN_HOA4" ip
expect_wire "6-UDP4 MN->HA" "$dir/udp-mn.pcap" "$(outer4 "$LAB_MN_V4COA" "$LAB_HA4") && ipv6.version == 6" \
	"$(exact4 17) && $(udp $MN_PORT 4191) && ipv6.src == $LAB_MN_HOA6" ipv6
expect_wire "4-UDP4 MN->HA" "$dir/udp-mn.pcap" "$(outer4 "$LAB_MN_V4COA" "$LAB_HA4") && ip.version#2 == 4" \
	"$(exact4 17 inner4) && $(udp $MN_PORT 4191) && ip.src#2 == $LAB_MN_HOA4" ip

echo "IPv6 care-of address, UDP 4191 (the last resort of RFC 5555 4.4.1):"
wire_start core c-ha "$dir/udp6-ha.pcap"
wire_start v6net v6-mn "$dir/udp6-mn.pcap"
use v6net udp6 "$LAB_MN_V6COA" "$LAB_HA6" mn-v6 $MN_PORT
pings udp6
wire_stop
expect_wire "6-UDP6 HA->MN" "$dir/udp6-ha.pcap" "$(outer6 "$LAB_HA6" "$LAB_MN_V6COA") && ipv6.version#2 == 6" \
	"$(exact6 17) && $(udp6 4191 $MN_PORT) && ipv6.dst#2 == $LAB_MN_HOA6" ipv6
expect_wire "4-UDP6 HA->MN" "$dir/udp6-ha.pcap" "$(outer6 "$LAB_HA6" "$LAB_MN_V6COA") && ip.version == 4" \
	"$(exact6 17) && $(udp6 4191 $MN_PORT) && ip.dst == $LAB_MN_HOA4" ip
expect_wire "6-UDP6 MN->HA" "$dir/udp6-mn.pcap" "$(outer6 "$LAB_MN_V6COA" "$LAB_HA6") && ipv6.version#2 == 6" \
	"$(exact6 17) && $(udp6 $MN_PORT 4191) && ipv6.src#2 == $LAB_MN_HOA6" ipv6
expect_wire "4-UDP6 MN->HA" "$dir/udp6-mn.pcap" "$(outer6 "$LAB_MN_V6COA" "$LAB_HA6") && ip.version == 4" \
	"$(exact6 17) && $(udp6 $MN_PORT 4191) && ip.src == $LAB_MN_HOA4" ip

echo "behind the NAT, UDP 4191 to the NAT's public address and port:"
wire_start core c-ha "$dir/nat-ha.pcap"
use natnet udp4 "$LAB_MN_NATCOA" "$LAB_HA4" mn-nat $MN_PORT "$LAB_NAT_PUBLIC"
pings nat mobile-node-first
wire_stop
# The NAT kept the mobile node's port (nothing else uses it): the binding's.
expect_wire "6-UDP4 HA->NAT" "$dir/nat-ha.pcap" "$(outer4 "$LAB_HA4" "$LAB_NAT_PUBLIC") && ipv6.version == 6" \
	"$(exact4 17) && $(udp 4191 $MN_PORT) && ipv6.dst == $LAB_MN_HOA6" ipv6
expect_wire "NAT->HA" "$dir/nat-ha.pcap" "$(outer4 "$LAB_NAT_PUBLIC" "$LAB_HA4") && ipv6.version == 6" \
	"ip.proto#1 == 17 && udp.dstport == 4191 && udp.srcport == $MN_PORT" ipv6

echo "nothing dropped as spoofed or malformed on the way:"
expect_eq "HA spoof drops" "0 0 0" "$(counter ha DROP_SPOOF_INNER) $(counter ha DROP_SPOOF_OUTER) $(counter ha DROP_MALFORMED)"
expect_eq "MN drops" "0 0" "$(counter mn DROP_NOT_HOME_AGENT) $(counter mn DROP_MALFORMED)"
[ "$(counter ha TC_ENCAP_XMIT)" -ge 1 ] && pass "first packets took the HA's TC path" || fail "TC_ENCAP_XMIT is 0"
