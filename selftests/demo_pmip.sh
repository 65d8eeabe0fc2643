#!/usr/bin/env bash
# The demo's second act (make demo runs it after the first): proxy mobility
# for an unmodified IPv4-only host. An LMA and two MAGs (xmipd, roles "lma"
# and "mag"), a host with nothing but busybox's DHCP client behind an access
# point, a correspondent. The host gets its address by DHCP, reaches the
# correspondent, roams to the other MAG and back while it pings the
# correspondent; everything is torn down again (also on Ctrl-C or failure).
set -eu
cd "$(dirname "$0")/.."
source selftests/lib/lab.sh
source selftests/lib/topo/pmip.sh
source selftests/lib/xmip.sh

LAB_PREFIX=${LAB_PREFIX:-xmip-demo-}pm-
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }
says() { grep -h -E ' (notice|warning): ' "$dir/$1.log" | tail -n "$2" | sed "s/^/  $1: /"; }
at() {   # at MAG: waits (10 s) until the LMA binds the host there
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$("$XMIPCTL" -s "$dir/lma.sock" --json registrations | jq -r '.registrations[0].mag')" = "$1" ] && return 0
		sleep 0.1
	done
	echo "the host did not register at $1" >&2
	return 1
}

step "act 2, proxy mobility: building the lab: cn lma mag1 mag2, an access point and a host"
lab_up_pmip "$XMIP_BUILD/tests/xdp_pass.bpf.o" hosts
dir=$(mktemp -d /tmp/xmip-demo.XXXXXX)
lab_on_down "rm -rf $dir"
lab_pmip_configs "$dir"
echo "the host: IPv4 only, MAC $LAB_PMIP_HOST_MAC, no address yet; the access point joins it to MAG 1"

step "starting xmipd: the LMA, MAG 1, MAG 2"
xmip_start lma "$dir/lma.conf" "$dir/lma.log"
xmip_start mag1 "$dir/mag1.conf" "$dir/mag1.log"
xmip_start mag2 "$dir/mag2.conf" "$dir/mag2.log"
show lab_exec mag1 bpftool net

step "the host's stock DHCP client asks; MAG 1 registers it at the LMA and answers"
lab_pmip_dhcp_client "$dir"
at mag1
sleep 0.5
says mag1 1
says lma 1
show lab_exec h1 ip -4 addr show dev eth0
show "$XMIPCTL" -s "$dir/lma.sock" registrations
show lab_exec h1 ping -c 3 -i 0.2 "$LAB_PMIP_CN4"

step "roaming to MAG 2 while the host pings the correspondent (every 20 ms)"
echo "(MAG 2 learns of the host from its next frame: nothing on the host changes)"
lab_exec h1 ping -q -i 0.02 -c 100 "$LAB_PMIP_CN4" >"$dir/ping.out" 2>&1 &
ping_pid=$!
sleep 0.5
lab_pmip_host_at 2
at mag2
wait "$ping_pid" || true
says mag2 1
says lma 2
says mag1 2
grep transmitted "$dir/ping.out"
show "$XMIPCTL" -s "$dir/mag2.sock" registrations
echo "(MAG 1 was revoked: its visitor list is empty)"
show "$XMIPCTL" -s "$dir/mag1.sock" registrations

step "and back to MAG 1"
lab_pmip_host_at 1
lab_exec h1 ping -c 1 -W 1 "$LAB_PMIP_CN4" >/dev/null 2>&1 || true
at mag1
show lab_exec h1 ping -c 3 -i 0.2 "$LAB_PMIP_CN4"
echo "MAG 1's counters (non-zero):"
"$XMIPCTL" -s "$dir/mag1.sock" stats | awk '$1 != 0'

step "tearing down act 2"
lab_down
echo "done: act 2's namespaces, processes and pinned maps removed"
