/*
 * run_stats_compute gathers, in its one read of the job records, what the
 * summary used to read them again for: each queue's rejected jobs and the
 * run's I/O, communication, lost and run time (the same sums as
 * job_totals_of).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sim/job_totals.h"
#include "sim/stats.h"

static struct job_record rec(int32_t queue, uint8_t state, int64_t start_ms,
			     int64_t end_ms, int64_t io_ms, int64_t lost_ms)
{
	struct job_record j;
	memset(&j, 0, sizeof j);
	j.queue = queue;
	j.state = state;
	j.submit_ms = 0;
	j.start_ms = start_ms;
	j.end_ms = end_ms;
	j.wait_ms = start_ms >= 0 ? start_ms : 0;
	j.io_ms = io_ms;
	j.comm_ms = 2 * io_ms;
	j.lost_ms = lost_ms;
	return j;
}

static void rejected_and_totals_in_one_read(void **state)
{
	(void)state;
	struct job_record jobs[] = {
		rec(0, JOB_ST_COMPLETED, 1000, 5000, 300, 0),
		rec(1, JOB_ST_REJECTED, -1, -1, 0, 0),
		rec(1, JOB_ST_REJECTED, -1, -1, 0, 0),
		rec(0, JOB_ST_REJECTED, -1, -1, 0, 0),
		rec(1, JOB_ST_COMPLETED, 2000, 9000, 50, 700),
		rec(1, JOB_ST_PENDING, -1, -1, 0, 0),
	};
	struct run_result r;
	memset(&r, 0, sizeof r);
	r.jobs = jobs;
	r.n_jobs = sizeof jobs / sizeof jobs[0];
	r.n_queues = 2;
	struct run_stats st;
	assert_int_equal(run_stats_compute(&r, &st), 0);
	assert_int_equal(st.queues[0].rejected, 1);
	assert_int_equal(st.queues[1].rejected, 2);
	assert_int_equal(st.by_state[JOB_ST_REJECTED], 3);
	struct job_totals t;
	job_totals_of(&r, &t);
	assert_int_equal(t.run_ms, 4000 + 7000);
	assert_int_equal(t.io_ms, 350);
	assert_int_equal(t.lost_ms, 700);
	assert_memory_equal(&st.totals, &t, sizeof t);
	run_stats_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rejected_and_totals_in_one_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
