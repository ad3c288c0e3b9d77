/* Storage rules from a cluster's SharedStorage entry: FSx for Lustre tiers,
 * the SCRATCH_2 burst, LZ4 on a disk-bound PERSISTENT_1 file system, the
 * regional burst limit, EBS behind the head node, EFS modes, which storage
 * jobs use, where a job's I/O sizes come from, and the rated throughput
 * validate prints. */
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
#include "models/fsx.h"
#include "models/storage.h"
#include "sim/diag.h"
#include "workloads/job.h"

#define GB 1e9
#define MBPS 1e6
#define MIB 1048576.0

static struct shared_storage lustre(int dep, int gib, int per_unit)
{
	struct shared_storage ss = { .name = "fsx", .type = STORAGE_FSX_LUSTRE,
				     .pos = { 12, 5 } };
	ss.fsx.deployment = dep;
	ss.fsx.storage_capacity_gib = gib;
	ss.fsx.per_unit_mbps_per_tib = per_unit;
	return ss;
}

static void spec_of(const struct shared_storage *ss,
		    const struct storage_params *p, const char *region,
		    struct fsx_spec *out)
{
	struct diags d;
	diags_init(&d);
	assert_int_equal(storage_spec_for(ss, p, region, 0, "c.yaml", out, &d),
			 0);
	assert_int_equal(d.n_errors, 0);
	diags_free(&d);
}

/* Time for one flow alone on spec s, from t = 0. */
static int64_t alone_ms(const struct fsx_spec *s, double bytes, int write,
			double ratio)
{
	struct fsx fs;
	fsx_init(&fs, s);
	struct fsx_flow_req r = { .bytes = bytes, .cap_bps = 1e13,
				  .write = write, .compress_ratio = ratio };
	int64_t id = fsx_add_flow(&fs, 0, &r);
	assert_true(id >= 0);
	int64_t t = 0;
	while (fs.n_live > 0) {
		t = fsx_next_ms(&fs);
		fsx_advance(&fs, t);
	}
	fsx_free(&fs);
	return t;
}

static void scratch2_rates(void **state)
{
	(void)state;
	struct storage_params p;
	storage_params_default(&p);
	struct shared_storage ss = lustre(FSX_SCRATCH_2, 1200, 0);
	struct fsx_spec s;
	spec_of(&ss, &p, "us-east-1", &s);
	assert_float_equal(s.res[FSX_RES_NET].baseline_bps, 240 * MBPS, 1e-3);
	assert_float_equal(s.res[FSX_RES_NET].burst_bps, 1560 * MBPS, 1e-3);
	assert_float_equal(s.res[FSX_RES_DISK].baseline_bps, 240 * MBPS, 1e-3);
	assert_float_equal(s.write_disk_cost, 2, 0);
	assert_float_equal(s.capacity_bytes, 1200 * 1073741824.0, 1);
	/* Cold reads are disk-bound at baseline; writes at half of it. */
	assert_int_equal(alone_ms(&s, 24 * GB, 0, 1), 100000);
	assert_int_equal(alone_ms(&s, 24 * GB, 1, 1), 200000);
	/* Without ImportPath/ExportPath there is no S3 traffic. */
	assert_float_equal(s.cold_bytes, 0, 0);
	assert_float_equal(s.export_bps, 0, 0);
}

/* Reads the server cache serves are network-bound, so they burst until
 * the bucket (here 100 s of full burst) runs dry. */
static void scratch2_burst_runs_dry(void **state)
{
	(void)state;
	struct storage_params p;
	storage_params_default(&p);
	p.burst_bucket_s = 100;
	p.read_cache_hit = 1;
	struct shared_storage ss = lustre(FSX_SCRATCH_2, 1200, 0);
	struct fsx_spec s;
	spec_of(&ss, &p, "us-east-1", &s);
	struct fsx fs;
	fsx_init(&fs, &s);
	struct fsx_flow_req r = { .bytes = 400 * GB, .cap_bps = 1e13 };
	int64_t id = fsx_add_flow(&fs, 0, &r);
	assert_float_equal(fsx_flow_rate(&fs, id), 1560 * MBPS, 1e-3);
	assert_int_equal(fsx_next_ms(&fs), 100000);
	fsx_advance(&fs, 100000);
	assert_float_equal(fsx_flow_rate(&fs, id), 240 * MBPS, 1e-3);
	fsx_free(&fs);
	/* With the default one-hour bucket it would still be bursting. */
	storage_params_default(&p);
	p.read_cache_hit = 1;
	spec_of(&ss, &p, "us-east-1", &s);
	fsx_init(&fs, &s);
	id = fsx_add_flow(&fs, 0, &r);
	assert_int_equal(fsx_next_ms(&fs), 256411);   /* 400 GB / 1560 MB/s */
	fsx_free(&fs);
}

