# shellcheck shell=bash
# Bulk TCP through the lab with socat, checked end to end by SHA-256.
#
#   tcp_data DIR MB           MB random megabytes in DIR/data
#   tcp_transfer WHAT FROM TO ADDR
#                             FROM sends DIR/data to ADDR:5001, where TO
#                             listens; passes when TO got the same bytes
#
# Uses TCP_DIR (set by tcp_data), TCP_SECS (the bound on each transfer,
# default 60) and TCP_SRC (the sender's source address, when the default
# one is not what the test is about). Needs lab.sh and assert.sh.

TCP_SECS=${TCP_SECS:-60}

tcp_data() {
	TCP_DIR=$1
	TCP_MB=$2
	head -c "${TCP_MB}M" /dev/urandom >"$TCP_DIR/data"
	TCP_WANT=$(sha256sum <"$TCP_DIR/data" | cut -d' ' -f1)
}

# socat address of ADDR:PORT, for listening or connecting.
_tcp_listen_at() { [[ $1 == *:* ]] && echo "TCP6-LISTEN:$2,bind=[$1],reuseaddr" || echo "TCP4-LISTEN:$2,bind=$1,reuseaddr"; }
_tcp_connect_to() {
	if [[ $1 == *:* ]]; then
		echo "TCP6:[$1]:$2${TCP_SRC:+,bind=[$TCP_SRC]}"
	else
		echo "TCP4:$1:$2${TCP_SRC:+,bind=$TCP_SRC}"
	fi
}
_tcp_listening() { nsenter --net="/run/netns/$(lab_ns "$1")" ss -Hltn 'sport = :5001' | grep -q 5001; }

tcp_transfer() {
	local what=$1 from=$2 to=$3 addr=$4 d=$TCP_DIR pid i got start
	rm -f "$d/got"
	lab_spawn "$to" "$d/recv.log" sh -c "socat -u $(_tcp_listen_at "$addr" 5001) - | sha256sum >$d/got.tmp && mv $d/got.tmp $d/got"
	pid=$LAB_LAST_PID
	lab_wait "listener on $to" 10 _tcp_listening "$to"
	start=$(date +%s%N)
	timeout "$TCP_SECS" nsenter --net="/run/netns/$(lab_ns "$from")" socat -u "FILE:$d/data" "$(_tcp_connect_to "$addr" 5001)" ||
		fail "$what: sender failed or timed out"
	for ((i = 0; i < TCP_SECS * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	got=$(cut -d' ' -f1 "$d/got" 2>/dev/null || echo none)
	expect_eq "$what: $TCP_MB MB, SHA-256 equal ($(( (TCP_MB * 8000) / (($(date +%s%N) - start) / 1000000 + 1) )) Mbit/s)" "$TCP_WANT" "$got"
}
