#!/usr/bin/env bash
# The xmip demo: builds the lab of network namespaces, starts xmipd as home
# agent and as mobile node with their BPF programs attached to real veth
# interfaces, shows the programs and the pinned maps, and tears everything
# down again (also on Ctrl-C or failure).
set -eu
cd "$(dirname "$0")/.."
source selftests/lib/lab.sh
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

step "a correspondent reaches the mobile node's home address through an IPv6 tunnel"
echo "The binding is written through the loader's binding API by hand: the signalling"
echo "(BU/BA) that will write it comes next. No kernel tunnel device is involved."
DPCTL=$XMIP_BUILD/tests/dpctl
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
show lab_exec ha "$DPCTL" "$(lab_ns ha)" ha-bind "$LAB_MN_HOA6" ipv6 "$LAB_MN_V6COA" "$LAB_HA6"
show lab_exec mn "$DPCTL" "$(lab_ns mn)" mn-tunnel ipv6 "$LAB_MN_V6COA" "$LAB_HA6" mn-v6
lab_exec mn ip -6 route add 2001:db8:2::/64 dev xmip0 src "$LAB_MN_HOA6"
lab_exec mn ip -6 route add 2001:db8:100::/64 dev xmip0 src "$LAB_MN_HOA6"
echo "The home agent routes the home address into its tunnel interface and proxies it"
echo "on the home link:"
show lab_exec ha ip -6 route show proto 77
show lab_exec ha ip -6 neigh show proxy
show lab_exec cn6 ping -6 -c 3 -i 0.2 "$LAB_MN_HOA6"
echo "and a host on the home link reaches it too (the home agent answers its"
echo "neighbour solicitation, then tunnels):"
show lab_exec home ping -6 -c 3 -i 0.2 "$LAB_MN_HOA6"
show "$XMIPCTL" -s "$dir/ha.sock" bindings
echo
echo "home agent counters (non-zero):"
"$XMIPCTL" -s "$dir/ha.sock" stats | awk '$1 != 0'
echo "mobile node counters (non-zero):"
"$XMIPCTL" -s "$dir/mn.sock" stats | awk '$1 != 0'

step "tearing down"
xmip_stop "$XMIPD_PID"
lab_down
echo "done: namespaces, processes and pinned maps removed"
