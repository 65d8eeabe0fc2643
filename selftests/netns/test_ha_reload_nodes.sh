#!/usr/bin/env bash
# The home agent's mobile nodes change with a reload (SIGHUP), since its
# binding cache knows them by identity (id and home address), not by their
# place in the list: with 10 nodes registered (bench/bu_load, in the
# signalling lab), a new list drops nodes 0-4 and adds 10-14. The dropped
# lose their bindings (the data plane's too) and are refused after; the
# kept keep theirs untouched; the new ones register; a restart finds the
# new list's bindings in the state file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
root=$(cd "$here/../.." && pwd)
BUILD=${XMIP_BUILD:-$root/build}
source "$here/../lib/lab.sh"
source "$here/../lib/xmip.sh"
source "$here/../lib/topo/signal.sh"
gen=xmipt-rgen-$$ ha=xmipt-rha-$$ instance=xmipt-reload-$$
work=$(mktemp -d /tmp/xmip-reload-nodes.XXXXXX)
cleanup() {
	set +e
	bu_lab_teardown "$gen" "$ha" "$work"
}
trap cleanup EXIT

# conf FIRST LAST: nodes FIRST..LAST as bu_load numbers them.
conf() {
	xmip_conf_home_agent instance="$instance" socket="$work/ha.sock" max_bindings=64 \
		home_link=home0 uplinks='"up0"' address6=2001:db8:1::2 address4=198.51.100.2 \
		home_prefix6=2001:db8:100::/64 home_prefix4=10.0.0.0/8 \
		extra="  bu_protection = \"rfc4285\"; $(bu_lab_keys $(($2 + 1)) "$work/ha.keys")
  state_file = \"$work/ha.state\";" \
		nodes="$(xmip_conf_numbered_nodes $(($2 + 1)) | sed -n "$(($1 + 1)),\$p")" >"$work/ha.conf"
}
load() {
	nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" -i gen0 -H 2001:db8:1::2 -c 2001:db8:ff00:: \
		-6 2001:db8:100::1:0 -4 10.0.0.0 -t 0.2 $(bu_lab_load_auth) "$@"
}
registered() { "$BUILD/xmipctl" -s "$work/ha.sock" --json registrations | jq -r '[.registrations[].id] | sort_by(ltrimstr("mn") | split("@")[0] | tonumber) | join(" ")'; }
bound() { "$BUILD/xmipctl" -s "$work/ha.sock" --json bindings | jq -r '[.bindings[].home] | length'; }

bu_lab_up "$gen" "$ha"
conf 0 9
xmipd_start "$ha" "$work/ha.conf" "$work/ha.log"
load -n 10 -s 100 >"$work/first.json"
expect_eq "10 nodes registered" "10 0" "$(jq -r '"\(.register.accepted) \(.register.refused)"' "$work/first.json")"
before=$("$BUILD/xmipctl" -s "$work/ha.sock" --json registrations | jq -c '[.registrations[] | select(.id == "mn7@bench") | del(.expires_in)]')

echo "reload: nodes 0-4 go, 10-14 come:"
conf 5 14
kill -HUP "$XMIPD_PID"
lab_wait "the reload" 20 grep -q "reload: 5 mobile node(s) no longer served, 5 new" "$work/ha.log"
expect_eq "the kept nodes' registrations only" "mn5@bench mn6@bench mn7@bench mn8@bench mn9@bench" "$(registered)"
expect_eq "their IPv6 and IPv4 bindings only in the data plane" 10 "$(bound)"
expect_eq "a kept node's binding untouched" "$before" \
	"$("$BUILD/xmipctl" -s "$work/ha.sock" --json registrations | jq -c '[.registrations[] | select(.id == "mn7@bench") | del(.expires_in)]')"

echo "the nodes register again:"
load -n 15 -s 30000 >"$work/second.json"
expect_eq "10 of 15 accepted (5-14), 5 refused (0-4, not served)" "10 5" \
	"$(jq -r '"\(.register.accepted) \(.register.refused)"' "$work/second.json")"
expect_eq "the new list's nodes registered" \
	"mn5@bench mn6@bench mn7@bench mn8@bench mn9@bench mn10@bench mn11@bench mn12@bench mn13@bench mn14@bench" \
	"$(registered)"

echo "a restart finds them in the state file:"
kill -KILL "$XMIPD_PID"
wait "$XMIPD_PID" 2>/dev/null || true
xmipd_start "$ha" "$work/ha.conf" "$work/ha2.log"
expect_match "restored" "10 binding\(s\) restored" "$(cat "$work/ha2.log")"
expect_eq "the same registrations" \
	"mn5@bench mn6@bench mn7@bench mn8@bench mn9@bench mn10@bench mn11@bench mn12@bench mn13@bench mn14@bench" \
	"$(registered)"
