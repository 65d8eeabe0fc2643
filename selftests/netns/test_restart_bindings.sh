#!/usr/bin/env bash
# The home agent killed (SIGKILL) with 10 000 bindings in place and started
# again, while traffic to a bound home address runs through its data plane:
# not one packet is lost (the pinned maps and the attached programs carry on
# without the agent, and the new agent replaces its programs in place), and
# the agent comes back with its binding cache whole (sequence numbers,
# lifetimes, care-of addresses, IPv4 home addresses) from its state file.
# The nodes are bench/bu_load's (in the signalling benchmark's two
# namespaces, selftests/lib/topo/signal.sh); the traffic is bench/xdp_gen's, from the
# nodes' side to the first home address, tunnelled back to its care-of
# address by XDP and counted there, and a ping from the home agent itself
# to that address, which its TC program tunnels.
# stock-kernel: libxdp 1.3 replacing the dispatcher's programs under traffic on 6.1
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
root=$(cd "$here/../.." && pwd)
BUILD=${XMIP_BUILD:-$root/build}
source "$here/../lib/lab.sh"
source "$here/../lib/xmip.sh"
source "$here/../lib/topo/signal.sh"
NODES=10000
gen=xmipt-rgen-$$ ha=xmipt-rha-$$
work=$(mktemp -d /tmp/xmip-restart-bindings.XXXXXX)
pin=/sys/fs/bpf/xmipt-rsink-$$
cleanup() {
	set +e
	[ -n "${sink_pid:-}" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
	[ -n "${ping_pid:-}" ] && kill "$ping_pid" 2>/dev/null
	rm -f "$pin"
	bu_lab_teardown "$gen" "$ha" "$work"
}
trap cleanup EXIT

bu_lab_up "$gen" "$ha"
bu_lab_ha_conf $NODES "xmipt-restart-$$" "$work" "state_file = \"$work/ha.state\";" >"$work/ha.conf"
xmipd_start "$ha" "$work/ha.conf" "$work/ha.log"
nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" -i gen0 -H 2001:db8:1::2 -c 2001:db8:ff00:: $(bu_lab_load_auth) \
	-6 2001:db8:100::1:0 -4 10.0.0.0 -n $NODES -t 0.1 >"$work/load.json"
expect_eq "$NODES nodes registered" "$NODES 0 0" \
	"$(jq -r '"\(.register.accepted) \(.register.lost) \(.register.refused)"' "$work/load.json")"
# The cache as xmipctl shows it, the clock's part left out, and how each
# node's last BU was protected (the running agent's knowledge, not the
# cache's: "restored" after a restart until the node's next BU).
cache() {
	"$BUILD/xmipctl" -s "$work/ha.sock" --json registrations |
		jq -c '[.registrations[] | del(.expires_in, .protected_by)] | sort_by(.home_address)'
}
protected_by() {
	"$BUILD/xmipctl" -s "$work/ha.sock" --json registrations | jq -r '[.registrations[].protected_by] | unique | join(",")'
}
before=$(cache)
expect_eq "the cache holds them all" $NODES "$(jq length <<<"$before")"
expect_eq "every BU authenticated (RFC 4285, the bench's SPI)" "rfc4285 spi 1000" "$(protected_by)"

echo "traffic through the data plane, the agent killed and started again meanwhile:"
nsenter --net="/run/netns/$gen" "$BUILD/bench/xdp_gen" sink gen0 "$pin" >"$work/sink.log" 2>&1 &
sink_pid=$!
for ((i = 0; i < 100; i++)); do [ "$(head -1 "$work/sink.log" 2>/dev/null)" = ready ] && break; sleep 0.1; done
upmac=$(ip -n "$ha" -br link show up0 | awk '{print $3}')
# Where each frame went, counted on both sides of the home agent: the link
# into it (a veth refuses a frame when the receiving ring is full: the
# sender's xdp_xmit_errors), its XDP (every frame it took in must come out
# encapsulated) and the sink.
# The home agent's own packets to the node (a ping from it) take the other
# program: the stack routes them into the tunnel interface, whose TC
# program encapsulates them; the restart replaces that one too.
refused_by_link() { ip netns exec "$gen" ethtool -S gen0 | awk '/tx_queue_0_xdp_xmit_errors/ {print $2}'; }
# ... and on the way back, the ring into the sink: XDP_TX frames it refused
# (up0's xdp_tx_errors) and the TC path's packets (up0's TX dropped).
dropped_back() {
	echo $(($(ip netns exec "$ha" ethtool -S up0 | awk '/rx_queue_0_xdp_tx_errors/ {print $2}') +
		$(ip -n "$ha" -j -s link show up0 | jq '.[0].stats64.tx.dropped')))
}
counter() {
	"$BUILD/xmipctl" -s "$work/ha.sock" --json stats | jq --arg n "$1" '.counters[] | select(.name == $n) | .value'
}
xdp_id() { ip -n "$ha" -d link show up0 | grep -o 'prog/xdp id [0-9]*' | awk '{print $3}'; }
# The sink's count, read here: the ping starts before xdp_gen has loaded
# its program and read the count itself.
# (A per-CPU __u64 with no BTF: each CPU's value as little-endian bytes.)
sink_count() {
	bpftool -j map lookup pinned "$pin" key 0 0 0 0 | jq '
		def byte: ltrimstr("0x") | explode | map(if . >= 97 then . - 87 else . - 48 end) | .[0] * 16 + .[1];
		[.values[].value | to_entries[] | (.value | byte) * pow(256; .key)] | add'
}
tc_id() { ip netns exec "$ha" bpftool -j net | jq '[.[0].tc[] | select(.name | startswith("xmip_ha_tc")) | .id] | first'; }
sink0=$(sink_count) refused0=$(refused_by_link) back0=$(dropped_back) encap0=$(counter ENCAP_XMIT) tc_encap0=$(counter TC_ENCAP_XMIT)
xdp_id0=$(xdp_id) tc_id0=$(tc_id)
# 64-byte frames to the first node's home address; its care-of address
# (2001:db8:ff00::) is routed back to this side. Long enough for the agent
# to be back before it ends (a start loads and verifies the programs:
# seconds under emulation).
# Paced at a fifth of what the path forwards here (~1 Mpps on the host,
# ~200 kpps under emulation) at most, so that a busy moment of a shared
# machine does not overflow the veth's rings (the calls' own cost keeps it
# nearer 80 kpps on the host, 10 kpps under emulation).
secs=10 pps=200000
[ -n "${XMIP_IN_VM:-}" ] && secs=60 pps=40000
start=$(date +%s%N)
nsenter --net="/run/netns/$gen" "$BUILD/bench/xdp_gen" send gen0 "$upmac" 2001:db8:1::1 \
	2001:db8:100::1:0 64 $secs "$pin" $pps >"$work/traffic.json" &
traffic=$!
# (The ping ends a second before the traffic, whose end reads the sink.)
nsenter --net="/run/netns/$ha" ping -6 -q -n -i 0.002 -w $((secs - 1)) 2001:db8:100::1:0 >"$work/ping.txt" 2>&1 &
ping_pid=$!
sleep 1
kill -KILL "$XMIPD_PID"
wait "$XMIPD_PID" 2>/dev/null || true
pass "xmipd killed"
xmipd_start "$ha" "$work/ha.conf" "$work/ha2.log"
back_ms=$((($(date +%s%N) - start) / 1000000))
pass "xmipd started again, ${back_ms} ms into the traffic"
wait "$traffic"
wait "$ping_pid" || true   # (no echo reply comes back: the sink drops all)
sent=$(jq .sent "$work/traffic.json") received=$(($(sink_count) - sink0))
refused=$(($(refused_by_link) - refused0)) back=$(($(dropped_back) - back0))
took=$((sent - refused))
encap=$(($(counter ENCAP_XMIT) - encap0))
pings=$(grep -o '^[0-9]* packets transmitted' "$work/ping.txt" | awk '{print $1}')
tc_encap=$(($(counter TC_ENCAP_XMIT) - tc_encap0))
echo "    XDP: sent $sent, refused by the link $refused, encapsulated by the home agent $encap;" \
	"TC: $pings pings, $tc_encap encapsulated; dropped by the link back $back; received $received"
xdp_id1=$(xdp_id) tc_id1=$(tc_id)
expect_eq "the XDP dispatcher on up0 was replaced (id $xdp_id0, then $xdp_id1)" yes \
	"$([ "$xdp_id1" != "$xdp_id0" ] && echo yes)"
expect_eq "the TC program on the tunnel interface was replaced (id $tc_id0, then $tc_id1)" yes \
	"$([ "$tc_id1" != "$tc_id0" ] && [ "$tc_id1" != null ] && echo yes)"
expect_eq "the agent was back (programs replaced) before the traffic and the ping ended" yes \
	"$([ "$back_ms" -lt $(((secs - 1) * 1000)) ] && echo yes || echo "no (${secs} s)")"
expect_match "the agent restored every binding" "^.* $NODES binding\\(s\\) restored from $work/ha.state" \
	"$(cat "$work/ha2.log")"
expect_eq "the home agent encapsulated every frame it took in, through the replacement" \
	"$took" "$encap"
expect_eq "and every ping the home agent sent, in TC" "$pings" "$tc_encap"
expect_eq "every one of them arrived, or the link back dropped it" yes \
	"$([ $((received + back)) -ge $((encap + tc_encap)) ] && echo yes ||
		echo "no: $((encap + tc_encap - received - back)) lost")"
