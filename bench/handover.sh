#!/usr/bin/env bash
# Handover: the lab with both agents signalling by
# themselves, a correspondent sending the home address one numbered UDP
# datagram per millisecond (bench/udp_probe), and the mobile node moving
# IPv6 -> IPv4 -> NAT -> IPv6, MOVES times round. For each move: the gap,
# from the moment the node's new link comes up (and the old one goes down)
# to the first datagram delivered through the new way, and the datagrams
# lost across it. Both clocks are the host's CLOCK_REALTIME (the namespaces
# share it). The gap holds the whole chain: the agent noticing the link
# (rtnetlink), choosing the care-of address, its BU and the home agent's BA,
# both data planes updated, and the next datagram's way through.
# Prints {"interval_us", "moves": [{from, to, gap_ms, lost}...]}.
# Usage: bench/handover.sh MOVES
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../selftests/lib/agents.sh"
rounds=$1
interval_us=1000
port=40100
dir=$(mktemp -d /tmp/xmip-handover.XXXXXX)
exec 3>&1 1>&2   # the lab's output would mix with the JSON on stdout

lab_up
lab_on_down "rm -rf $dir"
XMIP_SIGNALLING=true xmip_write_configs "$dir"
lab_mn_use v6net
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
xmip_start mn "$dir/mn.conf" "$dir/mn.log"

# registered FORMAT: the mobile node says so within 10 s.
registered() {
	local i
	for ((i = 0; i < 1000; i++)); do
		[ "$(xmip_mn_state | cut -d' ' -f1,2)" = "registered $1" ] && return 0
		sleep 0.01
	done
	echo "handover: no registration via $1: $(xmip_mn_state)" >&2
	return 1
}
registered ipv6

# The stream runs through every move (stopped after the last one: a move
# takes as long as its registration, which emulation stretches).
per_move=2
seconds=$(((rounds * 3) * (per_move + 15) + 10))
lab_spawn mn "$dir/recv.txt" "$XMIP_BUILD/bench/udp_probe" recv "$LAB_MN_HOA6" "$port"
RECV_PID=$LAB_LAST_PID
lab_spawn cn6 "$dir/send.log" "$XMIP_BUILD/bench/udp_probe" send "$LAB_MN_HOA6" "$port" "$interval_us" "$seconds"
SEND_PID=$LAB_LAST_PID
sleep 1

# move NET FORMAT: the old link goes down, then the new one comes up: its
# care-of address appears (t0), and its default route follows. Then the
# registration; the rest of the move's time the stream runs the new way.
declare -A dev=([v6net]=mn-v6 [v4net]=mn-v4 [natnet]=mn-nat)
declare -A gw=([v6net]=2001:db8:10::1 [v4net]=203.0.113.1 [natnet]=10.0.0.1)
from=v6net
: >"$dir/moves.txt"
move() {
	local net=$1 format=$2 t0
	lab_exec mn ip link set "${dev[$from]}" down
	lab_exec mn ip -6 route flush default 2>/dev/null || true
	lab_exec mn ip -4 route flush default 2>/dev/null || true
	lab_exec mn ip link set "${dev[$net]}" up
	t0=$(date +%s%N)
	lab_route mn default via "${gw[$net]}"
	registered "$format"
	echo "$from $net $t0" >>"$dir/moves.txt"
	from=$net
	sleep "$per_move"
}
for ((r = 0; r < rounds; r++)); do
	move v4net ipv4
	move natnet udp4
	move v6net ipv6
done
kill "$SEND_PID" 2>/dev/null || true   # (done already if the moves outran it)
wait "$SEND_PID" || true
sleep 0.5
kill "$RECV_PID"
wait "$RECV_PID" || true

awk -f "$here/handover_gaps.awk" "$dir/moves.txt" "$dir/recv.txt" >"$dir/moves.jsonl"
jq -s --argjson interval "$interval_us" --argjson received "$(wc -l <"$dir/recv.txt")" \
	'{interval_us: $interval, received: $received, moves: .}' "$dir/moves.jsonl" >&3
