/* String interning: ids are stable and dense, lookups find what was added,
 * and the table survives growth past its initial size. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "workloads/strtab.h"

static void same_string_same_id(void **state)
{
	(void)state;
	struct strtab t;
	strtab_init(&t);
	int32_t a = strtab_intern(&t, "compute", 7);
	int32_t b = strtab_intern(&t, "gpu", 3);
	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
	assert_int_equal(strtab_intern(&t, "compute", 7), a);
	assert_int_equal(t.n, 2);
	assert_string_equal(strtab_get(&t, a), "compute");
	assert_string_equal(strtab_get(&t, b), "gpu");
	strtab_free(&t);
}

static void length_bounds_the_key(void **state)
{
	(void)state;
	struct strtab t;
	strtab_init(&t);
	/* A field inside a line: only len bytes count. */
	const char *line = "alice,bob";
	int32_t a = strtab_intern(&t, line, 5);
	int32_t b = strtab_intern(&t, line + 6, 3);
	assert_string_equal(strtab_get(&t, a), "alice");
	assert_string_equal(strtab_get(&t, b), "bob");
	assert_int_equal(strtab_find(&t, "alice"), a);
	assert_int_equal(strtab_find(&t, "alice,bob"), -1);
	/* A prefix of an existing string is a different string. */
	int32_t c = strtab_intern(&t, "ali", 3);
	assert_true(c != a);
	assert_int_equal(strtab_intern(&t, "", 0), 3);
	assert_string_equal(strtab_get(&t, 3), "");
	strtab_free(&t);
}

static void find_get_out_of_range(void **state)
{
	(void)state;
	struct strtab t;
	strtab_init(&t);
	assert_int_equal(strtab_find(&t, "x"), -1);
	assert_null(strtab_get(&t, 0));
	strtab_intern(&t, "x", 1);
	assert_null(strtab_get(&t, -1));
	assert_null(strtab_get(&t, 1));
	assert_int_equal(strtab_find(&t, "y"), -1);
	strtab_free(&t);
}

static void grows_and_keeps_ids(void **state)
{
	(void)state;
	struct strtab t;
	strtab_init(&t);
	char buf[32];
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(buf, sizeof buf, "user%d", i);
		assert_int_equal(strtab_intern(&t, buf, (size_t)n), i);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof buf, "user%d", i);
		assert_int_equal(strtab_find(&t, buf), i);
		assert_string_equal(strtab_get(&t, i), buf);
	}
	assert_int_equal(t.n, 5000);
	strtab_free(&t);
	assert_int_equal(t.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_string_same_id),
		cmocka_unit_test(length_bounds_the_key),
		cmocka_unit_test(find_get_out_of_range),
		cmocka_unit_test(grows_and_keeps_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
