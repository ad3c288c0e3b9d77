/*
 * Stream seeding: FNV-1a over the stream name, mixed with the run seed and the
 * replication through SplitMix64 so that neighbouring seeds and names give
 * unrelated generator states.
 */
#include "sim/rng.h"

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

uint64_t rng_stream_seed(uint64_t run_seed, const char *name,
			 uint32_t replication)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	return splitmix64(splitmix64(run_seed ^ h) + replication);
}

gsl_rng *rng_stream_new(uint64_t run_seed, const char *name,
			uint32_t replication)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r)
		return NULL;
	uint64_t s = rng_stream_seed(run_seed, name, replication);
	/* mt19937 treats seed 0 as its default seed; avoid the alias. */
	gsl_rng_set(r, (unsigned long)(s ? s : 1));
	return r;
}
