/* The EC2 fleet: boot latency, allocation strategies, launches against the
 * built-in catalog, Spot interruptions seen through launches, insufficient
 * capacity and its timeout, protected mode, checkpoints, parameter checks. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_cdf.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "models/fleet.h"
#include "sim/diag.h"

/* ---- a hand-built cluster ------------------------------------------------ */

struct test_cluster {
	struct cluster c;
	struct slurm_queue q[3];
	struct compute_resource cr[3][2];
	char *types[3][2][4];
};

/* Queue qi with one CR whose types are the NULL-terminated list. */
static void set_queue(struct test_cluster *t, int qi, const char *name,
		      enum capacity_type ct, enum allocation_strategy as,
		      const char *const *types)
{
	struct slurm_queue *q = &t->q[qi];
	struct compute_resource *cr = &t->cr[qi][0];
	q->name = (char *)name;
	q->capacity_type = ct;
	q->allocation = as;
	q->crs = cr;
	q->n_crs = 1;
	cr->name = (char *)"cr";
	int n = 0;
	while (types[n]) {
		t->types[qi][0][n] = (char *)types[n];
		n++;
	}
	cr->instance_types = t->types[qi][0];
	cr->n_instance_types = n;
	cr->flexible = n > 1;
	cr->max_count = 1000;
	if (qi + 1 > t->c.n_queues)
		t->c.n_queues = qi + 1;
}

static void cluster_init_test(struct test_cluster *t)
{
	memset(t, 0, sizeof *t);
	t->c.path = (char *)"test.yaml";
	t->c.region = (char *)"us-east-1";
	t->c.compute_bootstrap_timeout_s = 1800;
	t->c.queues = t->q;
}

static const char *const c5n[] = { "c5n.18xlarge", NULL };
static const char *const flex[] = { "c5.large", "c5a.large", "c6i.large",
				    "c7i.large", NULL };

static void make_fleet(struct fleet *f, const struct test_cluster *t,
		       const struct fleet_params *p, uint64_t seed, uint32_t rep)
{
	struct diags d;
	diags_init(&d);
	int rc = fleet_init(f, &t->c, catalog_builtin(), p, seed, rep, &d);
	if (rc != 0)
		diags_print(&d, stderr);
	assert_int_equal(rc, 0);
	diags_free(&d);
}

/* ---- boot latency --------------------------------------------------------- */

static void boot_distributions(void **state)
{
	(void)state;
	struct fleet_params p;
	fleet_params_default(&p);
	struct boot_params *b = &p.boot;
	assert_int_equal(boot_latency_ms(b, 0.5), 264000);
	/* Quartiles of the fit: median x exp(-/+ 0.6745 sigma). */
	assert_true(llabs(boot_latency_ms(b, 0.25) - 250100) < 1000);
	assert_true(llabs(boot_latency_ms(b, 0.75) - 278600) < 1000);
	assert_true(boot_latency_ms(b, 0.1) < boot_latency_ms(b, 0.9));
	b->kind = BOOT_FIXED;
	b->fixed_s = 90.5;
	assert_int_equal(boot_latency_ms(b, 0.01), 90500);
	assert_int_equal(boot_latency_ms(b, 0.99), 90500);
	b->kind = BOOT_QUANTILES;
	double qp[] = { 0, 0.5, 1 }, qs[] = { 100, 200, 400 };
	memcpy(b->q_p, qp, sizeof qp);
	memcpy(b->q_s, qs, sizeof qs);
	b->n_q = 3;
	assert_int_equal(boot_latency_ms(b, 0.25), 150000);
	assert_int_equal(boot_latency_ms(b, 0.5), 200000);
	assert_int_equal(boot_latency_ms(b, 0.75), 300000);
	assert_int_equal(boot_latency_ms(b, 1.0), 400000);
}

/* The default is the documented fit of the reference measurements: redo the
 * fit from the CSV and compare. */
