#!/usr/bin/env bash
# TCP goodput between the mobile node and a correspondent, in the lab of
# network namespaces (selftests/lib): both agents
# running, the tunnel applied as the agents do (dpctl), iperf3 for SECONDS
# the mobile node sending (iperf3's client there, the correspondent
# receiving). For each access network, in the same run:
#   tunnel: from the home address through the home agent, in the format the
#           node uses there (6in6 from the IPv6-only network, 4in4 from the
#           IPv4-only one, IPv4 in UDP 4191 from behind the NAT);
#   direct: from the care-of address to the same correspondent, the same
#           links without the tunnel and the home agent.
# Prints {"runs": [{network, path, format, bits_per_second}...]}.
# Usage: bench/goodput.sh SECONDS
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../selftests/lib/agents.sh"
secs=$1
dir=$(mktemp -d /tmp/xmip-goodput.XXXXXX)
MN_PORT=40001
# The lab's output would mix with the JSON on stdout.
exec 3>&1 1>&2

xmip_tunnel_lab "$dir"
lab_spawn cn6 "$dir/iperf-cn6.log" iperf3 -s -B "$LAB_CN6"
lab_spawn cn4 "$dir/iperf-cn4.log" iperf3 -s -B "$LAB_CN4"
iperf_listening() { nsenter --net="/run/netns/$(lab_ns "$1")" ss -Hltn 'sport = :5201' | grep -q 5201; }
lab_wait "iperf3 on cn6" 10 iperf_listening cn6
lab_wait "iperf3 on cn4" 10 iperf_listening cn4

# measure NETWORK PATH FORMAT FROM TO: one iperf3 run from the mobile node.
measure() {
	local net=$1 path=$2 format=$3 from=$4 to=$5 got
	got=$(lab_exec mn timeout $((secs + 30)) iperf3 -J -c "$to" -B "$from" -t "$secs" |
		jq -c '.end.sum_received | {bits_per_second, seconds}')
	echo "  $net $path ($format, $from -> $to): $(jq -r '.bits_per_second / 1e6 | round' <<<"$got") Mbit/s"
	jq -c --arg net "$net" --arg path "$path" --arg format "$format" \
		'{network: $net, path: $path, format: $format} + .' <<<"$got" >>"$dir/runs.jsonl"
}

# The lab routes the correspondents' networks into the tunnel interface; the
# direct runs leave from the care-of address, which a rule sends by the
# access link's own router instead (table 200).
direct_via() {
	local family=$1 coa=$2 gw=$3 dev=$4
	lab_exec mn ip "$family" route replace default via "$gw" dev "$dev" table 200
	lab_exec mn ip "$family" rule add from "$coa" lookup 200 priority 100
}

xmip_use v6net ipv6 "$LAB_MN_V6COA" "$LAB_HA6" mn-v6
measure v6net tunnel 6in6 "$LAB_MN_HOA6" "$LAB_CN6"
direct_via -6 "$LAB_MN_V6COA" 2001:db8:10::1 mn-v6
measure v6net direct none "$LAB_MN_V6COA" "$LAB_CN6"
xmip_use v4net ipv4 "$LAB_MN_V4COA" "$LAB_HA4" mn-v4
measure v4net tunnel 4in4 "$LAB_MN_HOA4" "$LAB_CN4"
direct_via -4 "$LAB_MN_V4COA" 203.0.113.1 mn-v4
measure v4net direct none "$LAB_MN_V4COA" "$LAB_CN4"
xmip_use natnet udp4 "$LAB_MN_NATCOA" "$LAB_HA4" mn-nat $MN_PORT "$LAB_NAT_PUBLIC"
measure natnet tunnel "4 in UDP 4191" "$LAB_MN_HOA4" "$LAB_CN4"
direct_via -4 "$LAB_MN_NATCOA" 10.0.0.1 mn-nat
measure natnet direct none "$LAB_MN_NATCOA" "$LAB_CN4"
jq -s '{runs: .}' "$dir/runs.jsonl" >&3
