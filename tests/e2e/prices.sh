#!/usr/bin/env bash
# Private prices in the run commands: pclsim run --catalog FILE and the
# scenario's prices:/speed_index: sections change the cost, and the JSON and
# the results DB record which prices were used (data date, sources, the
# private-price note, the catalog file's digest); pclsim validate --catalog
# shows the same prices; bad files exit 1 naming file and line.
. "$(dirname "$0")/lib.bash"

CFG=$SRC/configs/examples/article-spot-fsx.yaml
TRACE=$SRC/workloads/examples/small.csv

printf 'instance_type,region,discount_pct,spot_discount_pct\n*,*,50,50\n' > "$TMP/half.csv"
printf 'prices:\n  - {instance_type: "*", discount_pct: 50, spot_discount_pct: 50}\n' > "$TMP/half.yaml"

expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" -q --json "$TMP/base.json"
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" -q --catalog "$TMP/half.csv" \
	--json "$TMP/csv.json" --db "$TMP/runs.db"
expect_status 0 "$PCLSIM" --config "$CFG" --trace "$TRACE" -q --scenario "$TMP/half.yaml" \
	--json "$TMP/scen.json" --db "$TMP/runs.db"

# Compute cost halves (cents rounding aside); storage is not an instance price.
python3 - "$TMP" <<'EOF' || fail "JSON: costs or catalog record wrong"
import json, sys
t = sys.argv[1]
b, c, s = (json.load(open(f"{t}/{n}.json")) for n in ("base", "csv", "scen"))
bc, cc, sc = (x["cost"]["compute_usd"] for x in (b, c, s))
assert bc > 0 and abs(cc - bc / 2) <= 0.011 and cc == sc, (bc, cc, sc)
assert b["cost"]["storage_usd"] == c["cost"]["storage_usd"]
for x in (b, c, s):
    assert x["run"]["catalog"]["data_date"].startswith("EC2 us-east-1 20"), x["run"]["catalog"]
assert "Private prices" not in b["run"]["catalog"]["sources"]
assert f"Private prices: {t}/half.csv (1 rule," in c["run"]["catalog"]["sources"]
assert f"Private prices: {t}/half.yaml (1 rule," in s["run"]["catalog"]["sources"]
roles = {i["role"]: i for i in c["run"]["inputs"]}
assert roles["catalog"]["path"] == f"{t}/half.csv" and len(roles["catalog"]["sha256"]) == 64
assert "catalog" not in {i["role"] for i in b["run"]["inputs"]}
EOF

# The DB's runs table keeps the same record.
n=$(sqlite3 "$TMP/runs.db" "SELECT count(*) FROM runs WHERE catalog_sources LIKE '%Private prices:%' AND catalog_date LIKE 'EC2 us-east-1 %'")
[ "$n" = 2 ] || fail "runs with private prices in the DB: $n"

# validate --catalog prices the cluster with the same file.
expect_status 0 "$PCLSIM" validate --config "$CFG" --json
base_price=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["queues"][0]["compute_resources"][0]["usd_per_hour"])' < "$TMP/out" 2>/dev/null)
expect_status 0 "$PCLSIM" validate --config "$CFG" --json --catalog "$TMP/half.csv"
half_price=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["queues"][0]["compute_resources"][0]["usd_per_hour"])' < "$TMP/out" 2>/dev/null)
python3 -c "import sys; b, h = float(sys.argv[1]), float(sys.argv[2]); assert b > 0 and abs(h - b / 2) < 1e-9" \
	"$base_price" "$half_price" || fail "validate --catalog: $base_price -> $half_price"
expect_out "--catalog FILE" "$PCLSIM" validate --help
expect_out "--catalog FILE" "$PCLSIM" run --help

# Bad prices: exit 1 with file and line, for both commands and both forms.
printf 'instance_type,region,discount_pct\nc5n.18xlage,*,3\n' > "$TMP/typo.csv"
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TRACE" -q --catalog "$TMP/typo.csv"
expect_err "typo.csv:2: error: field 'instance_type': unknown instance type 'c5n.18xlage'; did you mean c5n.18xlarge" \
	"$PCLSIM" --config "$CFG" --trace "$TRACE" -q --catalog "$TMP/typo.csv"
expect_status 1 "$PCLSIM" validate --config "$CFG" --catalog "$TMP/typo.csv"
expect_err "typo.csv:2:" "$PCLSIM" validate --config "$CFG" --catalog "$TMP/typo.csv"
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TRACE" -q --catalog "$TMP/nosuch.csv"
printf 'prices:\n  - {instance_type: "*", discount_pct: 5}\n  - {instance_type: t3.micr, discount_pct: 5}\n' > "$TMP/typo.yaml"
expect_err "typo.yaml:3: error: field 'instance_type': unknown instance type 't3.micr'" \
	"$PCLSIM" --config "$CFG" --trace "$TRACE" -q --scenario "$TMP/typo.yaml"
printf 'speed_index:\n  t3.micro: -2\n' > "$TMP/speed.yaml"
expect_err "speed.yaml:2:13: error: speed_index.t3.micro" \
	"$PCLSIM" --config "$CFG" --trace "$TRACE" -q --scenario "$TMP/speed.yaml"
# An output may not overwrite the catalog file.
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TRACE" -q --catalog "$TMP/half.csv" \
	--json "$TMP/half.csv"
finish
