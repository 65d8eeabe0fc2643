# shellcheck shell=bash
# Packet captures in the lab, decoded by tshark (Wireshark's dissectors: an
# implementation we did not write checks what we put on the wire).
#
#   wire_start NODE IFACE FILE   capture on NODE's IFACE into FILE (pcapng)
#   wire_stop                    end every capture started, files complete
#   wire_count FILE FILTER [AS]  packets matching a display filter; AS
#                                decodes UDP 4191's payload ("ipv6" or "ip":
#                                tshark has no dissector on that port)
#
# XDP_TX and redirected frames bypass packet sockets on the sending side:
# capture where they are received (a router's interface facing the node).
# Needs lab.sh.

WIRE_PIDS=()

wire_start() {
	local node=$1 ifc=$2 file=$3
	lab_spawn "$node" "$file.log" dumpcap -q -i "$ifc" -w "$file"
	WIRE_PIDS+=("$LAB_LAST_PID")
	# (dumpcap takes a while to start under emulation.)
	lab_wait "capture on $node/$ifc" "$([ -n "${XMIP_IN_VM:-}" ] && echo 60 || echo 10)" grep -q "Capturing on" "$file.log" || return 1
}

wire_stop() {
	local pid i
	for pid in "${WIRE_PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
	for pid in "${WIRE_PIDS[@]}"; do
		for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		wait "$pid" 2>/dev/null || true
	done
	WIRE_PIDS=()
}

# IPv4 header checksums are verified, so a bad one fails a filter that asks
# for ip.checksum.status == 1 (good).
wire_count() {
	local as=()
	[ -n "${3:-}" ] && as=(-d "udp.port==4191,$3")
	tshark -n -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE "${as[@]}" -r "$1" -Y "$2" \
		2>/dev/null | wc -l
}
