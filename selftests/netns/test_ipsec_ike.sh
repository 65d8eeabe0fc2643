#!/usr/bin/env bash
# IPsec for BUs and BAs (RFC 5555 5) with strongSwan: the agents against two
# real charon daemons (charon-systemd) in the lab's home agent and mobile
# node, certificates made here with strongSwan's pki.
#
# - The home agent's XFRM policies require ESP for BUs from the node's home
#   address: a node that sends its BU without IPsec is never answered, the
#   kernel drops the BU (XfrmInTmplMismatch) and the binding cache stays empty.
# - With IPsec on both agents: each loads its connection over VICI, sets
#   its policies, and IKEv2 comes up between the care-of address and the
#   home agent; both agents learn it from charon's events.
# - charon restarts on the mobile node: the agent notices, connects again,
#   loads its connection again, and the IKE SA comes back.
# - swanctl --load-all on the home agent unloads what VICI loaded: the agent
#   loads it again.
# - A move from IPv6 to IPv4: MOBIKE moves the IKE SA, the agent logs the
#   ike-update event.
# On this host kernel there is no ESP: the CHILD_SA cannot be installed here
# and is not checked. In the stock-kernel tier (ESP there) the script stops
# after the IKE SA is up: the ESP part is the next step of the IPsec issue.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"
source "$here/../lib/charon.sh"

dir=$(mktemp -d /tmp/xmip-ipsec.XXXXXX)
lab_up
lab_on_down "rm -rf $dir"
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
lab_mn_use v6net
charon_pki "$dir"

ha_ipsec() { "$XMIPCTL" -s "$dir/ha.sock" --json ipsec | jq -r ".connections[0].$1"; }
mn_ipsec() { "$XMIPCTL" -s "$dir/mn.sock" --json ipsec | jq -r ".$1"; }
xfrm_stat() { lab_exec ha awk -v k="$1" '$1 == k { print $2 }' /proc/net/xfrm_stat; }
# Conditions for lab_wait (it runs them in this shell).
ha_charon_connected() { [ "$("$XMIPCTL" -s "$dir/ha.sock" --json ipsec | jq -r .charon)" = connected ]; }
mismatches_over() { [ "$(xfrm_stat XfrmInTmplMismatch)" -ge "$1" ]; }
ike_up() { [ "$("$XMIPCTL" -s "$dir/$1.sock" --json ipsec | jq -r '.connections[0].ike_sa')" = up ]; }
loads_over() { [ "$(mn_ipsec connection_loads)" -gt "$1" ]; }
ha_charon_has_conn() { charon_swanctl ha "$dir" --list-conns | grep -q '^xmip-mn1@lab.example:'; }
policies() {
	lab_exec "$1" ip xfrm policy | awk '
		/^src .*proto mobility-header/ { sel = $2 " " $4 " " ($7 == "type" ? $8 : "any") }
		/^\tdir / { dir = $2 }
		/reqid .* mode transport/ { print sel " " dir " " $4 }' | LC_ALL=C sort
}

# --- the home agent with IPsec, the mobile node without -----------------
charon_start ha "$dir"
ha_charon=$CHARON_PID
XMIP_SIGNALLING=true XMIP_HA_UNPROTECTED=false XMIP_MN_IFACES='"mn-v6", "mn-v4"' \
	XMIP_HA_TOP="$(xmip_ipsec_section ha "$dir")" xmip_write_configs "$dir"
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
reqid=$((0x786d0001))
expect_eq "home agent: ESP required for the node's BUs in and BAs out" \
	"$LAB_MN_HOA6/128 $LAB_HA6/128 any in $reqid
$LAB_HA6/128 $LAB_MN_HOA6/128 6 out $reqid" "$(policies ha)"
lab_wait "the home agent's session with charon" 10 ha_charon_connected &&
	pass "home agent: session with charon up" || fail "home agent: no session: $(grep -i charon "$dir/ha.log" | tail -3)"
expect_eq "charon holds the connection the agent loaded" "xmip-mn1@lab.example" \
	"$(charon_swanctl ha "$dir" --list-conns | sed -n 's/^\(xmip-[^:]*\):.*/\1/p')"

mismatch_before=$(xfrm_stat XfrmInTmplMismatch)
xmip_start mn "$dir/mn.conf" "$dir/mn-plain.log"
mn_pid=$XMIPD_PID
lab_wait "two unprotected BUs dropped by the home agent's kernel" 10 mismatches_over $((mismatch_before + 2)) &&
	pass "unprotected BUs: dropped by the home agent's policy (XfrmInTmplMismatch $(xfrm_stat XfrmInTmplMismatch))" ||
	fail "unprotected BUs: XfrmInTmplMismatch $mismatch_before -> $(xfrm_stat XfrmInTmplMismatch); $(lab_exec ha grep -v ' 0$' /proc/net/xfrm_stat | tr '\n' ' '); $(grep -v debug "$dir/mn-plain.log" | tail -4; grep -i 'bu\b\|binding' "$dir/ha.log" | tail -3)"
