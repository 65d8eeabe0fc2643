# shellcheck shell=bash
# The proxy mobility lab (RFC 5213 with RFC 5844's IPv4 home addresses), on
# selftests/lib/lab.sh:
#
#   lab_up_pmip OBJ [hosts]
#                     build it (namespaces are named "$LAB_PREFIX<node>"),
#                     the pass-only XDP program OBJ where frames the agents
#                     send from XDP arrive: without "hosts", on the MAGs'
#                     links too (a test posing as the MAGs); with it, the
#                     access point and the host below, the MAGs being agents
#   lab_pmip_host_at N  the access point joins the host to MAG N's access
#                     link (the other's port down): the host roams, its
#                     own link stays up
#
#                         cn  203.0.113.2 (a correspondent)
#                          |  203.0.113.0/24
#                         lma  2001:db8:2::1 (the LMA address, on lo)
#                        /   \
#        2001:db8:21::/64     2001:db8:22::/64
#                    mag1     mag2   (proxy care-of addresses ::2)
#                acc0   \    /   acc0  (access links)
#                          ap  (a bridge: an access point's radio)
#                          |
#                          h1  eth0 02:00:5e:00:53:10, IPv4 only, DHCP
#
# The hosts' IPv4 home network is 198.51.100.0/24 (default router .1, the
# pool 198.51.100.128/25); the correspondent reaches it through the LMA.

LAB_NODES=(cn lma mag1 mag2)
LAB_PMIP_HOST_MAC=02:00:5e:00:53:10
LAB_PMIP_ROUTER_MAC=02:00:5e:00:00:01

LAB_LMA6=2001:db8:2::1
LAB_MAG1_6=2001:db8:21::2
LAB_MAG2_6=2001:db8:22::2
LAB_PMIP_CN4=203.0.113.2
LAB_PMIP_ROUTER4=198.51.100.1
LAB_PMIP_HOST1=198.51.100.10
LAB_PMIP_POOL=198.51.100.128/25

lab_up_pmip() {
	local i
	[ "${2:-}" != hosts ] || LAB_NODES+=(ap h1)
	lab_up_nodes
	lab_forwarding lma
	lab_addr6 lma lo $LAB_LMA6/128
	lab_link lma lma-cn cn cn-lma
	lab_addr lma lma-cn 203.0.113.1/24
	lab_addr cn cn-lma $LAB_PMIP_CN4/24
	lab_route cn 198.51.100.0/24 via 203.0.113.1
	for i in 1 2; do
		lab_link lma lma-m$i mag$i mag$i-lma
		lab_addr6 lma lma-m$i 2001:db8:2$i::1/64
		lab_addr6 mag$i mag$i-lma 2001:db8:2$i::2/64
		lab_exec mag$i ip -6 route add 2001:db8:2::/64 via 2001:db8:2$i::1
	done
	if [ "${2:-}" != hosts ]; then
		# (What the LMA's XDP redirects toward them arrives.)
		lab_xdp_pass "$1" cn mag1 mag2
		return
	fi
	lab_exec ap ip link add br0 type bridge
	lab_exec ap ip link set br0 up
	lab_link ap ap-h1 h1 eth0
	lab_exec h1 ip link set eth0 address $LAB_PMIP_HOST_MAC
	lab_exec h1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	for i in 1 2; do
		lab_link ap ap-m$i mag$i acc0
		lab_exec ap ip link set ap-m$i master br0
	done
	lab_exec ap ip link set ap-h1 master br0
	lab_xdp_pass "$1" cn ap
	lab_pmip_host_at 1
}

lab_pmip_host_at() {
	local other=$((3 - $1))
	lab_exec ap ip link set ap-m$other down
	lab_exec ap ip link set ap-m$1 up
}
