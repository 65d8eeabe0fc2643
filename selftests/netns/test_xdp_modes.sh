#!/usr/bin/env bash
# XDP attach modes and the errors a user meets: native where the driver has
# it, generic fallback with a log line where it has not, refusal when the
# configuration demands native, and one clear message for a missing
# interface and for missing privileges.
# stock-kernel: native and generic XDP as 6.1's veth and libxdp 1.3 offer them
set -eu
here=$(dirname "$0")
source "$here/../lib/agents.sh"

LAB_NODES=(solo)
lab_up_nodes
dir=$(mktemp -d /tmp/xmip-modes.XXXXXX)
lab_on_down "rm -rf $dir"
lab_exec solo ip link add v0 type veth peer name v1
lab_exec solo ip link set v0 up
lab_exec solo ip link set v1 up

# conf NAME XDP_MODE IFACES...: a mobile node on the given interfaces.
conf() {
	local name=$1 mode=$2 list
	shift 2
	list=$(printf '"%s", ' "$@")
	cat >"$dir/$name.conf" <<CONF
instance = "$(lab_ns solo)-$name";
role = "mobile-node";
control_socket = "$dir/$name.sock";
dataplane = { xdp_mode = "$mode"; };
mobile_node = {
  tunnel_interface = "xt-$name";
  interfaces = [ ${list%, } ];
  home_address6 = "2001:db8:100::100";
  home_agent6 = "2001:db8:1::2";
  # (No home agent answers here: the test is about attaching XDP.)
  bu_protection = "unprotected-for-tests";
};
CONF
	lab_on_down "lab_exec solo $XMIPD -c $dir/$name.conf --cleanup"
}

echo "auto on veth and lo: native where possible, generic fallback on lo:"
conf auto auto v0 lo
xmip_start solo "$dir/auto.conf" "$dir/auto.log"
status=$("$XMIPCTL" -s "$dir/auto.sock" --json status)
expect_eq "veth native" native "$(jq -r '.interfaces[] | select(.name == "v0") | .xdp' <<<"$status")"
expect_eq "lo generic" generic "$(jq -r '.interfaces[] | select(.name == "lo") | .xdp' <<<"$status")"
expect_match "fallback logged" "lo: native XDP not available .*falling back to generic XDP" "$(cat "$dir/auto.log")"
expect_match "bpftool sees generic XDP on lo" '"devname":"lo".*"mode":"generic"|xdpgeneric' "$(lab_exec solo bpftool -j net | jq -c '.[0].xdp[]')"
xmip_stop "$XMIPD_PID"
lab_exec solo "$XMIPD" -c "$dir/auto.conf" --cleanup

# expect_start_fails NAME REGEX [WRAPPER...]: xmipd with NAME.conf exits 1 with
# exactly one error line, matching REGEX.
expect_start_fails() {
	local name=$1 re=$2 out rc
	shift 2
	set +e
	out=$(lab_exec solo timeout 20 "$@" "$XMIPD" -c "$dir/$name.conf" 2>&1)
	rc=$?
	set -e
	expect_eq "$name: exit status" 1 "$rc"
	expect_match "$name: says why" "$re" "$out"
	expect_eq "$name: exactly one error line" 1 "$(grep -c ' err: ' <<<"$out" || true)"
}

echo "native demanded on lo: refused, with the reason:"
conf native native lo
expect_start_fails native 'attaching XDP to lo: native mode required by the configuration'

echo "missing interface:"
conf missing auto nosuch0
expect_start_fails missing "interface 'nosuch0' not found"

echo "without privileges:"
conf unpriv auto v0
chmod 755 "$dir"
chmod 644 "$dir/unpriv.conf"
expect_start_fails unpriv "Permission denied; run xmipd as root" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all
