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

/* Waits for SIGCHLD up to timeout_s (0: forever); kills pid at the timeout.
 * Returns 1 when it had to kill. */
static int await_child(pid_t pid, const sigset_t *chld, double timeout_s)
{
	if (timeout_s <= 0)
		return 0;
	double deadline = bench_now_ms() + timeout_s * 1e3;
	for (;;) {
		double left_ms = deadline - bench_now_ms();
		if (left_ms <= 0)
			break;
		long long left_ns = (long long)(left_ms * 1e6);
		struct timespec ts = { .tv_sec = (time_t)(left_ns / 1000000000),
				       .tv_nsec = (long)(left_ns % 1000000000) };
		if (sigtimedwait(chld, NULL, &ts) == SIGCHLD) {
			/* Some child ended: ours only if it is now a zombie. */
			siginfo_t si = { 0 };
			if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
			    si.si_pid == pid)
				return 0;
		}
	}
	kill(pid, SIGKILL);
	return 1;
}

int bench_exec(char *const argv[], const char *stdout_path,
	       const char *stderr_path, double timeout_s,
	       struct bench_child *out)
{
	/* Opened once in the parent first so a bad path is the caller's error,
	 * not an exit status 127 that looks like a missing program. */
	const char *paths[2] = { stdout_path, stderr_path };
	for (int i = 0; i < 2; i++) {
		if (!paths[i])
			continue;
		int f = open(paths[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (f < 0)
			return -1;
		close(f);
	}
	/* SIGCHLD is blocked so sigtimedwait() can take it; the child gets
	 * the caller's mask back before exec. */
	sigset_t chld, old;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	double t0 = bench_now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (redirect(STDOUT_FILENO, stdout_path) ||
		    redirect(STDERR_FILENO, stderr_path))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	int killed = await_child(pid, &chld, timeout_s);
	int status;
	struct rusage ru;
	int rc;
	while ((rc = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
		;
	/* Drop the SIGCHLD still pending from our child before unblocking. */
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
	out->status = killed ? BENCH_TIMED_OUT
		    : WIFEXITED(status) ? WEXITSTATUS(status)
		    : 128 + WTERMSIG(status);
	return 0;
}