static void default_fit_matches_reference(void **state)
{
	(void)state;
	char path[1024];
	snprintf(path, sizeof path, "%s/aws-data/pcluster_scaleup_baseline.csv",
		 PCLSIM_REF_DIR);
	FILE *fp = fopen(path, "r");
	if (!fp)
		skip();
	char line[512];
	double median = -1, p25 = -1, p75 = -1;
	while (fgets(line, sizeof line, fp)) {
		if (strncmp(line, "jobWaitingTime,ms,", 18))
			continue;
		double mn, mx, avg, sd;
		assert_int_equal(sscanf(line + 18, "%lf,%lf,%lf,%lf,%lf,%lf,%lf",
					&mn, &mx, &avg, &sd, &median, &p25, &p75), 7);
	}
	fclose(fp);
	assert_true(median > 0);
	/* Mean resume wait (15 s) + mean periodic node check (15 s). */
	const double resume_wait_s = 30.0;
	double m = median / 1000 - resume_wait_s;
	double sigma = log((p75 / 1000 - resume_wait_s) /
			   (p25 / 1000 - resume_wait_s)) /
		       (2 * gsl_cdf_ugaussian_Pinv(0.75));
	struct fleet_params p;
	fleet_params_default(&p);
	assert_true(fabs(p.boot.median_s - m) < 0.5);
	assert_true(fabs(p.boot.sigma - sigma) < 0.001);
}

/* ---- allocation strategies ------------------------------------------------ */

static const char *order_of(enum allocation_strategy s, int spot, int slack)
{
	static char buf[64];
	struct fleet_offer o[] = {
		{ "a", 0.0349, SPOT_LT5, 0 },
		{ "b", 0.0316, SPOT_5_10, 1 },
		{ "c", 0.0315, SPOT_5_10, 2 },
		{ "d", 0.0303, SPOT_GT20, 3 },
		{ "e", 0.0303, SPOT_UNKNOWN, 4 },
	};
	fleet_order_offers(o, 5, s, spot, slack);
	for (int i = 0; i < 5; i++)
		buf[i] = o[i].instance_type[0];
	buf[5] = 0;
	return buf;
}

static void allocation_strategies(void **state)
{
	(void)state;
	/* Cheapest first; an equal price goes to the better bucket. */
	assert_string_equal(order_of(ALLOC_LOWEST_PRICE, 1, 1), "decba");
	assert_string_equal(order_of(ALLOC_UNSET, 1, 1), "decba");
	/* Best bucket first, then price; unknown buckets last. */
	assert_string_equal(order_of(ALLOC_CAPACITY_OPTIMIZED, 1, 1), "acbde");
	/* Within one bucket of the best (a, b, c), the cheapest. */
	assert_string_equal(order_of(ALLOC_PRICE_CAPACITY_OPTIMIZED, 1, 1), "cbade");
	assert_string_equal(order_of(ALLOC_PRICE_CAPACITY_OPTIMIZED, 1, 0), "adecb");
	assert_string_equal(order_of(ALLOC_PRICE_CAPACITY_OPTIMIZED, 1, 4), "dcbae");
	/* On-Demand: price only, then name. */
	assert_string_equal(order_of(ALLOC_CAPACITY_OPTIMIZED, 0, 1), "decba");
}

