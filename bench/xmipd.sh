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
