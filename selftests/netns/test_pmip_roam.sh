#!/usr/bin/env bash
# Proxy mobility end to end (RFC 5213, RFC 5844; seed 003): an LMA and two
# MAGs (xmipd, roles "lma" and "mag"), an unmodified IPv4-only host with a
# stock DHCP client (busybox udhcpc) behind an access point that joins it
# to one MAG's access link at a time, a correspondent. The host gets its
# address by DHCP through MAG 1 and reaches the correspondent; it roams to
# MAG 2 with a TCP transfer running: the connection survives with every
# byte (SHA-256), the address stays, the DHCP client never restarts, MAG 1
# is revoked (its visitor list empty); then it roams back.
set -eu
here=$(dirname "$0")
source "$here/../lib/lab.sh"
source "$here/../lib/topo/pmip.sh"
source "$here/../lib/xmip.sh"
source "$here/../lib/assert.sh"
source "$here/../lib/wire.sh"

lab_up_pmip "$XMIP_BUILD/tests/xdp_pass.bpf.o" hosts
dir=$(mktemp -d /tmp/xmip-roam.XXXXXX)
lab_on_down "${KEEP:+: }rm -rf $dir"
lab_pmip_configs "$dir"
xmip_start lma "$dir/lma.conf" "$dir/lma.log"
xmip_start mag1 "$dir/mag1.conf" "$dir/mag1.log"
xmip_start mag2 "$dir/mag2.conf" "$dir/mag2.log"

lab_pmip_dhcp_client "$dir"
dhcp_pid=$LAB_LAST_PID
has_address() { lab_exec h1 ip -4 addr show dev eth0 | grep -q "inet $LAB_PMIP_HOST1/24"; }
lab_wait "the host's address by DHCP" 20 has_address && pass "DHCP through MAG 1: $LAB_PMIP_HOST1/24" ||
	fail "no address: $(cat "$dir/udhcpc.log" "$dir/mag1.log" | tail -8)"
where() { "$XMIPCTL" -s "$dir/lma.sock" --json registrations | jq -r '.registrations[0].mag // "none"'; }
visitors() { "$XMIPCTL" -s "$dir/mag$1.sock" --json registrations | jq '.registrations | length'; }
expect_eq "the LMA binds the host at MAG 1" mag1 "$(where)"
xmip_ping_all "the host reaches the correspondent" h1 "$LAB_PMIP_CN4"

echo "roaming to MAG 2 with a TCP transfer running:"
lab_spawn cn "$dir/recv.log" sh -c "socat -u TCP-LISTEN:5001,reuseaddr - | sha256sum >'$dir/received'"
sleep 0.3
# 60 blocks of 50 000 bytes, a tenth of a second apart: six seconds.
lab_spawn h1 "$dir/send.log" sh -c "for i in \$(seq 60); do head -c 50000 /dev/urandom; sleep 0.1; done |
	tee '$dir/sent.bin' | socat -u - TCP:$LAB_PMIP_CN4:5001"
send_pid=$LAB_LAST_PID
wire_start mag2 mag2-lma "$dir/mag2.pcapng"
# Echo requests from the correspondent every 20 ms across the move: what
# the move costs, in lost replies.
lab_spawn cn "$dir/ping.log" ping -i 0.02 -c 150 -W 1 "$LAB_PMIP_HOST1"
ping_pid=$LAB_LAST_PID
sleep 1.5
lab_pmip_host_at 2
moved_at=$(date +%s%N)
lab_wait "the LMA binding it at MAG 2" 10 sh -c "[ \"\$('$XMIPCTL' -s '$dir/lma.sock' --json registrations | jq -r '.registrations[0].mag')\" = mag2 ]" &&
	pass "the LMA binds the host at MAG 2 after $(( ($(date +%s%N) - moved_at) / 1000000 )) ms" ||
	fail "not at MAG 2: $(tail -5 "$dir/mag2.log")"
lab_wait "the transfer" 30 sh -c "! kill -0 $send_pid" || fail "the transfer did not end"
lab_wait "the pings" 15 sh -c "! kill -0 $ping_pid" || true
received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$dir/ping.log")
pass "the move cost $((150 - ${received:-0})) of 150 echo replies (20 ms apart)"
wire_stop
# What MAG 2 sent and got, as tshark reads it (numbers, not its labels).
n=$(wire_count "$dir/mag2.pcapng" "!icmpv6 && mip6.mhtype == 5 && mip6.bu.p_flag == 1 && mip6.bu.a_flag == 1
	&& mip6.mnid.identifier == \"host1@pmip.example\" && mip6.hi == 3 && mip6.att == 3
	&& mip6.mnlli.lli == $LAB_PMIP_HOST_MAC && mip6.options.ipv4hareq && mip6.ipv4ha.ha == $LAB_PMIP_HOST1
	&& mip6.timestamp_tmp && mip6.auth.mobility_spi == 4002 && ipv6.src == $LAB_MAG2_6")
expect_eq "MAG 2's PBU: P, the NAI, handoff between MAGs, Ethernet, the MAC, the address, signed" 1 "$n"
n=$(wire_count "$dir/mag2.pcapng" "!icmpv6 && mip6.mhtype == 6 && mip6.ba.p_flag == 1 && mip6.ba.status == 0
	&& mip6.ipv4aa.sts == 0 && mip6.ipv4ha.ha == $LAB_PMIP_HOST1 && mip6.ipv4dra.dra == $LAB_PMIP_ROUTER4")
expect_eq "... and the LMA's PBA" 1 "$n"
lab_wait "the receiver" 10 test -s "$dir/received" || true
expect_eq "every byte arrived (SHA-256)" "$(sha256sum <"$dir/sent.bin" | cut -d' ' -f1)" \
	"$(cut -d' ' -f1 <"$dir/received")"
lab_wait "MAG 1's revocation" 5 sh -c "[ \"\$('$XMIPCTL' -s '$dir/mag1.sock' --json registrations | jq '.registrations | length')\" = 0 ]" &&
	pass "MAG 1 revoked: its visitor list is empty" || fail "MAG 1 still lists $(visitors 1) host(s)"
expect_match "MAG 1 says so" "host1@pmip.example: revoked by the LMA" "$(cat "$dir/mag1.log")"
kill -0 "$dhcp_pid" && pass "the DHCP client never restarted" || fail "the DHCP client exited"
expect_eq "and configured the host once" 1 "$(wc -l <"$dir/udhcpc.events")"
has_address && pass "the host kept $LAB_PMIP_HOST1" || fail "the host lost its address"
xmip_ping_all "the host reaches the correspondent through MAG 2" h1 "$LAB_PMIP_CN4"

echo "roaming back to MAG 1:"
lab_pmip_host_at 1
lab_exec h1 ping -c 1 -W 1 "$LAB_PMIP_CN4" >/dev/null 2>&1 || true   # its next frame reaches MAG 1
lab_wait "the LMA binding it at MAG 1" 10 sh -c "[ \"\$('$XMIPCTL' -s '$dir/lma.sock' --json registrations | jq -r '.registrations[0].mag')\" = mag1 ]" &&
	pass "back at MAG 1" || fail "not back at MAG 1: $(tail -5 "$dir/mag1.log")"
xmip_ping_all "the host reaches the correspondent through MAG 1" h1 "$LAB_PMIP_CN4"
lab_wait "MAG 2's revocation" 5 sh -c "[ \"\$('$XMIPCTL' -s '$dir/mag2.sock' --json registrations | jq '.registrations | length')\" = 0 ]" &&
	pass "MAG 2 revoked" || fail "MAG 2 still lists $(visitors 2) host(s)"
