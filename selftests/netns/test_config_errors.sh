#!/usr/bin/env bash
# A configuration error stops xmipd with a non-zero exit and one message that
# names the file, the line and the problem: at start, with --check, and on
# SIGHUP (where the running configuration stays).
set -eu
here=$(dirname "$0")
source "$here/../lib/agents.sh"

dir=$(mktemp -d /tmp/xmip-cfg.XXXXXX)
trap 'rm -rf "$dir"' EXIT

# expect_config_error NAME LINE MESSAGE-REGEX  (config text on stdin)
expect_config_error() {
	local name=$1 line=$2 re=$3 out rc
	cat >"$dir/$name.conf"
	for mode in --check run; do
		set +e
		if [ $mode = run ]; then
			out=$(timeout 10 "$XMIPD" -c "$dir/$name.conf" 2>&1)
		else
			out=$(timeout 10 "$XMIPD" -c "$dir/$name.conf" --check 2>&1)
		fi
		rc=$?
		set -e
		[ "$rc" -eq 1 ] || fail "$name ($mode): exit $rc, expected 1; output: $out"
		expect_match "$name ($mode): file:line: problem" "$dir/$name.conf:$line: .*$re" "$out"
	done
}

expect_config_error syntax 3 "syntax error" <<'CONF'
instance = "x";
role = "home-agent";
home_agent = { home_link = ; };
CONF

expect_config_error typo 4 "'adress6': unknown setting" <<'CONF'
instance = "x";
role = "home-agent";
home_agent = {
  adress6 = "2001:db8::1";
};
CONF

expect_config_error address 6 "'2001:db8::g' is not an IPv6 address" <<'CONF'
instance = "x";
role = "mobile-node";
mobile_node = {
  interfaces = [ "eth0" ];
  home_address6 = "2001:db8::1";
  home_agent6 = "2001:db8::g";
};
CONF

expect_config_error required 3 "missing required setting 'home_address6'" <<'CONF'
instance = "x";
role = "mobile-node";
mobile_node = { interfaces = [ "eth0" ]; home_agent6 = "2001:db8::1"; };
CONF

expect_config_error protection 3 "missing required setting 'bu_protection'" <<'CONF'
instance = "x";
role = "mobile-node";
mobile_node = { interfaces = [ "eth0" ]; home_address6 = "2001:db8::1"; home_agent6 = "2001:db8::2"; };
CONF

expect_config_error old_switch 5 "'allow_unprotected_bu': replaced by bu_protection" <<'CONF'
instance = "x";
role = "home-agent";
home_agent = {
  home_link = "home0"; interfaces = [ "up0" ]; address6 = "2001:db8::1"; home_prefix6 = "2001:db8:1::/64";
  allow_unprotected_bu = true;
  mobile_nodes = ( { id = "mn1@example.net"; home_address6 = "2001:db8:1::1"; } );
};
CONF

# The keys file's own errors name it and its line.
keys_conf() {
	cat <<CONF
instance = "x";
role = "mobile-node";
mobile_node = { id = "mn1@example.net"; interfaces = [ "eth0" ]; home_address6 = "2001:db8::1";
  home_agent6 = "2001:db8::2"; bu_protection = "rfc4285"; mn_ha_keys = "$1"; };
CONF
}
(umask 077 && printf '# node SPI key\nmn1@example.net 12 00112233445566778899aabbccddeeff\n' >"$dir/bad.keys")
keys_conf "$dir/bad.keys" >"$dir/keys.conf"
expect_match "a keys file's error: its file and line" "$dir/keys.conf:4: .*$dir/bad.keys:2: SPI '12' must be a number from 256" \
	"$("$XMIPD" -c "$dir/keys.conf" --check 2>&1 || true)"
printf 'mn1@example.net 4285 00112233445566778899aabbccddeeff\n' >"$dir/open.keys"
chmod 644 "$dir/open.keys"
keys_conf "$dir/open.keys" >"$dir/keys.conf"
expect_match "a keys file others may read: refused" "$dir/open.keys: is open to group or others \(mode 0644\)" \
	"$("$XMIPD" -c "$dir/keys.conf" --check 2>&1 || true)"

out=$("$XMIPD" -c "$dir/nonexistent.conf" 2>&1) && fail "missing file accepted" || true
expect_match "missing file named" "$dir/nonexistent.conf: cannot read" "$out"

# A good file passes --check.
lab_ns() { echo "cfgtest-$1"; }
xmip_write_configs "$dir"
expect_match "lab HA configuration passes --check" "configuration OK \(home-agent" "$("$XMIPD" -c "$dir/ha.conf" --check)"
expect_match "lab MN configuration passes --check" "configuration OK \(mobile-node" "$("$XMIPD" -c "$dir/mn.conf" --check)"
