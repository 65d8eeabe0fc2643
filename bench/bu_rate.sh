#!/usr/bin/env bash
# Signalling rate (benchmark issue, item 4): for each N, xmipd as home agent
# with N mobile nodes configured (no IPsec: allow_unprotected_bu) and
# bench/bu_load in a namespace on its uplink speaking for all N at once:
# every node registers, then refreshes for SECONDS. The agent runs pinned to
# one core and the generator to the other, so what the agent sustains is not
# shared with the load. Prints {"runs": [bu_load's JSON per N]}.
#   bench/bu_rate.sh SECONDS N...
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
source bench/xmipd.sh
secs=$1
shift
gen=xmipb-bugen-$$ ha=xmipb-buha-$$
work=$(mktemp -d /tmp/xmip-bu-rate.XXXXXX)

cleanup() {
	set +e
	bench_xmipd_stop "$ha" "$work/ha.conf"
	ip netns del "$gen" 2>/dev/null
	ip netns del "$ha" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ip netns add "$gen"
ip netns add "$ha"
ip -n "$ha" link add home0 type veth peer name homepeer
ip -n "$ha" link add up0 type veth peer name gen0 netns "$gen"
for l in lo home0 homepeer up0; do ip -n "$ha" link set "$l" up; done
ip -n "$gen" link set lo up
ip -n "$gen" link set gen0 up
ip -n "$ha" addr add 2001:db8:1::2/64 dev up0 nodad
ip -n "$ha" addr add 198.51.100.2/24 dev up0
ip -n "$gen" addr add 2001:db8:1::1/64 dev gen0 nodad
# The care-of addresses are out there, behind the generator; no neighbour
# discovery in the measurement.
ip -n "$ha" -6 route add 2001:db8:ff00::/40 via 2001:db8:1::1 dev up0
ip -n "$gen" -6 neigh replace 2001:db8:1::2 lladdr "$(ip -n "$ha" -br link show up0 | awk '{print $3}')" dev gen0 nud permanent
ip -n "$ha" -6 neigh replace 2001:db8:1::1 lladdr "$(ip -n "$gen" -br link show gen0 | awk '{print $3}')" dev up0 nud permanent

for n in "$@"; do
	bench_ha_config "$n" "xmipb-bu-$$" "$work" "allow_unprotected_bu = true;" >"$work/ha.conf"
	bench_xmipd "$ha" "$work/ha.conf" "$work/ha.log"
	pid=$BENCH_XMIPD_PID
	taskset -p -c 1 "$pid" >/dev/null
	taskset -c 0 nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" -i gen0 -H 2001:db8:1::2 \
		-6 2001:db8:100::1:0 -4 10.0.0.0 -c 2001:db8:ff00:: -n "$n" -t "$secs" -p "$pid" \
		${BU_WINDOW:+-w $BU_WINDOW} >"$work/run-$n.json"
	jq -r '"  \(.nodes) nodes: \(.register.ba_per_s) registrations/s, \(.refresh.ba_per_s) refreshes/s"' \
		"$work/run-$n.json" >&2
	bench_xmipd_stop "$ha" "$work/ha.conf"
done
for n in "$@"; do cat "$work/run-$n.json"; done | jq -s '{runs: .}'
