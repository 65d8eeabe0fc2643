# shellcheck shell=bash
# Running xmipd, for the tests and the benchmarks: one way to start and
# stop it in a network namespace, one writer of a home agent's
# configuration, and the DSMIPv6 lab's pair of configurations. Source after
# lab.sh. XMIP_BUILD (or a benchmark's BUILD) points at the build directory.

XMIP_BUILD=${XMIP_BUILD:-${BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build}}
XMIPD=$XMIP_BUILD/xmipd
XMIPCTL=$XMIP_BUILD/xmipctl

# xmipd_start NETNS CONF LOG [SECONDS]: xmipd -c CONF in the network
# namespace NETNS, its output in LOG; returns once it answers on the control
# socket CONF names (within SECONDS, default 120: a large configuration, or
# software emulation, takes a while), with its pid in XMIPD_PID. An agent
# that exits fails at once, with its log (debug lines left out).
xmipd_start() {
	local ns=$1 conf=$2 log=$3 secs=${4:-120} sock i
	sock=$(sed -n 's/^control_socket = "\(.*\)";/\1/p' "$conf")
	nsenter --net="/run/netns/$ns" "$XMIPD" -c "$conf" >"$log" 2>&1 &
	XMIPD_PID=$!
	for ((i = 0; i < secs * 10; i++)); do
		"$XMIPCTL" -s "$sock" status >/dev/null 2>&1 && return 0
		kill -0 "$XMIPD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "xmipd in $ns $(kill -0 "$XMIPD_PID" 2>/dev/null && echo "did not answer in $secs s" || echo exited); log ($log):" >&2
	grep -v ' debug: ' "$log" | tail -20 >&2
	return 1
}

# xmipd_stop_cleanup NETNS CONF [PID]: stops the agent (if it still runs)
# and removes what it left in the kernel (its programs, its pinned maps,
# which a restart would keep: the next run needs new ones).
xmipd_stop_cleanup() {
	local ns=$1 conf=$2 pid=${3:-${XMIPD_PID:-}}
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	XMIPD_PID=
	[ -f "$conf" ] && nsenter --net="/run/netns/$ns" "$XMIPD" -c "$conf" --cleanup >/dev/null 2>&1
	return 0
}

# xmip_conf_home_agent KEY=VALUE...: prints a home agent's configuration.
# Keys (defaults in brackets): instance, socket (the control socket),
# signalling [true], log_level [info], xdp_mode [auto], max_bindings [4096],
# home_link, uplinks (a list's inside: "a", "b"), address6, address4,
# home_prefix6, home_prefix4, extra (lines inside home_agent = { }), nodes
# (the mobile_nodes list's inside), top (lines after the section).
xmip_conf_home_agent() {
	local -A c=([signalling]=true [log_level]=info [xdp_mode]=auto [max_bindings]=4096 [extra]= [top]=
		    [address4]= [home_prefix4]= [nodes]=)
	local kv
	for kv in "$@"; do c[${kv%%=*}]=${kv#*=}; done
	cat <<CONF
instance = "${c[instance]}";
role = "home-agent";
log_level = "${c[log_level]}";
control_socket = "${c[socket]}";
signalling = ${c[signalling]};
dataplane = { xdp_mode = "${c[xdp_mode]}"; max_bindings = ${c[max_bindings]}; };
home_agent = {
  home_link = "${c[home_link]}";
  interfaces = [ ${c[uplinks]} ];
  address6 = "${c[address6]}";
$([ -z "${c[address4]}" ] || echo "  address4 = \"${c[address4]}\";")
  home_prefix6 = "${c[home_prefix6]}";
$([ -z "${c[home_prefix4]}" ] || echo "  home_prefix4 = \"${c[home_prefix4]}\";")
${c[extra]}
  mobile_nodes = (
${c[nodes]}
  );
};
${c[top]}
CONF
}

# xmip_conf_numbered_nodes N: the mobile_nodes entries of N nodes numbered
# as bench/bu_load numbers them: node i has the home addresses
# 2001:db8:100::1:0 + i and 10.0.0.0 + i.
xmip_conf_numbered_nodes() {
	awk -v n="$1" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "    { id = \"mn%d@bench\"; home_address6 = \"2001:db8:100::%x:%x\"; ipv4_home_addresses = [ \"10.%d.%d.%d\" ]; }%s\n",
				i, int(i / 65536) + 1, i % 65536, int(i / 65536) % 256, int(i / 256) % 256, i % 256, i < n - 1 ? "," : ""
	}'
}

# The lab node's RFC 4285 association (node id, SPI, key), shared by its
# home agent and itself.
LAB_MN_HA_SPI=4285
LAB_MN_HA_KEY="mn1@lab.example $LAB_MN_HA_SPI 6c61622d6d6e312d6b65792d666f722d7266633432383521"

