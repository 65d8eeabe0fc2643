#!/usr/bin/env bash
# Runs a command inside Debian's stock kernel (package linux-image-amd64)
# under qemu, with the host's root shared read-only over 9p:
#   selftests/vm/run.sh [--timeout SECONDS] COMMAND...
# The command runs as root in the repository's directory, with tmpfs on /tmp,
# /run and /var/tmp, the BPF filesystem mounted, and the stock kernel's
# modules loadable (esp4, veth, nf_tables...). Prints the command's output and
# exits with its status; a VM that does not finish in time exits 124.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
timeout_s=900
if [ "${1:-}" = --timeout ]; then timeout_s=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [--timeout S] COMMAND..." >&2; exit 2; }

kver=${XMIP_VM_KERNEL:-$(ls /lib/modules | grep -E '^[0-9.]+-[0-9]+-amd64$' | sort -V | tail -1)}
[ -n "$kver" ] && [ -e "/boot/vmlinuz-$kver" ] || { echo "no stock kernel: apt-get install linux-image-amd64" >&2; exit 2; }

work=$(mktemp -d /tmp/xmip-vm.XXXXXX)
trap 'rm -rf "$work"' EXIT
initrd=$work/initramfs.cpio.gz
"$top/selftests/vm/mkinitramfs.sh" "$kver" "$initrd"

# What the guest runs: the command, from the repository, as a script.
mkdir -p "$work/share"
{
	printf 'cd %q\n' "$top"
	printf '%q ' "$@"
	printf '\n'
} >"$work/share/cmd"

# Software emulation by default: nested KVM on the machines this project runs
# on either aborts (an MSR qemu cannot set) or hangs. XMIP_VM_ACCEL=kvm opts in.
accel=${XMIP_VM_ACCEL:-tcg}
cpu=max
[ "$accel" = kvm ] && cpu=host
echo "vm: kernel $kver, accel $accel, timeout ${timeout_s}s" >&2

set +e
timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 \
	-machine q35,accel=$accel -cpu $cpu -m 2048 -smp 2 \
	-kernel "/boot/vmlinuz-$kver" -initrd "$initrd" \
	-append "console=ttyS0 quiet panic=-1 xmip.stage2=$top/selftests/vm/stage2.sh xmip.repo=$top" \
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=root,mount_tag=hostroot \
	-fsdev local,id=share,path="$work/share",security_model=none \
	-device virtio-9p-pci,fsdev=share,mount_tag=xmipshare \
	-nographic -no-reboot -nic none >"$work/console.log" 2>&1
qrc=$?
set -e

if [ -f "$work/share/log" ]; then cat "$work/share/log"; fi
if [ -f "$work/share/rc" ]; then
	exit "$(cat "$work/share/rc")"
fi
echo "vm: the command did not finish (qemu exit $qrc); console:" >&2
tail -40 "$work/console.log" >&2
[ "$qrc" -eq 124 ] && exit 124
exit 1
