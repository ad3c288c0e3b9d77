/*
 * Everything the results writers (JSON document, results DB) read about one
 * run, bundled so both take the same thing and say the same thing: the
 * run's metadata, its records, the summary statistics computed from them,
 * and its cost.
 */
#ifndef PCLSIM_RESULTS_H
#define PCLSIM_RESULTS_H

#include <stddef.h>

struct run_info;
struct run_result;
struct run_stats;
struct cost_summary;
struct strtab;

struct results {
	const struct run_info *info;
	const struct run_result *r;
	const struct run_stats *stats;
	const struct cost_summary *cost;
	const struct strtab *names;      /* the trace's user/account names */
};

/* Writes the outputs a run command was asked for: the JSON document to
 * json_path and the run into the results DB at db_path (either may be
 * NULL).  Both are atomic (docs/json-schema.md, docs/results-db.md).
 * Returns 0, or -1 with a message naming the file in err. */
int results_write(const struct results *res, const char *json_path,
		  const char *db_path, char *err, size_t err_size);

#endif
