/* Value parsers of the trace readers: every duration, time and memory form
 * Slurm and the CSV format use, and the malformed values around them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "workloads/tparse.h"

static int64_t dur(const char *s)
{
	int64_t ms = -12345;
	assert_int_equal(tp_duration_ms(s, &ms), 0);
	return ms;
}

static void durations(void **state)
{
	(void)state;
	assert_int_equal(dur("3600"), 3600000);
	assert_int_equal(dur("12.5"), 12500);
	assert_int_equal(dur(" 0 "), 0);
	assert_int_equal(dur("05:30"), 330000);            /* MM:SS */
	assert_int_equal(dur("01:02:03"), 3723000);        /* HH:MM:SS */
	assert_int_equal(dur("2-00:00:00"), 172800000);    /* D-HH:MM:SS */
	assert_int_equal(dur("1-12"), 129600000);          /* D-HH */
	assert_int_equal(dur("1-12:30"), 131400000);       /* D-HH:MM */
	assert_int_equal(dur("00:01.250"), 1250);          /* MM:SS.mmm */
	assert_int_equal(dur("100:00:00"), 360000000);     /* long HH */
	int64_t ms;
	const char *bad[] = { "", "abc", "-5", "1:2:3:4", "01:60:00", "1-",
			      "-1-00:00:00", "12:", ":12", "1-2:3:4:5", "10s",
			      "01:02:61" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(tp_duration_ms(bad[i], &ms), -1);
}

static void seconds_and_ints(void **state)
{
	(void)state;
	int64_t v;
	assert_int_equal(tp_seconds_ms("1.0005", &v), 0);
	assert_int_equal(v, 1001);
	assert_int_equal(tp_seconds_ms("-1", &v), 0);
	assert_int_equal(v, -1000);
	assert_int_equal(tp_seconds_ms(".5", &v), 0);
	assert_int_equal(v, 500);
	assert_int_equal(tp_seconds_ms("1e3", &v), 0);
	assert_int_equal(v, 1000000);
	assert_int_equal(tp_seconds_ms("1x", &v), -1);
	assert_int_equal(tp_seconds_ms(".", &v), -1);
	assert_int_equal(tp_int64("42", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(tp_int64("4 2", &v), -1);
	assert_int_equal(tp_int64("99999999999999999999", &v), -1);
	double d;
	assert_int_equal(tp_double("552.21", &d), 0);
	assert_true(d > 552.2 && d < 552.22);
	assert_int_equal(tp_double("nan", &d), -1);
}

/* Plain seconds take a short path; these sit on its edges (a bare point,
 * blanks, digits past the fourth decimal, the 15-digit limit) and just
 * outside it, where the general parsers answer. */
static void plain_seconds_edges(void **state)
{
	(void)state;
	int64_t v;
	assert_int_equal(tp_seconds_ms("5.", &v), 0);
	assert_int_equal(v, 5000);
	assert_int_equal(tp_seconds_ms(" 12.34567 \t", &v), 0);
	assert_int_equal(v, 12346);
	assert_int_equal(tp_seconds_ms("12.34549", &v), 0);
	assert_int_equal(v, 12345);
	assert_int_equal(tp_seconds_ms("999999999999999", &v), 0);
	assert_int_equal(v, 999999999999999000LL);
	assert_int_equal(tp_seconds_ms("1000000000000000.5", &v), 0);
	assert_int_equal(v, 1000000000000000500LL);
	assert_int_equal(tp_seconds_ms("9300000000000000", &v), -1);
	assert_int_equal(tp_seconds_ms("+7", &v), 0);
	assert_int_equal(v, 7000);
	assert_int_equal(tp_duration_ms("7.25", &v), 0);
	assert_int_equal(v, 7250);
	assert_int_equal(tp_duration_ms("  31405.0  ", &v), 0);
	assert_int_equal(v, 31405000);
	assert_int_equal(tp_duration_ms("-0", &v), -1);
	assert_int_equal(tp_duration_ms("1e3", &v), 0);
	assert_int_equal(v, 1000000);
	assert_int_equal(tp_duration_ms("1.5.", &v), -1);
	assert_int_equal(tp_duration_ms("2:00", &v), 0);
	assert_int_equal(v, 120000);
}

static void iso_times(void **state)
{
	(void)state;
	int64_t ms;
	assert_int_equal(tp_iso8601_ms("1970-01-01T00:00:00", &ms), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(tp_iso8601_ms("2024-03-01T12:00:00", &ms), 0);
	assert_int_equal(ms, 1709294400000LL);
	assert_int_equal(tp_iso8601_ms("2024-03-01 12:00:00Z", &ms), 0);
	assert_int_equal(ms, 1709294400000LL);
	assert_int_equal(tp_iso8601_ms("2024-03-01T14:00:00+02:00", &ms), 0);
	assert_int_equal(ms, 1709294400000LL);
	assert_int_equal(tp_iso8601_ms("2024-03-01T07:00:00-0500", &ms), 0);
	assert_int_equal(ms, 1709294400000LL);
	assert_int_equal(tp_iso8601_ms("2024-02-29T00:00:00.250", &ms), 0);
	assert_int_equal(ms % 1000, 250);
	assert_int_equal(tp_iso8601_ms("2023-02-29T00:00:00", &ms), -1);
	assert_int_equal(tp_iso8601_ms("2024-13-01T00:00:00", &ms), -1);
	assert_int_equal(tp_iso8601_ms("2024-03-01", &ms), -1);
	assert_int_equal(tp_iso8601_ms("Unknown", &ms), -1);
	assert_true(tp_is_date("2024-03-01T00:00:00"));
	assert_false(tp_is_date("1709294400"));
}

static void memory(void **state)
{
	(void)state;
	int64_t mib;
	const char *rest;
	assert_int_equal(tp_mem_mib("4000", &mib, NULL), 0);
	assert_int_equal(mib, 4000);
	assert_int_equal(tp_mem_mib("4000M", &mib, NULL), 0);
	assert_int_equal(mib, 4000);
	assert_int_equal(tp_mem_mib("4G", &mib, NULL), 0);
	assert_int_equal(mib, 4096);
	assert_int_equal(tp_mem_mib("1T", &mib, NULL), 0);
	assert_int_equal(mib, 1048576);
	assert_int_equal(tp_mem_mib("512K", &mib, NULL), 0);
	assert_int_equal(mib, 1);
	assert_int_equal(tp_mem_mib("2.5G", &mib, NULL), 0);
	assert_int_equal(mib, 2560);
	assert_int_equal(tp_mem_mib("2Gc", &mib, &rest), 0);
	assert_int_equal(mib, 2048);
	assert_string_equal(rest, "c");
	assert_int_equal(tp_mem_mib("4Gn", &mib, NULL), -1);
	assert_int_equal(tp_mem_mib("-4G", &mib, NULL), -1);
	assert_int_equal(tp_mem_mib("lots", &mib, NULL), -1);
}

static void booleans(void **state)
{
	(void)state;
	int b;
	const char *yes[] = { "true", "TRUE", "yes", "1", "y" };
	const char *no[] = { "false", "No", "0", "n" };
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(tp_bool(yes[i], &b), 0);
		assert_int_equal(b, 1);
	}
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(tp_bool(no[i], &b), 0);
		assert_int_equal(b, 0);
	}
	assert_int_equal(tp_bool("maybe", &b), -1);
	assert_int_equal(tp_bool("", &b), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(durations),
		cmocka_unit_test(seconds_and_ints),
		cmocka_unit_test(plain_seconds_edges),
		cmocka_unit_test(iso_times),
		cmocka_unit_test(memory),
		cmocka_unit_test(booleans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
