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
#   lab_pmip_configs DIR [HOSTS [LINES]]  the LMA's and both MAGs'
#                     configurations and keys files in DIR (lma.conf,
#                     mag1.conf, mag2.conf), RFC 4285 per MAG: the LMA's
#                     hosts list's inside HOSTS (default: host1 with the
#                     static address), LINES more settings of its section
#   lab_pmip_dhcp_client DIR  the host's stock DHCP client (busybox
#                     udhcpc), its script in DIR writing udhcpc.events;
#                     the pid in LAB_LAST_PID
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
LAB_PMIP_KEY1=6d6167312d6c6d612d6b65792d6c61622d32303236
LAB_PMIP_KEY2=6d6167322d6c6d612d6b65792d6c61622d32303236

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

lab_pmip_configs() {
	local dir=$1 hosts=${2:-"{ id = \"host1@pmip.example\"; ipv4_home_address = \"$LAB_PMIP_HOST1\"; }"} i
	(umask 077 && printf 'mag1 4001 %s\nmag2 4002 %s\n' $LAB_PMIP_KEY1 $LAB_PMIP_KEY2 >"$dir/lma.keys" &&
		printf 'mag1 4001 %s\n' $LAB_PMIP_KEY1 >"$dir/mag1.keys" && printf 'mag2 4002 %s\n' $LAB_PMIP_KEY2 >"$dir/mag2.keys")
	cat >"$dir/lma.conf" <<CONF
instance = "$(lab_ns lma)";
role = "lma";
control_socket = "$dir/lma.sock";
lma = {
  interfaces = [ "lma-cn", "lma-m1", "lma-m2" ];
  address6 = "$LAB_LMA6";
  home_prefix4 = "198.51.100.0/24";
  default_router4 = "$LAB_PMIP_ROUTER4";
  ipv4_pool = "$LAB_PMIP_POOL";
  bu_protection = "rfc4285";
  mag_lma_keys = "$dir/lma.keys";
  state_file = "$dir/lma.state";
${3:-}
  mags = ( { id = "mag1"; address6 = "$LAB_MAG1_6"; }, { id = "mag2"; address6 = "$LAB_MAG2_6"; } );
  hosts = ( $hosts );
};
CONF
	for i in 1 2; do
		cat >"$dir/mag$i.conf" <<CONF
instance = "$(lab_ns mag$i)";
role = "mag";
control_socket = "$dir/mag$i.sock";
mag = {
  id = "mag$i";
  access_links = [ "acc0" ];
  interfaces = [ "mag$i-lma" ];
  address6 = "2001:db8:2$i::2";
  lma_address6 = "$LAB_LMA6";
  home_prefix4 = "198.51.100.0/24";
  default_router4 = "$LAB_PMIP_ROUTER4";
  router_mac = "$LAB_PMIP_ROUTER_MAC";
  bu_protection = "rfc4285";
  mag_lma_keys = "$dir/mag$i.keys";
  hosts = ( { mac = "$LAB_PMIP_HOST_MAC"; id = "host1@pmip.example"; } );
};
CONF
	done
}

# (The script configures what the host got, as a distribution's would.)
lab_pmip_dhcp_client() {
	local dir=$1
	cat >"$dir/udhcpc.sh" <<'SCRIPT'
#!/bin/sh
case "$1" in
bound|renew)
	ip addr flush dev "$interface"
	ip addr add "$ip/${mask:-24}" dev "$interface"
	ip route replace default via "$router" dev "$interface"
	echo "$1 $ip $router" >>"$(dirname "$0")/udhcpc.events"
	;;
esac
SCRIPT
	chmod +x "$dir/udhcpc.sh"
	lab_spawn h1 "$dir/udhcpc.log" busybox udhcpc -f -i eth0 -s "$dir/udhcpc.sh" -t 10 -T 1 -A 1
}
