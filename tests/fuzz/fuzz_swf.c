/* libFuzzer target: the SWF trace reader. */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_one_swf)
