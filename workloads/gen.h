/*
 * Synthetic workloads for users without a trace, and for benchmarks.
 *
 * "lublin": the Lublin & Feitelson model of rigid parallel jobs (U. Lublin,
 * D. G. Feitelson, "The workload on parallel supercomputers: modeling the
 * characteristics of rigid jobs", JPDC 63(11):1105-1122, 2003): job sizes
 * from a two-stage uniform distribution on log2(size) with extra weight on
 * serial and power-of-two jobs, runtimes from a hyper-Gamma distribution
 * (on log runtime) whose mixing depends on the size, and arrivals from a
 * Gamma inter-arrival time modulated by a daily cycle.  "lublin" uses the
 * model's whole-sample fit; "lublin-typed" interleaves its separate batch
 * and interactive fits.
 *
 * "uniform": sizes uniform on 1..max_cpus, runtimes uniform on
 * [1 s, max_runtime_s], Poisson arrivals; a plain baseline for benchmarks.
 *
 * Draws come from the run's "workload" random stream (sim/rng.h), so a seed
 * gives the same trace on every machine.
 */
#ifndef PCLSIM_GEN_H
#define PCLSIM_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "sim/diag.h"
#include "workloads/job.h"

enum gen_model { GEN_LUBLIN, GEN_LUBLIN_TYPED, GEN_UNIFORM };

struct gen_opts {
	enum gen_model model;
	size_t jobs;
	int32_t max_cpus;        /* the machine size P: no job is larger */
	uint64_t seed;
	/* Offered load on max_cpus to rescale arrivals to (sum of cpus x
	 * runtime over max_cpus x submit span); <= 0 keeps the model's own
	 * arrivals (lublin) or uses GEN_DEFAULT_LOAD (uniform). */
	double load;
	double max_runtime_s;    /* uniform model; <= 0: GEN_DEFAULT_MAX_RUNTIME_S */
};

#define GEN_DEFAULT_LOAD 0.8
#define GEN_DEFAULT_MAX_RUNTIME_S 3600.0

void gen_opts_init(struct gen_opts *o);

/* Fills out (trace_init'ed, empty).  Returns 0, or -1 with errors in d. */
int trace_generate(const struct gen_opts *o, struct trace *out,
		   struct diags *d);

/* sum(cpus x runtime) / (cpus_total x (last submit - first submit)); 0 when
 * the span is 0. */
double trace_offered_load(const struct trace *t, int32_t cpus_total);

/* gen_model from "lublin", "lublin-typed" or "uniform"; -1 when unknown. */
int gen_model_parse(const char *name, enum gen_model *out);

#endif
