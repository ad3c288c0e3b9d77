/* The SWF reader (header facts, -1 as missing, the cpus and never-ran
 * rules, malformed records) and the round trip SWF -> CSV -> jobs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "trace_test_util.h"
#include "workloads/trace_write.h"

#define FIXTURE PCLSIM_SOURCE_DIR "/tests/fixtures/traces/small.swf"

static const char *str(const struct trace *t, int32_t id)
{
	const char *s = strtab_get(&t->strings, id);
	return s ? s : "(none)";
}

static void reads_fixture(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	trace_init(&t);
	diags_init(&d);
	assert_int_equal(trace_read(FIXTURE, NULL, &t, &d), 0);
	assert_string_equal(t.format, "swf");
	assert_int_equal(t.origin_unix, 1000000000);
	assert_int_equal(t.max_procs, 128);
	assert_int_equal(t.max_nodes, 64);
	/* 3 (no runtime), 4 (runtime 0) and 6 (all -1) never ran. */
	assert_int_equal(t.n, 3);
	assert_int_equal(t.skipped_never_ran, 3);
	const struct job *a = &t.jobs[0], *b = &t.jobs[1], *c = &t.jobs[2];
	assert_int_equal(a->id, 1);
	assert_int_equal(a->runtime_ms, 3600000);
	assert_int_equal(a->cpus, 16);
	assert_int_equal(a->time_limit_ms, 7200000);
	assert_int_equal(a->mem_per_cpu_mb, 1);      /* 1024 KB */
	assert_string_equal(str(&t, a->user), "3");
	assert_string_equal(str(&t, a->account), "2");
	assert_string_equal(str(&t, a->partition), "p1");
	/* Allocated processors unknown: requested ones. */
	assert_int_equal(b->cpus, 8);
	assert_int_equal(b->time_limit_ms, -1);
	assert_int_equal(b->submit_ms, 10000);
	assert_int_equal(b->line, 8);
	/* Fractional runtime; partition -1; preceding job not a dependency. */
	assert_int_equal(c->runtime_ms, 552500);
	assert_int_equal(c->partition, JOB_NO_STR);
	assert_int_equal(c->depends_on, -1);
	trace_free(&t);
	diags_free(&d);
}

static void malformed_records(void **state)
{
	(void)state;
	struct trace t;
	struct diags d;
	const char *swf =
		"; MaxProcs: 8\n"
		"1 0 -1 10 1 -1 -1 1 -1 -1 1 1 1 -1 1 1 -1 -1\n"
		"2 0 -1 10 1 -1 -1 1 -1 -1 1 1 1 -1 1 1 -1\n"
		"3 0 -1 1x 1 -1 -1 1 -1 -1 1 1 1 -1 1 1 -1 -1\n"
		"4 0 -1 10 1 -1 -1 1 -1 -1 1 1 1 -1 1 1 -1 -1 7\n";
	assert_int_equal(read_text(swf, TRACE_AUTO, 0, &t, &d), -1);
	assert_true(diag_has(&d, ":3: error: an SWF record has 18 fields, this one has 17"));
	trace_free(&t);
	diags_free(&d);
	assert_int_equal(read_text(swf, TRACE_SWF, 1, &t, &d), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.skipped_bad_rows, 3);
	assert_true(diag_has(&d, ":4:8: warning: field 4 (run time) is not a number"));
	assert_true(diag_has(&d, ":5: warning: an SWF record has 18 fields, this one has more than 18"));
	trace_free(&t);
	diags_free(&d);
}

static int same_str(const struct trace *a, int32_t ia, const struct trace *b,
		    int32_t ib)
{
	const char *x = strtab_get(&a->strings, ia), *y = strtab_get(&b->strings, ib);
	if (!x || !y)
		return !x && !y;
	return !strcmp(x, y);
}

static void assert_same_jobs(const struct trace *a, const struct trace *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct job *x = &a->jobs[i], *y = &b->jobs[i];
		assert_int_equal(x->id, y->id);
		assert_int_equal(x->submit_ms, y->submit_ms);
		assert_int_equal(x->runtime_ms, y->runtime_ms);
		assert_int_equal(x->time_limit_ms, y->time_limit_ms);
		assert_int_equal(x->mem_mb, y->mem_mb);
		assert_int_equal(x->mem_per_cpu_mb, y->mem_per_cpu_mb);
		assert_int_equal(x->depends_on, y->depends_on);
		assert_int_equal(x->cpus, y->cpus);
		assert_int_equal(x->nodes, y->nodes);
		assert_int_equal(x->gpus, y->gpus);
		assert_int_equal(x->flags, y->flags);
		assert_true(same_str(a, x->partition, b, y->partition));
		assert_true(same_str(a, x->user, b, y->user));
		assert_true(same_str(a, x->account, b, y->account));
		assert_true(same_str(a, x->constraint, b, y->constraint));
		assert_true(x->read_gb == y->read_gb && x->write_gb == y->write_gb);
		assert_true(x->compress_ratio == y->compress_ratio);
		assert_true(x->comm_fraction == y->comm_fraction);
	}
}

/* Reads path, writes CSV, reads it back: the same jobs. */
static void round_trip(const char *path)
{
	struct trace a, b;
	struct diags d;
	trace_init(&a);
	diags_init(&d);
	assert_int_equal(trace_read(path, NULL, &a, &d), 0);
	char tmp[] = "/tmp/pclsim_rt_XXXXXX";
	int fd = mkstemp(tmp);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_int_equal(trace_write_csv(f, &a), 0);
	fclose(f);
	trace_init(&b);
	assert_int_equal(trace_read(tmp, NULL, &b, &d), 0);
	unlink(tmp);
	assert_string_equal(b.format, "csv");
	assert_int_equal(a.origin_unix, b.origin_unix);
	assert_same_jobs(&a, &b);
	trace_free(&a);
	trace_free(&b);
	diags_free(&d);
}

static void round_trip_fixture(void **state)
{
	(void)state;
	round_trip(FIXTURE);
}

static void round_trip_reference(void **state)
{
	(void)state;
	const char *p = PCLSIM_REF_DIR "/traces/HPC2N-2002-2.2-cln.swf.gz";
	if (access(p, R_OK) != 0)
		skip();
	round_trip(p);   /* fractional times, memory, users, groups */
}

static void swf_writer_reads_back(void **state)
{
	(void)state;
	struct trace a, b;
	struct diags d;
	trace_init(&a);
	diags_init(&d);
	assert_int_equal(trace_read(FIXTURE, NULL, &a, &d), 0);
	char tmp[] = "/tmp/pclsim_swf_XXXXXX";
	int fd = mkstemp(tmp);
	FILE *f = fdopen(fd, "w");
	assert_int_equal(trace_write_swf(f, &a), 0);
	fclose(f);
	trace_init(&b);
	assert_int_equal(trace_read(tmp, NULL, &b, &d), 0);
	unlink(tmp);
	assert_string_equal(b.format, "swf");
	assert_int_equal(b.origin_unix, a.origin_unix);
	assert_int_equal(b.max_procs, 128);
	assert_same_jobs(&a, &b);
	trace_free(&a);
	trace_free(&b);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_fixture),
		cmocka_unit_test(malformed_records),
		cmocka_unit_test(round_trip_fixture),
		cmocka_unit_test(round_trip_reference),
		cmocka_unit_test(swf_writer_reads_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
