#!/usr/bin/env bash
# The agent's memory per mobile node: xmipd as home
# agent in a network namespace of its own (a veth pair for its home link and
# uplink), signalling on, with N mobile nodes configured, for each N given;
# its resident memory (VmRSS) once it answers on its control socket. The
# binding cache holds one entry per configured node from the start, so this
# is what the agent holds for N registered nodes too; their data-plane state
# is in the maps (pkt_cost's map memory).
# Prints {"runs": [{nodes, rss_kib}...]}. Usage: bench/agent_memory.sh N...
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
source selftests/lib/lab.sh
source selftests/lib/xmip.sh
source selftests/lib/topo/signal.sh
ns=xmipb-mem-$$
work=$(mktemp -d /tmp/xmip-agent-memory.XXXXXX)

cleanup() {
	set +e
	xmipd_stop_cleanup "$ns" "$work/ha.conf"
	ip netns del "$ns" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ip netns add "$ns"
ip -n "$ns" link add home0 type veth peer name up0
ip -n "$ns" link set lo up
ip -n "$ns" link set home0 up
ip -n "$ns" link set up0 up
ip -n "$ns" addr add 2001:db8:1::2/64 dev up0 nodad
ip -n "$ns" addr add 198.51.100.2/24 dev up0

for n in "$@"; do
	bu_lab_ha_conf "$n" "xmipb-mem-$$" "$work" >"$work/ha.conf"
	xmipd_start "$ns" "$work/ha.conf" "$work/ha.log"
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$XMIPD_PID/status")
	echo "  $n nodes: $rss KiB resident" >&2
	jq -nc --argjson n "$n" --argjson rss "$rss" '{nodes: $n, rss_kib: $rss}' >>"$work/runs.jsonl"
	xmipd_stop_cleanup "$ns" "$work/ha.conf"
done
jq -s '{runs: .}' "$work/runs.jsonl"
