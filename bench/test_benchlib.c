/*
 * Tests for the benchmark helpers: the median, and bench_exec's status,
 * output redirection and resource figures (no timing assertions: only that
 * the figures are filled and ordered sensibly).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/benchlib.h"

static void test_median(void **state)
{
	(void)state;
	double odd[] = { 5, 1, 3 };
	assert_true(bench_median(odd, 3) == 3);
	double even[] = { 4, 1, 3, 2 };
	assert_true(bench_median(even, 4) == 2.5);
	double one[] = { 7 };
	assert_true(bench_median(one, 1) == 7);
	assert_true(bench_median(NULL, 0) == 0);
}

static void test_clock_monotonic(void **state)
{
	(void)state;
	double a = bench_now_ms();
	usleep(2000);
	double b = bench_now_ms();
	assert_true(b - a >= 1.0);
}

/* CPU time advances with work done, and not while sleeping. */
static void test_cpu_clock(void **state)
{
	(void)state;
	double c0 = bench_cpu_ms();
	usleep(50000);
	double c1 = bench_cpu_ms();
	volatile double x = 0;
	for (long i = 0; i < 20000000; i++)
		x += (double)i;
	double c2 = bench_cpu_ms();
	assert_true(c1 >= c0);
	assert_true(c2 - c1 > c1 - c0);
}

static void test_exec_status(void **state)
{
	(void)state;
	struct bench_child c;
	char *ok[] = { "true", NULL };
	assert_int_equal(bench_exec(ok, NULL, &c), 0);
	assert_int_equal(c.status, 0);
	assert_true(c.wall_s >= 0);
	assert_true(c.maxrss_kib > 0);

	char *three[] = { "sh", "-c", "exit 3", NULL };
	assert_int_equal(bench_exec(three, NULL, &c), 0);
	assert_int_equal(c.status, 3);

	char *killed[] = { "sh", "-c", "kill -TERM $$", NULL };
	assert_int_equal(bench_exec(killed, NULL, &c), 0);
	assert_int_equal(c.status, 128 + 15);

	char *missing[] = { "pclsim-bench-no-such-program", NULL };
	assert_int_equal(bench_exec(missing, NULL, &c), 0);
	assert_int_equal(c.status, 127);
}

static void test_exec_redirect(void **state)
{
	(void)state;
	char out[] = "/tmp/benchlib_outXXXXXX";
	char err[] = "/tmp/benchlib_errXXXXXX";
	int fo = mkstemp(out), fe = mkstemp(err);
	assert_true(fo >= 0 && fe >= 0);
	close(fo);
	close(fe);
	struct bench_child c;
	char *argv[] = { "sh", "-c", "echo hello; echo oops >&2", NULL };
	struct bench_exec_opts o = { .stdout_path = out, .stderr_path = err };
	assert_int_equal(bench_exec(argv, &o, &c), 0);
	assert_int_equal(c.status, 0);
	char buf[64] = { 0 };
	FILE *f = fopen(out, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "hello\n");
	f = fopen(err, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "oops\n");
	unlink(out);
	unlink(err);

	/* An output path that cannot be opened is the caller's error. */
	struct bench_exec_opts bad = { .stdout_path = "/nonexistent-dir/x" };
	assert_int_equal(bench_exec(argv, &bad, &c), -1);
}

/* A child past its timeout is killed and reported as timed out; one that
 * ends first keeps its own status.  Other children's SIGCHLD (the sleeping
 * grandchild's shell) must not end the wait early. */
static void test_exec_timeout(void **state)
{
	(void)state;
	struct bench_child c;
	char *slow[] = { "sleep", "30", NULL };
	struct bench_exec_opts short_limit = { .timeout_s = 0.2 };
	assert_int_equal(bench_exec(slow, &short_limit, &c), 0);
	assert_int_equal(c.status, BENCH_TIMED_OUT);

	struct bench_exec_opts long_limit = { .timeout_s = 30 };
	char *quick[] = { "sh", "-c", "exit 5", NULL };
	assert_int_equal(bench_exec(quick, &long_limit, &c), 0);
	assert_int_equal(c.status, 5);

	char *nested[] = { "sh", "-c", "sh -c 'exit 0'; exit 6", NULL };
	assert_int_equal(bench_exec(nested, &long_limit, &c), 0);
	assert_int_equal(c.status, 6);
}

#define TOUCH_MIB 64

/* The child's side of test_exec_rusage: touch TOUCH_MIB of memory. */
static int touch_memory(void)
{
	size_t n = (size_t)TOUCH_MIB << 20;
	volatile char *p = malloc(n);
	if (!p)
		return 1;
	for (size_t i = 0; i < n; i += 4096)
		p[i] = 1;
	free((void *)p);
	return 0;
}

/* The peak memory reported is the child's: this test program run again to
 * touch 64 MiB shows at least that much more than a trivial shell. */
static void test_exec_rusage(void **state)
{
	(void)state;
	struct bench_child small, big;
	char *s[] = { "sh", "-c", ":", NULL };
	char *b[] = { "/proc/self/exe", "--touch-memory", NULL };
	assert_int_equal(bench_exec(s, NULL, &small), 0);
	assert_int_equal(bench_exec(b, NULL, &big), 0);
	assert_int_equal(big.status, 0);
	assert_true(big.maxrss_kib > small.maxrss_kib + TOUCH_MIB * 1024 / 2);
	assert_true(big.maxrss_kib >= TOUCH_MIB * 1024);
}

/* Under a memory cap below what it touches, the child's allocation fails
 * (touch_memory returns 1); with room to spare it succeeds.  AddressSanitizer
 * reserves terabytes of address space for its shadow, so an address-space
 * cap means nothing to the sanitized build: skipped there. */
static void test_exec_mem_limit(void **state)
{
	(void)state;
#ifdef __SANITIZE_ADDRESS__
	skip();
#endif
	struct bench_child c;
	char *b[] = { "/proc/self/exe", "--touch-memory", NULL };
	struct bench_exec_opts tight = { .mem_limit_mib = TOUCH_MIB / 2 };
	assert_int_equal(bench_exec(b, &tight, &c), 0);
	assert_int_not_equal(c.status, 0);
	struct bench_exec_opts roomy = { .mem_limit_mib = 64 * 1024 };
	assert_int_equal(bench_exec(b, &roomy, &c), 0);
	assert_int_equal(c.status, 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--touch-memory"))
		return touch_memory();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median),
		cmocka_unit_test(test_clock_monotonic),
		cmocka_unit_test(test_cpu_clock),
		cmocka_unit_test(test_exec_status),
		cmocka_unit_test(test_exec_redirect),
		cmocka_unit_test(test_exec_rusage),
		cmocka_unit_test(test_exec_timeout),
		cmocka_unit_test(test_exec_mem_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
