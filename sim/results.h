/*
 * Everything the results writers (JSON document, results DB) read about one
 * run, bundled so both take the same thing and say the same thing: the
 * run's metadata, its records, the summary statistics computed from them,
 * and its cost.
 */
#ifndef PCLSIM_RESULTS_H
#define PCLSIM_RESULTS_H

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

#endif
