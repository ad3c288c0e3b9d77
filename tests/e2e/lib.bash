# Helpers for the end-to-end CLI tests (sourced).  PCLSIM, SRC and REF come
# from ctest's environment.  A failed expectation is counted and reported;
# finish exits 1 if any failed.
set -u
: "${PCLSIM:?set PCLSIM to the pclsim binary}"
: "${SRC:?set SRC to the source tree}"
REF=${REF:-$SRC/../shared/reference}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect_status CODE CMD...
expect_status() {
	local want=$1; shift
	checks=$((checks + 1))
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	[ "$got" = "$want" ] || fail "exit $got (wanted $want): $* -- $(head -c 400 "$TMP/err")"
}
# expect_out TEXT CMD...: stdout contains TEXT
expect_out() {
	local text=$1; shift
	checks=$((checks + 1))
	"$@" >"$TMP/out" 2>"$TMP/err"
	grep -qF -- "$text" "$TMP/out" || fail "stdout lacks '$text': $*"
}
# expect_err TEXT CMD...: stderr contains TEXT
expect_err() {
	local text=$1; shift
	checks=$((checks + 1))
	"$@" >"$TMP/out" 2>"$TMP/err"
	grep -qF -- "$text" "$TMP/err" || fail "stderr lacks '$text': $* -- $(head -c 400 "$TMP/err")"
}
# need_ref PATH: skip the whole script (status 77) when reference data is absent
need_ref() {
	[ -e "$REF/$1" ] || { echo "SKIP: $REF/$1 not present"; exit 77; }
}
finish() {
	echo "$checks checks, $failures failed"
	[ "$failures" = 0 ]
}
