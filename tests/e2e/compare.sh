#!/usr/bin/env bash
# pclsim compare: a config against itself differs by zero; doubling MaxCount
# on a saturated workload shortens the makespan significantly; --variant and
# the single-config form; --db keeps every run; usage and input errors.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/whatif_fixture.bash"
C=$TMP/c.yaml
T=$TMP/t.csv

# Itself: every delta is exactly 0 and nothing is significant.
expect_status 0 "$PCLSIM" compare --config "$C" --config "$C" --trace "$T" \
	--replications 3 -q
checks=$((checks + 1))
awk '/^difference from/ {d = 1; next} /^95%/ {d = 0} d && NR > 1 && !/^metric/ && NF {
	if ($NF != "0") bad = 1 } END { exit bad }' "$TMP/out" ||
	fail "self-compare has a non-zero delta: $(cat "$TMP/out")"
grep -q ' \*$' "$TMP/out" && fail "self-compare calls something significant"
expect_out "c #2" "$PCLSIM" compare --config "$C" --config "$C" --trace "$T"

# Doubling MaxCount: the makespan falls by about half, significantly.
expect_status 0 "$PCLSIM" compare --config "$C" --name max4 \
	--config "$C" --set "$CR.MaxCount=8" --name max8 --trace "$T" --replications 2
checks=$((checks + 1))
mk4=$(awk '$1 == "makespan" {print $2; exit}' "$TMP/out")
mk8=$(awk '$1 == "makespan" {print $6; exit}' "$TMP/out")
[ "$mk4" = 4h ] && [ "$mk8" = 2h ] || fail "makespans $mk4 / $mk8, wanted 4h / 2h: $(head -5 "$TMP/out")"
grep -Eq '^makespan +-1h 5[0-9]m \*$' "$TMP/out" ||
	fail "makespan delta not a significant -1h 5xm: $(grep '^makespan' "$TMP/out")"
grep -q 'makespan .*significant' "$TMP/out" || fail "no interval line for makespan"

# One --config with --set: the plain file is the baseline.
expect_out "c MaxCount=8" "$PCLSIM" compare --config "$C" --set "$CR.MaxCount=8" --trace "$T"
grep -q '^metric  *c  *c MaxCount=8$' "$TMP/out" || fail "single-config header: $(sed -n 3p "$TMP/out")"

# --variant derives from the first --config.
expect_out "spot8" "$PCLSIM" compare --config "$C" --variant \
	"spot8: --set Scheduling.SlurmQueues[0].CapacityType=SPOT $CR.MaxCount=8" --trace "$T"
grep -Eq '^  compute Spot +\$0\.00 +\$[1-9]' "$TMP/out" || fail "spot variant has no Spot cost: $(grep Spot "$TMP/out")"

# --db: every run, labelled, with its replication index.
expect_status 0 "$PCLSIM" compare --config "$C" --name a --config "$C" \
	--set "$CR.MaxCount=8" --name b --trace "$T" --replications 2 --db "$TMP/c.db"
if command -v sqlite3 >/dev/null; then
	checks=$((checks + 1))
	got=$(sqlite3 "$TMP/c.db" "SELECT group_concat(label || replication, ' ') FROM runs")
	[ "$got" = "a0 a1 b0 b1" ] || fail "runs in the DB: $got"
fi

# Errors.
expect_status 2 "$PCLSIM" compare --config "$C" --trace "$T"
expect_err "two or more configurations" "$PCLSIM" compare --config "$C" --trace "$T"
expect_status 2 "$PCLSIM" compare --set "$CR.MaxCount=8" --config "$C" --trace "$T"
expect_err "put it after the --config" "$PCLSIM" compare --set "$CR.MaxCount=8" --config "$C" --trace "$T"
expect_status 2 "$PCLSIM" compare --config "$C" --config "$C"
expect_status 2 "$PCLSIM" compare --config "$C" --variant "nocolon" --trace "$T"
expect_status 1 "$PCLSIM" compare --config "$C" --set "$CR.MaxCont=8" --trace "$T"
expect_err "MaxCont" "$PCLSIM" compare --config "$C" --set "$CR.MaxCont=8" --trace "$T"
expect_status 1 "$PCLSIM" compare --config "$C" --set "$CR.MaxCount=-3" --trace "$T"
expect_status 1 "$PCLSIM" compare --config "$C" --config "$TMP/missing.yaml" --trace "$T"
expect_status 0 "$PCLSIM" compare --help
expect_out "--variant" "$PCLSIM" compare --help
finish
