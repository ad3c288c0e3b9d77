/* trace info's statistics on a trace small enough to check by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "trace_test_util.h"
#include "workloads/trace_stats.h"

static void hand_checked(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	/* 4 jobs over 3 hours of submissions: 1x1h, 2x1h, 4x2h, 1x0.5h
	 * = 1 + 2 + 8 + 0.5 = 11.5 core-hours. */
	const char *csv = "submit,runtime,cpus,user,partition\n"
			  "0,3600,1,a,p\n3600,3600,2,b,p\n"
			  "7200,7200,4,a,q\n10800,1800,1,c,\n";
	assert_int_equal(read_text(csv, TRACE_CSV, 0, &t, &d), 0);
	struct trace_stats s;
	assert_int_equal(trace_stats_compute(&t, 0.5, &s), 0);
	assert_int_equal(s.jobs, 4);
	assert_true(fabs(s.span_s - 10800) < 1e-9);
	assert_true(fabs(s.end_span_s - 14400) < 1e-9);
	assert_true(fabs(s.submits_per_hour - 4.0 / 3.0) < 1e-9);
	assert_true(fabs(s.core_hours - 11.5) < 1e-9);
	/* 11.5 core-hours over 3 h at 50 %. */
	assert_true(fabs(s.cores_needed - 11.5 / 3 / 0.5) < 1e-9);
	assert_true(s.cpus.min == 1 && s.cpus.max == 4);
	assert_true(fabs(s.cpus.p50 - 1.5) < 1e-9);
	assert_true(fabs(s.cpus.mean - 2.0) < 1e-9);
	assert_true(s.runtime_s.min == 1800 && s.runtime_s.max == 7200);
	assert_int_equal(s.users, 3);
	assert_int_equal(s.partitions, 2);
	assert_int_equal(trace_stats_compute(&t, 0, &s), -1);
	assert_int_equal(trace_stats_compute(&t, 1.5, &s), -1);
	trace_free(&t);
	diags_free(&d);
}

static void all_at_once_uses_end_span(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	assert_int_equal(read_text("submit,runtime,cpus\n0,3600,8\n0,1800,8\n",
				   TRACE_CSV, 0, &t, &d), 0);
	struct trace_stats s;
	assert_int_equal(trace_stats_compute(&t, 1, &s), 0);
	assert_true(s.span_s == 0 && s.submits_per_hour == 0);
	assert_true(fabs(s.cores_needed - 12.0) < 1e-9);   /* 12 core-h / 1 h */
	trace_free(&t);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_checked),
		cmocka_unit_test(all_at_once_uses_end_span),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
