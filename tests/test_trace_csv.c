/* The CSV trace reader: columns in any order and by alias, quoting, CRLF
 * and BOM, time and duration forms, the cpus/nodes rule, arrays, duplicate
 * ids, malformed rows with and without --skip-bad-rows, gzip input and
 * very long lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <zlib.h>

#include "trace_test_util.h"

static const char *str(const struct trace *t, int32_t id)
{
	const char *s = strtab_get(&t->strings, id);
	return s ? s : "(none)";
}

static void columns_any_order_and_aliases(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	const char *csv =
		"\xEF\xBB\xBFRun_Time, Submit_Time ,ID,procs,walltime,queue,user,mem,exclusive\r\n"
		"01:00:00,10,7,4,2:00:00,gpu,\"smith, j\",4G,yes\r\n"
		"30,0.5,3,1,,,\"say \"\"hi\"\"\",,no\r\n";
	assert_int_equal(read_text(csv, TRACE_AUTO, 0, &t, &d), 0);
	assert_string_equal(t.format, "csv");
	assert_int_equal(t.n, 2);
	/* Sorted by submit: job 3 first. */
	const struct job *a = &t.jobs[0], *b = &t.jobs[1];
	assert_int_equal(a->id, 3);
	assert_int_equal(a->submit_ms, 500);
	assert_int_equal(a->runtime_ms, 30000);
	assert_int_equal(a->time_limit_ms, -1);
	assert_string_equal(str(&t, a->user), "say \"hi\"");
	assert_int_equal(a->partition, JOB_NO_STR);
	assert_int_equal(a->flags, 0);
	assert_int_equal(b->id, 7);
	assert_int_equal(b->submit_ms, 10000);
	assert_int_equal(b->runtime_ms, 3600000);
	assert_int_equal(b->time_limit_ms, 7200000);
	assert_int_equal(b->cpus, 4);
	assert_int_equal(b->mem_mb, 4096);
	assert_int_equal(b->flags, JOB_EXCLUSIVE);
	assert_string_equal(str(&t, b->partition), "gpu");
	assert_string_equal(str(&t, b->user), "smith, j");
	assert_int_equal(b->line, 2);
	trace_free(&t);
	diags_free(&d);
}

static void every_optional_column(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	const char *csv =
		"job_id,submit,runtime,cpus,time_limit,mem_per_cpu_mb,gpus,account,"
		"constraint,read_gb,write_gb,compress_ratio,comm_fraction,depends_on,no_requeue\n"
		"1,0,60,8,1-00:00:00,2G,2,proj,hpc7a.96xlarge,10.5,2,2.5,0.25,,true\n"
		"2,5,60,8,,,,,,,,,,1,\n";
	assert_int_equal(read_text(csv, TRACE_CSV, 0, &t, &d), 0);
	assert_int_equal(t.n, 2);
	const struct job *j = &t.jobs[0];
	assert_int_equal(j->time_limit_ms, 86400000);
	assert_int_equal(j->mem_per_cpu_mb, 2048);
	assert_int_equal(j->gpus, 2);
	assert_string_equal(str(&t, j->account), "proj");
	assert_string_equal(str(&t, j->constraint), "hpc7a.96xlarge");
	assert_true(j->read_gb > 10.49f && j->read_gb < 10.51f);
	assert_true(j->compress_ratio > 2.49f && j->compress_ratio < 2.51f);
	assert_true(j->comm_fraction > 0.24f && j->comm_fraction < 0.26f);
	assert_int_equal(j->flags, JOB_NO_REQUEUE);
	assert_int_equal(t.jobs[1].depends_on, 1);
	assert_true(t.jobs[1].read_gb < 0);
	trace_free(&t);
	diags_free(&d);
}

/* Each optional column alone beside the required ones (a row skips the
 * parsers of the columns its header lacks, by group): still read, and a
 * bad value in it still reported. */
