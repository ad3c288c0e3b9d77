/*
 * Plots and the HTML report straight from a run (`pclsim run --plots DIR
 * --report FILE`): the run's results go into a private temporary results
 * DB, which is then drawn and reported exactly as `pclsim plot` would, so
 * the two cannot disagree.
 */
#ifndef PCLSIM_PLOTS_RUN_H
#define PCLSIM_PLOTS_RUN_H

#include <stddef.h>

struct diags;
struct results;
struct run_opts;
struct run_stats;
struct run_world;

/* Draws the plots of the runs res[0..n) into dir (PNG and SVG; NULL: none)
 * and writes the report to report (NULL: none).  Without gnuplot the report
 * is still written, *gnuplot_missing is set and d gets GNUPLOT_MISSING_MSG
 * as a warning; that is not a failure.  Returns 0, or -1 with errors in d. */
int plots_for_results(const struct results *const *res, size_t n,
		      const char *dir, const char *report, struct diags *d,
		      int *gnuplot_missing);

/* The same for the world a run left, described and priced first by
 * run_results_build (sim/run_results.h). */
int plots_for_run(struct run_world *w, const struct run_opts *o,
		  const struct run_stats *st, const char *dir,
		  const char *report, struct diags *d, int *gnuplot_missing);

#endif
