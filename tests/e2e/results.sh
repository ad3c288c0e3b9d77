#!/usr/bin/env bash
# pclsim run --json/--db: the JSON is valid and byte-identical for the same
# inputs; the results DB answers SQL with the JSON's figures, keeps its old
# runs when more are added, and is left alone when it is not a results DB;
# output paths that are directories or inputs are refused.
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "SKIP: python3 (JSON and SQLite checks) not found"; exit 77; }
FIX=$SRC/tests/fixtures/results
RUN=("$PCLSIM" run --config "$FIX/two-queues.yaml" --trace "$FIX/jobs.csv")

expect_status 0 "${RUN[@]}" -q --json "$TMP/a.json" --db "$TMP/r.db" --label first
expect_status 0 "${RUN[@]}" -q --json "$TMP/b.json" --label first
checks=$((checks + 1))
cmp -s "$TMP/a.json" "$TMP/b.json" || fail "same inputs, different JSON bytes"
expect_out "Cost (USD, us-east-1 prices" "${RUN[@]}"
expect_out "CostCenter=cc-spot" "${RUN[@]}"

# Every figure checked below comes from both files.
checks=$((checks + 1))
python3 - "$TMP/a.json" "$TMP/r.db" <<'PY' || fail "the results DB disagrees with the JSON"
import json, sqlite3, sys
doc = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
q = lambda sql, *a: db.execute(sql, a).fetchall()
errors = []
def same(what, a, b):
    if a != b:
        errors.append(f"{what}: JSON {a!r} vs DB {b!r}")
c = doc["cost"]
assert doc["schema_version"] == 1
(run,) = q("SELECT id, label, total_usd, compute_usd, storage_usd, idle_usd, jobs,"
           " makespan_ms, config_sha256, trace_sha256, seed, policy FROM runs")
same("label", "first", run[1])
same("total", round(c["total_usd"] * 100), round(run[2] * 100))
same("compute", round(c["compute_usd"] * 100), round(run[3] * 100))
same("storage", round(c["storage_usd"] * 100), round(run[4] * 100))
same("idle", round(c["idle_usd"] * 100), round(run[5] * 100))
same("jobs", doc["summary"]["jobs"]["total"], run[6])
same("makespan", round(doc["summary"]["makespan_s"] * 1000), run[7])
inputs = {i["role"]: i["sha256"] for i in doc["run"]["inputs"]}
same("config digest", inputs["config"], run[8])
same("trace digest", inputs["trace"], run[9])
same("seed", doc["run"]["seed"], run[10])
same("policy", doc["run"]["policy"], run[11])
# The breakdown, row for row and in order.
rows = [(cat, key, round(usd * 100)) for cat, keys in c["breakdown"].items()
        for key, usd in keys.items()]
same("breakdown", rows, q("SELECT category, key, cents FROM costs ORDER BY rowid"))
# Each partition sums to what it partitions.
cents = {(cat, key): v for cat, key, v in rows}
total = cents[("total", "total")]
for cat, whole in [("part", total), ("item", total),
                   ("queue", cents[("part", "compute")]),
                   ("capacity", cents[("part", "compute")]),
                   ("usage", cents[("part", "compute")]),
                   ("user", cents[("usage", "jobs")]),
                   ("account", cents[("usage", "jobs")])]:
    same(f"sum of {cat}", whole, sum(v for (k, _), v in cents.items() if k == cat))
same("Project tag", total, cents[("tag", "Project=atlas")])
same("CostCenter tag", cents[("queue", "spot")], cents[("tag", "CostCenter=cc-spot")])
same("existing FSx not billed", False, ("storage", "data") in cents)
for qd in doc["queues"]:
    same("queue " + qd["name"], round(qd["cost_usd"] * 100), cents[("queue", qd["name"])])
# Records: per-job and per-life costs add up to the rounded bill.
(jobs_usd,) = q("SELECT sum(cost_usd) FROM jobs")[0]
same("jobs cost", round(c["jobs_usd"] * 100), round(jobs_usd * 100))
(lives_usd,) = q("SELECT sum(cost_usd) FROM nodes")[0]
if abs(lives_usd * 100 - c["compute_usd"] * 100) > 0.5 * len(c["items"]):
    errors.append(f"node lives {lives_usd} vs compute {c['compute_usd']}")
# Every job ran on nodes that had an instance while it ran.
(bad,) = q("SELECT count(*) FROM job_nodes jn JOIN jobs j USING (run_id, job_id)"
           " WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.run_id = jn.run_id"
           " AND n.node = jn.node AND n.launch_ms <= j.start_ms"
           " AND j.end_ms <= n.end_ms)")[0]
same("jobs outside node lives", 0, bad)
same("events", True, q("SELECT count(*) FROM events")[0][0] > 0)
same("timeseries", True, q("SELECT count(*) FROM timeseries")[0][0] > 0)
for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY

# A second run is appended; the first stays as it was.
expect_status 0 "${RUN[@]}" -q --db "$TMP/r.db" --label second \
	--set 'Scheduling.SlurmQueues[0].ComputeResources[0].MinCount=0'
checks=$((checks + 1))
python3 - "$TMP/r.db" <<'PY' || fail "second run not appended as expected"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
runs = db.execute("SELECT id, label, overrides FROM runs ORDER BY id").fetchall()
assert [r[1] for r in runs] == ["first", "second"], runs
assert "MinCount=0" in runs[1][2], runs
assert db.execute("SELECT count(DISTINCT run_id) FROM jobs").fetchone()[0] == 2
PY

# A file that is not a results DB is refused and left untouched.
echo "not a database" >"$TMP/notes.txt"
expect_status 1 "${RUN[@]}" -q --db "$TMP/notes.txt"
expect_err "not a results DB" "${RUN[@]}" -q --db "$TMP/notes.txt"
checks=$((checks + 1))
[ "$(cat "$TMP/notes.txt")" = "not a database" ] || fail "notes.txt was modified"
# Output paths that are directories or inputs are refused before running
# (bad input, exit 1; usage errors stay 2).
expect_status 1 "${RUN[@]}" -q --json "$TMP"
expect_status 1 "${RUN[@]}" -q --db "$FIX/jobs.csv"
expect_err "refusing to overwrite an input" "${RUN[@]}" -q --json "$FIX/two-queues.yaml"
checks=$((checks + 1))
ls "$TMP" | grep -q '\.tmp\.' && fail "temporary files left behind"
finish
