/*
 * The fuzz entry points and the promises they check; see fuzz_one.h.
 *
 * Trace readers take a path (they stream, and read gzip), so a trace input
 * is written to an anonymous memory file and read back through
 * /proc/self/fd: no disk, and no name two processes could share.
 */
#define _GNU_SOURCE
#include "tests/fuzz/fuzz_one.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "configs/config.h"
#include "configs/scenario.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "workloads/trace.h"

/* ---- promises every reader makes ------------------------------------- */

/* rc and the error count agree, and every error names the input. */
static const char *check_diags(int rc, const struct diags *d,
			       const char *name, const char *alt_name)
{
	if (rc != 0 && d->n_errors == 0)
		return "failed without an error message";
	if (rc == 0 && d->n_errors != 0)
		return "succeeded but reported an error";
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *dg = &d->items[i];
		if (dg->level != DIAG_ERROR)
			continue;
		if (!dg->text || !*dg->text)
			return "an error message is empty";
		char buf[1400];
		diag_format(dg, buf, sizeof buf);
		if (!strstr(buf, name) && !(alt_name && strstr(buf, alt_name)))
			return "an error message does not name the file";
	}
	return NULL;
}

/* ---- traces ----------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static const char *check_job(const struct job *j)
{
	if (j->runtime_ms < 0)
		return "a job has a negative runtime";
	if (j->cpus < 1)
		return "a job has no CPUs";
	if (j->nodes < 0 || j->gpus < 0)
		return "a job has a negative node or GPU count";
	if (j->time_limit_ms < -1)
		return "a job has a negative time limit";
	if (j->mem_mb < 0 || j->mem_per_cpu_mb < 0)
		return "a job has negative memory";
	if (j->mem_mb > 0 && j->mem_per_cpu_mb > 0)
		return "a job has both memory per node and per CPU";
	if (j->line < 1)
		return "a job has no source line";
	return NULL;
}

/* What a successful read promises: each job sane, jobs in submission
 * order, ids unique. */
static const char *check_trace(const struct trace *t)
{
	if (!t->format)
		return "a read trace has no format name";
	for (size_t i = 0; i < t->n; i++) {
		const char *why = check_job(&t->jobs[i]);
		if (why)
			return why;
		if (i && t->jobs[i].submit_ms < t->jobs[i - 1].submit_ms)
			return "jobs are not sorted by submission";
	}
	if (t->n < 2)
		return NULL;
	int64_t *ids = malloc(t->n * sizeof *ids);
	if (!ids)
		return NULL;   /* the harness ran out of memory, not the reader */
	for (size_t i = 0; i < t->n; i++)
		ids[i] = t->jobs[i].id;
	qsort(ids, t->n, sizeof *ids, cmp_i64);
	const char *why = NULL;
	for (size_t i = 1; i < t->n && !why; i++)
		if (ids[i] == ids[i - 1])
			why = "two jobs share an id";
	free(ids);
	return why;
}

/* Reads data as a trace of format f; *rc_out (may be NULL) gets
 * trace_read's status, so tests can tell a read from a refusal. */
