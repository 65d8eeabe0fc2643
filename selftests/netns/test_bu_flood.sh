#!/usr/bin/env bash
# A flood of BUs nobody may send: 3 000 home addresses the home agent does
# not know, all at once (bench/bu_load), against xmipd with 10 mobile nodes.
# The home agent answers refusals at its rate limit only (100 a second, as
# many at once), counts the rest, keeps no state for any of them, and
# afterwards registers its own 10 nodes as if nothing had happened. How much
# a flood slows registrations is make bench's to measure, not this test's.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
root=$(cd "$here/../.." && pwd)
BUILD=${XMIP_BUILD:-$root/build}
source "$root/bench/xmipd.sh"
source "$root/bench/bu_lab.sh"
gen=xmipt-fgen-$$ ha=xmipt-fha-$$
work=$(mktemp -d /tmp/xmip-bu-flood.XXXXXX)
cleanup() {
	set +e
	bench_xmipd_stop "$ha" "$work/ha.conf"
	bu_lab_down "$gen" "$ha"
	rm -rf "$work"
}
trap cleanup EXIT

bu_lab_up "$gen" "$ha"
bench_ha_config 10 "xmipt-flood-$$" "$work" "allow_unprotected_bu = true;" >"$work/ha.conf"
bench_xmipd "$ha" "$work/ha.conf" "$work/ha.log"
load() {
	nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" -i gen0 -H 2001:db8:1::2 -c 2001:db8:ff00:: \
		-t 0.2 "$@"
}
registrations() { "$BUILD/xmipctl" -s "$work/ha.sock" --json registrations; }

echo "the flood:"
start=$(date +%s%N)
# (Nodes from 2001:db8:100::5:0 on: none of them configured. Every BU at
# once: a window as large as the flood.)
load -6 2001:db8:100::5:0 -4 10.200.0.0 -n 3000 -w 3000 >"$work/flood.json"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
reg=$(registrations)
refused=$(jq .bus_refused <<<"$reg")
unanswered=$(jq .refusals_unanswered <<<"$reg")
answered=$((refused - unanswered))
expect_eq "the flood: none accepted" 0 "$(jq .register.accepted "$work/flood.json")"
# (bu_load sends a BU again for a node whose BU went unanswered.)
sent=$(jq '.register.bus + .refresh.bus' "$work/flood.json")
expect_eq "the home agent saw most of the $sent BUs and refused them (a socket buffer may overflow)" yes \
	"$([ "$refused" -ge $((sent * 2 / 3)) ] && [ "$refused" -le "$sent" ] && echo yes || echo "no ($refused)")"
expect_eq "at most 100 answers, and 100 a second after, in ${elapsed_ms} ms" yes \
	"$([ "$answered" -le $((100 + 100 * elapsed_ms / 1000 + 1)) ] && echo yes || echo "no ($answered)")"
expect_eq "the answers the flood got are the ones counted answered" "$answered" \
	"$(jq '.register.refused + .refresh.refused' "$work/flood.json")"
expect_eq "no state: no registration" 0 "$(jq '.registrations | length' <<<"$reg")"
expect_match "the unanswered summed up in the log, not one line each" \
	'refused BUs left unanswered in the last second \(at most 100 answers a second\)' "$(cat "$work/ha.log")"
lines=$(grep -c ' refused: ' "$work/ha.log" || true)
expect_eq "a log line per answered refusal only ($lines)" "$answered" "$lines"

echo "the home agent's own nodes afterwards:"
load -6 2001:db8:100::1:0 -4 10.0.0.0 -n 10 >"$work/legit.json"
expect_eq "10 registered, none lost, none refused" "10 0 0" \
	"$(jq -r '"\(.register.accepted) \(.register.lost) \(.register.refused)"' "$work/legit.json")"
expect_eq "10 bindings in the cache" 10 "$(registrations | jq '.registrations | length')"
