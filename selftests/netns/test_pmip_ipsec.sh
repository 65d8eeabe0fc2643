#!/usr/bin/env bash
# IPsec between MAG and LMA (RFC 5213 4) with strongSwan: charon in the
# LMA's and MAG 1's namespaces, certificates made here with strongSwan's
# pki (the LMA lma.lab.example, the MAG by its id "mag1"), both agents with
# bu_protection = "ipsec". Each loads its connection over VICI and sets its
# XFRM policies (proxy BUs, PBAs and revocation under ESP transport mode);
# IKEv2 comes up between the two fixed addresses. The host gets its
# address by DHCP through MAG 1 and reaches the correspondent: the PBU and
# PBA went under ESP (tshark sees ESP between MAG and LMA and no Mobility
# Header in clear). A PBU sent in clear from MAG 2's address (a configured
# MAG without an SA) never reaches the LMA's agent: the kernel drops it.
# stock-kernel-only: kernel ESP (esp6, xfrm_user) for the MAG-LMA SA, which this machine's kernel lacks
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/lab.sh"
source "$here/../lib/topo/pmip.sh"
source "$here/../lib/xmip.sh"
source "$here/../lib/assert.sh"
source "$here/../lib/wire.sh"
source "$here/../lib/charon.sh"

lab_up_pmip "$XMIP_BUILD/tests/xdp_pass.bpf.o" hosts
dir=$(mktemp -d /tmp/xmip-pmip-ipsec.XXXXXX)
lab_on_down "${KEEP:+: }rm -rf $dir"
charon_pki "$dir" lma:lma.lab.example mag1:mag1
lab_pmip_configs "$dir"
# ipsec_section NODE IDENTITY-LINE: the agent's ipsec = { } for NODE.
ipsec_section() {
	cat <<CONF
ipsec = {
  vici_socket = "$dir/$1-charon/charon.vici";
  $2
  certificate = "$dir/$1.crt";
  private_key = "$dir/$1.key";
  ca_certificate = "$dir/ca.crt";
};
CONF
}
for n in lma mag1; do
	sed -i 's/bu_protection = "rfc4285";/bu_protection = "ipsec";/; /mag_lma_keys/d' "$dir/$n.conf"
done
ipsec_section lma 'identity = "lma.lab.example";' >>"$dir/lma.conf"
ipsec_section mag1 'peer_identity = "lma.lab.example";' >>"$dir/mag1.conf"
wire_start mag1 mag1-lma "$dir/mag1.pcapng"
charon_start lma "$dir"
charon_start mag1 "$dir"
xmip_start lma "$dir/lma.conf" "$dir/lma.log"
xmip_start mag1 "$dir/mag1.conf" "$dir/mag1.log"

sa() { "$XMIPCTL" -s "$dir/$1.sock" --json ipsec | jq -r --arg p "$2" '.connections[] | select(.peer == $p) | "\(.ike_sa) \(.bu_sa)"'; }
lab_wait "the SA at MAG 1" 60 sh -c "[ \"\$('$XMIPCTL' -s '$dir/mag1.sock' --json ipsec | jq -r '.connections[0].bu_sa')\" = up ]" ||
	fail "no SA: $(tail -5 "$dir/mag1-charon/charon.log")"
expect_eq "MAG 1: IKE and the signalling SA up with the LMA" "up up" "$(sa mag1 lma.lab.example)"
expect_eq "the LMA: IKE and the signalling SA up with mag1" "up up" "$(sa lma mag1)"
expect_match "the LMA's XFRM policies: PBA and BRI out under ESP, every MH type in" \
	"proto mobility-header type 6.*proto mobility-header type 16" "$(lab_exec lma ip xfrm policy | tr '\n' ' ')"

lab_pmip_dhcp_client "$dir"
has_address() { lab_exec h1 ip -4 addr show dev eth0 | grep -q "inet $LAB_PMIP_HOST1/24"; }
lab_wait "the host's address by DHCP" 90 has_address && pass "DHCP through MAG 1, registered under ESP" ||
	fail "no address: $(tail -5 "$dir/mag1.log")"
xmip_ping_all "the host reaches the correspondent" h1 "$LAB_PMIP_CN4"
expect_eq "the LMA binds the host at MAG 1" mag1 \
	"$("$XMIPCTL" -s "$dir/lma.sock" --json registrations | jq -r '.registrations[0].mag')"

echo "a PBU in clear from MAG 2's address:"
xfrm_drops() { lab_exec lma awk '$1 == "XfrmInTmplMismatch" { print $2 }' /proc/net/xfrm_stat; }
before=$(xfrm_drops)
out=$(lab_exec mag2 "$XMIP_BUILD/tests/pbuforge" pbu -f "$LAB_MAG2_6" -d "$LAB_LMA6" -i host1@pmip.example -h 3 \
	-a "$LAB_PMIP_HOST1" -w 3 || true)
expect_eq "never answered" "pba none" "$out"
[ "$(xfrm_drops)" -gt "$before" ] && pass "the LMA's kernel dropped it (XfrmInTmplMismatch)" ||
	fail "XfrmInTmplMismatch did not move ($before)"
expect_eq "the binding stays at MAG 1" mag1 \
	"$("$XMIPCTL" -s "$dir/lma.sock" --json registrations | jq -r '.registrations[0].mag')"
wire_stop
# One tshark run (minutes under emulation): per ESP or MH packet, its MH
# type (empty under ESP), then its IPv6 source and destination.
f=$(tshark -n -r "$dir/mag1.pcapng" -Y 'esp || mip6.mhtype' -T fields -e mip6.mhtype -e ipv6.src -e ipv6.dst 2>/dev/null || true)
expect_eq "no Mobility Header in clear between MAG 1 and the LMA" 0 "$(awk -F'\t' '$1 != ""' <<<"$f" | wc -l)"
n=$(awk -F'\t' -v m="$LAB_MAG1_6" -v l="$LAB_LMA6" '$1 == "" && $2 == m && $3 == l' <<<"$f" | wc -l)
[ "$n" -ge 1 ] && pass "ESP from MAG 1 to the LMA on the wire ($n)" || fail "no ESP from MAG 1 on the wire: $(head -3 <<<"$f")"
