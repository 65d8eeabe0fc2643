# shellcheck shell=bash
# The DSMIPv6 lab, ARCHITECTURE.md section 6, on selftests/lib/lab.sh:
#
#   lab_up            build it (namespaces are named "$LAB_PREFIX<node>")
#   lab_mn_use NET    route the mobile node through one access network
#                     (v6net, v4net, natnet, dualnet; home once
#                     lab_mn_home_link ran) and take the others down
#   lab_mn_home_link  a link from the mobile node to the home link (a bridge
#                     in "home" joins it to the home agent and home host)
#   lab_xdp_routers   the pass-only XDP program on the routers' links
#
#                       home (home host)
#                         | home link 2001:db8:100::/64, 192.0.2.0/24
#                        ha
#                         | 2001:db8:1::/64, 198.51.100.0/28
#   cn6 ---------------- core ---------------- cn4
#   2001:db8:2::/64     / |  \  \             198.51.100.16/28
#                 v6net v4net natnet dualnet         (access routers)
#                     \   |    |     /
#                      \  |  [NAT] /
#                         mn                          (mobile node)
#
# Visited networks: v6net 2001:db8:10::/64; v4net 203.0.113.0/25;
# natnet 10.0.0.0/24 behind nftables masquerade to 198.51.100.50;
# dualnet 2001:db8:11::/64 + 203.0.113.128/25.

LAB_NODES=(mn v6net v4net natnet dualnet core ha home cn4 cn6)

# Addresses the tests use by name.
LAB_HA6=2001:db8:1::2
LAB_HA4=198.51.100.2
LAB_HA_HOME6=2001:db8:100::1
LAB_HA_HOME4=192.0.2.1
LAB_HOME6=2001:db8:100::10
LAB_HOME4=192.0.2.10
LAB_MN_HOA6=2001:db8:100::100
LAB_MN_HOA4=192.0.2.100
LAB_CN6=2001:db8:2::2
LAB_CN4=198.51.100.18
LAB_MN_V6COA=2001:db8:10::100
LAB_MN_V4COA=203.0.113.100
LAB_MN_NATCOA=10.0.0.100
LAB_NAT_PUBLIC=198.51.100.50
LAB_MN_DUAL6=2001:db8:11::100
LAB_MN_DUAL4=203.0.113.200

lab_up() {
	local n
	lab_up_nodes
	for n in core ha v6net v4net natnet dualnet; do lab_forwarding "$n"; done

	# Core links.
	lab_link core c-ha ha ha-up
	lab_addr6 core c-ha 2001:db8:1::1/64;   lab_addr core c-ha 198.51.100.1/28
	lab_addr6 ha ha-up $LAB_HA6/64;         lab_addr ha ha-up $LAB_HA4/28
	lab_link core c-cn6 cn6 cn6-0
	lab_addr6 core c-cn6 2001:db8:2::1/64;  lab_addr6 cn6 cn6-0 $LAB_CN6/64
	lab_link core c-cn4 cn4 cn4-0
	lab_addr core c-cn4 198.51.100.17/28;   lab_addr cn4 cn4-0 $LAB_CN4/28
	lab_link core c-v6 v6net v6-up
	lab_addr6 core c-v6 2001:db8:3::1/64;   lab_addr6 v6net v6-up 2001:db8:3::2/64
	lab_link core c-v4 v4net v4-up
	lab_addr core c-v4 198.51.100.33/28;    lab_addr v4net v4-up 198.51.100.34/28
	lab_link core c-nat natnet nat-up
	lab_addr core c-nat 198.51.100.49/28;   lab_addr natnet nat-up $LAB_NAT_PUBLIC/28
	lab_link core c-dual dualnet dual-up
	lab_addr6 core c-dual 2001:db8:4::1/64; lab_addr core c-dual 198.51.100.65/28
	lab_addr6 dualnet dual-up 2001:db8:4::2/64; lab_addr dualnet dual-up 198.51.100.66/28

	# Home link.
	lab_link ha ha-home home home-0
	lab_addr6 ha ha-home $LAB_HA_HOME6/64;  lab_addr ha ha-home $LAB_HA_HOME4/24
	lab_addr6 home home-0 $LAB_HOME6/64;    lab_addr home home-0 $LAB_HOME4/24

	# Visited networks.
	lab_link v6net v6-mn mn mn-v6
	lab_addr6 v6net v6-mn 2001:db8:10::1/64; lab_addr6 mn mn-v6 $LAB_MN_V6COA/64
	lab_link v4net v4-mn mn mn-v4
	lab_addr v4net v4-mn 203.0.113.1/25;    lab_addr mn mn-v4 $LAB_MN_V4COA/25
	lab_link natnet nat-mn mn mn-nat
	lab_addr natnet nat-mn 10.0.0.1/24;     lab_addr mn mn-nat $LAB_MN_NATCOA/24
	lab_link dualnet dual-mn mn mn-dual
	lab_addr6 dualnet dual-mn 2001:db8:11::1/64; lab_addr dualnet dual-mn 203.0.113.129/25
	lab_addr6 mn mn-dual $LAB_MN_DUAL6/64;  lab_addr mn mn-dual $LAB_MN_DUAL4/25

	# A real NAT: masquerade what leaves natnet's uplink.
	lab_exec natnet nft -f - <<'NFT'
table ip xmip_nat {
	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "nat-up" masquerade
	}
}
NFT

	# Routing: leaves point at core, core knows every access and home network.
	lab_route ha default via 2001:db8:1::1;  lab_route ha default via 198.51.100.1
	lab_route cn6 default via 2001:db8:2::1
	lab_route cn4 default via 198.51.100.17
	lab_route home default via $LAB_HA_HOME6; lab_route home default via $LAB_HA_HOME4
	lab_route v6net default via 2001:db8:3::1
	lab_route v4net default via 198.51.100.33
	lab_route natnet default via 198.51.100.49
	lab_route dualnet default via 2001:db8:4::1; lab_route dualnet default via 198.51.100.65
	lab_route core 2001:db8:10::/64 via 2001:db8:3::2
	lab_route core 203.0.113.0/25 via 198.51.100.34
	lab_route core 2001:db8:11::/64 via 2001:db8:4::2
	lab_route core 203.0.113.128/25 via 198.51.100.66
	lab_route core 2001:db8:100::/64 via $LAB_HA6
	lab_route core 192.0.2.0/24 via $LAB_HA4
}

