# shellcheck shell=bash
# The signalling lab: the two namespaces a signalling load runs in
# (bench/bu_rate.sh, flood_rate.sh, soak.sh, selftests/netns/test_bu_flood.sh,
# test_restart_bindings.sh), sourced after lab.sh and xmip.sh:
# bu_lab_up GEN HA makes them.
#
#   GEN  gen0 --- up0  HA  home0 --- homepeer
#        2001:db8:1::1   2001:db8:1::2, 198.51.100.2 (home link: home0)
#
# bench/bu_load in GEN speaks for the mobile nodes; their care-of addresses
# (2001:db8:ff00::/40) are routed to it, and both ends know each other's
# MAC: no neighbour discovery in the measurement. bu_lab_down GEN HA
# removes them.
bu_lab_up() {
	local gen=$1 ha=$2 l
	ip netns add "$gen"
	ip netns add "$ha"
	ip -n "$ha" link add home0 type veth peer name homepeer
	ip -n "$ha" link add up0 type veth peer name gen0 netns "$gen"
	for l in lo home0 homepeer up0; do ip -n "$ha" link set "$l" up; done
	ip -n "$gen" link set lo up
	ip -n "$gen" link set gen0 up
	ip -n "$ha" addr add 2001:db8:1::2/64 dev up0 nodad
	ip -n "$ha" addr add 198.51.100.2/24 dev up0
	ip -n "$gen" addr add 2001:db8:1::1/64 dev gen0 nodad
	ip -n "$ha" -6 route add 2001:db8:ff00::/40 via 2001:db8:1::1 dev up0
	ip -n "$gen" -6 neigh replace 2001:db8:1::2 lladdr "$(ip -n "$ha" -br link show up0 | awk '{print $3}')" dev gen0 nud permanent
	ip -n "$ha" -6 neigh replace 2001:db8:1::1 lladdr "$(ip -n "$gen" -br link show gen0 | awk '{print $3}')" dev up0 nud permanent
}

# bu_lab_teardown GEN HA WORK: a script's cleanup; its agent (started with
# xmipd_start, configuration WORK/ha.conf) stopped, its pins removed, the
# namespaces and WORK gone.
bu_lab_teardown() {
	xmipd_stop_cleanup "$2" "$3/ha.conf"
	bu_lab_down "$1" "$2"
	rm -rf "$3"
}

bu_lab_down() {
	ip netns del "$1" 2>/dev/null
	ip netns del "$2" 2>/dev/null
	return 0
}

# The bench nodes' RFC 4285 keys: node i's is BU_LAB_KEY then i as four
# bytes (hex), SPI 1000; bench/bu_load -a BU_LAB_KEY signs with them.
BU_LAB_KEY=786d69702d62656e63682d6b65792d6d6e2d68612d31

# bu_lab_keys N FILE: the first N bench nodes' keys into FILE (0600);
# prints the setting that names it.
bu_lab_keys() {
	(umask 077 && awk -v n="$1" -v key="$BU_LAB_KEY" 'BEGIN {
		for (i = 0; i < n; i++) printf "mn%d@bench 1000 %s%08x\n", i, key, i }' >"$2")
	echo "mn_ha_keys = \"$2\";"
}

# bu_lab_ha_conf N INSTANCE DIR [LINE...]: the home agent of this lab (home
# link home0, uplink up0 with 2001:db8:1::2 and 198.51.100.2, control socket
# in DIR) with N mobile nodes numbered as bench/bu_load numbers them, the
# LINEs in its home_agent group. Its BUs are protected as BU_PROTECTION
# says: "rfc4285" (the default; every node's key in DIR/ha.keys) or
# "unprotected-for-tests".
bu_lab_ha_conf() {
	local n=$1 instance=$2 dir=$3 lines protection=${BU_PROTECTION:-rfc4285}
	shift 3
	[ "$protection" = rfc4285 ] && set -- "$(bu_lab_keys "$n" "$dir/ha.keys")" "$@"
	set -- "bu_protection = \"$protection\";" "$@"
	lines=$(printf '  %s\n' "$@")
	xmip_conf_home_agent instance="$instance" socket="$dir/ha.sock" max_bindings=$((n + 16)) \
		xdp_mode=auto home_link=home0 uplinks='"up0"' address6=2001:db8:1::2 address4=198.51.100.2 \
		home_prefix6=2001:db8:100::/64 home_prefix4=10.0.0.0/8 extra="$lines" \
		nodes="$(xmip_conf_numbered_nodes "$n")"
}

# bu_lab_load_auth: bench/bu_load's argument that signs as the home agent
# bu_lab_ha_conf wrote expects (none when unprotected).
bu_lab_load_auth() {
	[ "${BU_PROTECTION:-rfc4285}" = rfc4285 ] && echo "-a $BU_LAB_KEY"
	return 0
}

# bu_lab_lma_conf N INSTANCE DIR: an LMA in this lab's HA namespace (its
# address 2001:db8:1::2 on up0, control socket and state file in DIR) for
# N hosts numbered as bench/bu_load -P numbers them (host i is
# "host<i>@bench", its static IPv4 home address 10.128.0.0 + i: clear of
# the home agent's nodes, for a process running both), and one MAG,
# GEN's 2001:db8:1::1. BU_PROTECTION as for bu_lab_ha_conf; the MAG's key
# is BU_LAB_KEY, SPI 1000 (bench/bu_load -P ... -a BU_LAB_KEY).
bu_lab_lma_conf() {
	local n=$1 instance=$2 dir=$3 protection=${BU_PROTECTION:-rfc4285} keys=
	if [ "$protection" = rfc4285 ]; then
		(umask 077 && echo "bench-mag 1000 $BU_LAB_KEY" >"$dir/lma.keys")
		keys="mag_lma_keys = \"$dir/lma.keys\";"
	fi
	cat <<CONF
instance = "$instance";
role = "lma";
control_socket = "$dir/ha.sock";
dataplane = { xdp_mode = "auto"; max_bindings = $((n + 16)); };
lma = {
  interfaces = [ "up0" ];
  address6 = "2001:db8:1::2";
  home_prefix4 = "10.0.0.0/8";
  default_router4 = "10.255.255.254";
  bu_protection = "$protection";
  $keys
  state_file = "$dir/lma.state";
  mags = ( { id = "bench-mag"; address6 = "2001:db8:1::1"; } );
  hosts = (
$(awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "    { id = \"host%d@bench\"; ipv4_home_address = \"10.%d.%d.%d\"; }%s\n",
			i, 128 + int(i / 65536) % 128, int(i / 256) % 256, i % 256, i < n - 1 ? "," : ""
}')
  );
};
CONF
}
