/*
 * Measuring helpers shared by the benchmark programs: a monotonic clock, the
 * median of a few samples, and running a child process to get its wall
 * time, CPU time and peak resident memory from wait4(), so the harness needs
 * neither GNU time nor a shell's timer (both round to 10 ms, too coarse for
 * a run that should take 0.2 s).
 */
#ifndef PCLSIM_BENCHLIB_H
#define PCLSIM_BENCHLIB_H

#include <stddef.h>

/* Milliseconds on the monotonic clock since an arbitrary origin. */
double bench_now_ms(void);

/* CPU milliseconds this process has used.  On a shared machine the wall
 * clock measures the neighbours too; a single-threaded program's CPU time
 * is what its wall time would be on an idle one. */
double bench_cpu_ms(void);

/* The median of v[0..n) (sorts v in place); 0 when n is 0. */
double bench_median(double *v, size_t n);

struct bench_child {
	double wall_s;        /* fork to reaped */
	double user_s, sys_s; /* CPU time of the child */
	long maxrss_kib;      /* peak resident set of the child */
	int status;           /* exit status; 128 + N when killed by signal N;
			       * 127 when the program could not be started;
			       * BENCH_TIMED_OUT when killed at the timeout */
};

#define BENCH_TIMED_OUT 124   /* as timeout(1) says it */

struct bench_exec_opts {
	const char *stdout_path;  /* NULL: inherited */
	const char *stderr_path;  /* NULL: inherited */
	double timeout_s;         /* killed after this long; 0: no limit */
	long mem_limit_mib;       /* address-space cap (RLIMIT_AS), so a run
				   * that would exhaust a shared machine fails
				   * its allocations instead; 0: none */
};

/* Runs argv[0] (searched in PATH) with argv under the options (NULL: none),
 * waits for it and fills *out.  SIGINT or SIGTERM received meanwhile kill
 * the child too (its status then says so).  Returns 0, or -1 when the child
 * could not be forked or an output file not opened (errno set). */
int bench_exec(char *const argv[], const struct bench_exec_opts *o,
	       struct bench_child *out);

#endif
