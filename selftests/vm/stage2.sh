#!/bin/bash
# Runs as PID 1 in the guest, in the host's (read-only) root: makes the
# writable places a test needs, runs the command from the share, records its
# output and status there, and powers off.
mount -t proc proc /proc
mount -t sysfs sys /sys
repo=$(sed -n 's/.*xmip\.repo=\([^ ]*\).*/\1/p' /proc/cmdline)
mount -t tmpfs tmpfs /run
# The repository may live under /tmp (a CI clone): keep it reachable at its
# own path once tmpfs covers /tmp and /var/tmp.
mkdir -p /run/xmip-repo
mount --bind "$repo" /run/xmip-repo
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /var/tmp
if [ ! -d "$repo/selftests" ]; then
	mkdir -p "$repo"
	mount --bind /run/xmip-repo "$repo"
fi
mount -t bpf bpf /sys/fs/bpf
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
share=/run/xmipshare
mkdir -p $share
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 xmipshare $share
ip link set lo up
# No udev: bash's process substitution needs /dev/fd.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
# No udev here: load what makes device nodes the lab needs.
modprobe tun
# IPsec for the strongSwan tests, loaded once here rather than by charon's
# first SA: under emulation the modules' crypto self-tests take seconds,
# time an IKE exchange in flight does not have.
for m in xfrm_user esp4 esp6 gcm ghash_generic aesni_intel; do modprobe "$m" 2>/dev/null; done
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root XMIP_IN_VM=1
echo "vm: $(uname -r)" >$share/log
bash $share/cmd >>$share/log 2>&1
echo $? >$share/rc.tmp
mv $share/rc.tmp $share/rc
sync
umount $share
echo o >/proc/sysrq-trigger
poweroff -f
