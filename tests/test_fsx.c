/* The fluid-flow storage model against closed forms: one flow alone, two
 * sharing, node caps, compression, burst credits running dry and refilling,
 * lazy S3 loading, export, capacity overflow, and conservation of bytes
 * under many random flows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <cmocka.h>

#include "models/fsx.h"

#define GB 1e9
#define MBPS 1e6

/* A file system limited only by its network at the given rate. */
static struct fsx_spec net_only(double bps)
{
	struct fsx_spec s = { .write_disk_cost = 1 };
	s.res[FSX_RES_NET].baseline_bps = bps;
	return s;
}

static int64_t run_until_done(struct fsx *fs, int64_t want_id)
{
	for (;;) {
		int64_t t = fsx_next_ms(fs);
		if (t == INT64_MAX)
			return -1;
		assert_int_equal(fsx_advance(fs, t), 0);
		int64_t id, tag;
		while (fsx_pop_done(fs, &id, &tag))
			if (id == want_id)
				return t;
	}
}

static void one_reader_alone(void **state)
{
	(void)state;
	/* 1.2 TiB SCRATCH at 200 MB/s/TiB, a node at 10 Gbit/s. */
	struct fsx_spec s = net_only(240 * MBPS);
	struct fsx fs;
	fsx_init(&fs, &s);
	struct fsx_flow_req r = { .bytes = 100 * GB, .cap_bps = 10e9 / 8 };
	int64_t id = fsx_add_flow(&fs, 0, &r);
	assert_true(id >= 0);
	assert_float_equal(fsx_flow_rate(&fs, id), 240 * MBPS, 1e-3);
	/* 100 GB / 240 MB/s = 416.666... s */
	assert_int_equal(run_until_done(&fs, id), 416667);
	assert_float_equal(fs.stats.bytes_read, 100 * GB, 1);
	assert_int_equal(fs.stats.busy_ms, 416667);
	fsx_free(&fs);

	/* A faster file system: the node's 1.25 GB/s is the limit. */
	s = net_only(2400 * MBPS);
	fsx_init(&fs, &s);
	id = fsx_add_flow(&fs, 5000, &r);
	assert_int_equal(run_until_done(&fs, id), 5000 + 80000);
	assert_int_equal(fs.stats.saturated_ms, 0);
	fsx_free(&fs);
}

static void two_at_once_take_twice_as_long(void **state)
{
	(void)state;
	struct fsx_spec s = net_only(240 * MBPS);
	struct fsx fs;
	fsx_init(&fs, &s);
	struct fsx_flow_req r = { .bytes = 100 * GB, .cap_bps = 10e9 / 8,
				  .tag = 7 };
	int64_t a = fsx_add_flow(&fs, 0, &r);
	r.tag = 8;
	int64_t b = fsx_add_flow(&fs, 0, &r);
	assert_float_equal(fsx_flow_rate(&fs, a), 120 * MBPS, 1e-3);
	assert_float_equal(fsx_flow_rate(&fs, b), 120 * MBPS, 1e-3);
	assert_int_equal(fsx_next_ms(&fs), 833334);
	assert_int_equal(fsx_advance(&fs, 833334), 0);
	int64_t id, tag;
	assert_true(fsx_pop_done(&fs, &id, &tag));
	assert_int_equal(id, a);
	assert_int_equal(tag, 7);
	assert_true(fsx_pop_done(&fs, &id, &tag));
	assert_int_equal(tag, 8);
	assert_false(fsx_pop_done(&fs, &id, &tag));
	assert_int_equal(fsx_next_ms(&fs), INT64_MAX);
	assert_int_equal(fs.stats.saturated_ms, 833334);
	fsx_free(&fs);
}

/* Max-min: a flow held down by its own cap leaves the rest to the others,
 * and a finished or removed flow's share goes back to the rest at once. */