static void flexible_cr_picks_per_strategy(void **state)
{
	(void)state;
	const struct catalog *cat = catalog_builtin();
	struct fleet_params p;
	fleet_params_default(&p);
	enum allocation_strategy ss[] = { ALLOC_LOWEST_PRICE,
					  ALLOC_CAPACITY_OPTIMIZED,
					  ALLOC_PRICE_CAPACITY_OPTIMIZED };
	for (int k = 0; k < 3; k++) {
		struct test_cluster t;
		cluster_init_test(&t);
		set_queue(&t, 0, "spot", CAPACITY_SPOT, ss[k], flex);
		struct fleet f;
		make_fleet(&f, &t, &p, 1, 0);
		struct launch_outcome out[3];
		assert_int_equal(fleet_launch(&f, 0, 0, 3, 0, 1000, out), 3);
		/* Recompute the choice from the catalog. */
		const char *want = NULL;
		double best_price = INFINITY;
		int best_bucket = 99;
		for (int i = 0; flex[i]; i++) {
			struct instance_price pr;
			assert_int_equal(catalog_price(cat, catalog_instance(cat, flex[i]),
						       "us-east-1", &pr), 0);
			int bk = pr.spot_bucket < 0 ? 5 : pr.spot_bucket;
			if (ss[k] == ALLOC_CAPACITY_OPTIMIZED) {
				if (bk < best_bucket ||
				    (bk == best_bucket && pr.spot_usd_per_hour < best_price)) {
					best_bucket = bk;
					best_price = pr.spot_usd_per_hour;
					want = flex[i];
				}
			} else if (ss[k] == ALLOC_LOWEST_PRICE &&
				   pr.spot_usd_per_hour < best_price) {
				best_price = pr.spot_usd_per_hour;
				want = flex[i];
			}
		}
		if (ss[k] == ALLOC_PRICE_CAPACITY_OPTIMIZED) {
			for (int i = 0; flex[i]; i++) {
				struct instance_price pr;
				catalog_price(cat, catalog_instance(cat, flex[i]),
					      "us-east-1", &pr);
				int bk = pr.spot_bucket < 0 ? 5 : pr.spot_bucket;
				best_bucket = bk < best_bucket ? bk : best_bucket;
			}
			for (int i = 0; flex[i]; i++) {
				struct instance_price pr;
				catalog_price(cat, catalog_instance(cat, flex[i]),
					      "us-east-1", &pr);
				int bk = pr.spot_bucket < 0 ? 5 : pr.spot_bucket;
				if (bk <= best_bucket + 1 && pr.spot_usd_per_hour < best_price) {
					best_price = pr.spot_usd_per_hour;
					want = flex[i];
				}
			}
		}
		for (int i = 0; i < 3; i++) {
			assert_string_equal(out[i].instance_type, want);
			assert_true(out[i].usd_per_hour == best_price);
		}
		fleet_free(&f);
	}
}

static void unpriced_cr_is_an_error(void **state)
{
	(void)state;
	static const char *const bogus[] = { "no-such.type", NULL };
	struct test_cluster t;
	cluster_init_test(&t);
	set_queue(&t, 0, "q", CAPACITY_ONDEMAND, ALLOC_UNSET, bogus);
	struct fleet_params p;
	fleet_params_default(&p);
	struct fleet f;
	struct diags d;
	diags_init(&d);
	assert_int_equal(fleet_init(&f, &t.c, catalog_builtin(), &p, 1, 0, &d), -1);
	const struct diag *e = diags_first_error(&d);
	assert_non_null(e);
	assert_non_null(strstr(e->text, "ComputeResources[0]"));
	assert_non_null(strstr(e->text, "us-east-1"));
	diags_free(&d);
}

/* ---- launches and Spot ---------------------------------------------------- */

static void ondemand_never_interrupted(void **state)
{
	(void)state;
	struct test_cluster t;
	cluster_init_test(&t);
	set_queue(&t, 0, "od", CAPACITY_ONDEMAND, ALLOC_UNSET, c5n);
	struct fleet_params p;
	fleet_params_default(&p);
	p.spot.rate_multiplier = 1000.0;
	struct fleet f;
	make_fleet(&f, &t, &p, 3, 0);
	struct launch_outcome out[1000];
	assert_int_equal(fleet_launch(&f, 0, 0, 1000, 0, 0, out), 1000);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(out[i].status, LAUNCH_OK);
		assert_true(out[i].interrupt_ms == FLEET_NEVER);
		assert_true(out[i].notice_ms == FLEET_NEVER);
		assert_true(out[i].ready_ms > 100000 && out[i].ready_ms < 600000);
	}
	fleet_free(&f);
}

