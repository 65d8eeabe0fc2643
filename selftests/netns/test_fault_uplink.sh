#!/usr/bin/env bash
# Fault: the home agent's uplink goes down for 30 s. Its bindings live out
# their lifetime (8 s here, the home agent's max_lifetime) and are removed,
# data plane included; the mobile node's BUs go unanswered meanwhile and it
# backs off (1, 2, 4 ... 32 s). Once the uplink is back, its next BU
# registers it again, and traffic flows through the tunnel.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"

dir=$(mktemp -d /tmp/xmip-fault-uplink.XXXXXX)
lab_up
lab_on_down "rm -rf $dir"
XMIP_SIGNALLING=true XMIP_HA_EXTRA="max_lifetime = 8;" xmip_write_configs "$dir"
lab_mn_use v6net
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
xmip_start mn "$dir/mn.conf" "$dir/mn.log"
xmip_registered ipv6 "$LAB_MN_V6COA"
expect_eq "the home agent grants its maximum lifetime" 8 \
	"$("$XMIPCTL" -s "$dir/ha.sock" --json registrations | jq '.registrations[0].lifetime')"

bindings() { "$XMIPCTL" -s "$dir/ha.sock" --json bindings | jq '.bindings | length'; }
registrations() { "$XMIPCTL" -s "$dir/ha.sock" --json registrations | jq '.registrations | length'; }

echo "uplink down:"
down_at=$(date +%s)
lab_exec ha ip link set ha-up down
lab_wait "the binding's lifetime over at the home agent" 20 \
	sh -c "[ \"\$('$XMIPCTL' -s '$dir/ha.sock' --json registrations | jq '.registrations | length')\" = 0 ]" ||
	fail "the home agent kept the binding: $(registrations) registration(s)"
expect_eq "the data plane's bindings removed with it" 0 "$(bindings)"
expect_match "the home agent says why" 'binding lifetime over, removed' "$(cat "$dir/ha.log")"
sleep $((30 - ($(date +%s) - down_at)))

echo "uplink up again, after $(($(date +%s) - down_at)) s:"
lab_exec ha ip link set ha-up up
# (A link going down takes its routes with it.)
lab_route ha default via 2001:db8:1::1
lab_route ha default via 198.51.100.1
expect_match "the mobile node's BUs went unanswered meanwhile, backing off" \
	'\(try [4-9], next in (8|16|32) s\)' "$(grep 'BU [0-9]* sent from' "$dir/mn.log" | tail -3)"
# Its next BU comes within its longest back-off (32 s).
lab_wait "the mobile node registered again" 45 \
	sh -c "[ \"\$('$XMIPCTL' -s '$dir/mn.sock' --json registrations | jq -r .state)\" = registered ] &&
	       [ \"\$('$XMIPCTL' -s '$dir/ha.sock' --json registrations | jq '.registrations | length')\" = 1 ]" ||
	fail "not registered again: mobile node says '$(xmip_mn_state)'"
pass "registered again $(($(date +%s) - down_at)) s after the uplink went down"
expect_eq "the data plane has the binding again (IPv6 and IPv4 home address)" 2 "$(bindings)"
xmip_ping_all "CN6 -> HoA6 through the tunnel" cn6 -6 "$LAB_MN_HOA6"
