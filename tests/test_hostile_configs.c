/*
 * Hostile and broken cluster configs and scenarios (tests/fixtures/hostile/):
 * alias bombs, deep nesting, huge lines, NUL bytes, bytes that are not UTF-8
 * and numbers that overflow are refused quickly with a message naming the
 * file, the line and the key; CRLF line ends and a byte-order mark are
 * accepted and change nothing.  Inputs too large to commit are built at run
 * time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "configs/config.h"
#include "configs/scenario.h"
#include "sim/diag.h"

#define HOSTILE PCLSIM_SOURCE_DIR "/tests/fixtures/hostile/"

/* Loads a config; returns config_load's status with the diagnostics in d
 * (the cluster is freed). */
static int load(const char *name, struct diags *d)
{
	char path[512];
	struct cluster c;
	snprintf(path, sizeof path, HOSTILE "%s", name);
	diags_init(d);
	int rc = config_load(path, NULL, 0, &c, d);
	cluster_free(&c);
	return rc;
}

static int load_buffer(const char *name, const char *yaml, size_t len,
		       struct diags *d)
{
	struct cluster c;
	diags_init(d);
	int rc = config_load_buffer(name, yaml, len, NULL, 0, &c, d);
	cluster_free(&c);
	return rc;
}

/* The first error names the file (name is a suffix of its path) and line;
 * its text holds each of the NULL-ended strings. */
static void first_error_is(const struct diags *d, const char *name, int line,
			   ...)
{
	char msg[1400];
	const struct diag *dg = diags_first_error(d);
	assert_non_null(dg);
	diag_format(dg, msg, sizeof msg);
	assert_non_null(dg->file);
	size_t n = strlen(dg->file), k = strlen(name);
	assert_true(n >= k && !strcmp(dg->file + n - k, name));
	if (dg->line != line)
		print_error("wanted line %d: %s\n", line, msg);
	assert_int_equal(dg->line, line);
	va_list ap;
	va_start(ap, line);
	for (const char *s; (s = va_arg(ap, const char *));) {
		if (!strstr(msg, s))
			print_error("'%s' lacks '%s'\n", msg, s);
		assert_non_null(strstr(msg, s));
	}
	va_end(ap);
}

static char *slurp(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, HOSTILE "%s", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 16);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

/* ---- accepted --------------------------------------------------------- */

static void crlf_and_bom_are_accepted(void **state)
{
	(void)state;
	const char *names[] = { "valid.yaml", "crlf.yaml", "bom.yaml" };
	for (int i = 0; i < 3; i++) {
		char path[512];
		struct cluster c;
		struct diags d;
		snprintf(path, sizeof path, HOSTILE "%s", names[i]);
		diags_init(&d);
		if (config_load(path, NULL, 0, &c, &d) != 0)
			diags_print(&d, stderr);
		assert_int_equal(d.n_errors, 0);
		/* The same cluster whatever the line ends or the BOM. */
		assert_string_equal(c.region, "us-east-1");
		assert_string_equal(c.os, "alinux2");
		assert_int_equal(c.n_queues, 1);
		assert_string_equal(c.queues[0].crs[0].name, "cr");
		assert_string_equal(c.queues[0].crs[0].instance_types[0],
				    "c5.2xlarge");
		assert_int_equal(c.queues[0].crs[0].max_count, 10);
		assert_int_equal(c.queues[0].crs[0].pos_max.line, 19);
		cluster_free(&c);
		diags_free(&d);
	}
}

/* ---- refused ---------------------------------------------------------- */

static void alias_bomb_is_refused_quickly(void **state)
{
	(void)state;
	struct diags d;
	clock_t t0 = clock();
	assert_int_equal(load("alias-bomb.yaml", &d), -1);
	/* 10^9 nodes if expanded; refused by counting, in well under a
	 * second even under ASan. */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	first_error_is(&d, "alias-bomb.yaml", 4, ":4:45:",
		       "aliases expand the document too much", "*a2", NULL);
	diags_free(&d);
}

/* An alias inside the node it names: refused, and (under ASan) freed. */
static void alias_cycle_is_refused(void **state)
{
	(void)state;
	struct diags d;
	assert_int_equal(load("alias-cycle.yaml", &d), -1);
	first_error_is(&d, "alias-cycle.yaml", 2, ":2:11:", "'*t'",
		       "inside the node it names", NULL);
	diags_free(&d);
}

