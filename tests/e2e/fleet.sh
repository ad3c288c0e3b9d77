#!/usr/bin/env bash
# The fleet end to end: Spot interruptions and requeues in the summary, JSON
# and DB; insufficient capacity disabling a compute resource for 600 s;
# --seed; --replications with mean +/- CI, every replication in the JSON
# and the DB, and the same bytes on 1 and 2 threads; scenario errors.
. "$(dirname "$0")/lib.bash"

FIX=$SRC/tests/fixtures/fleet
CFG=$FIX/two-crs.yaml
TRACE=$FIX/small-jobs.csv

printf 'seed: 5\nspot: {rate_multiplier: 50000}\n' > "$TMP/spot.yaml"
expect_out "Spot interruption" "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/spot.yaml" --check
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/spot.yaml" --json "$TMP/a.json" --db "$TMP/a.db" -q
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/spot.yaml" --json "$TMP/b.json" -q
cmp -s "$TMP/a.json" "$TMP/b.json" || fail "same seed, different JSON"
n=$(sed -n 's/.*"spot_interruptions": \([0-9]*\).*/\1/p' "$TMP/a.json" | head -1)
[ "${n:-0}" -gt 0 ] || fail "no interruption in the JSON ($n)"
[ "$(sqlite3 "$TMP/a.db" "select count(*) from nodes where end_reason = 'spot-interruption'")" = "$n" ] \
	|| fail "DB and JSON disagree on interruptions"
[ "$(sqlite3 "$TMP/a.db" "select count(*) from events where kind = 'spot_interrupt'")" = "$n" ] \
	|| fail "interruption events missing in the DB"
# --seed overrides the scenario's: another seed, other draws.
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/spot.yaml" --seed 6 --json "$TMP/c.json" -q
cmp -s "$TMP/a.json" "$TMP/c.json" && fail "--seed changed nothing"
grep -q '"seed": 6' "$TMP/c.json" || fail "--seed 6 not recorded"

# On-Demand: nothing is interrupted.
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/spot.yaml" \
	--set 'Scheduling.SlurmQueues[0].CapacityType=ONDEMAND' --json "$TMP/od.json" -q
grep -q '"spot_interruptions": 0' "$TMP/od.json" || fail "On-Demand run was interrupted"

# Insufficient capacity on the first compute resource: disabled at the
# first resume call (30 s) and enabled 600 s later.
printf 'spot:\n  pools:\n    - {instance_type: c5.large, launch_fail_prob: 0.999999}\n' > "$TMP/ice.yaml"
expect_out "failed launches" "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/ice.yaml" --check
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/ice.yaml" --db "$TMP/ice.db" -q
[ "$(sqlite3 "$TMP/ice.db" "select time_ms from events where kind = 'cr_disabled' limit 1")" = 30000 ] \
	|| fail "compute resource not disabled at 30 s"
[ "$(sqlite3 "$TMP/ice.db" "select time_ms from events where kind = 'cr_enabled' limit 1")" = 630000 ] \
	|| fail "compute resource not enabled at 630 s"
[ "$(sqlite3 "$TMP/ice.db" "select count(*) from jobs where cr != 1")" = 0 ] \
	|| fail "jobs did not fail over to the second compute resource"

# Replications: mean +/- CI; JSON and DB carry all of them; threads do not
# change the bytes.
expect_out "+/-" "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/spot.yaml" --replications 4
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/spot.yaml" --replications 8 --threads 2 --json "$TMP/r2.json" --db "$TMP/r.db" -q
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/spot.yaml" --replications 8 --threads 1 --json "$TMP/r1.json" -q
cmp -s "$TMP/r1.json" "$TMP/r2.json" || fail "--threads changed the replications' JSON"
[ "$(grep -c '"replication":' "$TMP/r2.json")" = 8 ] || fail "JSON lacks replications"
[ "$(sqlite3 "$TMP/r.db" "select group_concat(replication) from runs")" = "0,1,2,3,4,5,6,7" ] \
	|| fail "DB lacks replications"
grep -q '"ci95_half_width"' "$TMP/r2.json" || fail "JSON lacks the interval"

# Usage and input errors.
expect_status 2 "$PCLSIM" --config "$CFG" --trace "$TRACE" --replications 0
expect_status 2 "$PCLSIM" --config "$CFG" --trace "$TRACE" --replications 2 --jobs "$TMP/j.csv"
expect_status 2 "$PCLSIM" --config "$CFG" --trace "$TRACE" --seed -1
printf 'boot: {latency_s: 100, median_s: 200}\n' > "$TMP/bad.yaml"
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/bad.yaml"
printf 'spot:\n  rate_multiplyer: 2\n' > "$TMP/bad2.yaml"
expect_err "bad2.yaml:2:3: error: spot.rate_multiplyer: unknown key" "$PCLSIM" --config "$CFG" --trace "$TRACE" --scenario "$TMP/bad2.yaml"

finish
