#!/usr/bin/env bash
# The benchmark harness behind `make bench` (docs/benchmarks.md).
#
#   bench/run_bench.sh [--build DIR] [--out DIR] [--ref DIR] [--timeout S]
#                      [--mem-limit-mib M] [--smoke]
#
# 1. times the input stages in-process (bench_load: config load, catalog
#    load, validation, and the parse of a 10^6-job CSV);
# 2. generates Lublin-Feitelson traces of 10^4, 10^5 and 10^6 jobs for
#    clusters of 100, 1,000 and 10,000 static single-vCPU nodes
#    (bench/configs/static-N.yaml) and runs each under the fcfs, easy and
#    slurm policies (those this pclsim has), end to end, measured by
#    bench_exec (wall time, CPU time, peak RSS); the cases the targets read
#    run three times and the run of median CPU time is kept; events come
#    from an in-process rerun;
# 3. runs the 10^4-job cases under callgrind for instructions per job;
# 4. replays peer-inputs/hpc2n_x60_input.csv.gz on 240 nodes (three times)
#    and the largest SWF trace of the reference set (both skipped when
#    ../shared/reference is absent);
# 5. prints the table (also bench/out/results.csv) and checks the targets.
# Each run is killed after --timeout seconds (default 60) and capped at
# --mem-limit-mib of address space (default 8192), so a case that would
# take the shared machine's memory fails instead; both are reported.
# --smoke runs the same steps at toy sizes, for the test suite: it checks
# that the harness works, not how fast pclsim is.
set -u -o pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$SRC/build
OUT=$SRC/bench/out
REF=$SRC/../shared/reference
TIMEOUT=60
MEM_LIMIT_MIB=8192
SMOKE=0
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift ;;
	--out) OUT=$2; shift ;;
	--ref) REF=$2; shift ;;
	--timeout) TIMEOUT=$2; shift ;;
	--mem-limit-mib) MEM_LIMIT_MIB=$2; shift ;;
	--smoke) SMOKE=1 ;;
	-h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run_bench.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
	shift
done

PCLSIM=$BUILD/pclsim
LOAD=$BUILD/bench/bench_load
EXEC=$BUILD/bench/bench_exec
for b in "$PCLSIM" "$LOAD" "$EXEC"; do
	[ -x "$b" ] || { echo "run_bench.sh: $b not built (make build)" >&2; exit 2; }
done
mkdir -p "$OUT/traces" "$OUT/runs"

if [ $SMOKE = 1 ]; then
	JOB_COUNTS="100 1000"
	NODE_COUNTS="100 1000"
	LOAD_JOBS=1000
	PEER_LIMIT=2000          # first rows of hpc2n_x60 only
else
	JOB_COUNTS="10000 100000 1000000"
	NODE_COUNTS="100 1000 10000"
	LOAD_JOBS=1000000
	PEER_LIMIT=0
fi
POLICIES="fcfs easy slurm"
SEED=1
# Offered load of the generated traces on their cluster (the generator
# rescales Lublin's arrivals to it): busy enough that queues form and the
# backfill scans have work to do, below saturation so they stay bounded.
GEN_LOAD=0.7
CALLGRIND_JOBS=${JOB_COUNTS%% *}
CSV=$OUT/results.csv
NOTES=$OUT/notes.txt
: >"$NOTES"
FAILED=0   # runs that ended in an error (not a timeout): the exit status

note() { echo "$*" >>"$NOTES"; }
# table FILE: a CSV file as aligned columns.
table() {
	awk -F, '{ for (i = 1; i <= NF; i++) { c[NR, i] = $i;
		   if (length($i) > w[i]) w[i] = length($i) } if (NF > nf) nf = NF }
		 END { for (r = 1; r <= NR; r++) { line = "";
		   for (i = 1; i <= nf; i++) line = line sprintf("%-*s  ", w[i], c[r, i]);
		   sub(/ +$/, "", line); print line } }' "$1"
}
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", a / b; }'; }

# ---- the machine -----------------------------------------------------------
{
	echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit:   $(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
	echo "memory:   $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "kernel:   $(uname -sr)"
	echo "compiler: $(${CC:-cc} --version 2>/dev/null | head -1)"
	echo "build:    $(grep -m1 CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" 2>/dev/null | cut -d= -f2)"
	# Other work on the machine inflates wall times, not CPU times.
	echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (load average at start)"
} >"$OUT/machine.txt"
echo "== machine"
cat "$OUT/machine.txt"