static void max_min_share_and_reshare(void **state)
{
	(void)state;
	struct fsx_spec s = net_only(240 * MBPS);
	struct fsx fs;
	fsx_init(&fs, &s);
	struct fsx_flow_req small = { .bytes = 10 * GB, .cap_bps = 40 * MBPS };
	struct fsx_flow_req big = { .bytes = 100 * GB, .cap_bps = 1e12 };
	int64_t a = fsx_add_flow(&fs, 0, &small);
	int64_t b = fsx_add_flow(&fs, 0, &big);
	int64_t c = fsx_add_flow(&fs, 0, &big);
	assert_float_equal(fsx_flow_rate(&fs, a), 40 * MBPS, 1e-3);
	assert_float_equal(fsx_flow_rate(&fs, b), 100 * MBPS, 1e-3);
	assert_float_equal(fsx_flow_rate(&fs, c), 100 * MBPS, 1e-3);
	/* At 100 s, c is killed: b moved 10 GB and now gets 200 MB/s. */
	fsx_remove_flow(&fs, 100000, c);
	assert_float_equal(fsx_flow_rate(&fs, b), 200 * MBPS, 1e-3);
	assert_float_equal(fsx_flow_rate(&fs, c), 0, 0);
	/* a ends at 250 s (10 GB at 40 MB/s); b then runs alone at 240. */
	assert_int_equal(fsx_next_ms(&fs), 250000);
	fsx_advance(&fs, 250000);
	int64_t id, tag;
	assert_true(fsx_pop_done(&fs, &id, &tag));
	assert_int_equal(id, a);
	assert_float_equal(fsx_flow_rate(&fs, b), 240 * MBPS, 1e-3);
	/* b: 10 GB by 100 s, +30 GB by 250 s, 60 GB left at 240 MB/s. */
	assert_int_equal(run_until_done(&fs, b), 500000);
	fsx_free(&fs);
}

/* PERSISTENT_1-50 at 4.8 TiB: disk 240 MB/s under a 1200 MB/s network, so
 * a write is disk-bound and LZ4 at 2:1 halves its time and stored bytes. */
static void compression_halves_disk_bound_io_and_storage(void **state)
{
	(void)state;
	struct fsx_spec s = net_only(1200 * MBPS);
	s.res[FSX_RES_DISK].baseline_bps = 240 * MBPS;
	s.compression = 1;
	s.capacity_bytes = 4800.0 * 1073741824.0;
	int64_t took[2];
	double stored[2];
	for (int k = 0; k < 2; k++) {
		struct fsx fs;
		fsx_init(&fs, &s);
		struct fsx_flow_req w = { .bytes = 480 * GB, .cap_bps = 1e12,
					  .write = 1,
					  .compress_ratio = k ? 2.0 : 1.0 };
		int64_t id = fsx_add_flow(&fs, 0, &w);
		took[k] = run_until_done(&fs, id);
		stored[k] = fs.stats.stored_bytes;
		fsx_free(&fs);
	}
	assert_int_equal(took[0], 2000000);
	assert_int_equal(took[1], 1000000);
	assert_float_equal(stored[0], 480 * GB, 1);
	assert_float_equal(stored[1], 240 * GB, 1);

	/* The gain stops at the network: 10:1 gives 1200 MB/s, not 2400. */
	struct fsx fs;
	fsx_init(&fs, &s);
	struct fsx_flow_req w = { .bytes = 480 * GB, .cap_bps = 1e12,
				  .write = 1, .compress_ratio = 10 };
	int64_t id = fsx_add_flow(&fs, 0, &w);
	assert_float_equal(fsx_flow_rate(&fs, id), 1200 * MBPS, 1e-3);
	fsx_free(&fs);

	/* Without LZ4 on the file system the job's ratio does nothing. */
	s.compression = 0;
	fsx_init(&fs, &s);
	id = fsx_add_flow(&fs, 0, &w);
	assert_float_equal(fsx_flow_rate(&fs, id), 240 * MBPS, 1e-3);
	fsx_free(&fs);
}

/* SCRATCH_2 at 1.2 TiB: 240 MB/s baseline, 1560 MB/s burst, with a bucket
 * that lasts 100 s at full burst. */
static struct fsx_spec scratch2(void)
{
	struct fsx_spec s = net_only(240 * MBPS);
	s.res[FSX_RES_NET].burst_bps = 1560 * MBPS;
	s.res[FSX_RES_NET].bucket_bytes = (1560 - 240) * MBPS * 100;
	s.res[FSX_RES_NET].initial_bytes = s.res[FSX_RES_NET].bucket_bytes;
	return s;
}

