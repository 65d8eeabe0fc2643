#!/usr/bin/env bash
# Throughput through the home agent, in the veth
# lab (selftests/lib/topo/veth.sh): UDP frames from gen into the home link for
# SECONDS, counted where they leave toward the care-of address. In the same
# run:
#   kernel: the kernel's own IP forwarding of the same frames (to fd00:2::2,
#           no encapsulation), an XDP pass program on h0 as on every path;
#   tun:    tun_fwd, a userspace forwarder on a TUN device doing the same
#           6in6 encapsulation (the stand-in for userspace data planes);
#   xmip:   xmipd as home agent (its XDP on h0 and h1), the home address
#           bound with dpctl in each format.
# Prints one JSON object: {"runs": [{path, size, sent, received, seconds,
# pps}...]}. Root. Usage: bench/throughput.sh SECONDS SIZE...
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
source selftests/lib/lab.sh
source selftests/lib/xmip.sh
source selftests/lib/topo/veth.sh
secs=$1
shift
sizes=("$@")

cleanup() {
	set +e
	[ -n "${tun_pid:-}" ] && kill "$tun_pid" 2>/dev/null
	veth_cleanup
}
trap cleanup EXIT
trap 'exit 1' INT TERM

kernel_forwarding() {
	local size
	veth_pass_on_h0
	for size in "${sizes[@]}"; do veth_run kernel "$size" fd00:1::2 fd00:2::2; done
}

tun_forwarder() {
	local size
	nsenter --net="/run/netns/$H" "$BUILD/bench/tun_fwd" xtun0 fd00:2::1 fd00:2::2 >"$veth_work/tun.log" 2>&1 &
	tun_pid=$!
	veth_wait_ready "$veth_work/tun.log" tun_fwd
	nsx "$H" ip link set xtun0 up
	nsx "$H" ip -6 route add $hoa6/128 dev xtun0
	for size in "${sizes[@]}"; do veth_run tun-6in6 "$size" fd00:1::2 $hoa6; done
	kill "$tun_pid"; wait "$tun_pid" 2>/dev/null || true; tun_pid=
	veth_pass_off_h0
}

xmip() {
	local size format
	veth_start_xmip
	for format in ipv6 ipv4 udp4 udp6; do
		veth_bind $hoa6 $format
		for size in "${sizes[@]}"; do veth_run "xmip-$format" "$size" fd00:1::2 $hoa6; done
	done
}

veth_topology
kernel_forwarding
tun_forwarder
xmip
jq -s '{runs: .}' "$veth_work/runs.jsonl"
