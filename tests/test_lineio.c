/* Line input over zlib: the peeking reader (small blocks, for format
 * detection) returns the same lines as the full one, including a first
 * line far longer than its block, from a gzip file and a plain one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>

#include "workloads/lineio.h"

#define LONG_LINE (5 * LINE_PEEK_BYTES + 17)

/* Writes a long first line of 'a', then "x,1" ... "x,999", compressed or
 * not, at path (a mkstemp template; the caller unlinks it). */
static void write_file(char *path, int gz)
{
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char *big = malloc(LONG_LINE + 2);
	assert_non_null(big);
	memset(big, 'a', LONG_LINE);
	big[LONG_LINE] = '\n';
	big[LONG_LINE + 1] = '\0';
	gzFile g = gzopen(path, gz ? "wb" : "wbT");
	assert_non_null(g);
	assert_true(gzputs(g, big) > 0);
	for (int i = 1; i < 1000; i++)
		gzprintf(g, "x,%d\r\n", i);
	assert_int_equal(gzclose(g), Z_OK);
	free(big);
}

static void read_all(const char *path, int peek)
{
	struct line_reader r;
	char err[200], *line;
	size_t len;
	int rc = peek ? line_open_peek(&r, path, err, sizeof err)
		      : line_open(&r, path, err, sizeof err);
	assert_int_equal(rc, 0);
	assert_int_equal(line_next(&r, &line, &len, err, sizeof err), 1);
	assert_int_equal(len, LONG_LINE);
	assert_true(line[0] == 'a' && line[LONG_LINE - 1] == 'a');
	for (int i = 1; i < 1000; i++) {
		char want[16];
		snprintf(want, sizeof want, "x,%d", i);
		assert_int_equal(line_next(&r, &line, &len, err, sizeof err), 1);
		assert_string_equal(line, want);
		assert_int_equal(r.line_no, i + 1);
	}
	assert_int_equal(line_next(&r, &line, &len, err, sizeof err), 0);
	line_close(&r);
}

static void peek_reads_what_open_reads(void **state)
{
	(void)state;
	for (int gz = 0; gz <= 1; gz++) {
		char path[] = "/tmp/pclsim-lineio-XXXXXX";
		write_file(path, gz);
		read_all(path, 1);
		read_all(path, 0);
		unlink(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(peek_reads_what_open_reads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
