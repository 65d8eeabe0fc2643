#!/usr/bin/env bash
# Fault: the NAT in front of the mobile node forgets its mapping (its
# connection tracking flushed, as a NAT reboot or a mapping timeout does).
# The mobile node's next BU, its NAT keepalive (every 3 s: the home agent's
# nat_keepalive here), comes through a new mapping, and the home agent moves
# the binding to the new port: traffic to the home address follows. Data
# from the new port alone would not have moved it (test_hostile).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"

dir=$(mktemp -d /tmp/xmip-fault-nat.XXXXXX)
lab_up
lab_on_down "rm -rf $dir"
XMIP_SIGNALLING=true XMIP_HA_NAT_KEEPALIVE=3 xmip_write_configs "$dir"
lab_mn_use natnet
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
xmip_start mn "$dir/mn.conf" "$dir/mn.log"
xmip_registered udp4 "$LAB_MN_NATCOA"
via=$(xmip_ha_via)
expect_match "the home agent binds the NAT's address and port" "^udp4 $LAB_NAT_PUBLIC port [0-9]+ \\(NAT\\)$" "$via"
old_port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' <<<"$via")
xmip_ping_all "CN4 -> HoA4 through the NAT" cn4 "$LAB_MN_HOA4"

# New mappings from a port range the old one is not in: the move is
# certain to show.
lo=20000
[ "$old_port" -ge 20000 ] && [ "$old_port" -lt 20100 ] && lo=30000
lab_exec natnet nft flush chain ip xmip_nat post
lab_exec natnet nft add rule ip xmip_nat post oifname nat-up meta l4proto udp masquerade to ":$lo-$((lo + 99))"
lab_exec natnet nft add rule ip xmip_nat post oifname nat-up masquerade
lab_exec natnet conntrack -F 2>/dev/null
pass "the NAT forgot its mappings (port $old_port); new ones from $lo-$((lo + 99))"

moved() {
	local port
	port=$(xmip_ha_via | sed -n 's/.* port \([0-9]*\) .*/\1/p')
	[ -n "$port" ] && [ "$port" -ge "$lo" ] && [ "$port" -le $((lo + 99)) ]
}
# (The keepalive is due within 3 s; a lost one is sent again.)
lab_wait "the binding on the new port" 15 moved ||
	fail "the binding did not move: the home agent binds $(xmip_ha_via)"
pass "the home agent moved the binding: $(xmip_ha_via)"
expect_eq "the mobile node still registered through the NAT" "registered udp4 $LAB_MN_NATCOA" "$(xmip_mn_state)"
xmip_ping_all "CN4 -> HoA4 through the new mapping" cn4 "$LAB_MN_HOA4"
xmip_ping_all "CN6 -> HoA6 through the new mapping" cn6 -6 "$LAB_MN_HOA6"
