#!/usr/bin/env bash
# Runs the test tiers and ends with the line "N passed, N failed".
#   selftests/run.sh all|unit|bpf|netns|vm|vm-full|guest|guest-full [FILTER]
# unit:    cmocka programs built with ASan+UBSan (build/tests/unit/test_*)
# bpf:     cmocka programs that load the BPF programs and run them on packets
#          with BPF_PROG_TEST_RUN (build/tests/bpf/test_*)
# netns:   shell tests on the network-namespace lab (selftests/netns/test_*.sh)
# vm:      inside Debian's stock kernel (6.1) under qemu (selftests/vm/run.sh):
#          the bpf tier (every program through 6.1's verifier) and the netns
#          tests that need that kernel, each marked by a line
#              # stock-kernel: WHY
#          (kernel ESP, libxdp's dispatcher on 6.1), or, when they have
#          nothing to test on another kernel, # stock-kernel-only: WHY (the
#          kernel's tunnel devices; the netns tier skips these); "guest" is
#          what runs in there
# vm-full: the bpf tier and every netns test in the stock kernel ("guest-full")
# Every test runs under a timeout; cmocka programs count their test cases,
# shell tests count as one each. Each tier's wall time is printed after it,
# and all of them before the summary line.
set -u
cd "$(dirname "$0")/.."

tier=${1:-all}
filter=${2:-}
passed=0
failed=0
failures=()
logdir=$(mktemp -d /tmp/xmip-tests.XXXXXX)

UNIT_TIMEOUT=${UNIT_TIMEOUT:-120}
BPF_TIMEOUT=${BPF_TIMEOUT:-120}
NETNS_TIMEOUT=${NETNS_TIMEOUT:-300}
# Inside the stock-kernel VM everything runs under software emulation.
if [ -n "${XMIP_IN_VM:-}" ]; then
	BPF_TIMEOUT=$((BPF_TIMEOUT * 5))
	NETNS_TIMEOUT=$((NETNS_TIMEOUT * 3))
fi
# The VM tier under emulation on a 2-core machine: the marked tests take
# about a quarter of the full run's hour.
VM_TIMEOUT=${VM_TIMEOUT:-2700}
VM_FULL_TIMEOUT=${VM_FULL_TIMEOUT:-5400}
tier_times=()

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# A cmocka program: count its cases from its summary lines.
run_cmocka() {
	local bin=$1 t=$2 name log rc p f
	name=$(basename "$bin")
	log=$logdir/$name.log
	timeout --kill-after=5 "$t" "$bin" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1   # crashed, sanitizer abort or timeout: the program failed
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ]; then
		failures+=("$name (exit $rc)")
		echo "FAIL $name: $p passed, $f failed (exit $rc)"
		sed 's/^/    /' "$log" | tail -40
	else
		echo "ok   $name: $p passed"
	fi
}

# What a test could leave behind: namespaces, xmip pins, libxdp dispatcher
# pins, and processes of ours still running (an agent, a traffic generator
# or sink: a process started in a network namespace outlives it).
leftovers() {
	ip netns list 2>/dev/null | awk '{print "netns " $1}'
	ls /sys/fs/bpf/xmip 2>/dev/null | sed 's/^/pin /'
	ls /sys/fs/bpf/xdp 2>/dev/null | grep dispatch | sed 's/^/xdp /'
	ps -eo pid=,args= | awk '$2 ~ /(^|\/)(xmipd|bench\/[a-z_]+|tests\/(dpctl|mhgen))$/ {print "process " $1 " " $2}'
}

run_script() {
	local script=$1 t=$2 name log rc before after added start secs
	name=$(basename "$script" .sh)
	log=$logdir/$name.log
	before=$(leftovers | sort)
	start=$SECONDS
	timeout --kill-after=10 "$t" bash "$script" >"$log" 2>&1
	rc=$?
	secs=$((SECONDS - start))
	after=$(leftovers | sort)
	# A test that leaves something behind fails, whatever it asserted. Only
	# what appeared counts: a test may tidy what an earlier failed one left
	# (libxdp removes stale dispatcher pins when it next attaches).
	# (Files, not <(...): the stock-kernel guest has no /dev/fd.)
	echo "$before" >"$logdir/.before"
	echo "$after" >"$logdir/.after"
	added=$(comm -13 "$logdir/.before" "$logdir/.after")
	if [ "$rc" -eq 0 ] && [ -n "$added" ]; then
		rc=99
		{ echo "left behind:"; echo "$added"; } >>"$log"
	fi
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok   $name (${secs} s)"
	else
		failed=$((failed + 1))
		failures+=("$name (exit $rc)")
		echo "FAIL $name (exit $rc, ${secs} s)"
		sed 's/^/    /' "$log" | tail -60
	fi
}