/* Launches instances of a Spot pool one after another, each kept for 10 h or
 * until it vanishes, and checks the configured hazard against the exact
 * 99.9 % interval of the observed rate. */
static void spot_rate_through_launches(void **state)
{
	(void)state;
	struct test_cluster t;
	cluster_init_test(&t);
	set_queue(&t, 0, "spot", CAPACITY_SPOT, ALLOC_UNSET, c5n);
	struct fleet_params p;
	fleet_params_default(&p);
	p.spot.rate_multiplier = 100.0;
	struct fleet f;
	make_fleet(&f, &t, &p, 11, 0);
	struct instance_price pr;
	const struct catalog *cat = catalog_builtin();
	catalog_price(cat, catalog_instance(cat, "c5n.18xlarge"), "us-east-1", &pr);
	double hazard = spot_hazard_per_hour(&p.spot, pr.spot_bucket);
	assert_true(hazard > 0);
	const int64_t keep_ms = 10 * 3600 * 1000LL;
	double exposure_h = 0;
	unsigned k = 0;
	int64_t now = 0;
	for (int i = 0; i < 50000; i++) {
		struct launch_outcome o;
		assert_int_equal(fleet_launch(&f, 0, 0, 1, 0, now, &o), 1);
		int64_t life = o.interrupt_ms == FLEET_NEVER ? keep_ms
			: o.interrupt_ms - now;
		if (life < keep_ms) {
			k++;
			/* clustermgtd notices on its next 60 s pass. */
			assert_true(o.notice_ms >= o.interrupt_ms);
			assert_true(o.notice_ms - o.interrupt_ms < 60000);
			assert_int_equal(o.notice_ms % 60000, 0);
		} else {
			life = keep_ms;
		}
		exposure_h += (double)life / 3.6e6;
		now += 1000;
	}
	double lo = gsl_cdf_chisq_Pinv(0.0005, 2.0 * k) / 2.0 / exposure_h;
	double hi = gsl_cdf_chisq_Pinv(0.9995, 2.0 * k + 2.0) / 2.0 / exposure_h;
	assert_true(k > 100);
	assert_true(lo <= hazard && hazard <= hi);
	fleet_free(&f);
}

/* A pool's k-th instance sees the same draw whatever else the config holds,
 * and the same seed and replication give identical outcomes. */
static void common_random_numbers_across_configs(void **state)
{
	(void)state;
	struct fleet_params p;
	fleet_params_default(&p);
	p.spot.rate_multiplier = 500.0;
	struct test_cluster a, b;
	cluster_init_test(&a);
	set_queue(&a, 0, "spot", CAPACITY_SPOT, ALLOC_UNSET, c5n);
	cluster_init_test(&b);
	set_queue(&b, 0, "other", CAPACITY_SPOT, ALLOC_CAPACITY_OPTIMIZED, flex);
	set_queue(&b, 1, "spot", CAPACITY_SPOT, ALLOC_UNSET, c5n);
	struct fleet fa, fb, fc;
	make_fleet(&fa, &a, &p, 77, 4);
	make_fleet(&fb, &b, &p, 77, 4);
	make_fleet(&fc, &a, &p, 77, 5);
	struct launch_outcome oa[50], ob[50], ox[20], oc[50];
	assert_int_equal(fleet_launch(&fa, 0, 0, 50, 0, 5000, oa), 50);
	/* Config b launches from another queue first. */
	assert_int_equal(fleet_launch(&fb, 0, 0, 20, 0, 0, ox), 20);
	assert_int_equal(fleet_launch(&fb, 1, 0, 50, 0, 5000, ob), 50);
	assert_int_equal(fleet_launch(&fc, 0, 0, 50, 0, 5000, oc), 50);
	int same_other_rep = 0;
	for (int i = 0; i < 50; i++) {
		assert_true(oa[i].interrupt_ms == ob[i].interrupt_ms);
		assert_true(oa[i].ready_ms == ob[i].ready_ms);
		same_other_rep += oa[i].interrupt_ms == oc[i].interrupt_ms;
	}
	assert_true(same_other_rep < 3);
	fleet_free(&fa);
	fleet_free(&fb);
	fleet_free(&fc);
}

