#!/usr/bin/env bash
# The slurm policy end to end: the default policy, the whole-node plan that
# holds a narrow job EASY would backfill (hand-computed, as in
# tests/test_sched_slurm.c), --explain and `pclsim explain`, Slurm settings
# from CustomSlurmSettings (and a bad one named with its path), the
# scenario's timer phases.
. "$(dirname "$0")/lib.bash"

# Two static 4-CPU nodes.
cat > "$TMP/two.yaml" <<'YAML'
Region: us-east-1
Image:
  Os: alinux2
HeadNode:
  InstanceType: c6g.large
  Networking:
    SubnetId: subnet-0123456789abcdef0
Scheduling:
  Scheduler: slurm
  SlurmQueues:
    - Name: q
      Networking:
        SubnetIds:
          - subnet-0123456789abcdef0
      ComputeResources:
        - Name: cr
          InstanceType: c6g.xlarge
          MinCount: 2
          MaxCount: 2
YAML
# A fills n1 to 600 s, B half n2 to 1200 s, H (5 CPUs) can start at 600,
# N (1 CPU, 30 min) fits n2 now.  EASY backfills N at 2 s; Slurm plans H
# on both whole nodes at the 30 s cycle and holds N until 600.
cat > "$TMP/narrow.csv" <<'CSV'
job_id,submit,runtime,cpus,time_limit
1,0,600,4,600
2,0,1200,2,1200
3,1,600,5,600
4,2,1800,1,1800
CSV
C=$TMP/two.yaml
T=$TMP/narrow.csv

expect_out "policy slurm" "$PCLSIM" --config "$C" --trace "$T" --check
expect_status 0 "$PCLSIM" --config "$C" --trace "$T" --check --jobs "$TMP/s.csv" -q
grep -q '^4,q,2,600,2400,598,' "$TMP/s.csv" || fail "slurm: job 4 row: $(sed -n 5p "$TMP/s.csv")"
grep -q '^3,q,1,600,1200,599,' "$TMP/s.csv" || fail "slurm: job 3 row: $(sed -n 4p "$TMP/s.csv")"
expect_status 0 "$PCLSIM" --config "$C" --trace "$T" --policy easy --check --jobs "$TMP/e.csv" -q
grep -q '^4,q,2,2,1802,0,' "$TMP/e.csv" || fail "easy: job 4 row: $(sed -n 5p "$TMP/e.csv")"

# Why job 4 waited.
expect_out "job 3's plan" "$PCLSIM" --config "$C" --trace "$T" --explain 4 -q
expect_out "last held at the backfill cycle of 30.000 s" "$PCLSIM" explain 4 --config "$C" --trace "$T"
expect_out "started by: the main scheduler" "$PCLSIM" explain 4 --config "$C" --trace "$T"
expect_out "(planned start 1200.000 s)" "$PCLSIM" explain 4 --config "$C" --trace "$T"
expect_status 1 "$PCLSIM" --config "$C" --trace "$T" --explain 99 -q
expect_err "no job with that id" "$PCLSIM" --config "$C" --trace "$T" --explain 99 -q
expect_err "only the slurm policy" "$PCLSIM" --config "$C" --trace "$T" --explain 4 --policy easy -q
expect_status 2 "$PCLSIM" --config "$C" --trace "$T" --explain x
expect_status 2 "$PCLSIM" explain
expect_out "usage: pclsim explain" "$PCLSIM" explain --help

# Slurm settings from CustomSlurmSettings: with bf_window=5 minutes nothing
# is planned that far, still the same here (H's start at 600 s lies beyond
# 5 minutes from 30 s): N starts at the 30 s cycle.
sed 's/^  Scheduler: slurm$/  Scheduler: slurm\n  SlurmSettings:\n    CustomSlurmSettings:\n      - SchedulerParameters: bf_window=5/' "$C" > "$TMP/win.yaml"
expect_status 0 "$PCLSIM" --config "$TMP/win.yaml" --trace "$T" --check --jobs "$TMP/w.csv" -q
grep -q '^4,q,2,30,1830,28,' "$TMP/w.csv" || fail "bf_window=5: job 4 row: $(sed -n 5p "$TMP/w.csv")"
sed 's/^  Scheduler: slurm$/  Scheduler: slurm\n  SlurmSettings:\n    CustomSlurmSettings:\n      - SchedulerParameters: bf_interval=0/' "$C" > "$TMP/bad.yaml"
expect_status 1 "$PCLSIM" --config "$TMP/bad.yaml" --trace "$T"
expect_err "CustomSlurmSettings[0].SchedulerParameters: bf_interval '0' is not valid" \
	"$PCLSIM" --config "$TMP/bad.yaml" --trace "$T"

# The backfill cycle's phase from the scenario: cycles at 12, 42, ... s.
printf 'slurm: {bf_phase_s: 12}\n' > "$TMP/phase.yaml"
sed 's/^  Scheduler: slurm$/  Scheduler: slurm\n  SlurmSettings:\n    CustomSlurmSettings:\n      - SchedulerParameters: bf_window=5/' "$C" > "$TMP/win.yaml"
expect_status 0 "$PCLSIM" --config "$TMP/win.yaml" --trace "$T" --scenario "$TMP/phase.yaml" --check --jobs "$TMP/p.csv" -q
grep -q '^4,q,2,12,1812,10,' "$TMP/p.csv" || fail "bf_phase_s 12: job 4 row: $(sed -n 5p "$TMP/p.csv")"
printf 'slurm: {bf_phase_s: -1}\n' > "$TMP/badphase.yaml"
expect_err "slurm.bf_phase_s" "$PCLSIM" --config "$C" --trace "$T" --scenario "$TMP/badphase.yaml"
finish
