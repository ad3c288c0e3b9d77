/*
 * Writing a trace back out, for `pclsim trace convert` and `trace gen`: as
 * pclsim CSV (every field struct job holds, so CSV -> jobs is lossless) or as
 * SWF (what its 18 numeric fields can say; names become numbers).
 */
#ifndef PCLSIM_TRACE_WRITE_H
#define PCLSIM_TRACE_WRITE_H

#include <stdio.h>

#include "workloads/job.h"

/* Both return 0, or -1 when a write failed (ferror). */
int trace_write_csv(FILE *out, const struct trace *t);
int trace_write_swf(FILE *out, const struct trace *t);

#endif
