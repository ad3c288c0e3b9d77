/* grow_array: first size, doubling, jumps past a doubling, no-op when large
 * enough, contents kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "sim/grow.h"

static void first_then_doubles(void **state)
{
	(void)state;
	int *a = NULL;
	size_t cap = 0;
	assert_int_equal(grow_array((void **)&a, &cap, 1, sizeof *a, 64), 0);
	assert_int_equal(cap, 64);
	for (int i = 0; i < 64; i++)
		a[i] = i;
	assert_int_equal(grow_array((void **)&a, &cap, 64, sizeof *a, 64), 0);
	assert_int_equal(cap, 64);
	assert_int_equal(grow_array((void **)&a, &cap, 65, sizeof *a, 64), 0);
	assert_int_equal(cap, 128);
	for (int i = 0; i < 64; i++)
		assert_int_equal(a[i], i);
	free(a);
}

static void large_need_rounds_up_by_doubling(void **state)
{
	(void)state;
	double *a = NULL;
	size_t cap = 0;
	assert_int_equal(grow_array((void **)&a, &cap, 1000, sizeof *a, 64), 0);
	assert_int_equal(cap, 1024);
	assert_int_equal(grow_array((void **)&a, &cap, 5000, sizeof *a, 64), 0);
	assert_int_equal(cap, 8192);
	a[8191] = 1.0;
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_then_doubles),
		cmocka_unit_test(large_need_rounds_up_by_doubling),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
