#!/usr/bin/env bash
# make soak's short run: 500 mobile nodes, 3 rounds of a second (every node
# refreshing, 5% moving), then every binding in the data plane and the
# cache checked against what the nodes registered last, the agent's memory
# and descriptors against their steady state (bench/soak.sh exits 1 when a
# check fails). make soak runs 10 000 nodes for 10 minutes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
root=$(cd "$here/../.." && pwd)
log=$(mktemp /tmp/xmip-soak-smoke.XXXXXX)
trap 'rm -f "$log"' EXIT
result=$(BUILD=${XMIP_BUILD:-$root/build} "$root/bench/soak.sh" 500 3 1 2>"$log") ||
	fail "bench/soak.sh: $result $(cat "$log")"
expect_eq "500 nodes, 3 rounds: 1 575 BUs accepted, none lost or refused" "1575 0 0" \
	"$(jq -r '"\(.bus_accepted) \(.bus_lost) \(.bus_refused)"' <<<"$result")"
expect_eq "every binding where its node registered last, in the data plane and the cache" "0 500" \
	"$(jq -r '"\(.dataplane_bindings_wrong) \(.cache_registrations)"' <<<"$result")"
expect_eq "no growth: memory within 1 MiB, descriptors the same" true \
	"$(jq '(.rss_kib_at_end - .rss_kib_after_first_round) <= 1024 and .fds_at_end == .fds_after_first_round' <<<"$result")"
