/*
 * Joining the results DBs of sweep shards (`pclsim merge OUT IN...`): the
 * runs of every input, in input order, go into one new DB with their ids
 * renumbered (1, 2, ... across the inputs) and every run_id reference
 * rewritten to match.  Any table of the current schema is copied, column
 * by column where both sides have the column, so a DB written by a build
 * that added columns within schema version 1 still merges.  The output is
 * built beside OUT and renamed over it only when complete.
 */
#ifndef PCLSIM_SHARD_H
#define PCLSIM_SHARD_H

#include <stddef.h>
#include <stdint.h>

/* Merges inputs[0..n) into out (replacing it).  *n_runs (may be NULL) gets
 * the number of runs merged.  Returns 0, or -1 with a message naming the
 * file in err; out is then left as it was. */
int shard_merge(const char *out, const char *const *inputs, size_t n,
		int64_t *n_runs, char *err, size_t err_size);

#endif
