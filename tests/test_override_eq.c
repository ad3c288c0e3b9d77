/* config_override_eq: where KEY ends in "KEY=VALUE" given on the command
 * line, with '=' inside a [Key=Value] selector not counted. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "configs/config.h"

static void plain_key(void **state)
{
	(void)state;
	const char *a = "Region=eu-west-1";
	assert_ptr_equal(config_override_eq(a), a + 6);
	const char *b = "Image.Os=alinux2=x";
	assert_ptr_equal(config_override_eq(b), b + 8);
}

static void selector_equals_skipped(void **state)
{
	(void)state;
	const char *a = "Scheduling.SlurmQueues[name=spot].ComputeResources[0]"
			".MaxCount=8";
	const char *eq = config_override_eq(a);
	assert_non_null(eq);
	assert_string_equal(eq, "=8");
}

static void no_key_or_no_equals(void **state)
{
	(void)state;
	assert_null(config_override_eq("=5"));
	assert_null(config_override_eq("Region"));
	assert_null(config_override_eq("Queues[name=spot]"));
	assert_null(config_override_eq(""));
	/* An empty value still has its '=': the callers decide. */
	const char *a = "Region=";
	assert_ptr_equal(config_override_eq(a), a + 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_key),
		cmocka_unit_test(selector_equals_skipped),
		cmocka_unit_test(no_key_or_no_equals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
