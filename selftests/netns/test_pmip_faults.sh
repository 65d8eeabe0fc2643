#!/usr/bin/env bash
# Proxy mobility when things go wrong (RFC 5213, RFC 5844; seed 003), in the
# lab of test_pmip_roam with a second, hostile host on the access point:
# - the LMA and then MAG 1 killed (SIGKILL) and started again while the
#   correspondent pings the host every 20 ms: both come back with the
#   binding from their state files, the data plane carries on meanwhile
#   (the replies lost are reported), the restarted MAG refreshes the
#   registration on time (lifetime 8 s here);
# - the hostile host sending from the first host's address, and from an
#   address nobody was given: MAG 1 drops it (and counts it), nothing
#   reaches the correspondent;
# - MAG 1's access link down with the host on it and nowhere else to go:
#   after link_down_hold_ms MAG 1 deregisters it, the LMA lets the binding
#   go; the link back up, the host's next frame registers it again.
set -eu
here=$(dirname "$0")
source "$here/../lib/lab.sh"
source "$here/../lib/topo/pmip.sh"
source "$here/../lib/xmip.sh"
source "$here/../lib/assert.sh"

LAB_NODES+=(h2)
lab_up_pmip "$XMIP_BUILD/tests/xdp_pass.bpf.o" hosts
dir=$(mktemp -d /tmp/xmip-pmip-faults.XXXXXX)
lab_on_down "${KEEP:+: }rm -rf $dir"
lab_pmip_configs "$dir"
sed -i 's/^  id = "mag\([12]\)";/&\n  lifetime = 8;\n  link_down_hold_ms = 500;/' "$dir/mag1.conf" "$dir/mag2.conf"
xmip_start lma "$dir/lma.conf" "$dir/lma.log"
lma_pid=$XMIPD_PID
xmip_start mag1 "$dir/mag1.conf" "$dir/mag1.log"
mag1_pid=$XMIPD_PID
lab_pmip_dhcp_client "$dir"
has_address() { lab_exec h1 ip -4 addr show dev eth0 | grep -q "inet $LAB_PMIP_HOST1/24"; }
lab_wait "the host's address by DHCP" 20 has_address && pass "DHCP through MAG 1: $LAB_PMIP_HOST1/24" ||
	fail "no address: $(tail -8 "$dir/mag1.log")"
where() { "$XMIPCTL" -s "$dir/lma.sock" --json registrations | jq -r '.registrations[0].mag // "none"'; }
visitors() { "$XMIPCTL" -s "$dir/mag1.sock" --json registrations | jq '.registrations | length'; }
expect_eq "the LMA binds the host at MAG 1" mag1 "$(where)"

echo "the LMA and MAG 1 killed and started again, pings running:"
lab_spawn cn "$dir/ping.log" ping -i 0.02 -c 300 -W 1 "$LAB_PMIP_HOST1"
ping_pid=$LAB_LAST_PID
sleep 1
kill -KILL "$lma_pid"
xmip_start lma "$dir/lma.conf" "$dir/lma2.log"
sleep 0.5
kill -KILL "$mag1_pid"
xmip_start mag1 "$dir/mag1.conf" "$dir/mag1b.log"
lab_wait "the pings" 20 sh -c "! kill -0 $ping_pid" || true
received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$dir/ping.log")
lost=$((300 - ${received:-0}))
[ "$lost" -le 15 ] && pass "$lost of 300 echo replies lost across both restarts (20 ms apart)" ||
	fail "$lost of 300 echo replies lost across the restarts"
expect_match "the LMA restored the binding" "1 proxy binding.s. restored" "$(cat "$dir/lma2.log")"
expect_match "MAG 1 restored the host" "1 attached host.s. restored" "$(cat "$dir/mag1b.log")"
expect_eq "the LMA still binds it at MAG 1" mag1 "$(where)"
expect_eq "MAG 1 lists it" 1 "$(visitors)"
refreshed() { [ "$("$XMIPCTL" -s "$dir/mag1.sock" --json registrations | jq '.pbas_accepted')" -ge 1 ]; }
lab_wait "a refresh" 10 refreshed && pass "the restarted MAG refreshes the registration" ||
	fail "no refresh after the restart: $(tail -5 "$dir/mag1b.log")"
