/* libFuzzer target: the sacct --parsable2 trace reader. */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_one_sacct)
