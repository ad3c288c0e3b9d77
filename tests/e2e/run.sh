#!/usr/bin/env bash
# pclsim run end to end: the demo, the per-job CSV, --check, policies,
# validate --slurm-conf, and the exit statuses of bad input (1) and usage (2).
. "$(dirname "$0")/lib.bash"

CFG=$SRC/configs/examples/article-spot-fsx.yaml
TRACE=$SRC/workloads/examples/small.csv

expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --check
expect_out "makespan" "$PCLSIM" --config "$CFG" --trace "$TRACE"
expect_out "1 rejected" "$PCLSIM" --config "$CFG" --trace "$TRACE"
expect_out "policy conservative" "$PCLSIM" run --config "$CFG" --trace "$TRACE" --policy conservative --check
expect_out "policy fcfs" "$PCLSIM" --config "$CFG" --trace "$TRACE" --policy fcfs --check

# --jobs: one row per job, the fixed columns, the rejected job without times.
# A fixed boot (the fleet's default draws it) so times are exact.
printf 'boot: {latency_s: 294}\n' > "$TMP/fixed.yaml"
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/fixed.yaml" --jobs "$TMP/jobs.csv" -q
[ "$(head -1 "$TMP/jobs.csv")" = "job_id,queue,submit_s,start_s,end_s,wait_s,cpus,nodes,state,requeues,cost_usd,io_s,comm_s,lost_s" ] \
	|| fail "jobs.csv header: $(head -1 "$TMP/jobs.csv")"
[ "$(wc -l < "$TMP/jobs.csv")" = 42 ] || fail "jobs.csv has $(wc -l < "$TMP/jobs.csv") lines"
grep -q '^41,spot,[0-9.]*,,,,24,0,REJECTED,0,0.000000,0,0,0$' "$TMP/jobs.csv" || fail "rejected row missing"
# The first job waits the fixed boot latency (294 s, up at 314 s), then
# (slurm, the default policy) the controller's periodic check at 330 s.
grep -q '^1,spot,20,330,510,310,3,2,COMPLETED,0,0\.000[1-9][0-9]*,0,0,0$' "$TMP/jobs.csv" || fail "job 1 row: $(sed -n 2p "$TMP/jobs.csv")"
# cost_usd: the jobs' attributed costs add up to the JSON's jobs_usd (to the cent).
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/fixed.yaml" --jobs "$TMP/jc.csv" --json "$TMP/jc.json" -q
sum=$(awk -F, 'NR > 1 { s += $11 } END { printf "%.2f", s }' "$TMP/jc.csv")
if command -v python3 >/dev/null; then
	json=$(python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["cost"]["jobs_usd"])' "$TMP/jc.json")
	[ "$sum" = "$json" ] || fail "jobs.csv cost_usd sums to $sum, JSON jobs_usd is $json"
fi
[ -s "$TMP/out" ] && fail "-q printed a summary"

# A scenario: fixed boot latency and policy.
printf 'scheduler: {policy: fcfs}\nboot: {latency_s: 60}\n' > "$TMP/scen.yaml"
expect_out "policy fcfs" "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/scen.yaml"
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/scen.yaml" --jobs "$TMP/j2.csv" -q
grep -q '^1,spot,20,80,260,60,' "$TMP/j2.csv" || fail "boot latency 60 s not applied: $(sed -n 2p "$TMP/j2.csv")"

# Bad input: exit 1 with file:line:col.
printf 'scheduler:\n  polcy: easy\n' > "$TMP/bad.yaml"
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/bad.yaml"
expect_err "bad.yaml:2:3: error: scheduler.polcy: unknown key" "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/bad.yaml"
printf 'boot: {latency_s: 2000}\n' > "$TMP/slow.yaml"
expect_err "ResumeTimeout" "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/slow.yaml"
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TMP/nosuch.csv"
expect_out "policy slurm" "$PCLSIM" --config "$CFG" --trace "$TRACE" --check
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TRACE" --policy nosuch
expect_err "unknown policy" "$PCLSIM" --config "$CFG" --trace "$TRACE" --policy nosuch
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TRACE" --queue-map a=nosuch
printf 'submit,runtime,cpus\n0,10,1\n5,x,1\n' > "$TMP/badrow.csv"
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TMP/badrow.csv"
expect_err "badrow.csv:3" "$PCLSIM" --config "$CFG" --trace "$TMP/badrow.csv"
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TMP/badrow.csv" --skip-bad-rows

# Usage errors: exit 2.
expect_status 2 "$PCLSIM" --config "$CFG"
expect_status 2 "$PCLSIM" --config "$CFG" --trace "$TRACE" --policy
expect_status 2 "$PCLSIM" --config "$CFG" --trace "$TRACE" --queue-map nonsense
# An output path that is an input is bad input (1), not usage (2).
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TRACE" --jobs "$CFG"

# The Slurm lines the simulated cluster is built from.
expect_out "NodeName=spot-dy-t3-micro-[1-10] CPUs=2 RealMemory=972 State=CLOUD Feature=dynamic,t3.micro,t3-micro Weight=1000" \
	"$PCLSIM" validate --config "$CFG" --slurm-conf
expect_out "PartitionName=spot Nodes=spot_nodes MaxTime=INFINITE State=UP Default=YES" \
	"$PCLSIM" validate --config "$CFG" --slurm-conf
finish
