/* A job's phases on the engine: read, compute with communication, write,
 * on a small cluster built in memory (a c5n.18xlarge queue and a 1.2 TiB
 * SCRATCH_2 file system), checked against closed forms. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "models/jobrun.h"
#include "sim/diag.h"
#include "sim/engine.h"
#include "workloads/job.h"

enum { KIND_IO = 1, KIND_COMPUTE = 2 };

struct world {
	struct engine eng;
	struct jobrun r;
	struct cluster c;
	struct slurm_queue q;
	struct compute_resource cr;
	struct shared_storage ss;
	char *types[1];
	int64_t end_ms[8];
};

static void on_done(void *ctx, int32_t job)
{
	struct world *w = ctx;
	w->end_ms[job] = w->eng.now_ms;
}

static void fire(void *ctx, const struct event *ev)
{
	struct world *w = ctx;
	jobrun_on_event(&w->r, &w->eng, ev);
}

/* One queue of c5n.18xlarge (EFA, placement group) and, unless
 * no_storage, a 1.2 TiB SCRATCH_2 file system. */
static void world_init(struct world *w, int efa, int no_storage,
		       const struct perf_params *pp)
{
	memset(w, 0, sizeof *w);
	w->types[0] = "c5n.18xlarge";
	w->cr = (struct compute_resource){ .name = "cr", .instance_types =
		w->types, .n_instance_types = 1, .max_count = 8, .efa = efa,
		.pg = { .enabled = 1 } };
	w->q = (struct slurm_queue){ .name = "q", .crs = &w->cr, .n_crs = 1 };
	w->ss = (struct shared_storage){ .name = "fsx",
					 .type = STORAGE_FSX_LUSTRE };
	w->ss.fsx.deployment = FSX_SCRATCH_2;
	w->ss.fsx.storage_capacity_gib = 1200;
	w->c = (struct cluster){ .path = "c.yaml", .region = "us-east-1",
				 .queues = &w->q, .n_queues = 1,
				 .storage = &w->ss,
				 .n_storage = no_storage ? 0 : 1 };
	engine_init(&w->eng);
	struct perf_params p;
	perf_params_default(&p);
	if (pp)
		p = *pp;
	struct storage_params sp;
	storage_params_default(&sp);
	struct diags d;
	diags_init(&d);
	struct jobrun_events ev = { 1, KIND_IO, KIND_COMPUTE };
	assert_int_equal(jobrun_init(&w->r, &w->c, catalog_builtin(), &p, &sp,
				     8, ev, on_done, w, &d), 0);
	diags_free(&d);
	for (int i = 0; i < 8; i++)
		w->end_ms[i] = -1;
}

static void world_free(struct world *w)
{
	jobrun_free(&w->r);
	engine_free(&w->eng);
}

static struct job io_job(double read_gb, int64_t runtime_s, double write_gb)
{
	struct job j;
	job_init(&j);
	j.runtime_ms = runtime_s * 1000;
	j.read_gb = (float)read_gb;
	j.write_gb = (float)write_gb;
	return j;
}

static void phases_in_sequence(void **state)
{
	(void)state;
	struct world w;
	world_init(&w, 1, 0, NULL);
	/* Read 24 GB at 240 MB/s, compute 100 s, write 12 GB at 120 MB/s
	 * (SCRATCH_2 disks write at half their read rate). */
	struct job j = io_job(24, 100, 12);
	jobrun_begin(&w.r, &w.eng, 0, &(struct job_place){ 0, 0, NULL, 1 }, &j);
	engine_run(&w.eng, ENGINE_TIME_MAX, fire, &w, NULL, NULL, 0);
	assert_int_equal(w.end_ms[0], 300000);
	assert_int_equal(w.r.jobs[0].io_ms, 200000);
	assert_int_equal(w.r.jobs[0].comm_ms, 0);
	const struct fsx_stats *st = jobrun_storage_stats(&w.r);
	assert_non_null(st);
	assert_float_equal(st->bytes_read, 24e9, 1);
	assert_float_equal(st->bytes_written, 12e9, 1);
	world_free(&w);
}

