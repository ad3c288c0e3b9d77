/* The storage throughput sampler: one sample per interval with changes
 * (its mean rates), one for the quiet stretch after, bytes conserved,
 * samples bounded by the span whatever the number of changes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <cmocka.h>

#include "models/storage_ts.h"

static void expect(const struct storage_sample *s, int64_t t, double rd,
		   double wr)
{
	if (s->time_ms != t || fabs(s->read_bps - rd) > 1e-6 ||
	    fabs(s->write_bps - wr) > 1e-6)
		fail_msg("sample (%lld, %g, %g), expected (%lld, %g, %g)",
			 (long long)s->time_ms, s->read_bps, s->write_bps,
			 (long long)t, rd, wr);
}

/* A 10 s read at 100 B/s from 5 s, nothing until a 2-minute write at
 * 50 B/s from 1000 s, with a 60 s interval. */
static void burst_quiet_burst(void **state)
{
	(void)state;
	struct storage_ts ts;
	storage_ts_init(&ts, 60000);
	storage_ts_change(&ts, 5000, 100, 0);
	storage_ts_change(&ts, 15000, 0, 0);
	storage_ts_change(&ts, 1000000, 0, 50);
	storage_ts_change(&ts, 1120000, 0, 0);
	struct storage_sample *s;
	size_t n;
	assert_int_equal(storage_ts_take(&ts, &s, &n), 0);
	assert_int_equal(n, 6);
	expect(&s[0], 0, 1000.0 / 60, 0);       /* 1000 B in [0, 60 s) */
	expect(&s[1], 60000, 0, 0);             /* quiet until 960 s */
	expect(&s[2], 960000, 0, 20 * 50.0 / 60);  /* from 1000 s */
	expect(&s[3], 1020000, 0, 50);          /* a quiet interval */
	expect(&s[4], 1080000, 0, 50);          /* mean up to the last change */
	expect(&s[5], 1120000, 0, 0);
	free(s);
	storage_ts_free(&ts);
}

static double bytes_of(const struct storage_sample *s, size_t n,
		       int64_t end_ms)
{
	double b = 0;
	for (size_t i = 0; i + 1 < n; i++)
		b += (s[i].read_bps + s[i].write_bps) *
		     (double)(s[i + 1].time_ms - s[i].time_ms) / 1000.0;
	return b + (s[n - 1].read_bps + s[n - 1].write_bps) *
	       (double)(end_ms - s[n - 1].time_ms) / 1000.0;
}

/* A change every 7 ms for an hour: at most one sample per interval (+1),
 * and the bytes are those moved. */
static void many_changes_bounded_and_conserved(void **state)
{
	(void)state;
	struct storage_ts ts;
	storage_ts_init(&ts, 60000);
	double moved = 0, rate = 0;
	int64_t last = 0;
	for (int64_t t = 0; t <= 3600000; t += 7) {
		moved += 1.5 * rate * (double)(t - last) / 1000.0;
		last = t;
		rate = (double)(t % 1000);
		storage_ts_change(&ts, t, rate, rate / 2);
	}
	storage_ts_change(&ts, 3600001, 0, 0);
	moved += 1.5 * rate * (double)(3600001 - last) / 1000.0;
	struct storage_sample *s;
	size_t n;
	assert_int_equal(storage_ts_take(&ts, &s, &n), 0);
	assert_true(n <= 3600000 / 60000 + 2);
	for (size_t i = 1; i < n; i++)
		assert_true(s[i].time_ms > s[i - 1].time_ms);
	double got = bytes_of(s, n, 3600001);
	if (fabs(got - moved) > 1e-9 * moved)
		fail_msg("bytes %.6f, moved %.6f (%zu samples)", got, moved, n);
	free(s);
	storage_ts_free(&ts);
}

static void off_takes_nothing(void **state)
{
	(void)state;
	struct storage_ts ts;
	storage_ts_init(&ts, 0);
	storage_ts_change(&ts, 100, 5, 5);
	struct storage_sample *s;
	size_t n;
	assert_int_equal(storage_ts_take(&ts, &s, &n), 0);
	assert_int_equal(n, 0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(burst_quiet_burst),
		cmocka_unit_test(many_changes_bounded_and_conserved),
		cmocka_unit_test(off_takes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
