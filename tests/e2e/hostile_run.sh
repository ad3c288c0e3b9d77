#!/usr/bin/env bash
# `pclsim run` on inputs that leave it nothing to do: an empty trace, a
# header-only trace, a trace whose every record is skipped, and a config
# on which every job is rejected are errors (exit 1) that say what to fix;
# a run where only some jobs are rejected is a result (exit 0, counted and
# listed).  A bad output path is bad input too (exit 1, not 2).
. "$(dirname "$0")/lib.bash"

H=$SRC/tests/fixtures/hostile
CONFIG=$H/valid.yaml     # one queue 'q', compute resource 'cr': 10 x c5.2xlarge (8 CPUs)

# run_fails TEXT... -- ARGS...: exit 1, stderr holds every TEXT.
run_fails() {
	local texts=()
	while [ "$1" != -- ]; do texts+=("$1"); shift; done
	shift
	checks=$((checks + 1))
	"$PCLSIM" run "$@" >"$TMP/out" 2>"$TMP/err"
	local rc=$?
	[ "$rc" = 1 ] || fail "exit $rc (wanted 1): run $*"
	for t in "${texts[@]}"; do
		grep -qF -- "$t" "$TMP/err" || fail "stderr lacks '$t': run $* -- $(head -c 600 "$TMP/err")"
	done
	[ -s "$TMP/out" ] && fail "a summary was printed for a refused run: run $*"
}

# ---- no jobs ---------------------------------------------------------------
run_fails "empty.csv" "empty file" -- --config "$CONFIG" --trace "$H/empty.csv"
run_fails "header-only.csv: error: no jobs" -- --config "$CONFIG" --trace "$H/header-only.csv"
run_fails "header-only.sacct: error: no jobs" -- --config "$CONFIG" --trace "$H/header-only.sacct"
run_fails "empty.swf: error: no jobs" -- --config "$CONFIG" --trace "$H/empty.swf"
# Every record skipped (SWF run time -1: never ran): says why there are none.
run_fails "negative-runtime.swf: error: no jobs" "1 that never ran" -- \
	--config "$CONFIG" --trace "$H/negative-runtime.swf"
: >"$TMP/zero.csv"
run_fails "zero.csv" -- --config "$CONFIG" --trace "$TMP/zero.csv"
# With replications too.
run_fails "header-only.csv: error: no jobs" -- --config "$CONFIG" \
	--trace "$H/header-only.csv" --replications 2 --threads 1

# ---- every job rejected ----------------------------------------------------
printf 'job_id,submit,runtime,cpus,gpus,mem_mb\n7,5,60,16,1,2000\n8,0,60,400,0,\n' >"$TMP/huge.csv"
run_fails "valid.yaml: error: no job of the trace can run on this cluster" \
	"all 2 were rejected" "queue 'q'" "compute resources 'cr' (c5.2xlarge, 10 nodes)" \
	"huge.csv:3: error: job 8, the first rejected, asks for 400 CPUs" \
	"10 nodes, 80 CPUs in all" "largest node (compute resource 'cr') has 8 CPUs" -- \
	--config "$CONFIG" --trace "$TMP/huge.csv"
printf 'job_id,submit,runtime,cpus,nodes,gpus\n1,0,60,8,1,2\n' >"$TMP/gpu.csv"
run_fails "gpu.csv:2: error: job 1, the first rejected, asks for 8 CPUs on 1 node, 2 GPUs" \
	"0 GPUs" -- --config "$CONFIG" --trace "$TMP/gpu.csv"
printf 'job_id,submit,runtime,nodes\n1,0,60,11\n' >"$TMP/nodes.csv"
run_fails "nodes.csv:2: error: job 1, the first rejected, asks for 11 CPUs on 11 nodes" \
	"queue 'q' has 10 nodes" -- --config "$CONFIG" --trace "$TMP/nodes.csv"
run_fails "all 2 were rejected" -- --config "$CONFIG" --trace "$TMP/huge.csv" \
	--replications 2 --threads 1
# No output file is written for a refused run.
printf 'precious\n' >"$TMP/jobs.csv"
run_fails "all 2 were rejected" -- --config "$CONFIG" --trace "$TMP/huge.csv" \
	--jobs "$TMP/jobs.csv" -q
[ "$(cat "$TMP/jobs.csv")" = precious ] || fail "--jobs was overwritten by a refused run"

# ---- some jobs rejected: a result ------------------------------------------
printf 'job_id,submit,runtime,cpus\n1,0,60,400\n2,5,60,4\n' >"$TMP/some.csv"
expect_status 0 "$PCLSIM" run --config "$CONFIG" --trace "$TMP/some.csv"
expect_out "1 rejected" "$PCLSIM" run --config "$CONFIG" --trace "$TMP/some.csv"
expect_out "rejected          1 job no node of its queue can ever run: 1" \
	"$PCLSIM" run --config "$CONFIG" --trace "$TMP/some.csv"

# ---- a bad output path is bad input ----------------------------------------
mkdir "$TMP/dir"
for opt in --jobs --json --db; do
	expect_status 1 "$PCLSIM" run --config "$CONFIG" --trace "$TMP/some.csv" "$opt" "$TMP/dir"
	expect_err "pclsim: $opt: " "$PCLSIM" run --config "$CONFIG" --trace "$TMP/some.csv" "$opt" "$TMP/dir"
	expect_status 1 "$PCLSIM" run --config "$CONFIG" --trace "$TMP/some.csv" "$opt" "$TMP/some.csv"
done
# The option named is the one that is wrong, whichever others are given.
expect_err "pclsim: --db: " "$PCLSIM" run --config "$CONFIG" --trace "$TMP/some.csv" \
	--json "$TMP/ok.json" --db "$TMP/dir"
finish
