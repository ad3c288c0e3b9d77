/*
 * The performance models inside whole runs (config + trace + scenario
 * through the Slurm model), checked against closed forms.  The clusters
 * (tests/fixtures/perf/) have 8 static c5n.18xlarge nodes, so every job
 * starts at its submission and its run time is the models' answer alone:
 *   cluster.yaml   PERSISTENT_2 1000 MB/s/TiB, 1200 GiB: reads and writes
 *                  disk-bound at 1.2 GB/s (network 3.12 GB/s)
 *   scratch2.yaml  SCRATCH_2 1200 GiB: network 240 MB/s bursting to
 *                  1560 MB/s on credits, ImportPath and ExportPath
 * A c5n.18xlarge node's network caps a job's I/O at 12.5 GB/s per node.
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

#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "sim/run.h"

#define SRC PCLSIM_SOURCE_DIR "/"
#define CLUSTER SRC "tests/fixtures/perf/cluster.yaml"
#define SCRATCH2 SRC "tests/fixtures/perf/scratch2.yaml"
#define CR "Scheduling.SlurmQueues[0].ComputeResources[0]."
#define FSX "SharedStorage[0].FsxLustreSettings."

/* The trace's header for every test; rows give these columns. */
#define HEADER "job_id,submit,runtime,nodes,cpus,time_limit,read_gb," \
	       "write_gb,compress_ratio,comm_fraction\n"

struct perf_case {
	const char *config;
	const char *trace_rows;          /* after HEADER */
	const char *scenario;            /* YAML text, or NULL */
	const char *reference;           /* --reference-instance, or NULL */
	struct config_override sets[4];
	size_t n_sets;
};

