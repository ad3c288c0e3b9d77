/*
 * Hostile and broken job traces (tests/fixtures/hostile/): each is either
 * accepted with the meaning a user would expect (CRLF, a byte-order mark,
 * jobs out of submission order) or refused with one message naming the
 * file, the line and the field.  Inputs too large to commit (a line over
 * the reader's limit) are written at run time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim/diag.h"
#include "workloads/lineio.h"
#include "workloads/trace.h"

#define HOSTILE PCLSIM_SOURCE_DIR "/tests/fixtures/hostile/"

struct read {
	struct trace t;
	struct diags d;
	int rc;
};

static void read_as(struct read *r, const char *path, enum trace_format f,
		    int skip_bad_rows)
{
	struct trace_read_opts o;
	trace_read_opts_init(&o);
	o.format = f;
	o.skip_bad_rows = skip_bad_rows;
	trace_init(&r->t);
	diags_init(&r->d);
	r->rc = trace_read(path, &o, &r->t, &r->d);
}

static void read_done(struct read *r)
{
	trace_free(&r->t);
	diags_free(&r->d);
}

/* Reads a fixture that must be accepted; returns its job count. */
static size_t accepted(struct read *r, const char *name, enum trace_format f)
{
	char path[512];
	snprintf(path, sizeof path, HOSTILE "%s", name);
	read_as(r, path, f, 0);
	if (r->rc != 0)
		diags_print(&r->d, stderr);
	assert_int_equal(r->rc, 0);
	assert_int_equal(r->d.n_errors, 0);
	return r->t.n;
}

/* Reads a fixture that must be refused, and checks the first error: it
 * names the file and the line (col 0: any column), and its text holds each
 * of the NULL-ended strings (the field and what is wrong). */
static void refused(const char *name, enum trace_format f, int line, ...)
{
	char path[512], msg[1400];
	struct read r;
	snprintf(path, sizeof path, HOSTILE "%s", name);
	read_as(&r, path, f, 0);
	assert_int_equal(r.rc, -1);
	const struct diag *dg = diags_first_error(&r.d);
	assert_non_null(dg);
	diag_format(dg, msg, sizeof msg);
	assert_non_null(dg->file);
	assert_string_equal(dg->file, path);
	if (dg->line != line)
		print_error("%s: wanted line %d: %s\n", name, line, msg);
	assert_int_equal(dg->line, line);
	va_list ap;
	va_start(ap, line);
	for (const char *s; (s = va_arg(ap, const char *));) {
		if (!strstr(msg, s))
			print_error("'%s' lacks '%s'\n", msg, s);
		assert_non_null(strstr(msg, s));
	}
	va_end(ap);
	read_done(&r);
}

/* ---- accepted --------------------------------------------------------- */

static void crlf_line_ends_are_accepted(void **state)
{
	(void)state;
	struct read r;
	assert_int_equal(accepted(&r, "crlf.csv", TRACE_AUTO), 2);
	assert_int_equal(r.t.jobs[1].runtime_ms, 20000);
	assert_int_equal(r.t.jobs[1].cpus, 8);
	read_done(&r);
	assert_int_equal(accepted(&r, "crlf.swf", TRACE_AUTO), 2);
	assert_string_equal(r.t.format, "swf");
	assert_int_equal(r.t.max_procs, 64);
	read_done(&r);
}

static void byte_order_mark_is_accepted(void **state)
{
	(void)state;
	struct read r;
	assert_int_equal(accepted(&r, "bom.csv", TRACE_AUTO), 1);
	assert_int_equal(r.t.jobs[0].id, 1);
	assert_int_equal(r.t.jobs[0].cpus, 4);
	read_done(&r);
	/* BOM and CRLF together, in the format found by content. */
	assert_int_equal(accepted(&r, "bom-crlf.sacct", TRACE_AUTO), 1);
	assert_string_equal(r.t.format, "sacct");
	assert_int_equal(r.t.jobs[0].runtime_ms, 600000);
	read_done(&r);
}

static void out_of_order_submits_are_sorted(void **state)
{
	(void)state;
	struct read r;
	assert_int_equal(accepted(&r, "out-of-order.csv", TRACE_CSV), 3);
	assert_int_equal(r.t.jobs[0].id, 2);
	assert_int_equal(r.t.jobs[1].id, 3);
	assert_int_equal(r.t.jobs[2].id, 1);
	for (size_t i = 1; i < r.t.n; i++)
		assert_true(r.t.jobs[i - 1].submit_ms <= r.t.jobs[i].submit_ms);
	/* Messages about a job still point at its own line. */
	assert_int_equal(r.t.jobs[0].line, 3);
	read_done(&r);
	assert_int_equal(accepted(&r, "out-of-order.swf", TRACE_AUTO), 2);
	assert_int_equal(r.t.jobs[0].id, 2);
	assert_int_equal(r.t.jobs[0].submit_ms, 10000);
	read_done(&r);
}

