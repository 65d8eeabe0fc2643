#!/usr/bin/env bash
# `make demo` runs to its end and leaves nothing behind: no namespace, no veth,
# no pinned object, no process, no socket. Also when interrupted midway.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/lab.sh"
source "$here/../lib/assert.sh"

prefix="xdt$$-"
snapshot() {
	ip netns list | grep -c "^$prefix" || true
	find /sys/fs/bpf/xmip -maxdepth 1 -name "${prefix}*" 2>/dev/null | wc -l
	find /sys/fs/bpf/xdp -name 'dispatch-*' 2>/dev/null | wc -l
	pgrep -f "xmipd -c /tmp/xmip-demo" | wc -l
	ls -d /tmp/xmip-demo.* 2>/dev/null | wc -l
}
before=$(snapshot | tr '\n' ' ')
expect_eq "nothing of ours before the demo" "0 0 0 0" "$(cut -d' ' -f1-2,4-5 <<<"$before")"

out=$(LAB_PREFIX=$prefix timeout 240 "$here/../demo.sh" 2>&1) || { echo "$out"; fail "demo failed"; }
expect_match "demo showed the home agent's XDP programs" 'ha-home\(.*\) (driver|generic)' "$out"
expect_match "demo showed the mobile node's TC program" 'xmip0\(.*\) clsact/egress xmip_mn_tc' "$out"
expect_match "demo showed the pinned maps" 'xmip_bind6' "$out"
expect_match "demo showed a BTF map dump" '"ha_addr6"' "$out"
expect_match "demo pinged the home address through the tunnel" '3 packets transmitted, 3 received' "$out"
expect_match "demo showed the binding" '2001:db8:100::100 +ipv6 +2001:db8:10::100' "$out"
expect_match "demo ran to its end" 'done: namespaces, processes and pinned maps removed' "$out"
expect_match "act 2: the host got its address by DHCP through MAG 1" 'inet 198.51.100.10/24' "$out"
expect_match "act 2: the host roamed to MAG 2" 'bound at mag2 .*moved from another MAG' "$out"
expect_match "act 2 ran to its end" "done: act 2's namespaces, processes and pinned maps removed" "$out"
expect_eq "nothing left after the demo" "$before" "$(snapshot | tr '\n' ' ')"
expect_eq "no veth left in the host namespace" "" "$(ip -o link show type veth | grep -E 'c-ha|mn-v6|ha-home' || true)"

# Interrupted while the agents run: the trap still cleans up.
LAB_PREFIX=$prefix timeout 240 "$here/../demo.sh" >/dev/null 2>&1 &
pid=$!
for ((i = 0; i < 1200; i++)); do
	[ -e "/sys/fs/bpf/xmip/${prefix}mn" ] && break
	sleep 0.1
done
[ -e "/sys/fs/bpf/xmip/${prefix}mn" ] || fail "demo did not reach the running agents"
kill -INT "$pid"
wait "$pid" 2>/dev/null || true
expect_eq "nothing left after an interrupted demo" "$before" "$(snapshot | tr '\n' ' ')"