static const char *run_trace(enum trace_format f, const uint8_t *data,
			     size_t size, int *rc_out)
{
	int fd = memfd_create("pclsim-fuzz", 0);
	if (rc_out)
		*rc_out = -2;
	if (fd < 0)
		return NULL;   /* cannot test here; not the reader's fault */
	size_t done = 0;
	while (done < size) {
		ssize_t w = write(fd, data + done, size - done);
		if (w <= 0) {
			close(fd);
			return NULL;
		}
		done += (size_t)w;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

	struct trace_read_opts opts;
	trace_read_opts_init(&opts);
	opts.format = f;
	/* Half the inputs (by their length) take the --skip-bad-rows path,
	 * which has its own bookkeeping. */
	opts.skip_bad_rows = size & 1;
	struct trace t;
	struct diags d;
	trace_init(&t);
	diags_init(&d);
	int rc = trace_read(path, &opts, &t, &d);
	if (rc_out)
		*rc_out = rc;
	const char *why = check_diags(rc, &d, path, NULL);
	if (!why && rc == 0)
		why = check_trace(&t);
	trace_free(&t);
	diags_free(&d);
	close(fd);
	return why;
}

const char *fuzz_one_csv(const uint8_t *data, size_t size)
{
	return run_trace(TRACE_CSV, data, size, NULL);
}

const char *fuzz_one_swf(const uint8_t *data, size_t size)
{
	return run_trace(TRACE_SWF, data, size, NULL);
}

const char *fuzz_one_sacct(const uint8_t *data, size_t size)
{
	return run_trace(TRACE_SACCT, data, size, NULL);
}

/* ---- cluster configs -------------------------------------------------- */

#define FUZZ_CONFIG_NAME "fuzz.yaml"

/* Reads every string a loaded cluster holds, so a dangling or unterminated
 * one shows up under ASan. */
static size_t touch(const char *s)
{
	return s ? strlen(s) : 0;
}

static size_t touch_cluster(const struct cluster *c)
{
	size_t n = touch(c->path) + touch(c->region) + touch(c->os) +
		   touch(c->head_node_instance_type);
	for (int q = 0; q < c->n_queues; q++) {
		const struct slurm_queue *sq = &c->queues[q];
		n += touch(sq->name);
		for (int k = 0; k < sq->n_crs; k++) {
			const struct compute_resource *cr = &sq->crs[k];
			n += touch(cr->name);
			for (int i = 0; i < cr->n_instance_types; i++)
				n += touch(cr->instance_types[i]);
		}
	}
	for (int s = 0; s < c->n_storage; s++)
		n += touch(c->storage[s].name) + touch(c->storage[s].mount_dir);
	return n;
}

/* Loads and validates; *rc_out (may be NULL) gets 0 for a config that
 * loaded and passed the validators, -1 otherwise. */
static const char *load_config(const char *yaml, size_t len,
			       const struct config_override *ov, size_t n_ov,
			       int *rc_out)
{
	struct cluster c;
	struct diags d;
	diags_init(&d);
	int rc = config_load_buffer(FUZZ_CONFIG_NAME, yaml, len, ov, n_ov, &c,
				    &d);
	const char *why = check_diags(rc, &d, FUZZ_CONFIG_NAME, "--set");
	if (!why && rc == 0 && touch_cluster(&c) == (size_t)-1)
		why = "impossible string length";
	/* The validators read what the loader typed: a loaded config is one
	 * they must judge without crashing, and they count what they add. */
	if (!why && rc == 0) {
		size_t before = d.n_errors;
		int n = config_validate(&c, catalog_builtin(), &d);
		if (n < 0 || (size_t)n != d.n_errors - before)
			why = "config_validate's count differs from its errors";
		else
			why = check_diags(n ? -1 : 0, &d, FUZZ_CONFIG_NAME,
					  "--set");
		if (n)
			rc = -1;
	}
	if (rc_out)
		*rc_out = rc;
	cluster_free(&c);
	diags_free(&d);
	return why;
}

const char *fuzz_one_config(const uint8_t *data, size_t size)
{
	return load_config((const char *)data, size, NULL, 0, NULL);
}

/* The config the overrides edit: two queues, so selectors by index and by
 * name both have something to find. */
static const char set_base[] =
	"Region: us-east-1\n"
	"Image:\n"
	"  Os: alinux2\n"
	"HeadNode:\n"
	"  InstanceType: c5.xlarge\n"
	"  Networking:\n"
	"    SubnetId: subnet-12345678\n"
	"Scheduling:\n"
	"  Scheduler: slurm\n"
	"  SlurmSettings:\n"
	"    ScaledownIdletime: 10\n"
	"  SlurmQueues:\n"
	"    - Name: od\n"
	"      Networking:\n"
	"        SubnetIds:\n"
	"          - subnet-12345678\n"
	"      ComputeResources:\n"
	"        - Name: c5\n"
	"          InstanceType: c5.2xlarge\n"
	"          MinCount: 0\n"
	"          MaxCount: 10\n"
	"    - Name: spot\n"
	"      CapacityType: SPOT\n"
	"      Networking:\n"
	"        SubnetIds:\n"
	"          - subnet-12345678\n"
	"      ComputeResources:\n"
	"        - Name: flex\n"
	"          Instances:\n"
	"            - InstanceType: c5.4xlarge\n"
	"            - InstanceType: c5a.4xlarge\n"
	"          MaxCount: 4\n";

#define FUZZ_MAX_OVERRIDES 16

const char *fuzz_one_set(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return NULL;
	memcpy(text, data, size);
	text[size] = '\0';
	/* KEY=VALUE a line, split at the first '=' as the command line does;
	 * a line without one is a key with an empty value. */
	struct config_override ov[FUZZ_MAX_OVERRIDES];
	size_t n = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save);
	     line && n < FUZZ_MAX_OVERRIDES;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');
		if (eq)
			*eq = '\0';
		ov[n].key = line;
		ov[n].value = eq ? eq + 1 : "";
		n++;
	}
	const char *why = load_config(set_base, sizeof set_base - 1, ov, n,
				      NULL);
	free(text);
	return why;
}

/* ---- scenarios ------------------------------------------------------- */

#define FUZZ_SCENARIO_NAME "fuzz-scenario.yaml"

const char *fuzz_one_scenario(const uint8_t *data, size_t size)
{
	struct scenario s;
	struct diags d;
	diags_init(&d);
	scenario_defaults(&s);
	int rc = scenario_load_buffer(FUZZ_SCENARIO_NAME, (const char *)data,
				      size, &s, &d);
	const char *why = check_diags(rc, &d, FUZZ_SCENARIO_NAME, NULL);
	if (!why && rc == 0 && (unsigned)s.policy >= POLICY_COUNT)
		why = "a loaded scenario names no known policy";
	scenario_free(&s);
	diags_free(&d);
	return why;
}

/* ---- the table -------------------------------------------------------- */

const struct fuzz_target fuzz_targets[] = {
	{ "config", fuzz_one_config },
	{ "set", fuzz_one_set },
	{ "scenario", fuzz_one_scenario },
	{ "csv", fuzz_one_csv },
	{ "swf", fuzz_one_swf },
	{ "sacct", fuzz_one_sacct },
	{ NULL, NULL },
};

const struct fuzz_target *fuzz_target_find(const char *name)
{
	for (const struct fuzz_target *t = fuzz_targets; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}
