/*
 * The availability profile's shortcuts that keep conservative backfilling
 * fast, checked against the plain operations they replace: finding a start
 * as if a reservation were given up (profile_find_with) must equal giving
 * it up, finding and taking it back, and profile_fits_before must agree
 * with it; the running maximum
 * (profile_max_before) must equal a scan, through splits, adds and trims.
 * Random profiles from a fixed seed, plus hand-made cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "models/profile.h"

static int64_t scan_max_before(const struct profile *pf, int64_t t)
{
	int64_t m = -1;
	for (size_t i = 0; i < pf->n && pf->pts[i].t_ms < t; i++)
		if (pf->pts[i].avail > m)
			m = pf->pts[i].avail;
	return m;
}

/* 10 units; 6 busy over [0, 100), 8 over [100, 150): 4 free until 100,
 * 2 until 150, then 10. */
static void test_hand_made(void **state)
{
	(void)state;
	struct profile pf;
	assert_int_equal(profile_init(&pf, 10), 0);
	assert_int_equal(profile_add(&pf, 0, 100, -6), 0);
	assert_int_equal(profile_add(&pf, 100, 150, -8), 0);
	assert_true(profile_find(&pf, 0, 50, 4) == 0);
	assert_true(profile_find(&pf, 0, 150, 4) == 150);
	assert_true(profile_max_before(&pf, 150) == 10); /* the first point: before 0 */
	profile_trim(&pf, 0);
	assert_true(profile_max_before(&pf, 100) == 4);
	assert_true(profile_max_before(&pf, 101) == 4);
	assert_true(profile_max_before(&pf, 151) == 10);
	/* A reservation of 8 units over [150, 250) given up: a 5-unit job
	 * of 100 ms can start at 150 instead of 250. */
	assert_int_equal(profile_add(&pf, 150, 250, -8), 0);
	assert_true(profile_find(&pf, 0, 100, 5) == 250);
	assert_true(profile_find_with(&pf, 0, 100, 5, 150, 250, 8) == 150);
	/* Given back over [120, 200), off the breakpoints: 3 units for 60 ms
	 * from 120 (10 free until 150, then 2 + 8). */
	assert_true(profile_find(&pf, 50, 60, 3) == 250);
	assert_true(profile_find_with(&pf, 50, 60, 3, 120, 200, 8) == 120);
	assert_true(profile_find_with(&pf, 50, 60, 11, 120, 200, 8) == PROFILE_NEVER);
	profile_free(&pf);
}

static void test_random_against_plain(void **state)
{
	(void)state;
	unsigned seed = 12345;
	for (int round = 0; round < 200; round++) {
		struct profile pf;
		assert_int_equal(profile_init(&pf, 64), 0);
		int64_t now = 0;
		for (int op = 0; op < (round % 10 ? 60 : 600); op++) {
			int64_t t0 = now + rand_r(&seed) % 500;
			int64_t len = 1 + rand_r(&seed) % 300;
			int64_t units = 1 + rand_r(&seed) % 16;
			/* Only take what is free, as reservations do. */
			int64_t t = profile_find(&pf, t0, len, units);
			if (t != PROFILE_NEVER)
				assert_int_equal(profile_add(&pf, t, t + len, -units), 0);
			if (rand_r(&seed) % 7 == 0) {
				now += rand_r(&seed) % 100;
				profile_trim(&pf, now);
			}
			int64_t q = now + rand_r(&seed) % 800;
			assert_true(profile_max_before(&pf, q) == scan_max_before(&pf, q));
			if (t == PROFILE_NEVER)
				continue;
			/* Could that job start earlier, its slot given up? */
			if (t > now) {
				int64_t before = profile_find_with(&pf, now, len, units,
								   t, t + len, units);
				assert_int_equal(profile_fits_before(&pf, now, len, units, t),
						 before < t);
			}
			/* Give the reservation up virtually, then for real. */
			int64_t dur = 1 + rand_r(&seed) % 400;
			int64_t need = 1 + rand_r(&seed) % 20;
			int64_t virt = profile_find_with(&pf, now, dur, need, t,
							 t + len, units);
			assert_int_equal(profile_add(&pf, t, t + len, units), 0);
			int64_t real = profile_find(&pf, now, dur, need);
			assert_int_equal(profile_add(&pf, t, t + len, -units), 0);
			assert_true(virt == real);
			assert_true(profile_max_before(&pf, q) == scan_max_before(&pf, q));
		}
		profile_free(&pf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_made),
		cmocka_unit_test(test_random_against_plain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
