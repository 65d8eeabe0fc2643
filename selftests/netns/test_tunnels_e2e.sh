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
# stock-kernel: 6.1's XDP_TX/redirect into veth and TC helpers on every tunnel format
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"
MN_PORT=40001

dir=$(mktemp -d /tmp/xmip-e2e.XXXXXX)
xmip_tunnel_lab "$dir"

counter() { xmip_counter "$@"; }
encapsulated() { echo $(($(counter ha ENCAP_XMIT) + $(counter ha TC_ENCAP_XMIT))); }


# pings NAME [MN-FIRST]: both directions, both families, and the home
# host; behind a NAT the mobile node speaks first (it opens the mapping).
pings() {
	local name=$1 enc dec
	enc=$(encapsulated)
	dec=$(counter ha DECAP)
	if [ -n "${2:-}" ]; then
		xmip_ping_all "$name: HoA6 -> CN6" mn -6 -I "$LAB_MN_HOA6" "$LAB_CN6"
		xmip_ping_all "$name: HoA4 -> CN4" mn -I "$LAB_MN_HOA4" "$LAB_CN4"
	fi
	xmip_ping_all "$name: CN6 -> HoA6" cn6 -6 "$LAB_MN_HOA6"
	xmip_ping_all "$name: CN4 -> HoA4" cn4 "$LAB_MN_HOA4"
	if [ -z "${2:-}" ]; then
		xmip_ping_all "$name: HoA6 -> CN6" mn -6 -I "$LAB_MN_HOA6" "$LAB_CN6"
		xmip_ping_all "$name: HoA4 -> CN4" mn -I "$LAB_MN_HOA4" "$LAB_CN4"
	fi
	xmip_ping_all "$name: home link host -> HoA6" home -6 "$LAB_MN_HOA6"
	xmip_ping_all "$name: home link host -> HoA4" home "$LAB_MN_HOA4"
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

# check_direction WHAT FILE FORMAT SRC DST SPORT DPORT src|dst: the tunnelled
# packets from SRC to DST in FILE, for both inner families, field by field:
# outer addresses; next header 41, 4 or 17 (UDP 4191, ports SPORT -> DPORT,
# checksum 0 over IPv4 and verified over IPv6, length right); TTL 64; over
# IPv4 DF (copied from an IPv4 inner packet, always for IPv6) and a good
# header checksum; the inner packet's home address as its source or
# destination. tshark counts layers: an inner header of the outer's family
# is the second of its kind.
check_direction() {
	local what=$1 file=$2 format=$3 src=$4 dst=$5 sport=$6 dport=$7 end=$8
	local v6=0 udp=0 fam k proto outer exact hoa as name
	case $format in ipv6|udp6) v6=1 ;; esac
	case $format in udp4|udp6) udp=1 ;; esac
	for fam in 6 4; do
		k=""
		[ "$fam" = 6 ] && [ $v6 = 1 ] && k="#2"
		[ "$fam" = 4 ] && [ $v6 = 0 ] && k="#2"
		if [ $v6 = 1 ]; then outer="ipv6.src#1 == $src && ipv6.dst#1 == $dst"
		else outer="ip.src#1 == $src && ip.dst#1 == $dst"; fi
		if [ "$fam" = 6 ]; then
			outer="$outer && ipv6.version$k == 6"; hoa="ipv6.$end$k == $LAB_MN_HOA6"; proto=41; as=ipv6
		else
			outer="$outer && ip.version$k == 4"; hoa="ip.$end$k == $LAB_MN_HOA4"; proto=4; as=ip
		fi
		[ $udp = 1 ] && proto=17 || as=""
		if [ $v6 = 1 ]; then
			exact="ipv6.nxt#1 == $proto && ipv6.hlim#1 == 64"
			[ $udp = 1 ] && exact="$exact && udp.checksum.status == 1 && udp.length == ipv6.plen#1"
		else
			exact="ip.proto#1 == $proto && ip.ttl#1 == 64 && ip.checksum.status#1 == 1"
			if [ "$fam" = 4 ]; then exact="$exact && ip.flags.df#1 == ip.flags.df#2"
			else exact="$exact && ip.flags.df#1 == 1"; fi
			[ $udp = 1 ] && exact="$exact && udp.checksum == 0 && udp.length == ip.len#1 - 20"
		fi
		[ $udp = 1 ] && exact="$exact && udp.srcport == $sport && udp.dstport == $dport"
		name="$fam-in-$format $what"
		expect_wire "$name" "$file" "$outer" "$exact && $hoa" "$as"
	done
}

