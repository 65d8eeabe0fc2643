#!/usr/bin/env bash
# make fuzz: runs each libFuzzer target for SECONDS from its seed corpus
# (selftests/fuzz/corpus/<name>/, kept in the repository; the run's own
# corpus grows in OUT/corpus-<name>/), and prints per target "NAME: N
# executions, C crashes" (crashes, leaks, timeouts: the inputs are in
# OUT/<name>/). Exits 1 if any target found one. OUT is $FUZZ_OUT, else
# BUILD/fuzz (where the targets are).
#   selftests/fuzz/run.sh BUILD SECONDS NAME...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1 secs=$2
shift 2
top=${FUZZ_OUT:-$build/fuzz}
status=0
for name in "$@"; do
	corpus=$top/corpus-$name
	out=$top/$name
	mkdir -p "$corpus" "$out"
	cp "$here/corpus/$name/"* "$corpus/"
	rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-*
	LSAN_OPTIONS=suppressions=$here/lsan.supp "$build/fuzz/fuzz_$name" \
		-max_total_time="$secs" -timeout=10 -artifact_prefix="$out/" "$corpus" >"$out/log" 2>&1 || true
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$out/log" | tail -1)
	# (A run stopped by a finding prints no "Done": its last status line
	# has the count.)
	[ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$out/log" | tail -1 | tr -d '#')
	found=$(find "$out" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
	echo "$name: ${runs:-0} executions, $found crashes"
	if [ "$found" -gt 0 ]; then
		status=1
		find "$out" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sed 's/^/  input: /'
		grep -m1 -A12 'ERROR:' "$out/log" | sed 's/^/  /'
	fi
done
exit $status
