#!/usr/bin/env bash
# A mobile router (RFC 3963 explicit mode, over DSMIPv6) with a dynamic IPv4
# home address (RFC 5555 4.5: 0.0.0.0 asked, one of the pool given), and
# its return to the home link (RFC 6275 11.5.4). A host behind the router,
# on 2001:db8:200::/64, is reached through its prefix from the IPv4-only
# and the IPv6-only visited networks; an IPv4-only correspondent reaches
# the assigned address; at home the router deregisters, its home address
# works natively on the home link, and leaving home registers it again.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"

MNP=2001:db8:200::/64
MRHOST=2001:db8:200::10
LAB_NODES+=(mrhost)

dir=$(mktemp -d /tmp/xmip-mr.XXXXXX)
lab_up
lab_on_down "rm -rf $dir"
# The router's own network, and the core's way to it (the home agent).
lab_link mn mn-lan mrhost mr-0
lab_addr6 mn mn-lan 2001:db8:200::1/64; lab_addr6 mrhost mr-0 $MRHOST/64
lab_route mrhost default via 2001:db8:200::1
lab_route core $MNP via $LAB_HA6
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
lab_mn_home_link "$XMIP_BUILD/tests/xdp_pass.bpf.o"

XMIP_SIGNALLING=true XMIP_MN_HOA4=0.0.0.0 \
XMIP_MN_IFACES='"mn-v6", "mn-v4", "mn-home"' \
XMIP_HA_MN_EXTRA="mobile_network_prefixes = [ \"$MNP\" ];" \
XMIP_MN_EXTRA="mobile_network_prefixes = [ \"$MNP\" ];" \
	xmip_write_configs "$dir"
lab_mn_use v4net
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
if [ -z "${XMIP_IN_VM:-}" ]; then
	wire_start v4net v4-mn "$dir/v4.pcapng"
	wire_start v6net v6-mn "$dir/v6.pcapng"
	wire_start home home-mn "$dir/home.pcapng"
fi
xmip_start mn "$dir/mn.conf" "$dir/mn.log"

mn_json() { "$XMIPCTL" -s "$dir/mn.sock" --json registrations; }
ha_json() { "$XMIPCTL" -s "$dir/ha.sock" --json registrations; }
# state STATE [FORMAT]: the mobile router's list entry says so (10 s).
state() {
	local want="$1${2:+ $2}" got i
	for ((i = 0; i < 100; i++)); do
		got=$(mn_json | jq -r 'if .state == "registered" then "\(.state) \(.format)" else .state end')
		[ "$got" = "$want" ] && { pass "mobile router: $want"; return 0; }
		sleep 0.1
	done
	fail "mobile router: wanted '$want', says '$got'"
}

state registered ipv4
hoa4=$(mn_json | jq -r '.home_address4 // empty')
expect_match "dynamic IPv4 home address from the pool (192.0.2.128/25)" '^192\.0\.2\.(1[3-9][0-9]|2[0-5][0-9]|129)$' "$hoa4"
expect_eq "home agent binds the same address" "$hoa4" "$(ha_json | jq -r '.registrations[0].home_address4')"
expect_eq "home agent binds the prefix" "$MNP" "$(ha_json | jq -r '.registrations[0].prefixes[0]')"
expect_eq "prefix routed into the tunnel on the router" "true" "$(mn_json | jq -r '.prefixes_routed')"
expect_match "address on the tunnel interface" "inet $hoa4/32" "$(lab_exec mn ip -4 addr show dev xmip0)"
xmip_ping_all "IPv4 visited network: CN6 -> host behind the router" cn6 -6 "$MRHOST"
xmip_ping_all "IPv4 visited network: host behind the router -> CN6" mrhost -6 "$LAB_CN6"
xmip_ping_all "IPv4 visited network: home host -> host behind the router" home -6 "$MRHOST"
xmip_ping_all "IPv4 visited network: CN4 -> dynamic home address" cn4 "$hoa4"
xmip_ping_all "IPv4 visited network: dynamic home address -> CN4" mn -I "$hoa4" "$LAB_CN4"