/* Without shared storage a job's end is known when it begins (what lets
 * the Slurm model skip a time limit that cannot come first); with storage
 * its I/O can stretch, so it is not. */
static void fixed_end_only_without_storage(void **state)
{
	(void)state;
	struct world w;
	world_init(&w, 1, 1, NULL);
	struct job j = io_job(24, 100, 12), none = io_job(0, 0, 0);
	w.eng.now_ms = 5000;
	jobrun_begin(&w.r, &w.eng, 0, &(struct job_place){ 0, 0, NULL, 1 }, &j);
	jobrun_begin(&w.r, &w.eng, 1, &(struct job_place){ 0, 0, NULL, 1 }, &none);
	assert_int_equal(jobrun_fixed_end_ms(&w.r, &w.eng, 0), 105000);
	assert_int_equal(jobrun_fixed_end_ms(&w.r, &w.eng, 1), 5000);
	assert_int_equal(w.end_ms[1], 5000);
	engine_run(&w.eng, ENGINE_TIME_MAX, fire, &w, NULL, NULL, 0);
	assert_int_equal(w.end_ms[0], 105000);
	/* Only a running job holds phase state: both slots are free again. */
	assert_int_equal(w.r.n_runs, 2);
	assert_int_equal(w.r.n_free_runs, 2);
	assert_int_equal(w.r.jobs[0].run, 0);
	assert_int_equal(w.r.jobs[1].run, 0);
	world_free(&w);

	world_init(&w, 1, 0, NULL);
	jobrun_begin(&w.r, &w.eng, 0, &(struct job_place){ 0, 0, NULL, 1 }, &j);
	assert_int_equal(jobrun_fixed_end_ms(&w.r, &w.eng, 0), INT64_MAX);
	world_free(&w);
}

static void two_jobs_share_the_file_system(void **state)
{
	(void)state;
	struct world w;
	world_init(&w, 1, 0, NULL);
	struct job j = io_job(24, 100, 12);
	jobrun_begin(&w.r, &w.eng, 0, &(struct job_place){ 0, 0, NULL, 1 }, &j);
	jobrun_begin(&w.r, &w.eng, 1, &(struct job_place){ 0, 0, NULL, 1 }, &j);
	engine_run(&w.eng, ENGINE_TIME_MAX, fire, &w, NULL, NULL, 0);
	assert_int_equal(w.end_ms[0], 500000);
	assert_int_equal(w.end_ms[1], 500000);
	assert_int_equal(w.r.jobs[1].io_ms, 400000);
	assert_true(jobrun_storage_stats(&w.r)->saturated_ms >= 400000);
	world_free(&w);
}

/* A job killed in its read phase gives its share back at once. */
static void killed_job_frees_its_share(void **state)
{
	(void)state;
	struct world w;
	world_init(&w, 1, 0, NULL);
	struct job j = io_job(24, 0, 0);
	jobrun_begin(&w.r, &w.eng, 0, &(struct job_place){ 0, 0, NULL, 1 }, &j);
	jobrun_begin(&w.r, &w.eng, 1, &(struct job_place){ 0, 0, NULL, 1 }, &j);
	engine_run(&w.eng, 50000, fire, &w, NULL, NULL, 0);
	w.eng.now_ms = 50000;
	jobrun_kill(&w.r, &w.eng, 0);
	engine_run(&w.eng, ENGINE_TIME_MAX, fire, &w, NULL, NULL, 0);
	/* 6 GB by 50 s at 120 MB/s, 18 GB left alone at 240 MB/s. */
	assert_int_equal(w.end_ms[1], 125000);
	assert_int_equal(w.end_ms[0], -1);
	assert_int_equal(w.r.jobs[0].io_ms, 50000);
	world_free(&w);
}

