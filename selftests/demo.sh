#!/usr/bin/env bash
# The xmip demo: builds the lab of network namespaces, starts xmipd as home
# agent and as mobile node with their BPF programs attached to real veth
# interfaces, shows the programs and the pinned maps, then a full DSMIPv6
# run: registration, traffic, three moves (IPv6 -> IPv4 -> behind a NAT),
# the return home that deregisters, with `xmipctl bindings` along the way;
# and tears everything down again (also on Ctrl-C or failure). Then act 2,
# selftests/demo_pmip.sh: proxy mobility for an unmodified IPv4-only host.
set -eu
cd "$(dirname "$0")/.."
source selftests/lib/lab.sh
source selftests/lib/topo/dsmip6.sh
source selftests/lib/xmip.sh

LAB_PREFIX=${LAB_PREFIX:-xmip-demo-}
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

[ -x "$XMIPD" ] || { echo "build first: make" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "the demo makes namespaces and loads BPF: run as root" >&2; exit 1; }

step "building the lab: $(printf '%s ' "${LAB_NODES[@]}")"
lab_up
dir=$(mktemp -d /tmp/xmip-demo.XXXXXX)
lab_on_down "rm -rf $dir"
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
lab_mn_home_link "$XMIP_BUILD/tests/xdp_pass.bpf.o"
XMIP_SIGNALLING=true XMIP_MN_IFACES='"mn-v6", "mn-v4", "mn-nat", "mn-dual", "mn-home"' \
	xmip_write_configs "$dir"
lab_mn_use v6net
echo "mobile node on the IPv6-only visited network; home agent on its home link"

step "starting xmipd: home agent in '$(lab_ns ha)', mobile node in '$(lab_ns mn)'"
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
xmip_start mn "$dir/mn.conf" "$dir/mn.log"
grep -h -E ' (notice|info|warning): ' "$dir/ha.log" | grep -v libbpf | sed 's/^/  ha: /'
grep -h -E ' (notice|info|warning): ' "$dir/mn.log" | grep -v libbpf | sed 's/^/  mn: /'

step "programs attached in the home agent's namespace"
show lab_exec ha bpftool net
step "programs attached in the mobile node's namespace"
show lab_exec mn bpftool net

step "maps pinned by the home agent (BTF: bpftool prints them readably)"
pins=/sys/fs/bpf/xmip/$(lab_ns ha)
show ls "$pins"
show bpftool map dump pinned "$pins/xmip_config"

step "the agents over their control sockets"
show "$XMIPCTL" -s "$dir/ha.sock" status
echo
show "$XMIPCTL" -s "$dir/mn.sock" status

# registered FORMAT: waits (10 s) until the mobile node says so.
registered() {
	local i
	for ((i = 0; i < 100; i++)); do
		"$XMIPCTL" -s "$dir/mn.sock" --json registrations |
			jq -e --arg f "$1" '.state == "registered" and .format == $f' >/dev/null && return 0
		sleep 0.1
	done
	echo "the mobile node did not register via $1" >&2
	return 1
}
mn_says() { grep -h -E ' (notice|warning): ' "$dir/mn.log" | tail -n "$1" | sed 's/^/  mn: /'; }
ha_says() { grep -h -E ' (notice|warning): ' "$dir/ha.log" | tail -n "$1" | sed 's/^/  ha: /'; }

step "registration: BU from the IPv6 care-of address, BA from the home agent"
registered ipv6
mn_says 4
ha_says 1
show "$XMIPCTL" -s "$dir/mn.sock" registrations
echo
show "$XMIPCTL" -s "$dir/ha.sock" bindings
echo
echo "The home agent routes the home addresses into its tunnel interface; on the"
echo "home link its XDP program answers for them (neighbour solicitations and ARP):"
show lab_exec ha ip -6 route show proto 77

step "traffic: correspondents reach both home addresses through the tunnel"
show lab_exec cn6 ping -6 -c 3 -i 0.2 "$LAB_MN_HOA6"
show lab_exec cn4 ping -c 3 -i 0.2 "$LAB_MN_HOA4"
show lab_exec home ping -6 -c 3 -i 0.2 "$LAB_MN_HOA6"
"$XMIPCTL" -s "$dir/ha.sock" stats | grep "answered: neighbour" || true

step "move 1: to the IPv4-only network (IPv6 and IPv4 inside IPv4)"
lab_mn_use v4net
registered ipv4
mn_says 2
show "$XMIPCTL" -s "$dir/ha.sock" bindings
echo
show lab_exec cn6 ping -6 -c 3 -i 0.2 "$LAB_MN_HOA6"

step "move 2: behind the nftables NAT (NAT detected, UDP 4191)"
lab_mn_use natnet
registered udp4
mn_says 2
show "$XMIPCTL" -s "$dir/ha.sock" registrations
echo
show lab_exec cn4 ping -c 3 -i 0.2 "$LAB_MN_HOA4"

step "move 3: back to IPv6"
lab_mn_use v6net
registered ipv6
show "$XMIPCTL" -s "$dir/ha.sock" bindings
echo
show lab_exec cn6 ping -6 -c 3 -i 0.2 "$LAB_MN_HOA6"

step "home: the mobile node returns to its home link and deregisters"
lab_mn_use home
for ((i = 0; i < 100; i++)); do
	"$XMIPCTL" -s "$dir/mn.sock" --json registrations | jq -e '.state == "at home"' >/dev/null && break
	sleep 0.1
done
mn_says 2
ha_says 1
show "$XMIPCTL" -s "$dir/ha.sock" bindings
echo
echo "(no binding: the home address now lives on the home link, reached natively)"
show lab_exec cn6 ping -6 -c 3 -i 0.2 "$LAB_MN_HOA6"
echo
echo "home agent counters (non-zero):"
"$XMIPCTL" -s "$dir/ha.sock" stats | awk '$1 != 0'
echo "mobile node counters (non-zero):"
"$XMIPCTL" -s "$dir/mn.sock" stats | awk '$1 != 0'

step "tearing down"
xmip_stop "$XMIPD_PID"
lab_down
echo "done: namespaces, processes and pinned maps removed"

# Act 2: proxy mobility for an IPv4-only host (its own lab).
selftests/demo_pmip.sh
