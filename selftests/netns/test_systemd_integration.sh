#!/usr/bin/env bash
# xmipd as a Type=notify service: the unit file is valid; readiness, status,
# reload and stop are announced over sd_notify; SIGHUP applies a changed
# configuration (an interface removed is detached) and refuses a broken one
# while the agent keeps running; SIGTERM stops it cleanly.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/agents.sh"
SINK=$XMIP_BUILD/tests/notify_sink

lab_up
dir=$(mktemp -d /tmp/xmip-sd.XXXXXX)
lab_on_down "rm -rf $dir"

echo "unit file:"
sed "s|@SBINDIR@|$XMIP_BUILD|g" "$here/../../packaging/xmipd.service" >"$dir/xmipd.service"
out=$(systemd-analyze verify "$dir/xmipd.service" 2>&1 | grep -v -E 'network-online|strongswan|/etc/xmip|Failed to prepare filename|Unit .* not found' || true)
expect_eq "systemd-analyze verify finds nothing" "" "$out"
expect_match "Type=notify" '^Type=notify' "$(cat "$dir/xmipd.service")"
# The sandboxing options (README, Hardening) stay: systemd's own measure of
# the unit's exposure, 9.2 without them, 5.1 with.
exposure=$(systemd-analyze security --offline=yes "$dir/xmipd.service" 2>/dev/null |
	sed -n 's/.*Overall exposure level for xmipd.service: \([0-9.]*\).*/\1/p')
expect_eq "systemd-analyze security: exposure at most 5.5 (was 9.2 unsandboxed)" yes \
	"$(awk -v e="${exposure:-10}" 'BEGIN { print (e <= 5.5) ? "yes" : "no (" e ")" }')"

# The control socket for a group root is not in: the unit's bounding set
# must let the agent give it away (CAP_CHOWN).
getent group nogroup >/dev/null || fail "no group 'nogroup' on this system"
XMIP_MN_TOP='control_group = "nogroup";' xmip_write_configs "$dir"
"$SINK" "$dir/notify.sock" 240 >"$dir/notify.log" &
sink=$!
lab_on_down "kill $sink"
lab_wait "notify socket" 5 test -S "$dir/notify.sock"
# Within the unit's capability bounding set and with no new privileges, as
# systemd would start it (setpriv applies the same two kernel settings):
# setup, the reload below (detaching an interface) and the stop work with
# what the unit leaves.
bset=-all,$(sed -n 's/^CapabilityBoundingSet=//p' "$dir/xmipd.service" | tr ' ' '\n' | sed 's/^CAP_/+/' | tr 'A-Z' 'a-z' | paste -sd,)
expect_match "the unit's bounding set, for setpriv" '^-all,\+net_admin,.*\+setpcap$' "$bset"
lab_spawn mn "$dir/mn.log" env NOTIFY_SOCKET="$dir/notify.sock" \
	setpriv --bounding-set "$bset" --no-new-privs "$XMIPD" -c "$dir/mn.conf"
pid=$LAB_LAST_PID
lab_on_down "lab_exec mn $XMIPD -c $dir/mn.conf --cleanup"
lab_wait "READY=1" 60 grep -q READY=1 "$dir/notify.log"
pass "READY=1 sent"
expect_eq "the control socket: root's and the control group's" "660 root nogroup" \
	"$(stat -c '%a %U %G' "$dir/mn.sock")"
expect_match "STATUS line" 'STATUS=mobile-node .*: 5 interface\(s\) attached' "$(cat "$dir/notify.log")"

echo "reload with an interface removed:"
sed -i 's/, "mn-dual" ]/ ]/; s/log_level = "debug"/log_level = "info"/' "$dir/mn.conf"
kill -HUP "$pid"
lab_wait "reload" 30 grep -q "configuration reloaded" "$dir/mn.log"
expect_match "RELOADING=1 then READY=1" 'RELOADING=1' "$(cat "$dir/notify.log")"
expect_no_match "mn-dual detached" 'mn-dual' "$(lab_exec mn bpftool net)"
expect_match "mn-v6 still attached" 'mn-v6' "$(lab_exec mn bpftool net)"
expect_eq "status lists 4 interfaces" 4 "$("$XMIPCTL" -s "$dir/mn.sock" --json status | jq '.interfaces | length')"

echo "reloads do not pile up attachments:"
reloads_at_least() { [ "$(grep -c 'configuration reloaded' "$dir/mn.log")" -ge "$1" ]; }
for ((r = 0; r < 6; r++)); do
	kill -HUP "$pid"
	lab_wait "reload $r" 30 reloads_at_least $((r + 2))
done
expect_eq "status still lists 4 interfaces after 7 reloads" 4 \
	"$("$XMIPCTL" -s "$dir/mn.sock" --json status | jq '.interfaces | length')"
expect_no_match "no reload error" "reload: " "$(cat "$dir/mn.log")"
expect_eq "one XDP program per access link, and the tunnel's" 4 "$(lab_exec mn bpftool -j net | jq '.[0].xdp | length')"

echo "reload with a broken file:"
cp "$dir/mn.conf" "$dir/mn.good"
echo 'mobile_node = oops' >>"$dir/mn.conf"
kill -HUP "$pid"
lab_wait "refusal" 30 grep -q "reload refused" "$dir/mn.log"
expect_match "refusal names file and line" "reload refused.*$dir/mn.conf:[0-9]+: " "$(cat "$dir/mn.log")"
kill -0 "$pid" && pass "agent still running" || fail "agent died on a bad reload"
expect_eq "still answering with 4 interfaces" 4 "$("$XMIPCTL" -s "$dir/mn.sock" --json status | jq '.interfaces | length')"
# The teardown's --cleanup reads the file: give it back the good one.
cp "$dir/mn.good" "$dir/mn.conf"

echo "stop:"
kill -TERM "$pid"
for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
wait "$pid"
rc=$?
expect_eq "exit status after SIGTERM" 0 "$rc"
lab_wait "STOPPING=1" 5 grep -q STOPPING=1 "$dir/notify.log"
pass "STOPPING=1 sent"
[ ! -e "$dir/mn.sock" ] && pass "control socket removed" || fail "control socket left behind"