/* PERSISTENT_1-50 at 4.8 TiB: the guide's worked example, 240 MB/s of
 * disk; LZ4 at 2:1 doubles what a disk-bound job gets. */
static void persistent1_lz4_doubles_disk_bound(void **state)
{
	(void)state;
	struct storage_params p;
	storage_params_default(&p);
	struct shared_storage ss = lustre(FSX_PERSISTENT_1, 4800, 50);
	ss.fsx.lz4 = 1;
	struct fsx_spec s;
	spec_of(&ss, &p, "us-east-1", &s);
	assert_float_equal(s.res[FSX_RES_DISK].baseline_bps, 240 * MBPS, 1e-3);
	assert_float_equal(s.res[FSX_RES_NET].baseline_bps, 1200 * MBPS, 1e-3);
	/* The guide's example: 1.152 GB/s of disk burst. */
	assert_float_equal(s.res[FSX_RES_DISK].burst_bps, 1152 * MBPS, 1e-3);
	/* Start with empty disk credits to see the baseline alone. */
	s.res[FSX_RES_DISK].initial_bytes = 0;
	int64_t plain = alone_ms(&s, 480 * GB, 0, 1);
	int64_t lz4 = alone_ms(&s, 480 * GB, 0, 2);
	assert_int_equal(plain, 2000000);
	assert_int_equal(lz4, 1000000);
}

static void regional_burst_limit(void **state)
{
	(void)state;
	struct storage_params p;
	storage_params_default(&p);
	struct shared_storage ss = lustre(FSX_PERSISTENT_2, 2400, 125);
	struct fsx_spec s;
	spec_of(&ss, &p, "us-east-1", &s);
	assert_float_equal(s.res[FSX_RES_NET].burst_bps, 1300 * 2.4 * MBPS, 1);
	spec_of(&ss, &p, "eu-central-1", &s);
	assert_float_equal(s.res[FSX_RES_NET].burst_bps, 530 * 2.4 * MBPS, 1);
	assert_float_equal(s.res[FSX_RES_NET].baseline_bps, 320 * 2.4 * MBPS,
			   1);
	/* SCRATCH_2 is not a persistent file system: no limit. */
	struct shared_storage sc = lustre(FSX_SCRATCH_2, 1200, 0);
	spec_of(&sc, &p, "eu-central-1", &s);
	assert_float_equal(s.res[FSX_RES_NET].burst_bps, 1560 * MBPS, 1e-3);
}

static void bad_fsx_settings_named(void **state)
{
	(void)state;
	struct storage_params p;
	storage_params_default(&p);
	struct diags d;
	diags_init(&d);
	struct fsx_spec s;
	struct shared_storage ss = lustre(FSX_PERSISTENT_2, 1200, 300);
	assert_int_equal(storage_spec_for(&ss, &p, NULL, 0, "c.yaml", &s, &d),
			 -1);
	char buf[512];
	diag_format(&d.items[0], buf, sizeof buf);
	assert_non_null(strstr(buf, "c.yaml:12:5"));
	assert_non_null(strstr(buf, "PerUnitStorageThroughput 300"));
	/* An existing file system needs its size from the scenario. */
	ss = lustre(FSX_SCRATCH_2, 0, 0);
	ss.fsx.file_system_id = "fs-0123";
	assert_int_equal(storage_spec_for(&ss, &p, NULL, 0, "c.yaml", &s, &d),
			 -1);
	assert_non_null(strstr(d.items[1].text, "storage.capacity_gib"));
	p.capacity_gib = 2400;
	assert_int_equal(storage_spec_for(&ss, &p, NULL, 0, "c.yaml", &s, &d),
			 0);
	assert_float_equal(s.res[FSX_RES_NET].baseline_bps, 480 * MBPS, 1e-3);
	diags_free(&d);
}

