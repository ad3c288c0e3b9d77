/*
 * The synthetic workload generator; see gen.h for the models.
 *
 * Lublin-Feitelson parameters are the published ones (JPDC 2003, and the
 * authors' reference generator lublin99.c from the Parallel Workloads
 * Archive).  `lublin` uses the model's whole-sample ("typeless") fit, the
 * one the reference trace lublin_256.swf was made with:
 *   serial fraction 0.244, power-of-two fraction 0.576, log2 size
 *   two-stage uniform (0.8, UHi-2.5, UHi, 0.86), log runtime hyper-Gamma
 *   (4.2, 0.94, 312, 0.03) with (pa, pb) = (-0.0054, 0.78), log
 *   inter-arrival Gamma(10.2303*1.0225, 0.4871), daily weights
 *   Gamma(8.1737, 3.9631).
 * `lublin-typed` interleaves the batch / interactive fits:
 *   serial fraction 0.2927 / 0.1541, power-of-two fraction 0.6686 / 0.625,
 *   log2 size two-stage uniform (ULow, UMed, UHi, UProb) =
 *     (1.2, UHi-2, UHi, 0.875) / (1, UHi-4, UHi-1.5, 0.705)
 *     -- the published fit has UHi = 7 (128 processors) with UMed = 5 / 3
 *     and interactive UHi = 5.5; here UHi = log2(max_cpus) and UMed keeps
 *     its published distance below UHi, as the paper advises
 *     (UMed in [UHi-3.5, UHi-1.5]);
 *   log runtime hyper-Gamma (a1, b1, a2, b2) = (6.57, 0.823, 639.1, 0.0156)
 *     / (3.8351, 0.6605, 7.073, 0.6856), mixing p = pa*size + pb with
 *     (pa, pb) = (-0.003, 0.6986) / (-0.0118, 0.9156), runtimes above
 *     e^12 s redrawn;
 *   log inter-arrival Gamma(aarr*arar, barr) = (6.0415*1.0519, 0.8531) /
 *     (6.5510*0.9797, 0.6621), redrawn above e^13 s, spread over a day of
 *     48 half-hour buckets weighted by Gamma(anum, bnum) = (6.1271, 5.2740)
 *     / (8.9186, 3.6680) taken over the day starting at 05:30 (bucket 11),
 *     the first job's day starting at midnight.
 */
#include "workloads/gen.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "sim/rng.h"

#define BUCKETS 48
#define BUCKET_S (86400.0 / BUCKETS)
#define DAY_SHIFT_BUCKETS 11
#define MAX_LOG_RUNTIME 12.0
#define MAX_LOG_INTERARRIVAL 13.0

enum { INTERACTIVE = 0, BATCH = 1 };

struct lublin_params {
	double serial, pow2, ulow, umed_below_uhi, uhi_below_max, uprob;
	double a1, b1, a2, b2, pa, pb;
	double aarr, barr, anum, bnum;
};

static const struct lublin_params lublin_typeless = {
	0.244, 0.576, 0.8, 2.5, 0.0, 0.86,
	4.2, 0.94, 312, 0.03, -0.0054, 0.78,
	10.2303 * 1.0225, 0.4871, 8.1737, 3.9631,
};

static const struct lublin_params lublin[2] = {
	[INTERACTIVE] = { 0.1541, 0.625, 1.0, 2.5, 1.5, 0.705,
			  3.8351, 0.6605, 7.073, 0.6856, -0.0118, 0.9156,
			  6.5510 * 0.9797, 0.6621, 8.9186, 3.6680 },
	[BATCH] = { 0.2927, 0.6686, 1.2, 2.0, 0.0, 0.875,
		    6.57, 0.823, 639.1, 0.0156, -0.003, 0.6986,
		    6.0415 * 1.0519, 0.8531, 6.1271, 5.2740 },
};

/* One arrival stream: its daily weights and where it stands in the day. */
struct arrivals {
	double weight[BUCKETS];
	int bucket;
	double points, remainder;
	double next_s;           /* the stream's next arrival time */
};

void gen_opts_init(struct gen_opts *o)
{
	memset(o, 0, sizeof *o);
	o->model = GEN_LUBLIN;
}

