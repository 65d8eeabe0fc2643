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
# and is not checked. In the stock-kernel tier (ESP there) the script goes
# on instead (esp_on_the_wire): BU and BA under ESP from an IPv6 care-of
# address, a move behind the NAT with ESP in UDP 4191, IPv4 payload in the
# ESP tunnel (RFC 5555 5.2.2), tshark on the wire, another identity refused.
# stock-kernel: kernel ESP (esp4, esp6, xfrm_user), which this machine's kernel lacks
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"
source "$here/../lib/charon.sh"
source "$here/../lib/tcp.sh"

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

# wire_fields FILE: one line per ESP, Mobility Header or TCP port 5001
# packet, tab-separated: 1 IPv4 source, 2 IPv4 destination, 3 UDP ports,
# 4 IPv6 source, 5 IPv6 destination (outer, then inner), 6 home address
# option, 7 routing header type, 8 ESP SPI, 9 MH type, 10 TCP ports. Under
# emulation a tshark run takes minutes: one for the whole test.
wire_fields() {
	tshark -n -r "$1" -d udp.port==4191,ipv6 -Y 'esp || mip6.mhtype || tcp.port == 5001' \
		-T fields -E occurrence=a -e ip.src -e ip.dst -e udp.port -e ipv6.src -e ipv6.dst \
		-e ipv6.opt.mipv6.home_address -e ipv6.routing.type -e esp.spi -e mip6.mhtype -e tcp.port \
		2>/dev/null
}
# wire_lines AWK-CONDITION: lines of the caller's $f (wire_fields) matching.
wire_lines() { awk -F'\t' "$1" <<<"$f" | wc -l; }
# wire_has WHAT AWK-CONDITION: at least one.
wire_has() {
	[ "$(wire_lines "$2")" -ge 1 ] && pass "wire (tshark): $1" || fail "wire: no $1: $(head -20 <<<"$f")"
}
sa_up() { [ "$("$XMIPCTL" -s "$dir/$1.sock" --json ipsec | jq -r ".connections[0].$2")" = up ]; }
# What the kernels and the data planes did with ESP, for failure messages.
esp_diag() {
	local n
	for n in mn ha; do
		echo "--- $n: xfrm_stat: $(lab_exec $n awk '$2 != 0' /proc/net/xfrm_stat | tr '\n' ' ')"
		lab_exec $n ip -s xfrm state | grep -E '^src|bytes' | paste - - | awk '{print "  " $2 " -> " $4 ": " $0}' | cut -c1-160
		echo "  counters: $("$XMIPCTL" -s "$dir/$n.sock" --json stats | jq -r '.counters[] | select(.value > 0) | "\(.name)=\(.value)"' | tr '\n' ' ')"
	done
	grep -E 'BU|BA|binding' "$dir/ha.log" | tail -4
}
bu_sas_up() { sa_up ha bu_sa && sa_up mn bu_sa; }
payload_sas_up() { sa_up ha payload_sa && sa_up mn payload_sa; }
registered_from() { [ "$(xmip_mn_state)" = "registered $1 $2" ]; }