static void import_and_export_use_s3_rate(void **state)
{
	(void)state;
	struct storage_params p;
	storage_params_default(&p);
	struct shared_storage ss = lustre(FSX_SCRATCH_2, 1200, 0);
	ss.fsx.import_path = "s3://bucket/in";
	ss.fsx.export_path = "s3://bucket/out";
	struct fsx_spec s;
	spec_of(&ss, &p, NULL, &s);
	/* Default: the S3 link at the network baseline, every read cold. */
	assert_float_equal(s.res[FSX_RES_S3].baseline_bps, 240 * MBPS, 1e-3);
	assert_true(s.cold_bytes < 0);
	assert_float_equal(s.export_bps, 240 * MBPS, 1e-3);
	p.s3_mbps = 50;
	p.import_gb = 30;
	spec_of(&ss, &p, NULL, &s);
	assert_float_equal(s.res[FSX_RES_S3].baseline_bps, 50 * MBPS, 1e-3);
	assert_float_equal(s.cold_bytes, 30 * GB, 1);
	/* 30 GB cold at 50 MB/s: writing what it loads costs SCRATCH_2's
	 * disk 2x, 100 MB/s, still more than S3 gives. */
	assert_int_equal(alone_ms(&s, 30 * GB, 0, 1), 600000);
}

static void ebs_behind_head_node(void **state)
{
	(void)state;
	struct storage_params p;
	storage_params_default(&p);
	struct shared_storage ss = { .name = "ebs", .type = STORAGE_EBS };
	ss.ebs.volume_type = "gp3";
	ss.ebs.size_gib = 500;
	ss.ebs.throughput_mibps = 125;
	struct fsx_spec s;
	struct diags d;
	diags_init(&d);
	assert_int_equal(storage_spec_for(&ss, &p, NULL, 25, "c", &s, &d), 0);
	assert_float_equal(s.res[FSX_RES_NET].baseline_bps, 125 * MIB, 1e-3);
	assert_float_equal(s.capacity_bytes, 500 * 1073741824.0, 1);
	/* A 1000 MiB/s volume behind a 1 Gbit/s head node: NFS is the cap. */
	ss.ebs.throughput_mibps = 1000;
	assert_int_equal(storage_spec_for(&ss, &p, NULL, 1, "c", &s, &d), 0);
	assert_float_equal(s.res[FSX_RES_NET].baseline_bps, 125 * MBPS, 1e-3);
	/* RAID 0 of 4 gp3 volumes at 125 MiB/s each. */
	ss.ebs.throughput_mibps = 125;
	ss.ebs.raid_volumes = 4;
	assert_int_equal(storage_spec_for(&ss, &p, NULL, 0, "c", &s, &d), 0);
	assert_float_equal(s.res[FSX_RES_NET].baseline_bps, 500 * MIB, 1e-3);
	/* st1 bursts; an unknown type is an error. */
	ss.ebs.raid_volumes = 0;
	ss.ebs.volume_type = "st1";
	ss.ebs.size_gib = 2048;
	assert_int_equal(storage_spec_for(&ss, &p, NULL, 0, "c", &s, &d), 0);
	assert_float_equal(s.res[FSX_RES_NET].baseline_bps, 80 * MIB, 1e-3);
	assert_float_equal(s.res[FSX_RES_NET].burst_bps, 500 * MIB, 1e-3);
	ss.ebs.volume_type = "floppy";
	assert_int_equal(storage_spec_for(&ss, &p, NULL, 0, "c", &s, &d), -1);
	assert_non_null(strstr(d.items[0].text, "floppy"));
	diags_free(&d);
}

static void efs_modes(void **state)
{
	(void)state;
	struct storage_params p;
	storage_params_default(&p);
	struct shared_storage ss = { .name = "efs", .type = STORAGE_EFS };
	struct fsx_spec s;
	struct diags d;
	diags_init(&d);
	assert_int_equal(storage_spec_for(&ss, &p, NULL, 0, "c", &s, &d), 0);
	assert_float_equal(s.res[FSX_RES_NET].baseline_bps, 1 * MIB, 1e-6);
	assert_float_equal(s.res[FSX_RES_NET].burst_bps, 100 * MIB, 1e-6);
	assert_true(s.res[FSX_RES_NET].initial_bytes > 2e12);
	ss.efs.provisioned = 1;
	ss.efs.provisioned_mibps = 256;
	assert_int_equal(storage_spec_for(&ss, &p, NULL, 0, "c", &s, &d), 0);
	assert_float_equal(s.res[FSX_RES_NET].baseline_bps, 256 * MIB, 1e-6);
	assert_float_equal(s.res[FSX_RES_NET].burst_bps, 0, 0);
	diags_free(&d);
}

