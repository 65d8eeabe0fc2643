#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and running the demo
# of xmip needs. Idempotent: it asks apt only for what is missing, so `make
# check` and `make demo` can call it on every run at almost no cost.
set -euo pipefail

packages=(
	# build
	make gcc clang llvm pkg-config libc6-dev linux-libc-dev
	libbpf-dev libxdp-dev bpftool
	libsystemd-dev libconfig-dev libjson-c-dev libnl-3-dev libnl-route-3-dev libnl-xfrm-3-dev
	libc-ares-dev libcap-dev
	# RFC 4285 authentication (HMAC-SHA1), and its test vectors (openssl)
	libssl-dev openssl
	# tests: unit (cmocka, sanitizer runtimes), netns lab, wire checks
	libcmocka-dev libclang-rt-14-dev
	iproute2 nftables iputils-ping tshark xdp-tools procps psmisc jq util-linux socat ethtool
	conntrack
	dnsmasq-base
	# IKEv2 (RFC 5555 section 5): strongSwan's charon, swanctl and pki
	charon-systemd strongswan-swanctl strongswan-pki
	# its openssl plugin: ECDSA keys and certificates, AES-GCM (a Recommends
	# of charon, which --no-install-recommends leaves out)
	libstrongswan-standard-plugins
	# benchmarks (make bench; its smoke run is part of make check): plots,
	# TCP goodput
	gnuplot-nox iperf3
	# the stock-kernel tier: Debian's kernel booted under qemu
	linux-image-amd64 qemu-system-x86 busybox-static cpio kmod
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}" >&2
	echo "install-deps: run as root (or: sudo $0)" >&2
	exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; the answer does not matter here.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
# iperf3 asks whether to run a server at boot: no, the benchmark starts its own.
echo "iperf3 iperf3/start_daemon boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