static void custom_actions_add_to_boot(void **state)
{
	(void)state;
	struct fleet_params p;
	fleet_params_default(&p);
	p.boot.on_node_start_s = 30;
	p.boot.on_node_configured_s = 12.5;
	struct test_cluster t;
	cluster_init_test(&t);
	set_queue(&t, 0, "plain", CAPACITY_ONDEMAND, ALLOC_UNSET, c5n);
	set_queue(&t, 1, "start", CAPACITY_ONDEMAND, ALLOC_UNSET, c5n);
	set_queue(&t, 2, "both", CAPACITY_ONDEMAND, ALLOC_UNSET, c5n);
	/* Same queue/CR names give the same boot stream in two fleets. */
	t.q[1].has_on_node_start = 1;
	t.q[2].has_on_node_start = 1;
	t.q[2].has_on_node_configured = 1;
	struct test_cluster u;
	cluster_init_test(&u);
	set_queue(&u, 0, "start", CAPACITY_ONDEMAND, ALLOC_UNSET, c5n);
	set_queue(&u, 1, "both", CAPACITY_ONDEMAND, ALLOC_UNSET, c5n);
	struct fleet f, g;
	make_fleet(&f, &t, &p, 8, 0);
	make_fleet(&g, &u, &p, 8, 0);
	struct launch_outcome o1[4], o2[4], n1[4], n2[4];
	fleet_launch(&f, 1, 0, 4, 0, 0, o1);
	fleet_launch(&f, 2, 0, 4, 0, 0, o2);
	fleet_launch(&g, 0, 0, 4, 0, 0, n1);
	fleet_launch(&g, 1, 0, 4, 0, 0, n2);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(o1[i].ready_ms - n1[i].ready_ms, 30000);
		assert_int_equal(o2[i].ready_ms - n2[i].ready_ms, 42500);
	}
	fleet_free(&f);
	fleet_free(&g);
}

/* A static node up before the run draws its Spot fate like a launch. */
static void existing_instances(void **state)
{
	(void)state;
	struct fleet_params p;
	fleet_params_default(&p);
	p.spot.rate_multiplier = 1e5;
	p.cap.launch_fail_prob = 0.5;
	struct test_cluster t;
	cluster_init_test(&t);
	set_queue(&t, 0, "spot", CAPACITY_SPOT, ALLOC_UNSET, c5n);
	struct fleet f, g;
	make_fleet(&f, &t, &p, 6, 0);
	make_fleet(&g, &t, &p, 6, 0);
	for (int i = 0; i < 20; i++) {
		struct launch_outcome a, b;
		fleet_existing(&f, 0, 0, 1000, &a);
		assert_int_equal(a.status, LAUNCH_OK);
		assert_true(a.ready_ms == 1000);
		assert_true(a.interrupt_ms > 1000 && a.interrupt_ms != FLEET_NEVER);
		assert_string_equal(a.instance_type, "c5n.18xlarge");
		/* The same k-th draw a launch would have taken, whatever the
		 * launch's capacity outcome. */
		if (fleet_launch(&g, 0, 0, 1, 1, 1000, &b) == 1)
			assert_true(a.interrupt_ms == b.interrupt_ms);
		else
			fleet_existing(&g, 0, 0, 1000, &b);
	}
	assert_int_equal(f.pools[0].n_attempts, 0);
	fleet_free(&f);
	fleet_free(&g);
}

/* ---- insufficient capacity ------------------------------------------------ */

