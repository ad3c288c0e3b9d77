#!/usr/bin/env bash
# pclsim catalog: the table, filters, sort orders, formats, storage prices,
# provenance, private prices and the errors for unknown names.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$PCLSIM" catalog --help
expect_out "--sort" "$PCLSIM" catalog --help

# The table for a region, with prices from the data.
expect_out "c5n.18xlarge" "$PCLSIM" catalog --family c5n
expect_out "3.8880" "$PCLSIM" catalog --family c5n
expect_out "4.3920" "$PCLSIM" catalog --family c5n --region eu-west-1
expect_out "4.8960" "$PCLSIM" catalog --family c5n --region ap-northeast-1
expect_out "7 instance types in us-east-1" "$PCLSIM" catalog --family c5n

# Filters: every listed type has EFA, >= 96 vCPUs, a GPU.
"$PCLSIM" catalog --efa --min-vcpus 96 --csv >"$TMP/efa.csv"
checks=$((checks + 1))
awk -F, 'NR > 1 && ($12 != 1 || $4 < 96) { bad = 1 } END { exit bad }' "$TMP/efa.csv" ||
	fail "--efa --min-vcpus 96 listed a type without EFA or with fewer vCPUs"
"$PCLSIM" catalog --gpu --csv >"$TMP/gpu.csv"
checks=$((checks + 1))
awk -F, 'NR > 1 && $8 < 1 { bad = 1 } END { exit bad || NR < 10 }' "$TMP/gpu.csv" ||
	fail "--gpu listed a type without a GPU (or too few types)"

# Sorted by price: the On-Demand column never decreases.
"$PCLSIM" catalog --family m7i --sort price --csv >"$TMP/price.csv"
checks=$((checks + 1))
awk -F, 'NR > 2 && $15 + 0 < prev { bad = 1 } NR > 1 { prev = $15 + 0 } END { exit bad }' \
	"$TMP/price.csv" || fail "--sort price is not ascending"
# Sorted by interruption: the least interrupted bucket comes first.
expect_out "<5%" "$PCLSIM" catalog --family c5 --sort interruption
checks=$((checks + 1))
"$PCLSIM" catalog --family c5 --sort interruption | sed -n 2p | grep -q '<5%' ||
	fail "--sort interruption does not start with the <5% bucket"

# JSON is well formed and carries the data date.
"$PCLSIM" catalog --type m5.large --json >"$TMP/m5.json"
checks=$((checks + 1))
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d["instance_types"][0]; assert t["ondemand_usd_per_hour"]==0.096 and t["vcpus"]==2 and "2026-07-20" in d["data_date"]' \
	"$TMP/m5.json" || fail "JSON for m5.large is wrong"

# Storage and provenance.
expect_out "PERSISTENT_2-125" "$PCLSIM" catalog --storage
expect_out "corroborated" "$PCLSIM" catalog --storage
expect_out "page-cross-check" "$PCLSIM" catalog --storage --region ap-northeast-1
expect_out "gp3" "$PCLSIM" catalog --storage --region eu-west-1 --csv
expect_out "2025-06-28" "$PCLSIM" catalog --about
expect_out "Apache-2.0" "$PCLSIM" catalog --about
expect_out "DERIVED" "$PCLSIM" catalog --about

# Private prices.
cat >"$TMP/prices.csv" <<'CSV'
instance_type,region,ondemand_usd_per_hour,discount_pct
*,*,,10
c5n.18xlarge,us-east-1,3.00,
CSV
expect_out "3.0000" "$PCLSIM" catalog --type c5n.18xlarge --catalog "$TMP/prices.csv"
expect_out "0.0864" "$PCLSIM" catalog --type m5.large --catalog "$TMP/prices.csv"
expect_out "Private prices" "$PCLSIM" catalog --about --catalog "$TMP/prices.csv"
printf 'instance_type,region,ondemand_usd_per_hour\nc5n.18xlage,us-east-1,3\n' >"$TMP/bad.csv"
expect_status 1 "$PCLSIM" catalog --catalog "$TMP/bad.csv"
expect_err "bad.csv:2: error: field 'instance_type'" "$PCLSIM" catalog --catalog "$TMP/bad.csv"
expect_err "c5n.18xlarge" "$PCLSIM" catalog --catalog "$TMP/bad.csv"
expect_status 1 "$PCLSIM" catalog --catalog "$TMP/missing.csv"

# Unknown names: exit 1 with the nearest names; bad options: exit 2.
expect_status 1 "$PCLSIM" catalog --family c7x
expect_err "did you mean c7a" "$PCLSIM" catalog --family c7x
expect_status 1 "$PCLSIM" catalog --region us-est-1
expect_err "did you mean us-east-1" "$PCLSIM" catalog --region us-est-1
expect_status 1 "$PCLSIM" catalog --type c5n.18xlage
expect_err "c5n.18xlarge" "$PCLSIM" catalog --type c5n.18xlage
expect_status 2 "$PCLSIM" catalog --sort cheapest
expect_status 2 "$PCLSIM" catalog --min-vcpus lots
expect_status 2 "$PCLSIM" catalog --region
expect_status 2 "$PCLSIM" catalog --frobnicate
finish