static void deep_nesting_is_refused(void **state)
{
	(void)state;
	struct diags d;
	assert_int_equal(load("deep-nesting.yaml", &d), -1);
	first_error_is(&d, "deep-nesting.yaml", 2, ":2:70:",
		       "nests deeper than 64 levels", NULL);
	diags_free(&d);
	assert_int_equal(load("deep-nesting-block.yaml", &d), -1);
	first_error_is(&d, "deep-nesting-block.yaml", 66,
		       "nests deeper than 64 levels", NULL);
	diags_free(&d);
	/* Far deeper than any stack would survive if parsing recursed. */
	size_t depth = 200000, len = 8 + 2 * depth;
	char *yaml = malloc(len + 2);
	assert_non_null(yaml);
	memcpy(yaml, "Region: ", 8);
	memset(yaml + 8, '[', depth);
	memset(yaml + 8 + depth, ']', depth);
	yaml[len] = '\n';
	assert_int_equal(load_buffer("deep.yaml", yaml, len + 1, &d), -1);
	first_error_is(&d, "deep.yaml", 1, "nests deeper", NULL);
	diags_free(&d);
	free(yaml);
}

/* A 3 MB value is judged like any other (the message shows the key and a
 * bounded part of the value); a file over the 4 MiB limit is refused whole. */
static void huge_lines_are_bounded(void **state)
{
	(void)state;
	size_t len, big = 3u << 20;
	char *base = slurp("valid.yaml", &len);
	char *at = strstr(base, "alinux2");
	assert_non_null(at);
	size_t head = (size_t)(at - base), tail = len - head - 7;
	char *yaml = malloc(len + big);
	assert_non_null(yaml);
	memcpy(yaml, base, head);
	memset(yaml + head, 'x', big);
	memcpy(yaml + head + big, at + 7, tail);
	struct diags d;
	assert_int_equal(load_buffer("huge.yaml", yaml, head + big + tail, &d),
			 -1);
	first_error_is(&d, "huge.yaml", 3, ":3:7:", "Image.Os", "Must be one of",
		       NULL);
	assert_true(strlen(diags_first_error(&d)->text) < 1400);
	diags_free(&d);
	free(yaml);
	free(base);

	char path[] = "/tmp/pclsim-hostile-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("Region: ", f);
	for (int i = 0; i < (5 << 20) / 64; i++)
		fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", f);
	fputs("\n", f);
	fclose(f);
	struct cluster c;
	diags_init(&d);
	assert_int_equal(config_load(path, NULL, 0, &c, &d), -1);
	cluster_free(&c);
	char msg[1400];
	diag_format(diags_first_error(&d), msg, sizeof msg);
	assert_non_null(strstr(msg, path));
	assert_non_null(strstr(msg, "larger than"));
	diags_free(&d);
	remove(path);
}

/* "  Os: alin\0ux2" on line 3: refused where the NUL stands, not cut
 * there (libyaml would read "alin"). */
static void nul_byte_is_refused(void **state)
{
	(void)state;
	struct diags d;
	assert_int_equal(load("nul-byte.yaml", &d), -1);
	first_error_is(&d, "nul-byte.yaml", 3, ":3:11:", "NUL byte", NULL);
	diags_free(&d);
}

static void non_utf8_is_refused(void **state)
{
	(void)state;
	struct diags d;
	assert_int_equal(load("non-utf8.yaml", &d), -1);
	first_error_is(&d, "non-utf8.yaml", 16, ":16:19:", "not valid UTF-8",
		       "0xff", NULL);
	diags_free(&d);
}

static void overflowing_max_count_is_refused(void **state)
{
	(void)state;
	struct diags d;
	assert_int_equal(load("maxcount-overflow.yaml", &d), -1);
	first_error_is(&d, "maxcount-overflow.yaml", 19, ":19:21:",
		       "Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount",
		       "9223372036854775808", NULL);
	diags_free(&d);
}

/* Values an int64 holds but the field does not: refused before the cast
 * (4294967301 would otherwise be 5, 2147483648 would be negative). */
