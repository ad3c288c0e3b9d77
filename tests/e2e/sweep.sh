#!/usr/bin/env bash
# pclsim sweep, plan and merge: a 20-point sweep on 2 threads equals the
# sequential one (stdout and DB); 3 shards merged equal the unsharded sweep;
# the Pareto front; instance-type globs; plan's choice meets its target and
# no cheaper point does; merge refuses bad inputs and leaves OUT alone.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/whatif_fixture.bash"
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 command"; exit 77; }
C=$TMP/c.yaml
T=$TMP/t.csv
SPACE=(--config "$C" --trace "$T" --max-count 1,2,4,8,16
       --instance-types c6i.4xlarge,c6i.8xlarge,c7i.4xlarge,m6i.4xlarge)

# Same results on 1 and 2 threads, byte for byte.
expect_status 0 "$PCLSIM" sweep "${SPACE[@]}" --threads 1 --db "$TMP/seq.db" -q
cp "$TMP/out" "$TMP/seq.txt"
expect_status 0 "$PCLSIM" sweep "${SPACE[@]}" --threads 2 --db "$TMP/par.db" -q
checks=$((checks + 2))
cmp -s "$TMP/seq.txt" "$TMP/out" || fail "sweep output differs between 1 and 2 threads"
[ "$(sqlite3 "$TMP/seq.db" .dump | md5sum)" = "$(sqlite3 "$TMP/par.db" .dump | md5sum)" ] ||
	fail "sweep DB differs between 1 and 2 threads"
grep -q '^sweep: 20 points: InstanceType x 4, MaxCount x 5; 1 replication each$' "$TMP/seq.txt" ||
	fail "sweep header: $(head -1 "$TMP/seq.txt")"
checks=$((checks + 1))
[ "$(sqlite3 "$TMP/seq.db" 'SELECT COUNT(*) FROM runs')" = 20 ] || fail "not 20 runs"

# The front: the cheapest point that ran every job is on it, and nothing on
# it is dominated by another point of the table.
checks=$((checks + 1))
awk '/^Pareto front/ {f = 1; next} f && $1 ~ /^[0-9]+$/ {print $4, $5}' "$TMP/seq.txt" > "$TMP/front"
[ -s "$TMP/front" ] || fail "no Pareto front printed"
sqlite3 "$TMP/seq.db" "SELECT total_usd, makespan_ms FROM runs WHERE rejected + pending + node_fail = 0" > "$TMP/all"
sqlite3 "$TMP/seq.db" "SELECT a.label FROM runs a WHERE a.rejected + a.pending + a.node_fail = 0
	AND NOT EXISTS (SELECT 1 FROM runs b WHERE b.rejected + b.pending + b.node_fail = 0
	AND b.total_usd <= a.total_usd AND b.makespan_ms <= a.makespan_ms
	AND (b.total_usd < a.total_usd OR b.makespan_ms < a.makespan_ms)) ORDER BY a.total_usd, a.id" > "$TMP/front.sql"
awk '/^Pareto front/ {f = 1; next} f && $1 ~ /^[0-9]+$/ {print $2, $3}' "$TMP/seq.txt" > "$TMP/front.txt"
cmp -s "$TMP/front.sql" "$TMP/front.txt" ||
	fail "printed front differs from the DB's: $(paste -d '|' "$TMP/front.sql" "$TMP/front.txt")"

# Three shards merged equal the unsharded sweep (run ids aside).
for k in 1 2 3; do
	expect_status 0 "$PCLSIM" sweep "${SPACE[@]}" --shard "$k/3" --db "$TMP/s$k.db" -q
done
expect_out "shard 3/3 runs 6 of them" "$PCLSIM" sweep "${SPACE[@]}" --shard 3/3 -q
expect_out "20 runs" "$PCLSIM" merge "$TMP/merged.db" "$TMP/s1.db" "$TMP/s2.db" "$TMP/s3.db"
content() {   # every table's rows without run ids, by label
	local t cols
	for t in runs jobs job_nodes nodes events timeseries costs; do
		cols=$(sqlite3 "$1" "SELECT group_concat('t.\"' || name || '\"') FROM pragma_table_info('$t') WHERE name NOT IN ('id', 'run_id')")
		if [ "$t" = runs ]; then
			sqlite3 "$1" "SELECT $cols FROM runs t ORDER BY t.label, t.replication"
		else
			sqlite3 "$1" "SELECT r.label, r.replication, $cols FROM $t t JOIN runs r ON r.id = t.run_id ORDER BY r.label, r.replication, t.rowid"
		fi
	done
}
checks=$((checks + 2))
[ "$(content "$TMP/seq.db" | md5sum)" = "$(content "$TMP/merged.db" | md5sum)" ] ||
	fail "merged shards differ from the unsharded sweep"