# ---- which policies this pclsim has ------------------------------------------
# A policy counts as present when a tiny run under it succeeds.
printf 'job_id,submit,runtime,cpus,time_limit\n1,0,60,1,120\n2,10,60,2,120\n' \
	>"$OUT/traces/probe.csv"
HAVE=""
for p in $POLICIES; do
	if "$PCLSIM" run --config "$SRC/bench/configs/static-100.yaml" \
		--trace "$OUT/traces/probe.csv" --policy "$p" \
		>"$OUT/runs/probe-$p.out" 2>"$OUT/runs/probe-$p.err"; then
		HAVE="$HAVE $p"
	else
		note "policy $p: not run, 'pclsim run --policy $p' fails here: $(head -1 "$OUT/runs/probe-$p.err")"
	fi
done
echo "== policies: ${HAVE:- none}"

# ---- traces ------------------------------------------------------------------
trace_path() { echo "$OUT/traces/lublin-$1-n$2.csv"; }
echo "== generating traces (lublin, load $GEN_LOAD, seed $SEED)"
for n in $JOB_COUNTS; do
	for nodes in $NODE_COUNTS; do
		"$PCLSIM" trace gen --model lublin --jobs "$n" --max-cpus "$nodes" \
			--seed "$SEED" --load "$GEN_LOAD" --to csv \
			-o "$(trace_path "$n" "$nodes")" ||
			{ echo "run_bench.sh: trace gen failed" >&2; exit 1; }
	done
done

