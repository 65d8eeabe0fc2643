#!/usr/bin/env bash
# Floods of BUs nobody may send, against xmipd with 3 000 mobile nodes:
# - 3 000 home addresses the home agent does not know, all at once
#   (bench/bu_load): XDP drops every one of them (its filter of configured
#   home addresses), counted; the agent sees none, and no state is kept,
#   not even XDP's record of how a BU came;
# - the configured nodes' own BUs replayed (sequence numbers they have
#   used, all at once): these reach the agent, which refuses them (135)
#   but answers and logs at its rate limit only (100 a second, as many at
#   once) and counts the rest;
# and afterwards the nodes register as if nothing had happened. How much a
# flood slows registrations is make bench's to measure, not this test's.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
root=$(cd "$here/../.." && pwd)
BUILD=${XMIP_BUILD:-$root/build}
source "$here/../lib/lab.sh"
source "$here/../lib/xmip.sh"
source "$here/../lib/topo/signal.sh"
NODES=3000
gen=xmipt-fgen-$$ ha=xmipt-fha-$$ instance=xmipt-flood-$$
work=$(mktemp -d /tmp/xmip-bu-flood.XXXXXX)
cleanup() {
	set +e
	bu_lab_teardown "$gen" "$ha" "$work"
}
trap cleanup EXIT

bu_lab_up "$gen" "$ha"
bu_lab_ha_conf $NODES "$instance" "$work" >"$work/ha.conf"
xmipd_start "$ha" "$work/ha.conf" "$work/ha.log"
load() {
	nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" -i gen0 -H 2001:db8:1::2 -c 2001:db8:ff00:: \
		-t 0.2 $(bu_lab_load_auth) "$@"
}
registrations() { "$BUILD/xmipctl" -s "$work/ha.sock" --json registrations; }
counter() {
	"$BUILD/xmipctl" -s "$work/ha.sock" --json stats | jq --arg n "$1" '.counters[] | select(.name == $n) | .value'
}
sent_by() { jq '.register.bus + .refresh.bus' "$1"; }

echo "a flood from home addresses nobody configured:"
# (From 2001:db8:100::5:0 on: none of them configured. Every BU at once: a
# window as large as the flood.)
load -6 2001:db8:100::5:0 -4 10.200.0.0 -n 3000 -w 3000 >"$work/unknown.json"
expect_eq "none accepted, none answered" "0 0" \
	"$(jq -r '"\(.register.accepted) \(.register.refused + .refresh.refused)"' "$work/unknown.json")"
# (bu_load sends a BU again for a node whose BU went unanswered.)
expect_eq "every one of its BUs dropped in XDP, counted" "$(sent_by "$work/unknown.json")" \
	"$(counter DROP_UNKNOWN_HOME)"
expect_eq "none reached the agent" "0 0" "$(registrations | jq -r '"\(.bus_refused) \(.registrations | length)"')"
expect_eq "no record of how they came (xmip_sig_seen)" 0 \
	"$(bpftool -j map dump pinned "/sys/fs/bpf/xmip/$instance/xmip_sig_seen" | jq length)"

echo "the nodes register, then their BUs are replayed:"
# (At bu_load's own window: all 3 000 at once would overflow the agent's
# socket buffer under emulation, and the lost would have to be sent again.)
# (From sequence number 30000: the replay's numbers, 1 and up, stay behind
# it even as bu_load sends unanswered BUs again, each with the next number,
# as a mobile node does.)
load -6 2001:db8:100::1:0 -4 10.0.0.0 -n $NODES -s 30000 >"$work/legit.json"
expect_eq "$NODES registered, none lost, none refused" "$NODES 0 0" \
	"$(jq -r '"\(.register.accepted) \(.register.lost) \(.register.refused)"' "$work/legit.json")"
before=$(registrations | jq -c '[.registrations[] | del(.expires_in)]')
start=$(date +%s%N)
load -6 2001:db8:100::1:0 -4 10.0.0.0 -n $NODES -w 3000 -s 1 >"$work/replay.json"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
reg=$(registrations)
refused=$(jq .bus_refused <<<"$reg")
unanswered=$(jq .refusals_unanswered <<<"$reg")
answered=$((refused - unanswered))
sent=$(sent_by "$work/replay.json")
expect_eq "the replay: none accepted" 0 "$(jq .register.accepted "$work/replay.json")"
expect_eq "the home agent saw most of the $sent BUs and refused them (a socket buffer may overflow)" yes \
	"$([ "$refused" -ge $((sent * 2 / 3)) ] && [ "$refused" -le "$sent" ] && echo yes || echo "no ($refused)")"
expect_eq "at most 100 answers, and 100 a second after, in ${elapsed_ms} ms" yes \
	"$([ "$answered" -le $((100 + 100 * elapsed_ms / 1000 + 1)) ] && echo yes || echo "no ($answered)")"
expect_eq "no binding moved: the cache as before the replay" "$(sha256sum <<<"$before")" \
	"$(jq -c '[.registrations[] | del(.expires_in)]' <<<"$reg" | sha256sum)"
expect_match "the unanswered summed up in the log, not one line each" \
	'refused BUs left unanswered in the last second \(at most 100 answers a second\)' "$(cat "$work/ha.log")"
lines=$(grep -c ' refused: ' "$work/ha.log" || true)
expect_eq "a log line per answered refusal only ($lines)" "$answered" "$lines"

echo "the home agent's own nodes afterwards:"
load -6 2001:db8:100::1:0 -4 10.0.0.0 -n 10 -s 40000 >"$work/after.json"
expect_eq "10 refreshed, none lost, none refused" "10 0 0" \
	"$(jq -r '"\(.register.accepted) \(.register.lost) \(.register.refused)"' "$work/after.json")"
expect_eq "$NODES bindings in the cache" $NODES "$(registrations | jq '.registrations | length')"
