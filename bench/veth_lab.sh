# shellcheck shell=bash
# The veth lab the throughput benchmarks share (bench/throughput.sh,
# bench/tunnel_devices.sh), sourced with BUILD set and bench/xmipd.sh
# sourced: three network namespaces of the caller's own,
#
#   gen  g0 --- h0  ha  h1 --- s1  sink
#        fd00:1::2   fd00:1::1 (home link)  fd00:2::1   fd00:2::2 (care-of)
#        10.1.0.2    10.1.0.1               10.2.0.1    10.2.0.2
#
# xdp_gen sends UDP frames from gen (live frames, as xdp-trafficgen does)
# into the home agent's home link; xdp_gen's sink counts what leaves the home
# agent toward the care-of address. The caller sets up what forwards in ha,
# calls lab_run for each measurement, and lab_cleanup on exit; the runs
# gather in $lab_work/runs.jsonl.
lab_id=$$
G=xmipb-gen-$lab_id H=xmipb-ha-$lab_id S=xmipb-sink-$lab_id
lab_work=$(mktemp -d /tmp/xmip-veth-lab.XXXXXX)
lab_pin=/sys/fs/bpf/xmipb-sink-$lab_id
lab_inst=xmipb-$lab_id
lab_conf=$lab_work/ha.conf
hoa6=fd00:1::100
hoa4=10.1.0.100
h0mac=02:00:00:00:b0:01

# (nsenter, not ip netns exec: that mounts another /sys, without /sys/fs/bpf.
# A function: run in the background it is a subshell, and $! that
# subshell's: background processes start with nsenter itself, so that $!
# is the process a cleanup kills.)
nsx() { local n=$1; shift; nsenter --net="/run/netns/$n" "$@"; }

lab_cleanup() {
	set +e
	[ -n "${xmipd_pid:-}" ] && kill "$xmipd_pid" 2>/dev/null && wait "$xmipd_pid" 2>/dev/null
	[ -f "$lab_conf" ] && nsx "$H" "$BUILD/xmipd" -c "$lab_conf" --cleanup >/dev/null 2>&1
	[ -n "${sink_pid:-}" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
	for n in "$G" "$H" "$S"; do ip netns del "$n" 2>/dev/null; done
	rm -f "$lab_pin"
	rm -rf "$lab_work"
}

# Waits up to 10 s for the first line of FILE to be "ready".
wait_ready() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(head -1 "$1" 2>/dev/null)" = ready ] && return 0
		sleep 0.1
	done
	echo "veth lab: $2 did not start: $(cat "$1")" >&2
	return 1
}

lab_topology() {
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
	nsenter --net="/run/netns/$S" "$BUILD/bench/xdp_gen" sink s1 "$lab_pin" >"$lab_work/sink.log" 2>&1 &
	sink_pid=$!
	wait_ready "$lab_work/sink.log" "the sink"
}

# lab_run PATH SIZE SRC DST [LABELS]: one measurement of $secs, one JSON
# line in runs.jsonl (with the fields of the JSON object LABELS, if given),
# one line of progress on stderr.
lab_run() {
	local path=$1 size=$2 src=$3 dst=$4 labels=${5:-"{}"}
	nsx "$G" "$BUILD/bench/xdp_gen" send g0 $h0mac "$src" "$dst" "$size" "$secs" "$lab_pin" |
		jq -c --arg path "$path" --argjson size "$size" --argjson labels "$labels" \
			'{path: $path, size: $size} + . + $labels' >>"$lab_work/runs.jsonl"
	tail -1 "$lab_work/runs.jsonl" | jq -r '"  \(.path) \(.size) bytes: \(.pps | round) packets/s (\(.received) of \(.sent) arrived)"' >&2
}

# An XDP program on h0 on the kernel's paths too, as xmip has one there:
# veth then takes the same (NAPI) receive path for every forwarder.
lab_pass_on_h0() { nsx "$H" ip link set h0 xdpdrv obj "$BUILD/tests/xdp_pass.bpf.o" sec xdp; }
lab_pass_off_h0() { nsx "$H" ip link set h0 xdpdrv off; }

# lab_start_xmip: xmipd as home agent (its XDP on h0 and h1), no signalling:
# bindings come from lab_xmip_bind.
lab_start_xmip() {
	cat >"$lab_conf" <<CONF
instance = "$lab_inst";
role = "home-agent";
log_level = "info";
control_socket = "$lab_work/ha.sock";
signalling = false;
dataplane = { xdp_mode = "native"; max_bindings = 1024; };
home_agent = {
  home_link = "h0";
  interfaces = [ "h1" ];
  address6 = "fd00:2::1";
  address4 = "10.2.0.1";
  home_prefix6 = "fd00:1::/64";
  home_prefix4 = "10.1.0.0/24";
  mobile_nodes = ( { id = "mn1@bench"; home_address6 = "$hoa6"; ipv4_home_addresses = [ "$hoa4" ]; } );
};
CONF
	bench_xmipd "$H" "$lab_conf" "$lab_work/ha.log"
	xmipd_pid=$BENCH_XMIPD_PID
}

# lab_xmip_bind HOME FORMAT: binds HOME to the sink's care-of address in
# FORMAT (ipv6, ipv4, udp4, udp6; the UDP ones to port 40000).
lab_xmip_bind() {
	local home=$1 format=$2 coa local port
	case $format in
	ipv6) coa=fd00:2::2 local=fd00:2::1 port= ;;
	udp6) coa=fd00:2::2 local=fd00:2::1 port=40000 ;;
	ipv4) coa=10.2.0.2 local=10.2.0.1 port= ;;
	udp4) coa=10.2.0.2 local=10.2.0.1 port=40000 ;;
	esac
	nsx "$H" "$BUILD/tests/dpctl" "$lab_inst" ha-bind "$home" "$format" $coa $local $port >/dev/null
}
