# shellcheck shell=bash
# The lab: network namespaces joined by veth pairs, for the tests and the
# benchmarks alike. Source this file (selftests/lib/agents.sh does), then a
# topology from topo/ (the DSMIPv6 lab of ARCHITECTURE.md section 6 is
# topo/dsmip6.sh; the benchmarks' are topo/veth.sh and topo/signal.sh):
#
#   lab_up_nodes      the namespaces listed in LAB_NODES, no links
#   lab_exec NODE ... run a command in NODE's network namespace only (the
#                     mount namespace stays the host's, so /sys/fs/bpf pins are
#                     shared and survive the command)
#   lab_link A IFA B IFB, lab_addr, lab_addr6, lab_route, lab_forwarding,
#   lab_xdp_pass
#   lab_spawn, lab_on_down, lab_stop, lab_wait
#   lab_down          remove every namespace, process and pin it made
#
# lab_up_nodes installs traps so that lab_down runs on exit, error, Ctrl-C
# or SIGTERM: a failing test leaves nothing behind.

LAB_PREFIX=${LAB_PREFIX:-xl$$-}
LAB_NODES=()                  # a topology sets them; a test may set its own
LAB_PIDS=()
LAB_CLEANUPS=()

lab_ns() { echo "${LAB_PREFIX}$1"; }

lab_exec() {
	local node=$1
	shift
	nsenter --net="/run/netns/$(lab_ns "$node")" -- "$@"
}

# A veth pair between two nodes: lab_link A IFA B IFB
#
# Checksums are computed when a packet leaves a node, as a real NIC's wire
# would have them: a veth otherwise hands over TCP and UDP with the checksum
# still left to offload (CHECKSUM_PARTIAL), which survives only while the
# packet stays an skb; a frame that XDP redirects or sends back (the home
# agent's and mobile node's fast paths) would arrive with it unfinished.
lab_link() {
	ip link add "$2" netns "$(lab_ns "$1")" type veth peer name "$4" netns "$(lab_ns "$3")"
	lab_exec "$1" ethtool -K "$2" tx off >/dev/null
	lab_exec "$3" ethtool -K "$4" tx off >/dev/null
	lab_exec "$1" ip link set "$2" up
	lab_exec "$3" ip link set "$4" up
}

lab_addr() { lab_exec "$1" ip addr add "$3" dev "$2" nodad 2>/dev/null || lab_exec "$1" ip addr add "$3" dev "$2"; }
lab_addr6() { lab_exec "$1" ip -6 addr add "$3" dev "$2" nodad; }
lab_route() { local n=$1; shift; lab_exec "$n" ip route add "$@"; }

# lab_xdp_pass OBJ NODE...: the pass-only XDP program (OBJ) on every veth of
# the nodes: a veth delivers what its peer sends with XDP_TX or redirect
# only when it runs XDP itself (GRO on the peer is documented as an
# alternative; on the kernels here it did not deliver). Veths only: a
# namespace also has the fallback devices (sit0, tunl0, ip6tnl0) of any
# tunnel module loaded, without XDP.
lab_xdp_pass() {
	local obj=$1 n d
	shift
	for n in "$@"; do
		for d in $(lab_exec "$n" ip -j link show type veth | jq -r '.[].ifname'); do
			lab_exec "$n" ip link set dev "$d" xdpdrv obj "$obj" sec xdp
		done
	done
}

lab_forwarding() {
	lab_exec "$1" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# Only the namespaces of LAB_NODES, with the teardown traps; no links.
lab_up_nodes() {
	local n
	trap 'lab_down' EXIT
	trap 'lab_down; exit 130' INT
	trap 'lab_down; exit 143' TERM
	for n in "${LAB_NODES[@]}"; do
		ip netns add "$(lab_ns "$n")"
		lab_exec "$n" ip link set lo up
		# No router advertisements or DAD delays: the lab is static.
		lab_exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
			net.ipv6.conf.all.keep_addr_on_down=1 net.ipv6.conf.default.keep_addr_on_down=1
	done
}

# Starts a background command in a node and remembers it for lab_down.
# Usage: lab_spawn NODE LOGFILE CMD...; the pid is left in LAB_LAST_PID.
lab_spawn() {
	local node=$1 log=$2
	shift 2
	nsenter --net="/run/netns/$(lab_ns "$node")" -- "$@" >"$log" 2>&1 &
	LAB_LAST_PID=$!
	LAB_PIDS+=("$LAB_LAST_PID")
}

# Registers a command for lab_down to run after the processes are stopped and
# before the namespaces go (e.g. xmipd --cleanup). Run in reverse order.
lab_on_down() { LAB_CLEANUPS+=("$*"); }

# lab_stop PID WHAT: SIGTERM, up to 10 s for the process to exit, then
# SIGKILL (and a failed return, said on stderr).
lab_stop() {
	local pid=$1 what=$2 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
		sleep 0.1
	done
	echo "lab_stop: $what $pid did not stop in 10 s" >&2
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 1
}

# Waits up to $2 seconds (default 10) for the command "$3..." to succeed.
lab_wait() {
	local what=$1 secs=${2:-10} i
	shift 2
	for ((i = 0; i < secs * 10; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "lab_wait: timed out after ${secs}s waiting for $what" >&2
	return 1
}

lab_down() {
	local pid n c i
	trap - EXIT INT TERM
	for pid in "${LAB_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${LAB_PIDS[@]}"; do
		for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	LAB_PIDS=()
	# Last registered, first run (like defer): a cleanup may need what an
	# earlier registration removes, e.g. a config file in a temp directory.
	for ((i = ${#LAB_CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${LAB_CLEANUPS[i]}" >/dev/null 2>&1 || true
	done
	LAB_CLEANUPS=()
	for n in "${LAB_NODES[@]}"; do
		# Anything still running in the namespace goes with it.
		if [ -e "/run/netns/$(lab_ns "$n")" ]; then
			ip netns pids "$(lab_ns "$n")" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
			ip netns del "$(lab_ns "$n")" 2>/dev/null || true
		fi
	done
}

# Lists what a lab with this prefix left behind (for the no-leftovers test).
lab_leftovers() {
	local n
	for n in "${LAB_NODES[@]}"; do
		[ -e "/run/netns/$(lab_ns "$n")" ] && echo "namespace $(lab_ns "$n")"
	done
	return 0
}