# The routers' interfaces get the pass-only XDP program (lab_xdp_pass), so
# that what the home agent and the mobile node send with XDP_TX or redirect
# arrives.
lab_xdp_routers() { lab_xdp_pass "$1" core v6net v4net natnet dualnet home; }

# The mobile node's own address on the home link, as SLAAC would give it.
LAB_MN_HOMELINK6=2001:db8:100::101

# Puts the home link on a bridge in "home" and joins the mobile node to it
# with mn-home (down until lab_mn_use home). Run after lab_xdp_routers: a
# bridge takes no XDP program; its new port gets the pass program, since
# the home agent's XDP may send frames along the home link.
lab_mn_home_link() {
	local pass=${1:-}
	lab_exec home ip link add br-home type bridge
	lab_exec home ip link set br-home up
	lab_exec home ip addr flush dev home-0
	lab_exec home ip link set home-0 master br-home
	lab_addr6 home br-home $LAB_HOME6/64; lab_addr home br-home $LAB_HOME4/24
	lab_exec home ip -6 route replace default via $LAB_HA_HOME6 dev br-home
	lab_exec home ip -4 route replace default via $LAB_HA_HOME4 dev br-home
	lab_link home home-mn mn mn-home
	lab_exec home ip link set home-mn master br-home
	[ -n "$pass" ] && lab_exec home ip link set dev home-mn xdpdrv obj "$pass" sec xdp
	lab_addr6 mn mn-home $LAB_MN_HOMELINK6/64
	lab_exec mn ip link set mn-home down
}

# Routes the mobile node through one access network; the others go down.
lab_mn_use() {
	local net=$1 dev
	for dev in mn-v6 mn-v4 mn-nat mn-dual mn-home; do
		lab_exec mn ip link set "$dev" down 2>/dev/null || true
	done
	lab_exec mn ip -6 route flush default 2>/dev/null || true
	lab_exec mn ip -4 route flush default 2>/dev/null || true
	case $net in
	v6net) lab_exec mn ip link set mn-v6 up
	       lab_route mn default via 2001:db8:10::1 ;;
	v4net) lab_exec mn ip link set mn-v4 up
	       lab_route mn default via 203.0.113.1 ;;
	natnet) lab_exec mn ip link set mn-nat up
	       lab_route mn default via 10.0.0.1 ;;
	dualnet) lab_exec mn ip link set mn-dual up
	       lab_route mn default via 2001:db8:11::1
	       lab_route mn default via 203.0.113.129 ;;
	home)  lab_exec mn ip link set mn-home up
	       lab_route mn default via $LAB_HA_HOME6 ;;
	*) echo "lab_mn_use: unknown network '$net'" >&2; return 1 ;;
	esac
}