# tunnel NAME NET FORMAT COA HA-ADDRESS IFNAME [PORT [SEEN-AS CAPTURE-NODE
# CAPTURE-IFACE]]: the mobile node on NET with FORMAT, the pings, and the
# wire checks of both directions (what the HA sent, captured where core
# receives it; what the MN sent, captured where its access router receives
# it). Under emulation (XMIP_IN_VM) tshark takes minutes per file: the wire
# checks run on the host tier only, the byte-exact BPF tests run in both.
tunnel() {
	local name=$1 net=$2 format=$3 coa=$4 ha=$5 dev=$6 port=${7:-} seen=${8:-$4}
	local node=${9:-$net} ifc=${10:-} first="" sp=4191 mp=$port
	[ -n "$ifc" ] || case $net in v6net) ifc=v6-mn ;; v4net) ifc=v4-mn ;; esac
	[ "$net" = natnet ] && first=mobile-node-first
	[ -n "$port" ] || { sp=0; mp=0; }
	if [ -z "${XMIP_IN_VM:-}" ]; then
		wire_start core c-ha "$dir/$name-ha.pcap"
		wire_start "$node" "$ifc" "$dir/$name-mn.pcap"
	fi
	xmip_use "$net" "$format" "$coa" "$ha" "$dev" $port $seen
	pings "$name" $first
	if [ -n "${XMIP_IN_VM:-}" ]; then
		echo "  (wire checks: host tier only)"
		return
	fi
	wire_stop
	check_direction "HA->MN ($name)" "$dir/$name-ha.pcap" "$format" "$ha" "$seen" $sp $mp dst
	check_direction "MN->HA ($name)" "$dir/$name-mn.pcap" "$format" "$coa" "$ha" $mp $sp src
}

echo "IPv6 care-of address (6in6, 4in6):"
tunnel ipv6 v6net ipv6 "$LAB_MN_V6COA" "$LAB_HA6" mn-v6
echo "IPv4 care-of address (6in4, 4in4):"
tunnel ipv4 v4net ipv4 "$LAB_MN_V4COA" "$LAB_HA4" mn-v4
echo "IPv4 care-of address, UDP 4191 (F flag):"
tunnel udp4 v4net udp4 "$LAB_MN_V4COA" "$LAB_HA4" mn-v4 $MN_PORT
echo "IPv6 care-of address, UDP 4191 (the last resort of RFC 5555 4.4.1):"
tunnel udp6 v6net udp6 "$LAB_MN_V6COA" "$LAB_HA6" mn-v6 $MN_PORT
echo "behind the NAT, UDP 4191 to the NAT's public address and port (the NAT"
echo "keeps the mobile node's port: nothing else uses it):"
tunnel nat natnet udp4 "$LAB_MN_NATCOA" "$LAB_HA4" mn-nat $MN_PORT "$LAB_NAT_PUBLIC" natnet nat-mn

echo "nothing dropped as spoofed or malformed on the way:"
expect_eq "HA spoof drops" "0 0 0" "$(counter ha DROP_SPOOF_INNER) $(counter ha DROP_SPOOF_OUTER) $(counter ha DROP_MALFORMED)"
expect_eq "MN drops" "0 0" "$(counter mn DROP_NOT_HOME_AGENT) $(counter mn DROP_MALFORMED)"
[ "$(counter ha TC_ENCAP_XMIT)" -ge 1 ] && pass "first packets took the HA's TC path" || fail "TC_ENCAP_XMIT is 0"
