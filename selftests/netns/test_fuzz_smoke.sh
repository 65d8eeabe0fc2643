#!/usr/bin/env bash
# make fuzz's smoke run: the libFuzzer targets (the Mobility Header parser,
# the configuration loader, the RFC 4285 keys file, the DHCPv4 parser) built
# with ASan and UBSan and run for a few
# seconds each from the repository's seed corpus, into a directory of the
# test's: each executes inputs and finds nothing. (make fuzz runs them for
# FUZZ_SECONDS, 60 by default.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
root=$(cd "$here/../.." && pwd)
build=${XMIP_BUILD:-$root/build}
out=$(mktemp -d /tmp/xmip-fuzz-smoke.XXXXXX)
trap 'rm -rf "$out"' EXIT

report=$(FUZZ_OUT=$out "$root/selftests/fuzz/run.sh" "$build" 5 mh config keys dhcp4) ||
	fail "a fuzz target found something: $report"
for name in mh config keys dhcp4; do
	expect_match "$name: ran inputs, found nothing" "^$name: [1-9][0-9]* executions, 0 crashes$" "$report"
	expect_match "$name: started from the repository's $(ls "$root/selftests/fuzz/corpus/$name" | wc -l) seeds" \
		"^INFO: seed corpus: files: $(ls "$root/selftests/fuzz/corpus/$name" | wc -l) " "$(cat "$out/$name/log")"
done
