#!/usr/bin/env bash
# Signalling rate: for each N, xmipd as home agent with N mobile nodes
# configured (or, with --lma, as LMA with N hosts and one MAG) and
# bench/bu_load in a namespace on its uplink speaking for all N at once
# (as the MAG, with --lma): every node registers, then refreshes for
# SECONDS. Twice per N, one after the other: BUs and BAs unprotected
# (bu_protection = "unprotected-for-tests"), then signed and checked
# (RFC 4285's MN-HA authenticator and timestamps; every mobile node its
# own key, the MAG its one): the cost of authentication, measured in one
# run. The agent runs pinned to one core and the generator to the other,
# so what the agent sustains is not shared with the load. Prints {"runs":
# [bu_load's JSON per N and protection, with "protection"]}.
#   bench/bu_rate.sh [--lma] SECONDS N...
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
source selftests/lib/lab.sh
source selftests/lib/xmip.sh
source selftests/lib/topo/signal.sh
lma=
[ "$1" = --lma ] && { lma=1; shift; }
secs=$1
shift
gen=xmipb-bugen-$$ ha=xmipb-buha-$$
work=$(mktemp -d /tmp/xmip-bu-rate.XXXXXX)

cleanup() {
	set +e
	bu_lab_teardown "$gen" "$ha" "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

bu_lab_up "$gen" "$ha"

for n in "$@"; do
	for BU_PROTECTION in unprotected-for-tests rfc4285; do
		if [ -n "$lma" ]; then
			bu_lab_lma_conf "$n" "xmipb-bu-$$" "$work" >"$work/ha.conf"
			load=(-P 2001:db8:1::1)
			what=hosts
		else
			bu_lab_ha_conf "$n" "xmipb-bu-$$" "$work" >"$work/ha.conf"
			load=(-i gen0 -6 2001:db8:100::1:0 -4 10.0.0.0 -c 2001:db8:ff00::)
			what=nodes
		fi
		xmipd_start "$ha" "$work/ha.conf" "$work/ha.log"
		pid=$XMIPD_PID
		taskset -p -c 1 "$pid" >/dev/null
		# shellcheck disable=SC2046
		taskset -c 0 nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" "${load[@]}" -H 2001:db8:1::2 \
			-n "$n" -t "$secs" -p "$pid" $(bu_lab_load_auth) ${BU_WINDOW:+-w $BU_WINDOW} |
			jq --arg p "$BU_PROTECTION" '. + {protection: $p}' >"$work/run-$n-$BU_PROTECTION.json"
		jq -r --arg what "$what" '"  \(.nodes) \($what), \(.protection): \(.register.ba_per_s) registrations/s, \(.refresh.ba_per_s) refreshes/s"' \
			"$work/run-$n-$BU_PROTECTION.json" >&2
		xmipd_stop_cleanup "$ha" "$work/ha.conf"
		rm -f "$work/lma.state"
	done
done
for n in "$@"; do cat "$work/run-$n-unprotected-for-tests.json" "$work/run-$n-rfc4285.json"; done | jq -s '{runs: .}'
