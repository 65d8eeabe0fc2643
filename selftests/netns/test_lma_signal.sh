#!/usr/bin/env bash
# The LMA (role "lma": RFC 5213, RFC 5844's IPv4 home addresses, RFC 5846's
# revocation) against proxy BUs on the wire, sent by pbuforge as a MAG
# sends them (the MAG role is to come): registration with a static and a
# pool address, the binding in the anchor data plane (a correspondent's
# packets leave IPv4-in-IPv6 toward the serving MAG), a handover to the
# other MAG with the old one revoked (BRI answered, or sent three times),
# a late PBU, deregistration, every refusal's status, and a restart that
# keeps the bindings. tshark decodes what the LMA sends.
set -eu
here=$(dirname "$0")
source "$here/../lib/lab.sh"
source "$here/../lib/topo/pmip.sh"
source "$here/../lib/xmip.sh"
source "$here/../lib/assert.sh"
source "$here/../lib/wire.sh"
PBUFORGE=$XMIP_BUILD/tests/pbuforge
KEY1=$LAB_PMIP_KEY1
KEY2=$LAB_PMIP_KEY2

lab_up_pmip "$XMIP_BUILD/tests/xdp_pass.bpf.o"
dir=$(mktemp -d /tmp/xmip-lma.XXXXXX)
lab_on_down "${KEEP:+: }rm -rf $dir"
lab_pmip_configs "$dir" '{ id = "host1@pmip.example"; ipv4_home_address = "'"$LAB_PMIP_HOST1"'"; },
            { id = "host2@pmip.example"; },
            { id = "only1@pmip.example"; mags = [ "mag1" ]; }' \
	'  max_lifetime = 600;
  timestamp_window = 3000;   # a late PBU below is 2 s old'
wire_start mag1 mag1-lma "$dir/mag1.pcapng"
wire_start mag2 mag2-lma "$dir/mag2.pcapng"
xmip_start lma "$dir/lma.conf" "$dir/lma.log"

# pbu MAG ARGS...: a PBU from MAGn (signed with its key unless -k is
# given), its PBA as pbuforge prints it.
pbu() {
	local m=$1 key
	shift
	key=$([ "$m" = 1 ] && echo "4001:$KEY1" || echo "4002:$KEY2")
	lab_exec mag$m "$PBUFORGE" pbu -f "2001:db8:2$m::2" -d "$LAB_LMA6" -k "$key" -w 3 "$@" || true
}
reg() { "$XMIPCTL" -s "$dir/lma.sock" --json registrations; }
where() { reg | jq -r --arg id "$1" '.registrations[] | select(.id == $id) | "\(.mag) \(.ipv4_home_address)"'; }
# encapsulated N: the correspondent's pings to host1, as IPv4-in-IPv6 from
# the LMA at MAGn (not as quoted in the MAG kernel's ICMPv6 errors: it has
# no tunnel for them; the MAG role will decapsulate them).
encapsulated() {
	wire_count "$dir/mag$1.pcapng" "!icmpv6 && ipv6.src == $LAB_LMA6 && ipv6.dst == 2001:db8:2$1::2 && ipv6.nxt == 4
		&& ip.src == $LAB_PMIP_CN4 && ip.dst == $LAB_PMIP_HOST1 && icmp.type == 8"
}
ping_host1() { lab_exec cn ping -c 3 -i 0.2 -W 1 "$LAB_PMIP_HOST1" >/dev/null 2>&1 || true; }
captured() { wire_stop; wire_start mag1 mag1-lma "$dir/mag1.pcapng.$1"; wire_start mag2 mag2-lma "$dir/mag2.pcapng.$1"; }

echo "registration at MAG 1:"
out=$(pbu 1 -i host1@pmip.example)
expect_match "PBA: accepted, the static address, router, DHCP server, timestamp echoed, signed" \
	"pba status=0 seq=1 lifetime=150 p=1 v4status=0 hoa4=$LAB_PMIP_HOST1/24 dra=$LAB_PMIP_ROUTER4 dhcp=server ts=echo signed=yes" "$out"