xmip_ping_all "the host reaches the correspondent" h1 "$LAB_PMIP_CN4"

echo "a hostile host on the same access point:"
lab_link ap ap-h2 h2 eth0
lab_exec h2 ip link set eth0 address 02:00:5e:00:53:66
lab_exec h2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
lab_exec ap ip link set ap-h2 master br0
lab_exec h2 ip addr add "$LAB_PMIP_HOST1/24" dev eth0
lab_exec h2 ip neigh replace "$LAB_PMIP_ROUTER4" lladdr "$LAB_PMIP_ROUTER_MAC" dev eth0
lab_exec h2 ip route add default via "$LAB_PMIP_ROUTER4"
spoofed_before=$(xmip_counter mag1 DROP_HOST_SPOOF)
lab_exec cn nft -f - <<'NFT'
table inet count {
	chain in {
		type filter hook input priority 0;
		ip saddr 198.51.100.0/24 icmp type echo-request counter
	}
}
NFT
lab_exec h2 ping -c 5 -i 0.1 -W 1 "$LAB_PMIP_CN4" >/dev/null 2>&1 && fail "the spoofed pings were answered" ||
	pass "pings from the first host's address at another link-layer address go unanswered"
expect_eq "MAG 1 dropped and counted them" 5 $(($(xmip_counter mag1 DROP_HOST_SPOOF) - spoofed_before))
lab_exec h2 ip addr replace 198.51.100.99/24 dev eth0
lab_exec h2 ip addr del "$LAB_PMIP_HOST1/24" dev eth0
lab_exec h2 ping -c 3 -i 0.1 -W 1 -I 198.51.100.99 "$LAB_PMIP_CN4" >/dev/null 2>&1 &&
	fail "pings from an address nobody was given were answered" ||
	pass "pings from an address nobody was given go unanswered"
expect_eq "not one echo request of the hostile host reached the correspondent" 0 \
	"$(lab_exec cn nft -j list ruleset | jq '[.nftables[] | .rule? // empty | .expr[] | .counter? // empty | .packets] | add')"
expect_eq "the LMA still binds the first host at MAG 1" mag1 "$(where)"
lab_exec ap ip link set ap-h2 down
xmip_ping_all "the first host still reaches the correspondent" h1 "$LAB_PMIP_CN4"

echo "MAG 1's access link down, the host going nowhere:"
lab_exec ap ip link set ap-m1 down
lab_wait "the LMA letting the binding go" 5 sh -c "[ \"\$('$XMIPCTL' -s '$dir/lma.sock' --json registrations | jq '.registrations | length')\" = 0 ]" &&
	pass "MAG 1 deregistered the host: the LMA has no binding" || fail "the LMA still binds it at $(where)"
expect_match "MAG 1 says why" "host1@pmip.example: acc0 is down: deregistering" "$(cat "$dir/mag1b.log")"
expect_eq "MAG 1's visitor list is empty" 0 "$(visitors)"
expect_eq "and its data plane holds no host" "" "$("$XMIPCTL" -s "$dir/mag1.sock" --json bindings | jq -r '.bindings[]? | .home // empty')"
lab_exec ap ip link set ap-m1 up
lab_exec h1 ping -c 1 -W 1 "$LAB_PMIP_CN4" >/dev/null 2>&1 || true   # its next frame reaches MAG 1
lab_wait "the host registered again" 10 sh -c "[ \"\$('$XMIPCTL' -s '$dir/lma.sock' --json registrations | jq -r '.registrations[0].mag // \"none\"')\" = mag1 ]" &&
	pass "the link back up: registered again at MAG 1" || fail "not registered again: $(tail -5 "$dir/mag1b.log")"
xmip_ping_all "the host reaches the correspondent again" h1 "$LAB_PMIP_CN4"
