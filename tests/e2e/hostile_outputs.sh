#!/usr/bin/env bash
# Output files are never clobbered by a failed run, and an output path that
# is a directory or the same file as an input is refused before any work.
# Checked for every file-writing option the commands have: `trace convert
# -o` and, when `run` is built, --jobs, --json and --db (each one only if
# `run --help` lists it).
. "$(dirname "$0")/lib.bash"

H=$SRC/tests/fixtures/hostile
CONFIG=$H/valid.yaml
GOOD=$TMP/good.csv
BAD=$H/non-numeric-runtime.csv
printf 'job_id,submit,runtime,cpus\n1,0,60,2\n2,10,60,4\n' >"$GOOD"
mkdir "$TMP/dir"

# keeps FILE CMD...: CMD fails (exit 1 or 2) and FILE is byte for byte as it
# was, with no temporary file left beside it.
keeps() {
	local file=$1; shift
	checks=$((checks + 1))
	cp -- "$file" "$TMP/before"
	"$@" >"$TMP/out" 2>"$TMP/err"
	local rc=$?
	[ "$rc" = 1 ] || [ "$rc" = 2 ] || fail "exit $rc (wanted a failure): $*"
	cmp -s "$file" "$TMP/before" || fail "$file was changed by: $*"
	ls "$file".tmp.* >/dev/null 2>&1 && fail "a temporary file was left beside $file by: $*"
}

# ---- trace convert -o ----------------------------------------------------
printf 'precious\n' >"$TMP/convert.csv"
keeps "$TMP/convert.csv" "$PCLSIM" trace convert "$BAD" --to csv -o "$TMP/convert.csv"
expect_err "non-numeric-runtime.csv:2:5" "$PCLSIM" trace convert "$BAD" --to csv -o "$TMP/convert.csv"
expect_status 1 "$PCLSIM" trace convert "$GOOD" --to csv -o "$TMP/dir"
expect_err "is a directory" "$PCLSIM" trace convert "$GOOD" --to csv -o "$TMP/dir"
keeps "$GOOD" "$PCLSIM" trace convert "$GOOD" --to csv -o "$GOOD"
expect_err "refusing to overwrite an input" "$PCLSIM" trace convert "$GOOD" --to csv -o "$GOOD"
# The same file under another name is still the input.
ln -s "$GOOD" "$TMP/alias.csv"
keeps "$GOOD" "$PCLSIM" trace convert "$GOOD" --to csv -o "$TMP/alias.csv"
# A successful convert replaces the file whole.
expect_status 0 "$PCLSIM" trace convert "$GOOD" --to csv -o "$TMP/convert.csv"
grep -q '^job_id' "$TMP/convert.csv" || fail "convert did not write $TMP/convert.csv"

# ---- run --jobs / --json / --db ------------------------------------------
if ! "$PCLSIM" run --help 2>&1 | grep -q 'not built yet'; then
	for opt in --jobs --json --db; do
		"$PCLSIM" run --help 2>&1 | grep -q -- "$opt" || continue
		out=$TMP/out$opt
		printf 'precious\n' >"$out"
		# A failed run (bad trace row) leaves the old output alone.
		keeps "$out" "$PCLSIM" run --config "$CONFIG" --trace "$BAD" "$opt" "$out"
		# A failed check (bad config) too.
		keeps "$out" "$PCLSIM" run --config "$H/maxcount-overflow.yaml" --trace "$GOOD" "$opt" "$out"
		# Directories and inputs are refused, naming the option and path.
		expect_err "is a directory" "$PCLSIM" run --config "$CONFIG" --trace "$GOOD" "$opt" "$TMP/dir"
		expect_err "$opt" "$PCLSIM" run --config "$CONFIG" --trace "$GOOD" "$opt" "$TMP/dir"
		keeps "$GOOD" "$PCLSIM" run --config "$CONFIG" --trace "$GOOD" "$opt" "$GOOD"
		expect_err "refusing to overwrite an input" "$PCLSIM" run --config "$CONFIG" --trace "$GOOD" "$opt" "$GOOD"
		keeps "$CONFIG" "$PCLSIM" run --config "$CONFIG" --trace "$GOOD" "$opt" "$CONFIG"
	done
fi
finish
