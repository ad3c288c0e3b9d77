/*
 * Replays every input the fuzzers ever found (the files in
 * tests/fuzz/crashes/TARGET/) and the committed seeds (tests/fuzz/seeds/
 * TARGET/) through the same
 * entry points the libFuzzer targets call, so `make test` (plain and under
 * ASan/UBSan) catches a crash, leak or broken promise coming back.  The
 * folders are read at run time: adding an input needs no edit here.
 *
 * fuzz_one.c is compiled into this test directly because it lives outside
 * the folders the core library is globbed from (it is test code).  It comes
 * first: it asks for _GNU_SOURCE (memfd_create) before any system header.
 */
#include "tests/fuzz/fuzz_one.c"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#define FUZZ_DIR PCLSIM_SOURCE_DIR "/tests/fuzz"
#define MAX_INPUT_BYTES (16u << 20)

static uint8_t *slurp(const char *path, size_t *size)
{
	*size = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	uint8_t *buf = malloc(MAX_INPUT_BYTES);
	size_t n = buf ? fread(buf, 1, MAX_INPUT_BYTES, f) : 0;
	fclose(f);
	*size = n;
	return buf;
}

/* Replays every regular file of dir/target through the target; returns
 * how many it replayed. */
static size_t replay_folder(const char *dir, const struct fuzz_target *t)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, t->name);
	DIR *dp = opendir(path);
	if (!dp)
		return 0;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		char file[4096 + 256];
		struct stat st;
		snprintf(file, sizeof file, "%s/%s", path, e->d_name);
		if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t size;
		uint8_t *data = slurp(file, &size);
		assert_non_null(data);
		const char *why = t->fn(data, size);
		if (why)
			print_error("%s: %s\n", file, why);
		assert_null(why);
		free(data);
		n++;
	}
	closedir(dp);
	return n;
}

/* Every folder under dir names a target: a misspelt folder would otherwise
 * be skipped without anyone noticing. */
static void folders_name_targets(const char *dir)
{
	DIR *dp = opendir(dir);
	assert_non_null(dp);
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096 + 256];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if (!fuzz_target_find(e->d_name))
			print_error("%s: no fuzz target is called '%s'\n",
				    dir, e->d_name);
		assert_non_null(fuzz_target_find(e->d_name));
	}
	closedir(dp);
}

static void crash_inputs_replay(void **state)
{
	(void)state;
	folders_name_targets(FUZZ_DIR "/crashes");
	size_t total = 0;
	for (const struct fuzz_target *t = fuzz_targets; t->name; t++) {
		size_t n = replay_folder(FUZZ_DIR "/crashes", t);
		print_message("crashes/%s: %zu inputs replayed\n", t->name, n);
		total += n;
	}
	/* The folder is committed with the findings in it; none read means
	 * the test looked in the wrong place. */
	assert_true(total > 0);
}

static void seed_inputs_replay(void **state)
{
	(void)state;
	folders_name_targets(FUZZ_DIR "/seeds");
	for (const struct fuzz_target *t = fuzz_targets; t->name; t++) {
		size_t n = replay_folder(FUZZ_DIR "/seeds", t);
		print_message("seeds/%s: %zu inputs replayed\n", t->name, n);
		assert_true(n > 0);
	}
}

/* The promises are checked, not assumed: each check catches a made-up
 * violation. */
static void checks_can_fail(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	assert_non_null(check_diags(-1, &d, "x.csv", NULL));
	diag_error(&d, "other.csv", 3, 1, "bad");
	assert_non_null(check_diags(0, &d, "x.csv", NULL));
	assert_non_null(check_diags(-1, &d, "x.csv", NULL));
	assert_null(check_diags(-1, &d, "other.csv", NULL));
	diags_free(&d);

	struct trace t;
	struct job j;
	trace_init(&t);
	t.format = "csv";
	job_init(&j);
	j.cpus = 1;
	j.line = 2;
	j.id = 7;
	j.submit_ms = 10;
	assert_int_equal(trace_push(&t, &j), 0);
	assert_null(check_trace(&t));
	j.submit_ms = 5;
	j.line = 3;
	assert_int_equal(trace_push(&t, &j), 0);
	assert_string_equal(check_trace(&t), "jobs are not sorted by submission");
	t.jobs[1].submit_ms = 20;
	assert_string_equal(check_trace(&t), "two jobs share an id");
	t.jobs[1].id = 8;
	t.jobs[1].cpus = 0;
	assert_string_equal(check_trace(&t), "a job has no CPUs");
	t.jobs[1].cpus = 1;
	t.jobs[1].runtime_ms = -1;
	assert_string_equal(check_trace(&t), "a job has a negative runtime");
	trace_free(&t);
}

/* The entry points really read: a good input loads, a bad one is refused
 * with a message (checked inside), so a replay exercises the readers. */
static void entries_read_and_refuse(void **state)
{
	(void)state;
	static const char good_csv[] = "submit,runtime,cpus\n0,10,4\n5,20,8\n";
	static const char bad_csv[] = "submit,runtime,cpus\n0,ten,4\n";
	static const char good_swf[] =
		"1 0 0 10 4 -1 -1 4 100 -1 1 1 1 -1 1 1 -1 -1\n";
	static const char good_sacct[] =
		"JobID|Submit|Elapsed|NCPUS|State\n"
		"1|2024-01-01T00:00:00|00:10:00|4|COMPLETED\n";
	int rc;
	assert_null(run_trace(TRACE_CSV, (const uint8_t *)good_csv,
			      sizeof good_csv - 1, &rc));
	assert_int_equal(rc, 0);
	assert_null(run_trace(TRACE_CSV, (const uint8_t *)bad_csv,
			      sizeof bad_csv - 1, &rc));
	assert_int_equal(rc, -1);
	assert_null(run_trace(TRACE_SWF, (const uint8_t *)good_swf,
			      sizeof good_swf - 1, &rc));
	assert_int_equal(rc, 0);
	assert_null(run_trace(TRACE_SACCT, (const uint8_t *)good_sacct,
			      sizeof good_sacct - 1, &rc));
	assert_int_equal(rc, 0);
}

/* The --set target edits set_base; if the base did not load and validate,
 * the target would explore nothing but the error path. */
static void set_base_is_valid(void **state)
{
	(void)state;
	int rc;
	assert_null(load_config(set_base, sizeof set_base - 1, NULL, 0, &rc));
	assert_int_equal(rc, 0);
	const struct config_override ov = {
		"Scheduling.SlurmQueues[name=spot].ComputeResources[0].MaxCount",
		"8" };
	assert_null(load_config(set_base, sizeof set_base - 1, &ov, 1, &rc));
	assert_int_equal(rc, 0);
	const struct config_override bad = {
		"Scheduling.SlurmQueues[name=nope].ComputeResources[0].MaxCount",
		"8" };
	assert_null(load_config(set_base, sizeof set_base - 1, &bad, 1, &rc));
	assert_int_equal(rc, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checks_can_fail),
		cmocka_unit_test(entries_read_and_refuse),
		cmocka_unit_test(set_base_is_valid),
		cmocka_unit_test(crash_inputs_replay),
		cmocka_unit_test(seed_inputs_replay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
