# shellcheck shell=bash
# Running xmip in the lab: configuration files for the home agent and the
# mobile node of the lab topology, and starting/stopping xmipd. Source after
# lab.sh. XMIP_BUILD points at the build directory.

XMIP_BUILD=${XMIP_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build}
XMIPD=$XMIP_BUILD/xmipd
XMIPCTL=$XMIP_BUILD/xmipctl

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
# entries in the home agent's mobile_nodes). XMIP_HA_UNPROTECTED=false makes the home
# agent refuse BUs that IPsec did not protect.
xmip_write_configs() {
	local dir=$1 signalling=${XMIP_SIGNALLING:-false}
	local ifaces=${XMIP_MN_IFACES:-'"mn-v6", "mn-v4", "mn-nat", "mn-dual"'}
	cat >"$dir/ha.conf" <<CONF
# Home agent of the xmip lab.
instance = "$(lab_ns ha)";
role = "home-agent";
log_level = "debug";
control_socket = "$dir/ha.sock";
signalling = $signalling;

dataplane = {
  xdp_mode = "auto";
  max_bindings = 4096;
};

home_agent = {
  home_link = "ha-home";
  interfaces = [ "ha-up" ];
  address6 = "$LAB_HA6";
  address4 = "${XMIP_HA_ADDRESS4:-$LAB_HA4}";
  home_prefix6 = "2001:db8:100::/64";
  home_prefix4 = "192.0.2.0/24";
  ipv4_pool = "192.0.2.128/25";
  nat_keepalive = ${XMIP_HA_NAT_KEEPALIVE:-110};
  allow_unprotected_bu = ${XMIP_HA_UNPROTECTED:-true};
  ${XMIP_HA_EXTRA:-}
  mobile_nodes = (
    { id = "mn1@lab.example"; home_address6 = "$LAB_MN_HOA6";
      ipv4_home_addresses = [ "$LAB_MN_HOA4" ]; ${XMIP_HA_MN_EXTRA:-} }${XMIP_HA_MORE_NODES:-}
  );
};
${XMIP_HA_TOP:-}
CONF
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
  ${XMIP_MN_EXTRA:-}
};
${XMIP_MN_TOP:-}
CONF
}

# Starts xmipd in NODE with CONF, waits until its control socket answers.
# Registers the cleanup (detach + unpin) with the lab. XMIPD_PID is set.
xmip_start() {
	local node=$1 conf=$2 log=$3 sock
	sock=$(sed -n 's/^control_socket = "\(.*\)";/\1/p' "$conf")
	lab_on_down "lab_exec $node $XMIPD -c $conf --cleanup"
	lab_spawn "$node" "$log" "$XMIPD" -c "$conf"
	XMIPD_PID=$LAB_LAST_PID
	# Generous: under software emulation (the stock-kernel tier) a start
	# takes seconds. An agent that exits fails at once.
	local i
	for ((i = 0; i < 600; i++)); do
		"$XMIPCTL" -s "$sock" status >/dev/null 2>&1 && return 0
		kill -0 "$XMIPD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "xmip_start: xmipd in $node $(kill -0 "$XMIPD_PID" 2>/dev/null && echo 'did not answer in 60 s' || echo exited); log ($log):" >&2
	grep -v ' debug: ' "$log" >&2
	return 1
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