static void optional_column_alone(void **state)
{
	(void)state;
	static const struct {
		const char *name, *value;
	} cols[] = {
		{ "mem_mb", "2G" }, { "mem_per_cpu_mb", "2G" },
		{ "exclusive", "yes" }, { "no_requeue", "true" },
		{ "read_gb", "2" }, { "write_gb", "2" },
		{ "compress_ratio", "2" }, { "comm_fraction", "0.5" },
		{ "partition", "p" }, { "user", "u" }, { "account", "a" },
		{ "constraint", "c" },
	};
	for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
		char csv[256];
		struct trace t;
		struct diags d;
		snprintf(csv, sizeof csv, "submit,runtime,cpus,%s\n0,60,4,%s\n",
			 cols[k].name, cols[k].value);
		assert_int_equal(read_text(csv, TRACE_CSV, 0, &t, &d), 0);
		assert_int_equal(t.n, 1);
		const struct job *j = &t.jobs[0];
		int set = j->mem_mb == 2048 || j->mem_per_cpu_mb == 2048 ||
			  j->flags != 0 || j->read_gb > 1 || j->write_gb > 1 ||
			  j->compress_ratio > 1 || j->comm_fraction > 0 ||
			  j->partition != JOB_NO_STR || j->user != JOB_NO_STR ||
			  j->account != JOB_NO_STR || j->constraint != JOB_NO_STR;
		assert_true(set);
		trace_free(&t);
		diags_free(&d);
		snprintf(csv, sizeof csv, "submit,runtime,cpus,%s\n0,60,4,-x\n",
			 cols[k].name);
		int strings = k >= 8;     /* any text is a name */
		assert_int_equal(read_text(csv, TRACE_CSV, 0, &t, &d),
				 strings ? 0 : -1);
		trace_free(&t);
		diags_free(&d);
	}
}

static void nodes_tasks_and_whole_nodes(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	const char *csv =
		"submit,runtime,nodes,tasks_per_node,cpus_per_task\n"
		"0,10,2,4,2\n"
		"1,10,3,,\n";
	assert_int_equal(read_text(csv, TRACE_CSV, 0, &t, &d), 0);
	assert_int_equal(t.jobs[0].cpus, 16);
	assert_int_equal(t.jobs[0].nodes, 2);
	assert_int_equal(t.jobs[0].flags, 0);
	/* Only nodes: whole nodes, at least one CPU each. */
	assert_int_equal(t.jobs[1].cpus, 3);
	assert_int_equal(t.jobs[1].nodes, 3);
	assert_int_equal(t.jobs[1].flags, JOB_EXCLUSIVE);
	/* Without job_id, ids are data row numbers. */
	assert_int_equal(t.jobs[0].id, 1);
	assert_int_equal(t.jobs[1].id, 2);
	trace_free(&t);
	diags_free(&d);
}

static void iso_times_set_origin(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	const char *csv =
		"submit,runtime,cpus\n"
		"2024-03-01T12:00:10Z,10,1\n"
		"2024-03-01T12:00:00,10,1\n"
		"2024-03-01T13:00:00+01:00,10,1\n";
	assert_int_equal(read_text(csv, TRACE_CSV, 0, &t, &d), 0);
	assert_int_equal(t.origin_unix, 1709294400);
	assert_int_equal(t.jobs[0].submit_ms, 0);
	assert_int_equal(t.jobs[1].submit_ms, 0);
	assert_int_equal(t.jobs[1].line, 4);
	assert_int_equal(t.jobs[2].submit_ms, 10000);
	trace_free(&t);
	diags_free(&d);
	/* Mixing the two forms is an error. */
	assert_int_equal(read_text("submit,runtime,cpus\n2024-03-01T12:00:00,1,1\n5,1,1\n",
				   TRACE_CSV, 0, &t, &d), -1);
	assert_true(diag_has(&d, ":3:1: error: field 'submit': '5' mixes ISO-8601"));
	trace_free(&t);
	diags_free(&d);
}

