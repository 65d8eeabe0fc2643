#!/usr/bin/env bash
# The kernel's own tunnel devices against xmip, format by format, in
# the veth lab (selftests/lib/topo/veth.sh): the same
# UDP frames into the home link, the home address routed into a kernel
# tunnel device, then bound in xmip in the same format:
#
#   format     kernel device                          xmip
#   ipv6       ip6tnl mode ip6ip6 (encaplimit none)   IPv6 in IPv6
#   ipv4       sit                                    IPv6 in IPv4
#   udp4       sit, encap fou (UDP 4191 -> 40000)     IPv6 in UDP in IPv4
#   udp6       ip6tnl ip6ip6, encap fou               IPv6 in UDP in IPv6
#   ipv4-4in4  ipip                                   IPv4 in IPv4
#
# and, for scale, the kernel's plain forwarding to the care-of address
# (format "none").
# The stock kernel has these modules; the development machine's kernel does
# not, so make bench runs this in Debian's kernel under qemu
# (selftests/vm/run.sh), where figures are emulated: only the ratio of the
# two in one run means anything.
# Prints one JSON object as its last line: {"runs": [{path, format, by,
# size, sent, received, seconds, pps}...]}. Root.
# Usage: bench/tunnel_devices.sh SECONDS SIZE...
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
source selftests/lib/lab.sh
source selftests/lib/xmip.sh
source selftests/lib/topo/veth.sh
secs=$1
shift
sizes=("$@")

trap veth_cleanup EXIT
trap 'exit 1' INT TERM

for m in ip6_tunnel sit ipip fou fou6; do
	modprobe "$m" 2>/dev/null || [ -d "/sys/module/$m" ] ||
		{ echo "tunnel_devices: the kernel has no $m (a stock kernel has: selftests/vm/run.sh)" >&2; exit 2; }
done

# kernel_device FORMAT: creates kt0 in ha for FORMAT, routes the home
# address into it, prints the device's description.
kernel_device() {
	local fou4=(encap fou encap-sport 4191 encap-dport 40000)
	case $1 in
	ipv6) nsx "$H" ip link add kt0 type ip6tnl mode ip6ip6 local fd00:2::1 remote fd00:2::2 encaplimit none
	      echo ip6tnl ;;
	ipv4) nsx "$H" ip link add kt0 type sit local 10.2.0.1 remote 10.2.0.2
	      echo sit ;;
	udp4) nsx "$H" ip link add kt0 type sit local 10.2.0.1 remote 10.2.0.2 "${fou4[@]}"
	      echo sit-fou ;;
	udp6) nsx "$H" ip link add kt0 type ip6tnl mode ip6ip6 local fd00:2::1 remote fd00:2::2 encaplimit none "${fou4[@]}"
	      echo ip6tnl-fou ;;
	ipv4-4in4) nsx "$H" ip link add kt0 type ipip local 10.2.0.1 remote 10.2.0.2
	      echo ipip ;;
	esac
	nsx "$H" ip link set kt0 up
	if [ "$1" = ipv4-4in4 ]; then
		nsx "$H" ip route add $hoa4/32 dev kt0
	else
		nsx "$H" ip -6 route add $hoa6/128 dev kt0
	fi
}

# measure BY FORMAT DEVICE: every size, the run labelled with its format.
measure() {
	local by=$1 format=$2 device=$3 size src=fd00:1::2 dst=$hoa6
	[ "$format" = ipv4-4in4 ] && src=10.1.0.2 dst=$hoa4
	[ "$format" = none ] && dst=fd00:2::2
	for size in "${sizes[@]}"; do
		veth_run "$device" "$size" $src $dst "{\"format\": \"$format\", \"by\": \"$by\"}"
	done
}

formats=(ipv6 ipv4 udp4 udp6 ipv4-4in4)
veth_topology
veth_pass_on_h0
# For scale: the kernel forwarding the same frames without a tunnel.
measure kernel none forwarding
for format in "${formats[@]}"; do
	device=$(kernel_device "$format")
	measure kernel "$format" "$device"
	nsx "$H" ip link del kt0
done
veth_pass_off_h0
veth_start_xmip
for format in "${formats[@]}"; do
	if [ "$format" = ipv4-4in4 ]; then veth_bind $hoa4 ipv4; else veth_bind $hoa6 "$format"; fi
	measure xmip "$format" "xmip-$format"
done
jq -sc '{runs: .}' "$veth_work/runs.jsonl"
