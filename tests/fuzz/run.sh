#!/usr/bin/env bash
# Runs the libFuzzer targets one after another for a bounded time each
# (`make fuzz` calls it after building them; see docs/robustness.md).
#
#   tests/fuzz/run.sh BUILD_DIR OUT_DIR [TARGET...]     (default: every target)
#
# FUZZ_SECONDS (default 60) bounds each target.  Before fuzzing, a target
# replays its committed findings (tests/fuzz/crashes/TARGET/); a regression
# stops there.  The corpus grows in OUT_DIR/corpus/TARGET across sessions and
# is seeded each time from tests/fuzz/seeds/, the examples and fixtures, and,
# when present, ../shared/reference (copied into OUT_DIR, never committed).
# New findings land in OUT_DIR/findings/TARGET/ for triage: minimise one,
# add it to tests/fuzz/crashes/TARGET/ and fix the reader.
# Exit status: 0 when no target found anything, 1 otherwise, 2 on misuse.
set -u
usage() { echo "usage: $0 BUILD_DIR OUT_DIR [TARGET...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
BUILD=$1
OUT=$2
shift 2
SRC=$(cd "$(dirname "$0")/../.." && pwd)
REF=${REF:-$SRC/../shared/reference}
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(config scenario set csv swf sacct)
SEED_LINES=200      # lines taken from each (large) reference trace

# copy_seed FILE DEST_DIR: under a name that keeps where it came from.
copy_seed() {
	local name=${1#"$SRC"/}
	name=${name#"$REF"/}
	cp -- "$1" "$2/$(printf '%s' "$name" | tr '/' '_')"
}

# gather TARGET DEST_DIR: the seed inputs of one target.
gather() {
	local t=$1 dst=$2 f
	rm -rf "$dst"
	mkdir -p "$dst"
	for f in "$SRC/tests/fuzz/seeds/$t"/* "$SRC/tests/fuzz/crashes/$t"/*; do
		[ -f "$f" ] && copy_seed "$f" "$dst"
	done
	case $t in
	config)
		while IFS= read -r -d '' f; do copy_seed "$f" "$dst"; done < <(
			find "$SRC/configs/examples" "$SRC/tests/fixtures" \
				-name '*.yaml' ! -name '*scenario*' -print0 2>/dev/null
			[ -d "$REF/pcluster-configs" ] &&
				find "$REF/pcluster-configs" \( -name '*.yaml' -o -name '*.ini' \) -print0)
		;;
	scenario)
		while IFS= read -r -d '' f; do copy_seed "$f" "$dst"; done < <(
			find "$SRC/configs" "$SRC/tests/fixtures" -name '*scenario*.yaml' \
				-print0 2>/dev/null)
		;;
	csv | swf | sacct)
		while IFS= read -r -d '' f; do copy_seed "$f" "$dst"; done < <(
			find "$SRC/workloads/examples" "$SRC/tests/fixtures" -type f \
				\( -name "*.$t" -o -name "*$t*" \) -print0 2>/dev/null)
		if [ "$t" = csv ] && [ -d "$REF/traces/peer-inputs" ]; then
			for f in "$REF"/traces/peer-inputs/*.csv; do
				[ -f "$f" ] && head -n "$SEED_LINES" "$f" >"$dst/ref_$(basename "$f")"
			done
		fi
		if [ "$t" = swf ] && [ -d "$REF/traces" ]; then
			for f in "$REF"/traces/*.swf.gz; do
				[ -f "$f" ] && zcat "$f" | head -n "$SEED_LINES" >"$dst/ref_$(basename "$f" .gz)"
			done
		fi
		;;
	esac
}

# make_dict TARGET: a libFuzzer dictionary, the committed syntax tokens
# plus the names the readers know, taken from their current sources.
make_dict() {
	case $1 in
	config | set | scenario)
		grep -v '^#' "$SRC/tests/fuzz/yaml.dict"
		grep -ho '"[A-Z][A-Za-z0-9]*"' "$SRC/configs/config_schema.c" 2>/dev/null | sort -u
		grep -ho '{ "[a-z_]*"' "$SRC/configs/scenario.c" 2>/dev/null | sed 's/^{ //' | sort -u
		;;
	*)
		grep -v '^#' "$SRC/tests/fuzz/trace.dict"
		grep -ho '{ "[a-z_]*"' "$SRC/workloads/trace_csv.c" 2>/dev/null | sed 's/^{ //' | sort -u
		;;
	esac
}

status=0
summary=()
for t in "${TARGETS[@]}"; do
	bin=$BUILD/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "fuzz: no target $bin (known: config scenario set csv swf sacct)" >&2
		exit 2
	fi
	mkdir -p "$OUT/corpus/$t" "$OUT/findings/$t"
	log=$OUT/$t.log

	crashes=("$SRC/tests/fuzz/crashes/$t"/*)
	if [ -f "${crashes[0]}" ]; then
		if ! "$bin" -runs=1 "${crashes[@]}" >"$log" 2>&1; then
			echo "fuzz_$t: a committed finding fails again (see $log)" >&2
			summary+=("fuzz_$t: REGRESSION in tests/fuzz/crashes/$t")
			status=1
			continue
		fi
	fi

	gather "$t" "$OUT/seeds/$t"
	dict=("-dict=$OUT/$t.dict")
	make_dict "$t" >"$OUT/$t.dict"
	before=$(find "$OUT/findings/$t" -type f | wc -l)
	echo "fuzz_$t: ${SECONDS_EACH}s ..." >&2
	"$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		-max_len=16384 -print_final_stats=1 "${dict[@]}" \
		-artifact_prefix="$OUT/findings/$t/" \
		"$OUT/corpus/$t" "$OUT/seeds/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	after=$(find "$OUT/findings/$t" -type f | wc -l)
	found=$((after - before))
	if [ "$rc" != 0 ] || [ "$found" != 0 ]; then
		status=1
		summary+=("fuzz_$t: ${execs:-?} executions, FINDING (exit $rc, $found new in $OUT/findings/$t; log $log)")
	else
		summary+=("fuzz_$t: ${execs:-?} executions in ${SECONDS_EACH} s, no finding")
	fi
done
printf '%s\n' "${summary[@]}"
exit $status
