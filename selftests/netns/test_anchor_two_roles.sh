#!/usr/bin/env bash
# One xmipd running a home agent and an LMA at once (role = [ "home-agent",
# "lma" ], one address, one anchor data plane): in the signalling lab
# (selftests/lib/topo/signal.sh) bench/bu_load registers 100 mobile nodes
# (home registrations, RFC 5555, signed with RFC 4285) and, as a MAG, 100
# hosts (proxy registrations, RFC 5213/5844, signed with the MAG's key).
# Both raw sockets see every message; each role answers its own kind and
# leaves the other's alone: every BU accepted once, none refused, none
# dropped by the other role; each binding cache holds its own; the one
# IPv4 binding map holds both kinds of home address.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
root=$(cd "$here/../.." && pwd)
BUILD=${XMIP_BUILD:-$root/build}
source "$here/../lib/lab.sh"
source "$here/../lib/xmip.sh"
source "$here/../lib/topo/signal.sh"
N=100
gen=xmipt-2gen-$$ ha=xmipt-2ha-$$
work=$(mktemp -d /tmp/xmip-two-roles.XXXXXX)
trap 'bu_lab_teardown "$gen" "$ha" "$work"' EXIT

bu_lab_up "$gen" "$ha"
# The home agent's configuration, the LMA's section after it.
bu_lab_ha_conf $N "xmipt-2roles-$$" "$work" "state_file = \"$work/ha.state\";" |
	sed 's/^role = "home-agent";/role = [ "home-agent", "lma" ];/; s/max_bindings = [0-9]*/max_bindings = 1024/' >"$work/ha.conf"
bu_lab_lma_conf $N "xmipt-2roles-$$" "$work" | sed -n '/^lma = {/,$p' >>"$work/ha.conf"
xmipd_start "$ha" "$work/ha.conf" "$work/ha.log"

load() { nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" "$@" -H 2001:db8:1::2 -n $N -t 0.3 -a "$BU_LAB_KEY"; }
out=$(load -i gen0 -6 2001:db8:100::1:0 -4 10.0.0.0 -c 2001:db8:ff00::)
expect_eq "home registrations: $N accepted, none refused or lost" "$N 0 0" \
	"$(jq -r '"\(.register.accepted) \(.register.refused + .refresh.refused) \(.register.lost + .refresh.lost)"' <<<"$out")"
out=$(load -P 2001:db8:1::1)
expect_eq "proxy registrations: $N accepted, none refused or lost" "$N 0 0" \
	"$(jq -r '"\(.register.accepted) \(.register.refused + .refresh.refused) \(.register.lost + .refresh.lost)"' <<<"$out")"
reg() { "$BUILD/xmipctl" -s "$work/ha.sock" --json registrations "$1"; }
expect_eq "the home agent's cache: $N nodes, nothing refused" "$N 0 0" \
	"$(reg home-agent | jq -r '"\(.registrations | length) \(.bus_refused) \(.bus_auth_failed)"')"
expect_eq "the LMA's cache: $N hosts, nothing refused or dropped" "$N 0 0 {}" \
	"$(reg lma | jq -c -r '"\(.registrations | length) \(.pbus_refused) \(.pbus_auth_failed) \(.messages_dropped)"')"
bindings=$("$BUILD/xmipctl" -s "$work/ha.sock" --json bindings)
expect_eq "one IPv4 binding map: the nodes' and the hosts' home addresses" "$N $N" \
	"$(jq -r '[.bindings[].home] | "\(map(select(startswith("10.0."))) | length) \(map(select(startswith("10.128."))) | length)"' <<<"$bindings")"
expect_eq "neither role logged the other's messages as dropped" "" "$(grep -E 'message.* dropped|refus' "$work/ha.log" || true)"