static void max_count_beyond_int_is_refused(void **state)
{
	(void)state;
	struct diags d;
	assert_int_equal(load("maxcount-wraps.yaml", &d), -1);
	first_error_is(&d, "maxcount-wraps.yaml", 19, ":19:21:",
		       "Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount",
		       "4294967301", "out of range", "allowed 1 to 2147483647",
		       NULL);
	diags_free(&d);
	assert_int_equal(load("maxcount-int-max-plus-1.yaml", &d), -1);
	first_error_is(&d, "maxcount-int-max-plus-1.yaml", 19, ":19:21:",
		       "ComputeResources[0].MaxCount", "2147483648",
		       "allowed 1 to 2147483647", NULL);
	diags_free(&d);
}

/* Every integer key the loader narrows is range-checked the same way: one
 * key at a time, appended to (or replacing a line of) the valid config. */
static void every_narrowed_integer_is_range_checked(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to, *path;
		int line;
	} cases[] = {
		{ "          MinCount: 0\n", "          MinCount: 4294967296\n",
		  "ComputeResources[0].MinCount", 18 },
		{ "          MaxCount: 10\n",
		  "          MaxCount: 10\n          StaticNodePriority: 1\n"
		  "          DynamicNodePriority: 4294967295\n",
		  NULL, 0 },
		{ "Scheduling:\n",
		  "Scheduling:\n  SlurmSettings:\n"
		  "    ScaledownIdletime: 2147483648\n",
		  "Scheduling.SlurmSettings.ScaledownIdletime", 10 },
		{ "Region: us-east-1\n",
		  "Region: us-east-1\nDevSettings:\n  Timeouts:\n"
		  "    ComputeNodeBootstrapTimeout: 9999999999\n",
		  "DevSettings.Timeouts.ComputeNodeBootstrapTimeout", 4 },
	};
	size_t len;
	char *base = slurp("valid.yaml", &len);
	base[len] = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char yaml[4096];
		char *at = strstr(base, cases[i].from);
		assert_non_null(at);
		int n = snprintf(yaml, sizeof yaml, "%.*s%s%s", (int)(at - base),
				 base, cases[i].to, at + strlen(cases[i].from));
		assert_true(n > 0 && (size_t)n < sizeof yaml);
		struct diags d;
		int rc = load_buffer("range.yaml", yaml, (size_t)n, &d);
		if (!cases[i].path) {
			/* In range: accepted (the probe itself is sound). */
			if (rc)
				diags_print(&d, stderr);
			assert_int_equal(rc, 0);
		} else {
			assert_int_equal(rc, -1);
			first_error_is(&d, "range.yaml", cases[i].line,
				       cases[i].path, "out of range",
				       "allowed", NULL);
		}
		diags_free(&d);
	}
	free(base);
}

/* A custom action's Sequence item that is a list, not {Script, Args}
 * (fuzz finding: it was walked as a map). */
static void action_sequence_item_must_be_a_map(void **state)
{
	(void)state;
	const char *name = PCLSIM_SOURCE_DIR
		"/tests/fuzz/crashes/config/action-sequence-item-not-a-map.yaml";
	struct cluster c;
	struct diags d;
	diags_init(&d);
	assert_int_equal(config_load(name, NULL, 0, &c, &d), -1);
	cluster_free(&c);
	first_error_is(&d, "action-sequence-item-not-a-map.yaml", 11, ":11:11:",
		       "HeadNode.CustomActions.OnNodeStart.Sequence[0]",
		       "a mapping", NULL);
	diags_free(&d);
}

/* A --set value is held to the config file's rule (UTF-8 text), and its
 * bytes are shown escaped. */
static void set_value_not_utf8_is_refused(void **state)
{
	(void)state;
	char path[512], msg[1400];
	snprintf(path, sizeof path, HOSTILE "valid.yaml");
	const struct config_override ov[] = {
		{ "Image.Os", "alinux\xff" },
		{ "Image.O\x1bs", "alinux2" },
	};
	for (size_t i = 0; i < 2; i++) {
		struct cluster c;
		struct diags d;
		diags_init(&d);
		assert_int_equal(config_load(path, &ov[i], 1, &c, &d), -1);
		cluster_free(&c);
		diag_format(diags_first_error(&d), msg, sizeof msg);
		assert_non_null(strstr(msg, "--set"));
		assert_non_null(strstr(msg, i ? "'Image.O\\x1bs'"
					      : "Image.Os: the value 'alinux\\xff'"));
		assert_non_null(strstr(msg, "not UTF-8 text"));
		diags_free(&d);
	}
}

