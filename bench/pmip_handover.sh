#!/usr/bin/env bash
# Proxy mobility handover: the proxy mobility lab (selftests/lib/topo/
# pmip.sh) with the LMA and both MAGs signalling by themselves, the host
# with its address from its stock DHCP client, the correspondent sending
# it one numbered UDP datagram per millisecond (bench/udp_probe) and the
# host sending the correspondent the same (a host with traffic: the MAG it
# arrives at learns of it from its first frame, RFC 5213 6.9.1.1 leaves
# detection to the MAG). The access point moves the host from MAG to MAG,
# MOVES times: the old MAG's port goes down, the new one's comes up, and
# that moment (taken just before the command, so the gap includes the
# command's own few milliseconds) starts the gap; the first datagram the host receives after it
# ends it (the old port is down: it came through the new MAG). The gap
# holds the whole chain: the host's next frame reaching the new MAG, its
# proxy BU and the LMA's PBA, both data planes updated, the next datagram
# through. Lost: the datagrams numbered between the last one before the
# move and the first after it.
# Prints {"interval_us", "received", "moves": [{from, to, gap_ms, lost}...]}.
# Usage: bench/pmip_handover.sh MOVES
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../selftests/lib/lab.sh"
source "$here/../selftests/lib/topo/pmip.sh"
source "$here/../selftests/lib/xmip.sh"
moves=$1
interval_us=1000
port=40100
per_move=1
dir=$(mktemp -d /tmp/xmip-pmip-handover.XXXXXX)
exec 3>&1 1>&2   # the lab's output would mix with the JSON on stdout

lab_up_pmip "$XMIP_BUILD/tests/xdp_pass.bpf.o" hosts
lab_on_down "rm -rf $dir"
lab_pmip_configs "$dir"
xmip_start lma "$dir/lma.conf" "$dir/lma.log"
xmip_start mag1 "$dir/mag1.conf" "$dir/mag1.log"
xmip_start mag2 "$dir/mag2.conf" "$dir/mag2.log"
lab_pmip_dhcp_client "$dir"
lab_wait "the host's address" 20 sh -c "ip -n $(lab_ns h1) -4 addr show dev eth0 | grep -q 'inet $LAB_PMIP_HOST1/'"
at() { "$XMIPCTL" -s "$dir/lma.sock" --json registrations | jq -r '.registrations[0].mag // "none"'; }

seconds=$((moves * (per_move + 10) + 10))
lab_spawn h1 "$dir/recv.txt" "$XMIP_BUILD/bench/udp_probe" recv "$LAB_PMIP_HOST1" "$port"
RECV_PID=$LAB_LAST_PID
lab_spawn cn "$dir/cn-recv.txt" "$XMIP_BUILD/bench/udp_probe" recv "$LAB_PMIP_CN4" "$port"
CN_RECV_PID=$LAB_LAST_PID
lab_spawn cn "$dir/send.log" "$XMIP_BUILD/bench/udp_probe" send "$LAB_PMIP_HOST1" "$port" "$interval_us" "$seconds"
SEND_PID=$LAB_LAST_PID
lab_spawn h1 "$dir/host-send.log" "$XMIP_BUILD/bench/udp_probe" send "$LAB_PMIP_CN4" "$port" "$interval_us" "$seconds"
HOST_SEND_PID=$LAB_LAST_PID
sleep 1

from=1
: >"$dir/moves.txt"
for ((m = 0; m < moves; m++)); do
	to=$((3 - from))
	lab_exec ap ip link set "ap-m$from" down
	# (Before the command: the gap includes its own time, an upper bound.)
	t0=$(date +%s%N)
	lab_exec ap ip link set "ap-m$to" up
	lab_wait "the binding at MAG $to" 10 sh -c "[ \"\$(\"$XMIPCTL\" -s '$dir/lma.sock' --json registrations | jq -r '.registrations[0].mag')\" = mag$to ]"
	echo "mag$from mag$to $t0" >>"$dir/moves.txt"
	from=$to
	sleep "$per_move"
done
kill "$SEND_PID" "$HOST_SEND_PID" 2>/dev/null || true
sleep 0.5
kill "$RECV_PID" "$CN_RECV_PID"
wait "$RECV_PID" "$CN_RECV_PID" || true

awk -f "$here/handover_gaps.awk" "$dir/moves.txt" "$dir/recv.txt" >"$dir/moves.jsonl"
jq -s --argjson interval "$interval_us" --argjson received "$(wc -l <"$dir/recv.txt")" \
	'{interval_us: $interval, received: $received, moves: .}' "$dir/moves.jsonl" >&3