expect_eq "unprotected BUs: no binding" "0" \
	"$("$XMIPCTL" -s "$dir/ha.sock" --json registrations | jq '[.registrations[] | select(.state != "none")] | length')"
state=$(xmip_mn_state | cut -d' ' -f1)
[ "$state" != registered ] && pass "unprotected BUs: the node is not registered ($state)" ||
	fail "unprotected BUs: the node says it is registered"
xmip_stop "$mn_pid"

# --- both with IPsec ------------------------------------------------------
charon_start mn "$dir"
mn_charon=$CHARON_PID
XMIP_SIGNALLING=true XMIP_HA_UNPROTECTED=false XMIP_MN_IFACES='"mn-v6", "mn-v4"' \
	XMIP_HA_TOP="$(xmip_ipsec_section ha "$dir")" XMIP_MN_TOP="$(xmip_ipsec_section mn "$dir")" \
	xmip_write_configs "$dir"
xmip_start mn "$dir/mn.conf" "$dir/mn.log"
mn_pid=$XMIPD_PID
expect_eq "mobile node: ESP required for its BUs out and BAs in" \
	"$LAB_MN_HOA6/128 $LAB_HA6/128 5 out $reqid
$LAB_HA6/128 $LAB_MN_HOA6/128 any in $reqid" "$(policies mn)"
lab_wait "IKE SA up at the home agent" 20 ike_up ha &&
	pass "IKEv2 between the care-of address and the home agent: up (charon's event)" ||
	fail "no IKE SA: $(tail -5 "$dir/mn-charon/charon.log")"
expect_eq "the home agent saw the node's care-of address" "$LAB_MN_V6COA" "$(ha_ipsec remote_host)"
if [ -n "${XMIP_IN_VM:-}" ]; then
	# On the stock kernel charon installs the CHILD_SA with ESP, and the
	# node's IKE_AUTH response goes missing after that: the ESP half of
	# the IPsec issue, not done yet. What ran above holds there too.
	echo "  note: stock kernel: stopping before the ESP part (IPsec issue, next step)"
	exit 0
fi
# (charon may list a second IKE SA still connecting next to it.)
sas=$(charon_swanctl mn "$dir" --list-sas | sed -n 's/^xmip-ha.lab.example: #[0-9]*, \([A-Z_]*\),.*/\1/p' | tr '\n' ' ')
grep -qw ESTABLISHED <<<"$sas" && pass "charon on the node: established with the home agent ($sas)" ||
	fail "charon on the node: no established IKE SA ($sas): $(grep -iE 'CHILD_SA|IKE_SA|establish|delet|fail|error|unable|retransmit' "$dir/mn-charon/charon.log" | tail -12)"
grep -q "IKE SA xmip-ha.lab.example up: " "$dir/mn.log" &&
	pass "mobile node: the IKE SA's event logged" || fail "mobile node: no IKE SA event in its log"

# --- charon restarts under the mobile node's agent ------------------------
loads=$(mn_ipsec connection_loads)
charon_stop "$mn_charon"
lab_wait "the agent noticing" 10 grep -q "charon: the VICI event socket closed" "$dir/mn.log" &&
	pass "charon stopped: the agent noticed" || fail "charon stopped: nothing logged"
expect_eq "charon stopped: the agent reports it" "unreachable" "$(mn_ipsec charon)"
charon_start mn "$dir"
mn_charon=$CHARON_PID
lab_wait "the agent's new session" 20 loads_over "$loads" &&
	pass "charon back: the agent connected again and loaded its connection" ||
	fail "charon back: no new session: $(grep charon "$dir/mn.log" | tail -3)"
lab_wait "a new IKE SA" 20 ike_up mn &&
	pass "charon back: the IKE SA is up again" || fail "charon back: no IKE SA: $(tail -5 "$dir/mn-charon/charon.log")"

# --- swanctl --load-all on the home agent ---------------------------------
mkdir -p "$dir/swanctl"
echo "connections { }" >"$dir/swanctl/swanctl.conf"
charon_swanctl ha "$dir" --load-all --file "$dir/swanctl/swanctl.conf" >"$dir/load-all.log" 2>&1 || true
lab_wait "the connection loaded again" 10 grep -q "connection xmip-mn1@lab.example is gone" "$dir/ha.log" &&
	pass "swanctl --load-all: the agent loaded its connection again" ||
	fail "swanctl --load-all: $(cat "$dir/load-all.log" | tail -2)"
lab_wait "charon holding it" 10 ha_charon_has_conn &&
	pass "swanctl --load-all: charon holds the connection again" || fail "swanctl --load-all: the connection stayed away"

# --- a move: MOBIKE -------------------------------------------------------
lab_mn_use v4net
lab_wait "the IKE SA moving" 30 grep -q "IKE SA xmip-ha.lab.example moves to $LAB_MN_V4COA" "$dir/mn.log" &&
	pass "IPv6 -> IPv4: MOBIKE moved the IKE SA (ike-update event)" ||
	fail "IPv6 -> IPv4: no ike-update: $(grep -E 'MOBIKE|moves|address' "$dir/mn-charon/charon.log" | tail -3)"