lab_mn_use v6net
state registered ipv6
xmip_ping_all "IPv6 visited network: CN6 -> host behind the router" cn6 -6 "$MRHOST"
xmip_ping_all "IPv6 visited network: host behind the router -> CN6" mrhost -6 "$LAB_CN6"
xmip_ping_all "IPv6 visited network: CN4 -> dynamic home address" cn4 "$hoa4"
expect_eq "the same dynamic address after the move" "$hoa4" "$(mn_json | jq -r '.home_address4')"

# Home: deregistered, the home address on the home link, reached natively.
lab_mn_use home
state "at home"
for ((i = 0; i < 50; i++)); do [ "$(ha_json | jq '.registrations | length')" = 0 ] && break; sleep 0.1; done
expect_eq "home agent holds no binding" "0" "$(ha_json | jq '.registrations | length')"
expect_match "home address on the home link interface" "$LAB_MN_HOA6/128" "$(lab_exec mn ip -6 addr show dev mn-home)"
expect_eq "no home address on the tunnel interface" "" "$(lab_exec mn ip -6 addr show dev xmip0 scope global)"
expect_eq "no proxy entry left on the home agent" "" "$(lab_exec ha ip -6 neigh show proxy)"
xmip_ping_all "at home: home host -> HoA6" home -6 "$LAB_MN_HOA6"
xmip_ping_all "at home: CN6 -> HoA6 (routed natively by the home agent)" cn6 -6 "$LAB_MN_HOA6"
# lladdr FAMILY ADDRESS: the home host's neighbour entry for it.
lladdr() { lab_exec home ip "$1" neigh show "$2" dev br-home | sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p'; }
lladdr_is() { [ "$(lladdr "$1" "$2")" = "$3" ]; }
mr_mac=$(lab_exec mn ip -j link show dev mn-home | jq -r '.[0].address')
ha_mac=$(lab_exec ha ip -j link show dev ha-home | jq -r '.[0].address')
expect_eq "at home: the home host reaches HoA6 at the router's own MAC" "$mr_mac" "$(lladdr -6 "$LAB_MN_HOA6")"
# IPv4 at home is not served yet (the address sits on the home link as a
# /32): a cached entry stands for the time the router was there.
lab_exec home ip neigh replace "$hoa4" lladdr "$mr_mac" dev br-home nud stale
wire=$(grep -c 'deregistered' "$dir/ha.log" || true)
[ "$wire" -ge 1 ] && pass "home agent logged the deregistration" || fail "no deregistration in the home agent's log"

# Away again: registered, the home address back in the tunnel.
lab_mn_use v6net
state registered ipv6
# RFC 6275 10.4.1: the home agent's unsolicited NA and gratuitous ARP move
# the home host's entries to it at once, before any unreachability check.
lab_wait "the NA" 3 lladdr_is -6 "$LAB_MN_HOA6" "$ha_mac" &&
	pass "left home: the home host's entry for HoA6 points at the home agent (unsolicited NA)" ||
	fail "left home: home host's entry for HoA6 is $(lladdr -6 "$LAB_MN_HOA6"), home agent is $ha_mac"
lab_wait "the gratuitous ARP" 3 lladdr_is -4 "$hoa4" "$ha_mac" &&
	pass "left home: the home host's entry for HoA4 points at the home agent (gratuitous ARP)" ||
	fail "left home: home host's entry for HoA4 is $(lladdr -4 "$hoa4"), home agent is $ha_mac"
# From then on the home agent's XDP program answers for the bound addresses
# (from the binding maps, no kernel proxy entries): a home host that
# forgets its entries asks again and gets the home agent's MAC.
lab_exec home ip -6 neigh del "$LAB_MN_HOA6" dev br-home 2>/dev/null || true
lab_exec home ip neigh del "$hoa4" dev br-home 2>/dev/null || true
proxy_na=$(xmip_counter ha PROXY_NA) proxy_arp=$(xmip_counter ha PROXY_ARP)
xmip_ping_all "left home: home host -> HoA6, asking its neighbour again" home -6 "$LAB_MN_HOA6"
xmip_ping_all "left home: home host -> HoA4, asking ARP again" home "$hoa4"
expect_eq "left home: the home host learnt the home agent's MAC for both" "$ha_mac $ha_mac" \
	"$(lladdr -6 "$LAB_MN_HOA6") $(lladdr -4 "$hoa4")"
na_now=$(xmip_counter ha PROXY_NA) arp_now=$(xmip_counter ha PROXY_ARP)
[ "$na_now" -gt "$proxy_na" ] && [ "$arp_now" -gt "$proxy_arp" ] &&
	pass "left home: XDP answered a solicitation and an ARP request" ||
	fail "left home: XDP answers: neighbour advertisements $proxy_na -> $na_now, ARP $proxy_arp -> $arp_now"
expect_eq "home address back on the tunnel interface" "1" "$(lab_exec mn ip -6 addr show dev xmip0 scope global | grep -c "$LAB_MN_HOA6")"
xmip_ping_all "left home: CN6 -> HoA6" cn6 -6 "$LAB_MN_HOA6"
xmip_ping_all "left home: CN6 -> host behind the router" cn6 -6 "$MRHOST"
# The pool address released by the deregistration is given again.
expect_eq "left home: the same dynamic IPv4 home address" "$hoa4" "$(ha_json | jq -r '.registrations[0].home_address4')"
xmip_ping_all "left home: CN4 -> dynamic home address" cn4 "$hoa4"

if [ -z "${XMIP_IN_VM:-}" ]; then
	wire_stop
	[ "$(wire_count "$dir/v4.pcapng" "mip6.bu.seqnr && mip6.nemo.bu.r_flag == 1 && mip6.nemo.mnp.mnp == 2001:db8:200:: && mip6.nemo.mnp.pfl == 64 && mip6.ipv4ha.ha == 0.0.0.0" ipv6)" -ge 1 ] &&
		pass "tshark: BU with R, the mobile network prefix option and 0.0.0.0 asked" ||
		fail "tshark: no BU with R, the prefix and 0.0.0.0 on the IPv4 network"
	[ "$(wire_count "$dir/v4.pcapng" "mip6.ba.status == 0 && mip6.nemo.ba.r_flag == 1 && mip6.ipv4aa.sts == 0" ipv6)" -ge 1 ] &&
		pass "tshark: BA with R and the IPv4 address acknowledged" ||
		fail "tshark: no BA with R on the IPv4 network"
	[ "$(wire_count "$dir/v6.pcapng" "mip6.bu.seqnr && mip6.nemo.bu.r_flag == 1 && mip6.nemo.mnp.mnp == 2001:db8:200:: && ipv6.opt.mipv6.home_address == $LAB_MN_HOA6")" -ge 1 ] &&
		pass "tshark: BU with R and the prefix from the IPv6 care-of address" ||
		fail "tshark: no BU with R on the IPv6 network"
	[ "$(wire_count "$dir/home.pcapng" "mip6.bu.seqnr && mip6.bu.lifetime == 0 && ipv6.src == $LAB_MN_HOA6 && !ipv6.opt.mipv6.home_address")" -ge 1 ] &&
		pass "tshark: deregistration from the home address on the home link (lifetime 0, no home address option)" ||
		fail "tshark: no deregistration BU on the home link"
	[ "$(wire_count "$dir/home.pcapng" "mip6.ba.status == 0 && mip6.ba.lifetime == 0 && ipv6.dst == $LAB_MN_HOA6 && !ipv6.routing")" -ge 1 ] &&
		pass "tshark: BA to the home address natively on the home link" ||
		fail "tshark: no BA on the home link"
fi