static void ice_probability(void **state)
{
	(void)state;
	assert_true(capacity_fail_prob(0.0, 1.0, 100, 1) == 0.0);
	assert_true(capacity_fail_prob(0.1, 1.0, 100, 0) == 0.1);
	assert_true(capacity_fail_prob(0.1, 1.0, 1, 1) == 0.1);
	assert_float_equal(capacity_fail_prob(0.1, 1.0, 3, 1), 1 - 0.9 * 0.9 * 0.9, 1e-12);
	assert_float_equal(capacity_fail_prob(0.1, 0.5, 5, 1), 1 - 0.9 * 0.9 * 0.9, 1e-12);
	assert_true(capacity_fail_prob(0.1, 0.0, 50, 1) == 0.1);
	assert_true(capacity_fail_prob(1.0, 1.0, 2, 0) == 1.0);
}

static void ice_disables_cr_for_exactly_the_timeout(void **state)
{
	(void)state;
	struct test_cluster t;
	cluster_init_test(&t);
	set_queue(&t, 0, "q", CAPACITY_ONDEMAND, ALLOC_UNSET, c5n);
	struct fleet_params p;
	fleet_params_default(&p);
	p.cap.launch_fail_prob = 1.0;
	struct fleet f;
	make_fleet(&f, &t, &p, 2, 0);
	const int64_t t0 = 123456;
	struct launch_outcome out[4];
	assert_true(fleet_cr_available(&f, 0, 0, t0));
	assert_int_equal(fleet_launch(&f, 0, 0, 4, 0, t0, out), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(out[i].status, LAUNCH_ICE);
		assert_true(out[i].fail_ms == t0);
	}
	assert_false(fleet_cr_available(&f, 0, 0, t0));
	assert_false(fleet_cr_available(&f, 0, 0, t0 + 600000 - 1));
	assert_true(fleet_cr_available(&f, 0, 0, t0 + 600000));
	assert_true(fleet_cr_enabled_at(&f, 0, 0, t0 + 1) == t0 + 600000);
	/* A second failure while disabled does not extend the window. */
	fleet_launch(&f, 0, 0, 1, 0, t0 + 1000, out);
	assert_true(fleet_cr_available(&f, 0, 0, t0 + 600000));
	/* Static nodes do not disable the CR. */
	fleet_launch(&f, 0, 0, 1, 1, t0 + 700000, out);
	assert_int_equal(out[0].status, LAUNCH_ICE);
	assert_true(fleet_cr_available(&f, 0, 0, t0 + 700000));
	assert_int_equal(f.n_ice_calls, 3);
	fleet_free(&f);
	/* A timeout <= 0 turns the fail-over off. */
	p.cap.insufficient_capacity_timeout_ms = 0;
	make_fleet(&f, &t, &p, 2, 0);
	fleet_launch(&f, 0, 0, 1, 0, t0, out);
	assert_true(fleet_cr_available(&f, 0, 0, t0));
	fleet_free(&f);
}

static void flexible_cr_falls_back_to_next_pool(void **state)
{
	(void)state;
	struct test_cluster t;
	cluster_init_test(&t);
	set_queue(&t, 0, "spot", CAPACITY_SPOT, ALLOC_CAPACITY_OPTIMIZED, flex);
	struct fleet_params p;
	fleet_params_default(&p);
	struct fleet f;
	make_fleet(&f, &t, &p, 2, 0);
	const char *first = fleet_cr(&f, 0, 0)->offers[0].instance_type;
	const char *second = fleet_cr(&f, 0, 0)->offers[1].instance_type;
	fleet_free(&f);
	struct pool_override po = { (char *)first, NULL, -1.0, 1.0 };
	p.pools = &po;
	p.n_pools = 1;
	make_fleet(&f, &t, &p, 2, 0);
	struct launch_outcome out[2];
	assert_int_equal(fleet_launch(&f, 0, 0, 2, 0, 0, out), 2);
	assert_string_equal(out[0].instance_type, second);
	assert_true(fleet_cr_available(&f, 0, 0, 0));
	fleet_free(&f);
}

