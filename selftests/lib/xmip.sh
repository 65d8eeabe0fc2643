# shellcheck shell=bash
# Running xmip in the lab: configuration files for the home agent and the
# mobile node of the lab topology, and starting/stopping xmipd. Source after
# lab.sh. XMIP_BUILD points at the build directory.

XMIP_BUILD=${XMIP_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build}
XMIPD=$XMIP_BUILD/xmipd
XMIPCTL=$XMIP_BUILD/xmipctl

# Writes ha.conf and mn.conf for the lab into DIR; instances are named
# "${LAB_PREFIX}ha" and "${LAB_PREFIX}mn".
xmip_write_configs() {
	local dir=$1
	cat >"$dir/ha.conf" <<CONF
# Home agent of the xmip lab.
instance = "$(lab_ns ha)";
role = "home-agent";
log_level = "debug";
control_socket = "$dir/ha.sock";

dataplane = {
  xdp_mode = "auto";
  max_bindings = 4096;
};

home_agent = {
  home_link = "ha-home";
  interfaces = [ "ha-up" ];
  address6 = "$LAB_HA6";
  address4 = "$LAB_HA4";
  home_prefix6 = "2001:db8:100::/64";
  home_prefix4 = "192.0.2.0/24";
  ipv4_pool = "192.0.2.128/25";
  nat_keepalive = 110;
  allow_unprotected_bu = true;
  mobile_nodes = (
    { id = "mn1@lab.example"; home_address6 = "$LAB_MN_HOA6";
      ipv4_home_addresses = [ "$LAB_MN_HOA4" ]; }
  );
};
CONF
	cat >"$dir/mn.conf" <<CONF
# Mobile node of the xmip lab.
instance = "$(lab_ns mn)";
role = "mobile-node";
log_level = "debug";
control_socket = "$dir/mn.sock";

mobile_node = {
  id = "mn1@lab.example";
  tunnel_interface = "xmip0";
  interfaces = [ "mn-v6", "mn-v4", "mn-nat", "mn-dual" ];
  home_address6 = "$LAB_MN_HOA6";
  home_address4 = "$LAB_MN_HOA4";
  home_agent6 = "$LAB_HA6";
  home_agent4 = "$LAB_HA4";
};
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
xmip_stop() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
		sleep 0.1
	done
	echo "xmip_stop: xmipd $pid did not stop in 10 s" >&2
	kill -KILL "$pid" 2>/dev/null
	return 1
}