# xmip_conf_protection HOW DIR: a section's bu_protection line(s) for HOW;
# for "rfc4285" the lab's keys file too (written into DIR, 0600), with the
# lines of XMIP_MORE_KEYS (other nodes').
xmip_conf_protection() {
	echo "bu_protection = \"$1\";"
	if [ "$1" = rfc4285 ]; then
		(umask 077 && printf '%s\n' "$LAB_MN_HA_KEY" ${XMIP_MORE_KEYS:+"$XMIP_MORE_KEYS"} >"$2/mn-ha.keys")
		echo "  mn_ha_keys = \"$2/mn-ha.keys\";"
	fi
}

# Writes ha.conf and mn.conf for the lab into DIR; instances are named
# "${LAB_PREFIX}ha" and "${LAB_PREFIX}mn". XMIP_SIGNALLING=true lets the
# agents register by themselves; by default bindings are set with dpctl.
# Scenarios change the defaults with XMIP_HA_ADDRESS4 (the home agent's own
# IPv4 address), XMIP_MN_HA4 (where the mobile node sends to it),
# XMIP_MN_HOA4 ("0.0.0.0": dynamic, "none": no IPv4 home address), XMIP_MN_IFACES, XMIP_MN_HOME_AGENT (the
# node's home agent settings, e.g. home_agent_domain), and add settings with
# XMIP_HA_EXTRA (the home agent's section), XMIP_HA_NAT_KEEPALIVE,
# XMIP_HA_MN_EXTRA (the home agent's entry for the node), XMIP_MN_EXTRA
# (the mobile node's section) and XMIP_HA_TOP / XMIP_MN_TOP (top-level
# settings such as ipsec = { }), XMIP_HA_MORE_NODES (", { ... }": more
# entries in the home agent's mobile_nodes). XMIP_HA_PROTECTION and
# XMIP_MN_PROTECTION choose each side's bu_protection: "rfc4285" (the
# default, with the lab's key in DIR/mn-ha.keys), "ipsec" (with an ipsec
# section in XMIP_*_TOP) or "unprotected-for-tests".
xmip_write_configs() {
	local dir=$1 signalling=${XMIP_SIGNALLING:-false}
	local ifaces=${XMIP_MN_IFACES:-'"mn-v6", "mn-v4", "mn-nat", "mn-dual"'}
	local ha_protection mn_protection
	ha_protection=$(xmip_conf_protection "${XMIP_HA_PROTECTION:-rfc4285}" "$dir")
	mn_protection=$(xmip_conf_protection "${XMIP_MN_PROTECTION:-rfc4285}" "$dir")
	xmip_conf_home_agent instance="$(lab_ns ha)" socket="$dir/ha.sock" signalling="$signalling" \
		log_level=debug home_link=ha-home uplinks='"ha-up"' address6="$LAB_HA6" \
		address4="${XMIP_HA_ADDRESS4:-$LAB_HA4}" home_prefix6=2001:db8:100::/64 home_prefix4=192.0.2.0/24 \
		extra="  ipv4_pool = \"192.0.2.128/25\";
  nat_keepalive = ${XMIP_HA_NAT_KEEPALIVE:-110};
  $ha_protection
  ${XMIP_HA_EXTRA:-}" \
		nodes="    { id = \"mn1@lab.example\"; home_address6 = \"$LAB_MN_HOA6\";
      ipv4_home_addresses = [ \"$LAB_MN_HOA4\" ]; ${XMIP_HA_MN_EXTRA:-} }${XMIP_HA_MORE_NODES:-}" \
		top="${XMIP_HA_TOP:-}" >"$dir/ha.conf"
	cat >"$dir/mn.conf" <<CONF
# Mobile node of the xmip lab.
instance = "$(lab_ns mn)";
role = "mobile-node";
log_level = "debug";
control_socket = "$dir/mn.sock";
signalling = $signalling;

mobile_node = {
  id = "mn1@lab.example";
  tunnel_interface = "xmip0";
  interfaces = [ $ifaces ];
  home_address6 = "$LAB_MN_HOA6";
  $([ "${XMIP_MN_HOA4:-}" = none ] || echo "home_address4 = \"${XMIP_MN_HOA4:-$LAB_MN_HOA4}\";")
  ${XMIP_MN_HOME_AGENT:-home_agent6 = \"$LAB_HA6\"; home_agent4 = \"${XMIP_MN_HA4:-$LAB_HA4}\";}
  $mn_protection
  ${XMIP_MN_EXTRA:-}
};
${XMIP_MN_TOP:-}
CONF
}

# Starts xmipd in the lab's NODE with CONF, waits until its control socket
# answers. Registers the cleanup (detach + unpin) with the lab. XMIPD_PID
# is set. Generous: under software emulation (the stock-kernel tier) a start
# takes seconds.
xmip_start() {
	local node=$1 conf=$2 log=$3
	lab_on_down "lab_exec $node $XMIPD -c $conf --cleanup"
	xmipd_start "$(lab_ns "$node")" "$conf" "$log" 60 || return 1
	LAB_PIDS+=("$XMIPD_PID")
}

# Stops an xmipd with SIGTERM and waits (bounded) for it to exit.
xmip_stop() { lab_stop "$1" xmipd; }

# The lab with both agents running and traffic ready to flow: XDP pass on the
# routers, the mobile node's home addresses routed out of its tunnel
# interface toward the correspondents and the home link. Files go to DIR;
# XMIP_HA and XMIP_MN name the instances.
xmip_tunnel_lab() {
	local dir=$1
	lab_up
	lab_on_down "rm -rf $dir"
	xmip_write_configs "$dir"
	xmip_start ha "$dir/ha.conf" "$dir/ha.log"
	xmip_start mn "$dir/mn.conf" "$dir/mn.log"
	lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
	XMIP_HA=$(lab_ns ha)
	XMIP_MN=$(lab_ns mn)
	lab_exec mn ip addr add "$LAB_MN_HOA4/32" dev xmip0
	lab_exec mn ip -6 route add 2001:db8:2::/64 dev xmip0 src "$LAB_MN_HOA6"
	lab_exec mn ip route add 198.51.100.16/28 dev xmip0 src "$LAB_MN_HOA4"
	lab_exec mn ip -6 route add 2001:db8:100::/64 dev xmip0 src "$LAB_MN_HOA6"
	lab_exec mn ip route add 192.0.2.0/24 dev xmip0 src "$LAB_MN_HOA4"
}

# xmip_use NET FORMAT COA HA-ADDRESS IFNAME [PORT [SEEN-AS]]: the mobile node
# moves to NET and both sides apply the tunnel as the agents will (dpctl: map
# entry, route, proxy entry, MTU). SEEN-AS is the care-of address as the home
# agent sees it (a NAT's public address).
xmip_use() {
	local net=$1 format=$2 coa=$3 ha=$4 dev=$5 port=${6:-} seen=${7:-$3}
	local dpctl=$XMIP_BUILD/tests/dpctl
	lab_mn_use "$net"
	lab_exec ha "$dpctl" "$XMIP_HA" ha-bind "$LAB_MN_HOA6" "$format" "$seen" "$ha" $port
	lab_exec ha "$dpctl" "$XMIP_HA" ha-bind "$LAB_MN_HOA4" "$format" "$seen" "$ha" $port
	lab_exec mn "$dpctl" "$XMIP_MN" mn-tunnel "$format" "$coa" "$ha" "$dev" $port
}

# xmip_counter ROLE NAME: a data-plane counter of the agent whose control
# socket is $dir/ROLE.sock.
xmip_counter() {
	"$XMIPCTL" -s "$dir/$1.sock" --json stats | jq ".counters[] | select(.name == \"$2\") | .value"
}

# With the agents signalling (their control sockets in $dir):
# xmip_mn_state: "STATE FORMAT CARE-OF" from the mobile node's list entry.
xmip_mn_state() {
	"$XMIPCTL" -s "$dir/mn.sock" --json registrations | jq -r '"\(.state) \(.format) \(.care_of_address)"'
}
# xmip_registered FORMAT COA: the mobile node says so within 10 s, or the
# test fails.
xmip_registered() {
	local want="registered $1 $2" i
	for ((i = 0; i < 100; i++)); do
		[ "$(xmip_mn_state)" = "$want" ] && { pass "registered: $1 from $2"; return 0; }
		sleep 0.1
	done
	fail "registration via $1 from $2: mobile node says '$(xmip_mn_state)'"
}
# xmip_ha_via: how the home agent reaches its first registration.
xmip_ha_via() { "$XMIPCTL" -s "$dir/ha.sock" --json registrations | jq -r '.registrations[0].via'; }

# xmip_ping_all WHAT NODE PING-ARGS...: three echo requests, three replies,
# or the test fails with what ping said.
xmip_ping_all() {
	local what=$1 node=$2 out
	shift 2
	if out=$(lab_exec "$node" ping -c 3 -i 0.2 -W 2 "$@" 2>&1) && grep -q " 0% packet loss" <<<"$out"; then
		pass "$what"
	else
		fail "$what: $(grep -E 'transmitted|unreachable' <<<"$out" | head -2)"
	fi
}
