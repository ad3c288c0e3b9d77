/* libFuzzer target: the --set override parser, applied to a fixed valid config. */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_one_set)
