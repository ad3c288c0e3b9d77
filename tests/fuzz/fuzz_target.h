/*
 * What each libFuzzer target is: LLVMFuzzerTestOneInput calling one entry
 * point of fuzz_one.h and aborting, with the reason, when the reader broke a
 * promise, so libFuzzer saves the input as a finding like any crash.
 */
#ifndef PCLSIM_FUZZ_TARGET_H
#define PCLSIM_FUZZ_TARGET_H

#include <stdio.h>
#include <stdlib.h>

#include "tests/fuzz/fuzz_one.h"

#define FUZZ_TARGET(entry)                                                  \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);       \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)        \
	{                                                                   \
		const char *why = entry(data, size);                        \
		if (why) {                                                  \
			fprintf(stderr, "pclsim fuzz: %s: %s\n", #entry,    \
				why);                                       \
			abort();                                            \
		}                                                           \
		return 0;                                                   \
	}

#endif