/* ---- scenarios -------------------------------------------------------- */

static int load_scenario(const char *name, struct diags *d)
{
	char path[512];
	struct scenario s;
	snprintf(path, sizeof path, HOSTILE "%s", name);
	diags_init(d);
	scenario_defaults(&s);
	int rc = scenario_load(path, &s, d);
	scenario_free(&s);
	return rc;
}

static void hostile_scenarios_are_refused(void **state)
{
	(void)state;
	struct diags d;
	assert_int_equal(load_scenario("scenario-alias-bomb.yaml", &d), -1);
	first_error_is(&d, "scenario-alias-bomb.yaml", 1, "a0",
		       "unknown section", NULL);
	diags_free(&d);
	assert_int_equal(load_scenario("scenario-deep-nesting.yaml", &d), -1);
	first_error_is(&d, "scenario-deep-nesting.yaml", 1, ":1:7:", "seed",
		       "expected a scalar", NULL);
	diags_free(&d);
	assert_int_equal(load_scenario("scenario-seed-overflow.yaml", &d), -1);
	first_error_is(&d, "scenario-seed-overflow.yaml", 1, ":1:7:", "seed",
		       "99999999999999999999999", NULL);
	diags_free(&d);
	assert_int_equal(load_scenario("scenario-negative-time.yaml", &d), -1);
	first_error_is(&d, "scenario-negative-time.yaml", 2, ":2:14:",
		       "boot.latency_s", "'-30'", NULL);
	diags_free(&d);
	/* Where the bad byte stands ("  policy: e\xffsy"), not at 1:1. */
	assert_int_equal(load_scenario("scenario-non-utf8.yaml", &d), -1);
	first_error_is(&d, "scenario-non-utf8.yaml", 3, ":3:12:",
		       "not valid UTF-8", "0xff", NULL);
	diags_free(&d);
	assert_int_equal(load_scenario("scenario-nul-byte.yaml", &d), -1);
	first_error_is(&d, "scenario-nul-byte.yaml", 2, ":2:14:", "NUL byte",
		       NULL);
	diags_free(&d);
}

/* A seed is written in digits: "1e5" and "0x10" are numbers strtod takes
 * but the stored integer would not be what was written. */
static void scenario_seed_is_digits(void **state)
{
	(void)state;
	static const char *const bad[] = { "seed: 1e5\n", "seed: 0x10\n",
					   "seed: 12.0\n" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct scenario s;
		struct diags d;
		diags_init(&d);
		scenario_defaults(&s);
		assert_int_equal(scenario_load_buffer("seed.yaml", bad[i],
						      strlen(bad[i]), &s, &d),
				 -1);
		first_error_is(&d, "seed.yaml", 1, ":1:7:", "seed",
			       "whole number", NULL);
		scenario_free(&s);
		diags_free(&d);
	}
	struct scenario s;
	struct diags d;
	diags_init(&d);
	scenario_defaults(&s);
	const char *good = "seed: 18000000000000000001\n";
	assert_int_equal(scenario_load_buffer("seed.yaml", good, strlen(good),
					      &s, &d), 0);
	assert_true(s.seed == 18000000000000000001ull);
	scenario_free(&s);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crlf_and_bom_are_accepted),
		cmocka_unit_test(alias_bomb_is_refused_quickly),
		cmocka_unit_test(alias_cycle_is_refused),
		cmocka_unit_test(deep_nesting_is_refused),
		cmocka_unit_test(huge_lines_are_bounded),
		cmocka_unit_test(nul_byte_is_refused),
		cmocka_unit_test(non_utf8_is_refused),
		cmocka_unit_test(overflowing_max_count_is_refused),
		cmocka_unit_test(max_count_beyond_int_is_refused),
		cmocka_unit_test(every_narrowed_integer_is_range_checked),
		cmocka_unit_test(action_sequence_item_must_be_a_map),
		cmocka_unit_test(set_value_not_utf8_is_refused),
		cmocka_unit_test(hostile_scenarios_are_refused),
		cmocka_unit_test(scenario_seed_is_digits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
