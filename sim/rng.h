/*
 * Named random streams.  Every stochastic process of a run (boot latency,
 * Spot interruptions of one capacity pool, capacity failures, workload
 * generation, ...) draws from its own GSL generator, seeded from
 * (run seed, stream name, replication).  Drawing from one stream never shifts
 * another, which is what makes what-if comparisons fair: two configurations
 * run with the same seed see the same interruptions in the pools they share
 * (common random numbers).
 */
#ifndef PCLSIM_RNG_H
#define PCLSIM_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* The 64-bit seed derived for a stream; exposed for tests and for logging
 * which seed a stream used. */
uint64_t rng_stream_seed(uint64_t run_seed, const char *name,
			 uint32_t replication);

/* A new Mersenne-Twister generator for the stream, or NULL when out of
 * memory.  Free with gsl_rng_free(). */
gsl_rng *rng_stream_new(uint64_t run_seed, const char *name,
			uint32_t replication);

#endif
