# shellcheck shell=bash
# Assertions for the shell tests: each prints what it checked, and fails the
# test (exit 1, which runs the lab's teardown trap) with what it saw.

pass() { echo "  ok: $*"; }
fail() { echo "  FAIL: $*" >&2; exit 1; }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] && pass "$1" || fail "$1: expected '$2', got '$3'"
}

# expect_match WHAT REGEX TEXT
expect_match() {
	if grep -Eq -- "$2" <<<"$3"; then pass "$1"; else fail "$1: /$2/ not found in: $3"; fi
}

expect_no_match() {
	if grep -Eq -- "$2" <<<"$3"; then fail "$1: /$2/ unexpectedly in: $3"; else pass "$1"; fi
}