/* A name that is not UTF-8 is an opaque label: kept byte for byte. */
static void non_utf8_label_is_kept(void **state)
{
	(void)state;
	struct read r;
	assert_int_equal(accepted(&r, "non-utf8-user.csv", TRACE_CSV), 1);
	assert_string_equal(strtab_get(&r.t.strings, r.t.jobs[0].user),
			    "jos\xe9");
	read_done(&r);
}

/* SWF's own convention: a record with run time -1 never ran; it is counted,
 * not loaded and not an error. */
static void swf_negative_runtime_never_ran(void **state)
{
	(void)state;
	struct read r;
	assert_int_equal(accepted(&r, "negative-runtime.swf", TRACE_AUTO), 0);
	assert_int_equal(r.t.skipped_never_ran, 1);
	read_done(&r);
}

/* ---- refused ---------------------------------------------------------- */

static void overflowing_numbers_are_refused(void **state)
{
	(void)state;
	refused("overflow-cpus.csv", TRACE_AUTO, 2, ":2:8:", "field 'cpus'",
		"9223372036854775808", NULL);
	refused("overflow-submit.csv", TRACE_AUTO, 2, ":2:3:",
		"field 'submit'", "99999999999999999999", NULL);
	refused("overflow-job-id.csv", TRACE_AUTO, 2, ":2:1:",
		"field 'job_id'", "9223372036854775808", NULL);
	refused("overflow-runtime.csv", TRACE_AUTO, 2, ":2:5:",
		"field 'runtime'", "1e300", NULL);
	refused("overflow-timelimit.sacct", TRACE_AUTO, 2, ":2:72:",
		"field 'Timelimit'", "1-1111111111111112", NULL);
}

/* SWF numbers are read as doubles; one no integer holds is refused, not
 * converted (that would be undefined behaviour). */
static void swf_number_out_of_range_is_refused(void **state)
{
	(void)state;
	refused("overflow-job-number.swf", TRACE_AUTO, 2, ":2:1:", "field 1",
		"job number", "out of range", NULL);
}

/* Processors are counted whole (fuzz finding: ".2" became a job of 0
 * CPUs). */
static void swf_fractional_processors_are_refused(void **state)
{
	(void)state;
	refused("fractional-processors.swf", TRACE_AUTO, 1, ":1:12:", "field 5",
		"allocated processors", "0.2 is not a whole number", NULL);
}

static void negative_and_non_numeric_times_are_refused(void **state)
{
	(void)state;
	refused("negative-runtime.csv", TRACE_AUTO, 2, ":2:5:",
		"field 'runtime'", "'-10'", "not negative", NULL);
	refused("non-numeric-runtime.csv", TRACE_AUTO, 2, ":2:5:",
		"field 'runtime'", "'ten'", NULL);
	refused("non-numeric-submit.csv", TRACE_AUTO, 2, ":2:3:",
		"field 'submit'", "'yesterday'", NULL);
	refused("non-numeric.swf", TRACE_AUTO, 2, ":2:7:", "field 4",
		"run time", "not a number", NULL);
	refused("negative-elapsed.sacct", TRACE_AUTO, 2, "field 'Elapsed'",
		"'-00:10:00'", NULL);
}

/* The bytes are shown escaped, not echoed raw to the terminal. */
static void non_utf8_number_is_refused(void **state)
{
	(void)state;
	refused("non-utf8.csv", TRACE_AUTO, 3, ":3:5:", "field 'runtime'",
		"'\\xff\\xfe'", "not a duration", NULL);
}

/* A NUL would cut the line where it stands ("1,0,10,4\0junk" read as
 * cpus 4, "al\0ice" as "al"): refused at its line and column. */
static void nul_bytes_are_refused(void **state)
{
	(void)state;
	refused("nul-byte.csv", TRACE_AUTO, 3, ":3:6:", "NUL byte", NULL);
	refused("nul-byte-after-value.csv", TRACE_CSV, 2, ":2:9:", "NUL byte",
		NULL);
	refused("nul-byte-label.csv", TRACE_AUTO, 2, ":2:12:", "NUL byte",
		NULL);
	/* Not a bad row: --skip-bad-rows does not read past it. */
	struct read r;
	read_as(&r, HOSTILE "nul-byte-label.csv", TRACE_CSV, 1);
	assert_int_equal(r.rc, -1);
	read_done(&r);
}

