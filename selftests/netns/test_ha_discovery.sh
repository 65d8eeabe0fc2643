#!/usr/bin/env bash
# RFC 5555 2.1: the mobile node finds its home agent through DNS. A real
# resolver (dnsmasq on the core router) serves the SRV record
# _mip6._ipv6.lab.example with two home agents (priority 10: the lab's;
# priority 20: one that does not exist) and their A and AAAA records.
#
# The node starts on the IPv4-only network before the resolver runs: it
# keeps asking, then registers with the priority-10 home agent
# from its IPv4 care-of address (the A record) and from IPv6 after a move
# (the AAAA record). Then by name: a name with only an A record is refused
# (the BU needs the home agent's IPv6 address), the right name works.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"

DNS4=198.51.100.1     # core, on its link to the home agent
DNS6=2001:db8:1::1

dir=$(mktemp -d /tmp/xmip-hadisc.XXXXXX)
lab_up
lab_on_down "rm -rf $dir"
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
lab_mn_use v4net

start_resolver() {
	lab_spawn core "$dir/dnsmasq.log" dnsmasq --keep-in-foreground --conf-file=/dev/null \
		--user=root --no-resolv --no-hosts --bind-interfaces \
		--listen-address=$DNS4,$DNS6 --log-queries --log-facility=- \
		--srv-host=_mip6._ipv6.lab.example,ha1.lab.example,4191,10,0 \
		--srv-host=_mip6._ipv6.lab.example,ha9.lab.example,4191,20,0 \
		--host-record=ha1.lab.example,$LAB_HA4,$LAB_HA6 \
		--host-record=ha9.lab.example,198.51.100.9,2001:db8:1::9 \
		--host-record=v4only.lab.example,$LAB_HA4
	lab_wait "dnsmasq listening" 10 grep -q "started, version" "$dir/dnsmasq.log"
}

mn_field() { "$XMIPCTL" -s "$dir/mn.sock" --json registrations | jq -r ".$1"; }

# The mobile node with these home agent settings; the lab's home agent.
write_configs() {
	XMIP_SIGNALLING=true XMIP_MN_IFACES='"mn-v4", "mn-v6"' \
		XMIP_MN_HOME_AGENT="$1 dns_servers = [ \"$DNS4\", \"$DNS6\" ];" xmip_write_configs "$dir"
}

write_configs 'home_agent_domain = "lab.example";'
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
[ -z "${XMIP_IN_VM:-}" ] && wire_start v4net v4-mn "$dir/v4.pcapng"
xmip_start mn "$dir/mn.conf" "$dir/mn.log"
mn_pid=$XMIPD_PID

# No resolver yet: the node waits and asks again.
expect_eq "no resolver: the node is discovering" "discovering" "$(mn_field state)"
lab_wait "a failed discovery" 10 grep -q "home agent discovery: SRV _mip6._ipv6.lab.example.*asking again in" "$dir/mn.log" &&
	pass "no resolver: the failure is logged and retried" ||
	fail "no retry logged: $(grep discovery "$dir/mn.log" | tail -3)"

start_resolver
xmip_registered ipv4 "$LAB_MN_V4COA"
expect_eq "SRV: the priority-10 target" "ha1.lab.example" "$(mn_field home_agent_name)"
expect_eq "its AAAA record" "$LAB_HA6" "$(mn_field home_agent)"
expect_eq "its A record" "$LAB_HA4" "$(mn_field home_agent4)"
xmip_ping_all "IPv4 network: CN6 -> HoA6" cn6 -6 "$LAB_MN_HOA6"
xmip_ping_all "IPv4 network: CN4 -> HoA4" cn4 "$LAB_MN_HOA4"

lab_mn_use v6net
xmip_registered ipv6 "$LAB_MN_V6COA"
xmip_ping_all "IPv6 network: home host -> HoA6" home -6 "$LAB_MN_HOA6"

if [ -z "${XMIP_IN_VM:-}" ]; then
	wire_stop
	[ "$(wire_count "$dir/v4.pcapng" "ip.src == $LAB_MN_V4COA && dns.flags.response == 0 && dns.qry.type == 33 && dns.qry.name == \"_mip6._ipv6.lab.example\"")" -ge 1 ] &&
		pass "tshark: SRV query for _mip6._ipv6.lab.example from the care-of address" ||
		fail "tshark: no SRV query from $LAB_MN_V4COA"
	[ "$(wire_count "$dir/v4.pcapng" "dns.flags.response == 1 && dns.srv.target == \"ha1.lab.example\"")" -ge 1 ] &&
		pass "tshark: SRV answer names ha1.lab.example" ||
		fail "tshark: no SRV answer with ha1.lab.example"
	[ "$(wire_count "$dir/v4.pcapng" "dns.flags.response == 0 && dns.qry.type == 28 && dns.qry.name == \"ha1.lab.example\"")" -ge 1 ] &&
		pass "tshark: AAAA query for the target" ||
		fail "tshark: no AAAA query for ha1.lab.example"
	[ "$(wire_count "$dir/v4.pcapng" "dns.qry.name == \"ha9.lab.example\"")" -eq 0 ] &&
		pass "tshark: the priority-20 target never asked for" ||
		fail "tshark: ha9.lab.example was looked up"
fi

# By name: only an A record is not enough.
xmip_stop "$mn_pid"
lab_mn_use v4net
write_configs 'home_agent_name = "v4only.lab.example";'
xmip_start mn "$dir/mn.conf" "$dir/mn2.log"
mn_pid=$XMIPD_PID
lab_wait "the refusal of a name without AAAA" 10 grep -q "v4only.lab.example has no IPv6 (AAAA) address" "$dir/mn2.log" &&
	pass "by name: no AAAA record, no home agent (logged)" ||
	fail "by name without AAAA: $(grep discovery "$dir/mn2.log" | tail -3)"
expect_eq "by name without AAAA: still discovering" "discovering" "$(mn_field state)"

xmip_stop "$mn_pid"
write_configs 'home_agent_name = "ha1.lab.example";'
xmip_start mn "$dir/mn.conf" "$dir/mn3.log"
xmip_registered ipv4 "$LAB_MN_V4COA"
expect_eq "by name: the name's AAAA record" "$LAB_HA6" "$(mn_field home_agent)"
xmip_ping_all "by name: CN4 -> HoA4" cn4 "$LAB_MN_HOA4"
grep -q "query\[SRV\]" "$dir/dnsmasq.log" && grep -q "query\[AAAA\] ha1.lab.example" "$dir/dnsmasq.log" &&
	pass "the resolver answered SRV and AAAA queries" ||
	fail "resolver log: $(tail -5 "$dir/dnsmasq.log")"
