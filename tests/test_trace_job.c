/* The job record and the trace array: defaults, growth, and the stable
 * (submit, id) sort every reader relies on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "workloads/job.h"

static void job_init_marks_absent(void **state)
{
	(void)state;
	struct job j;
	job_init(&j);
	assert_int_equal(j.id, -1);
	assert_int_equal(j.time_limit_ms, -1);
	assert_int_equal(j.depends_on, -1);
	assert_int_equal(j.partition, JOB_NO_STR);
	assert_int_equal(j.user, JOB_NO_STR);
	assert_int_equal(j.account, JOB_NO_STR);
	assert_int_equal(j.constraint, JOB_NO_STR);
	assert_int_equal(j.mem_mb, 0);
	assert_int_equal(j.flags, 0);
	assert_true(j.read_gb < 0 && j.write_gb < 0);
	assert_true(j.compress_ratio < 0 && j.comm_fraction < 0);
}

static void push_grows(void **state)
{
	(void)state;
	struct trace t;
	trace_init(&t);
	struct job j;
	job_init(&j);
	for (int i = 0; i < 10000; i++) {
		j.id = i;
		j.submit_ms = 1000 * i;
		assert_int_equal(trace_push(&t, &j), 0);
	}
	assert_int_equal(t.n, 10000);
	assert_true(t.cap >= t.n);
	assert_int_equal(t.jobs[9999].id, 9999);
	assert_int_equal(t.jobs[1234].submit_ms, 1234000);
	trace_free(&t);
	assert_null(t.jobs);
}

static void sort_by_submit_then_id_stable(void **state)
{
	(void)state;
	struct trace t;
	trace_init(&t);
	struct job j;
	job_init(&j);
	/* (submit, id, line): two jobs share (5, 1); file order must hold. */
	const int64_t rows[][3] = {
		{ 5, 2, 1 }, { 5, 1, 2 }, { 0, 9, 3 }, { 5, 1, 4 }, { 3, 7, 5 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		j.submit_ms = rows[i][0];
		j.id = rows[i][1];
		j.line = (int32_t)rows[i][2];
		trace_push(&t, &j);
	}
	trace_sort(&t);
	const int32_t want_lines[] = { 3, 5, 2, 4, 1 };
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(t.jobs[i].line, want_lines[i]);
	trace_free(&t);
}

static void sort_large_reverse(void **state)
{
	(void)state;
	struct trace t;
	trace_init(&t);
	struct job j;
	job_init(&j);
	const int n = 100003;   /* not a power of two: exercises odd runs */
	for (int i = 0; i < n; i++) {
		j.id = i;
		j.submit_ms = (int64_t)(n - i) / 3;   /* groups of equal times */
		trace_push(&t, &j);
	}
	trace_sort(&t);
	for (int i = 1; i < n; i++) {
		const struct job *a = &t.jobs[i - 1], *b = &t.jobs[i];
		assert_true(a->submit_ms < b->submit_ms ||
			    (a->submit_ms == b->submit_ms && a->id < b->id));
	}
	trace_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(job_init_marks_absent),
		cmocka_unit_test(push_grows),
		cmocka_unit_test(sort_by_submit_then_id_stable),
		cmocka_unit_test(sort_large_reverse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
