#!/usr/bin/env bash
# Traffic through the tunnels, end to end in the lab, with the data planes of
# a home agent and a mobile node and no kernel tunnel device: for each format
# the mobile node can use (IPv6 outer from the IPv6-only network, IPv4 and
# IPv4 + UDP 4191 from the IPv4 network), IPv6 and IPv4 pings between the
# correspondents and the mobile node's home addresses, in both directions.
# Bindings are written through the loader's binding API (selftests/tools/
# dpctl) until the signalling writes them itself.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/lab.sh"
source "$here/../lib/xmip.sh"
source "$here/../lib/assert.sh"
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

# The XDP fast path hands packets to the stack while no neighbour entry
# exists yet (that path is not handled yet): resolve them first.
warm() {
	lab_exec ha ping -6 -c1 -W1 2001:db8:1::1 >/dev/null || true
	lab_exec ha ping -c1 -W1 198.51.100.1 >/dev/null || true
	lab_exec cn6 ping -6 -c1 -W1 2001:db8:2::1 >/dev/null || true
	lab_exec cn4 ping -c1 -W1 198.51.100.17 >/dev/null || true
	lab_exec mn ping -6 -c1 -W1 2001:db8:10::1 >/dev/null 2>&1 || true
	lab_exec mn ping -c1 -W1 203.0.113.1 >/dev/null 2>&1 || true
}

# use NET FORMAT COA HA-ADDRESS IFNAME [PORT]
use() {
	local net=$1 format=$2 coa=$3 ha=$4 dev=$5 port=${6:-}
	lab_mn_use "$net"
	"$DPCTL" "$HA" ha-bind "$LAB_MN_HOA6" "$format" "$coa" "$ha" $port
	"$DPCTL" "$HA" ha-bind "$LAB_MN_HOA4" "$format" "$coa" "$ha" $port
	lab_exec mn "$DPCTL" "$MN" mn-tunnel "$format" "$coa" "$ha" "$dev" $port
	warm
}

counter() { "$XMIPCTL" -s "$dir/$1.sock" --json stats | jq ".counters[] | select(.name == \"$2\") | .value"; }

# pings NAME: both directions, both families, all answered.
pings() {
	local name=$1 enc dec
	enc=$(counter ha ENCAP_XMIT)
	dec=$(counter ha DECAP)
	lab_exec cn6 ping -6 -c 3 -i 0.2 -W 2 "$LAB_MN_HOA6" >/dev/null && pass "$name: CN6 -> HoA6" || fail "$name: CN6 -> HoA6"
	lab_exec cn4 ping -c 3 -i 0.2 -W 2 "$LAB_MN_HOA4" >/dev/null && pass "$name: CN4 -> HoA4" || fail "$name: CN4 -> HoA4"
	lab_exec mn ping -6 -c 3 -i 0.2 -W 2 -I "$LAB_MN_HOA6" "$LAB_CN6" >/dev/null && pass "$name: HoA6 -> CN6" || fail "$name: HoA6 -> CN6"
	lab_exec mn ping -c 3 -i 0.2 -W 2 -I "$LAB_MN_HOA4" "$LAB_CN4" >/dev/null && pass "$name: HoA4 -> CN4" || fail "$name: HoA4 -> CN4"
	# 12 packets each way went through the home agent's XDP tunnels.
	[ $(($(counter ha ENCAP_XMIT) - enc)) -ge 12 ] && pass "$name: HA encapsulated in XDP" || fail "$name: ENCAP_XMIT $enc -> $(counter ha ENCAP_XMIT)"
	[ $(($(counter ha DECAP) - dec)) -ge 12 ] && pass "$name: HA decapsulated in XDP" || fail "$name: DECAP $dec -> $(counter ha DECAP)"
}

echo "IPv6 care-of address (6in6, 4in6):"
use v6net ipv6 "$LAB_MN_V6COA" "$LAB_HA6" mn-v6
pings ipv6

echo "IPv4 care-of address (6in4, 4in4):"
use v4net ipv4 "$LAB_MN_V4COA" "$LAB_HA4" mn-v4
pings ipv4

echo "IPv4 care-of address, UDP 4191 (F flag):"
use v4net udp4 "$LAB_MN_V4COA" "$LAB_HA4" mn-v4 $MN_PORT
pings udp4

echo "nothing dropped as spoofed or malformed on the way:"
expect_eq "HA spoof drops" "0 0 0" "$(counter ha DROP_SPOOF_INNER) $(counter ha DROP_SPOOF_OUTER) $(counter ha DROP_MALFORMED)"
expect_eq "MN drops" "0 0" "$(counter mn DROP_NOT_HOME_AGENT) $(counter mn DROP_MALFORMED)"
