#!/usr/bin/env bash
# bench/report.sh RESULTS.json DOCS-DIR: the table on stdout, and
# DOCS-DIR/performance.md with its plots (gnuplot, PNG) in DOCS-DIR/img/,
# all from the one results file, so the report never disagrees with it.
set -euo pipefail
results=$1
docs=$2
mkdir -p "$docs/img"
work=$(mktemp -d /tmp/xmip-report.XXXXXX)
trap 'rm -rf "$work"' EXIT

q() { jq -r "$@" "$results"; }
counts=$(q '[.pkt_cost.paths[] | select(.side == "ha") | .bindings] | unique | map(tostring) | join(" ")')
least=${counts%% *}
most=${counts##* }

# --- the tables -----------------------------------------------------------
# One row per path of SIDE: ns and ratio to the floor at each binding count.
table() {
	local side=$1 cs=$2
	echo "| path | $(for c in $cs; do printf '%s bindings | ' "$c"; done)floor |"
	echo "|---|$(for c in $cs; do printf -- '---|'; done)---|"
	q --arg side "$side" '
		.pkt_cost.paths | map(select(.side == $side)) | group_by(.path)[] |
		[.[0].path, (map("\(.ns | round) ns, \(.ratio * 100 | round / 100)x") | join(" | ")),
		 "\(.[0].floor_ns | round) ns"] | "| " + join(" | ") + " |"'
}
table ha "$counts" >"$work/ha.md"
table mn 1 >"$work/mn.md"
mag_hosts=$(q '[.pkt_cost.paths[] | select(.side == "mag") | .bindings] | unique | map(tostring) | join(" ")')
[ -z "$mag_hosts" ] || table mag "$mag_hosts" >"$work/mag.md"
for side in ha mn ${mag_hosts:+mag}; do
	echo "== $side"
	column -t -s '|' "$work/$side.md" | sed 's/^ *//'
done

# --- targets ----------------------------------------------------------------
worst=$(q '.pkt_cost.paths | max_by(.ratio) | "\(.ratio * 100 | round / 100)x (\(.side) \(.path), \(.bindings) bindings)"')
worst_ratio=$(q '.pkt_cost.paths | max_by(.ratio) | .ratio')
# Growth with the binding count, on the ratios to the floor: the floor ran in
# the same loop, so a burst of noise on the machine cancels out.
growth_of() {
	q --argjson a "$least" --argjson b "$most" "
		[.pkt_cost.paths[] | select(.side == \"ha\")] | group_by(.path) |
		map({path: .[0].path, r: ((map(select(.bindings == \$b))[0].ratio) / (map(select(.bindings == \$a))[0].ratio))}) |
		max_by(.r) | $1"
}
growth=$(growth_of '"\(.r * 100 | round / 100)x (\(.path))"')
growth_ratio=$(growth_of .r)
mem=$(q '.pkt_cost.map_memory[-1] | "\(.per_node_bytes | round) bytes (\(.bind6_bytes) + \(.bind4_bytes) bytes for \(.max_bindings) slots)"')
mem_bytes=$(q '.pkt_cost.map_memory[-1].per_node_bytes')
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { if (v <= t) print "met"; else printf "missed by %.0f%%\n", (v / t - 1) * 100 }'; }
fib_share=$(q '[.pkt_cost.paths[] | select(.side == "ha" and (.path | startswith("encap")))] |
	map((.floor_fib_ns - .floor_ns) / (.ns - .floor_ns)) | add / length * 100 | round')
# Throughput: each of xmip's formats against the kernel's forwarding and the
# TUN forwarder, same packet size, same run.
tp() { q --argjson size "$1" "[.throughput.runs[] | select(.size == \$size)] as \$r |
	(\$r | map(select(.path == \"kernel\"))[0].pps) as \$k |
	(\$r | map(select(.path | startswith(\"tun\")))[0].pps) as \$t |
	\$r | map(select(.path | startswith(\"xmip\")) | . + {vs_kernel: (.pps / \$k), vs_tun: (.pps / \$t)}) | $2"; }
tp_worst_kernel=$(tp 64 'min_by(.vs_kernel) | "\(.vs_kernel * 100 | round / 100)x (\(.path))"')
tp_worst_kernel_ratio=$(tp 64 'map(.vs_kernel) | min')
tp_worst_tun=$(tp 64 'min_by(.vs_tun) | "\(.vs_tun * 100 | round / 100)x (\(.path))"')
tp_worst_tun_ratio=$(tp 64 'map(.vs_tun) | min')
rate_verdict() { awk -v v="$1" -v t="$2" 'BEGIN { if (v >= t) print "met"; else printf "missed: %.0f of %s (%.2fx)\n", v, t, v / t }'; }
at_least() { awk -v v="$1" -v t="$2" 'BEGIN { if (v >= t) print "met"; else printf "missed: %.2fx of %sx\n", v, t }'; }
{
	echo "| path | 64 bytes | 1400 bytes |"
	echo "|---|---|---|"
	q '.throughput.runs | group_by(.path)[] | "| \(.[0].path) | " +
		(map("\(.pps / 1000 | round) kpps (\(.received) of \(.sent))") | join(" | ")) + " |"'
} >"$work/tp.md"
echo "== throughput"
column -t -s '|' "$work/tp.md" | sed 's/^ *//'

# The kernel's tunnel devices against xmip, format by format, same run (in
# the stock kernel; under emulation where make bench started a VM).
if [ "$(q '.tunnel_devices.runs != null')" = true ]; then
	{
		echo "| format | kernel device | 64 bytes: kernel | xmip | xmip / kernel | 1400 bytes: kernel | xmip | xmip / kernel |"
		echo "|---|---|---|---|---|---|---|---|"
		q '.tunnel_devices.runs | map(select(.format != "none")) | group_by(.format)[] | (map(select(.by == "kernel"))[0].path) as $dev |
			"| \(.[0].format) | \($dev) | " + (group_by(.size) | map(
				(map(select(.by == "kernel"))[0].pps) as $k | (map(select(.by == "xmip"))[0].pps) as $x |
				"\($k / 1000 | round) kpps | \($x / 1000 | round) kpps | \($x / $k * 100 | round / 100)x") | join(" | ")) + " |"'
	} >"$work/td.md"
	echo "== the kernel's tunnel devices against xmip ($(q .tunnel_devices.kernel)$(q 'if .tunnel_devices.emulated then ", emulated" else "" end'))"
	column -t -s '|' "$work/td.md" | sed 's/^ *//'
	td_plain=$(q '.tunnel_devices.runs | map(select(.format == "none")) | map("\(.pps / 1000 | round) kpps (\(.size) bytes)") | join(", ")')
	# The worst pair: its ratio, then its description.
	read -r td_worst_ratio td_worst < <(q '[.tunnel_devices.runs | map(select(.format != "none")) | group_by(.format + (.size | tostring))[] |
		{f: .[0].format, s: .[0].size, r: ((map(select(.by == "xmip"))[0].pps) / (map(select(.by == "kernel"))[0].pps))}] |
		min_by(.r) | "\(.r) \(.r * 100 | round / 100)x (\(.f), \(.s) bytes)"')
	# How far emulation favours XDP over the kernel's skb path: xmip's
	# IPv6 format against plain forwarding, in the VM and on this kernel.
	td_scale=
	if [ "$(q .tunnel_devices.emulated)" = true ]; then
		td_vm_fwd=$(q '.tunnel_devices.runs | (map(select(.format == "ipv6" and .by == "xmip" and .size == 64))[0].pps) / (map(select(.format == "none" and .size == 64))[0].pps)')
		td_host_fwd=$(q '.throughput.runs | (map(select(.path == "xmip-ipv6" and .size == 64))[0].pps) / (map(select(.path == "kernel" and .size == 64))[0].pps)')
		td_scale=$(awk -v v="$td_vm_fwd" -v h="$td_host_fwd" -v w="$td_worst_ratio" 'BEGIN {
			printf " Compared with section 2: xmip-ipv6 (64 bytes) is %.2fx the plain forwarding in the VM and %.2fx on this machine'"'"'s own kernel, so emulation favours the XDP path about %.1f times; taken out, the worst ratio below would be about %.1fx.", v, h, v / h, w / (v / h) }')
	fi
	td_section="bench/tunnel_devices.sh, in the same veth lab and with the same
generator and sink as section 2: the home address routed into one of the
kernel's own tunnel devices, the format xmip's binding uses, then xmip bound
in that format (ip6tnl with no encapsulation limit option, as xmip writes
none; fou with the ports xmip uses; IPv4 in IPv4 with an IPv4 home address).
The development machine's kernel has no tunnel devices, so make bench runs
this in Debian's stock kernel $(q .tunnel_devices.kernel) under qemu$(q 'if .tunnel_devices.emulated then " (emulated, no KVM): the absolute rates are the emulator'"'"'s, only each ratio means something. The emulator makes every instruction dearer, which may weigh on the kernel'"'"'s longer path (an skb, the stack crossed twice: into the tunnel device and out of it) more than on hardware" else "" end'). For scale, the
kernel's plain forwarding of the same frames (no tunnel) in the same run:
$td_plain.$td_scale

$(cat "$work/td.md")

xmip against the kernel's device in the same format, worst: **$td_worst**."
else
	td_section="Not measured in this run: $(q '.tunnel_devices.skipped // "the results file predates it"')."
fi

# Goodput: the tunnel against the direct path from the same access network.
{
	echo "| access network | through the tunnel | direct from the care-of address | tunnel / direct |"
	echo "|---|---|---|---|"
	q '.goodput.runs | group_by(.network)[] |
		(map(select(.path == "tunnel"))[0]) as $t | (map(select(.path == "direct"))[0]) as $d |
		"| \($t.network) | \($t.bits_per_second / 1e6 | round) Mbit/s (\($t.format)) | \($d.bits_per_second / 1e6 | round) Mbit/s | \($t.bits_per_second / $d.bits_per_second * 100 | round / 100)x |"'
} >"$work/gp.md"
echo "== goodput"
column -t -s '|' "$work/gp.md" | sed 's/^ *//'

# The agent: resident memory per node, from the smallest and largest counts.
agent_per_node=$(q '.agent_memory.runs | (.[-1].rss_kib - .[0].rss_kib) * 1024 / (.[-1].nodes - .[0].nodes)')
agent_desc=$(q '.agent_memory.runs | "\((.[-1].rss_kib - .[0].rss_kib) * 1024 / (.[-1].nodes - .[0].nodes) | round) bytes (\(.[0].rss_kib) KiB with \(.[0].nodes), \(.[-1].rss_kib) KiB with \(.[-1].nodes))"')

# Signalling: BAs per second at the largest node count, refreshing (every
# node registered: the steady state the target is about), and what one BU
# costs the agent's core.
# Each node count runs unprotected, then with RFC 4285 (older results:
# one run per count, unprotected); the target is judged on the protected
# runs, what a deployment runs.
{
	echo "| nodes | BU protection | registrations/s | agent CPU per registration | refreshes/s | agent CPU per refresh | agent core busy (refresh) | BUs lost |"
	echo "|---|---|---|---|---|---|---|---|"
	q '.signalling.runs[] | "| \(.nodes) | \(.protection // "unprotected-for-tests") | \(.register.ba_per_s) | \(.register.agent_cpu_us_per_bu | round) µs | \(.refresh.ba_per_s) | \(.refresh.agent_cpu_us_per_bu * 10 | round / 10) µs | \(.refresh.agent_cpu_share * 100 | round)% | \(.register.lost + .refresh.lost) |"'
} >"$work/sig.md"
echo "== signalling"
column -t -s '|' "$work/sig.md" | sed 's/^ *//'
sig_rate=$(q '.signalling.runs[-1].refresh.ba_per_s')
sig_desc=$(q '.signalling.runs[-1] | "\(.refresh.ba_per_s) BA/s with \(.nodes) nodes registered (BUs protected: \(.protection // "unprotected-for-tests")), \(.refresh.agent_cpu_us_per_bu * 10 | round / 10) µs of agent CPU per BU"')
# Authentication's cost: for each node count, the RFC 4285 run's rates as a
# share of the unprotected run's, measured one after the other.
auth_desc=$(q '[.signalling.runs | group_by(.nodes)[] | select(length == 2 and .[1].protection == "rfc4285") |
	"\(.[0].nodes) nodes: registrations \(.[1].register.ba_per_s / .[0].register.ba_per_s * 100 | round)%, refreshes \(.[1].refresh.ba_per_s / .[0].refresh.ba_per_s * 100 | round)%, agent CPU per refresh \(.[0].refresh.agent_cpu_us_per_bu * 10 | round / 10) -> \(.[1].refresh.agent_cpu_us_per_bu * 10 | round / 10) µs"] | join("; ")')
[ -n "$auth_desc" ] && echo "== signalling with RFC 4285 against unprotected: $auth_desc"

# Signalling under a flood of BUs from home addresses the agent does not
# know: the same nodes' rates alone and flooded, in one run.
if [ "$(q '.signalling_flood != null')" = true ]; then
	flood_desc=$(q '.signalling_flood | "registrations \(.registrations_ratio * 100 | round / 100)x, refreshes \(.refreshes_ratio * 100 | round / 100)x of their rate alone"')
	echo "== signalling under a flood: $flood_desc"
	flood_section=$(q '.signalling_flood | "Under a flood (bench/flood_rate.sh): the same \(.nodes) nodes register and refresh alone, then again while a second generator sends BUs for \(.flood_nodes) home addresses the home agent does not know, all at once and again each time they go unanswered. Alone: \(.alone.registrations_per_s) registrations/s, \(.alone.refreshes_per_s) refreshes/s; flooded: \(.flooded.registrations_per_s) and \(.flooded.refreshes_per_s) (\(.registrations_ratio * 100 | round)% and \(.refreshes_ratio * 100 | round)%), \(.flooded.lost) lost. XDP dropped \(.flooded.dropped_in_xdp // 0) flood BUs before the stack (their home addresses are not in the filter of configured ones, xmip_known_home); the agent refused \(.flooded.refused_by_agent) (false positives of the filter) and answered \(.flooded.refused_by_agent - .flooded.unanswered) of them (its limit: 100 answers and log lines a second). The generator of the flood runs on the core of the registering nodes; the agent core does no work for the flood."')
else
	flood_section="Under a flood: not measured in this run."
fi

# Handover: per kind of move, median and worst gap and loss, over the moves
# measured (a move without an arrival after it is left out).
ho_moves=$(q '.handover.moves | map(select(.gap_ms != null))')
hq() { jq -r "$1" <<<"$ho_moves"; }
{
	echo "| move | moves | gap, median | gap, worst | datagrams lost, median | lost, worst |"
	echo "|---|---|---|---|---|---|"
	hq 'group_by(.from + .to)[] | (map(.gap_ms) | sort) as $g | (map(.lost) | sort) as $l |
		"| \(.[0].from) -> \(.[0].to) | \(length) | \($g[(length - 1) / 2 | floor] | round) ms | \($g[-1] | round) ms | \($l[(length - 1) / 2 | floor]) | \($l[-1]) |"'
} >"$work/ho.md"
echo "== handover"
column -t -s '|' "$work/ho.md" | sed 's/^ *//'
ho_worst_median=$(hq '[group_by(.from + .to)[] | (map(.gap_ms) | sort) as $g | $g[(length - 1) / 2 | floor]] | max')
ho_desc=$(hq 'group_by(.from + .to) | map((map(.gap_ms) | sort) as $g | {m: (.[0].from + " -> " + .[0].to), g: $g[(length - 1) / 2 | floor]}) | max_by(.g) | "worst median \(.g | round) ms, \(.m)"')

# Proxy mobility: the LMA's signalling (the largest host count, signed,
# refreshing and registering), the proxy handover, memory per host at the
# LMA and at the MAG. Results from before they were measured say so.
pmip_measured=$(q '.signalling_lma != null and .pmip_handover != null')
if [ "$pmip_measured" = true ]; then
	{
		echo "| hosts | BU protection | registrations/s | agent CPU per registration | refreshes/s | agent CPU per refresh | agent core busy (refresh) | PBUs lost |"
		echo "|---|---|---|---|---|---|---|---|"
		q '.signalling_lma.runs[] | "| \(.nodes) | \(.protection) | \(.register.ba_per_s) | \(.register.agent_cpu_us_per_bu * 10 | round / 10) µs | \(.refresh.ba_per_s) | \(.refresh.agent_cpu_us_per_bu * 10 | round / 10) µs | \(.refresh.agent_cpu_share * 100 | round)% | \(.register.lost + .refresh.lost) |"'
	} >"$work/lma_sig.md"
	echo "== signalling at the LMA"
	column -t -s '|' "$work/lma_sig.md" | sed 's/^ *//'
	# The target is on registrations (every PBU of the run a new binding)
	# and refreshes both: the lower of the two, signed, at the most hosts.
	lma_rate=$(q '.signalling_lma.runs[-1] | [.register.ba_per_s, .refresh.ba_per_s] | min')
	lma_desc=$(q '.signalling_lma.runs[-1] | "\(.register.ba_per_s) registrations/s and \(.refresh.ba_per_s) refreshes/s with \(.nodes) hosts (PBUs protected: \(.protection))"')
	pho_moves=$(q '.pmip_handover.moves | map(select(.gap_ms != null))')
	{
		echo "| move | moves | gap, median | gap, worst | datagrams lost, median | lost, worst |"
		echo "|---|---|---|---|---|---|"
		jq -r '(map(.gap_ms) | sort) as $g | (map(.lost) | sort) as $l |
			"| MAG to MAG | \(length) | \($g[(length - 1) / 2 | floor] * 10 | round / 10) ms | \($g[-1] * 10 | round / 10) ms | \($l[(length - 1) / 2 | floor]) | \($l[-1]) |"' <<<"$pho_moves"
	} >"$work/pho.md"
	echo "== proxy handover"
	column -t -s '|' "$work/pho.md" | sed 's/^ *//'
	pho_median=$(jq -r 'map(.gap_ms) | sort | .[(length - 1) / 2 | floor]' <<<"$pho_moves")
	pho_desc=$(jq -r '"median \(map(.gap_ms) | sort | .[(length - 1) / 2 | floor] * 10 | round / 10) ms over \(length) moves"' <<<"$pho_moves")
	per_reg() { q ".$1.runs | ((.[-1].rss_registered_kib - .[0].rss_registered_kib) * 1024 / (.[-1].registered - .[0].registered))"; }
	lma_agent=$(per_reg agent_memory_lma)
	mag_agent=$(per_reg agent_memory_mag)
	lma_map=$(q '.pkt_cost.map_memory[-1] | .bind4_bytes / .max_bindings')
	mag_map=$(q '.pkt_cost.mag_map_memory.per_host_bytes')
	pmip_mem_desc=$(awk -v la="$lma_agent" -v lm="$lma_map" -v ma="$mag_agent" -v mm="$mag_map" 'BEGIN {
		printf "LMA %.0f bytes of maps + %.0f of agent, MAG %.0f + %.0f", lm, la, mm, ma }')
	echo "== memory per host: $pmip_mem_desc"
fi

echo
echo "targets: every path <= 2x the floor: $(verdict "$worst_ratio" 2) (worst $worst)"
echo "         cost at $most bindings <= 1.3x the cost at $least: $(verdict "$growth_ratio" 1.3) (worst $growth)"
echo "         throughput (64 bytes) >= 3x the kernel's forwarding: $(at_least "$tp_worst_kernel_ratio" 3) (worst $tp_worst_kernel)"
echo "         throughput (64 bytes) >= 10x the TUN forwarder: $(at_least "$tp_worst_tun_ratio" 10) (worst $tp_worst_tun)"
echo "         >= 20 000 BU/BA per second on one core: $(rate_verdict "$sig_rate" 20000) ($sig_desc)"
echo "         handover gap < 50 ms median: $(verdict "$ho_worst_median" 50) ($ho_desc)"
echo "         <= 256 bytes of map memory per mobile node: $(verdict "$mem_bytes" 256) ($mem)"
echo "         <= 2 KiB of agent memory per mobile node: $(verdict "$agent_per_node" 2048) ($agent_desc)"
if [ "$pmip_measured" = true ]; then
	echo "         >= 20 000 PBU/PBA per second at the LMA on one core: $(rate_verdict "$lma_rate" 20000) ($lma_desc)"
	echo "         proxy handover gap < 50 ms median: $(verdict "$pho_median" 50) ($pho_desc)"
fi

# --- plots ------------------------------------------------------------------
# Ratio to the floor, per path, one bar per binding count.
for side in ha mn; do
	q --arg side "$side" '
		.pkt_cost.paths | map(select(.side == $side)) | group_by(.path)[] |
		[(.[0].path | gsub(" "; "_"))] + map(.ratio) | join(" ")' >"$work/$side.dat"
done
plot() {
	local side=$1 title=$2 cols=$3
	gnuplot <<GP
set terminal pngcairo size 1000,520 font ",10"
set output "$docs/img/pkt_cost_$side.png"
set title "$title"
set ylabel "cost / floor program (same run)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35 scale 0 noenhanced
set yrange [0:*]
set grid ytics
set key top left
set bmargin 9
set rmargin 6
set arrow from graph 0, first 2 to graph 1, first 2 nohead dt 2 lc rgb "red"
set label "target 2x" at graph 0.01, first 2.15 tc rgb "red"
plot $cols
GP
}
cols=""
i=2
for c in $counts; do
	cols="$cols${cols:+, }'$work/ha.dat' using $i:xtic(1) title '$c bindings'"
	i=$((i + 1))
done
plot ha "Home agent (XDP): per-packet cost relative to the floor" "$cols"
plot mn "Mobile node (TC encap, XDP decap): per-packet cost relative to the floor" \
	"'$work/mn.dat' using 2:xtic(1) title 'one tunnel'"

q '.throughput.runs | group_by(.path)[] | [.[0].path] + map(.pps / 1e6 | tostring) | join(" ")' >"$work/tp.dat"
gnuplot <<GP
set terminal pngcairo size 1000,520 font ",10"
set output "$docs/img/throughput.png"
set title "Through the home agent on veth (one run, same generator and sink)"
set ylabel "million packets per second arriving"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics scale 0 noenhanced
set yrange [0:*]
set grid ytics
set key top left
plot '$work/tp.dat' using 2:xtic(1) title '64 bytes', '' using 3 title '1400 bytes'
GP

# --- the report ----------------------------------------------------------------
{
	cat <<MD
# xmip performance

Generated by \`make bench\` (bench/run.sh, bench/report.sh) from
[bench/results/$(q .date).json](../bench/results/$(q .date).json). Do not
edit by hand: run \`make bench\` again.$(q 'if .smoke then "\n\n**Smoke run (tiny sizes): these figures mean nothing.**" else "" end')

## The machine

| | |
|---|---|
| kernel | $(q .machine.kernel) |
| CPU | $(q .machine.cpu), $(q .machine.cpus) cores ($(q .machine.virtualization)) |
| memory | $(q '.machine.mem_kib / 1048576 | floor') GiB |
| libbpf | $(q .machine.libbpf) |
| compiler | $(q .machine.clang) |

It is a shared virtual machine: absolute times are noise, so every figure
stands next to a baseline measured in the same run, in the same loop.

## 1. Per-packet cost of each data-plane path

Each path runs its real program (the home agent's XDP program, the mobile
node's TC and XDP programs, loaded through xmip's loader) with
BPF_PROG_TEST_RUN, one packet per run (\`repeat = 1\`: encapsulation and
decapsulation change the packet, and a repeat would re-run on the changed
buffer), $(q .pkt_cost.samples) runs per path, median. The kernel times the
program alone. Between runs of the path, in the same loop and on the same
packet, run:

- the **floor**: parse Ethernet and IP, swap the MACs, XDP_TX
  (bench/floor.bpf.c), the least an XDP forwarder does;
- the **floor with a FIB lookup**: the same plus \`bpf_fib_lookup()\` on the
  packet's destination, which every IP forwarder pays;
- once, an **empty program**: $(q '.pkt_cost.empty_program_ns | round') ns, the
  timing's own share of every figure below.

The home agent's packets go in turn to 64 home addresses drawn at random
among all bindings (IPv6 and IPv4 maps hold the same count), so that at
$most bindings the lookups miss the caches as real traffic would. Each path's
verdict is checked before it is timed.

The home agent (XDP on the uplink and home link):

$(cat "$work/ha.md")

![home agent](img/pkt_cost_ha.png)

The mobile node (TC on the tunnel interface encapsulates, XDP on the access
link decapsulates); it holds one tunnel whatever the home agent holds:

$(cat "$work/mn.md")

![mobile node](img/pkt_cost_mn.png)

### Against the targets

- Every encap/decap path at most 2x the floor: **$(verdict "$worst_ratio" 2)**;
  the worst is $worst.
- Cost at $most bindings within 1.3x of the cost at $least (compared as
  ratios to the floor, which cancels the machine's bursts of noise):
  **$(verdict "$growth_ratio" 1.3)**; the largest growth is $growth.

What limits it: the floor is almost nothing beyond the timing itself (the
empty program), so any path that looks up a route is several times it.
On the home agent's encapsulation paths, the FIB lookup alone accounts for
about ${fib_share}% of what the path costs above the floor (floor with FIB
minus floor, over path minus floor, averaged); IPv6 lookups cost the most.
The rest is xmip's own work: the binding lookup, writing the outer headers
and their checksums. Next steps: cache the next hop per binding (a FIB lookup
per care-of address, not per packet, refreshed on route changes), and
profile the remainder with \`bpftool prog profile\` on a machine with
hardware performance counters (this VM has none).

## 2. Throughput through the home agent

bench/throughput.sh builds three network namespaces joined by veth: a
generator, the home agent, and a sink standing for the care-of address. The
generator (bench/xdp_gen, BPF_PROG_TEST_RUN live frames as xdp-trafficgen
uses them; Debian 12's xdp-trafficgen has no packet-size option) sends UDP
to the home address into the home link for $(q '.throughput.runs[0].seconds * 10 | round / 10') s a run; the sink counts, in
XDP, what the home agent sends toward the care-of address. In the same run:

- **kernel**: the kernel's own IP forwarding of the same frames, no
  encapsulation (an XDP pass program on the home link, as on every path);
- **tun-6in6**: bench/tun_fwd, a userspace forwarder on a TUN device doing the
  6in6 encapsulation, one read and one write per packet;
- **xmip-FORMAT**: xmipd as home agent, its XDP program on the home link, the
  home address bound in each RFC 5555 format.

$(cat "$work/tp.md")

![throughput](img/throughput.png)

- At least 3x the kernel's forwarding for 64-byte packets:
  **$(at_least "$tp_worst_kernel_ratio" 3)** (worst $tp_worst_kernel).
- At least 10x the TUN forwarder for 64-byte packets:
  **$(at_least "$tp_worst_tun_ratio" 10)** (worst $tp_worst_tun).

What limits it: live frames run the whole chain in the generator's own
context, on one core: building each frame, the home link's veth, the path
under test, the uplink's veth and the sink. That fixed share is the same for
every path and bounds every ratio; the kernel's path pays an skb per packet
on top, xmip's does not. UDP over IPv6 needs a checksum over the whole
packet, which xmip's XDP computes, so only that format's cost grows with the
packet size. The TUN forwarder is bound by its own core (a read
and a write system call per packet) and drops what it cannot take. Next
step: the generator on one core and the home agent's queue on the other, or
physical NICs, so that the path under test is the only cost measured.

### The kernel's tunnel devices

$td_section

## 3. TCP goodput

bench/goodput.sh runs the lab of network namespaces (selftests/lib: both
agents, the tunnel applied as the agents apply it) and iperf3 for
$(q '.goodput.runs[0].seconds | round') s a run, the mobile node sending to a correspondent. From
each access network, in the same run: through the tunnel from the home
address (via the home agent, in the format used there), and directly from
the care-of address to the same correspondent (the same links, without the
tunnel and the home agent's two extra link crossings).

$(cat "$work/gp.md")

The lab's links carry finished checksums (transmit checksum offload off, see
the README), on both paths. The tunnel path crosses two more veth links
(into and out of the home agent) and pays its encapsulation overhead (40
bytes for IPv6, 20 for IPv4, 28 with UDP) in every segment.

## 4. Signalling

bench/bu_rate.sh: xmipd as home agent with N mobile nodes configured (an
IPv6 and an IPv4 home address each), twice for each N, one run after the
other: BUs and BAs unprotected (\`bu_protection = "unprotected-for-tests"\`),
then authenticated by RFC 4285 (every node its own key; the generator signs
each BU with a timestamp, the home agent checks both and signs its BA),
pinned to one core, and bench/bu_load on the other core in a namespace on
its uplink, speaking for all N nodes at once: home registrations (BU with A
and H, the IPv4 Home Address Request option) from a care-of address of
their own with the home address option, as the mobile node's TC program
sends them, its BAs read off the link (type 2 routing header, as the home
agent's TC program writes them). It keeps $(q '.signalling.runs[0].window') BUs outstanding: each BA
lets the next BU go, so the rate is what the home agent answers, not what
it is offered. First every node registers once (a new binding: the cache
entry, both maps, two host routes into the tunnel interface, the
unsolicited neighbour advertisement and gratuitous ARP on the home link);
then for $(q '.signalling.runs[-1].refresh.seconds | round') s the nodes refresh in turn from where they are (the
binding cache only: the data plane has it all). The agent's CPU is its
scheduler time over each phase (/proc/PID/schedstat), so "agent CPU per BU"
is one core's time, and "agent core busy" near 100% means the agent, not
the generator, set the pace.

$(cat "$work/sig.md")

At least 20 000 BU/BA exchanges per second on one core with 100 000
bindings: **$(rate_verdict "$sig_rate" 20000)** ($sig_desc).

RFC 4285's cost (the same node counts, authenticated against unprotected,
measured in one run): ${auth_desc:-not measured in this run}.

Registrations cost more: two route changes through netlink, two map
writes and two announcements each, a tenth of the refresh rate. What
limited them before this benchmark existed, found with it (perf, cpu-clock):

- The home agent answered neighbour discovery for home addresses through
  kernel proxy entries. Each IPv6 one joins a solicited-node multicast
  group on the home link, and the kernel walks the list of groups on every
  join and on every multicast it sends: at 10 000 nodes a registration took
  2.3 ms of the agent's core (439 per second), and it grew with every node.
  IPv4 proxy entries sit in a kernel hash table of 16 buckets (memcmp was
  three quarters of the agent's time at 60 000 nodes). The home link's XDP
  program now answers neighbour solicitations and ARP requests for bound
  home addresses from the binding maps (bpf/anchor/neigh_proxy.h); the
  registration cost now barely depends on the number of nodes bound (the
  table above).
- Closing a packet socket waits for an RCU grace period (about 13 ms): the
  announcements opened and closed one per registration, 73 registrations
  per second at any size. The agent keeps them open.
- The mobility header socket's default receive buffer held about 200 BUs;
  a burst beyond it was lost (each such node waits out its retransmission
  timer). It now holds 4 MiB, about 4 000 BUs.

$flood_section

BUs lost (the last column): the home agent keeps a record of the way each
BU came (\`xmip_sig_seen\`, an LRU map of 65 536 entries) for the agent to
read and TC to send the BA along. It used to be kept one per node: once
more nodes than that registered at once, records of BUs not yet answered
were evicted, and 110 BUs of 100 000 were lost
(bench/results/2026-11-24.json). TC now removes a record with the BA it
sends, so the map holds BUs in flight only. A BU whose record is gone all
the same (evicted under a flood of forged BUs) is dropped, never taken for
a BU from the home link, which would deregister the node; \`xmipctl
registrations\` counts them as \`bus_dropped_no_record\`.

## 5. Memory

The binding maps are hash maps preallocated at \`dataplane.max_bindings\`
slots: the kernel charges them in full whether bindings are in them or not.
Figures are the maps' memlock, as \`bpftool map show\` prints it.

| bindings | slots | IPv6 map | IPv4 map | bytes per mobile node |
|---|---|---|---|---|
$(q '.pkt_cost.map_memory[] | "| \(.bindings) | \(.max_bindings) | \(.bind6_bytes) | \(.bind4_bytes) | \(.per_node_bytes | round) |"')

At most 256 bytes of map memory per mobile node (one IPv6 and one IPv4
home address): **$(verdict "$mem_bytes" 256)** ($mem).

The agent (bench/agent_memory.sh): xmipd as home agent with signalling on,
N mobile nodes configured (an IPv6 and an IPv4 home address each), its
resident memory once it answers on its control socket. Its binding cache
holds an entry per configured node from the start, so this is what it holds
for N registered nodes too.

| nodes configured | agent resident memory |
|---|---|
$(q '.agent_memory.runs[] | "| \(.nodes) | \(.rss_kib) KiB |"')

At most 2 KiB of agent memory per mobile node: **$(verdict "$agent_per_node" 2048)**
($agent_desc).

## 6. Handover

bench/handover.sh: the lab with both agents signalling by themselves; a
correspondent sends the IPv6 home address a numbered UDP datagram every
$(q '.handover.interval_us / 1000') ms (bench/udp_probe), and the mobile node moves IPv6 -> IPv4 -> NAT
-> IPv6, $(q '.handover.moves | length / 3 | floor') times round. Each move takes the old link down, then brings
the new one up: that moment, the new care-of address appearing, starts the
gap, and the first datagram the node receives after it ends it (the old
link is down, so it came the new way). The gap holds the whole chain: the
agent noticing the link and route (rtnetlink), choosing the care-of
address, its BU and the home agent's BA, both data planes updated, the
next datagram's way through. Lost: the datagrams numbered between the
last one before the move and the first one after.

$(cat "$work/ho.md")

Handover gap under 50 ms median: **$(verdict "$ho_worst_median" 50)** ($ho_desc).

What limits it: the gap holds the lab's own step after the new link is up
(adding the default route, a process in the mobile node's namespace), the
agent learning of the link and the route over rtnetlink, and the datagrams'
own spacing (1 ms); the signalling itself (BU to BA, both data planes) is
about 1 ms in the agents' logs. The move from IPv6 to IPv4 took a second
before (1046 ms median, bench/results/2026-11-24.json): the mobile node
took only links the kernel reported running (IFF_RUNNING, the operational
state), which its link watcher sets up to a second after the carrier comes;
it now takes a link with carrier (IFF_LOWER_UP). The medians are close to
the target: next step, timestamp each step (link, address, route, BU, BA)
in the agent's log to see which of them to shorten.

## 7. Proxy mobility: the LMA and the MAG

$(if [ "$pmip_measured" = true ]; then cat <<PMIP
Signalling at the LMA (bench/bu_rate.sh --lma): xmipd as LMA with N hosts
configured (a static IPv4 home address each) and one MAG, pinned to one
core, and bench/bu_load -P on the other core speaking as that MAG for all
N hosts: proxy BUs with P, the host's NAI, handoff indicator, access
technology, link-layer identifier, RFC 5213 timestamp and the IPv4 home
address request, from the MAG's address through a Mobility Header socket,
the PBAs read back there, $(q '.signalling_lma.runs[0].window') outstanding. Every host
registers once (a new binding: the cache entry, the IPv4 binding map, the
state file's slot), then for $(q '.signalling_lma.runs[-1].refresh.seconds | round') s they refresh in turn. Unprotected, then
signed with RFC 4285 (the MAG's key), in one run.

$(cat "$work/lma_sig.md")

At least 20 000 PBU/PBA exchanges per second on one core with 100 000
hosts registered, registrations and refreshes alike: **$(rate_verdict "$lma_rate" 20000)** ($lma_desc).

The MAG's per-packet paths (the access kind's XDP program, as in section 1,
against the same floor, $(q '[.pkt_cost.paths[] | select(.side == "mag")][0].bindings') hosts attached, the packets rotating over 64 of
them): a host's IPv4 encapsulated toward the LMA (the encapsulation the
home agent's paths use, after a FIB lookup toward the LMA), the LMA's
IPv4-in-IPv6 delivered to the host's link-layer address, the ARP and echo
requests to the default router answered, a source address of another host
dropped.

$(cat "$work/mag.md")

Proxy handover (bench/pmip_handover.sh): the lab of test_pmip_roam with
the LMA and both MAGs signalling by themselves, the host (its stock DHCP
client, its address from MAG 1) and the correspondent each sending the
other a numbered UDP datagram every $(q '.pmip_handover.interval_us / 1000') ms. The access point moves the host: the
old MAG's port down, the new MAG's port up; the moment before the command
that brings it up starts the gap (so the gap holds that command's own few
milliseconds), the first datagram the host receives after it ends it. The
gap holds the host's next frame reaching the new MAG, its proxy BU and
the LMA's PBA, both data planes updated, the next datagram through.

$(cat "$work/pho.md")

Proxy handover gap under 50 ms median: **$(verdict "$pho_median" 50)** ($pho_desc).

Memory per host. Maps: at the LMA a host is one entry of the anchor's IPv4
binding map ($(awk -v v="$lma_map" 'BEGIN { printf "%.0f", v }') bytes a slot, section 5's map); at the MAG one
entry of its IPv4 binding map (the tunnel toward the LMA) and one of its
access map (link-layer address, link): $(awk -v v="$mag_map" 'BEGIN { printf "%.0f", v }') bytes a slot, for
$(q .pkt_cost.mag_map_memory.max_hosts) slots. The agent (bench/agent_memory.sh --role lma|mag): resident
memory with N hosts configured, then with every one registered (at the LMA
by bench/bu_load -P; at the MAG by bench/host_frames, one frame from each
host on the access link, which starts its registration):

| role | hosts configured | resident | hosts registered | resident |
|---|---|---|---|---|
$(q '(.agent_memory_lma.runs[] | "| LMA | \(.nodes) | \(.rss_kib) KiB | \(.registered) | \(.rss_registered_kib) KiB |"), (.agent_memory_mag.runs[] | "| MAG | \(.nodes) | \(.rss_kib) KiB | \(.registered) | \(.rss_registered_kib) KiB |")')

Agent memory per registered host (between the smallest and largest runs):
LMA $(awk -v v="$lma_agent" 'BEGIN { printf "%.0f", v }') bytes, MAG $(awk -v v="$mag_agent" 'BEGIN { printf "%.0f", v }') bytes.
PMIP
else
	echo "Not measured in this run (the results file predates it)."
fi)
MD
} >"$docs/performance.md.tmp"
mv "$docs/performance.md.tmp" "$docs/performance.md"
