/* The sacct --parsable2 reader on a fixture with every time format, job
 * steps, array tasks, every ReqMem form and the states that are skipped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "trace_test_util.h"

#define FIXTURE PCLSIM_SOURCE_DIR "/tests/fixtures/traces/sacct_all_formats.txt"

static const char *str(const struct trace *t, int32_t id)
{
	const char *s = strtab_get(&t->strings, id);
	return s ? s : "(none)";
}

static const struct job *find(const struct trace *t, int64_t id)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->jobs[i].id == id)
			return &t->jobs[i];
	fail_msg("job %lld not loaded", (long long)id);
	return NULL;
}

static void reads_fixture(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	trace_init(&t);
	diags_init(&d);
	assert_int_equal(trace_read(FIXTURE, NULL, &t, &d), 0);
	assert_string_equal(t.format, "sacct");
	assert_int_equal(t.n, 6);                 /* 100 101 102_3 106 107 108 */
	assert_int_equal(t.skipped_steps, 3);
	assert_int_equal(t.skipped_never_ran, 1); /* 103 */
	assert_int_equal(t.skipped_unfinished, 2);/* 104 105 */
	/* Origin: the earliest submit (job 106, 11:00). */
	assert_int_equal(t.origin_unix, 1709290800);
	const struct job *j = find(&t, 100);
	assert_int_equal(j->submit_ms, 3600000);
	assert_int_equal(j->runtime_ms, 3600000);
	assert_int_equal(j->time_limit_ms, 7200000);
	assert_int_equal(j->cpus, 4);
	assert_int_equal(j->nodes, 0);
	assert_int_equal(j->mem_mb, 4000);
	assert_string_equal(str(&t, j->partition), "compute");
	assert_string_equal(str(&t, j->user), "alice");
	assert_string_equal(str(&t, j->account), "proj1");
	j = find(&t, 101);                        /* D-HH:MM:SS, UNLIMITED, Gn */
	assert_int_equal(j->runtime_ms, 172800000);
	assert_int_equal(j->time_limit_ms, -1);
	assert_int_equal(j->mem_mb, 4096);
	j = find(&t, 102000003);                  /* array task, Partition_Limit, Gc */
	assert_int_equal(j->runtime_ms, 30000);
	assert_int_equal(j->time_limit_ms, -1);
	assert_int_equal(j->mem_mb, 0);
	assert_int_equal(j->mem_per_cpu_mb, 2048);
	assert_int_equal(j->gpus, 2);
	j = find(&t, 106);                        /* cancelled after start; minutes limit */
	assert_int_equal(j->submit_ms, 0);
	assert_int_equal(j->runtime_ms, 10000);
	assert_int_equal(j->time_limit_ms, 5000);
	assert_int_equal(j->mem_mb, 0);
	j = find(&t, 107);                        /* D-HH, T */
	assert_int_equal(j->time_limit_ms, 129600000);
	assert_int_equal(j->mem_mb, 1048576);
	j = find(&t, 108);                        /* MM:SS.mmm, MM:SS, multi-partition */
	assert_int_equal(j->runtime_ms, 60500);
	assert_int_equal(j->time_limit_ms, 600000);
	assert_string_equal(str(&t, j->partition), "debug");
	trace_free(&t);
	diags_free(&d);
}

static void malformed_rows(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	const char *dump =
		"JobID|Submit|Start|Elapsed|NCPUS|State|ReqMem\n"
		"1|2024-03-01T12:00:00|2024-03-01T12:00:00|00:01:00|1|COMPLETED|1G\n"
		"2|yesterday|2024-03-01T12:00:00|00:01:00|1|COMPLETED|1G\n"
		"3|2024-03-01T12:00:00|2024-03-01T12:00:00|1:00:00:00|1|COMPLETED|1G\n"
		"4|2024-03-01T12:00:00|2024-03-01T12:00:00|00:01:00|1|EXPLODED|1G\n"
		"5|2024-03-01T12:00:00|2024-03-01T12:00:00|00:01:00|1|COMPLETED|4Gx\n"
		"x6|2024-03-01T12:00:00|2024-03-01T12:00:00|00:01:00|1|COMPLETED|1G\n"
		"7|2024-03-01T12:00:00|2024-03-01T12:00:00|00:01:00|1|COMPLETED\n";
	assert_int_equal(read_text(dump, TRACE_AUTO, 0, &t, &d), -1);
	assert_true(diag_has(&d, ":3:3: error: field 'Submit': 'yesterday' is not a time"));
	trace_free(&t);
	diags_free(&d);
	assert_int_equal(read_text(dump, TRACE_AUTO, 1, &t, &d), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.skipped_bad_rows, 6);
	assert_true(diag_has(&d, ":4:43: warning: field 'Elapsed': '1:00:00:00' is not a duration"));
	assert_true(diag_has(&d, "field 'State': 'EXPLODED' is not a Slurm job state"));
	assert_true(diag_has(&d, "field 'ReqMem': '4Gx' is not a memory request"));
	assert_true(diag_has(&d, "field 'JobID': 'x6' is not a job id"));
	assert_true(diag_has(&d, ":8: warning: row has 6 fields, the header has 7"));
	trace_free(&t);
	diags_free(&d);
	assert_int_equal(read_text("JobID|Submit|State\n", TRACE_SACCT, 0, &t, &d), -1);
	assert_true(diag_has(&d, "missing required column 'Elapsed'"));
	trace_free(&t);
	diags_free(&d);
}

static void detection(void **state)
{
	(void)state;
	assert_int_equal(trace_detect_line("JobID|Submit|State", 18), TRACE_SACCT);
	assert_int_equal(trace_detect_line("jobid|submit", 12), TRACE_SACCT);
	assert_int_equal(trace_detect_line("; Version: 2", 12), TRACE_SWF);
	assert_int_equal(trace_detect_line(
		"1 0 -1 10 1 -1 -1 1 -1 -1 1 1 1 -1 1 1 -1 -1", 44), TRACE_SWF);
	assert_int_equal(trace_detect_line("1 0 -1 10 1", 11), TRACE_CSV);
	assert_int_equal(trace_detect_line("job_id,submit,runtime", 21), TRACE_CSV);
	assert_int_equal(trace_detect_line("a|b|c", 5), TRACE_CSV);
	enum trace_format f;
	assert_int_equal(trace_format_parse("SACCT", &f), 0);
	assert_int_equal(f, TRACE_SACCT);
	assert_int_equal(trace_format_parse("xml", &f), -1);
	assert_string_equal(trace_format_name(TRACE_SWF), "swf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_fixture),
		cmocka_unit_test(malformed_rows),
		cmocka_unit_test(detection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