static void launch_batches_and_pg_growth(void **state)
{
	(void)state;
	struct test_cluster t;
	cluster_init_test(&t);
	set_queue(&t, 0, "q", CAPACITY_ONDEMAND, ALLOC_UNSET, c5n);
	t.cr[0][0].pg.enabled = 1;
	struct fleet_params p;
	fleet_params_default(&p);
	p.cap.launch_fail_prob = 0.05;
	p.launch_batch_max = 500;
	struct fleet f;
	make_fleet(&f, &t, &p, 21, 0);
	/* 1200 instances: three EC2 calls of 500, 500 and 200. */
	struct launch_outcome *out = calloc(1200, sizeof *out);
	fleet_launch(&f, 0, 0, 1200, 1, 0, out);
	assert_int_equal(f.pools[0].n_attempts, 3);
	/* Within a call every instance shares the call's fate. */
	for (int i = 1; i < 500; i++)
		assert_int_equal(out[i].status == LAUNCH_ICE, out[0].status == LAUNCH_ICE);
	fleet_free(&f);
	free(out);
	/* Growth: 8-node placement-group calls fail about 1 - 0.95^8 of the time. */
	make_fleet(&f, &t, &p, 22, 0);
	struct launch_outcome o8[8];
	int fails = 0, n = 4000;
	for (int i = 0; i < n; i++) {
		fleet_launch(&f, 0, 0, 8, 1, i, o8);
		fails += o8[0].status == LAUNCH_ICE;
	}
	double want = 1 - pow(0.95, 8);
	double sd = sqrt(want * (1 - want) / n);
	assert_true(fabs((double)fails / n - want) < 4 * sd);
	fleet_free(&f);
}

/* ---- bootstrap failures and protected mode -------------------------------- */

static void bootstrap_failures_and_protected_mode(void **state)
{
	(void)state;
	struct test_cluster t;
	cluster_init_test(&t);
	set_queue(&t, 0, "q", CAPACITY_ONDEMAND, ALLOC_UNSET, c5n);
	struct fleet_params p;
	fleet_params_default(&p);
	p.cap.bootstrap_fail_prob = 1.0;
	struct fleet f;
	make_fleet(&f, &t, &p, 4, 0);
	struct launch_outcome o;
	assert_int_equal(fleet_launch(&f, 0, 0, 1, 0, 5000, &o), 1);
	assert_int_equal(o.status, LAUNCH_BOOTSTRAP_FAIL);
	assert_true(o.fail_ms == 5000 + 1800 * 1000);
	assert_true(o.ready_ms == -1);
	for (int i = 0; i < 9; i++)
		assert_int_equal(fleet_bootstrap_result(&f, 0, 0, 0, i), 0);
	/* A success resets the run. */
	fleet_bootstrap_result(&f, 0, 1, 0, 10);
	for (int i = 0; i < 9; i++)
		assert_int_equal(fleet_bootstrap_result(&f, 0, 0, 0, 20 + i), 0);
	/* The tenth in a row trips it, unless jobs are running. */
	assert_int_equal(fleet_bootstrap_result(&f, 0, 0, 1, 40), 0);
	assert_false(fleet_partition_protected(&f, 0));
	assert_int_equal(partition_health_trip(&f.parts[0], 50, 0, &f.params.cap), 1);
	assert_true(fleet_partition_protected(&f, 0));
	assert_true(f.parts[0].protected_since_ms == 50);
	fleet_free(&f);
}

/* ---- clustermgtd passes and checkpoints ----------------------------------- */

