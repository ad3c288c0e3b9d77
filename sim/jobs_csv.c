/* The per-job CSV; see jobs_csv.h. */
#include "sim/jobs_csv.h"

#include <inttypes.h>

#include "sim/outfile.h"
#include "sim/result.h"

/* Seconds from milliseconds: "12" or "12.345"; nothing for negative. */
static void put_s(FILE *out, int64_t ms)
{
	if (ms < 0)
		return;
	if (ms % 1000 == 0)
		fprintf(out, "%" PRId64, ms / 1000);
	else
		fprintf(out, "%" PRId64 ".%03" PRId64, ms / 1000, ms % 1000);
}

void jobs_csv_print(FILE *out, const struct run_result *r, int with_cost)
{
	fputs("job_id,queue,submit_s,start_s,end_s,wait_s,cpus,nodes,state,"
	      "requeues,cost_usd,io_s,comm_s,lost_s\n", out);
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct job_record *j = &r->jobs[i];
		int ran = j->start_ms >= 0 && j->end_ms >= 0;
		fprintf(out, "%" PRId64 ",%s,", j->job_id,
			j->queue >= 0 && (size_t)j->queue < r->n_queues ?
			r->queue_names[j->queue] : "");
		put_s(out, j->submit_ms);
		fputc(',', out);
		put_s(out, ran ? j->start_ms : -1);
		fputc(',', out);
		put_s(out, ran ? j->end_ms : -1);
		fputc(',', out);
		put_s(out, ran ? j->wait_ms : -1);
		fprintf(out, ",%d,%d,%s,%d,", j->cpus, j->nodes,
			job_state_name((enum job_state)j->state), j->requeues);
		if (with_cost)
			fprintf(out, "%.6f", j->cost_usd);
		fputc(',', out);
		put_s(out, j->io_ms);
		fputc(',', out);
		put_s(out, j->comm_ms);
		fputc(',', out);
		put_s(out, j->lost_ms);
		fputc('\n', out);
	}
}

int jobs_csv_write(const char *path, const struct run_result *r,
		   int with_cost, char *err, size_t err_size)
{
	struct outfile o = { 0 };
	if (outfile_open(&o, path, err, err_size))
		return -1;
	jobs_csv_print(o.fp, r, with_cost);
	return outfile_commit(&o, err, err_size);
}