# ---- input stages, in-process --------------------------------------------------
BIG_NODES=${NODE_COUNTS##* }
echo "== input stages (bench_load, ms: wall and CPU, first run and median of 3)"
"$LOAD" --config "$SRC/bench/configs/static-$BIG_NODES.yaml" \
	--trace "$(trace_path "$LOAD_JOBS" "$BIG_NODES")" --repeat 3 >"$OUT/load.csv" ||
	{ echo "run_bench.sh: bench_load failed" >&2; exit 1; }
table "$OUT/load.csv"
VALIDATE_LINE=$("$EXEC" --stdout /dev/null -- "$PCLSIM" validate \
	--config "$SRC/bench/configs/static-$BIG_NODES.yaml")
VALIDATE_WALL=${VALIDATE_LINE%%,*}
echo "pclsim validate (whole process): $VALIDATE_WALL s"

# ---- simulation runs -------------------------------------------------------------
echo "case,policy,jobs,nodes,wall_s,cpu_s,jobs_per_cpu_s,events,events_per_cpu_s,peak_rss_mib,instr_per_job,status" >"$CSV"

LIMITS="--timeout $TIMEOUT --mem-limit-mib $MEM_LIMIT_MIB"

# measure CONFIG TRACE POLICY TAG LIMIT: one end-to-end run under
# bench_exec; prints its line (wall,user,sys,rss_kib,status).
measure() {
	"$EXEC" --timeout "$5" --mem-limit-mib "$MEM_LIMIT_MIB" \
		--stdout "$OUT/runs/$4.out" --stderr "$OUT/runs/$4.err" -- \
		"$PCLSIM" run --config "$1" --trace "$2" --policy "$3"
}

# run_case CASE POLICY JOBS NODES CONFIG TRACE [TIMEOUT [REPEAT]]
# Runs pclsim end to end under bench_exec (wall, CPU, peak RSS), REPEAT
# times (default 1) for the cases a target reads, keeping the run of
# median CPU time (and the largest peak RSS): one run's CPU time moves by
# up to 10% on a shared virtual machine, the system time (page faults) most.
# Then, when a run took under a quarter of the timeout, the same run
# in-process under bench_load for the engine's event count (the summary
# does not print it).  Appends a row to the CSV; sets LAST_WALL, LAST_CPU
# and LAST_STATUS.  Rates are per CPU second: on a shared machine the wall
# clock also counts the neighbours' work, and pclsim is single-threaded.
run_case() {
	local cname=$1 pol=$2 jobs=$3 nodes=$4 config=$5 trace=$6 limit=${7:-$TIMEOUT}
	local repeat=${8:-1}
	local tag="$cname-$pol" line wall user sys rss status events="" cpu
	line=$(measure "$config" "$trace" "$pol" "$tag" "$limit")
	IFS=, read -r wall user sys rss status <<<"$line"
	if [ "$status" = 0 ] && [ "$repeat" -gt 1 ]; then
		local lines=$line k
		for ((k = 1; k < repeat; k++)); do
			lines+=$'\n'$(measure "$config" "$trace" "$pol" "$tag" "$limit")
		done
		# The median by CPU time among the runs that succeeded.
		line=$(awk -F, '$5 == 0 { print $2 + $3 "," $0 }' <<<"$lines" |
			sort -t, -k1,1g | awk -F, '{ l[NR] = $0 } END {
				m = l[int((NR + 1) / 2)]; sub(/^[^,]*,/, "", m); print m }')
		rss=$(awk -F, 'BEGIN { m = 0 } $4 > m { m = $4 } END { print m }' <<<"$lines")
		IFS=, read -r wall user sys _ status <<<"$line"
		note "$tag: CPU s of $repeat runs: $(awk -F, '{ printf "%s%.3f", \
			(NR > 1 ? ", " : ""), $2 + $3 }' <<<"$lines"); the table gives the median"
	fi
	LAST_WALL=$wall
	LAST_STATUS=$status
	case $status in
	0)
		if awk -v w="$wall" -v t="$TIMEOUT" 'BEGIN { exit !(w * 4 < t) }' &&
		   "$EXEC" $LIMITS --stdout "$OUT/runs/$tag.load.csv" \
			--stderr "$OUT/runs/$tag.load.err" -- "$LOAD" --config "$config" \
			--trace "$trace" --policy "$pol" --repeat 1 >/dev/null; then
			events=$(awk -F, '$1 == "run_execute" { print $6 }' "$OUT/runs/$tag.load.csv")
		else
			note "$tag: no event count (the in-process rerun was not affordable or failed)"
		fi ;;
	124) note "$tag: killed at the ${limit} s timeout (peak RSS $(fdiv "$rss" 1024) MiB; cap $MEM_LIMIT_MIB MiB)" ;;
	*)
		if grep -qi "memory" "$OUT/runs/$tag.err"; then
			note "$tag: out of memory under the $MEM_LIMIT_MIB MiB cap: $(head -1 "$OUT/runs/$tag.err")"
		else
			note "$tag: pclsim exited $status: $(head -1 "$OUT/runs/$tag.err")"
			FAILED=$((FAILED + 1))
		fi ;;
	esac
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
	LAST_CPU=$cpu
	echo "$cname,$pol,$jobs,$nodes,$wall,$cpu,$(fdiv "$jobs" "$cpu"),$events,$(fdiv "${events:-0}" "$cpu"),$(fdiv "$rss" 1024),,$status" >>"$CSV"
}

