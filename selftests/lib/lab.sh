# shellcheck shell=bash
# The xmip lab: the topology of ARCHITECTURE.md section 6 in network
# namespaces joined by veth pairs. Source this file, then:
#
#   lab_up            build it (namespaces are named "$LAB_PREFIX<node>")
#   lab_up_nodes      only the namespaces listed in LAB_NODES, no links
#   lab_exec NODE ... run a command in NODE's network namespace only (the
#                     mount namespace stays the host's, so /sys/fs/bpf pins are
#                     shared and survive the command)
#   lab_mn_use NET    route the mobile node through one access network
#                     (v6net, v4net, natnet, dualnet; home once
#                     lab_mn_home_link ran) and take the others down
#   lab_mn_home_link  a link from the mobile node to the home link (a bridge
#                     in "home" joins it to the home agent and home host)
#   lab_down          remove every namespace, process and pin it made
#
# lab_up installs traps so that lab_down runs on exit, error, Ctrl-C or
# SIGTERM: a failing test leaves nothing behind.
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

LAB_PREFIX=${LAB_PREFIX:-xl$$-}
LAB_NODES=(mn v6net v4net natnet dualnet core ha home cn4 cn6)
LAB_PIDS=()
LAB_CLEANUPS=()

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

lab_ns() { echo "${LAB_PREFIX}$1"; }

lab_exec() {
	local node=$1
	shift
	nsenter --net="/run/netns/$(lab_ns "$node")" -- "$@"
}

# A veth pair between two nodes: lab_link A IFA B IFB
#
# Checksums are computed when a packet leaves a node, as a real NIC's wire
# would have them: a veth otherwise hands over TCP and UDP with the checksum
# still left to offload (CHECKSUM_PARTIAL), which survives only while the
# packet stays an skb; a frame that XDP redirects or sends back (the home
# agent's and mobile node's fast paths) would arrive with it unfinished.
lab_link() {
	ip link add "$2" netns "$(lab_ns "$1")" type veth peer name "$4" netns "$(lab_ns "$3")"
	lab_exec "$1" ethtool -K "$2" tx off >/dev/null
	lab_exec "$3" ethtool -K "$4" tx off >/dev/null
	lab_exec "$1" ip link set "$2" up
	lab_exec "$3" ip link set "$4" up
}

lab_addr() { lab_exec "$1" ip addr add "$3" dev "$2" nodad 2>/dev/null || lab_exec "$1" ip addr add "$3" dev "$2"; }
lab_addr6() { lab_exec "$1" ip -6 addr add "$3" dev "$2" nodad; }
lab_route() { local n=$1; shift; lab_exec "$n" ip route add "$@"; }

lab_forwarding() {
	lab_exec "$1" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# Only the namespaces of LAB_NODES, with the teardown traps; no links.
lab_up_nodes() {
	local n
	trap 'lab_down' EXIT
	trap 'lab_down; exit 130' INT
	trap 'lab_down; exit 143' TERM
	for n in "${LAB_NODES[@]}"; do
		ip netns add "$(lab_ns "$n")"
		lab_exec "$n" ip link set lo up
		# No router advertisements or DAD delays: the lab is static.
		lab_exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
			net.ipv6.conf.all.keep_addr_on_down=1 net.ipv6.conf.default.keep_addr_on_down=1
	done
}

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

# The routers' interfaces get a pass-only XDP program: a veth delivers what
# its peer (the home agent, the mobile node) sends with XDP_TX or redirect only
# when it runs XDP itself. (GRO on the peer is documented as an alternative;
# on the kernels here it did not deliver.)
lab_xdp_routers() {
	local obj=$1 n d
	for n in core v6net v4net natnet dualnet home; do
		# (veth only: a namespace also has the fallback devices, sit0,
		# tunl0, ip6tnl0, of any tunnel module loaded, without XDP.)
		for d in $(lab_exec "$n" ip -j link show type veth | jq -r '.[].ifname'); do
			lab_exec "$n" ip link set dev "$d" xdpdrv obj "$obj" sec xdp
		done
	done
}

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

# Starts a background command in a node and remembers it for lab_down.
# Usage: lab_spawn NODE LOGFILE CMD...; the pid is left in LAB_LAST_PID.
lab_spawn() {
	local node=$1 log=$2
	shift 2
	nsenter --net="/run/netns/$(lab_ns "$node")" -- "$@" >"$log" 2>&1 &
	LAB_LAST_PID=$!
	LAB_PIDS+=("$LAB_LAST_PID")
}

# Registers a command for lab_down to run after the processes are stopped and
# before the namespaces go (e.g. xmipd --cleanup). Run in reverse order.
lab_on_down() { LAB_CLEANUPS+=("$*"); }

# lab_stop PID WHAT: SIGTERM, up to 10 s for the process to exit, then
# SIGKILL (and a failed return, said on stderr).
lab_stop() {
	local pid=$1 what=$2 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
		sleep 0.1
	done
	echo "lab_stop: $what $pid did not stop in 10 s" >&2
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 1
}

# Waits up to $2 seconds (default 10) for the command "$3..." to succeed.
lab_wait() {
	local what=$1 secs=${2:-10} i
	shift 2
	for ((i = 0; i < secs * 10; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "lab_wait: timed out after ${secs}s waiting for $what" >&2
	return 1
}

lab_down() {
	local pid n c i
	trap - EXIT INT TERM
	for pid in "${LAB_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${LAB_PIDS[@]}"; do
		for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	LAB_PIDS=()
	# Last registered, first run (like defer): a cleanup may need what an
	# earlier registration removes, e.g. a config file in a temp directory.
	for ((i = ${#LAB_CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${LAB_CLEANUPS[i]}" >/dev/null 2>&1 || true
	done
	LAB_CLEANUPS=()
	for n in "${LAB_NODES[@]}"; do
		# Anything still running in the namespace goes with it.
		if [ -e "/run/netns/$(lab_ns "$n")" ]; then
			ip netns pids "$(lab_ns "$n")" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
			ip netns del "$(lab_ns "$n")" 2>/dev/null || true
		fi
	done
}

# Lists what a lab with this prefix left behind (for the no-leftovers test).
lab_leftovers() {
	local n
	for n in "${LAB_NODES[@]}"; do
		[ -e "/run/netns/$(lab_ns "$n")" ] && echo "namespace $(lab_ns "$n")"
	done
	return 0
}