[ "$(sqlite3 "$TMP/merged.db" 'SELECT MIN(id) || "-" || MAX(id) FROM runs')" = 1-20 ] ||
	fail "merged run ids not 1-20"

# merge: bad inputs fail and leave OUT as it was.
cp "$TMP/merged.db" "$TMP/keep.db"
expect_status 1 "$PCLSIM" merge "$TMP/merged.db" "$TMP/s1.db" "$C"
expect_err "c.yaml: file is not a database" "$PCLSIM" merge "$TMP/merged.db" "$TMP/s1.db" "$C"
sqlite3 "$TMP/other.db" "CREATE TABLE runs (id INTEGER)"
expect_err "other.db: not a pclsim results DB" "$PCLSIM" merge "$TMP/merged.db" "$TMP/s1.db" "$TMP/other.db"
expect_status 1 "$PCLSIM" merge "$TMP/merged.db" "$TMP/nope.db"
expect_status 1 "$PCLSIM" merge "$TMP/s1.db" "$TMP/s1.db"
checks=$((checks + 1))
cmp -s "$TMP/merged.db" "$TMP/keep.db" || fail "a failed merge changed OUT"
expect_status 2 "$PCLSIM" merge "$TMP/m.db"
expect_status 2 "$PCLSIM" merge --force "$TMP/m.db" "$TMP/s1.db"

# Instance-type globs keep the types offered in the config's Region.
expect_out "InstanceType x 4" "$PCLSIM" sweep --config "$C" --trace "$T" \
	--set Region=us-east-2 --instance-types 'hpc7a.*' -q
expect_status 1 "$PCLSIM" sweep --config "$C" --trace "$T" --instance-types 'hpc7a.*'
expect_err "'hpc7a.*' matches no instance type offered in us-east-1" \
	"$PCLSIM" sweep --config "$C" --trace "$T" --instance-types 'hpc7a.*'
expect_status 1 "$PCLSIM" sweep --config "$C" --trace "$T" --instance-types 'c6i.4xlarg'
expect_err "did you mean" "$PCLSIM" sweep --config "$C" --trace "$T" --instance-types 'c6i.4xlarg'
expect_status 1 "$PCLSIM" sweep --config "$C" --trace "$T" --instance-types 'zz9.*'
expect_status 2 "$PCLSIM" sweep --config "$C" --trace "$T" --shard 4/3
expect_status 2 "$PCLSIM" sweep --config "$C" --trace "$T" --plots "$TMP/p"
expect_status 1 "$PCLSIM" sweep --config "$C" --trace "$T" --axis "$CR.MaxCont=1,2"

# plan: the choice meets the target and no cheaper point does.
expect_status 0 "$PCLSIM" plan "${SPACE[@]}" --target 'makespan<=2h30m' -q
checks=$((checks + 1))
choice=$(sed -n 's/^choice: //p' "$TMP/out")
best=$(sqlite3 "$TMP/seq.db" "SELECT label FROM runs WHERE makespan_ms <= 9000000
	AND rejected + pending + node_fail = 0 ORDER BY total_usd, makespan_ms, id LIMIT 1")
[ -n "$choice" ] && [ "$choice" = "$best" ] || fail "plan chose '$choice', the DB says '$best'"
grep -q "cheaper points that do not qualify" "$TMP/out" || fail "plan shows no losers"
expect_status 1 "$PCLSIM" plan "${SPACE[@]}" --target 'makespan<=10m' -q
expect_out "no point of the space" "$PCLSIM" plan "${SPACE[@]}" --target 'makespan<=10m' -q
expect_status 1 "$PCLSIM" plan "${SPACE[@]}" --target 'makespan<=4h' --budget 0.5 -q
expect_status 2 "$PCLSIM" plan "${SPACE[@]}"
expect_status 2 "$PCLSIM" plan "${SPACE[@]}" --target 'makespan<4h'
expect_status 0 "$PCLSIM" plan "${SPACE[@]}" --target 'p95-wait<=2h' --target 'deadline=3h' -q
finish
