/* libFuzzer target: the ParallelCluster v3 config loader (YAML tree, schema, typing). */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_one_config)
