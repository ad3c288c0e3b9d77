#!/usr/bin/env bash
# pclsim trace: info, convert and gen through the CLI, bad input and usage
# errors with their exit statuses, and the reference traces when present.
. "$(dirname "$0")/lib.bash"
FIX=$SRC/tests/fixtures/traces

expect_status 0 "$PCLSIM" trace --help
expect_out "trace gen" "$PCLSIM" trace --help
expect_status 2 "$PCLSIM" trace
expect_status 2 "$PCLSIM" trace frob x
expect_status 2 "$PCLSIM" trace info
expect_status 2 "$PCLSIM" trace info "$FIX/small.swf" --trace-format xml
expect_status 2 "$PCLSIM" trace convert "$FIX/small.swf"
expect_status 2 "$PCLSIM" trace gen --jobs 10

expect_status 0 "$PCLSIM" trace info "$FIX/small.swf"
expect_out "jobs:          3" "$PCLSIM" trace info "$FIX/small.swf"
expect_out "never ran 3" "$PCLSIM" trace info "$FIX/small.swf"
expect_out "MaxProcs 128" "$PCLSIM" trace info "$FIX/small.swf"
expect_out "jobs:          6" "$PCLSIM" trace info "$FIX/sacct_all_formats.txt"
expect_out "unfinished 2, job steps 3" "$PCLSIM" trace info "$FIX/sacct_all_formats.txt"
expect_out "at 50% utilisation" "$PCLSIM" trace info "$FIX/small.swf" --utilisation 0.5

# Bad rows: file, line, field and value; status 1; --skip-bad-rows counts.
printf 'submit,runtime,cpus\n0,10,1\n5,ten,2\n9,10,1\n' >"$TMP/bad.csv"
expect_status 1 "$PCLSIM" trace info "$TMP/bad.csv"
expect_err "bad.csv:3:3: error: field 'runtime': 'ten' is not a duration" "$PCLSIM" trace info "$TMP/bad.csv"
expect_status 0 "$PCLSIM" trace info "$TMP/bad.csv" --skip-bad-rows
expect_err "skipped 1 bad rows" "$PCLSIM" trace info "$TMP/bad.csv" --skip-bad-rows
expect_out "jobs:          2" "$PCLSIM" trace info "$TMP/bad.csv" --skip-bad-rows
expect_status 1 "$PCLSIM" trace info "$TMP/missing.csv"

# Convert SWF -> CSV -> SWF and back to CSV: the CSV is the same.
expect_status 0 "$PCLSIM" trace convert "$FIX/small.swf" --to csv -o "$TMP/a.csv"
expect_status 0 "$PCLSIM" trace convert "$TMP/a.csv" --to swf -o "$TMP/a.swf"
expect_status 0 "$PCLSIM" trace convert "$TMP/a.swf" --to csv -o "$TMP/b.csv"
checks=$((checks + 1))
cmp -s "$TMP/a.csv" "$TMP/b.csv" || fail "CSV after SWF round trip differs"
expect_status 1 "$PCLSIM" trace convert "$TMP/a.csv" --to csv -o "$TMP/a.csv"
expect_err "refusing to overwrite an input" "$PCLSIM" trace convert "$TMP/a.csv" --to csv -o "$TMP/a.csv"
expect_out "job_id,submit,runtime" "$PCLSIM" trace convert "$FIX/small.swf" --to csv

# Generation is deterministic for a seed and readable back.
expect_status 0 "$PCLSIM" trace gen --model lublin --jobs 500 --max-cpus 64 --seed 5 -o "$TMP/g1.csv"
expect_status 0 "$PCLSIM" trace gen --model lublin --jobs 500 --max-cpus 64 --seed 5 -o "$TMP/g2.csv"
checks=$((checks + 1))
cmp -s "$TMP/g1.csv" "$TMP/g2.csv" || fail "same seed, different traces"
expect_out "jobs:          500" "$PCLSIM" trace info "$TMP/g1.csv"
expect_status 0 "$PCLSIM" trace gen --model uniform --jobs 100 --max-cpus 8 --seed 1 --load 0.5 --to swf -o "$TMP/u.swf"
expect_out "(swf)" "$PCLSIM" trace info "$TMP/u.swf"
expect_status 2 "$PCLSIM" trace gen --model poisson --jobs 10 --max-cpus 8 --seed 1

# Reference traces (skipped in a fresh clone).
if [ -e "$REF/traces/CTC-SP2-1996-3.1-cln.swf.gz" ]; then
	expect_out "jobs:          77205" "$PCLSIM" trace info "$REF/traces/CTC-SP2-1996-3.1-cln.swf.gz"
	expect_out "never ran 17" "$PCLSIM" trace info "$REF/traces/CTC-SP2-1996-3.1-cln.swf.gz"
	expect_out "jobs:          188700" "$PCLSIM" trace info "$REF/traces/peer-inputs/hpc2n_x60_input.csv.gz"
fi
finish
