# shellcheck shell=bash
# The two namespaces the signalling load runs in (bench/bu_rate.sh,
# selftests/netns/test_bu_flood.sh), sourced: bu_lab_up GEN HA makes them.
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
# bench/xmipd.sh, configuration WORK/ha.conf) stopped, its pins removed, the
# namespaces and WORK gone.
bu_lab_teardown() {
	bench_xmipd_stop "$2" "$3/ha.conf"
	bu_lab_down "$1" "$2"
	rm -rf "$3"
}

bu_lab_down() {
	ip netns del "$1" 2>/dev/null
	ip netns del "$2" 2>/dev/null
	return 0
}
