#!/usr/bin/env bash
# make bench's comparison with the kernel's own tunnel devices
# (bench/tunnel_devices.sh), a smoke run of it: 0.3 s per run, 64 and 1400
# bytes, every format through the kernel's device (ip6tnl, sit, sit+fou,
# ip6tnl+fou, ipip) and through xmipd in the same format, and plain
# forwarding for scale; every path forwards. The figures are not judged:
# make bench reports them as ratios.
# stock-kernel-only: the kernel's own tunnel devices (ip6tnl, sit, fou, ipip) against xmip
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
root=$(cd "$here/../.." && pwd)
out=$(mktemp -d /tmp/xmip-tunnel-devices.XXXXXX)
trap 'rm -rf "$out"' EXIT

modprobe -q ip6_tunnel 2>/dev/null && modprobe -q fou6 2>/dev/null ||
	fail "no tunnel modules in this kernel: run it in the stock kernel (selftests/run.sh vm)"
BUILD=${XMIP_BUILD:-$root/build} "$root/bench/tunnel_devices.sh" 0.3 64 1400 >"$out/run.json" 2>"$out/run.log" ||
	fail "bench/tunnel_devices.sh: $(tail -5 "$out/run.log")"
q() { tail -1 "$out/run.json" | jq -r "$@"; }
expect_eq "tunnel devices: every format, kernel and xmip, both sizes" \
	"ipv4/kernel/64 ipv4/kernel/1400 ipv4/xmip/64 ipv4/xmip/1400 ipv4-4in4/kernel/64 ipv4-4in4/kernel/1400 ipv4-4in4/xmip/64 ipv4-4in4/xmip/1400 ipv6/kernel/64 ipv6/kernel/1400 ipv6/xmip/64 ipv6/xmip/1400 none/kernel/64 none/kernel/1400 udp4/kernel/64 udp4/kernel/1400 udp4/xmip/64 udp4/xmip/1400 udp6/kernel/64 udp6/kernel/1400 udp6/xmip/64 udp6/xmip/1400" \
	"$(q '[.runs[] | "\(.format)/\(.by)/\(.size)"] | sort_by(split("/") | [.[0], .[1], (.[2] | tonumber)]) | join(" ")')"
expect_eq "tunnel devices: frames arrived on every path" "0" \
	"$(q '[.runs[] | select(.received < 1000)] | length')"
