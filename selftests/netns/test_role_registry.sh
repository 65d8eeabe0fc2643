#!/usr/bin/env bash
# Roles through the role interface (agent/core/role.h): a test-only role
# ("probe", selftests/roles/, in build/tests/xmipd_roles) registered beside
# the shipped ones parses its section with the configuration core (its
# errors name file and line), starts, reloads and reports through the
# control socket; one process runs it and a DSMIPv6 home agent together
# (role = [ "home-agent", "probe" ]), each reporting on its own.
set -eu
here=$(dirname "$0")
source "$here/../lib/agents.sh"
XMIPD_ROLES=$XMIP_BUILD/tests/xmipd_roles

LAB_NODES=(solo)
lab_up_nodes
dir=$(mktemp -d /tmp/xmip-roles.XXXXXX)
lab_on_down "rm -rf $dir"
lab_exec solo ip link add home0 type veth peer name home1
lab_exec solo ip link add up0 type veth peer name up1
for l in home0 home1 up0 up1; do lab_exec solo ip link set "$l" up; done
lab_exec solo ip addr add 2001:db8:1::2/64 dev up0 nodad

# probe_conf NAME GREETING [LEVEL]: the probe role alone.
probe_conf() {
	cat >"$dir/$1.conf" <<CONF
instance = "$(lab_ns solo)-$1";
role = "probe";
control_socket = "$dir/$1.sock";
probe = { greeting = "$2"; level = ${3:-1}; };
CONF
}
registrations() { "$XMIPCTL" -s "$dir/$1.sock" --json registrations ${2:-}; }

echo "the probe alone: no data plane, its section, its report:"
probe_conf alone "hello"
XMIPD=$XMIPD_ROLES xmip_start solo "$dir/alone.conf" "$dir/alone.log"
pid=$XMIPD_PID
expect_eq "status names the role" probe "$("$XMIPCTL" -s "$dir/alone.sock" --json status | jq -r .role)"
expect_eq "its report" "hello 0 true" "$(registrations alone | jq -r '"\(.greeting) \(.reloads) \(.loop)"')"
expect_eq "no data plane: no pins" "" "$(ls /sys/fs/bpf/xmip/ 2>/dev/null | grep -x "$(lab_ns solo)-alone" || true)"
probe_conf alone "hello again"
kill -HUP "$pid"
lab_wait "the reload" 10 sh -c "'$XMIPCTL' -s '$dir/alone.sock' --json registrations | grep -q 'hello again'"
expect_eq "reloaded section" "hello again 1" "$(registrations alone | jq -r '"\(.greeting) \(.reloads)"')"
probe_conf alone "hello" 2
kill -HUP "$pid"
lab_wait "the refusal" 10 grep -q "reload refused: instance, role" "$dir/alone.log"
expect_eq "what the role keeps for a restart stays" "hello again 1 1" \
	"$(registrations alone | jq -r '"\(.greeting) \(.reloads) \(.level)"')"
xmip_stop "$pid"

echo "the probe's own errors, from the configuration core:"
cat >"$dir/bad.conf" <<CONF
instance = "x";
role = "probe";
probe = {
  greeting = "hi";
  colour = "red";
};
CONF
out=$("$XMIPD_ROLES" -c "$dir/bad.conf" --check 2>&1 || true)
expect_match "unknown key, with file and line" "$dir/bad.conf:5: 'colour': unknown setting" "$out"
printf 'instance = "x";\nrole = "probe";\nprobe = { greeting = "hi"; level = 12; };\n' >"$dir/bad.conf"
out=$("$XMIPD_ROLES" -c "$dir/bad.conf" --check 2>&1 || true)
expect_match "range, with file and line" "$dir/bad.conf:3: 'level': must be between 1 and 9" "$out"
printf 'instance = "x";\nrole = [ "probe", "probe" ];\nprobe = { greeting = "hi"; };\n' >"$dir/bad.conf"
out=$("$XMIPD_ROLES" -c "$dir/bad.conf" --check 2>&1 || true)
expect_match "a role named twice" "$dir/bad.conf:2: 'role': role 'probe' is named twice" "$out"
printf 'instance = "x";\nrole = "probe";\n' >"$dir/bad.conf"
out=$("$XMIPD" -c "$dir/bad.conf" --check 2>&1 || true)
expect_match "the shipped xmipd has no probe" "$dir/bad.conf:2: 'role': 'probe' is not a role: use \"home-agent\", \"mobile-node\", \"lma\" or \"mag\"" "$out"

echo "two roles in one process: a home agent and the probe:"
cat >"$dir/two.conf" <<CONF
instance = "$(lab_ns solo)-two";
role = [ "home-agent", "probe" ];
control_socket = "$dir/two.sock";
home_agent = {
  home_link = "home0";
  interfaces = [ "up0" ];
  address6 = "2001:db8:1::2";
  home_prefix6 = "2001:db8:100::/64";
  bu_protection = "unprotected-for-tests";
  state_file = "$dir/two.state";
  mobile_nodes = ( { id = "mn1@lab.example"; home_address6 = "2001:db8:100::100"; } );
};
probe = { greeting = "beside a home agent"; };
CONF
expect_match "both sections load" "configuration OK \(home-agent\+probe" "$("$XMIPD_ROLES" -c "$dir/two.conf" --check)"
XMIPD=$XMIPD_ROLES xmip_start solo "$dir/two.conf" "$dir/two.log"
status=$("$XMIPCTL" -s "$dir/two.sock" --json status)
expect_eq "status names both" home-agent+probe "$(jq -r .role <<<"$status")"
expect_eq "the home agent's data plane" "home0 up0 xmip0" "$(jq -r '[.interfaces[].name] | join(" ")' <<<"$status")"
expect_eq "the probe's report" "beside a home agent" "$(registrations two probe | jq -r .greeting)"
expect_eq "the home agent's report" 0 "$(registrations two home-agent | jq '.registrations | length')"
expect_eq "both, by name" "home-agent probe" "$(registrations two | jq -r 'keys | join(" ")')"
expect_match "an unknown role is an error" "no role 'nobody' runs here" \
	"$("$XMIPCTL" -s "$dir/two.sock" registrations nobody 2>&1 || true)"
xmip_stop "$XMIPD_PID"
