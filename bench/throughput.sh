#!/usr/bin/env bash
# Throughput through the home agent (benchmark issue, item 2), on veth in
# three network namespaces of its own:
#
#   gen  g0 --- h0  ha  h1 --- s1  sink
#        fd00:1::2   fd00:1::1 (home link)  fd00:2::1   fd00:2::2 (care-of)
#        10.1.0.2    10.1.0.1               10.2.0.1    10.2.0.2
#
# xdp_gen sends UDP frames from gen (live frames, as xdp-trafficgen does)
# into the home agent's home link for SECONDS; xdp_gen's sink counts what
# leaves the home agent toward the care-of address. In the same run:
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
source bench/xmipd.sh
secs=$1
shift
sizes=("$@")
id=$$
G=xmipb-gen-$id H=xmipb-ha-$id S=xmipb-sink-$id
work=$(mktemp -d /tmp/xmip-throughput.XXXXXX)
pin=/sys/fs/bpf/xmipb-sink-$id
inst=xmipb-$id
hoa6=fd00:1::100
h0mac=02:00:00:00:b0:01

cleanup() {
	set +e
	[ -n "${tun_pid:-}" ] && kill "$tun_pid" 2>/dev/null
	[ -n "${xmipd_pid:-}" ] && kill "$xmipd_pid" 2>/dev/null && wait "$xmipd_pid" 2>/dev/null
	[ -f "$work/ha.conf" ] && nsx "$H" "$BUILD/xmipd" -c "$work/ha.conf" --cleanup >/dev/null 2>&1
	[ -n "${sink_pid:-}" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
	for n in "$G" "$H" "$S"; do ip netns del "$n" 2>/dev/null; done
	rm -f "$pin"
	rm -rf "$work"
}
trap cleanup EXIT

# (nsenter, not ip netns exec: that mounts another /sys, without /sys/fs/bpf.)
nsx() { local n=$1; shift; nsenter --net="/run/netns/$n" "$@"; }

# Waits up to 10 s for the first line of FILE to be "ready".
wait_ready() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(head -1 "$1" 2>/dev/null)" = ready ] && return 0
		sleep 0.1
	done
	echo "throughput: $2 did not start: $(cat "$1")" >&2
	return 1
}

topology() {
	ip netns add "$G"; ip netns add "$H"; ip netns add "$S"
	ip link add g0 netns "$G" address 02:00:00:00:be:01 type veth peer h0 netns "$H" address $h0mac
	ip link add h1 netns "$H" address 02:00:00:00:b0:02 type veth peer s1 netns "$S" address 02:00:00:00:5e:01
	nsx "$G" ip addr add fd00:1::2/64 dev g0 nodad; nsx "$G" ip addr add 10.1.0.2/24 dev g0
	nsx "$H" ip addr add fd00:1::1/64 dev h0 nodad; nsx "$H" ip addr add 10.1.0.1/24 dev h0
	nsx "$H" ip addr add fd00:2::1/64 dev h1 nodad; nsx "$H" ip addr add 10.2.0.1/24 dev h1
	nsx "$S" ip addr add fd00:2::2/64 dev s1 nodad; nsx "$S" ip addr add 10.2.0.2/24 dev s1
	for n in "$G" "$H" "$S"; do nsx "$n" ip link set lo up; done
	nsx "$G" ip link set g0 up; nsx "$H" ip link set h0 up; nsx "$H" ip link set h1 up; nsx "$S" ip link set s1 up
	nsx "$H" sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv4.ip_forward=1
	# No neighbour discovery in the measurement.
	nsx "$H" ip -6 neigh replace fd00:2::2 lladdr 02:00:00:00:5e:01 dev h1 nud permanent
	nsx "$H" ip neigh replace 10.2.0.2 lladdr 02:00:00:00:5e:01 dev h1 nud permanent
	nsx "$S" "$BUILD/bench/xdp_gen" sink s1 "$pin" >"$work/sink.log" 2>&1 &
	sink_pid=$!
	wait_ready "$work/sink.log" "the sink"
}

# run PATH SIZE SRC DST: one measurement, one JSON line.
run() {
	local path=$1 size=$2 src=$3 dst=$4
	nsx "$G" "$BUILD/bench/xdp_gen" send g0 $h0mac "$src" "$dst" "$size" "$secs" "$pin" |
		jq -c --arg path "$path" --argjson size "$size" '{path: $path, size: $size} + .' >>"$work/runs.jsonl"
	tail -1 "$work/runs.jsonl" | jq -r '"  \(.path) \(.size) bytes: \(.pps | round) packets/s (\(.received) of \(.sent) arrived)"' >&2
}

pass_on_h0() { nsx "$H" ip link set h0 xdpdrv obj "$BUILD/tests/xdp_pass.bpf.o" sec xdp; }

kernel_forwarding() {
	local size
	pass_on_h0
	for size in "${sizes[@]}"; do run kernel "$size" fd00:1::2 fd00:2::2; done
}

tun_forwarder() {
	local size
	nsx "$H" "$BUILD/bench/tun_fwd" xtun0 fd00:2::1 fd00:2::2 >"$work/tun.log" 2>&1 &
	tun_pid=$!
	wait_ready "$work/tun.log" tun_fwd
	nsx "$H" ip link set xtun0 up
	nsx "$H" ip -6 route add $hoa6/128 dev xtun0
	for size in "${sizes[@]}"; do run tun-6in6 "$size" fd00:1::2 $hoa6; done
	kill "$tun_pid"; wait "$tun_pid" 2>/dev/null || true; tun_pid=
	nsx "$H" ip link set h0 xdpdrv off
}

xmip() {
	local size format coa local port
	cat >"$work/ha.conf" <<CONF
instance = "$inst";
role = "home-agent";
log_level = "info";
control_socket = "$work/ha.sock";
signalling = false;
dataplane = { xdp_mode = "native"; max_bindings = 1024; };
home_agent = {
  home_link = "h0";
  interfaces = [ "h1" ];
  address6 = "fd00:2::1";
  address4 = "10.2.0.1";
  home_prefix6 = "fd00:1::/64";
  home_prefix4 = "10.1.0.0/24";
  mobile_nodes = ( { id = "mn1@bench"; home_address6 = "$hoa6"; } );
};
CONF
	bench_xmipd "$H" "$work/ha.conf" "$work/ha.log"
	xmipd_pid=$BENCH_XMIPD_PID
	for format in ipv6 ipv4 udp4 udp6; do
		case $format in
		ipv6) coa=fd00:2::2 local=fd00:2::1 port= ;;
		udp6) coa=fd00:2::2 local=fd00:2::1 port=40000 ;;
		ipv4) coa=10.2.0.2 local=10.2.0.1 port= ;;
		udp4) coa=10.2.0.2 local=10.2.0.1 port=40000 ;;
		esac
		nsx "$H" "$BUILD/tests/dpctl" "$inst" ha-bind $hoa6 $format $coa $local $port >/dev/null
		for size in "${sizes[@]}"; do run "xmip-$format" "$size" fd00:1::2 $hoa6; done
	done
}

topology
kernel_forwarding
tun_forwarder
xmip
jq -s '{runs: .}' "$work/runs.jsonl"
