/* libFuzzer target: the scenario loader (the optional --scenario YAML). */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_one_scenario)
