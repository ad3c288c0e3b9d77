/* Slurm job priorities: priority/basic and priority/multifactor; see
 * priority.h. */
#include "models/priority.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workloads/job.h"

/* A principal is an (account, user) pair; the key packs both ids. */
static uint64_t principal_key(const struct job *j)
{
	return ((uint64_t)(uint32_t)(j->account + 1) << 32) |
	       (uint32_t)(j->user + 1);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static size_t find_key(const uint64_t *keys, size_t n, uint64_t k)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (keys[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Each account has an equal share, split equally among its users.  keys
 * are sorted, so one account's principals are adjacent. */
static void set_shares(struct priority *pr, const uint64_t *keys)
{
	size_t accounts = 0;
	for (size_t i = 0; i < pr->n_principals; i++)
		if (i == 0 || keys[i] >> 32 != keys[i - 1] >> 32)
			accounts++;
	for (size_t i = 0; i < pr->n_principals;) {
		size_t e = i;
		while (e < pr->n_principals && keys[e] >> 32 == keys[i] >> 32)
			e++;
		for (size_t k = i; k < e; k++)
			pr->share[k] = 1.0 / (double)accounts / (double)(e - i);
		i = e;
	}
}

int priority_init(struct priority *pr, const struct slurm_conf *c,
		  const struct trace *t, const uint32_t *part_jf, int n_parts,
		  int64_t total_cpus)
{
	memset(pr, 0, sizeof *pr);
	pr->conf = c;
	pr->n_jobs = t->n;
	pr->total_cpus = total_cpus > 0 ? total_cpus : 1;
	pr->n_parts = n_parts;
	size_t n = t->n ? t->n : 1;
	uint64_t *keys = malloc(n * sizeof *keys);
	pr->principal = malloc(n * sizeof *pr->principal);
	pr->part_factor = calloc(n_parts > 0 ? (size_t)n_parts : 1,
				 sizeof *pr->part_factor);
	if (!keys || !pr->principal || !pr->part_factor) {
		free(keys);
		priority_free(pr);
		return -1;
	}
	for (size_t i = 0; i < t->n; i++)
		keys[i] = principal_key(&t->jobs[i]);
	qsort(keys, t->n, sizeof *keys, cmp_u64);
	size_t u = 0;
	for (size_t i = 0; i < t->n; i++)
		if (u == 0 || keys[i] != keys[u - 1])
			keys[u++] = keys[i];
	pr->n_principals = u;
	pr->share = calloc(u ? u : 1, sizeof *pr->share);
	pr->usage = calloc(u ? u : 1, sizeof *pr->usage);
	if (!pr->share || !pr->usage) {
		free(keys);
		priority_free(pr);
		return -1;
	}
	for (size_t i = 0; i < t->n; i++)
		pr->principal[i] = (int32_t)find_key(keys, u,
						     principal_key(&t->jobs[i]));
	set_shares(pr, keys);
	free(keys);
	uint32_t max_jf = 1;
	for (int q = 0; q < n_parts; q++)
		if (part_jf && part_jf[q] > max_jf)
			max_jf = part_jf[q];
	for (int q = 0; q < n_parts; q++)
		pr->part_factor[q] = part_jf ? (double)part_jf[q] / max_jf : 1.0;
	return 0;
}

void priority_free(struct priority *pr)
{
	free(pr->principal);
	free(pr->share);
	free(pr->usage);
	free(pr->part_factor);
	memset(pr, 0, sizeof *pr);
}

double priority_fairshare(const struct priority *pr, size_t job)
{
	if (pr->usage_total <= 0)
		return 1.0;
	int32_t p = pr->principal[job];
	double u = pr->usage[p] / pr->usage_total;
	return exp2(-u / pr->share[p]);
}

double priority_of(const struct priority *pr, size_t job, int part,
		   int32_t cpus, int64_t submit_ms, int64_t now_ms)
{
	const struct slurm_conf *c = pr->conf;
	if (c->priority_type == PRIORITY_BASIC)
		return 0;
	double age = 1.0;
	if (c->max_age_ms > 0) {
		age = (double)(now_ms - submit_ms) / (double)c->max_age_ms;
		age = age < 0 ? 0 : age > 1 ? 1 : age;
	}
	double size = (double)cpus / (double)pr->total_cpus;
	if (size > 1)
		size = 1;
	if (c->favor_small)
		size = 1 - size;
	double pf = part >= 0 && part < pr->n_parts ? pr->part_factor[part] : 1;
	/* Slurm keeps an integer priority: the weighted sum, truncated. */
	return floor(c->weight_age * age +
		     c->weight_fairshare * priority_fairshare(pr, job) +
		     c->weight_jobsize * size + c->weight_partition * pf);
}

void priority_charge(struct priority *pr, size_t job, double cpu_s)
{
	if (job >= pr->n_jobs || cpu_s <= 0)
		return;
	pr->usage[pr->principal[job]] += cpu_s;
	pr->usage_total += cpu_s;
}

void priority_decay(struct priority *pr, int64_t now_ms)
{
	int64_t dt = now_ms - pr->decayed_at_ms;
	pr->decayed_at_ms = now_ms;
	if (dt <= 0 || pr->conf->decay_half_life_ms <= 0)
		return;
	double f = exp2(-(double)dt / (double)pr->conf->decay_half_life_ms);
	pr->usage_total = 0;
	for (size_t i = 0; i < pr->n_principals; i++) {
		pr->usage[i] *= f;
		pr->usage_total += pr->usage[i];
	}
}
