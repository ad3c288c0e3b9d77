/*
 * The job record's defaults and the growable, sortable array of jobs that
 * every reader fills.  Sorting is a stable merge sort: jobs with the same
 * submit time and id keep their file order, so a trace sorts the same way on
 * every libc (qsort is not stable).
 */
#include "workloads/job.h"

#include <stdlib.h>
#include <string.h>

void job_init(struct job *j)
{
	memset(j, 0, sizeof *j);
	j->id = -1;
	j->time_limit_ms = -1;
	j->depends_on = -1;
	j->partition = JOB_NO_STR;
	j->user = JOB_NO_STR;
	j->account = JOB_NO_STR;
	j->constraint = JOB_NO_STR;
	j->read_gb = -1.0f;
	j->write_gb = -1.0f;
	j->compress_ratio = -1.0f;
	j->comm_fraction = -1.0f;
}

void trace_init(struct trace *t)
{
	memset(t, 0, sizeof *t);
	strtab_init(&t->strings);
}

void trace_free(struct trace *t)
{
	free(t->jobs);
	strtab_free(&t->strings);
	free(t->path);
	memset(t, 0, sizeof *t);
}

int trace_push(struct trace *t, const struct job *j)
{
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 256;
		if (ncap > SIZE_MAX / sizeof *t->jobs)
			return -1;
		struct job *nj = realloc(t->jobs, ncap * sizeof *nj);
		if (!nj)
			return -1;
		t->jobs = nj;
		t->cap = ncap;
	}
	t->jobs[t->n++] = *j;
	return 0;
}

static int job_before(const struct job *a, const struct job *b)
{
	if (a->submit_ms != b->submit_ms)
		return a->submit_ms < b->submit_ms;
	return a->id < b->id;
}

/* Merges the sorted runs src[lo,mid) and src[mid,hi) into dst[lo,hi);
 * on ties the left run goes first, which is what keeps the sort stable. */
static void merge(const struct job *src, struct job *dst, size_t lo,
		  size_t mid, size_t hi)
{
	size_t i = lo, k = mid, o = lo;
	while (i < mid && k < hi)
		dst[o++] = job_before(&src[k], &src[i]) ? src[k++] : src[i++];
	while (i < mid)
		dst[o++] = src[i++];
	while (k < hi)
		dst[o++] = src[k++];
}

static int is_sorted(const struct trace *t)
{
	for (size_t i = 1; i < t->n; i++)
		if (job_before(&t->jobs[i], &t->jobs[i - 1]))
			return 0;
	return 1;
}

void trace_sort(struct trace *t)
{
	if (t->n < 2 || is_sorted(t))
		return;
	struct job *tmp = malloc(t->n * sizeof *tmp);
	if (!tmp) {
		/* Without scratch memory fall back to an in-place insertion
		 * sort: slow on big inputs but still stable and correct. */
		for (size_t i = 1; i < t->n; i++) {
			struct job v = t->jobs[i];
			size_t k = i;
			while (k > 0 && job_before(&v, &t->jobs[k - 1])) {
				t->jobs[k] = t->jobs[k - 1];
				k--;
			}
			t->jobs[k] = v;
		}
		return;
	}
	/* Bottom-up: widths 1, 2, 4, ... alternating between the buffers. */
	struct job *src = t->jobs, *dst = tmp;
	for (size_t w = 1; w < t->n; w *= 2) {
		for (size_t lo = 0; lo < t->n; lo += 2 * w) {
			size_t mid = lo + w < t->n ? lo + w : t->n;
			size_t hi = lo + 2 * w < t->n ? lo + 2 * w : t->n;
			merge(src, dst, lo, mid, hi);
		}
		struct job *s = src;
		src = dst;
		dst = s;
	}
	if (src != t->jobs)
		memcpy(t->jobs, src, t->n * sizeof *src);
	free(tmp);
}