static void burst_credits_run_dry_then_baseline(void **state)
{
	(void)state;
	struct fsx_spec s = scratch2();
	struct fsx fs;
	fsx_init(&fs, &s);
	struct fsx_flow_req r = { .bytes = 400 * GB, .cap_bps = 1e12 };
	int64_t id = fsx_add_flow(&fs, 0, &r);
	assert_float_equal(fsx_flow_rate(&fs, id), 1560 * MBPS, 1e-3);
	/* The next change is the bucket running dry, at exactly 100 s. */
	assert_int_equal(fsx_next_ms(&fs), 100000);
	fsx_advance(&fs, 100000);
	assert_float_equal(fsx_flow_rate(&fs, id), 240 * MBPS, 1e-3);
	assert_float_equal(fs.credits[FSX_RES_NET], 0, 0);
	/* 156 GB moved in the burst; 244 GB at 240 MB/s = 1016.67 s. */
	assert_int_equal(run_until_done(&fs, id), 1116667);
	assert_int_equal(fs.stats.burst_ms, 100000);
	assert_float_equal(fs.stats.peak_bps, 1560 * MBPS, 1e-3);
	assert_float_equal(fs.stats.peak_net_fraction, 6.5, 1e-9);

	/* Idle for 100 s refills 24 GB of credits: 18.18 s of burst. */
	int64_t t0 = 1116667 + 100000;
	id = fsx_add_flow(&fs, t0, &r);
	assert_float_equal(fs.credits[FSX_RES_NET], 240 * MBPS * 100, 1e3);
	assert_float_equal(fsx_flow_rate(&fs, id), 1560 * MBPS, 1e-3);
	assert_int_equal(fsx_next_ms(&fs), t0 + 18182);
	fsx_free(&fs);
}

/* Below baseline, a bucket refills and never runs dry. */
static void below_baseline_keeps_credits(void **state)
{
	(void)state;
	struct fsx_spec s = scratch2();
	s.res[FSX_RES_NET].initial_bytes = 0;
	struct fsx fs;
	fsx_init(&fs, &s);
	struct fsx_flow_req r = { .bytes = 10 * GB, .cap_bps = 100 * MBPS };
	int64_t id = fsx_add_flow(&fs, 0, &r);
	assert_float_equal(fsx_flow_rate(&fs, id), 100 * MBPS, 1e-3);
	assert_int_equal(run_until_done(&fs, id), 100000);
	assert_float_equal(fs.credits[FSX_RES_NET], 140 * MBPS * 100, 1e3);
	assert_int_equal(fs.stats.burst_ms, 0);
	fsx_free(&fs);
}

/* ImportPath: the first 5 GB read come from S3 (100 MB/s); later reads of
 * loaded data do not.  Loaded data is stored; written data is exported. */
static void lazy_import_and_export(void **state)
{
	(void)state;
	struct fsx_spec s = net_only(240 * MBPS);
	s.res[FSX_RES_S3].baseline_bps = 100 * MBPS;
	s.cold_bytes = 5 * GB;
	s.export_bps = 100 * MBPS;
	struct fsx fs;
	fsx_init(&fs, &s);
	struct fsx_flow_req r = { .bytes = 10 * GB, .cap_bps = 1e12 };
	int64_t id = fsx_add_flow(&fs, 0, &r);
	/* Half the bytes are cold: the S3 link allows 200 MB/s in all. */
	assert_float_equal(fsx_flow_rate(&fs, id), 200 * MBPS, 1e-3);
	assert_int_equal(run_until_done(&fs, id), 50000);
	assert_float_equal(fs.stats.cold_bytes, 5 * GB, 1);
	assert_float_equal(fs.stats.stored_bytes, 5 * GB, 1);
	id = fsx_add_flow(&fs, 50000, &r);
	assert_float_equal(fsx_flow_rate(&fs, id), 240 * MBPS, 1e-3);
	run_until_done(&fs, id);
	assert_int_equal(fsx_export_ms(&fs), 0);
	struct fsx_flow_req w = { .bytes = 3 * GB, .cap_bps = 1e12,
				  .write = 1 };
	id = fsx_add_flow(&fs, fs.now_ms, &w);
	run_until_done(&fs, id);
	assert_int_equal(fsx_export_ms(&fs), 30000);
	fsx_free(&fs);

	/* cold_bytes < 0: every read is a first read. */
	s.cold_bytes = -1;
	fsx_init(&fs, &s);
	id = fsx_add_flow(&fs, 0, &r);
	assert_float_equal(fsx_flow_rate(&fs, id), 100 * MBPS, 1e-3);
	fsx_free(&fs);
}

