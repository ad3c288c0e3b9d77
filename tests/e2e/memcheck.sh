#!/usr/bin/env bash
# Valgrind memcheck over the examples (`make check-memory`, and every `make
# test` through ctest): no leak, no invalid read or write, no use of
# uninitialised memory, on the success paths (validate each example config,
# inspect and convert each example trace, a run) and on the error paths (the
# hostile fixtures, which must be refused without leaking).
#
# Valgrind's --error-exitcode is 99, not 1, because pclsim itself exits 1 on
# bad input: a refusal is expected here, a memory error is not.  The
# sanitized binary is skipped (ASan has its own allocator; it checks itself).
. "$(dirname "$0")/lib.bash"

command -v valgrind >/dev/null || { echo "SKIP: valgrind is not installed"; exit 77; }
if ldd "$PCLSIM" 2>/dev/null | grep -q libasan; then
	echo "SKIP: $PCLSIM is built with ASan; valgrind checks the plain binary"
	exit 77
fi

VG=(valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99)
ran=0

# memcheck CMD...: runs CMD under valgrind; a memory error fails the check
# whatever the command's own exit status.
memcheck() {
	checks=$((checks + 1))
	ran=$((ran + 1))
	"${VG[@]}" "$@" >"$TMP/out" 2>"$TMP/err"
	local rc=$?
	if [ "$rc" = 99 ]; then
		fail "valgrind: $* -- $(grep -m 8 '^==' "$TMP/err")"
	elif grep -q '^==[0-9]*== ' "$TMP/err"; then
		fail "valgrind reported: $* -- $(grep -m 8 '^==' "$TMP/err")"
	fi
}

# A command is built when its --help does not say otherwise.
built() { ! "$PCLSIM" "$1" --help 2>&1 | grep -q 'not built yet'; }

configs=("$SRC"/configs/examples/*.yaml)
traces=()
for f in "$SRC"/workloads/examples/* "$SRC"/tests/fixtures/traces/*; do
	[ -f "$f" ] && traces+=("$f")
done

if built validate; then
	for f in "${configs[@]}"; do
		[ -f "$f" ] && memcheck "$PCLSIM" validate --config "$f"
	done
	for f in "$SRC"/tests/fixtures/hostile/*.yaml; do
		[ -f "$f" ] && memcheck "$PCLSIM" validate --config "$f"
	done
fi

if built trace; then
	for f in "${traces[@]}"; do
		memcheck "$PCLSIM" trace info "$f"
		memcheck "$PCLSIM" trace convert "$f" --to csv -o "$TMP/convert.csv"
	done
	for f in "$SRC"/tests/fixtures/hostile/*.csv "$SRC"/tests/fixtures/hostile/*.swf \
		 "$SRC"/tests/fixtures/hostile/*.sacct; do
		[ -f "$f" ] && memcheck "$PCLSIM" trace info "$f"
	done
	memcheck "$PCLSIM" trace gen --model lublin --jobs 200 --max-cpus 64 --seed 1 -o "$TMP/gen.csv"
fi

if built run && [ -f "${configs[0]}" ] && [ ${#traces[@]} -gt 0 ]; then
	csv=""
	for f in "${traces[@]}"; do
		case $f in *.csv) csv=$f; break ;; esac
	done
	if [ -n "$csv" ]; then
		for c in "${configs[@]}"; do
			memcheck "$PCLSIM" run --config "$c" --trace "$csv" \
				--json "$TMP/run.json" --db "$TMP/run.db" -q
		done
	fi
fi

built catalog && memcheck "$PCLSIM" catalog --family c7i

# Nothing to check means the examples moved: say so rather than pass.
[ "$ran" -gt 0 ] || fail "no example was found to check under $SRC"
finish
