/*
 * diag_quote: what a message shows of a value read from a file.  Valid
 * UTF-8 passes unchanged; bytes that are not UTF-8 and control characters
 * are escaped; long values are cut within the buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sim/diag.h"

static void utf8_passes_unchanged(void **state)
{
	(void)state;
	char q[64];
	assert_string_equal(diag_quote("c5.2xlarge", q, sizeof q), "c5.2xlarge");
	assert_string_equal(diag_quote("jos\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82",
				       q, sizeof q),
			    "jos\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82");
	assert_string_equal(diag_quote("", q, sizeof q), "");
}

static void bad_bytes_are_escaped(void **state)
{
	(void)state;
	char q[64];
	/* Latin-1, a lone continuation byte, a truncated sequence. */
	assert_string_equal(diag_quote("jos\xe9", q, sizeof q), "jos\\xe9");
	assert_string_equal(diag_quote("\x80x", q, sizeof q), "\\x80x");
	assert_string_equal(diag_quote("\xe2\x82", q, sizeof q), "\\xe2\\x82");
	/* Overlong '/', a UTF-16 surrogate, above U+10FFFF. */
	assert_string_equal(diag_quote("\xc0\xaf", q, sizeof q), "\\xc0\\xaf");
	assert_string_equal(diag_quote("\xed\xa0\x80", q, sizeof q),
			    "\\xed\\xa0\\x80");
	assert_string_equal(diag_quote("\xf4\x90\x80\x80", q, sizeof q),
			    "\\xf4\\x90\\x80\\x80");
	/* Control characters (a terminal escape, a tab, DEL). */
	assert_string_equal(diag_quote("\x1b[2Jx\t\x7f", q, sizeof q),
			    "\\x1b[2Jx\\x09\\x7f");
}

static void long_values_are_cut(void **state)
{
	(void)state;
	char big[1000], q[16];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	diag_quote(big, q, sizeof q);
	assert_string_equal(q, "aaaaaaaaaaaa...");
	/* An escape never straddles the cut. */
	memset(big, '\xff', 20);
	diag_quote(big, q, sizeof q);
	assert_string_equal(q, "\\xff\\xff\\xff...");
	char exact[16];
	diag_quote("aaaaaaaaaaaa", exact, sizeof exact);
	assert_string_equal(exact, "aaaaaaaaaaaa");
}

static void is_text_agrees_with_quote(void **state)
{
	(void)state;
	static const char *const cases[] = { "c5.2xlarge", "jos\xc3\xa9", "",
					     "jos\xe9", "a\tb", "\xed\xa0\x80",
					     "\xe2\x82" };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char q[64];
		int same = !strcmp(diag_quote(cases[i], q, sizeof q), cases[i]);
		assert_int_equal(diag_is_text(cases[i]), same);
	}
	assert_true(diag_is_text("jos\xc3\xa9"));
	assert_false(diag_is_text("jos\xe9"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_passes_unchanged),
		cmocka_unit_test(bad_bytes_are_escaped),
		cmocka_unit_test(long_values_are_cut),
		cmocka_unit_test(is_text_agrees_with_quote),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
