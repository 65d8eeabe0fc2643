# shellcheck shell=bash
# The veth lab the throughput benchmarks share (bench/throughput.sh,
# bench/tunnel_devices.sh), sourced after lab.sh and xmip.sh: three network
# namespaces of the caller's own,
#
#   gen  g0 --- h0  ha  h1 --- s1  sink
#        fd00:1::2   fd00:1::1 (home link)  fd00:2::1   fd00:2::2 (care-of)
#        10.1.0.2    10.1.0.1               10.2.0.1    10.2.0.2
#
# xdp_gen sends UDP frames from gen (live frames, as xdp-trafficgen does)
# into the home agent's home link; xdp_gen's sink counts what leaves the home
# agent toward the care-of address. The caller sets up what forwards in ha,
# calls veth_run for each measurement, and veth_cleanup on exit; the runs
# gather in $veth_work/runs.jsonl.
veth_id=$$
G=xmipb-gen-$veth_id H=xmipb-ha-$veth_id S=xmipb-sink-$veth_id
veth_work=$(mktemp -d /tmp/xmip-veth-lab.XXXXXX)
veth_pin=/sys/fs/bpf/xmipb-sink-$veth_id
veth_inst=xmipb-$veth_id
veth_conf=$veth_work/ha.conf
hoa6=fd00:1::100
hoa4=10.1.0.100
h0mac=02:00:00:00:b0:01

# (nsenter, not ip netns exec: that mounts another /sys, without /sys/fs/bpf.
# A function: run in the background it is a subshell, and $! that
# subshell's: background processes start with nsenter itself, so that $!
# is the process a cleanup kills.)
nsx() { local n=$1; shift; nsenter --net="/run/netns/$n" "$@"; }

veth_cleanup() {
	set +e
	xmipd_stop_cleanup "$H" "$veth_conf" "${xmipd_pid:-}"
	[ -n "${sink_pid:-}" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
	for n in "$G" "$H" "$S"; do ip netns del "$n" 2>/dev/null; done
	rm -f "$veth_pin"
	rm -rf "$veth_work"
}

# Waits up to 10 s for the first line of FILE to be "ready".
veth_wait_ready() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(head -1 "$1" 2>/dev/null)" = ready ] && return 0
		sleep 0.1
	done
	echo "veth lab: $2 did not start: $(cat "$1")" >&2
	return 1
}

veth_topology() {
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
	nsenter --net="/run/netns/$S" "$XMIP_BUILD/bench/xdp_gen" sink s1 "$veth_pin" >"$veth_work/sink.log" 2>&1 &
	sink_pid=$!
	veth_wait_ready "$veth_work/sink.log" "the sink"
}

# veth_run PATH SIZE SRC DST [LABELS]: one measurement of $secs, one JSON
# line in runs.jsonl (with the fields of the JSON object LABELS, if given),
# one line of progress on stderr.
veth_run() {
	local path=$1 size=$2 src=$3 dst=$4 labels=${5:-"{}"}
	nsx "$G" "$XMIP_BUILD/bench/xdp_gen" send g0 $h0mac "$src" "$dst" "$size" "$secs" "$veth_pin" |
		jq -c --arg path "$path" --argjson size "$size" --argjson labels "$labels" \
			'{path: $path, size: $size} + . + $labels' >>"$veth_work/runs.jsonl"
	tail -1 "$veth_work/runs.jsonl" | jq -r '"  \(.path) \(.size) bytes: \(.pps | round) packets/s (\(.received) of \(.sent) arrived)"' >&2
}

# An XDP program on h0 on the kernel's paths too, as xmip has one there:
# veth then takes the same (NAPI) receive path for every forwarder.
veth_pass_on_h0() { nsx "$H" ip link set h0 xdpdrv obj "$XMIP_BUILD/tests/xdp_pass.bpf.o" sec xdp; }
veth_pass_off_h0() { nsx "$H" ip link set h0 xdpdrv off; }

# veth_start_xmip: xmipd as home agent (its XDP on h0 and h1), no signalling:
# bindings come from veth_bind.
veth_start_xmip() {
	(umask 077 && echo "mn1@bench 1000 786d69702d766574682d6c61622d6b6579" >"$veth_work/ha.keys")
	xmip_conf_home_agent instance="$veth_inst" socket="$veth_work/ha.sock" signalling=false \
		xdp_mode=native max_bindings=1024 home_link=h0 uplinks='"h1"' address6=fd00:2::1 \
		address4=10.2.0.1 home_prefix6=fd00:1::/64 home_prefix4=10.1.0.0/24 \
		extra="  bu_protection = \"rfc4285\"; mn_ha_keys = \"$veth_work/ha.keys\";" \
		nodes="    { id = \"mn1@bench\"; home_address6 = \"$hoa6\"; ipv4_home_addresses = [ \"$hoa4\" ]; }" \
		>"$veth_conf"
	xmipd_start "$H" "$veth_conf" "$veth_work/ha.log"
	xmipd_pid=$XMIPD_PID
}

# veth_bind HOME FORMAT: binds HOME to the sink's care-of address in
# FORMAT (ipv6, ipv4, udp4, udp6; the UDP ones to port 40000).
veth_bind() {
	local home=$1 format=$2 coa local port
	case $format in
	ipv6) coa=fd00:2::2 local=fd00:2::1 port= ;;
	udp6) coa=fd00:2::2 local=fd00:2::1 port=40000 ;;
	ipv4) coa=10.2.0.2 local=10.2.0.1 port= ;;
	udp4) coa=10.2.0.2 local=10.2.0.1 port=40000 ;;
	esac
	nsx "$H" "$XMIP_BUILD/tests/dpctl" "$veth_inst" ha-bind "$home" "$format" $coa $local $port >/dev/null
}
