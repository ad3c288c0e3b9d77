/*
 * Atomic output files.  Every file pclsim writes (JSON, job CSV, results DB,
 * plots' data) goes to a temporary file beside the target and is renamed over
 * it only when complete, so a failed or killed run never leaves a half-written
 * file or clobbers a good one.  Paths that are directories, or that name one
 * of the run's inputs, are refused before any work is done.
 */
#ifndef PCLSIM_OUTFILE_H
#define PCLSIM_OUTFILE_H

#include <stdio.h>

struct outfile {
	char *path;      /* the final name */
	char *tmp_path;  /* where it is written until committed */
	FILE *fp;
};

/* Checks that path can be an output: not a directory, not the same file as
 * any of inputs[0..n_inputs) (NULL entries are skipped).  Returns 0, or -1
 * with a message in err. */
int outfile_check(const char *path, const char *const *inputs, int n_inputs,
		  char *err, size_t err_size);

/* Opens a temporary file next to path.  Returns 0, or -1 with err set. */
int outfile_open(struct outfile *o, const char *path, char *err,
		 size_t err_size);

/* Flushes, syncs and renames over the target.  Returns 0, or -1 with err set
 * (the temporary file is removed and the target left as it was). */
int outfile_commit(struct outfile *o, char *err, size_t err_size);

/* The name template mkstemp() and mkdtemp() fill in: dir_or_path, then
 * suffix, then the six placeholder characters they replace.  A new string
 * (free it), or NULL when out of memory.  Every temporary name pclsim makes
 * comes from here. */
char *temp_template(const char *dir_or_path, const char *suffix);

/* Removes the temporary file; the target is untouched.  Safe to call after a
 * commit or on a zeroed struct. */
void outfile_abort(struct outfile *o);

#endif
