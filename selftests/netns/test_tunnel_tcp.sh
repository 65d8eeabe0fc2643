#!/usr/bin/env bash
# The tunnel's MTU, then bulk TCP through every tunnel format the mobile node
# can use from the lab's visited networks.
#
# MTU (6in6/4in6, 40 bytes of overhead on 1500-byte links): a correspondent's
# 1500-byte IPv6 packet, and IPv4 with DF, get packet too big /
# fragmentation needed from the home agent's XDP saying 1460, and the
# correspondent's kernel records that MTU; IPv4 without DF is fragmented by
# the home agent's kernel to the route's MTU and the fragments still reach
# the mobile node (which answers, fragmenting too).
#
# TTL: a packet whose TTL or hop limit would expire in the tunnel is answered
# with time exceeded by the home agent (the kernel, XDP leaves it to it).
#
# TCP (6in6 and 4in6, 6in4 and 4in4, IPv6 and IPv4 in UDP over IPv4 and over
# IPv6): 10 MB each
# way between a correspondent and the mobile node's home address, for both
# families, the SHA-256 of what arrived compared with what was sent. Under the
# emulated stock kernel (XMIP_IN_VM) 1 MB keeps it short.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"
source "$here/../lib/tcp.sh"
MN_PORT=40001
MB=${XMIP_IN_VM:+1}
MB=${MB:-10}
TCP_SECS=$((${XMIP_IN_VM:-0} ? 120 : 60))

dir=$(mktemp -d /tmp/xmip-tcp.XXXXXX)
xmip_tunnel_lab "$dir"

tcp_data "$dir" "$MB"

counter() { xmip_counter "$@"; }

# Each direction, each family, for the current format.
transfers() {
	local name=$1
	tcp_transfer "$name: CN6 -> HoA6" cn6 mn "$LAB_MN_HOA6"
	tcp_transfer "$name: HoA6 -> CN6" mn cn6 "$LAB_CN6"
	tcp_transfer "$name: CN4 -> HoA4" cn4 mn "$LAB_MN_HOA4"
	tcp_transfer "$name: HoA4 -> CN4" mn cn4 "$LAB_CN4"
}

# ping_size WHAT NODE OK|TOO-BIG PING-ARGS...
ping_size() {
	local what=$1 node=$2 want=$3
	shift 3
	if lab_exec "$node" ping -c 1 -W 2 "$@" >/dev/null 2>&1; then
		[ "$want" = ok ] && pass "$what" || fail "$what: answered, expected too big"
	else
		[ "$want" = too-big ] && pass "$what" || fail "$what: no answer"
	fi
}

echo "IPv6 care-of address (6in6, 4in6):"
xmip_use v6net ipv6 "$LAB_MN_V6COA" "$LAB_HA6" mn-v6
echo " the tunnel's MTU:"
ping_size "1500-byte IPv4 without DF: fragmented on the way, answered" cn4 ok -M dont -s 1472 "$LAB_MN_HOA4"
[ "$(counter ha STACK_TOO_BIG)" -ge 1 ] && pass "the HA's kernel fragmented it" || fail "STACK_TOO_BIG 0"
ping_size "1500-byte IPv6: packet too big" cn6 too-big -M do -s 1452 "$LAB_MN_HOA6"
expect_match "CN6 learned MTU 1460" "mtu 1460" "$(lab_exec cn6 ip -6 route get "$LAB_MN_HOA6")"
ping_size "1460-byte IPv6 fits" cn6 ok -M do -s 1412 "$LAB_MN_HOA6"
ping_size "1500-byte IPv4 with DF: fragmentation needed" cn4 too-big -M do -s 1472 "$LAB_MN_HOA4"
expect_match "CN4 learned MTU 1460" "mtu 1460" "$(lab_exec cn4 ip route get "$LAB_MN_HOA4")"
ping_size "1460-byte IPv4 with DF fits" cn4 ok -M do -s 1432 "$LAB_MN_HOA4"
[ "$(counter ha ICMP_TOO_BIG)" -ge 2 ] && pass "ICMP_TOO_BIG $(counter ha ICMP_TOO_BIG)" || fail "ICMP_TOO_BIG $(counter ha ICMP_TOO_BIG)"
echo " TTL (RFC 5555 4.1.1: one hop for the tunnel): TTL 2 reaches the home agent"
echo " with 1 left, and the home agent answers time exceeded instead of tunnelling:"
expect_match "IPv4 TTL expiring at the HA: time exceeded from it" "From $LAB_HA4 .*Time to live exceeded" \
	"$(lab_exec cn4 ping -c 1 -W 2 -t 2 "$LAB_MN_HOA4" 2>&1 || true)"
expect_match "IPv6 hop limit expiring at the HA: time exceeded from it" "From $LAB_HA6 .*Time exceeded: Hop limit" \
	"$(lab_exec cn6 ping -6 -c 1 -W 2 -t 2 "$LAB_MN_HOA6" 2>&1 || true)"
[ "$(counter ha STACK_TTL)" -ge 2 ] && pass "XDP left them to the stack (STACK_TTL)" || fail "STACK_TTL $(counter ha STACK_TTL)"
ping_size "TTL 3 still arrives" cn4 ok -t 3 "$LAB_MN_HOA4"
echo " TCP:"
transfers ipv6
echo "IPv4 care-of address (6in4, 4in4):"
xmip_use v4net ipv4 "$LAB_MN_V4COA" "$LAB_HA4" mn-v4
transfers ipv4
echo "IPv4 care-of address, UDP 4191:"
xmip_use v4net udp4 "$LAB_MN_V4COA" "$LAB_HA4" mn-v4 $MN_PORT
transfers udp4
echo "IPv6 care-of address, UDP 4191 (checksummed, no segmentation offload):"
xmip_use v6net udp6 "$LAB_MN_V6COA" "$LAB_HA6" mn-v6 $MN_PORT
transfers udp6

echo "nothing dropped as spoofed or malformed on the way:"
expect_eq "HA spoof and malformed drops" "0 0 0" "$(counter ha DROP_SPOOF_INNER) $(counter ha DROP_SPOOF_OUTER) $(counter ha DROP_MALFORMED)"