static void efa_vs_tcp_on_eight_nodes(void **state)
{
	(void)state;
	struct job j;
	job_init(&j);
	j.runtime_ms = 1000000;
	j.comm_fraction = 0.8f;
	int64_t end[2];
	for (int efa = 0; efa < 2; efa++) {
		struct world w;
		world_init(&w, efa, 0, NULL);
		jobrun_begin(&w.r, &w.eng, 0, &(struct job_place){ 0, 0, NULL, 8 }, &j);
		engine_run(&w.eng, ENGINE_TIME_MAX, fire, &w, NULL, NULL, 0);
		end[efa] = w.end_ms[0];
		world_free(&w);
	}
	/* c5n.18xlarge: 100 Gbit/s, the reference network exactly. */
	assert_int_equal(end[1], 1000000);
	double f = 0.8f;   /* as stored in the trace record */
	double efa_us = 17.5 + 65536.0 / 12000.0;
	double tcp_us = 37.5 + 65536.0 / 1250.0;
	int64_t want = llround(1e6 * (1 - f)) + llround(1e6 * f * tcp_us /
							efa_us);
	assert_int_equal(end[0], want);
	/* The same job on one node does not care. */
	struct world w;
	world_init(&w, 0, 0, NULL);
	jobrun_begin(&w.r, &w.eng, 0, &(struct job_place){ 0, 0, NULL, 1 }, &j);
	engine_run(&w.eng, ENGINE_TIME_MAX, fire, &w, NULL, NULL, 0);
	assert_int_equal(w.end_ms[0], 1000000);
	world_free(&w);
}

static void reference_instance_scales_compute(void **state)
{
	(void)state;
	const struct catalog *cat = catalog_builtin();
	const struct instance_type *ref = catalog_instance(cat, "c4.large");
	const struct instance_type *sim = catalog_instance(cat, "c5n.18xlarge");
	assert_non_null(ref);
	assert_non_null(sim);
	assert_true(fabs(ref->speed_index - sim->speed_index) > 0.1);
	struct perf_params p;
	perf_params_default(&p);
	p.reference_instance = "c4.large";
	struct world w;
	world_init(&w, 1, 1, &p);
	struct job j = io_job(24, 1000, 0);
	jobrun_begin(&w.r, &w.eng, 0, &(struct job_place){ 0, 0, NULL, 1 }, &j);
	engine_run(&w.eng, ENGINE_TIME_MAX, fire, &w, NULL, NULL, 0);
	/* Both SMT types: the per-CPU ratio is the speed-index ratio.  No
	 * storage: the read takes no time. */
	assert_int_equal(w.end_ms[0], llround(1e6 * ref->speed_index /
						   sim->speed_index));
	assert_int_equal(w.r.jobs[0].io_ms, 0);
	assert_null(jobrun_storage_stats(&w.r));
	world_free(&w);
}

/* A flexible compute resource's job runs at the speed of the type the
 * fleet launched, not of the first type listed. */
static void launched_type_sets_speed(void **state)
{
	(void)state;
	const struct catalog *cat = catalog_builtin();
	const struct instance_type *ref = catalog_instance(cat, "c4.large");
	const struct instance_type *other = catalog_instance(cat, "c6i.32xlarge");
	assert_non_null(other);
	struct perf_params p;
	perf_params_default(&p);
	p.reference_instance = "c4.large";
	struct world w;
	world_init(&w, 1, 1, &p);
	struct job j = io_job(0, 1000, 0);
	jobrun_begin(&w.r, &w.eng, 0,
		     &(struct job_place){ 0, 0, "c6i.32xlarge", 1 }, &j);
	jobrun_begin(&w.r, &w.eng, 1,
		     &(struct job_place){ 0, 0, "c5n.18xlarge", 1 }, &j);
	engine_run(&w.eng, ENGINE_TIME_MAX, fire, &w, NULL, NULL, 0);
	assert_int_equal(w.end_ms[0], llround(1e6 * ref->speed_index /
						   other->speed_index));
	const struct instance_type *first = catalog_instance(cat, "c5n.18xlarge");
	assert_int_equal(w.end_ms[1], llround(1e6 * ref->speed_index /
						   first->speed_index));
	world_free(&w);
}

/* c4.large has no bandwidth in the catalog: its I/O is capped at one TCP
 * flow (5 Gbit/s = 625 MB/s), above the file system's 240 MB/s, so the
 * file system still decides: 24 GB in 100 s, then 10 s of compute. */
