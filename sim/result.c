/* Names of the result enums and freeing a run result; see result.h. */
#include "sim/result.h"

#include <stdlib.h>
#include <string.h>

const char *job_state_name(enum job_state s)
{
	static const char *const names[JOB_ST_COUNT] = {
		"COMPLETED", "TIMEOUT", "NODE_FAIL", "REJECTED", "PENDING",
	};
	return s < JOB_ST_COUNT ? names[s] : "UNKNOWN";
}

const char *node_end_reason_name(enum node_end_reason r)
{
	static const char *const names[NODE_END_COUNT] = {
		"suspend", "spot-interruption", "launch-failure", "run-end",
	};
	return r < NODE_END_COUNT ? names[r] : "unknown";
}

const char *result_event_name(enum result_event_kind k)
{
	static const char *const names[EV_KIND_COUNT] = {
		"job_submit", "job_start", "job_end", "job_requeue",
		"job_reject", "node_resume", "node_up", "node_suspend",
		"node_down", "spot_interrupt", "launch_fail", "cr_disabled",
		"cr_enabled",
	};
	return k < EV_KIND_COUNT ? names[k] : "unknown";
}

void run_result_free(struct run_result *r)
{
	free(r->nodes_info);
	free(r->jobs);
	free(r->alloc);
	free(r->alloc_cpus);
	free(r->alloc_runs);
	free(r->node_lives);
	free(r->events);
	free(r->samples);
	free(r->storage_samples);
	for (size_t i = 0; i < r->n_queues; i++)
		free(r->queue_names[i]);
	free(r->queue_names);
	memset(r, 0, sizeof *r);
}

size_t result_job_n_runs(const struct run_result *r, const struct job_record *j)
{
	if (r->alloc_runs)
		return j->n_runs > 0 && j->run_off + (size_t)j->n_runs <= r->n_alloc_runs ?
		       (size_t)j->n_runs : 0;
	return j->nodes > 0 && j->alloc_off + (size_t)j->nodes <= r->n_alloc ?
	       (size_t)j->nodes : 0;
}

struct alloc_run result_job_run(const struct run_result *r,
				const struct job_record *j, size_t k)
{
	if (r->alloc_runs)
		return r->alloc_runs[j->run_off + k];
	size_t slot = j->alloc_off + k;
	return (struct alloc_run){ r->alloc[slot], 1,
				   r->alloc_cpus ? r->alloc_cpus[slot] : -1 };
}

int result_cpus_known(const struct run_result *r)
{
	return r->alloc_runs != NULL || r->alloc_cpus != NULL;
}
