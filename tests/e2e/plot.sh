#!/usr/bin/env bash
# pclsim plot and run --plots/--report through the CLI: usage errors, a bad
# DB, the fixture DB drawn to PNG and SVG, the report written without
# network references, and the message and exit statuses without gnuplot.
. "$(dirname "$0")/lib.bash"
FIX=$SRC/tests/fixtures/plots
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 CLI to load the fixture"; exit 77; }
sqlite3 "$TMP/fx.db" <"$FIX/fixture.sql"

expect_status 0 "$PCLSIM" plot --help
expect_out "--gantt-max-nodes" "$PCLSIM" plot --help
expect_status 2 "$PCLSIM" plot
expect_status 2 "$PCLSIM" plot --db "$TMP/fx.db"
expect_status 2 "$PCLSIM" plot --db "$TMP/fx.db" --out "$TMP/p" --format gif
expect_status 2 "$PCLSIM" plot --db "$TMP/fx.db" --out "$TMP/p" --run x
printf 'not a db' >"$TMP/bad.db"
expect_status 1 "$PCLSIM" plot --db "$TMP/bad.db" --out "$TMP/p"
expect_err "not a pclsim results DB" "$PCLSIM" plot --db "$TMP/bad.db" --out "$TMP/p"
expect_status 1 "$PCLSIM" plot --db "$TMP/fx.db" --out "$TMP/p" --run 99
expect_err "no run 99" "$PCLSIM" plot --db "$TMP/fx.db" --out "$TMP/p" --run 99

# Without gnuplot: the message, exit 1, and the report still written.
mkdir -p "$TMP/nobin"
expect_status 1 env PATH="$TMP/nobin" "$PCLSIM" plot --db "$TMP/fx.db" --out "$TMP/none" --report "$TMP/none.html"
expect_err "gnuplot not found on PATH: plots skipped" env PATH="$TMP/nobin" "$PCLSIM" plot --db "$TMP/fx.db" --report "$TMP/none.html"
checks=$((checks + 1))
grep -q "172.52" "$TMP/none.html" || fail "report without gnuplot lacks the summary"

if command -v gnuplot >/dev/null; then
	expect_status 0 "$PCLSIM" plot --db "$TMP/fx.db" --run 1 --run 4 --out "$TMP/p" --report "$TMP/r.html"
	for f in run1-nodes run1-jobs run1-cost run1-wait_cdf run1-gantt run1-fsx run4-fsx runs-pareto; do
		checks=$((checks + 1))
		[ -s "$TMP/p/$f.png" ] && [ -s "$TMP/p/$f.svg" ] || fail "missing $f"
		head -c 8 "$TMP/p/$f.png" | od -An -tx1 | grep -q "89 50 4e 47" || fail "$f.png is not a PNG"
	done
	checks=$((checks + 1))
	! grep -qE "http|<script|src=|<link" "$TMP/r.html" || fail "report references something outside itself"
	checks=$((checks + 1))
	[ "$(grep -o '<svg' "$TMP/r.html" | wc -l)" -ge 9 ] || fail "report lacks its plots"
	expect_status 0 "$PCLSIM" plot --db "$TMP/fx.db" --run 2 --out "$TMP/svg" --format svg
	checks=$((checks + 1))
	[ -s "$TMP/svg/run2-nodes.svg" ] && [ ! -e "$TMP/svg/run2-nodes.png" ] || fail "--format svg"
	expect_err "storage throughput is absent" "$PCLSIM" plot --db "$TMP/fx.db" --run 2 --out "$TMP/svg"
	expect_err "Gantt chart not drawn" "$PCLSIM" plot --db "$TMP/fx.db" --run 2 --out "$TMP/svg" --gantt-max-nodes 3

	# From a run: the plots and the report, run's exit status unchanged.
	expect_status 0 "$PCLSIM" run --config "$SRC/configs/examples/multi-queue.yaml" \
		--trace "$SRC/workloads/examples/small.csv" -q --plots "$TMP/rp" --report "$TMP/rp.html"
	checks=$((checks + 1))
	[ -s "$TMP/rp/run1-nodes.png" ] && grep -q "<svg" "$TMP/rp.html" || fail "run --plots/--report"
fi
expect_status 0 env PATH="$TMP/nobin" "$PCLSIM" run --config "$SRC/configs/examples/multi-queue.yaml" \
	--trace "$SRC/workloads/examples/small.csv" -q --plots "$TMP/rq" --report "$TMP/rq.html"
expect_err "gnuplot not found on PATH: plots skipped" env PATH="$TMP/nobin" "$PCLSIM" run \
	--config "$SRC/configs/examples/multi-queue.yaml" --trace "$SRC/workloads/examples/small.csv" \
	-q --report "$TMP/rq.html"
checks=$((checks + 1))
grep -q "Summary" "$TMP/rq.html" || fail "run --report without gnuplot"
expect_status 1 "$PCLSIM" run --config "$SRC/configs/examples/multi-queue.yaml" \
	--trace "$SRC/workloads/examples/small.csv" -q --report "$SRC/workloads/examples/small.csv"
finish
