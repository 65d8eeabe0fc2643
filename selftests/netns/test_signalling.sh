#!/usr/bin/env bash
# DSMIPv6 registration end to end, both agents signalling by themselves
# (RFC 5555 1.3's scenarios in the lab): the mobile node starts on the
# IPv6-only network, moves to the IPv4-only one, behind the nftables NAT,
# back to IPv6, then to the dual-stack network where the IPv6 care-of
# address is chosen. After every move the home agent's binding and the
# mobile node's tunnel follow (6in6 / plain IPv4 / UDP 4191 with the NAT's
# address and port), IPv6 and IPv4-only applications reach the home
# addresses both ways, and the test reports the pings lost per move. One TCP
# connection to the IPv6 home address runs through all moves and must
# survive with every byte. tshark decodes the BU (with its home address
# option) and the BA (with its type 2 routing header) captured on the
# IPv6 visited network, and the BU and BA in UDP 4191 on the IPv4 one,
# each with RFC 4285's authentication and replay protection options.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"
LINES=600           # TCP: one line every 50 ms, 30 s

dir=$(mktemp -d /tmp/xmip-signalling.XXXXXX)
lab_up
lab_on_down "rm -rf $dir"
XMIP_SIGNALLING=true xmip_write_configs "$dir"
lab_mn_use v6net
xmip_start ha "$dir/ha.conf" "$dir/ha.log"
lab_xdp_routers "$XMIP_BUILD/tests/xdp_pass.bpf.o"
if [ -z "${XMIP_IN_VM:-}" ]; then
	wire_start v6net v6-mn "$dir/v6.pcapng"
	wire_start v4net v4-mn "$dir/v4.pcapng"
fi
xmip_start mn "$dir/mn.conf" "$dir/mn.log"

reachable() {
	xmip_ping_all "$1: CN6 -> HoA6" cn6 -6 "$LAB_MN_HOA6"
	xmip_ping_all "$1: CN4 -> HoA4 (IPv4-only application)" cn4 "$LAB_MN_HOA4"
	xmip_ping_all "$1: HoA4 -> CN4" mn -I "$LAB_MN_HOA4" "$LAB_CN4"
	xmip_ping_all "$1: HoA6 -> CN6" mn -6 -I "$LAB_MN_HOA6" "$LAB_CN6"
}

xmip_registered ipv6 "$LAB_MN_V6COA"
expect_eq "home agent binds the IPv6 care-of address" "ipv6 $LAB_MN_V6COA" "$(xmip_ha_via)"
reachable "IPv6 visited network"
expect_match "xmipctl: the node's last BU authenticated (RFC 4285, its SPI)" "protected_by +rfc4285 spi $LAB_MN_HA_SPI" \
	"$("$XMIPCTL" -s "$dir/ha.sock" registrations)"
status=$("$XMIPCTL" -s "$dir/ha.sock" status)
expect_match "xmipctl status: how BUs are protected" "^BU/BA +rfc4285" "$status"
expect_no_match "xmipctl status: no warning" "WARNING" "$status"

# The long TCP connection: correspondent -> IPv6 home address.
lab_spawn mn "$dir/tcp-server.log" socat -u TCP6-LISTEN:5001,reuseaddr "OPEN:$dir/tcp.out,creat,trunc"
listening() { lab_exec mn ss -Hltn "sport = :5001" | grep -q 5001; }
lab_wait "TCP listener" 10 listening
lab_spawn cn6 "$dir/tcp-client.log" bash -c \
	"for ((i = 1; i <= $LINES; i++)); do echo line-\$i; sleep 0.05; done | socat -u - TCP6:[$LAB_MN_HOA6]:5001"
TCP_PID=$LAB_LAST_PID

# move NET FORMAT COA [HA-SEES]: pings at 50/s across the move, lost ones
# reported; then the registration and reachability.
move() {
	local net=$1 format=$2 coa=$3 seen=${4:-$3} out lost
	lab_exec cn6 ping -6 -q -c 150 -i 0.02 -W 1 "$LAB_MN_HOA6" >"$dir/ping-$net.txt" 2>&1 &
	local ping_pid=$!
	sleep 0.5
	lab_mn_use "$net"
	xmip_registered "$format" "$coa"
	wait "$ping_pid" || true
	lost=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$dir/ping-$net.txt")
	echo "  move to $net: $((150 - ${lost:-0})) of 150 pings lost (20 ms apart)"
	expect_match "home agent binds $seen" "^$format $seen" "$(xmip_ha_via)"
	reachable "$net"
}