int gen_model_parse(const char *name, enum gen_model *out)
{
	if (!strcasecmp(name, "lublin"))
		*out = GEN_LUBLIN;
	else if (!strcasecmp(name, "lublin-typed"))
		*out = GEN_LUBLIN_TYPED;
	else if (!strcasecmp(name, "uniform"))
		*out = GEN_UNIFORM;
	else
		return -1;
	return 0;
}

static void arrivals_init(struct arrivals *a, const struct lublin_params *p)
{
	memset(a, 0, sizeof *a);
	double mean = 0;
	for (int i = DAY_SHIFT_BUCKETS; i < BUCKETS + DAY_SHIFT_BUCKETS; i++) {
		int idx = (i - 1) % BUCKETS;
		a->weight[idx] = gsl_cdf_gamma_P(i + 0.5, p->anum, p->bnum) -
				 gsl_cdf_gamma_P(i - 0.5, p->anum, p->bnum);
		mean += a->weight[idx];
	}
	mean /= BUCKETS;
	for (int i = 0; i < BUCKETS; i++)
		a->weight[i] /= mean;
}

/* Advances the stream by one inter-arrival time: the Gamma draw is a number
 * of "rush-hour seconds", paid for bucket by bucket at each bucket's
 * weight, so quiet hours stretch the gap and busy hours shrink it. */
static void arrivals_next(struct arrivals *a, const struct lublin_params *p,
			  gsl_rng *rng)
{
	double g;
	do
		g = gsl_ran_gamma(rng, p->aarr, p->barr);
	while (g > MAX_LOG_INTERARRIVAL);
	a->points += exp(g) / BUCKET_S;
	double gap = 0;
	while (a->points > a->weight[a->bucket]) {
		a->points -= a->weight[a->bucket];
		a->bucket = (a->bucket + 1) % BUCKETS;
		gap += BUCKET_S;
	}
	double rem = a->points / a->weight[a->bucket];
	gap += BUCKET_S * (rem - a->remainder);
	a->remainder = rem;
	a->next_s += gap;
}

static int32_t lublin_size(const struct lublin_params *p, double log2_max,
			   int32_t max_cpus, gsl_rng *rng)
{
	double u = gsl_rng_uniform(rng);
	if (u <= p->serial || max_cpus == 1)
		return 1;
	double hi = log2_max - p->uhi_below_max;
	double lo = fmin(p->ulow, hi);
	double med = fmax(lo, hi - p->umed_below_uhi);
	double x = gsl_rng_uniform(rng) <= p->uprob
		? gsl_ran_flat(rng, lo, med) : gsl_ran_flat(rng, med, hi);
	if (u <= p->serial + p->pow2)
		x = floor(x + 0.5);
	double size = floor(pow(2.0, x) + 0.5);
	if (size < 1)
		size = 1;
	return size > max_cpus ? max_cpus : (int32_t)size;
}

static double lublin_runtime_s(const struct lublin_params *p, int32_t size,
			       gsl_rng *rng)
{
	double mix = fmin(1.0, fmax(0.0, p->pa * size + p->pb));
	double hg;
	do {
		int first = gsl_rng_uniform(rng) <= mix;
		hg = first ? gsl_ran_gamma(rng, p->a1, p->b1)
			   : gsl_ran_gamma(rng, p->a2, p->b2);
	} while (hg > MAX_LOG_RUNTIME);
	return floor(exp(hg));
}

/* With `typed`, batch and interactive jobs are two arrival streams and
 * each job takes the type of whichever stream arrives first; otherwise one
 * stream with the whole-sample fit. */
static int gen_lublin(const struct gen_opts *o, int typed, struct trace *t,
		      gsl_rng *rng, struct diags *d)
{
	struct arrivals arr[2];
	const struct lublin_params *par[2] = { &lublin[INTERACTIVE], &lublin[BATCH] };
	if (!typed)
		par[INTERACTIVE] = &lublin_typeless;
	double log2_max = log2((double)o->max_cpus);
	for (int k = 0; k < 2; k++) {
		arrivals_init(&arr[k], par[k]);
		arrivals_next(&arr[k], par[k], rng);
	}
	if (!typed)
		arr[BATCH].next_s = HUGE_VAL;
	for (size_t i = 0; i < o->jobs; i++) {
		int k = arr[BATCH].next_s < arr[INTERACTIVE].next_s
			? BATCH : INTERACTIVE;
		struct job j;
		job_init(&j);
		j.id = (int64_t)i + 1;
		j.submit_ms = llround(arr[k].next_s * 1000.0);
		arrivals_next(&arr[k], par[k], rng);
		j.cpus = lublin_size(par[k], log2_max, o->max_cpus, rng);
		double rt = lublin_runtime_s(par[k], j.cpus, rng);
		j.runtime_ms = (int64_t)(rt < 1 ? 1 : rt) * 1000;
		if (trace_push(t, &j) != 0) {
			diag_error(d, NULL, 0, 0, "out of memory generating job %zu", i + 1);
			return -1;
		}
	}
	return 0;
}

