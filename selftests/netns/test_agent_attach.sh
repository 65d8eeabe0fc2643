#!/usr/bin/env bash
# xmipd as home agent and mobile node in the lab: programs attached to the
# configured veth interfaces (XDP through libxdp, TC on clsact egress), maps
# pinned with BTF, the control socket answering, counters moving with real
# traffic.
# stock-kernel: libxdp's dispatcher and clsact attachment on 6.1
set -eu
here=$(dirname "$0")
source "$here/../lib/agents.sh"

lab_up
dir=$(mktemp -d /tmp/xmip-attach.XXXXXX)
lab_on_down "rm -rf $dir"
xmip_write_configs "$dir"
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
ha_pid=$XMIPD_PID
xmip_start mn "$dir/mn.conf" "$dir/mn.log"
lab_mn_use v6net

echo "home agent programs:"
net=$(lab_exec ha bpftool -j net)
expect_match "XDP on ha-home" '"devname":"ha-home"' "$(jq -c '.[0].xdp[]' <<<"$net")"
expect_match "XDP on ha-up" '"devname":"ha-up"' "$(jq -c '.[0].xdp[]' <<<"$net")"
expect_eq "TC egress on the tunnel interface only" xmip0 \
	"$(jq -r '[.[0].tc[] | select(.kind == "clsact/egress" and (.name | startswith("xmip_ha_tc"))) | .devname] | join(" ")' <<<"$net")"
expect_match "xmip0 is a NOARP veth with its peer" "xmip0@xmip0-rx: <[^>]*NOARP" "$(lab_exec ha ip link show dev xmip0)"
expect_eq "forwarding on for both families" "1 1" \
	"$(lab_exec ha sh -c 'cd /proc/sys/net; echo $(cat ipv4/conf/all/forwarding ipv6/conf/all/forwarding)')"
# libxdp's dispatcher runs our program as one of its components.
expect_match "xmip_ha_xdp behind the dispatcher on ha-home" 'xmip_ha_xdp' "$(lab_exec ha xdp-loader status ha-home)"

echo "mobile node programs:"
net=$(lab_exec mn bpftool -j net)
expect_eq "XDP on the 4 access links and the tunnel interface" "mn-dual mn-nat mn-v4 mn-v6 xmip0" \
	"$(jq -r '[.[0].xdp[].devname] | sort | join(" ")' <<<"$net")"
expect_eq "TC egress on the tunnel interface" xmip0 "$(jq -r '.[0].tc[] | select(.name | startswith("xmip_mn_tc")) | .devname' <<<"$net")"
expect_match "home address on xmip0" "$LAB_MN_HOA6/128" "$(lab_exec mn ip -6 addr show dev xmip0)"
expect_match "xmip0 is a NOARP veth with its peer" "xmip0@xmip0-rx: <[^>]*NOARP" "$(lab_exec mn ip link show dev xmip0)"

echo "pinned maps, readable with bpftool:"
# Each kind of data plane pins the maps its programs use, and only those.
pins=/sys/fs/bpf/xmip/$(lab_ns ha)
expect_eq "the anchor's 8 maps pinned in $pins" \
	"xmip_bind4 xmip_bind6 xmip_config xmip_known_home xmip_prefix4 xmip_prefix6 xmip_sig_seen xmip_stats" \
	"$(ls "$pins" | xargs)"
expect_eq "the mobile node's 3 maps pinned" "xmip_config xmip_mn_tunnel xmip_stats" \
	"$(ls "/sys/fs/bpf/xmip/$(lab_ns mn)" | xargs)"
dump=$(bpftool map dump pinned "$pins/xmip_config")
expect_match "BTF pretty-print of the settings map" '"kind": 1' "$dump"
expect_match "the settings carry the ABI version" '"abi_version": 2' "$dump"
expect_match "home agent address in the settings" '"ha_addr6"' "$dump"

echo "control socket:"
status=$("$XMIPCTL" -s "$dir/ha.sock" --json status)
expect_eq "role" home-agent "$(jq -r .role <<<"$status")"
expect_eq "instance" "$(lab_ns ha)" "$(jq -r .instance <<<"$status")"
expect_eq "interfaces" "ha-home ha-up xmip0" "$(jq -r '[.interfaces[].name] | join(" ")' <<<"$status")"
expect_eq "fresh maps" false "$(jq -r .maps_reused <<<"$status")"
human=$("$XMIPCTL" -s "$dir/ha.sock" status)
expect_match "human status" '^role +home-agent' "$human"

echo "privileges (everything after this, and every other test, runs with them):"
# CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN, CAP_PERFMON, CAP_BPF: effective
# and bounding sets, both agents.
for pid in "$ha_pid" "$XMIPD_PID"; do
	expect_eq "xmipd $pid keeps 5 capabilities" "000000c000203000 000000c000203000" \
		"$(awk '/^CapEff|^CapBnd/ {print $2}' "/proc/$pid/status" | xargs)"
done
expect_eq "the control socket: root's only" "600 root" "$(stat -c '%a %U' "$dir/ha.sock")"

echo "counters move with traffic:"
before=$("$XMIPCTL" -s "$dir/ha.sock" --json stats | jq '.counters[] | select(.name == "RX_PACKETS") | .value')
lab_exec home ping -c 3 -i 0.2 -W 2 "$LAB_HA_HOME4" >/dev/null
after=$("$XMIPCTL" -s "$dir/ha.sock" --json stats | jq '.counters[] | select(.name == "RX_PACKETS") | .value')
[ "$after" -ge $((before + 3)) ] && pass "HA XDP saw the pings ($before -> $after)" || fail "RX_PACKETS $before -> $after"

# The MN's TC program sees what leaves the tunnel interface: with no tunnel
# up yet it drops and counts it.
lab_exec mn ip -6 route add 2001:db8:2::/64 dev xmip0
before=$("$XMIPCTL" -s "$dir/mn.sock" --json stats | jq '.counters[] | select(.name == "DROP_NO_TUNNEL") | .value')
lab_exec mn ping -6 -c 2 -i 0.2 -W 1 -I xmip0 "$LAB_CN6" >/dev/null 2>&1 || true
after=$("$XMIPCTL" -s "$dir/mn.sock" --json stats | jq '.counters[] | select(.name == "DROP_NO_TUNNEL") | .value')
[ "$after" -ge $((before + 2)) ] && pass "MN TC egress dropped home-address packets without a tunnel ($before -> $after)" || fail "DROP_NO_TUNNEL $before -> $after"

echo "bindings:"
expect_eq "no bindings yet" "no bindings" "$("$XMIPCTL" -s "$dir/ha.sock" bindings)"
