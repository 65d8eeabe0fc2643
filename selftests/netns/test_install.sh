#!/usr/bin/env bash
# `make install` puts the binaries, the systemd unit (with its paths filled
# in) and the example configuration where a deployment expects them, and the
# installed example configuration is one xmipd accepts.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/assert.sh"
top=$here/../..

dest=$(mktemp -d /tmp/xmip-install.XXXXXX)
trap 'rm -rf "$dest"' EXIT
make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr/local >/dev/null

for f in usr/local/sbin/xmipd usr/local/bin/xmipctl lib/systemd/system/xmipd.service \
	 etc/xmip/xmipd.conf.example; do
	[ -e "$dest/$f" ] && pass "installed /$f" || fail "/$f missing"
done
[ -x "$dest/usr/local/sbin/xmipd" ] && pass "xmipd executable" || fail "xmipd not executable"
unit=$(cat "$dest/lib/systemd/system/xmipd.service")
expect_match "unit runs the installed xmipd" '^ExecStart=/usr/local/sbin/xmipd -c /etc/xmip/xmipd.conf$' "$unit"
expect_no_match "no placeholder left" '@SBINDIR@' "$unit"
# The example names the secret keys file a deployment writes
# (/etc/xmip/mn-ha.keys, nothing installs one): here one of the test's own.
out=$("$dest/usr/local/sbin/xmipd" --check -c "$dest/etc/xmip/xmipd.conf.example" 2>&1 || true)
expect_match "example configuration: asks for its keys file" "/etc/xmip/mn-ha.keys: cannot read" "$out"
(umask 077 && echo "mn1@example.net 1000 $(openssl rand -hex 32)" >"$dest/mn-ha.keys")
sed "s|/etc/xmip/mn-ha.keys|$dest/mn-ha.keys|" "$dest/etc/xmip/xmipd.conf.example" >"$dest/xmipd.conf"
expect_match "example configuration is valid" "configuration OK \(home-agent 'ha'\)" \
	"$("$dest/usr/local/sbin/xmipd" --check -c "$dest/xmipd.conf")"
expect_match "xmipctl answers --help" "usage: xmipctl" "$("$dest/usr/local/bin/xmipctl" --help)"
if [ ! -e /etc/xmip/xmipd.conf ]; then
	out=$("$dest/usr/local/bin/xmipctl" status 2>&1) && fail "xmipctl without a socket succeeded" || true
	expect_match "xmipctl without config says how to name the agent" "name the agent with -i INSTANCE" "$out"
fi