matches() { [ -z "$filter" ] || [[ $1 == *"$filter"* ]]; }

# run_cmocka_dir DIR TIMEOUT: every test_* program in DIR.
run_cmocka_dir() {
	local b
	for b in "$1"/test_*; do
		[ -x "$b" ] && matches "$b" && run_cmocka "$b" "$2"
	done
	return 0
}

tier_unit() {
	echo "== unit (ASan + UBSan)"
	run_cmocka_dir build/tests/unit "$UNIT_TIMEOUT"
}

tier_bpf() {
	echo "== bpf (BPF_PROG_TEST_RUN)"
	run_cmocka_dir build/tests/bpf "$BPF_TIMEOUT"
}

# needs_stock_kernel TEST: the test says why it runs in the stock kernel
# ("# stock-kernel: WHY"), or that it runs there only, having nothing to
# test elsewhere ("# stock-kernel-only: WHY").
needs_stock_kernel() { grep -Eq '^# stock-kernel(-only)?: ' "$1"; }
stock_kernel_only() { grep -q '^# stock-kernel-only: ' "$1"; }

# tier_netns [stock]: every netns test, or (stock) only those marked.
tier_netns() {
	local s only=${1:-}
	echo "== netns (lab of network namespaces${only:+: the tests that need the stock kernel})"
	for s in selftests/netns/test_*.sh; do
		[ -f "$s" ] && matches "$s" || continue
		[ -z "$only" ] || needs_stock_kernel "$s" || continue
		if [ -z "$only" ] && [ -z "${XMIP_IN_VM:-}" ] && stock_kernel_only "$s"; then
			echo "skip $(basename "$s" .sh) (the stock-kernel tier runs it)"
			continue
		fi
		run_script "$s" "$NETNS_TIMEOUT"
	done
}

# The stock kernel's tier: the guest's counts join ours. GUEST is the
# guest's tier (guest or guest-full).
tier_vm() {
	local guest=${1:-guest} limit=$VM_TIMEOUT log=$logdir/vm.log rc p f
	[ "$guest" = guest-full ] && limit=$VM_FULL_TIMEOUT
	echo "== vm (Debian's stock kernel under qemu: bpf tier, $([ "$guest" = guest-full ] && echo 'every netns test' || echo 'the netns tests marked stock-kernel'))"
	timeout --kill-after=20 "$limit" selftests/vm/run.sh --timeout $((limit - 30)) \
		./selftests/run.sh "$guest" "$filter" >"$log" 2>&1
	rc=$?
	grep -E '^(ok|FAIL) |^vm: |^== |^    ' "$log" | sed 's/^/  [vm] /'
	p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$log" | tail -1)
	if [ -z "$p" ]; then
		p=0
		f=1   # the VM did not get as far as a summary
		tail -30 "$log" | sed 's/^/  [vm] /'
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$rc" -eq 0 ] || failures+=("vm (exit $rc)")
}

if [ "$(id -u)" -ne 0 ] && [ "$tier" != unit ]; then
	echo "the $tier tier loads BPF programs and makes namespaces: run as root" >&2
	exit 2
fi

# timed NAME COMMAND...: runs a tier and prints its wall time.
timed() {
	local name=$1 start=$SECONDS
	shift
	"$@"
	tier_times+=("$name $((SECONDS - start)) s")
	echo "== $name: $((SECONDS - start)) s wall time"
}

case $tier in
unit) timed unit tier_unit ;;
bpf) timed bpf tier_bpf ;;
netns) timed netns tier_netns ;;
vm) timed vm tier_vm guest ;;
vm-full) timed vm-full tier_vm guest-full ;;
guest) timed bpf tier_bpf; timed netns-stock tier_netns stock ;;
guest-full) timed bpf tier_bpf; timed netns tier_netns ;;
all) timed unit tier_unit; timed bpf tier_bpf; timed netns tier_netns; timed vm tier_vm guest ;;
*) echo "usage: $0 all|unit|bpf|netns|vm|vm-full|guest|guest-full [FILTER]" >&2; exit 2 ;;
esac

if [ ${#failures[@]} -gt 0 ]; then
	echo
	echo "failed: ${failures[*]}"
	echo "logs: $logdir"
else
	rm -rf "$logdir"
fi
echo "tier wall times: $(IFS=,; echo "${tier_times[*]}" | sed 's/,/, /g')"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