expect_eq "the LMA binds host1 at mag1" "mag1 $LAB_PMIP_HOST1" "$(where host1@pmip.example)"
out=$(pbu 1 -i host2@pmip.example -m 02:00:00:00:00:02)
expect_match "a host of the pool gets its first address" "status=0 .* hoa4=198.51.100.129/24" "$out"
ping_host1

echo "handover to MAG 2, MAG 1 revoked:"
lab_spawn mag1 "$dir/bri1.out" "$PBUFORGE" bri -f "$LAB_MAG1_6" -k "4001:$KEY1" -w 5
bri_pid=$LAB_LAST_PID
sleep 0.3
out=$(pbu 2 -i host1@pmip.example -h 3)
expect_match "MAG 2's PBU accepted, same address" "pba status=0 .* hoa4=$LAB_PMIP_HOST1/24" "$out"
lab_wait "MAG 1's BRI" 6 grep -q "^bri " "$dir/bri1.out" || true
expect_eq "BRI to MAG 1: inter-MAG handover, same access type, P, host1, signed" \
	"bri seq=1 trigger=2 p=1 id=host1@pmip.example signed=yes" "$(cat "$dir/bri1.out")"
wait "$bri_pid" 2>/dev/null || true
lab_wait "the acknowledgement" 5 sh -c "'$XMIPCTL' -s '$dir/lma.sock' --json registrations | jq -e '.bras_received == 1'" &&
	pass "the LMA took MAG 1's acknowledgement" || fail "no BRA counted: $(reg | jq -c '{bris_sent, bras_received}')"
expect_eq "host1 now at mag2" "mag2 $LAB_PMIP_HOST1" "$(where host1@pmip.example)"
ping_host1
out=$(pbu 1 -i host1@pmip.example -t -2000)
expect_match "MAG 1's late PBU (older than the accepted one): 157" "pba status=157 " "$out"
expect_eq "and it moved nothing" "mag2 $LAB_PMIP_HOST1" "$(where host1@pmip.example)"

echo "refusals:"
expect_match "a wrong key: 146, signed with MAG 1's real key (the forger's does not verify it)" "pba status=146 .*signed=bad" "$(pbu 1 -i host1@pmip.example -k "4001:$KEY2")"
expect_match "an unknown NAI: 153" "pba status=153 " "$(pbu 1 -i nobody@pmip.example)"
expect_match "a host MAG 2 may not register: 154" "pba status=154 " "$(pbu 2 -i only1@pmip.example)"
expect_match "a timestamp 5 s ahead: 156, with the LMA's time" "pba status=156 .*ts=lma" "$(pbu 1 -i only1@pmip.example -t 5000)"
expect_match "no timestamp: 156" "pba status=156 " "$(pbu 1 -i only1@pmip.example -T)"
expect_match "an IPv6 prefix asked for: 172" "pba status=172 " "$(pbu 1 -i only1@pmip.example -6)"
expect_match "no home address of either family asked for: 158" "pba status=158 " "$(pbu 1 -i only1@pmip.example -V)"
expect_match "another host's address: 171, reply 130" "pba status=171 .*v4status=130" \
	"$(pbu 1 -i only1@pmip.example -a $LAB_PMIP_HOST1)"
before=$(xmip_counter lma DROP_UNKNOWN_HOME)
lab_addr6 lma lma-cn 2001:db8:99::1/64
lab_addr6 cn cn-lma 2001:db8:99::2/64
lab_exec cn ip -6 route add 2001:db8:2::/64 via 2001:db8:99::1
lab_exec cn "$PBUFORGE" pbu -f 2001:db8:99::2 -d "$LAB_LMA6" -i host1@pmip.example || true
lab_wait "the drop" 5 sh -c "[ \"\$('$XMIPCTL' -s '$dir/lma.sock' --json stats | jq '.counters[] | select(.name == \"DROP_UNKNOWN_HOME\") | .value')\" -gt $before ]" &&
	pass "a PBU from an address no MAG has: dropped in XDP" || fail "not dropped in XDP"