static void which_storage_jobs_use(void **state)
{
	(void)state;
	struct shared_storage st[3] = {
		{ .name = "home", .type = STORAGE_EBS },
		{ .name = "apps", .type = STORAGE_EFS },
		{ .name = "ontap", .type = STORAGE_FSX_ONTAP },
	};
	struct cluster c = { .path = "c.yaml", .storage = st, .n_storage = 3 };
	struct storage_params p;
	storage_params_default(&p);
	struct diags d;
	diags_init(&d);
	assert_int_equal(storage_pick(&c, &p, &d), 1);      /* EFS over EBS */
	p.target = "home";
	assert_int_equal(storage_pick(&c, &p, &d), 0);
	p.target = "ontap";
	assert_int_equal(storage_pick(&c, &p, &d), -2);
	p.target = "nope";
	assert_int_equal(storage_pick(&c, &p, &d), -2);
	assert_int_equal(d.n_errors, 2);
	assert_non_null(strstr(d.items[1].text, "'nope'"));
	c.n_storage = 0;
	p.target = NULL;
	assert_int_equal(storage_pick(&c, &p, &d), -1);
	diags_free(&d);
}

static void job_io_resolution(void **state)
{
	(void)state;
	struct storage_params p;
	storage_params_default(&p);
	p.io = (struct job_io_defaults){ 10, 5, 1.5 };
	struct queue_io q[] = { { .queue = "gpu", .io = { 100, -1, -1 } } };
	p.per_queue = q;
	p.n_per_queue = 1;
	struct job j;
	job_init(&j);
	double r, w, ratio;
	storage_job_io(&p, "cpu", &j, &r, &w, &ratio);
	assert_float_equal(r, 10 * GB, 1);
	assert_float_equal(w, 5 * GB, 1);
	assert_float_equal(ratio, 1.5, 0);
	storage_job_io(&p, "gpu", &j, &r, &w, &ratio);
	assert_float_equal(r, 100 * GB, 1);
	assert_float_equal(w, 5 * GB, 1);
	j.read_gb = 0;
	j.compress_ratio = 3;
	storage_job_io(&p, "gpu", &j, &r, &w, &ratio);
	assert_float_equal(r, 0, 0);
	assert_float_equal(ratio, 3, 0);
	assert_float_equal(storage_flow_cap_bps(4, 100), 50e9, 1);

	struct diags d;
	diags_init(&d);
	assert_int_equal(storage_params_check(&p, "s.yaml", &d), 0);
	p.io.compress_ratio = 0.5;
	p.read_cache_hit = 2;
	assert_int_equal(storage_params_check(&p, "s.yaml", &d), 2);
	diags_free(&d);
}

/* validate and the model rate a file system with one function, in AWS's
 * arithmetic: 1200 GiB is 1.2 TiB, so a SCRATCH_1 of that size is rated
 * 240 MB/s (not 234.4 as with /1024), the model's disk baseline. */
static void rated_throughput_is_the_models(void **state)
{
	(void)state;
	struct shared_storage ss = lustre(FSX_SCRATCH_1, 1200, 0);
	assert_true(fabs(storage_fsx_rated_mbps(&ss.fsx) - 240) < 1e-9);
	struct storage_params p;
	storage_params_default(&p);
	struct fsx_spec sp;
	spec_of(&ss, &p, "us-east-1", &sp);
	assert_true(fabs(sp.res[FSX_RES_DISK].baseline_bps -
			 storage_fsx_rated_mbps(&ss.fsx) * MBPS) < 1e-3);
	ss = lustre(FSX_PERSISTENT_2, 2400, 250);
	assert_true(fabs(storage_fsx_rated_mbps(&ss.fsx) - 600) < 1e-9);
	assert_true(fabs(storage_fsx_tib(2400) - 2.4) < 1e-12);
	ss.fsx.file_system_id = "fs-0123456789abcdef0";
	assert_true(storage_fsx_rated_mbps(&ss.fsx) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scratch2_rates),
		cmocka_unit_test(scratch2_burst_runs_dry),
		cmocka_unit_test(persistent1_lz4_doubles_disk_bound),
		cmocka_unit_test(regional_burst_limit),
		cmocka_unit_test(bad_fsx_settings_named),
		cmocka_unit_test(import_and_export_use_s3_rate),
		cmocka_unit_test(ebs_behind_head_node),
		cmocka_unit_test(efs_modes),
		cmocka_unit_test(which_storage_jobs_use),
		cmocka_unit_test(job_io_resolution),
		cmocka_unit_test(rated_throughput_is_the_models),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