static char *write_temp(const char *suffix, const char *a, const char *b)
{
	char *path = malloc(64);
	assert_non_null(path);
	snprintf(path, 64, "/tmp/pclsim_perf_XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(a, f);
	if (b)
		fputs(b, f);
	fclose(f);
	return path;
}

/* Runs the case; returns run_execute's status, with the world in w (free
 * it with run_world_free) and the errors in d. */
static int run_case(const struct perf_case *c, struct run_world *w,
		    struct diags *d)
{
	char *trace = write_temp(".csv", HEADER, c->trace_rows);
	char *scen = c->scenario ? write_temp(".yaml", c->scenario, NULL) : NULL;
	struct run_opts o;
	run_opts_init(&o);
	o.config_path = c->config;
	o.trace_path = trace;
	o.scenario_path = scen;
	o.reference_instance = c->reference;
	o.overrides = c->sets;
	o.n_overrides = c->n_sets;
	o.check = 1;
	diags_init(d);
	int rc = run_execute(&o, w, d);
	unlink(trace);
	free(trace);
	if (scen) {
		unlink(scen);
		free(scen);
	}
	return rc;
}

static void run_ok(const struct perf_case *c, struct run_world *w)
{
	struct diags d;
	int rc = run_case(c, w, &d);
	if (rc)
		diags_print(&d, stderr);
	diags_free(&d);
	assert_int_equal(rc, 0);
}

/* A job's run time (end - start) in ms. */
static int64_t ran_ms(const struct run_world *w, size_t i)
{
	const struct job_record *j = &w->result.jobs[i];
	assert_true(j->start_ms >= 0 && j->end_ms >= j->start_ms);
	return j->end_ms - j->start_ms;
}

/* The fluid model ends a phase at the first whole millisecond at or after
 * its exact end. */
static void assert_ms_near(int64_t got, double want_ms)
{
	if (!((double)got >= want_ms - 1 && (double)got <= want_ms + 1))
		fail_msg("%lld ms, expected %.3f ms", (long long)got, want_ms);
}

static void one_reader_then_two(void **state)
{
	(void)state;
	struct run_world w;
	/* 120 GB at 1.2 GB/s = 100 s, then 60 s of compute. */
	struct perf_case one = { CLUSTER, "1,0,60,1,36,,120,0,,\n", NULL,
				 NULL, { { 0 } }, 0 };
	run_ok(&one, &w);
	assert_ms_near(ran_ms(&w, 0), 160000);
	assert_int_equal(w.result.jobs[0].io_ms, 100000);
	assert_int_equal(w.result.jobs[0].state, JOB_ST_COMPLETED);
	const struct storage_result *s = &w.result.storage;
	assert_true(s->present);
	assert_string_equal(s->name, "lustre");
	assert_true(s->peak_bps > 1.2e9 * 0.999 && s->peak_bps < 1.2e9 * 1.001);
	assert_true(s->bytes_read == 120e9);
	/* The file system, not the node (12.5 GB/s), was the limit. */
	assert_int_equal(s->saturated_ms, s->busy_ms);
	run_world_free(&w);

	/* Two at once share 1.2 GB/s: each read takes twice as long. */
	struct perf_case two = { CLUSTER, "1,0,60,1,36,,120,0,,\n"
					  "2,0,60,1,36,,120,0,,\n", NULL,
				 NULL, { { 0 } }, 0 };
	run_ok(&two, &w);
	assert_ms_near(ran_ms(&w, 0), 260000);
	assert_ms_near(ran_ms(&w, 1), 260000);
	assert_ms_near(w.result.makespan_ms, 260000);
	run_world_free(&w);
}

static void node_network_caps_a_big_file_system(void **state)
{
	(void)state;
	struct run_world w;
	/* 48,000 GiB: 48 GB/s of disk; one node takes 12.5 GB/s of it. */
	struct perf_case c = { CLUSTER, "1,0,0,1,36,,125,0,,\n", NULL, NULL,
			       { { FSX "StorageCapacity", "48000" } }, 1 };
	run_ok(&c, &w);
	assert_ms_near(ran_ms(&w, 0), 125e9 / 12.5e9 * 1000);
	assert_int_equal(w.result.storage.saturated_ms, 0);
	run_world_free(&w);
	/* Two nodes double the cap. */
	struct perf_case c2 = { CLUSTER, "1,0,0,2,72,,125,0,,\n", NULL, NULL,
				{ { FSX "StorageCapacity", "48000" } }, 1 };
	run_ok(&c2, &w);
	assert_ms_near(ran_ms(&w, 0), 125e9 / 25e9 * 1000);
	run_world_free(&w);
}

static void capacity_doubles_throughput(void **state)
{
	(void)state;
	struct run_world w;
	struct perf_case c = { CLUSTER, "1,0,0,1,36,,120,0,,\n", NULL, NULL,
			       { { FSX "StorageCapacity", "2400" } }, 1 };
	run_ok(&c, &w);
	assert_ms_near(ran_ms(&w, 0), 50000);
	run_world_free(&w);
}

static void lz4_halves_io_and_stored_bytes(void **state)
{
	(void)state;
	struct run_world w;
	/* Writes of 100 GB: 83.3 s at 1.2 GB/s, 100 GB stored. */
	struct perf_case plain = { CLUSTER, "1,0,0,1,36,,0,100,2,\n", NULL,
				   NULL, { { 0 } }, 0 };
	run_ok(&plain, &w);
	assert_ms_near(ran_ms(&w, 0), 100e9 / 1.2e9 * 1000);
	assert_true(w.result.storage.peak_stored_bytes == 100e9);
	run_world_free(&w);
	/* LZ4 at ratio 2 (the trace's column): half the time and bytes. */
	struct perf_case lz4 = { CLUSTER, "1,0,0,1,36,,0,100,2,\n", NULL, NULL,
				 { { FSX "DataCompressionType", "LZ4" } }, 1 };
	run_ok(&lz4, &w);
	assert_ms_near(ran_ms(&w, 0), 100e9 / 2.4e9 * 1000);
	assert_true(w.result.storage.peak_stored_bytes == 50e9);
	run_world_free(&w);
	/* The scenario's default ratio applies to a job without one. */
	struct perf_case dflt = { CLUSTER, "1,0,0,1,36,,0,100,,\n",
				  "storage: {compress_ratio: 2}\n", NULL,
				  { { FSX "DataCompressionType", "LZ4" } }, 1 };
	run_ok(&dflt, &w);
	assert_ms_near(ran_ms(&w, 0), 100e9 / 2.4e9 * 1000);
	run_world_free(&w);
}

static void scratch2_credits_run_dry(void **state)
{
	(void)state;
	struct run_world w;
	/* Reads the servers' cache serves are network-bound: 1560 MB/s while
	 * the bucket lasts ((1560 - 240) MB/s x 10 s drains in 10 s), then
	 * the 240 MB/s baseline.  39.6 GB = 15.6 GB in 10 s + 24 GB in
	 * 100 s. */
	struct perf_case c = { SCRATCH2, "1,0,0,1,36,,39.6,0,,\n",
			       "storage: {read_cache_hit: 1, burst_bucket_s: 10, "
			       "import_gb: 0}\n", NULL, { { 0 } }, 0 };
	run_ok(&c, &w);
	assert_ms_near(ran_ms(&w, 0), 110000);
	const struct storage_result *s = &w.result.storage;
	assert_ms_near(s->burst_ms, 10000);
	assert_true(s->peak_bps > 1.56e9 * 0.999 && s->peak_bps < 1.56e9 * 1.001);
	assert_true(s->peak_net_fraction > 6.49 && s->peak_net_fraction < 6.51);
	run_world_free(&w);
}

static void export_counted_in_makespan(void **state)
{
	(void)state;
	struct run_world w;
	/* 12 GB written at the disk's 120 MB/s write rate: 100 s; exported
	 * at 100 MB/s afterwards: 120 s more when the scenario counts it. */
	struct perf_case c = { SCRATCH2, "1,0,0,1,36,,0,12,,\n",
			       "storage: {s3_mbps: 100}\n", NULL, { { 0 } }, 0 };
	run_ok(&c, &w);
	assert_ms_near(w.result.makespan_ms, 100000);
	assert_ms_near(w.result.storage.export_ms, 120000);
	assert_int_equal(w.result.storage.export_counted, 0);
	run_world_free(&w);
	c.scenario = "storage: {s3_mbps: 100, count_export: true}\n";
	run_ok(&c, &w);
	assert_ms_near(w.result.makespan_ms, 220000);
	assert_int_equal(w.result.storage.export_counted, 1);
	run_world_free(&w);
}

static void import_path_reads_from_s3(void **state)
{
	(void)state;
	struct run_world w;
	/* Every read is a first read of ImportPath data: 12 GB through the
	 * 100 MB/s S3 link (the disks could take 120 MB/s of loaded data). */
	struct perf_case c = { SCRATCH2, "1,0,0,1,36,,12,0,,\n",
			       "storage: {s3_mbps: 100}\n", NULL, { { 0 } }, 0 };
	run_ok(&c, &w);
	assert_ms_near(ran_ms(&w, 0), 120000);
	assert_true(w.result.storage.cold_bytes == 12e9);
	/* Loaded data is stored on the file system. */
	assert_true(w.result.storage.peak_stored_bytes == 12e9);
	run_world_free(&w);
}

static void overflow_reported(void **state)
{
	(void)state;
	struct run_world w;
	/* 1200 GiB holds 1288.5 GB; writing 1300 GB leaves 11.5 GB out. */
	struct perf_case c = { CLUSTER, "1,0,0,8,288,,0,1300,,\n", NULL, NULL,
			       { { 0 } }, 0 };
	run_ok(&c, &w);
	double over = 1300e9 - 1200.0 * 1073741824.0;
	assert_true(w.result.storage.overflow_bytes > over - 1 &&
		    w.result.storage.overflow_bytes < over + 1);
	run_world_free(&w);
}

/* EFA vs TCP on an 8-node job with comm_fraction 0.8, measured on the
 * default reference network (EFA, placement group, 100 Gbit/s):
 *   EFA  17.5 + 65536 / 12000 us = 22.961 us  (the reference: x1)
 *   TCP  37.5 + 65536 / 1250 us  = 89.929 us  (one 10 Gbit/s flow) */
static void efa_vs_tcp_eight_nodes(void **state)
{
	(void)state;
	struct run_world w;
	const char *rows = "1,0,1000,8,288,,,,,0.8\n";
	struct perf_case efa = { CLUSTER, rows, NULL, NULL, { { 0 } }, 0 };
	run_ok(&efa, &w);
	assert_ms_near(ran_ms(&w, 0), 1000000);
	assert_int_equal(w.result.jobs[0].comm_ms, 800000);
	run_world_free(&w);
	struct perf_case tcp = { CLUSTER, rows, NULL, NULL,
				 { { CR "Efa.Enabled", "false" } }, 1 };
	run_ok(&tcp, &w);
	double ratio = (37.5 + 65536.0 / 1250) / (17.5 + 65536.0 / 12000);
	assert_ms_near(ran_ms(&w, 0), 200000 + 800000 * ratio);
	assert_ms_near(w.result.jobs[0].comm_ms, 800000 * ratio);
	run_world_free(&w);
	/* The scenario's comm_fraction for a job whose trace has none. */
	struct perf_case dflt = { CLUSTER, "1,0,1000,8,288,,,,,\n",
				  "perf: {comm_fraction: 0.8}\n", NULL,
				  { { CR "Efa.Enabled", "false" } }, 1 };
	run_ok(&dflt, &w);
	assert_ms_near(ran_ms(&w, 0), 200000 + 800000 * ratio);
	run_world_free(&w);
}

static void single_node_untouched_by_network(void **state)
{
	(void)state;
	struct run_world w;
	struct perf_case c = { CLUSTER, "1,0,1000,1,36,,,,,0.8\n", NULL, NULL,
			       { { CR "Efa.Enabled", "false" },
				 { "Scheduling.SlurmQueues[0].Networking."
				   "PlacementGroup.Enabled", "false" } }, 2 };
	run_ok(&c, &w);
	assert_int_equal(ran_ms(&w, 0), 1000000);
	assert_int_equal(w.result.jobs[0].comm_ms, 0);
	run_world_free(&w);
}

/* Measured on c5n.18xlarge with SMT off (one CPU = one core, speed index
 * 1 by the catalog's definition), run on c6i.32xlarge with SMT off: the
 * compute-bound job is shorter by the catalog's speed ratio. */
static void faster_instance_by_speed_ratio(void **state)
{
	(void)state;
	const struct catalog *cat = catalog_builtin();
	double ref = catalog_instance(cat, "c5n.18xlarge")->speed_index;
	double fast = catalog_instance(cat, "c6i.32xlarge")->speed_index;
	assert_true(fast > ref);
	struct run_world w;
	struct perf_case c = { CLUSTER, "1,0,1000,1,36,,,,,\n",
			       "perf: {reference_disable_smt: true}\n",
			       "c5n.18xlarge",
			       { { CR "InstanceType", "c6i.32xlarge" } }, 1 };
	run_ok(&c, &w);
	assert_ms_near(ran_ms(&w, 0), 1000000 * ref / fast);
	run_world_free(&w);
	/* The same instance as the reference: no change. */
	c.n_sets = 0;
	run_ok(&c, &w);
	assert_int_equal(ran_ms(&w, 0), 1000000);
	run_world_free(&w);
	/* No reference: the trace's runtime as given. */
	c.n_sets = 1;
	c.scenario = NULL;
	c.reference = NULL;
	run_ok(&c, &w);
	assert_int_equal(ran_ms(&w, 0), 1000000);
	run_world_free(&w);
}

static void time_limit_cuts_io(void **state)
{
	(void)state;
	struct run_world w;
	/* Two jobs read 120 GB each at once, sharing 1.2 GB/s; job 1 has a
	 * 120 s limit and is killed while still reading (its I/O time
	 * counts). */
	struct perf_case c = { CLUSTER, "1,0,60,1,36,120,120,0,,\n"
					"2,0,60,1,36,,120,0,,\n", NULL, NULL,
			       { { 0 } }, 0 };
	run_ok(&c, &w);
	assert_int_equal(w.result.jobs[0].state, JOB_ST_TIMEOUT);
	assert_int_equal(ran_ms(&w, 0), 120000);
	assert_int_equal(w.result.jobs[0].io_ms, 120000);
	/* Job 2 read 72 GB in those 120 s at 0.6 GB/s, then reads alone:
	 * the last 48 GB at 1.2 GB/s take 40 s, then 60 s of compute. */
	assert_int_equal(w.result.jobs[1].state, JOB_ST_COMPLETED);
	assert_ms_near(ran_ms(&w, 1), 220000);
	run_world_free(&w);
}

static void per_queue_defaults_and_unknown_queue(void **state)
{
	(void)state;
	struct run_world w;
	struct perf_case c = { CLUSTER, "1,0,60,1,36,,,,,\n",
			       "storage: {read_gb: 12, queues: {mpi: "
			       "{read_gb: 120}}}\n", NULL, { { 0 } }, 0 };
	run_ok(&c, &w);
	assert_ms_near(ran_ms(&w, 0), 160000);
	run_world_free(&w);
	c.scenario = "storage: {queues: {gpu: {read_gb: 120}}}\n";
	struct diags d;
	assert_int_equal(run_case(&c, &w, &d), -1);
	const struct diag *e = diags_first_error(&d);
	assert_non_null(e);
	assert_non_null(strstr(e->text, "storage.queues.gpu: the config has no "
				       "queue 'gpu'"));
	assert_int_equal(e->line, 1);
	assert_int_equal(e->col, 20);
	diags_free(&d);
	run_world_free(&w);
}

/* Without I/O or communication settings a job runs its trace runtime and
 * no storage traffic is reported, only the storage's presence. */
static void defaults_leave_runtime_alone(void **state)
{
	(void)state;
	struct run_world w;
	struct perf_case c = { CLUSTER, "1,0,1000,8,288,,,,,\n"
					"2,0,500,1,36,,,,,\n", NULL, NULL,
			       { { 0 } }, 0 };
	run_ok(&c, &w);
	assert_int_equal(ran_ms(&w, 0), 1000000);
	assert_int_equal(ran_ms(&w, 1), 500000);
	assert_int_equal(w.result.jobs[0].io_ms + w.result.jobs[0].comm_ms, 0);
	assert_true(w.result.storage.present);
	assert_true(w.result.storage.bytes_read == 0);
	assert_int_equal(w.result.storage.busy_ms, 0);
	run_world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_reader_then_two),
		cmocka_unit_test(node_network_caps_a_big_file_system),
		cmocka_unit_test(capacity_doubles_throughput),
		cmocka_unit_test(lz4_halves_io_and_stored_bytes),
		cmocka_unit_test(scratch2_credits_run_dry),
		cmocka_unit_test(export_counted_in_makespan),
		cmocka_unit_test(import_path_reads_from_s3),
		cmocka_unit_test(overflow_reported),
		cmocka_unit_test(efa_vs_tcp_eight_nodes),
		cmocka_unit_test(single_node_untouched_by_network),
		cmocka_unit_test(faster_instance_by_speed_ratio),
		cmocka_unit_test(time_limit_cuts_io),
		cmocka_unit_test(per_queue_defaults_and_unknown_queue),
		cmocka_unit_test(defaults_leave_runtime_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