static int gen_uniform(const struct gen_opts *o, struct trace *t,
		       gsl_rng *rng, struct diags *d)
{
	double max_rt = o->max_runtime_s > 0 ? o->max_runtime_s
					     : GEN_DEFAULT_MAX_RUNTIME_S;
	double load = o->load > 0 ? o->load : GEN_DEFAULT_LOAD;
	/* Mean work per job over the machine's capacity per second gives
	 * the mean gap that offers `load`. */
	double mean_work = (1.0 + o->max_cpus) / 2.0 * (1.0 + max_rt) / 2.0;
	double mean_gap = mean_work / (o->max_cpus * load);
	double now = 0;
	for (size_t i = 0; i < o->jobs; i++) {
		struct job j;
		job_init(&j);
		j.id = (int64_t)i + 1;
		j.submit_ms = llround(now * 1000.0);
		j.cpus = 1 + (int32_t)gsl_rng_uniform_int(rng, (unsigned long)o->max_cpus);
		j.runtime_ms = llround(gsl_ran_flat(rng, 1.0, max_rt) * 1000.0);
		now += gsl_ran_exponential(rng, mean_gap);
		if (trace_push(t, &j) != 0) {
			diag_error(d, NULL, 0, 0, "out of memory generating job %zu", i + 1);
			return -1;
		}
	}
	return 0;
}

double trace_offered_load(const struct trace *t, int32_t cpus_total)
{
	if (t->n < 2 || cpus_total <= 0)
		return 0;
	double work = 0;
	int64_t first = t->jobs[0].submit_ms, last = first;
	for (size_t i = 0; i < t->n; i++) {
		work += (double)t->jobs[i].cpus * (double)t->jobs[i].runtime_ms;
		if (t->jobs[i].submit_ms < first)
			first = t->jobs[i].submit_ms;
		if (t->jobs[i].submit_ms > last)
			last = t->jobs[i].submit_ms;
	}
	if (last == first)
		return 0;
	return work / ((double)cpus_total * (double)(last - first));
}

/* Stretches or squeezes the gaps between submissions so that the offered
 * load becomes `load` (sizes and runtimes stay as drawn). */
static void rescale_load(struct trace *t, int32_t cpus, double load)
{
	double now = trace_offered_load(t, cpus);
	if (now <= 0)
		return;
	double f = now / load;
	int64_t first = t->jobs[0].submit_ms;
	for (size_t i = 0; i < t->n; i++)
		t->jobs[i].submit_ms =
			first + llround((double)(t->jobs[i].submit_ms - first) * f);
}

int trace_generate(const struct gen_opts *o, struct trace *out,
		   struct diags *d)
{
	if (o->jobs == 0 || o->max_cpus < 1) {
		diag_error(d, NULL, 0, 0,
			   "generator: need --jobs >= 1 and --max-cpus >= 1");
		return -1;
	}
	if (o->load > 10) {
		diag_error(d, NULL, 0, 0,
			   "generator: --load %.3g is not a plausible offered load (0 < L <= 10)",
			   o->load);
		return -1;
	}
	gsl_rng *rng = rng_stream_new(o->seed, "workload", 0);
	if (!rng) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	int rc = o->model == GEN_UNIFORM
		? gen_uniform(o, out, rng, d)
		: gen_lublin(o, o->model == GEN_LUBLIN_TYPED, out, rng, d);
	gsl_rng_free(rng);
	if (rc != 0)
		return -1;
	out->format = "gen";
	out->max_procs = o->max_cpus;
	trace_sort(out);
	if (o->model != GEN_UNIFORM && o->load > 0)
		rescale_load(out, o->max_cpus, o->load);
	return 0;
}
