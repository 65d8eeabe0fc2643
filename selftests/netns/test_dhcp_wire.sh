#!/usr/bin/env bash
# The access kind's DHCP server messages checked by an implementation we did
# not write: each reply framed by agent/access/dhcp4.c (Ethernet, IPv4, UDP
# 67 -> 68: selftests/tools/dhcpgen) is read by text2pcap and decoded by
# tshark's DHCP dissector; every field must read back as set, both
# checksums good, nothing malformed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
XMIP_BUILD=${XMIP_BUILD:-$here/../../build}
DHCPGEN=$XMIP_BUILD/tests/dhcpgen
dir=$(mktemp -d /tmp/xmip-dhcpwire.XXXXXX)
trap 'rm -rf "$dir"' EXIT

# decodes MSG FILTER: exactly one frame, matching FILTER, not malformed.
decodes() {
	local msg=$1 filter n
	filter=$(tr -s '\n\t' '  ' <<<"$2")
	"$DHCPGEN" "$msg" >"$dir/$msg.txt"
	text2pcap -q "$dir/$msg.txt" "$dir/$msg.pcap" >/dev/null 2>&1 || fail "$msg: text2pcap failed"
	n=$(tshark -n -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -r "$dir/$msg.pcap" \
		-Y "!_ws.malformed && ip.checksum.status == 1 && udp.checksum.status == 1 && ($filter)" 2>/dev/null | wc -l)
	[ "$n" = 1 ] && pass "$msg: decoded by tshark as encoded" ||
		fail "$msg: tshark disagrees: $(tshark -n -r "$dir/$msg.pcap" -V 2>/dev/null | sed -n '/Dynamic Host/,$p')"
}

# A broadcast reply (the client set the flag), from the shared default
# router's addresses, to the client's hardware address.
COMMON='eth.src == 02:00:5e:00:00:01 && eth.dst == ff:ff:ff:ff:ff:ff && ip.src == 198.51.100.1
	&& ip.dst == 255.255.255.255 && udp.srcport == 67 && udp.dstport == 68 && dhcp.type == 2
	&& dhcp.id == 0x3903f326 && dhcp.flags.bc == 1 && dhcp.hw.mac_addr == 02:00:5e:00:53:10
	&& dhcp.option.dhcp_server_id == 198.51.100.1'
LEASE='dhcp.ip.your == 198.51.100.10 && dhcp.option.ip_address_lease_time == 600
	&& dhcp.option.renewal_time_value == 300 && dhcp.option.rebinding_time_value == 525
	&& dhcp.option.subnet_mask == 255.255.255.0 && dhcp.option.router == 198.51.100.1'
decodes offer "dhcp.option.dhcp == 2 && $COMMON && $LEASE"
decodes ack "dhcp.option.dhcp == 5 && $COMMON && $LEASE"
decodes nak "dhcp.option.dhcp == 6 && $COMMON && dhcp.ip.your == 0.0.0.0 && !dhcp.option.ip_address_lease_time"
