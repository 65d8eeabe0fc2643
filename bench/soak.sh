#!/usr/bin/env bash
# Soak (make soak; a short run in make check, test_soak_smoke): xmipd as
# home agent with N mobile nodes, bench/bu_load speaking for them in the
# signalling benchmark's namespaces (selftests/lib/topo/signal.sh), for ROUNDS rounds of
# PERIOD seconds: in each, every node refreshes its binding, and 5% of them
# (a different slice each round) move to another care-of address. After
# the last round:
#   - every node's binding in the data plane (xmip_bind6, read with
#     bpftool) is at the care-of address it registered last, none missing,
#     none left over, and the binding cache says the same;
#   - the agent's resident memory did not grow after the first round (its
#     steady state) by more than 1 MiB, and its open descriptors are the
#     same number.
# Prints one JSON object; exits 1 if a check fails.
#   bench/soak.sh N ROUNDS PERIOD-SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
source selftests/lib/lab.sh
source selftests/lib/xmip.sh
source selftests/lib/topo/signal.sh
nodes=$1 rounds=$2 period=$3
movers=$((nodes * 5 / 100))
[ "$movers" -gt 0 ] || movers=1
gen=xmipb-sgen-$$ ha=xmipb-sha-$$
work=$(mktemp -d /tmp/xmip-soak.XXXXXX)
cleanup() {
	set +e
	bu_lab_teardown "$gen" "$ha" "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

bu_lab_up "$gen" "$ha"
bu_lab_ha_conf "$nodes" "xmipb-soak-$$" "$work" "state_file = \"$work/ha.state\";" >"$work/ha.conf"
xmipd_start "$ha" "$work/ha.conf" "$work/ha.log"
pid=$XMIPD_PID
pins=/sys/fs/bpf/xmip/xmipb-soak-$$

# load SEQ COA OFFSET COUNT: BUs with sequence number SEQ for nodes
# OFFSET.. OFFSET+COUNT-1, from care-of addresses COA + node.
load() {
	nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" -i gen0 -H 2001:db8:1::2 $(bu_lab_load_auth) \
		-6 2001:db8:100::1:0 -4 10.0.0.0 -c "$2" -o "$3" -n "$4" -s "$1" -t 0
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
fds() { ls "/proc/$pid/fd" | wc -l; }

# moved[i]: node i's last care-of address is the movers' (2001:db8:ff01::+i).
declare -a moved
accepted=0 lost=0 refused=0
for ((r = 0; r < rounds; r++)); do
	t0=$(date +%s%N)
	seq=$((2 * r + 1))
	load $seq 2001:db8:ff00:: 0 "$nodes" >"$work/all.json"
	first=$((r * movers % nodes))
	count=$movers
	[ $((first + count)) -le "$nodes" ] || count=$((nodes - first))
	load $((seq + 1)) 2001:db8:ff01:: "$first" "$count" >"$work/movers.json"
	for f in all movers; do
		accepted=$((accepted + $(jq .register.accepted "$work/$f.json")))
		lost=$((lost + $(jq .register.lost "$work/$f.json")))
		refused=$((refused + $(jq .register.refused "$work/$f.json")))
	done
	moved=()
	for ((i = first; i < first + count; i++)); do moved[i]=1; done
	if [ "$r" -eq 0 ]; then
		rss0=$(rss_kib) fds0=$(fds)
	fi
	echo "  round $((r + 1))/$rounds: $nodes refreshed, nodes $first..$((first + count - 1)) moved" >&2
	left=$((period * 1000 - ($(date +%s%N) - t0) / 1000000))
	[ "$left" -le 0 ] || sleep "$(awk -v ms="$left" 'BEGIN { printf "%.3f", ms / 1000 }')"
done
rss1=$(rss_kib) fds1=$(fds)

# What the data plane holds: HoA (last 32 bits) -> care-of address (last 4
# bytes), as node index -> "ff00" or "ff01" and index.
bpftool -j map dump pinned "$pins/xmip_bind6" | jq -r '.[] |
	.formatted.key.bytes as $k | .formatted.value.remote.bytes as $c |
	[$k[12:16], $c[4:6], $c[12:16]] |
	"\((.[0][0] * 16777216 + .[0][1] * 65536 + .[0][2] * 256 + .[0][3]) - 65536) \(.[1][0] * 256 + .[1][1]) \(.[2][0] * 16777216 + .[2][1] * 65536 + .[2][2] * 256 + .[2][3])"' |
	sort -n >"$work/dataplane.txt"
wrong=0
for ((i = 0; i < nodes; i++)); do
	want=65280   # 0xff00
	[ -n "${moved[i]:-}" ] && want=65281
	echo "$i $want $i"
done >"$work/expected.txt"
wrong=$(diff "$work/expected.txt" "$work/dataplane.txt" | grep -c '^[<>]' || true)
cache=$("$BUILD/xmipctl" -s "$work/ha.sock" --json registrations | jq '.registrations | length')

jq -n --argjson nodes "$nodes" --argjson rounds "$rounds" --argjson period "$period" \
	--argjson movers "$movers" --argjson accepted "$accepted" --argjson lost "$lost" \
	--argjson refused "$refused" --argjson wrong "$wrong" --argjson cache "$cache" \
	--argjson rss0 "$rss0" --argjson rss1 "$rss1" --argjson fds0 "$fds0" --argjson fds1 "$fds1" \
	'{nodes: $nodes, rounds: $rounds, period_s: $period, movers_per_round: $movers,
	  bus_accepted: $accepted, bus_lost: $lost, bus_refused: $refused,
	  dataplane_bindings_wrong: $wrong, cache_registrations: $cache,
	  rss_kib_after_first_round: $rss0, rss_kib_at_end: $rss1,
	  fds_after_first_round: $fds0, fds_at_end: $fds1}' | tee "$work/result.json"
ok=$(jq '.dataplane_bindings_wrong == 0 and .cache_registrations == .nodes and .bus_refused == 0 and
	(.rss_kib_at_end - .rss_kib_after_first_round) <= 1024 and .fds_at_end == .fds_after_first_round' \
	"$work/result.json")
[ "$ok" = true ] || { echo "soak: a check failed (above)" >&2; exit 1; }
