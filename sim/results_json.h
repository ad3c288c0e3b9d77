/*
 * The run's JSON document (`--json FILE`): metadata, summary, per-queue
 * figures and the cost with its breakdown.  The schema is versioned and
 * documented field by field in docs/json-schema.md; the same run gives the
 * same bytes (no wall-clock time, fixed key order and number formats).
 */
#ifndef PCLSIM_RESULTS_JSON_H
#define PCLSIM_RESULTS_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "sim/results.h"

#define RESULTS_JSON_SCHEMA_VERSION 1

struct json;

/* The members of one run's object ("run", "summary", "queues", "cost"),
 * written into an object the caller opened: the document's body, and one
 * element of a replicated run's "runs" array. */
void results_json_members(struct json *w, const struct results *res);

/* Writes the document to fp.  Returns 0, or -1 when writing failed. */
int results_json_emit(FILE *fp, const struct results *res);

/* Writes the document to path atomically (temporary file, then rename).
 * Returns 0, or -1 with a message naming the file in err. */
int results_json_write(const char *path, const struct results *res,
		       char *err, size_t err_size);

#endif
