#!/usr/bin/env bash
# The Mobility Header encoder checked by an implementation we did not write:
# each message type with every option the codec knows (selftests/tools/mhgen)
# is wrapped in a dummy IPv6 header by text2pcap and decoded by tshark's
# MIPv6 dissector; every field must read back as set, nothing malformed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
XMIP_BUILD=${XMIP_BUILD:-$here/../../build}
MHGEN=$XMIP_BUILD/tests/mhgen
SRC=2001:db8:10::100
DST=2001:db8:1::2
dir=$(mktemp -d /tmp/xmip-mhwire.XXXXXX)
trap 'rm -rf "$dir"' EXIT

# decodes MSG FILTER: exactly one packet, matching FILTER, not malformed.
decodes() {
	local msg=$1 filter n
	filter=$(tr -s '\n\t' '  ' <<<"$2")   # tshark 4.0 wants it on one line
	"$MHGEN" "$msg" "$SRC" "$DST" >"$dir/$msg.txt"
	text2pcap -q -6 "$SRC,$DST" -i 135 "$dir/$msg.txt" "$dir/$msg.pcap" >/dev/null 2>&1 || fail "$msg: text2pcap failed"
	n=$(tshark -n -r "$dir/$msg.pcap" -Y "!_ws.malformed && ($filter)" 2>"$dir/err" | wc -l)
	grep -v "Running as" "$dir/err" >&2 || true
	[ "$n" = 1 ] && pass "$msg: decoded by tshark as encoded" ||
		fail "$msg: tshark disagrees: $(tshark -n -r "$dir/$msg.pcap" -V 2>/dev/null | sed -n '/Mobile IPv6/,$p')"
}

# RFC 4285's options, last in BU and BA: the timestamp 2026-12-05
# 00:00:00.5 UTC in NTP's format (tshark 4.0 reads the field as seconds
# since 1970, not 1900, and the fraction as signed nanoseconds: 70 years
# on, within a second; either reading is accepted), and the
# MN-HA authentication option: subtype 1, SPI 4285, option length 17 (the
# 12-byte authenticator after subtype and SPI; tshark's own field shows 2
# bytes fewer, reading the length as if it counted the option's header).
AUTH='(mip6.mseg_id.timestamp > "2026-12-04 23:59:59Z" && mip6.mseg_id.timestamp < "2026-12-05 00:00:01Z"
	|| mip6.mseg_id.timestamp > "2096-12-03 23:59:59Z" && mip6.mseg_id.timestamp < "2096-12-04 00:00:01Z")
	&& mip6.auth.subtype == 1 && mip6.auth.mobility_spi == 4285 && mip6.auth.auth_data
	&& mip6.options.auth && mip6.mobility_opt.len == 17 && mip6.options.mseg_id'
decodes bu 'mip6.mhtype == 5 && mip6.bu.seqnr == 4242 && mip6.bu.lifetime == 150
	&& mip6.bu.a_flag == 1 && mip6.bu.h_flag == 1 && mip6.bu.l_flag == 0 && mip6.bu.k_flag == 1
	&& mip6.bu.m_flag == 0 && mip6.nemo.bu.r_flag == 1 && mip6.bu.p_flag == 0 && mip6.bu.f_flag == 1
	&& mip6.mnid.subtype == 1 && mip6.mnid.identifier == "mn1@lab.example"
	&& mip6.acoa.acoa == 2001:db8:11::100
	&& mip6.nemo.mnp.pfl == 48 && mip6.nemo.mnp.mnp == 2001:db8:200::
	&& mip6.ipv4ha.ha == 192.0.2.100 && mip6.ipv4ha.preflen == 32
	&& mip6.ipv4ha.preflen == 28 && mip6.ipv4ha.p_flag == 1
	&& mip6.ipv4coa.addr == 203.0.113.100 && '"$AUTH"
decodes ba 'mip6.mhtype == 6 && mip6.ba.status == 0 && mip6.nemo.ba.r_flag == 1 && mip6.ba.k_flag == 0
	&& mip6.ba.seqnr == 4242 && mip6.ba.lifetime == 150 && mip6.bra.interval == 75
	&& mip6.ipv4aa.sts == 0 && mip6.ipv4ha.preflen == 32 && mip6.ipv4ha.ha == 192.0.2.100
	&& mip6.natd.f_flag == 1 && mip6.natd.refresh_t == 110 && '"$AUTH"
decodes be 'mip6.mhtype == 7 && mip6.be.status == 2 && mip6.be.haddr == 2001:db8:100::100'
decodes brr 'mip6.mhtype == 0 && mip6.hlen == 0'

# Proxy Mobile IPv6 (RFC 5213 8, RFC 5844 3.3, RFC 5846 6): the host's
# identity and handoff options in PBU and PBA, the IPv4 home address
# request and reply, the default router, the DHCP mode, RFC 5213's own
# timestamp (48.16 fixed point since 1970: 2026-12-05 00:00:00.5 UTC), the
# authentication option last. tshark 4.0 shows the Home Network Prefix in
# NEMO's fields and mislabels some statuses: numbers are compared, never
# labels.
HOST='mip6.mnid.identifier == "host1@pmip.example" && mip6.hi == 3 && mip6.att == 3
	&& mip6.mnlli.lli == 02:00:5e:00:53:01 && mip6.ipv4dsm.s_flag == 1
	&& mip6.timestamp_tmp == "2026-12-05 00:00:00.5Z"
	&& mip6.auth.mobility_spi == 4285 && mip6.mobility_opt.len == 17'
decodes pbu 'mip6.mhtype == 5 && mip6.bu.seqnr == 4243 && mip6.bu.lifetime == 150
	&& mip6.bu.a_flag == 1 && mip6.bu.h_flag == 1 && mip6.bu.p_flag == 1 && mip6.bu.f_flag == 0
	&& mip6.options.ipv4hareq && mip6.ipv4ha.preflen == 24 && mip6.ipv4ha.ha == 198.51.100.10
	&& mip6.lila_lla == fe80::5:1 && '"$HOST"
decodes pba 'mip6.mhtype == 6 && mip6.ba.status == 0 && mip6.ba.p_flag == 1 && mip6.ba.seqnr == 4243
	&& mip6.options.hnp && mip6.nemo.mnp.pfl == 64 && mip6.nemo.mnp.mnp == 2001:db8:300::
	&& mip6.options.ipv4harep && mip6.ipv4aa.sts == 0 && mip6.ipv4ha.preflen == 24
	&& mip6.ipv4ha.ha == 198.51.100.10 && mip6.ipv4dra.dra == 198.51.100.1 && '"$HOST"
decodes bri 'mip6.mhtype == 16 && mip6.bri_br.type == 1 && mip6.bri_r.trigger == 2 && mip6.bri_seqnr == 77
	&& mip6.bri_ip == 1 && mip6.bri_iv == 0 && mip6.bri_ig == 0
	&& mip6.mnid.identifier == "host1@pmip.example"'
decodes bra 'mip6.mhtype == 16 && mip6.bri_br.type == 2 && mip6.bri_status == 0 && mip6.bri_seqnr == 77
	&& mip6.bri_ap == 1 && mip6.mnid.identifier == "host1@pmip.example"'