# callgrind_case CASE POLICY JOBS CONFIG TRACE: instructions per job, filled
# into that case's row.
callgrind_case() {
	local cname=$1 pol=$2 jobs=$3 config=$4 trace=$5 cg=$OUT/runs/$1-$2.callgrind
	# callgrind runs about 50 times slower: a case that took over a tenth of
	# the timeout natively would not finish within five timeouts under it.
	local cpu
	cpu=$(awk -F, -v c="$cname" -v p="$pol" '$1 == c && $2 == p { print $6 }' "$CSV")
	if [ -n "$cpu" ] && awk -v w="$cpu" -v t="$TIMEOUT" 'BEGIN { exit !(w * 10 > t) }'; then
		note "$cname-$pol: no callgrind run (the case took $cpu CPU s natively)"
		return
	fi
	"$EXEC" --timeout $((TIMEOUT * 5)) --stdout /dev/null \
		--stderr "$OUT/runs/$cname-$pol.callgrind.err" -- \
		valgrind --tool=callgrind --callgrind-out-file="$cg" "$PCLSIM" run \
		--config "$config" --trace "$trace" --policy "$pol" >/dev/null
	local status=$?
	if [ "$status" = 124 ]; then
		note "$cname-$pol: callgrind run killed at $((TIMEOUT * 5)) s"
		return
	elif [ "$status" != 0 ]; then
		note "$cname-$pol: callgrind run failed: $(tail -1 "$OUT/runs/$cname-$pol.callgrind.err")"
		FAILED=$((FAILED + 1))
		return
	fi
	local ir
	ir=$(sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$cg" | head -1)
	local ipj
	ipj=$(fdiv "$ir" "$jobs")
	awk -F, -v OFS=, -v c="$cname" -v p="$pol" -v v="$ipj" \
		'$1 == c && $2 == p { $11 = v } { print }' "$CSV" >"$CSV.tmp" && mv "$CSV.tmp" "$CSV"
}

# The target case (the largest trace on the largest cluster under slurm)
# gets four timeouts, so that its figure is measured rather than skipped.
TARGET_TIMEOUT=$((TIMEOUT * 4))
echo "== generated traces (timeout $TIMEOUT s per run, $TARGET_TIMEOUT s for the target case)"
for pol in $HAVE; do
	for nodes in $NODE_COUNTS; do
		prev_cpu=""
		for n in $JOB_COUNTS; do
			cname=gen-$n-n$nodes
			limit=$TIMEOUT
			[ "$pol" = slurm ] && [ "$n" = "$LOAD_JOBS" ] &&
				[ "$nodes" = "$BIG_NODES" ] && limit=$TARGET_TIMEOUT
			# A size ten times one that took over a tenth of the timeout
			# would not finish: say so instead of waiting for it.
			if [ -n "$prev_cpu" ] &&
			   awk -v w="$prev_cpu" -v t="$limit" 'BEGIN { exit !(w * 10 > t) }'; then
				note "$cname-$pol: skipped, the case ten times smaller took $prev_cpu CPU s"
				echo "$cname,$pol,$n,$nodes,,,,,,,,skipped" >>"$CSV"
				continue
			fi
			# The cases the targets read: median of three.
			repeat=1
			[ "$n" = "$LOAD_JOBS" ] && [ "$nodes" = "$BIG_NODES" ] && repeat=3
			run_case "$cname" "$pol" "$n" "$nodes" \
				"$SRC/bench/configs/static-$nodes.yaml" \
				"$(trace_path "$n" "$nodes")" "$limit" "$repeat"
			echo "  $cname $pol: $LAST_WALL s (status $LAST_STATUS)"
			prev_cpu=$LAST_CPU
			[ "$LAST_STATUS" = 0 ] || prev_cpu=$TIMEOUT
		done
	done
done

if command -v valgrind >/dev/null; then
	echo "== callgrind on the $CALLGRIND_JOBS-job cases"
	for pol in $HAVE; do
		for nodes in $NODE_COUNTS; do
			callgrind_case "gen-$CALLGRIND_JOBS-n$nodes" "$pol" "$CALLGRIND_JOBS" \
				"$SRC/bench/configs/static-$nodes.yaml" \
				"$(trace_path "$CALLGRIND_JOBS" "$nodes")"
		done
	done
else
	note "valgrind not installed: no instructions per job"
fi

# ---- reference traces ------------------------------------------------------------
PEER=$REF/traces/peer-inputs/hpc2n_x60_input.csv.gz
if [ -r "$PEER" ]; then
	peer_trace=$PEER
	if [ "$PEER_LIMIT" -gt 0 ]; then
		peer_trace=$OUT/traces/hpc2n_x60_head.csv
		zcat "$PEER" | head -n $((PEER_LIMIT + 1)) >"$peer_trace"
	fi
	peer_jobs=$(zcat -f "$peer_trace" | tail -n +2 | grep -c .)
	echo "== peer replay: hpc2n_x60 ($peer_jobs jobs) on 240 nodes"
	for pol in $HAVE; do
		run_case hpc2n_x60 "$pol" "$peer_jobs" 240 \
			"$SRC/bench/configs/peer-240.yaml" "$peer_trace" "$TIMEOUT" 3
		echo "  hpc2n_x60 $pol: $LAST_WALL s (status $LAST_STATUS)"
	done
else
	note "hpc2n_x60: skipped, $PEER not present"
fi

# The largest SWF trace of the reference set, by job count, on a cluster of
# its MaxProcs single-vCPU nodes.
if [ -d "$REF/traces" ] && [ $SMOKE = 0 ]; then
	best="" best_n=0
	for f in "$REF"/traces/*.swf.gz; do
		n=$(zcat "$f" | grep -vc '^[[:space:]]*;')
		[ "$n" -gt "$best_n" ] && { best=$f; best_n=$n; }
	done
	procs=$(zcat "$best" | sed -n 's/^; *MaxProcs: *\([0-9]*\).*/\1/p' | head -1)
	name=$(basename "$best" .swf.gz)
	# The jobs the reader keeps (it drops those that never ran).
	best_n=$("$PCLSIM" trace info "$best" | sed -n 's/^jobs: *\([0-9]*\).*/\1/p')
	echo "== largest reference trace: $name ($best_n jobs) on ${procs:-?} nodes"
	if [ -n "$procs" ]; then
		ref_config=$OUT/traces/static-$procs.yaml
		sed "s/^\( *M[ai][xn]Count:\) .*/\1 $procs/" \
			"$SRC/bench/configs/static-10000.yaml" >"$ref_config"
		for pol in $HAVE; do
			run_case "ref-$name" "$pol" "$best_n" "$procs" "$ref_config" "$best"
			echo "  $name $pol: $LAST_WALL s (status $LAST_STATUS)"
		done
	else
		note "ref-$name: no MaxProcs in its header; not replayed"
	fi
elif [ $SMOKE = 0 ]; then
	note "largest reference trace: skipped, $REF/traces not present"
fi

# ---- the table and the targets -----------------------------------------------------
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (load average at end)" >>"$OUT/machine.txt"
echo
echo "== results ($CSV)"
table "$CSV"

# target NAME VALUE LIMIT UNIT: prints met / MISSED; an empty VALUE is n/a.
target() {
	if [ -z "$2" ]; then
		printf '  %-84s n/a\n' "$1"
	elif awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }'; then
		printf '  %-84s met     (%s %s <= %s %s)\n' "$1" "$2" "$4" "$3" "$4"
	else
		printf '  %-84s MISSED  (%s %s > %s %s)\n' "$1" "$2" "$4" "$3" "$4"
	fi
}
row_field() {   # row_field CASE POLICY COLUMN: a field of an ok row
	awk -F, -v c="$1" -v p="$2" -v k="$3" '$1 == c && $2 == p && $12 == 0 { print $k }' "$CSV"
}
load_ms() { awk -F, -v s="$1" -v k="$2" '$1 == s { print $k }' "$OUT/load.csv"; }