/* A reader killed halfway through cold data leaves the rest in S3: it is
 * not counted as loaded, and the next reader reads it cold. */
static void killed_cold_read_stays_cold(void **state)
{
	(void)state;
	struct fsx_spec s = net_only(240 * MBPS);
	s.res[FSX_RES_S3].baseline_bps = 100 * MBPS;
	s.cold_bytes = 10 * GB;
	struct fsx fs;
	fsx_init(&fs, &s);
	struct fsx_flow_req r = { .bytes = 10 * GB, .cap_bps = 1e12 };
	int64_t id = fsx_add_flow(&fs, 0, &r);
	/* All cold: 100 MB/s; killed after 40 s, 4 GB in. */
	fsx_remove_flow(&fs, 40000, id);
	assert_float_equal(fs.stats.cold_bytes, 4 * GB, 1);
	/* The next reader: 6 GB still cold, 4 GB loaded (warm), moving
	 * together within the S3 link's 100 MB/s for the cold 60 %. */
	id = fsx_add_flow(&fs, 40000, &r);
	assert_float_equal(fsx_flow_rate(&fs, id), 100 * MBPS / 0.6, 1e-3);
	assert_int_equal(run_until_done(&fs, id), 100000);
	assert_float_equal(fs.stats.cold_bytes, 10 * GB, 1);
	fsx_free(&fs);
	/* Every read cold (import_gb unset): the count is what was read. */
	s.cold_bytes = -1;
	fsx_init(&fs, &s);
	id = fsx_add_flow(&fs, 0, &r);
	fsx_remove_flow(&fs, 40000, id);
	assert_float_equal(fs.stats.cold_bytes, 4 * GB, 1);
	fsx_free(&fs);
}

static void capacity_overflow_reported(void **state)
{
	(void)state;
	struct fsx_spec s = net_only(240 * MBPS);
	s.capacity_bytes = 10 * GB;
	s.stored_bytes = 2 * GB;
	s.compression = 1;
	for (int k = 0; k < 2; k++) {
		struct fsx fs;
		fsx_init(&fs, &s);
		struct fsx_flow_req w = { .bytes = 12 * GB, .cap_bps = 1e12,
					  .write = 1,
					  .compress_ratio = k ? 2 : 1 };
		int64_t id = fsx_add_flow(&fs, 0, &w);
		run_until_done(&fs, id);
		if (k == 0)
			assert_float_equal(fsx_overflow_bytes(&fs), 4 * GB, 1);
		else
			assert_float_equal(fsx_overflow_bytes(&fs), 0, 0);
		fsx_free(&fs);
	}
}

static void finished_ids_not_reused_before_pop(void **state)
{
	(void)state;
	struct fsx_spec s = net_only(100 * MBPS);
	struct fsx fs;
	fsx_init(&fs, &s);
	struct fsx_flow_req r = { .bytes = 1 * GB, .cap_bps = 1e12, .tag = 1 };
	int64_t a = fsx_add_flow(&fs, 0, &r);
	r.tag = 2;
	/* a finished at 10 s; adding at 20 s must not hand out a's id. */
	int64_t b = fsx_add_flow(&fs, 20000, &r);
	assert_true(b != a);
	fsx_remove_flow(&fs, 20000, a);           /* a is done: ignored */
	assert_float_equal(fsx_flow_rate(&fs, b), 100 * MBPS, 1e-3);
	int64_t id, tag;
	assert_true(fsx_pop_done(&fs, &id, &tag));
	assert_int_equal(id, a);
	assert_int_equal(tag, 1);
	/* Now the slot is free again. */
	int64_t c = fsx_add_flow(&fs, 20000, &r);
	assert_int_equal(c, a);
	/* Bad requests are refused. */
	struct fsx_flow_req bad = { .bytes = 0, .cap_bps = 1 };
	assert_int_equal(fsx_add_flow(&fs, 20000, &bad), -1);
	bad = (struct fsx_flow_req){ .bytes = 1, .cap_bps = 0 };
	assert_int_equal(fsx_add_flow(&fs, 20000, &bad), -1);
	bad.cap_bps = INFINITY;
	assert_int_equal(fsx_add_flow(&fs, 20000, &bad), -1);
	fsx_free(&fs);
}

