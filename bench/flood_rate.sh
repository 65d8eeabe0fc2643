#!/usr/bin/env bash
# Registrations under a flood (a flood of BUs nobody may send must not
# slow the nodes the home agent serves measurably): xmipd with N mobile nodes (pinned to one core, as in
# bench/bu_rate.sh); the N nodes register (bench/bu_load) alone, then again
# (deregistered in between by a restart with fresh state) while a second
# bu_load floods with FLOOD home addresses the agent does not know, all at
# once and again as fast as they go unanswered. Prints one JSON object: the
# registrations per second alone and under the flood, and their ratio.
#   bench/flood_rate.sh N FLOOD SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
source selftests/lib/lab.sh
source selftests/lib/xmip.sh
source selftests/lib/topo/signal.sh
n=$1 flood=$2 secs=$3
gen=xmipb-fgen-$$ ha=xmipb-fha-$$
work=$(mktemp -d /tmp/xmip-flood-rate.XXXXXX)
cleanup() {
	set +e
	[ -n "${flood_pid:-}" ] && kill "$flood_pid" 2>/dev/null && wait "$flood_pid" 2>/dev/null
	bu_lab_teardown "$gen" "$ha" "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

bu_lab_up "$gen" "$ha"
bu_lab_ha_conf "$n" "xmipb-flood-$$" "$work" "state_file = \"$work/ha.state\";" >"$work/ha.conf"
in_gen() { nsenter --net="/run/netns/$gen" "$@"; }
start_agent() {
	xmipd_start "$ha" "$work/ha.conf" "$work/ha-$1.log"
	taskset -p -c 1 "$XMIPD_PID" >/dev/null
}
# register NAME: the N nodes register once, then refresh for SECONDS;
# the agent stopped after, its state removed (the next run starts fresh).
register() {
	taskset -c 0 nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" -i gen0 -H 2001:db8:1::2 $(bu_lab_load_auth) \
		-6 2001:db8:100::1:0 -4 10.0.0.0 -c 2001:db8:ff00:: -n "$n" -t "$secs" \
		-p "$XMIPD_PID" >"$work/$1.json"
	"$BUILD/xmipctl" -s "$work/ha.sock" --json registrations >"$work/$1-agent.json"
	"$BUILD/xmipctl" -s "$work/ha.sock" --json stats >"$work/$1-stats.json"
	xmipd_stop_cleanup "$ha" "$work/ha.conf"
	rm -f "$work/ha.state"
}
start_agent alone
register alone
# The flood: unknown home addresses (from 2001:db8:100::5:0 on), the whole
# window at once, and again each time they go unanswered, for as long as
# the measurement runs.
start_agent flooded
taskset -c 0 nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" -i gen0 -H 2001:db8:1::2 \
	-6 2001:db8:100::5:0 -4 10.200.0.0 -c 2001:db8:ff80:: -n "$flood" -w "$flood" -t 600 \
	>/dev/null 2>&1 &
flood_pid=$!
sleep 0.3
register flooded
kill "$flood_pid" 2>/dev/null; wait "$flood_pid" 2>/dev/null || true; flood_pid=
jq -n --slurpfile a "$work/alone.json" --slurpfile f "$work/flooded.json" \
	--slurpfile fa "$work/flooded-agent.json" --slurpfile fs "$work/flooded-stats.json" \
	--argjson flood "$flood" '
	{nodes: $a[0].nodes, flood_nodes: $flood,
	 alone: {registrations_per_s: $a[0].register.ba_per_s, refreshes_per_s: $a[0].refresh.ba_per_s,
	         lost: ($a[0].register.lost + $a[0].refresh.lost)},
	 flooded: {registrations_per_s: $f[0].register.ba_per_s, refreshes_per_s: $f[0].refresh.ba_per_s,
	           lost: ($f[0].register.lost + $f[0].refresh.lost),
	           dropped_in_xdp: ($fs[0].counters[] | select(.name == "DROP_UNKNOWN_HOME") | .value),
	           refused_by_agent: $fa[0].bus_refused, unanswered: $fa[0].refusals_unanswered},
	 registrations_ratio: ($f[0].register.ba_per_s / $a[0].register.ba_per_s),
	 refreshes_ratio: ($f[0].refresh.ba_per_s / $a[0].refresh.ba_per_s)}'