# The links' drops are the machine's, not the data plane's: the agent's start
# (the verifier: seconds of emulated CPU under qemu, a moment on a loaded
# host) keeps the veths' receive processing from running, and a ring
# overflows (under emulation ~1-4% of the frames; the same traffic without a
# restart loses none). A frame no program saw cannot have been mishandled
# by one, and any frame the programs passed by is caught above.
echo "    links: $refused refused into the home agent, $back dropped on the way back"
after=$(cache)
expect_eq "after the restart, each registration restored (until its next BU)" restored "$(protected_by)"
expect_eq "the cache whole: every node's sequence, lifetime, care-of address, IPv4 home address" \
	"$(sha256sum <<<"$before")" "$(sha256sum <<<"$after")"

echo "the restored cache at work:"
# bu_load starts again at sequence number 1, which the nodes have used: a
# restored cache refuses those BUs, out of the window (status 135; the BA
# carries the last accepted number, which bu_load does not wait for), where
# a forgotten one would have taken them for new registrations.
nsenter --net="/run/netns/$gen" "$BUILD/bench/bu_load" -i gen0 -H 2001:db8:1::2 -c 2001:db8:ff00:: $(bu_lab_load_auth) \
	-6 2001:db8:100::1:0 -4 10.0.0.0 -n 10 -t 0.1 >"$work/again.json"
expect_eq "BUs reusing sequence numbers: none accepted" 0 "$(jq .register.accepted "$work/again.json")"
expect_eq "every one of them refused by the home agent" "$(jq '.register.bus + .refresh.bus' "$work/again.json")" \
	"$("$BUILD/xmipctl" -s "$work/ha.sock" --json registrations | jq .bus_refused)"
expect_match "as out of the window" 'refused: .*\(135\)' "$(cat "$work/ha2.log")"