echo
echo "== targets"
[ $SMOKE = 0 ] || echo "  (smoke run: toy sizes, so these say nothing about the targets)"
{
	target "hpc2n_x60 under easy, end to end (CPU; wall $(row_field hpc2n_x60 easy 5) s)" \
		"$(row_field hpc2n_x60 easy 6)" 0.2 s
	big=gen-$LOAD_JOBS-n$BIG_NODES
	# The target names Slurm's backfill (the slurm policy); the research
	# policies' figures are printed beside it for comparison.
	for pol in $HAVE; do
		label="$LOAD_JOBS jobs on $BIG_NODES nodes under $pol"
		[ "$pol" = slurm ] || label="$label (for comparison)"
		wall=$(row_field "$big" "$pol" 5)
		target "$label, CPU${wall:+ (wall $wall s)}" "$(row_field "$big" "$pol" 6)" 10 s
		target "$label, peak RSS" "$(row_field "$big" "$pol" 10)" 1024 MiB
	done
	cfg=$(awk -v a="$(load_ms config_load 4)" -v b="$(load_ms catalog_load 4)" \
		-v c="$(load_ms config_validate 4)" 'BEGIN { printf "%.3f", a + b + c }')
	target "config + catalog load and validation (first run, CPU)" "$cfg" 50 ms
	target "$LOAD_JOBS-line CSV parse (first run, CPU; wall $(load_ms trace_parse 2) ms)" \
		"$(load_ms trace_parse 4)" 1000 ms
} | tee "$OUT/targets.txt"

if [ -s "$NOTES" ]; then
	echo
	echo "== notes"
	sed 's/^/  /' "$NOTES"
fi
# Missed targets and timeouts are findings, reported above; a run that
# failed is a bug, and the exit status says so.
[ "$FAILED" = 0 ] || { echo "run_bench.sh: $FAILED run(s) failed (see notes)" >&2; exit 1; }
exit 0
