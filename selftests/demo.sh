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

step "traffic on the home link passes through the XDP program and is counted"
show lab_exec home ping -c 3 -i 0.2 "$LAB_HA_HOME6"
show "$XMIPCTL" -s "$dir/ha.sock" stats

step "what is not there yet"
echo "Binding signalling (issue: signalling) and the tunnel data plane (issue: data plane)"
echo "come next; this demo grows into a full handover with them."

step "tearing down"
xmip_stop "$XMIPD_PID"
lab_down
echo "done: namespaces, processes and pinned maps removed"
