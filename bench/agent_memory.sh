#!/usr/bin/env bash
# The agent's memory per node: xmipd in a network namespace of its own (a
# veth pair for its home link, or access link, and uplink), signalling on,
# with N nodes configured, for each N given; its resident memory (VmRSS)
# once it answers on its control socket. The role is the home agent (N
# mobile nodes, an IPv6 and an IPv4 home address each: its binding cache
# holds one entry per configured node from the start, so this is what it
# holds for N registered nodes too), or with --role the LMA (N hosts, a
# static IPv4 home address each) or the MAG (N hosts in its policy store,
# home0 its access link). Those two are measured again with every node
# registered: bench/bu_load -P registers the N hosts at the LMA (as a MAG
# at 2001:db8:1::1 on home0: the messages stay inside the namespace), and
# bench/host_frames brings the N hosts onto the MAG's access link (each
# one's frame starts its registration; no LMA answers, which touches the
# same memory). The data-plane state is in the maps (pkt_cost's map
# memory).
# Prints {"role", "runs": [{nodes, rss_kib[, registered, rss_registered_kib]}...]}.
# Usage: bench/agent_memory.sh [--role home-agent|lma|mag] N...
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
source selftests/lib/lab.sh
source selftests/lib/xmip.sh
source selftests/lib/topo/signal.sh
role=home-agent
if [ "$1" = --role ]; then
	role=$2
	shift 2
fi
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
[ "$role" != lma ] || ip -n "$ns" addr add 2001:db8:1::1/64 dev home0 nodad

# register_all N: every node registered; prints how many.
register_all() {
	local i
	case $role in
	lma)
		nsenter --net="/run/netns/$ns" "$BUILD/bench/bu_load" -P 2001:db8:1::1 -H 2001:db8:1::2 -n "$1" -t 0 |
			jq .register.accepted
		;;
	mag)
		nsenter --net="/run/netns/$ns" "$BUILD/bench/host_frames" up0 02:00:5e:00:00:01 10.0.0.0 "$1" 10000
		# Each host the agent took logs its registration (no LMA answers:
		# they give up after three PBUs, their entries stay written).
		for ((i = 0; i < 100; i++)); do
			[ "$(grep -c ': registering$' "$work/ha.log")" -ge "$1" ] && break
			sleep 0.1
		done
		grep -c ': registering$' "$work/ha.log"
		;;
	esac
}

# mag_conf N: a MAG with N hosts (host i: 02:00 then i, "host<i>@bench").
mag_conf() {
	cat <<CONF
instance = "xmipb-mem-$$";
role = "mag";
control_socket = "$work/ha.sock";
mag = {
  id = "bench-mag";
  access_links = [ "home0" ];
  interfaces = [ "up0" ];
  address6 = "2001:db8:1::2";
  lma_address6 = "2001:db8:1::1";
  home_prefix4 = "10.0.0.0/8";
  default_router4 = "10.255.255.254";
  router_mac = "02:00:5e:00:00:01";
  bu_protection = "unprotected-for-tests";
  state_file = "$work/mag.state";
  hosts = (
$(awk -v n="$1" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "    { mac = \"02:00:%02x:%02x:%02x:%02x\"; id = \"host%d@bench\"; }%s\n",
			int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256, i, i < n - 1 ? "," : ""
}')
  );
};
CONF
}

for n in "$@"; do
	case $role in
	home-agent) bu_lab_ha_conf "$n" "xmipb-mem-$$" "$work" >"$work/ha.conf" ;;
	lma) BU_PROTECTION=unprotected-for-tests bu_lab_lma_conf "$n" "xmipb-mem-$$" "$work" >"$work/ha.conf" ;;
	mag) mag_conf "$n" >"$work/ha.conf" ;;
	*) echo "agent_memory: no role $role" >&2; exit 2 ;;
	esac
	xmipd_start "$ns" "$work/ha.conf" "$work/ha.log"
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$XMIPD_PID/status")
	echo "  $role, $n nodes: $rss KiB resident" >&2
	if [ "$role" = home-agent ]; then
		jq -nc --argjson n "$n" --argjson rss "$rss" '{nodes: $n, rss_kib: $rss}' >>"$work/runs.jsonl"
	else
		registered=$(register_all "$n")
		rss_reg=$(awk '/^VmRSS:/ { print $2 }' "/proc/$XMIPD_PID/status")
		echo "  $role, $n nodes, $registered registered: $rss_reg KiB resident" >&2
		jq -nc --argjson n "$n" --argjson rss "$rss" --argjson reg "$registered" --argjson rr "$rss_reg" \
			'{nodes: $n, rss_kib: $rss, registered: $reg, rss_registered_kib: $rr}' >>"$work/runs.jsonl"
	fi
	xmipd_stop_cleanup "$ns" "$work/ha.conf"
	rm -f "$work"/*.state
done
jq -s --arg role "$role" '{role: $role, runs: .}' "$work/runs.jsonl"
