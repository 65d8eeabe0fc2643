#!/usr/bin/env bash
# Forged and replayed BUs against a home agent that authenticates them by
# RFC 4285 (no IPsec in the kernel needed). The mobile node registers from
# the IPv6 network, then the IPv4 one; its BUs are captured on the way.
# Then an attacker on the correspondents' networks (cn6, cn4), who knows the
# node's home address, sends BUs that would move its binding to the
# attacker: without the authentication option, with a wrong authenticator,
# with another node's association (a node of the same home agent, with its
# own key), signed with the node's key but a timestamp out of the window,
# and the node's own captured BUs replayed as they were, from another IPv6
# address, and (the one RFC 5555 section 5 leaves open: the outer IPv4
# header is not authenticated) from another IPv4 address in UDP 4191. Each
# is refused with RFC 4285's status (146 authentication failed, 145
# timestamp), counted, and changes nothing: the binding stays and pings to
# the node flow throughout. tshark decodes the refusals (signed BAs) sent
# to the attacker. The node then moves back to IPv6 and registers: the
# attack left it nothing to recover from.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"
FORGE=$XMIP_BUILD/tests/mhforge
MN2_HOA6=2001:db8:100::200
MN2_SPI=5000
MN2_KEY=6d6e322d6f776e2d6b65792d6e6f742d6d6e31277321212121212121
MN1_KEY=${LAB_MN_HA_KEY##* }
WRONG_KEY=00112233445566778899aabbccddeeff00112233

dir=$(mktemp -d /tmp/xmip-forgery.XXXXXX)
lab_up
lab_on_down "rm -rf $dir"
XMIP_HA_MORE_NODES=", { id = \"mn2@lab.example\"; home_address6 = \"$MN2_HOA6\"; }" \
	XMIP_MORE_KEYS="mn2@lab.example $MN2_SPI $MN2_KEY" XMIP_SIGNALLING=true \
	XMIP_MN_IFACES='"mn-v6", "mn-v4"' xmip_write_configs "$dir"
lab_mn_use v6net
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
ha_pid=$XMIPD_PID
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
wire_start v6net v6-mn "$dir/v6.pcapng"
wire_start v4net v4-mn "$dir/v4.pcapng"
xmip_start mn "$dir/mn.conf" "$dir/mn.log"
mn_pid=$XMIPD_PID
xmip_registered ipv6 "$LAB_MN_V6COA"
lab_mn_use v4net
xmip_registered ipv4 "$LAB_MN_V4COA"
# (dumpcap hands packets to its file in batches: wait for them.)
has_bu() { [ "$(wire_count "$dir/$1.pcapng" "mip6.bu.seqnr && $2" ipv6)" -ge 1 ]; }
lab_wait "the IPv6 BU in the capture" 10 has_bu v6 "ipv6.src == $LAB_MN_V6COA" || true
lab_wait "the BU in UDP 4191 in the capture" 10 has_bu v4 "ip.src == $LAB_MN_V4COA" || true
wire_stop

# The node's own BUs, as captured: the IPv6 packet from its IPv6 care-of
# address (home address option, authentication option), and the IPv6
# packet inside UDP 4191 from its IPv4 one.
frame=$(tshark -r "$dir/v6.pcapng" -Y "mip6.bu.seqnr && ipv6.src == $LAB_MN_V6COA" -T fields -e frame.number 2>/dev/null | tail -1)
captured6=$(tshark -r "$dir/v6.pcapng" --disable-protocol ipv6 -Y "frame.number == $frame" -T fields -e data.data 2>/dev/null)
frame=$(tshark -r "$dir/v4.pcapng" -d udp.port==4191,ipv6 -Y "mip6.bu.seqnr && ip.src == $LAB_MN_V4COA" -T fields -e frame.number 2>/dev/null | tail -1)
captured4=$(tshark -r "$dir/v4.pcapng" -Y "frame.number == $frame" -T fields -e data.data 2>/dev/null)
[ -n "$captured6" ] && [ -n "$captured4" ] && pass "captured the node's BUs (IPv6, and IPv4 in UDP 4191)" ||
	fail "no captured BU: '${captured6:0:40}' '${captured4:0:40}'"

wire_start cn6 cn6-0 "$dir/cn6.pcapng"
registration() {
	"$XMIPCTL" -s "$dir/ha.sock" --json registrations | jq -c '[.registrations[] | del(.expires_in)]'
}
counter() { "$XMIPCTL" -s "$dir/ha.sock" --json registrations | jq ".$1"; }
above() { [ "$(counter "$1")" -gt "$2" ]; }
before=$(registration)
seq=$(jq '.[0].sequence' <<<"$before")
expect_match "the binding: IPv4, to the node's care-of address" "\"via\":\"ipv4 $LAB_MN_V4COA\"" "$before"

# Pings to the node's IPv6 home address through the whole attack.
lab_exec cn6 ping -6 -q -i 0.05 -c 400 -W 1 "$LAB_MN_HOA6" >"$dir/ping.txt" 2>&1 &
ping_pid=$!
sleep 0.5

# refused NAME COUNTER NODE MHFORGE-ARGS...: the attacker in NODE sends it;
# the home agent counts it under COUNTER (within 10 s) and the binding is
# what it was.
refused() {
	local name=$1 ctr=$2 node=$3 n
	shift 3
	n=$(counter "$ctr")
	lab_exec "$node" "$FORGE" "$@" || fail "$name: mhforge failed"
	lab_wait "$name: counted" 10 above "$ctr" "$n" &&
		pass "$name: refused ($ctr $n -> $(counter "$ctr"))" ||
		fail "$name: not counted as $ctr: $(grep -v debug "$dir/ha.log" | tail -3)"
	expect_eq "$name: the binding unchanged" "$before" "$(registration)"
}
bu() { echo bu -f "$LAB_CN6" -H "$LAB_MN_HOA6" -d "$LAB_HA6" -a "$LAB_CN6" -s $((seq + 1)) "$@"; }

# shellcheck disable=SC2046
{
refused "no authentication option" bus_auth_failed cn6 $(bu)
refused "a wrong authenticator (the node's SPI, another key)" bus_auth_failed cn6 \
	$(bu -k "$LAB_MN_HA_SPI:$WRONG_KEY")
refused "another node's association (its SPI and key)" bus_auth_failed cn6 \
	$(bu -i mn2@lab.example -k "$MN2_SPI:$MN2_KEY")
refused "the node's key, a timestamp 30 s old" bus_replay_refused cn6 $(bu -k "$LAB_MN_HA_SPI:$MN1_KEY" -t -30000)
refused "the node's key, a timestamp 30 s ahead" bus_replay_refused cn6 $(bu -k "$LAB_MN_HA_SPI:$MN1_KEY" -t 30000)
refused "the node's key, no timestamp" bus_replay_refused cn6 $(bu -k "$LAB_MN_HA_SPI:$MN1_KEY" -T)
}
refused "its captured IPv6 BU replayed from where it came" bus_replay_refused cn6 \
	raw6 -f "$LAB_MN_V6COA" "$captured6"
refused "its captured IPv6 BU replayed from another address" bus_replay_refused cn6 \
	raw6 -f "$LAB_CN6" "$captured6"
refused "its captured BU in UDP 4191 replayed from another IPv4 address" bus_replay_refused cn4 \
	udp4 -d "$LAB_HA4" "$captured4"

wait "$ping_pid" || true
received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$dir/ping.txt")
[ "${received:-0}" -ge 398 ] && pass "pings to the node during the attack: $received of 400 answered" ||
	fail "pings to the node during the attack: ${received:-0} of 400 answered"
expect_match "the home agent logs why" "refused: authentication failed \(146\)" "$(cat "$dir/ha.log")"
expect_match "... and for the timestamps" "refused: replay protection: timestamp not accepted \(145\)" "$(cat "$dir/ha.log")"
expect_eq "the node itself saw no unauthenticated BA" 0 \
	"$("$XMIPCTL" -s "$dir/mn.sock" --json registrations | jq .bas_unauthenticated)"

# The refusals on the wire: signed BAs, statuses 146 and 145, to the
# attacker (tshark's reading).
wire_stop
for status in 146 145; do
	[ "$(wire_count "$dir/cn6.pcapng" "mip6.ba.status == $status && mip6.auth.subtype == 1 && mip6.auth.mobility_spi == $LAB_MN_HA_SPI")" -ge 1 ] &&
		pass "tshark: BA with status $status, signed, to the attacker" ||
		fail "tshark: no signed BA with status $status on the attacker's link"
done

# The node goes on as before: it moves and registers.
lab_mn_use v6net
xmip_registered ipv6 "$LAB_MN_V6COA"
expect_eq "home agent binds the IPv6 care-of address again" "ipv6 $LAB_MN_V6COA" "$(xmip_ha_via)"
xmip_ping_all "after the attack: CN6 -> HoA6" cn6 -6 "$LAB_MN_HOA6"

# The race, made certain: the agent stopped, the node moves to IPv4 and
# its BU waits in the agent's socket, XDP's record of its way in place;
# then the attacker's replay overwrites the record; then the agent runs.
sig_seen() {
	bpftool -j map dump pinned "/sys/fs/bpf/xmip/$(lab_ns ha)/xmip_sig_seen" 2>/dev/null |
		jq -r '.[0].formatted.value.back.remote // empty | tostring'
}
recorded() { [ "$(sig_seen)" != "$1" ] && [ -n "$(sig_seen)" ]; }
kill -STOP "$ha_pid"
lab_mn_use v4net
lab_wait "the node's BU recorded by XDP" 10 recorded "" || true
mine=$(sig_seen)
lab_exec cn4 "$FORGE" udp4 -d "$LAB_HA4" "$captured4"
lab_wait "the attacker's replay recorded over it" 10 recorded "$mine" || true
kill -CONT "$ha_pid"
xmip_registered ipv4 "$LAB_MN_V4COA"
expect_eq "home agent binds the node's IPv4 care-of address, not the attacker's" "ipv4 $LAB_MN_V4COA" "$(xmip_ha_via)"
expect_match "the node's BU was dropped, its record being another packet's" \
	"dropped: the recorded way is another packet's" "$(cat "$dir/ha.log")"
xmip_ping_all "after the race: CN6 -> HoA6" cn6 -6 "$LAB_MN_HOA6"

# The key change, in the keys file both agents read (a node uses its first
# line), each agent reloaded (SIGHUP) in turn.
NEW_SPI=4286
NEW_KEY=6c61622d6d6e312d6e65772d6b65792d616674657232303236
keys() { (umask 077 && printf '%s\n' "$@" "mn2@lab.example $MN2_SPI $MN2_KEY" >"$dir/mn-ha.keys"); }
reloads() { grep -c "configuration reloaded" "$1" || true; }
reloaded() { [ "$(reloads "$1")" -gt "$2" ]; }
reload() {
	local log=$2 n
	n=$(reloads "$log")
	kill -HUP "$1"
	lab_wait "$3: reloaded" 10 reloaded "$log" "$n" && pass "$3: reloaded" || fail "$3: no reload: $(tail -3 "$log")"
}
protected_by() { "$XMIPCTL" -s "$dir/ha.sock" --json registrations | jq -r '.registrations[0].protected_by'; }
keys "$LAB_MN_HA_KEY" "mn1@lab.example $NEW_SPI $NEW_KEY"
reload "$ha_pid" "$dir/ha.log" "the home agent with both keys"
keys "mn1@lab.example $NEW_SPI $NEW_KEY" "$LAB_MN_HA_KEY"
reload "$mn_pid" "$dir/mn.log" "the node with the new key first"
lab_mn_use v6net
xmip_registered ipv6 "$LAB_MN_V6COA"
expect_eq "the node registered with the new key" "rfc4285 spi $NEW_SPI" "$(protected_by)"
keys "mn1@lab.example $NEW_SPI $NEW_KEY"
reload "$ha_pid" "$dir/ha.log" "the home agent without the old key"
before=$(registration)
seq=$(jq '.[0].sequence' <<<"$before")
# shellcheck disable=SC2046
refused "the old key, withdrawn" bus_auth_failed cn6 $(bu -k "$LAB_MN_HA_SPI:$MN1_KEY")
lab_mn_use v4net
xmip_registered ipv4 "$LAB_MN_V4COA"
expect_eq "the node goes on with the new key" "rfc4285 spi $NEW_SPI" "$(protected_by)"
