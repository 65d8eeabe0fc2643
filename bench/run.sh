#!/usr/bin/env bash
# make bench: runs the benchmarks, prints their table, and writes
# bench/results/<date>.json and docs/performance.md (with its plots). Every
# figure is measured next to its baseline in the same run and reported as a
# ratio; absolute times on a shared machine are noise.
#
#   bench/run.sh            the full run (1, 10 000 and 1 000 000 bindings)
#   BENCH_SMOKE=1 bench/run.sh   tiny sizes: the pipeline end to end, for
#                                make check (figures meaningless)
#   BENCH_OUT=DIR           write results and report under DIR instead of
#                           the repository
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
out=${BENCH_OUT:-.}
date=$(date -u +%Y-%m-%d)
work=$(mktemp -d /tmp/xmip-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [ -n "${BENCH_SMOKE:-}" ]; then
	counts=1,100 samples=200 secs=0.3 tcp_secs=1 nodes="1 10" bu_nodes="10" bu_secs=0.3 \
		moves=1 vm_secs=0.3 flood_n=10 flood_nodes=200 lma_hosts="10" lma_nodes="1 10" mag_nodes="1 10" \
		pmip_moves=2
else
	counts=1,10000,1000000 samples=20000 secs=5 tcp_secs=10 nodes="1 1000 100000 1000000"
	bu_nodes="1000 100000" bu_secs=5 moves=20 vm_secs=5 flood_n=1000 flood_nodes=20000
	lma_hosts="100000" lma_nodes="1 100000" mag_nodes="1 65536" pmip_moves=20
fi

# The machine, for the report: figures mean little without it.
machine() {
	jq -n --arg kernel "$(uname -r)" --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
		--argjson cpus "$(nproc)" --argjson mem_kib "$(awk '/^MemTotal/ {print $2}' /proc/meminfo)" \
		--arg libbpf "$(dpkg-query -W -f='${Version}' libbpf1 2>/dev/null || echo unknown)" \
		--arg clang "$(clang --version | head -1)" \
		--arg virt "$(systemd-detect-virt 2>/dev/null || echo unknown)" \
		'{kernel: $kernel, cpu: $cpu, cpus: $cpus, mem_kib: $mem_kib, libbpf: $libbpf,
		  clang: $clang, virtualization: $virt}'
}

echo "== per-packet cost (BPF_PROG_TEST_RUN, bindings $counts, $samples samples per path)"
"$BUILD/bench/pkt_cost" -b "$counts" -s "$samples" "$BUILD/bench/floor.bpf.o" >"$work/pkt_cost.json"

echo "== throughput through the home agent (veth, $secs s per run, 64 and 1400 bytes)"
./bench/throughput.sh "$secs" 64 1400 >"$work/throughput.json"

# The kernel's tunnel devices: where the kernel has them (Debian's stock
# kernel does), here; else in that kernel under qemu (selftests/vm/run.sh),
# except in the smoke run, which the VM tier of make check runs in the VM
# itself.
echo "== the kernel's tunnel devices against xmip ($vm_secs s per run, 64 and 1400 bytes)"
tunnel_devices() {
	local kernel emulated=false
	if modprobe -q ip6_tunnel 2>/dev/null && modprobe -q fou6 2>/dev/null; then
		[ -n "${XMIP_IN_VM:-}" ] && emulated=true
		./bench/tunnel_devices.sh "$vm_secs" 64 1400 | tail -1 |
			jq --arg k "$(uname -r)" --argjson e $emulated '. + {kernel: $k, emulated: $e}'
		return
	fi
	if [ -n "${BENCH_SMOKE:-}" ]; then
		echo "  skipped: no tunnel modules in this kernel (the smoke run starts no VM)" >&2
		jq -n '{skipped: "no tunnel modules in this kernel (the smoke run starts no VM)"}'
		return
	fi
	if ! selftests/vm/run.sh --timeout 1500 ./bench/tunnel_devices.sh "$vm_secs" 64 1400 >"$work/vm.log" 2>&1; then
		tail -20 "$work/vm.log" | sed 's/^/  /' >&2
		echo "  skipped: the VM run failed (above)" >&2
		jq -n '{skipped: "the VM run failed"}'
		return
	fi
	grep -v '^{' "$work/vm.log" | sed 's/^ */  /' >&2
	kernel=$(sed -n 's/^vm: \([0-9].*\)/\1/p' "$work/vm.log" | head -1)
	tail -1 "$work/vm.log" | jq --arg k "$kernel" '. + {kernel: $k, emulated: true}'
}
tunnel_devices >"$work/tunnel_devices.json"

