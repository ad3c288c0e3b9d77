/* Sums over a run's job records; see job_totals.h. */
#include "sim/job_totals.h"

#include "sim/result.h"

void job_totals_of(const struct run_result *r, struct job_totals *out)
{
	*out = (struct job_totals){ 0 };
	for (size_t i = 0; i < r->n_jobs; i++)
		job_totals_add(out, &r->jobs[i]);
}