static void arrays_expand(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	const char *csv =
		"job_id,submit,runtime,cpus,array\n"
		"5,0,10,1,0-2\n"
		"6,1,10,1,\"1,3,5\"\n"
		"7,2,10,1,0-8:4%2\n";
	assert_int_equal(read_text(csv, TRACE_CSV, 0, &t, &d), 0);
	assert_int_equal(t.n, 9);
	const int64_t want[] = { 5000000, 5000001, 5000002, 6000001, 6000003,
				 6000005, 7000000, 7000004, 7000008 };
	for (size_t i = 0; i < 9; i++)
		assert_int_equal(t.jobs[i].id, want[i]);
	trace_free(&t);
	diags_free(&d);
	assert_int_equal(read_text("job_id,submit,runtime,cpus,array\n1,0,1,1,5-2\n",
				   TRACE_CSV, 0, &t, &d), -1);
	assert_true(diag_has(&d, "field 'array': '5-2' is not an array spec"));
	trace_free(&t);
	diags_free(&d);
}

static void duplicate_ids_name_both_lines(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	const char *csv = "job_id,submit,runtime,cpus\n1,0,1,1\n2,0,1,1\n1,5,1,1\n";
	assert_int_equal(read_text(csv, TRACE_CSV, 0, &t, &d), -1);
	assert_true(diag_has(&d, "job id 1 is used twice: lines 2 and 4"));
	trace_free(&t);
	diags_free(&d);
	assert_int_equal(read_text(csv, TRACE_CSV, 1, &t, &d), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.skipped_bad_rows, 1);
	trace_free(&t);
	diags_free(&d);
}

static void missing_columns(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	assert_int_equal(read_text("submit,cpus\n0,1\n", TRACE_CSV, 0, &t, &d), -1);
	assert_true(diag_has(&d, ":1: error: missing required column 'runtime'"));
	trace_free(&t);
	diags_free(&d);
	assert_int_equal(read_text("submit,runtime\n0,1\n", TRACE_CSV, 0, &t, &d), -1);
	assert_true(diag_has(&d, "missing required column 'cpus' or 'nodes'"));
	trace_free(&t);
	diags_free(&d);
	assert_int_equal(read_text("", TRACE_CSV, 0, &t, &d), -1);
	assert_true(diag_has(&d, "needs a header"));
	trace_free(&t);
	diags_free(&d);
	/* An unknown column is a warning, not an error. */
	assert_int_equal(read_text("submit,runtime,cpus,colour\n0,1,1,red\n",
				   TRACE_CSV, 0, &t, &d), 0);
	assert_int_equal(d.n_warnings, 1);
	assert_true(diag_has(&d, "column 'colour' is not one pclsim knows"));
	trace_free(&t);
	diags_free(&d);
}

static void bad_rows(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	const char *csv =
		"submit,runtime,cpus,exclusive\n"
		"0,abc,1,no\n"           /* line 2: runtime */
		"0,-5,1,no\n"            /* line 3: negative */
		"0,5,0,no\n"             /* line 4: cpus <= 0 */
		"0,5,1,sometimes\n"      /* line 5: bool */
		"0,5,1\n"                /* line 6: field count */
		"\"0,5,1,no\n"           /* line 7: quote */
		"0,5,2,no\n";            /* line 8: good */
	assert_int_equal(read_text(csv, TRACE_CSV, 0, &t, &d), -1);
	assert_true(diag_has(&d, ":2:3: error: field 'runtime': 'abc' is not a duration"));
	assert_int_equal(d.n_errors, 1);   /* stops at the first */
	trace_free(&t);
	diags_free(&d);
	assert_int_equal(read_text(csv, TRACE_CSV, 1, &t, &d), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.jobs[0].cpus, 2);
	assert_int_equal(t.skipped_bad_rows, 6);
	assert_true(diag_has(&d, ":3:3: warning: field 'runtime': '-5'"));
	assert_true(diag_has(&d, ":4:5: warning: field 'cpus': '0'"));
	assert_true(diag_has(&d, ":5:7: warning: field 'exclusive': 'sometimes'"));
	assert_true(diag_has(&d, ":6: warning: row has 3 fields, the header has 4"));
	assert_true(diag_has(&d, ":7: warning: unterminated quote"));
	trace_free(&t);
	diags_free(&d);
}

