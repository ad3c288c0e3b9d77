/*
 * The fuzz entry points: one function per reader that feeds it one input and
 * checks what must hold whatever the input (a failure carries at least one
 * error that names the file; a success carries none and its result keeps the
 * reader's promises).  The libFuzzer targets (tests/fuzz/fuzz_*.c) call them
 * and abort on a broken promise; tests/test_fuzz_regressions.c replays every
 * committed crash input through the very same functions under ASan/UBSan.
 */
#ifndef PCLSIM_FUZZ_ONE_H
#define PCLSIM_FUZZ_ONE_H

#include <stddef.h>
#include <stdint.h>

/* Each returns NULL when the input was handled as promised, or a static
 * description of the broken promise. */
typedef const char *(*fuzz_fn)(const uint8_t *data, size_t size);

const char *fuzz_one_csv(const uint8_t *data, size_t size);
const char *fuzz_one_swf(const uint8_t *data, size_t size);
const char *fuzz_one_sacct(const uint8_t *data, size_t size);
/* The input is a cluster config (YAML). */
const char *fuzz_one_config(const uint8_t *data, size_t size);
/* The input is `--set` overrides, one KEY=VALUE a line, applied to a fixed
 * valid config. */
const char *fuzz_one_set(const uint8_t *data, size_t size);
/* The input is a scenario file (YAML). */
const char *fuzz_one_scenario(const uint8_t *data, size_t size);

struct fuzz_target {
	const char *name;    /* also the folder under tests/fuzz/crashes/ */
	fuzz_fn fn;
};

/* Every target, ended by a { NULL, NULL } entry. */
extern const struct fuzz_target fuzz_targets[];

/* The target called name, or NULL. */
const struct fuzz_target *fuzz_target_find(const char *name);

#endif
