/*
 * afterok dependencies between the jobs of a trace (`depends_on`): which
 * job each one waits for, and per job the jobs that wait for it, as one
 * compressed index built once (O(jobs log jobs) time, O(jobs) memory).  A
 * dependency on an id the trace does not hold (a job cut from the window,
 * cancelled before it ran, or an array's base id) is ignored: the job's
 * history says it became eligible, and the simulator cannot know when.
 * The model (slurm.c) holds a dependent job back until its dependency ends
 * COMPLETED.
 */
#include <stdlib.h>

#include "models/slurm.h"
#include "workloads/job.h"

struct id_index {
	int64_t id;
	int32_t index;
};

static int by_id(const void *a, const void *b)
{
	const struct id_index *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int32_t find_index(const struct id_index *ids, size_t n, int64_t id)
{
	struct id_index key = { id, -1 };
	const struct id_index *hit = bsearch(&key, ids, n, sizeof *ids, by_id);
	return hit ? hit->index : -1;
}

int slurm_deps_build(struct slurm *s, size_t n_deps)
{
	size_t n = s->n_jobs;
	if (!n_deps)
		return 0;   /* no index: nobody waits */
	s->dep_first = calloc(n + 1, sizeof *s->dep_first);
	if (!s->dep_first)
		return -1;
	struct id_index *ids = malloc(n * sizeof *ids);
	if (!ids)
		return -1;
	for (size_t i = 0; i < n; i++)
		ids[i] = (struct id_index){ s->trace->jobs[i].id, (int32_t)i };
	qsort(ids, n, sizeof *ids, by_id);
	for (size_t i = 0; i < n; i++) {
		int64_t want = s->trace->jobs[i].depends_on;
		s->jobs[i].dep = want >= 0 ? find_index(ids, n, want) : -1;
		if (s->jobs[i].dep >= 0)
			s->dep_first[s->jobs[i].dep + 1]++;
	}
	free(ids);
	for (size_t i = 0; i < n; i++)
		s->dep_first[i + 1] += s->dep_first[i];
	s->dep_list = malloc((s->dep_first[n] ? (size_t)s->dep_first[n] : 1) *
			     sizeof *s->dep_list);
	int32_t *fill = malloc((n + 1) * sizeof *fill);
	if (!s->dep_list || !fill) {
		free(fill);
		return -1;
	}
	for (size_t i = 0; i <= n; i++)
		fill[i] = s->dep_first[i];
	/* In job order, so dependents are released in priority order. */
	for (size_t i = 0; i < n; i++)
		if (s->jobs[i].dep >= 0)
			s->dep_list[fill[s->jobs[i].dep]++] = (int32_t)i;
	free(fill);
	return 0;
}