echo "== TCP goodput, mobile node -> correspondent (iperf3, $tcp_secs s per run)"
./bench/goodput.sh "$tcp_secs" >"$work/goodput.json"

echo "== signalling: BU/BA exchanges per second (home agent, nodes: $bu_nodes)"
# shellcheck disable=SC2086
./bench/bu_rate.sh "$bu_secs" $bu_nodes >"$work/signalling.json"

echo "== signalling under a flood of BUs from unknown home addresses ($flood_nodes of them)"
./bench/flood_rate.sh "$flood_n" "$flood_nodes" "$bu_secs" >"$work/flood.json"
jq -r '"  registrations \(.alone.registrations_per_s)/s alone, \(.flooded.registrations_per_s)/s flooded"' \
	"$work/flood.json" >&2

echo "== signalling at the LMA: PBU/PBA exchanges per second (hosts: $lma_hosts)"
# shellcheck disable=SC2086
./bench/bu_rate.sh --lma "$bu_secs" $lma_hosts >"$work/signalling_lma.json"

echo "== proxy handover: the host between MAG 1 and MAG 2, $pmip_moves moves"
./bench/pmip_handover.sh "$pmip_moves" >"$work/pmip_handover.json"

echo "== handover: IPv6 -> IPv4 -> NAT -> IPv6, $moves times round"
./bench/handover.sh "$moves" >"$work/handover.json"

echo "== the agent's memory (home agent, nodes configured: $nodes)"
# shellcheck disable=SC2086
./bench/agent_memory.sh $nodes >"$work/agent_memory.json"
echo "== the agent's memory (LMA, hosts: $lma_nodes; MAG, hosts: $mag_nodes)"
# shellcheck disable=SC2086
./bench/agent_memory.sh --role lma $lma_nodes >"$work/agent_memory_lma.json"
# shellcheck disable=SC2086
./bench/agent_memory.sh --role mag $mag_nodes >"$work/agent_memory_mag.json"

mkdir -p "$out/bench/results"
results=$out/bench/results/$date.json
jq -n --arg date "$date" --argjson machine "$(machine)" --argjson smoke "${BENCH_SMOKE:-0}" \
	--slurpfile pkt "$work/pkt_cost.json" --slurpfile tp "$work/throughput.json" \
	--slurpfile gp "$work/goodput.json" --slurpfile am "$work/agent_memory.json" \
	--slurpfile sig "$work/signalling.json" --slurpfile ho "$work/handover.json" \
	--slurpfile td "$work/tunnel_devices.json" --slurpfile fl "$work/flood.json" \
	--slurpfile sl "$work/signalling_lma.json" --slurpfile ph "$work/pmip_handover.json" \
	--slurpfile aml "$work/agent_memory_lma.json" --slurpfile amm "$work/agent_memory_mag.json" \
	'{date: $date, smoke: ($smoke != 0), machine: $machine, pkt_cost: $pkt[0], throughput: $tp[0], tunnel_devices: $td[0],
	  goodput: $gp[0], signalling: $sig[0], signalling_flood: $fl[0], handover: $ho[0],
	  agent_memory: $am[0], signalling_lma: $sl[0], pmip_handover: $ph[0], agent_memory_lma: $aml[0],
	  agent_memory_mag: $amm[0]}' >"$results.tmp"
mv "$results.tmp" "$results"

./bench/report.sh "$results" "$out/docs"
echo "results: $results; report: $out/docs/performance.md"
