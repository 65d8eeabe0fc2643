#!/usr/bin/env bash
# An agent restart (SIGTERM or SIGKILL) keeps the pinned maps and their
# contents, the programs stay attached meanwhile, and the restarted agent
# replaces its old XDP program instead of stacking a second one.
# stock-kernel: pinned maps reused and the XDP program replaced, not stacked, on 6.1
set -eu
here=$(dirname "$0")
source "$here/../lib/agents.sh"

lab_up
dir=$(mktemp -d /tmp/xmip-restart.XXXXXX)
lab_on_down "rm -rf $dir"
xmip_write_configs "$dir"
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
pins=/sys/fs/bpf/xmip/$(lab_ns ha)

# A binding written straight into the map, as the signalling will: HoA
# 2001:db8:100::100 -> IPv6 care-of 2001:db8:10::100, binding id 42.
key="0x20 0x01 0x0d 0xb8 0x01 0x00 0 0 0 0 0 0 0 0 0x01 0x00"
coa="0x20 0x01 0x0d 0xb8 0x00 0x10 0 0 0 0 0 0 0 0 0x01 0x00"
local_="0x20 0x01 0x0d 0xb8 0x00 0x01 0 0 0 0 0 0 0 0 0 0x02"
value="$coa $local_ 0 0 0 0 1 0 0 0 0 0 0 0 42 0 0 0"
bpftool map update pinned "$pins/xmip_bind6" key $key value $value
expect_match "binding listed by xmipctl" '2001:db8:100::100 +ipv6 +2001:db8:10::100' \
	"$("$XMIPCTL" -s "$dir/ha.sock" bindings)"

# The ids of the programs attached (libxdp's dispatcher, or ours where libxdp
# runs one program per interface): a restart loads and attaches new ones.
prog_ids() { lab_exec ha bpftool -j net | jq -r '[.[0].xdp[].id] | sort | join(" ")'; }
count_xmip_xdp() { lab_exec ha xdp-loader status 2>/dev/null | grep -c xmip_ha_xdp || true; }
expect_eq "one xmip XDP program per interface" 2 "$(count_xmip_xdp)"
old_ids=$(prog_ids)

for sig in TERM KILL; do
	echo "restart after SIG$sig:"
	kill -s "$sig" "$XMIPD_PID"
	wait "$XMIPD_PID" 2>/dev/null || true
	# Agent gone: the data plane and the pins stay.
	expect_eq "XDP still attached while the agent is down" 2 "$(count_xmip_xdp)"
	expect_match "binding still in the pinned map" '"binding_id": 42' \
		"$(bpftool map dump pinned "$pins/xmip_bind6")"

	xmip_start ha "$dir/ha.conf" "$dir/ha-$sig.log"
	status=$("$XMIPCTL" -s "$dir/ha.sock" --json status)
	expect_eq "restarted agent reused the maps" true "$(jq -r .maps_reused <<<"$status")"
	expect_eq "binding count after restart" 1 "$(jq -r .bindings_ipv6 <<<"$status")"
	expect_match "binding listed after restart" '2001:db8:100::100 +ipv6 +2001:db8:10::100' \
		"$("$XMIPCTL" -s "$dir/ha.sock" bindings)"
	expect_eq "new programs replaced the old ones, none stacked" 2 "$(count_xmip_xdp)"
	new_ids=$(prog_ids)
	[ "$new_ids" != "$old_ids" ] && pass "program ids changed ($old_ids -> $new_ids)" || fail "same program ids"
	old_ids=$new_ids
done

# In place: libxdp's dispatcher swaps atomically; where libxdp runs a single
# program per interface the loader uses XDP_FLAGS_REPLACE. Never detach first.
expect_no_match "no gap: old program never detached first" "detached before attaching" "$(cat "$dir"/ha-*.log)"
echo "clean stop and cleanup:"
xmip_stop "$XMIPD_PID"
lab_exec ha "$XMIPD" -c "$dir/ha.conf" --cleanup
[ ! -e "$pins" ] && pass "pins removed by --cleanup" || fail "$pins still there"
expect_eq "XDP detached by --cleanup" 0 "$(count_xmip_xdp)"
expect_no_match "TC detached by --cleanup" xmip_ha_tc "$(lab_exec ha bpftool net)"