# Stock kernel only (ESP there), captured in v6net and natnet from the start
# of the IPsec part: the BU SA, BU and BA under ESP from an IPv6 care-of
# address, then a move behind the NAT (MOBIKE takes the IKE SA along, the
# BU SA keyed on the home address stays) with ESP inside UDP 4191 both
# ways, then IPv4 payload in the ESP tunnel (RFC 5555 5.2.2).
esp_on_the_wire() {
	local f esp
	lab_wait "the BU SA at both ends" 90 bu_sas_up &&
		pass "ESP: the BU SA (transport, proxy mode) is up at both ends" ||
		fail "ESP: no BU SA: $(grep -iE 'CHILD_SA|unable|failed|error' "$dir/ha-charon/charon.log" "$dir/mn-charon/charon.log" | tail -8)"
	expect_eq "ESP: the kernel's BU SAs are keyed on the home address and the home agent" \
		"$LAB_MN_HOA6 $LAB_HA6
$LAB_HA6 $LAB_MN_HOA6" \
		"$(lab_exec mn ip xfrm state | awk -v h="$LAB_MN_HOA6" '/^src .* dst / && ($2 == h || $4 == h) { print $2, $4 }' | LC_ALL=C sort)"
	lab_wait "registration under ESP" 60 registered_from ipv6 "$LAB_MN_V6COA" &&
		pass "ESP: registered from the IPv6 care-of address" ||
		fail "ESP: not registered: $(xmip_mn_state); $(grep -E 'BU|BA' "$dir/mn.log" | tail -2); $(esp_diag)"

	lab_mn_use natnet
	lab_wait "the IKE SA moving behind the NAT" 90 grep -q "IKE SA xmip-ha.lab.example moves to $LAB_MN_NATCOA" "$dir/mn.log" &&
		pass "IPv6 -> NATed IPv4: MOBIKE moved the IKE SA" ||
		fail "IPv6 -> NATed IPv4: no ike-update: $(grep -E 'MOBIKE|moves|address|NAT' "$dir/mn-charon/charon.log" | tail -4)"
	lab_wait "registration from behind the NAT" 90 registered_from udp4 "$LAB_MN_NATCOA" &&
		pass "IPv6 -> NATed IPv4: registered again, BU SA unchanged" ||
		fail "IPv6 -> NATed IPv4: $(xmip_mn_state); $(grep -E 'BU|BA' "$dir/mn.log" | tail -2); $(esp_diag)"
	xmip_ping_all "behind the NAT: home host -> HoA6" home -6 "$LAB_MN_HOA6"
	lab_wait "the payload SA at both ends" 90 payload_sas_up &&
		pass "payload: the ESP tunnel-mode SA is up at both ends" ||
		fail "payload: no tunnel SA: $(grep -iE 'payload|unable|failed|error' "$dir/ha-charon/charon.log" "$dir/mn-charon/charon.log" | tail -6)"
	tcp_data "$dir" 1
	TCP_SECS=120 tcp_transfer "payload in ESP: CN4 -> HoA4" cn4 mn "$LAB_MN_HOA4"
	# (From the home address: the node's own choice would be its care-of
	# address, outside the tunnel and its SA.)
	TCP_SRC=$LAB_MN_HOA4 TCP_SECS=120 tcp_transfer "payload in ESP: HoA4 -> CN4" mn cn4 "$LAB_CN4"

	wire_stop
	mergecap -w "$dir/all.pcapng" "$dir/v6.pcapng" "$dir/nat.pcapng" 2>/dev/null
	f=$(wire_fields "$dir/all.pcapng") || true
	wire_has "BU as ESP from the care-of address with the home address option" \
		"\$4 == \"$LAB_MN_V6COA\" && \$5 == \"$LAB_HA6\" && \$6 == \"$LAB_MN_HOA6\" && \$8 != \"\""
	wire_has "BA as ESP to the care-of address with a type 2 routing header" \
		"\$4 == \"$LAB_HA6\" && \$5 == \"$LAB_MN_V6COA\" && \$7 == 2 && \$8 != \"\""
	wire_has "BU as ESP from the home address inside UDP 4191 (RFC 5555 5.2.1)" \
		"\$1 == \"$LAB_MN_NATCOA\" && \$3 ~ /,4191\$/ && \$4 == \"$LAB_MN_HOA6\" && \$5 == \"$LAB_HA6\" && \$8 != \"\""
	wire_has "BA as ESP to the home address inside UDP 4191" \
		"\$2 == \"$LAB_MN_NATCOA\" && \$3 ~ /^4191,/ && \$4 == \"$LAB_HA6\" && \$5 == \"$LAB_MN_HOA6\" && \$8 != \"\""
	[ "$(wire_lines '$9 != ""')" -eq 0 ] && pass "wire (tshark): no Mobility Header in clear" ||
		fail "wire: Mobility Header in clear: $(awk -F'\t' '$9 != ""' <<<"$f" | head -3)"
	esp=$(wire_lines "\$1 == \"$LAB_MN_NATCOA\" && \$2 == \"$LAB_HA4\" && \$3 ~ /,4500\$/ && \$8 != \"\"")
	[ "$esp" -ge 100 ] && pass "wire (tshark): the TCP stream as ESP in UDP 4500 ($esp packets from the node)" ||
		fail "wire: $esp ESP packets in UDP 4500 from the node"
	[ "$(wire_lines '$10 != ""')" -eq 0 ] && pass "wire (tshark): no packet of the TCP stream in clear" ||
		fail "wire: TCP in clear: $(awk -F'\t' '$10 != ""' <<<"$f" | head -3)"
	# Last: its swanctl --load-conns replaces the connections of the
	# node's charon with its own (the agent loads its own again). From
	# behind the NAT, IKE goes to the home agent's IPv4 address.
	forged_identity_refused "$LAB_HA4"
}