expect_eq "none of it moved a binding" "mag2 $LAB_PMIP_HOST1" "$(where host1@pmip.example)"
expect_eq "only1 bound nowhere" "" "$(where only1@pmip.example)"

echo "a revocation nobody acknowledges:"
out=$(pbu 2 -i host2@pmip.example -h 3)
expect_match "host2 moves to MAG 2" "pba status=0 .* hoa4=198.51.100.129/24" "$out"
lab_wait "three BRIs, then giving up" 8 sh -c "'$XMIPCTL' -s '$dir/lma.sock' --json registrations | jq -e '.revocations_unanswered == 1'" &&
	pass "given up after the BRIs went unanswered" || fail "$(reg | jq -c '{bris_sent, revocations_unanswered}')"

echo "deregistration, restart:"
expect_match "MAG 2 deregisters host2" "pba status=0 .*lifetime=0 " "$(pbu 2 -i host2@pmip.example -l 0)"
expect_eq "host2's binding is gone" "" "$(where host2@pmip.example)"
{ kill -KILL "$XMIPD_PID" && wait "$XMIPD_PID"; } 2>/dev/null || true
captured restart
xmip_start lma "$dir/lma.conf" "$dir/lma2.log"
expect_match "the restarted LMA says what it restored" "1 proxy binding.s. restored" "$(cat "$dir/lma2.log")"
expect_eq "host1 still at mag2" "mag2 $LAB_PMIP_HOST1" "$(where host1@pmip.example)"
ping_host1
wire_stop
expect_eq "the correspondent's pings: at MAG 1 before the move (and not after)" 3 "$(encapsulated 1)"
encapsulated() {
	wire_count "$1" "!icmpv6 && ipv6.src == $LAB_LMA6 && ipv6.dst == $LAB_MAG2_6 && ipv6.nxt == 4
		&& ip.src == $LAB_PMIP_CN4 && ip.dst == $LAB_PMIP_HOST1 && icmp.type == 8"
}
expect_eq "... at MAG 2 after it" 3 "$(encapsulated "$dir/mag2.pcapng")"
expect_eq "... and after the restart" 3 "$(encapsulated "$dir/mag2.pcapng.restart")"

# (A MAG without the agent answers MH with ICMPv6 errors that quote it.)
echo "what tshark reads on the wire:"
n=$(wire_count "$dir/mag1.pcapng" "!icmpv6 && mip6.mhtype == 6 && mip6.ba.p_flag == 1 && mip6.ba.status == 0
	&& mip6.mnid.identifier == \"host1@pmip.example\" && mip6.ipv4aa.sts == 0 && mip6.ipv4ha.preflen == 24
	&& mip6.ipv4ha.ha == $LAB_PMIP_HOST1 && mip6.ipv4dra.dra == $LAB_PMIP_ROUTER4 && mip6.ipv4dsm.s_flag == 1
	&& mip6.hi == 1 && mip6.att == 3 && mip6.timestamp_tmp && mip6.auth.mobility_spi == 4001")
expect_eq "MAG 1 got host1's PBA with P, the options of RFC 5844, signed" 1 "$n"
n=$(wire_count "$dir/mag1.pcapng" "!icmpv6 && mip6.mhtype == 16 && mip6.bri_br.type == 1 && mip6.bri_r.trigger == 2
	&& mip6.bri_ip == 1 && mip6.bri_iv == 0 && mip6.mnid.identifier == \"host1@pmip.example\" && mip6.auth.mobility_spi == 4001")
expect_eq "MAG 1 got one BRI for host1" 1 "$n"
n=$(wire_count "$dir/mag1.pcapng" "!icmpv6 && mip6.mhtype == 16 && mip6.bri_br.type == 1 && mip6.mnid.identifier == \"host2@pmip.example\"")
expect_eq "... and three for host2, unanswered" 3 "$n"
n=$(wire_count "$dir/mag1.pcapng" "!icmpv6 && mip6.mhtype == 6 && mip6.ba.status == 157")
expect_eq "the late PBU's PBA says 157" 1 "$n"
