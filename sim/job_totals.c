/* Sums over a run's job records; see job_totals.h. */
#include "sim/job_totals.h"

#include "sim/result.h"

void job_totals_of(const struct run_result *r, struct job_totals *out)
{
	*out = (struct job_totals){ 0 };
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct job_record *j = &r->jobs[i];
		out->io_ms += j->io_ms;
		out->comm_ms += j->comm_ms;
		out->lost_ms += j->lost_ms;
		if (j->start_ms >= 0 && j->end_ms >= j->start_ms)
			out->run_ms += j->end_ms - j->start_ms;
	}
}