# forged_identity_refused HA-ADDRESS: another node's identity (mn2,
# configured on the home agent with its own home address) asks for a BU SA
# on mn1's home address, through the mobile node's charon (its own swanctl
# directory, SWANCTL_DIR) to HA-ADDRESS: the home agent's charon finds mn2's
# connection, whose selectors name mn2's home address only, and refuses; the
# home agent's bindings do not change (but for their sequence numbers,
# which the node's own refreshes move behind a NAT).
forged_identity_refused() {
	local d=$dir/forge before bindings='[.registrations[] | del(.expires_in, .sequence)]'
	mkdir -p "$d/x509" "$d/x509ca" "$d/private"
	cp "$dir/mn2.crt" "$d/x509/"
	cp "$dir/ca.crt" "$d/x509ca/"
	(umask 077; cp "$dir/mn2.key" "$d/private/")
	cat >"$d/swanctl.conf" <<CONF
connections {
  forge {
    version = 2
    remote_addrs = $1
    local { auth = pubkey
            id = mn2@lab.example
            certs = mn2.crt }
    remote { auth = pubkey
             id = ha.lab.example }
    children { bu { mode = transport_proxy
                    policies = no
                    local_ts = $LAB_MN_HOA6/128
                    remote_ts = $LAB_HA6/128 } }
  }
}
CONF
	before=$("$XMIPCTL" -s "$dir/ha.sock" --json registrations | jq -c "$bindings")
	SWANCTL_DIR=$d charon_swanctl mn "$dir" --load-creds --noprompt >"$d/load.log" 2>&1 || true
	SWANCTL_DIR=$d charon_swanctl mn "$dir" --load-conns >>"$d/load.log" 2>&1 || true
	if charon_swanctl mn "$dir" --initiate --ike forge --child bu --timeout 60 >"$d/initiate.log" 2>&1; then
		fail "another node's identity: got a BU SA on our home address: $(tail -3 "$d/initiate.log")"
	fi
	grep -q "TS_UNACCEPTABLE" "$d/initiate.log" "$dir/mn-charon/charon.log" &&
		pass "another node's identity: no SA on our home address (TS_UNACCEPTABLE)" ||
		fail "another node's identity: not refused for its selectors: $(tail -4 "$d/initiate.log"; tail -3 "$d/load.log")"
	expect_eq "another node's identity: the home agent's bindings unchanged" "$before" \
		"$("$XMIPCTL" -s "$dir/ha.sock" --json registrations | jq -c "$bindings")"
	charon_swanctl mn "$dir" --terminate --ike forge --timeout 10 >/dev/null 2>&1 || true
}

# --- the home agent with IPsec, the mobile node without -----------------
# IPv4 payload in an ESP tunnel needs ESP: stock-kernel tier only.
[ -z "${XMIP_IN_VM:-}" ] || XMIP_IPSEC_EXTRA='protect_ipv4_payload = true;'
charon_start ha "$dir"
ha_charon=$CHARON_PID
XMIP_HA_MORE_NODES=', { id = "mn2@lab.example"; home_address6 = "2001:db8:100::200"; }' \
	XMIP_SIGNALLING=true XMIP_HA_PROTECTION=ipsec XMIP_MN_PROTECTION=unprotected-for-tests \
	XMIP_MN_IFACES='"mn-v6", "mn-v4"' \
	XMIP_HA_TOP="$(xmip_ipsec_section ha "$dir")" xmip_write_configs "$dir"
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
reqid=$((0x786d0001))
expect_eq "home agent: ESP required for the node's BUs in and BAs out" \
	"$LAB_MN_HOA6/128 $LAB_HA6/128 any in $reqid
$LAB_HA6/128 $LAB_MN_HOA6/128 6 out $reqid" "$(policies ha | grep -F "$LAB_MN_HOA6/")"
lab_wait "the home agent's session with charon" 10 ha_charon_connected &&
	pass "home agent: session with charon up" || fail "home agent: no session: $(grep -i charon "$dir/ha.log" | tail -3)"
expect_eq "charon holds the connections the agent loaded" "xmip-mn1@lab.example xmip-mn2@lab.example" \
	"$(charon_swanctl ha "$dir" --list-conns | sed -n 's/^\(xmip-[^:]*\):.*/\1/p' | LC_ALL=C sort | xargs)"

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
XMIP_HA_MORE_NODES=', { id = "mn2@lab.example"; home_address6 = "2001:db8:100::200"; }' \
	XMIP_SIGNALLING=true XMIP_HA_PROTECTION=ipsec XMIP_MN_PROTECTION=ipsec \
	XMIP_MN_IFACES='"mn-v6", "mn-v4", "mn-nat"' \
	XMIP_HA_TOP="$(xmip_ipsec_section ha "$dir")" XMIP_MN_TOP="$(xmip_ipsec_section mn "$dir")" \
	xmip_write_configs "$dir"
if [ -n "${XMIP_IN_VM:-}" ]; then
	wire_start v6net any "$dir/v6.pcapng"
	wire_start natnet any "$dir/nat.pcapng"
fi
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
	esp_on_the_wire
	exit 0
fi
# (charon may list a second IKE SA still connecting next to it.)
sas=$(charon_swanctl mn "$dir" --list-sas | sed -n 's/^xmip-ha.lab.example: #[0-9]*, \([A-Z_]*\),.*/\1/p' | tr '\n' ' ')
grep -qw ESTABLISHED <<<"$sas" && pass "charon on the node: established with the home agent ($sas)" ||
	fail "charon on the node: no established IKE SA ($sas): $(grep -iE 'CHILD_SA|IKE_SA|establish|delet|fail|error|unable|retransmit' "$dir/mn-charon/charon.log" | tail -12)"
grep -q "IKE SA xmip-ha.lab.example up: " "$dir/mn.log" &&
	pass "mobile node: the IKE SA's event logged" || fail "mobile node: no IKE SA event in its log"
forged_identity_refused "$LAB_HA6"

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

