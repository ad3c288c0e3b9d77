/* libFuzzer target: the CSV trace reader. */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_one_csv)
