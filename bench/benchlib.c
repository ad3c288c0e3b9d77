/*
 * Measuring helpers for the benchmark programs (see benchlib.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/benchlib.h"

double bench_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

double bench_cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double bench_median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* In the child: points fd at path, or leaves it when path is NULL. */
static int redirect(int fd, const char *path)
{
	if (!path)
		return 0;
	int f = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f < 0)
		return -1;
	int rc = dup2(f, fd);
	close(f);
	return rc < 0 ? -1 : 0;
}

/* In the child: the limits, the redirections, then the program. */
static void child(char *const argv[], const struct bench_exec_opts *o,
		  const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
	if (o->mem_limit_mib > 0) {
		rlim_t cap = (rlim_t)o->mem_limit_mib << 20;
		struct rlimit rl = { cap, cap };
		if (setrlimit(RLIMIT_AS, &rl))
			_exit(127);
	}
	if (redirect(STDOUT_FILENO, o->stdout_path) ||
	    redirect(STDERR_FILENO, o->stderr_path))
		_exit(127);
	execvp(argv[0], argv);
	_exit(127);
}

/* Waits until the child ends, the timeout passes (0: never) or SIGINT or
 * SIGTERM arrives; kills the child in the last two cases.  Returns 0 when
 * it ended by itself, BENCH_TIMED_OUT, or 128 + the signal. */
static int await_child(pid_t pid, const sigset_t *wait_set, double timeout_s)
{
	double deadline = bench_now_ms() + timeout_s * 1e3;
	for (;;) {
		int sig;
		if (timeout_s > 0) {
			double left_ms = deadline - bench_now_ms();
			if (left_ms <= 0) {
				kill(pid, SIGKILL);
				return BENCH_TIMED_OUT;
			}
			long long left_ns = (long long)(left_ms * 1e6);
			struct timespec ts = {
				.tv_sec = (time_t)(left_ns / 1000000000),
				.tv_nsec = (long)(left_ns % 1000000000) };
			sig = sigtimedwait(wait_set, NULL, &ts);
		} else {
			sig = sigwaitinfo(wait_set, NULL);
		}
		if (sig == SIGINT || sig == SIGTERM) {
			kill(pid, SIGKILL);
			return 128 + sig;
		}
		if (sig == SIGCHLD) {
			/* Some child ended: ours only if it is now a zombie. */
			siginfo_t si = { 0 };
			if (waitid(P_PID, (id_t)pid, &si,
				   WEXITED | WNOHANG | WNOWAIT) == 0 &&
			    si.si_pid == pid)
				return 0;
		}
	}
}

int bench_exec(char *const argv[], const struct bench_exec_opts *opts,
	       struct bench_child *out)
{
	static const struct bench_exec_opts none = { 0 };
	const struct bench_exec_opts *o = opts ? opts : &none;
	/* Opened once in the parent first so a bad path is the caller's error,
	 * not an exit status 127 that looks like a missing program. */
	const char *paths[2] = { o->stdout_path, o->stderr_path };
	for (int i = 0; i < 2; i++) {
		if (!paths[i])
			continue;
		int f = open(paths[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (f < 0)
			return -1;
		close(f);
	}
	/* The signals waited for are blocked so sigtimedwait() can take
	 * them; the child gets the caller's mask back before exec. */
	sigset_t wait_set, old;
	sigemptyset(&wait_set);
	sigaddset(&wait_set, SIGCHLD);
	sigaddset(&wait_set, SIGINT);
	sigaddset(&wait_set, SIGTERM);
	sigprocmask(SIG_BLOCK, &wait_set, &old);
	double t0 = bench_now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	if (pid == 0)
		child(argv, o, &old);
	int stopped = await_child(pid, &wait_set, o->timeout_s);
	int status;
	struct rusage ru;
	int rc;
	while ((rc = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
		;
	/* Drop our child's SIGCHLD, still pending, before unblocking. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	struct timespec zero = { 0, 0 };
	while (sigtimedwait(&chld, NULL, &zero) == SIGCHLD)
		;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc < 0)
		return -1;
	out->wall_s = (bench_now_ms() - t0) / 1e3;
	out->user_s = tv_s(ru.ru_utime);
	out->sys_s = tv_s(ru.ru_stime);
	out->maxrss_kib = ru.ru_maxrss;   /* Linux reports KiB */
	out->status = stopped ? stopped
		    : WIFEXITED(status) ? WEXITSTATUS(status)
		    : 128 + WTERMSIG(status);
	return 0;
}
