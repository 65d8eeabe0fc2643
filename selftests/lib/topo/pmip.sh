# shellcheck shell=bash
# The proxy mobility lab (RFC 5213 with RFC 5844's IPv4 home addresses), on
# selftests/lib/lab.sh:
#
#   lab_up_pmip OBJ   build it (namespaces are named "$LAB_PREFIX<node>"),
#                     the pass-only XDP program OBJ on the LMA's neighbours
#
#                         cn  203.0.113.2 (a correspondent)
#                          |  203.0.113.0/24
#                         lma  2001:db8:2::1 (the LMA address, on lo)
#                        /   \
#        2001:db8:21::/64     2001:db8:22::/64
#                    mag1     mag2   (proxy care-of addresses ::2)
#
# The hosts' IPv4 home network is 198.51.100.0/24 (default router .1, the
# pool 198.51.100.128/25); the correspondent reaches it through the LMA.

LAB_NODES=(cn lma mag1 mag2)

LAB_LMA6=2001:db8:2::1
LAB_MAG1_6=2001:db8:21::2
LAB_MAG2_6=2001:db8:22::2
LAB_PMIP_CN4=203.0.113.2
LAB_PMIP_ROUTER4=198.51.100.1
LAB_PMIP_HOST1=198.51.100.10
LAB_PMIP_POOL=198.51.100.128/25

lab_up_pmip() {
	local i
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
	# (What the LMA's XDP redirects toward them arrives: lab_xdp_pass.)
	lab_xdp_pass "$1" cn mag1 mag2
}
