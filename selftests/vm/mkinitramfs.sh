#!/usr/bin/env bash
# mkinitramfs.sh KVER OUT: a tiny initramfs for the stock kernel KVER that
# loads virtio and 9p, mounts the host's root (read-only) and the share, and
# switches into the host root to run stage2.sh.
set -euo pipefail
kver=$1
out=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,dev,proc,sys,newroot,modules}
cp /bin/busybox "$tmp/bin/busybox"
# In dependency order.
mods="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p"
for m in $mods; do
	f=$(modinfo -k "$kver" -n "$m" 2>/dev/null) || continue   # built in
	case $f in
	*.ko) cp "$f" "$tmp/modules/$m.ko" ;;
	*.ko.xz) xz -dc "$f" >"$tmp/modules/$m.ko" ;;
	*.ko.zst) zstd -qdc "$f" >"$tmp/modules/$m.ko" ;;
	esac
done
cat >"$tmp/init" <<INIT
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
for m in $mods; do
	[ -e /modules/\$m.ko ] && /bin/busybox insmod /modules/\$m.ko
done
/bin/busybox mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot /newroot || {
	echo "vm: cannot mount the host root"; /bin/busybox poweroff -f; }
stage2=\$(/bin/busybox sed -n 's/.*xmip.stage2=\([^ ]*\).*/\1/p' /proc/cmdline)
/bin/busybox umount /proc /sys
/bin/busybox mount --move /dev /newroot/dev
exec /bin/busybox switch_root /newroot /bin/bash "\$stage2"
INIT
chmod +x "$tmp/init"
(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
