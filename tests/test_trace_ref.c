/* Every trace in ../shared/reference/traces loads with the job count its
 * SOURCES.md gives (records = loaded + never ran; no bad rows), and the
 * peer-input CSVs with the counts of their README.  Skipped when the
 * reference directory is absent (a fresh clone). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "trace_test_util.h"

struct ref_trace {
	const char *file;
	size_t records;       /* SOURCES.md "jobs" / README "jobs" */
	int64_t max_procs;    /* header MaxProcs, 0 when absent */
};

/* From traces/SOURCES.md (Summary table) and peer-inputs/README.md. */
static const struct ref_trace refs[] = {
	{ "lublin_256.swf.gz", 10000, 0 },
	{ "KTH-SP2-1996-2.1-cln.swf.gz", 28476, 100 },
	{ "LLNL-Atlas-2006-2.1-cln.swf.gz", 43778, 9216 },
	{ "SDSC-SP2-1998-4.2-cln.swf.gz", 59715, 128 },
	{ "CTC-SP2-1996-3.1-cln.swf.gz", 77222, 338 },
	{ "LLNL-Thunder-2007-1.1-cln.swf.gz", 121039, 4008 },
	{ "HPC2N-2002-2.2-cln.swf.gz", 202871, 240 },
	{ "SDSC-BLUE-2000-4.2-cln.swf.gz", 243306, 1152 },
	{ "CEA-Curie-2011-2.1-cln.swf.gz", 312826, 93312 },
	{ "RICC-2010-2.swf.gz", 447794, 8192 },
	{ "peer-inputs/hpc2n_1000_input.csv", 1000, 0 },
	{ "peer-inputs/hpc2n_all_input.csv", 3145, 0 },
	{ "peer-inputs/hpc2n_x60_input.csv.gz", 188700, 0 },
	{ "peer-inputs/wagap_all_input.csv", 17898, 0 },
	{ "peer-inputs/nasa_all_input.csv", 18066, 0 },
};

static void every_reference_trace_loads(void **state)
{
	(void)state;
	if (access(PCLSIM_REF_DIR "/traces/SOURCES.md", R_OK) != 0)
		skip();
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/traces/%s", PCLSIM_REF_DIR,
			 refs[i].file);
		struct trace t;
		struct diags d;
		trace_init(&t);
		diags_init(&d);
		int rc = trace_read(path, NULL, &t, &d);
		if (rc != 0)
			diags_print(&d, stderr);
		assert_int_equal(rc, 0);
		assert_int_equal(d.n_warnings, 0);
		assert_int_equal(t.skipped_bad_rows, 0);
		if (t.n + t.skipped_never_ran != refs[i].records)
			fail_msg("%s: %zu loaded + %zu never ran != %zu", refs[i].file,
				 t.n, t.skipped_never_ran, refs[i].records);
		assert_int_equal(t.max_procs, refs[i].max_procs);
		/* Sorted, positive sizes and runtimes. */
		for (size_t k = 0; k < t.n; k++) {
			assert_true(t.jobs[k].cpus > 0 && t.jobs[k].runtime_ms > 0);
			if (k)
				assert_true(t.jobs[k].submit_ms >= t.jobs[k - 1].submit_ms);
		}
		trace_free(&t);
		diags_free(&d);
	}
}

static void peer_inputs_map_columns(void **state)
{
	(void)state;
	const char *p = PCLSIM_REF_DIR "/traces/peer-inputs/hpc2n_1000_input.csv";
	if (access(p, R_OK) != 0)
		skip();
	struct trace t;
	struct diags d;
	trace_init(&t);
	diags_init(&d);
	assert_int_equal(trace_read(p, NULL, &t, &d), 0);
	/* First row: 1,0.0,31405.0,30,37980.0 */
	assert_int_equal(t.jobs[0].id, 1);
	assert_int_equal(t.jobs[0].runtime_ms, 31405000);
	assert_int_equal(t.jobs[0].cpus, 30);
	assert_int_equal(t.jobs[0].time_limit_ms, 37980000);
	trace_free(&t);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_reference_trace_loads),
		cmocka_unit_test(peer_inputs_map_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
