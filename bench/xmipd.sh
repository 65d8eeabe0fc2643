# shellcheck shell=bash
# Starting xmipd for a benchmark, sourced by bench/*.sh (BUILD set).
#
# bench_xmipd NETNS CONF LOG: xmipd -c CONF in the network namespace NETNS,
# its output in LOG; returns once it answers on the control socket CONF
# names (up to 120 s: a large configuration takes a while), with its pid in
# BENCH_XMIPD_PID. Fails, with the end of LOG, if it exits first.
bench_xmipd() {
	local ns=$1 conf=$2 log=$3 sock i
	sock=$(sed -n 's/^control_socket = "\(.*\)";/\1/p' "$conf")
	nsenter --net="/run/netns/$ns" "$BUILD/xmipd" -c "$conf" >"$log" 2>&1 &
	BENCH_XMIPD_PID=$!
	for ((i = 0; i < 1200; i++)); do
		"$BUILD/xmipctl" -s "$sock" status >/dev/null 2>&1 && return 0
		kill -0 "$BENCH_XMIPD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "xmipd in $ns did not start: $(tail -3 "$log")" >&2
	return 1
}

# bench_xmipd_stop NETNS CONF: stops the agent bench_xmipd started (if it
# still runs) and removes its pinned maps, which a restart would keep: the
# next size needs new ones.
bench_xmipd_stop() {
	local ns=$1 conf=$2
	[ -n "${BENCH_XMIPD_PID:-}" ] && kill "$BENCH_XMIPD_PID" 2>/dev/null && wait "$BENCH_XMIPD_PID" 2>/dev/null
	BENCH_XMIPD_PID=
	[ -f "$conf" ] && nsenter --net="/run/netns/$ns" "$BUILD/xmipd" -c "$conf" --cleanup >/dev/null 2>&1
	return 0
}

# bench_ha_config N INSTANCE DIR [LINE...]: prints a home agent's
# configuration with N mobile nodes (home link home0, uplink up0 with
# 2001:db8:1::2 and 198.51.100.2, control socket in DIR), the LINEs in its
# home_agent group. Node i has the home addresses 2001:db8:100::1:0 + i and
# 10.0.0.0 + i (bench/bu_load's numbering).
bench_ha_config() {
	local n=$1 instance=$2 dir=$3
	shift 3
	cat <<CONF
instance = "$instance";
role = "home-agent";
log_level = "info";
control_socket = "$dir/ha.sock";
signalling = true;
dataplane = { max_bindings = $((n + 16)); };
home_agent = {
  home_link = "home0";
  interfaces = [ "up0" ];
  address6 = "2001:db8:1::2";
  address4 = "198.51.100.2";
  home_prefix6 = "2001:db8:100::/64";
  home_prefix4 = "10.0.0.0/8";
CONF
	[ $# -gt 0 ] && printf '  %s\n' "$@"
	echo "  mobile_nodes = ("
	awk -v n="$n" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "    { id = \"mn%d@bench\"; home_address6 = \"2001:db8:100::%x:%x\"; ipv4_home_addresses = [ \"10.%d.%d.%d\" ]; }%s\n",
				i, int(i / 65536) + 1, i % 65536, int(i / 65536) % 256, int(i / 256) % 256, i % 256, i < n - 1 ? "," : ""
	}'
	echo "  );"
	echo "};"
}
