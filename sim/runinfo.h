/*
 * A run's metadata: what it read and under which settings, so that a result
 * (JSON document or results-DB row) can be traced back to its inputs and
 * reproduced.  Inputs are identified by path and by the SHA-256 of their
 * bytes; the catalog by its data date and sources; the rest (scenario
 * parameters, --set overrides, seed, replication, policy, version) as given.
 * Nothing here reads the wall clock: the same inputs give the same metadata,
 * which byte-identical JSON needs.
 */
#ifndef PCLSIM_RUNINFO_H
#define PCLSIM_RUNINFO_H

#include <stddef.h>
#include <stdint.h>

#include "sim/sha256.h"

struct json;

struct run_input {
	char *role;                  /* "config", "trace", "scenario", ... */
	char *path;                  /* as given on the command line */
	char sha256[SHA256_HEX_CHARS];
	int64_t size_bytes;
};

struct run_param {                   /* a scenario parameter as applied */
	char *name;
	char *value;
};

struct run_info {
	char *label;                 /* user's name for the run; may be NULL */
	char *version;               /* pclsim version that produced it */
	struct run_input *inputs;
	size_t n_inputs;
	struct run_param *params;    /* in the order added */
	size_t n_params;
	char **overrides;            /* --set KEY=VALUE, in order */
	size_t n_overrides;
	char *catalog_date, *catalog_about;
	char *region;                /* pricing region */
	char *policy;                /* scheduling policy name */
	uint64_t seed;
	uint32_t replication;
};

/* An empty record carrying this build's version. */
void run_info_init(struct run_info *ri);
void run_info_free(struct run_info *ri);

/* Records an input file with its digest and size.  Returns 0, or -1 with a
 * message naming the file in err. */
int run_info_add_input(struct run_info *ri, const char *role,
		       const char *path, char *err, size_t err_size);
/* The input of that role, or NULL. */
const struct run_input *run_info_input(const struct run_info *ri,
				       const char *role);

/* Each returns 0, or -1 when out of memory. */
int run_info_add_param(struct run_info *ri, const char *name,
		       const char *value);
int run_info_add_override(struct run_info *ri, const char *key_value);
/* Replaces *field (one of ri's strings) with a copy of value (may be NULL). */
int run_info_set(char **field, const char *value);

/* Writes the metadata as one JSON object (the "run" member of the results
 * document, see docs/json-schema.md). */
void run_info_write_json(struct json *w, const struct run_info *ri);

/* The scenario parameters, or the overrides, as compact JSON text (an object
 * / an array) in a new string; NULL when out of memory.  The results DB keeps
 * them in this form. */
char *run_info_params_json(const struct run_info *ri);
char *run_info_overrides_json(const struct run_info *ri);

#endif