/* Many flows arriving at random: rates never exceed any limit, every byte
 * asked for is moved, and each flow finishes no earlier than it could
 * alone. */
static void random_flows_conserve_bytes(void **state)
{
	(void)state;
	struct fsx_spec s = scratch2();
	s.res[FSX_RES_DISK].baseline_bps = 500 * MBPS;
	s.res[FSX_RES_DISK].burst_bps = 900 * MBPS;
	s.res[FSX_RES_DISK].bucket_bytes = 50 * GB;
	s.res[FSX_RES_DISK].initial_bytes = 10 * GB;
	s.write_disk_cost = 2;
	s.compression = 1;
	struct fsx fs;
	fsx_init(&fs, &s);
	srand(12345);
	double asked_r = 0, asked_w = 0;
	int64_t now = 0;
	int started = 0, finished = 0;
	while (started < 300 || fs.n_live > 0) {
		int64_t next = fsx_next_ms(&fs);
		int64_t arrival = started < 300 ? now + rand() % 20000
						: INT64_MAX;
		if (arrival <= next) {
			struct fsx_flow_req r = {
				.bytes = (1 + rand() % 50) * GB / 10,
				.cap_bps = (1 + rand() % 8) * 1.25e9 / 8,
				.write = rand() % 2,
				.compress_ratio = 1 + (rand() % 4) * 0.5,
			};
			*(r.write ? &asked_w : &asked_r) += r.bytes;
			assert_true(fsx_add_flow(&fs, arrival, &r) >= 0);
			started++;
			now = arrival;
		} else {
			assert_int_equal(fsx_advance(&fs, next), 0);
			now = next;
		}
		double cap[FSX_RES_COUNT] = { 0 };
		for (size_t i = 0; i < fs.n_flows; i++) {
			const struct fsx_flow *f = &fs.flows[i];
			if (!f->live)
				continue;
			assert_true(f->rate_bps <= f->cap_bps * (1 + 1e-9));
			for (int j = 0; j < FSX_RES_COUNT; j++)
				cap[j] += f->use[j] * f->rate_bps;
		}
		assert_true(cap[FSX_RES_NET] <= 1560 * MBPS * (1 + 1e-9));
		assert_true(cap[FSX_RES_DISK] <= 900 * MBPS * (1 + 1e-9));
		int64_t id, tag;
		while (fsx_pop_done(&fs, &id, &tag))
			finished++;
	}
	assert_int_equal(finished, 300);
	assert_float_equal(fs.stats.bytes_read, asked_r, asked_r * 1e-9);
	assert_float_equal(fs.stats.bytes_written, asked_w, asked_w * 1e-9);
	assert_true(fs.stats.saturated_ms > 0);
	assert_true(fs.stats.busy_ms <= now);
	fsx_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_reader_alone),
		cmocka_unit_test(two_at_once_take_twice_as_long),
		cmocka_unit_test(max_min_share_and_reshare),
		cmocka_unit_test(compression_halves_disk_bound_io_and_storage),
		cmocka_unit_test(burst_credits_run_dry_then_baseline),
		cmocka_unit_test(below_baseline_keeps_credits),
		cmocka_unit_test(lazy_import_and_export),
		cmocka_unit_test(killed_cold_read_stays_cold),
		cmocka_unit_test(capacity_overflow_reported),
		cmocka_unit_test(finished_ids_not_reused_before_pop),
		cmocka_unit_test(random_flows_conserve_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