static void unknown_bandwidth_still_runs_io(void **state)
{
	(void)state;
	struct world w;
	world_init(&w, 0, 0, NULL);
	w.types[0] = "c4.large";
	jobrun_free(&w.r);
	struct perf_params p;
	perf_params_default(&p);
	struct storage_params sp;
	storage_params_default(&sp);
	struct diags d;
	diags_init(&d);
	struct jobrun_events ev = { 1, KIND_IO, KIND_COMPUTE };
	assert_int_equal(jobrun_init(&w.r, &w.c, catalog_builtin(), &p, &sp,
				     8, ev, on_done, &w, &d), 0);
	diags_free(&d);
	struct job_plan plan;
	struct job j = io_job(24, 10, 0);
	jobrun_plan(&w.r, &(struct job_place){ 0, 0, NULL, 1 }, &j, &plan);
	assert_float_equal(plan.cap_bps, 5e9 / 8, 1);
	jobrun_begin(&w.r, &w.eng, 0, &(struct job_place){ 0, 0, NULL, 1 }, &j);
	engine_run(&w.eng, ENGINE_TIME_MAX, fire, &w, NULL, NULL, 0);
	assert_int_equal(w.end_ms[0], 110000);
	assert_int_equal(w.r.oom, 0);
	world_free(&w);
}

static void unknown_reference_is_named(void **state)
{
	(void)state;
	struct world w;
	memset(&w, 0, sizeof w);
	w.types[0] = "c5n.18xlarge";
	w.cr = (struct compute_resource){ .name = "cr", .instance_types =
		w.types, .n_instance_types = 1 };
	w.q = (struct slurm_queue){ .name = "q", .crs = &w.cr, .n_crs = 1 };
	w.c = (struct cluster){ .path = "c.yaml", .queues = &w.q,
				.n_queues = 1 };
	struct perf_params p;
	perf_params_default(&p);
	p.reference_instance = "c5n.18xlargee";
	struct storage_params sp;
	storage_params_default(&sp);
	struct diags d;
	diags_init(&d);
	struct jobrun_events ev = { 1, KIND_IO, KIND_COMPUTE };
	assert_int_equal(jobrun_init(&w.r, &w.c, catalog_builtin(), &p, &sp, 1,
				     ev, on_done, &w, &d), -1);
	assert_non_null(strstr(d.items[0].text, "perf.reference_instance"));
	assert_non_null(strstr(d.items[0].text, "c5n.18xlarge"));
	diags_free(&d);
}

/* Without shared storage a job has no I/O whatever its trace says: its
 * plan moves no bytes and it ends after its compute alone; with storage
 * the same job plans its bytes. */
static void no_storage_no_io(void **state)
{
	(void)state;
	struct job j = io_job(24, 10, 3);
	j.compress_ratio = 2;
	struct job_plan plan;
	for (int no_storage = 0; no_storage < 2; no_storage++) {
		struct world w;
		world_init(&w, 1, no_storage, NULL);
		jobrun_plan(&w.r, &(struct job_place){ 0, 0, NULL, 1 }, &j, &plan);
		assert_int_equal(plan.compute_ms, 10000);
		assert_true(plan.read_bytes == (no_storage ? 0 : 24e9));
		assert_true(plan.write_bytes == (no_storage ? 0 : 3e9));
		assert_true(plan.compress_ratio == (no_storage ? 1 : 2));
		jobrun_begin(&w.r, &w.eng, 0, &(struct job_place){ 0, 0, NULL, 1 },
			     &j);
		engine_run(&w.eng, ENGINE_TIME_MAX, fire, &w, NULL, NULL, 0);
		assert_true(no_storage ? w.end_ms[0] == 10000 : w.end_ms[0] > 10000);
		world_free(&w);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phases_in_sequence),
		cmocka_unit_test(fixed_end_only_without_storage),
		cmocka_unit_test(two_jobs_share_the_file_system),
		cmocka_unit_test(killed_job_frees_its_share),
		cmocka_unit_test(efa_vs_tcp_on_eight_nodes),
		cmocka_unit_test(reference_instance_scales_compute),
		cmocka_unit_test(launched_type_sets_speed),
		cmocka_unit_test(unknown_reference_is_named),
		cmocka_unit_test(unknown_bandwidth_still_runs_io),
		cmocka_unit_test(no_storage_no_io),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