static void clustermgtd_passes(void **state)
{
	(void)state;
	struct fleet_params p;
	fleet_params_default(&p);
	assert_true(fleet_next_pass_ms(&p, 0) == 0);
	assert_true(fleet_next_pass_ms(&p, 1) == 60000);
	assert_true(fleet_next_pass_ms(&p, 60000) == 60000);
	assert_true(fleet_next_pass_ms(&p, -5) == 0);
	assert_true(fleet_next_pass_ms(&p, -60001) == -60000);
	assert_true(fleet_next_pass_ms(&p, FLEET_NEVER) == FLEET_NEVER);
	assert_true(fleet_next_resume_ms(&p, 0) == 0);
	assert_true(fleet_next_resume_ms(&p, 1) == 30000);
	assert_true(fleet_next_resume_ms(&p, 59999) == 60000);
	assert_true(fleet_next_resume_ms(&p, 60000) == 60000);
	p.clustermgtd_phase_ms = 17000;
	assert_true(fleet_next_pass_ms(&p, 0) == 17000);
	assert_true(fleet_next_pass_ms(&p, 17001) == 77000);
}

static void work_kept_by_checkpoints(void **state)
{
	(void)state;
	struct fleet_params p;
	fleet_params_default(&p);
	assert_int_equal(fleet_work_kept_ms(&p, 5000000), 0);
	p.ckpt = CKPT_PERIODIC;
	p.ckpt_interval_ms = 1800000;
	assert_int_equal(fleet_work_kept_ms(&p, 5000000), 3600000);
	assert_int_equal(fleet_work_kept_ms(&p, 1799999), 0);
	p.ckpt = CKPT_ON_NOTICE;
	assert_int_equal(fleet_work_kept_ms(&p, 5000000), 4880000);
	assert_int_equal(fleet_work_kept_ms(&p, 100000), 0);
}

static void params_checked(void **state)
{
	(void)state;
	struct fleet_params p;
	fleet_params_default(&p);
	struct diags d;
	diags_init(&d);
	assert_int_equal(fleet_params_check(&p, "s.yaml", &d), 0);
	p.boot.sigma = -1;
	p.spot.rate_multiplier = -2;
	p.cap.launch_fail_prob = 1.5;
	p.clustermgtd_phase_ms = 60000;
	p.ckpt = CKPT_PERIODIC;
	p.boot.on_node_start_s = -1;
	assert_int_equal(fleet_params_check(&p, "s.yaml", &d), 6);
	assert_string_equal(d.items[0].file, "s.yaml");
	fleet_params_default(&p);
	p.boot.kind = BOOT_QUANTILES;
	p.boot.n_q = 2;
	p.boot.q_p[0] = 0.1;
	p.boot.q_p[1] = 1;
	assert_int_equal(fleet_params_check(&p, "s.yaml", &d), 1);
	/* A certain failure would retry forever. */
	fleet_params_default(&p);
	p.cap.launch_fail_prob = 1.0;
	assert_int_equal(fleet_params_check(&p, "s.yaml", &d), 1);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boot_distributions),
		cmocka_unit_test(default_fit_matches_reference),
		cmocka_unit_test(allocation_strategies),
		cmocka_unit_test(flexible_cr_picks_per_strategy),
		cmocka_unit_test(unpriced_cr_is_an_error),
		cmocka_unit_test(ondemand_never_interrupted),
		cmocka_unit_test(spot_rate_through_launches),
		cmocka_unit_test(common_random_numbers_across_configs),
		cmocka_unit_test(custom_actions_add_to_boot),
		cmocka_unit_test(existing_instances),
		cmocka_unit_test(ice_probability),
		cmocka_unit_test(ice_disables_cr_for_exactly_the_timeout),
		cmocka_unit_test(flexible_cr_falls_back_to_next_pool),
		cmocka_unit_test(launch_batches_and_pg_growth),
		cmocka_unit_test(bootstrap_failures_and_protected_mode),
		cmocka_unit_test(clustermgtd_passes),
		cmocka_unit_test(work_kept_by_checkpoints),
		cmocka_unit_test(params_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
