# shellcheck shell=bash
# strongSwan's charon in the lab: certificates made with strongSwan's pki,
# one charon-systemd per node with its own strongswan.conf, VICI socket and
# log in a directory of the test's. Source after lab.sh.

# charon_pki DIR [NAME:ID...]: a CA, and a key and certificate (DIR/NAME.key,
# .crt) for each identity: by default the home agent (ha.lab.example) and
# the mobile nodes (mn1@lab.example, an RFC 822 name, and mn2), all PEM;
# private keys 0600.
charon_pki() {
	local dir=$1 who id
	shift
	[ $# -gt 0 ] || set -- ha:ha.lab.example mn:mn1@lab.example mn2:mn2@lab.example
	# pki names the plugins of strongswan.d/pki.conf it cannot find on
	# stderr; its output goes to a log.
	(
		umask 077
		pki --gen --type ecdsa --size 256 --outform pem >"$dir/ca.key"
		pki --self --ca --lifetime 30 --in "$dir/ca.key" --type ecdsa \
			--dn "CN=xmip lab CA" --outform pem >"$dir/ca.crt"
		for who in "$@"; do
			id=${who#*:}
			pki --gen --type ecdsa --size 256 --outform pem >"$dir/${who%%:*}.key"
			pki --pub --in "$dir/${who%%:*}.key" --type ecdsa |
				pki --issue --lifetime 30 --cacert "$dir/ca.crt" --cakey "$dir/ca.key" \
					--dn "CN=$id" --san "$id" --outform pem >"$dir/${who%%:*}.crt"
		done
	) 2>"$dir/pki.log"
	chmod 644 "$dir"/*.crt
}

# charon_start NODE DIR: charon in NODE, configured in DIR/NODE-charon/
# (strongswan.conf, charon.vici, charon.log). It leaves the agents' tunnel
# interface alone (interfaces_ignore): IKE runs on the care-of address.
charon_start() {
	local node=$1 d=$2/$1-charon tries=3 timeout=1.0
	# Short retransmits keep the host tier quick; under emulation an
	# exchange can take seconds: charon's defaults there.
	[ -n "${XMIP_IN_VM:-}" ] && { tries=5; timeout=4.0; }
	mkdir -p "$d"
	cat >"$d/strongswan.conf" <<CONF
charon-systemd {
  load_modular = yes
  interfaces_ignore = xmip0
  install_routes = no
  retransmit_tries = $tries
  retransmit_timeout = $timeout
  plugins {
    include /etc/strongswan.d/charon/*.conf
    vici { socket = unix://$d/charon.vici }
  }
  journal { default = -1 }
  filelog {
    log { path = $d/charon.log
          default = 1
          ike = 2
          cfg = 2
          time_format = %T
          flush_line = yes }
  }
}
CONF
	rm -f "$d/charon.vici"
	STRONGSWAN_CONF=$d/strongswan.conf lab_spawn "$node" "$d/stdout.log" /usr/sbin/charon-systemd
	CHARON_PID=$LAB_LAST_PID
	lab_wait "charon's VICI socket in $node" 20 test -S "$d/charon.vici"
}

# charon_stop PID: SIGTERM, bounded wait, SIGKILL.
charon_stop() { lab_stop "$1" charon; }

# charon_swanctl NODE DIR ARGS...: swanctl against that node's charon.
charon_swanctl() {
	local node=$1 d=$2/$1-charon
	shift 2
	# (swanctl, like pki, names plugins it cannot find on stderr.)
	lab_exec "$node" swanctl "$@" --uri "unix://$d/charon.vici" 2>>"$d/swanctl.log"
}

# xmip_ipsec_section NODE DIR: the agent's ipsec = { } settings for the
# lab's home agent (NODE ha) or mobile node (NODE mn, its peer the home
# agent), with the certificates of charon_pki; XMIP_IPSEC_EXTRA adds
# settings (protect_ipv4_payload = true;).
xmip_ipsec_section() {
	local node=$1 dir=$2
	cat <<CONF
ipsec = {
  vici_socket = "$dir/$node-charon/charon.vici";
  $([ "$node" = ha ] && echo 'identity = "ha.lab.example";' || echo 'peer_identity = "ha.lab.example";')
  certificate = "$dir/$node.crt";
  private_key = "$dir/$node.key";
  ca_certificate = "$dir/ca.crt";
  ${XMIP_IPSEC_EXTRA:-}
};
CONF
}