move v4net ipv4 "$LAB_MN_V4COA"
move natnet udp4 "$LAB_MN_NATCOA" "$LAB_NAT_PUBLIC port"
move v6net ipv6 "$LAB_MN_V6COA"
move dualnet ipv6 "$LAB_MN_DUAL6"

# Every line of the TCP connection arrived, in order, through four moves.
for ((i = 0; i < 600; i++)); do kill -0 "$TCP_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$TCP_PID" 2>/dev/null && fail "TCP sender still running after 60 s"
wait "$TCP_PID" && pass "TCP connection survived every move" || fail "TCP sender failed: $(cat "$dir/tcp-client.log")"
expect_eq "TCP: all $LINES lines, in order" "$(seq -f 'line-%g' 1 $LINES | sha256sum)" "$(sha256sum <"$dir/tcp.out")"

if [ -z "${XMIP_IN_VM:-}" ]; then
	wire_stop
	hoa="ipv6.opt.mipv6.home_address == $LAB_MN_HOA6"
	[ "$(wire_count "$dir/v6.pcapng" "mip6.bu.seqnr && ipv6.src == $LAB_MN_V6COA && $hoa && mip6.ipv4ha.ha == $LAB_MN_HOA4")" -ge 2 ] &&
		pass "tshark: BU from the IPv6 care-of address with the home address option" ||
		fail "tshark: no BU with the home address option on the IPv6 network"
	[ "$(wire_count "$dir/v6.pcapng" "mip6.ba.status == 0 && ipv6.dst == $LAB_MN_V6COA && ipv6.routing.type == 2 && ipv6.routing.mipv6.home_address == $LAB_MN_HOA6 && mip6.ipv4aa.sts == 0")" -ge 2 ] &&
		pass "tshark: BA to the care-of address with the type 2 routing header, IPv4 home address acknowledged" ||
		fail "tshark: no BA with the type 2 routing header on the IPv6 network"
	[ "$(wire_count "$dir/v4.pcapng" "ip.src == $LAB_MN_V4COA && udp.dstport == 4191 && mip6.bu.seqnr && mip6.ipv4coa.addr == $LAB_MN_V4COA" ipv6)" -ge 1 ] &&
		pass "tshark: BU in UDP 4191 with the IPv4 care-of address option" ||
		fail "tshark: no BU in UDP 4191 on the IPv4 network"
	[ "$(wire_count "$dir/v4.pcapng" "ip.dst == $LAB_MN_V4COA && udp.srcport == 4191 && mip6.ba.status == 0 && mip6.natd.f_flag == 0 && mip6.natd.refresh_t == 0xffffffff" ipv6)" -ge 1 ] &&
		pass "tshark: BA in UDP 4191, NAT detection option without F (no NAT)" ||
		fail "tshark: no BA in UDP 4191 on the IPv4 network"
	# RFC 4285: every BU and BA carries the MN-HA authentication option
	# (subtype 1, the lab's SPI, length 17: subtype, SPI and 12 bytes of
	# HMAC-SHA1-96; tshark's own field shows the authenticator 2 bytes
	# short, reading the option's length as if it counted its own
	# header) and a timestamp of this hour. tshark shows that NTP field
	# as seconds since 1970, not 1900: 70 years ahead; either reading is
	# accepted.
	now=$(date +%s)
	near() { printf '(mip6.mseg_id.timestamp >= "%s" && mip6.mseg_id.timestamp <= "%s")' \
		"$(date -u -d "@$(($1 - 3600))" '+%Y-%m-%d %H:%M:%SZ')" "$(date -u -d "@$(($1 + 3600))" '+%Y-%m-%d %H:%M:%SZ')"; }
	signed="mip6.auth.subtype == 1 && mip6.auth.mobility_spi == $LAB_MN_HA_SPI && mip6.auth.auth_data && mip6.mobility_opt.len == 17 && ($(near "$now") || $(near $((now + 2208988800))))"
	for what in "v6.pcapng:mip6.bu.seqnr:BU" "v6.pcapng:mip6.ba.status == 0:BA" \
		    "v4.pcapng:mip6.bu.seqnr:BU in UDP 4191" "v4.pcapng:mip6.ba.status == 0:BA in UDP 4191"; do
		IFS=: read -r file filter name <<<"$what"
		total=$(wire_count "$dir/$file" "$filter" ipv6)
		n=$(wire_count "$dir/$file" "$filter && $signed" ipv6)
		[ "$total" -ge 1 ] && [ "$n" -eq "$total" ] &&
			pass "tshark: every $name authenticated (MN-HA option, SPI, 12-byte authenticator, timestamp): $n of $total" ||
			fail "tshark: $name: $n of $total with the authentication and timestamp options"
	done
fi
