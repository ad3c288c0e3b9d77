/*
 * Measuring helpers for the benchmark programs (see benchlib.h).
 */
#include <errno.h>
#include <fcntl.h>
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

int bench_exec(char *const argv[], const char *stdout_path,
	       const char *stderr_path, struct bench_child *out)
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
	double t0 = bench_now_ms();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (redirect(STDOUT_FILENO, stdout_path) ||
		    redirect(STDERR_FILENO, stderr_path))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	out->wall_s = (bench_now_ms() - t0) / 1e3;
	out->user_s = tv_s(ru.ru_utime);
	out->sys_s = tv_s(ru.ru_stime);
	out->maxrss_kib = ru.ru_maxrss;   /* Linux reports KiB */
	out->status = WIFEXITED(status) ? WEXITSTATUS(status)
					: 128 + WTERMSIG(status);
	return 0;
}