static void gzip_and_comments(void **state)
{
	(void)state;
	char path[] = "/tmp/pclsim_trace_gz_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	gzFile gz = gzopen(path, "wb");
	assert_non_null(gz);
	gzputs(gz, "# a comment\n\n# origin_unix: 1700000000\nsubmit,runtime,cpus\n");
	for (int i = 0; i < 5000; i++)
		gzprintf(gz, "%d,%d,%d\n", 5000 - i, i + 1, 1 + i % 64);
	gzclose(gz);
	struct trace t;
	struct diags d;
	trace_init(&t);
	diags_init(&d);
	assert_int_equal(trace_read(path, NULL, &t, &d), 0);
	unlink(path);
	assert_int_equal(t.n, 5000);
	assert_int_equal(t.origin_unix, 1700000000);
	assert_int_equal(t.jobs[0].submit_ms, 1000);
	assert_int_equal(t.jobs[4999].submit_ms, 5000000);
	trace_free(&t);
	diags_free(&d);
}

/* The reader notes while pushing whether ids rise and submit times keep
 * their order; traces that break either are still checked and sorted. */
static void order_noted_while_reading(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	assert_int_equal(read_text("job_id,submit,runtime,cpus\n"
				   "1,0,1,1\n2,30,1,1\n3,10,1,1\n5,10,1,1\n4,10,1,1\n",
				   TRACE_CSV, 0, &t, &d), 0);
	assert_int_equal(t.n, 5);
	int64_t want[] = { 1, 3, 4, 5, 2 };
	for (size_t i = 0; i < t.n; i++)
		assert_int_equal(t.jobs[i].id, want[i]);
	trace_free(&t);
	diags_free(&d);
	assert_int_equal(read_text("job_id,submit,runtime,cpus\n"
				   "7,0,1,1\n9,0,1,1\n8,5,1,1\n9,6,1,1\n",
				   TRACE_CSV, 0, &t, &d), -1);
	assert_true(diag_has(&d, "job id 9 is used twice: lines 3 and 5"));
	trace_free(&t);
	diags_free(&d);
}

static void very_long_line(void **state)
{
	(void)state;
	/* A 1 MB user name: parsed, not truncated, no crash. */
	size_t n = 1u << 20;
	char *csv = malloc(n + 64);
	assert_non_null(csv);
	strcpy(csv, "submit,runtime,cpus,user\n0,1,1,");
	size_t at = strlen(csv);
	memset(csv + at, 'u', n);
	strcpy(csv + at + n, "\n");
	struct trace t;
	struct diags d;
	assert_int_equal(read_text(csv, TRACE_CSV, 0, &t, &d), 0);
	assert_int_equal(strlen(strtab_get(&t.strings, t.jobs[0].user)), n);
	free(csv);
	trace_free(&t);
	diags_free(&d);
}

static void missing_file(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	trace_init(&t);
	diags_init(&d);
	assert_int_equal(trace_read("/nonexistent/x.csv", NULL, &t, &d), -1);
	assert_true(diag_has(&d, "/nonexistent/x.csv: cannot open"));
	trace_free(&t);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(columns_any_order_and_aliases),
		cmocka_unit_test(every_optional_column),
		cmocka_unit_test(nodes_tasks_and_whole_nodes),
		cmocka_unit_test(iso_times_set_origin),
		cmocka_unit_test(arrays_expand),
		cmocka_unit_test(duplicate_ids_name_both_lines),
		cmocka_unit_test(missing_columns),
		cmocka_unit_test(bad_rows),
		cmocka_unit_test(gzip_and_comments),
		cmocka_unit_test(order_noted_while_reading),
		cmocka_unit_test(very_long_line),
		cmocka_unit_test(optional_column_alone),
		cmocka_unit_test(missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