/* Seconds count from the trace's start; ISO-8601 dates may be anything. */
static void negative_submit_is_refused(void **state)
{
	(void)state;
	refused("negative-submit.csv", TRACE_AUTO, 2, ":2:3:",
		"field 'submit'", "'-5'", "not negative", NULL);
}

/* A headerless SWF file whose first record has a bad field is still SWF
 * by its shape, and the bad field is named; a first line that is no CSV
 * header says so. */
static void detection_names_what_it_saw(void **state)
{
	(void)state;
	refused("no-header-bad-first.swf", TRACE_AUTO, 1, ":1:7:", "field 4",
		"run time", "not a number", NULL);
	refused("spaces.csv", TRACE_AUTO, 1, "missing required column",
		"no comma", "--trace-format", NULL);
}

static void duplicate_ids_are_refused(void **state)
{
	(void)state;
	refused("duplicate-ids.csv", TRACE_AUTO, 4, "job id 1",
		"lines 2 and 4", NULL);
	refused("duplicate-ids.sacct", TRACE_AUTO, 3, "job id 7",
		"lines 2 and 3", NULL);
	/* --skip-bad-rows keeps the first and says so. */
	struct read r;
	read_as(&r, HOSTILE "duplicate-ids.csv", TRACE_AUTO, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.t.n, 2);
	assert_int_equal(r.t.skipped_bad_rows, 1);
	assert_int_equal(r.d.n_warnings, 1);
	assert_int_equal(r.d.items[0].line, 4);
	read_done(&r);
}

/* An empty file is refused (there is no header to read); a header alone is
 * a trace of no jobs, which the run refuses (tests/e2e/hostile_run.sh). */
static void empty_and_header_only_traces(void **state)
{
	(void)state;
	char path[512], msg[1400];
	struct read r;
	snprintf(path, sizeof path, HOSTILE "empty.csv");
	read_as(&r, path, TRACE_AUTO, 0);
	assert_int_equal(r.rc, -1);
	diag_format(diags_first_error(&r.d), msg, sizeof msg);
	assert_non_null(strstr(msg, "empty.csv"));
	assert_non_null(strstr(msg, "empty file"));
	assert_non_null(strstr(msg, "header"));
	read_done(&r);
	assert_int_equal(accepted(&r, "header-only.csv", TRACE_AUTO), 0);
	read_done(&r);
	assert_int_equal(accepted(&r, "header-only.sacct", TRACE_AUTO), 0);
	read_done(&r);
	assert_int_equal(accepted(&r, "empty.swf", TRACE_AUTO), 0);
	read_done(&r);
}

/* A line longer than the reader's limit is refused by number, without
 * reading the rest or allocating without bound. */
static void huge_line_is_refused(void **state)
{
	(void)state;
	char path[] = "/tmp/pclsim-hostile-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("job_id,submit,runtime,cpus\n1,0,10,4\n2,5,10,", f);
	static char chunk[1 << 16];
	memset(chunk, '7', sizeof chunk);
	for (size_t n = 0; n <= LINE_MAX_BYTES; n += sizeof chunk)
		fwrite(chunk, 1, sizeof chunk, f);
	fputs("\n", f);
	assert_int_equal(fclose(f), 0);

	struct read r;
	char msg[1400];
	read_as(&r, path, TRACE_CSV, 0);
	unlink(path);
	assert_int_equal(r.rc, -1);
	const struct diag *dg = diags_first_error(&r.d);
	diag_format(dg, msg, sizeof msg);
	assert_non_null(strstr(msg, path));
	assert_non_null(strstr(msg, "line 3"));
	assert_non_null(strstr(msg, "longer than"));
	read_done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crlf_line_ends_are_accepted),
		cmocka_unit_test(byte_order_mark_is_accepted),
		cmocka_unit_test(out_of_order_submits_are_sorted),
		cmocka_unit_test(non_utf8_label_is_kept),
		cmocka_unit_test(swf_negative_runtime_never_ran),
		cmocka_unit_test(overflowing_numbers_are_refused),
		cmocka_unit_test(swf_number_out_of_range_is_refused),
		cmocka_unit_test(swf_fractional_processors_are_refused),
		cmocka_unit_test(negative_and_non_numeric_times_are_refused),
		cmocka_unit_test(non_utf8_number_is_refused),
		cmocka_unit_test(nul_bytes_are_refused),
		cmocka_unit_test(negative_submit_is_refused),
		cmocka_unit_test(detection_names_what_it_saw),
		cmocka_unit_test(duplicate_ids_are_refused),
		cmocka_unit_test(empty_and_header_only_traces),
		cmocka_unit_test(huge_line_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
