/* The cost model: hand-computed bills to the cent, the 60-second minimum,
 * Spot and On-Demand prices by region, breakdowns that sum to their totals,
 * attribution to jobs/users/accounts, and the consistency checks between
 * job and node records.  Runs and clusters are built by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "models/cost.h"
#include "sim/diag.h"
#include "workloads/strtab.h"

#include "tests/test_cost_world.h"

static double price(const char *type, const char *region, int spot)
{
	const struct catalog *cat = catalog_builtin();
	struct instance_price p;
	assert_int_equal(catalog_price(cat, catalog_instance(cat, type), region, &p), 0);
	return spot ? p.spot_usd_per_hour : p.ondemand_usd_per_hour;
}

/* ---- a static cluster over one hour, by hand ---------------------------------- */

static void static_cluster_by_hand(void **state)
{
	(void)state;
	/* The list prices this bill is computed with (AWS price list, see
	 * /work/shared/reference/aws-data/FACTS.md sections 4-5). */
	assert_true(fabs(price("c5n.18xlarge", "us-east-1", 0) - 3.888) < 1e-9);
	assert_true(fabs(price("m5.large", "us-east-1", 0) - 0.096) < 1e-9);
	const struct catalog *cat = catalog_builtin();
	assert_true(fabs(catalog_fsx_usd_per_gb_month(cat, "us-east-1", FSX_SCRATCH_2, 0, 0) - 0.14) < 1e-9);
	assert_true(fabs(catalog_ebs_usd_per_gb_month(cat, "us-east-1", "gp3") - 0.08) < 1e-9);
	assert_true(fabs(catalog_ebs_price(cat, "us-east-1", "gp3-iops") - 0.005) < 1e-9);
	assert_true(fabs(catalog_ebs_price(cat, "us-east-1", "gp3-throughput") - 40.96) < 1e-9);

	struct world *w = world_new("us-east-1", 0);
	w->st[0].name = "scratch";
	w->st[0].type = STORAGE_FSX_LUSTRE;
	w->st[0].fsx.storage_capacity_gib = 1200;
	w->st[0].fsx.deployment = FSX_SCRATCH_2;
	w->st[1].name = "home";
	w->st[1].type = STORAGE_EBS;
	w->st[1].ebs.volume_type = "gp3";
	w->st[1].ebs.size_gib = 100;
	w->st[1].ebs.iops = 4000;
	w->st[1].ebs.throughput_mibps = 250;
	w->st[2].name = "existing";
	w->st[2].type = STORAGE_FSX_LUSTRE;
	w->st[2].fsx.file_system_id = "fs-0123456789abcdef0";
	w->c.storage = w->st;
	w->c.n_storage = 3;

	int32_t n0 = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	int32_t n1 = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	add_life(w, n0, 0, H, NODE_END_RUN_END);
	add_life(w, n1, 0, H, NODE_END_RUN_END);
	w->r.start_ms = 0;
	w->r.end_ms = H;
	add_job(w, 1, "alice", "physics", 72, 0, H / 2, (int32_t[]){ n0 }, 1);
	add_job(w, 2, "bob", "physics", 144, H / 2, H, (int32_t[]){ n0, n1 }, 2);

	int rc = run_cost(w, cat, NULL);
	print_diags(w);
	assert_int_equal(rc, 0);
	/* head: 1 h x 0.096 = 0.096 -> 0.10
	 * compute: 2 x 1 h x 3.888 = 7.776 -> 7.78
	 * FSx: 1200 GB x 0.14 x 1/730 month = 0.2301 -> 0.23
	 * EBS: (100 x 0.08 + 1000 IOPS x 0.005 + 125/1024 GiBps x 40.96)
	 *      x 1/730 = 18/730 = 0.0247 -> 0.02
	 * existing FSx: not billed.  total 8.13 */
	assert_int_equal(w->s.head_cents, 10);
	assert_int_equal(w->s.compute_cents, 778);
	assert_int_equal(cost_row_cents(&w->s, "storage", "scratch"), 23);
	assert_int_equal(cost_row_cents(&w->s, "storage", "home"), 2);
	assert_int_equal(cost_row_cents(&w->s, "storage", "existing"), -1);
	assert_int_equal(w->s.storage_cents, 25);
	assert_int_equal(w->s.total_cents, 813);
	assert_int_equal(cost_row_cents(&w->s, "total", "total"), 813);
	/* Each life costs 3.888 exactly. */
	assert_true(fabs(w->r.node_lives[0].cost_usd - 3.888) < 1e-9);
	/* Jobs: alice 0.5 h of a whole node = 1.944; bob 0.5 h of two = 3.888.
	 * jobs 5.832 -> 5.83, idle 7.78 - 5.83 = 1.95. */
	assert_true(fabs(w->r.jobs[0].cost_usd - 1.944) < 1e-9);
	assert_true(fabs(w->r.jobs[1].cost_usd - 3.888) < 1e-9);
	assert_int_equal(w->s.jobs_cents, 583);
	assert_int_equal(w->s.idle_cents, 195);
	/* 583 cents split 1:2 -> 194.33 / 388.67: the spare cent goes to the
	 * larger remainder. */
	assert_int_equal(cost_row_cents(&w->s, "user", "alice"), 194);
	assert_int_equal(cost_row_cents(&w->s, "user", "bob"), 389);
	assert_int_equal(cost_row_cents(&w->s, "account", "physics"), 583);
	assert_int_equal(cost_row_cents(&w->s, "capacity", "ondemand"), 778);
	assert_int_equal(cost_row_cents(&w->s, "capacity", "spot"), 0);
	assert_int_equal(cost_row_cents(&w->s, "compute_resource", "q/c"), 778);
	world_free(w);
}

/* ---- the 60-second minimum ------------------------------------------------------- */

static void sixty_second_minimum(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n0 = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	int32_t n1 = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	int32_t n2 = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	add_life(w, n0, 100000, 110000, NODE_END_SUSPEND);     /* lived 10 s */
	add_life(w, n1, 100000, 100000, NODE_END_LAUNCH_FAIL); /* never ran */
	add_life(w, n2, 100000, 105000, NODE_END_LAUNCH_FAIL); /* bootstrap failed */
	w->r.start_ms = 0;
	w->r.end_ms = 20000;                                     /* 20 s span */
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), 0);
	/* 60 s x 3.888 / 3600 = 0.0648 for each life that ran. */
	assert_true(fabs(w->r.node_lives[0].cost_usd - 0.0648) < 1e-12);
	assert_true(w->r.node_lives[1].cost_usd == 0);
	assert_true(fabs(w->r.node_lives[2].cost_usd - 0.0648) < 1e-12);
	assert_int_equal(w->s.compute_cents, 13);      /* 0.1296 */
	assert_int_equal(w->s.n_items, 2);             /* head + one compute line */
	assert_int_equal(w->s.items[1].n_lives, 2);
	/* The head node's 20 s are billed as 60 s too: 0.096 / 60 = 0.0016. */
	assert_true(fabs(w->s.items[0].usd - 0.0016) < 1e-12);
	assert_int_equal(w->s.head_cents, 0);
	world_free(w);
}

/* ---- Spot and On-Demand by region ------------------------------------------------- */

static double one_hour_node_cost(const char *region, int spot,
				 const char *override)
{
	struct world *w = world_new(region, spot);
	int32_t n = add_node(w, 0, 0, "c5n.18xlarge", 72, spot);
	add_life(w, n, 0, H, NODE_END_RUN_END);
	w->r.end_ms = H;
	int rc = run_cost(w, catalog_builtin(), override);
	print_diags(w);
	assert_int_equal(rc, 0);
	assert_string_equal(w->s.region, override ? override : region);
	double usd = w->r.node_lives[0].cost_usd;
	assert_int_equal(cost_row_cents(&w->s, "capacity", spot ? "spot" : "ondemand"),
			 w->s.compute_cents);
	world_free(w);
	return usd;
}

static void spot_and_ondemand_by_region(void **state)
{
	(void)state;
	const char *regions[] = { "us-east-1", "eu-west-1" };
	for (int i = 0; i < 2; i++) {
		double od = price("c5n.18xlarge", regions[i], 0);
		double sp = price("c5n.18xlarge", regions[i], 1);
		assert_true(sp > 0 && sp < od);
		assert_true(fabs(one_hour_node_cost(regions[i], 0, NULL) - od) < 1e-9);
		assert_true(fabs(one_hour_node_cost(regions[i], 1, NULL) - sp) < 1e-9);
	}
	/* The two regions really differ, so the region was used. */
	assert_true(price("c5n.18xlarge", "us-east-1", 0) !=
		    price("c5n.18xlarge", "eu-west-1", 0));
	/* A pricing region given explicitly wins over the config's. */
	assert_true(fabs(one_hour_node_cost("us-east-1", 1, "eu-west-1") -
			 price("c5n.18xlarge", "eu-west-1", 1)) < 1e-9);
}

/* ---- breakdowns sum to their totals ----------------------------------------------- */

static int64_t sum_rows(const struct cost_summary *s, const char *category,
			const char *key_prefix)
{
	int64_t sum = 0;
	for (size_t i = 0; i < s->n_rows; i++)
		if (!strcmp(s->rows[i].category, category) &&
		    (!key_prefix || !strncmp(s->rows[i].key, key_prefix, strlen(key_prefix))))
			sum += s->rows[i].cents;
	return sum;
}

static void breakdowns_sum_to_totals(void **state)
{
	(void)state;
	struct world *w = mixed_world();
	int rc = run_cost(w, catalog_builtin(), NULL);
	print_diags(w);
	assert_int_equal(rc, 0);
	const struct cost_summary *s = &w->s;
	assert_true(s->total_cents > 0 && s->spot_cents > 0 && s->ondemand_cents > 0);
	assert_int_equal(s->total_cents, s->head_cents + s->compute_cents + s->storage_cents);
	assert_int_equal(sum_rows(s, "part", NULL), s->total_cents);
	assert_int_equal(sum_rows(s, "item", NULL), s->total_cents);
	assert_int_equal(sum_rows(s, "queue", NULL), s->compute_cents);
	assert_int_equal(sum_rows(s, "compute_resource", NULL), s->compute_cents);
	assert_int_equal(sum_rows(s, "instance_type", NULL), s->compute_cents);
	assert_int_equal(sum_rows(s, "capacity", NULL), s->compute_cents);
	assert_int_equal(sum_rows(s, "storage", NULL), s->storage_cents);
	assert_int_equal(sum_rows(s, "usage", NULL), s->compute_cents);
	assert_int_equal(sum_rows(s, "user", NULL), s->jobs_cents);
	assert_int_equal(sum_rows(s, "account", NULL), s->jobs_cents);
	assert_int_equal(sum_rows(s, "tag", "Project="), s->total_cents);
	assert_int_equal(sum_rows(s, "tag", "CostCenter="), s->total_cents);
	/* Queue tags reach only that queue's instances. */
	assert_int_equal(cost_row_cents(s, "tag", "CostCenter=cc-7"),
			 cost_row_cents(s, "queue", "spotq"));
	assert_int_equal(cost_row_cents(s, "tag", "CostCenter=(untagged)"),
			 s->total_cents - cost_row_cents(s, "queue", "spotq"));
	assert_int_equal(cost_row_cents(s, "tag", "Project=atlas"), s->total_cents);
	assert_true(cost_row_cents(s, "user", "(none)") > 0);
	assert_true(cost_row_cents(s, "account", "(none)") > 0);
	/* Lives and lines agree within the rounding of each line. */
	double lives = 0;
	for (size_t i = 0; i < w->r.n_node_lives; i++)
		lives += w->r.node_lives[i].cost_usd;
	assert_true(fabs(lives * 100 - (double)s->compute_cents) <= 0.5 * (double)s->n_items);
	/* Each job's attributed cost is its CPU share of its node's price. */
	const struct job_record *j = &w->r.jobs[0];
	const struct node_info *ni = &w->r.nodes_info[w->r.alloc[j->alloc_off]];
	double want = (double)(j->end_ms - j->start_ms) / 3.6e6 * j->cpus / ni->cpus *
		      price(ni->instance_type, "us-east-1", ni->spot);
	assert_true(fabs(j->cost_usd - want) < 1e-9);
	world_free(w);
}

static void same_run_same_rows(void **state)
{
	(void)state;
	struct world *a = mixed_world(), *b = mixed_world();
	assert_int_equal(run_cost(a, catalog_builtin(), NULL), 0);
	assert_int_equal(run_cost(b, catalog_builtin(), NULL), 0);
	assert_int_equal(a->s.n_rows, b->s.n_rows);
	for (size_t i = 0; i < a->s.n_rows; i++) {
		assert_string_equal(a->s.rows[i].category, b->s.rows[i].category);
		assert_string_equal(a->s.rows[i].key, b->s.rows[i].key);
		assert_int_equal(a->s.rows[i].cents, b->s.rows[i].cents);
	}
	world_free(a);
	world_free(b);
}

/* ---- lost work, idle ---------------------------------------------------------------- */

static void spot_lost_work_is_shown_apart(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 1);
	int32_t n0 = add_node(w, 0, 0, "c5n.18xlarge", 72, 1);
	int32_t n1 = add_node(w, 0, 0, "c5n.18xlarge", 72, 1);
	add_life(w, n0, 0, H / 2, NODE_END_SPOT);
	add_life(w, n1, H / 2, 2 * H, NODE_END_SUSPEND);
	w->r.end_ms = 2 * H;
	/* Ran 30 min on n0, lost it to the interruption, reran 1 h on n1. */
	struct job_record *j = add_job(w, 7, "ann", NULL, 72, H / 2, 3 * H / 2,
				       (int32_t[]){ n1 }, 1);
	j->lost_ms = H / 2;
	j->requeues = 1;
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), 0);
	double sp = price("c5n.18xlarge", "us-east-1", 1);
	assert_int_equal(w->s.spot_lost_cents, cost_cents(0.5 * sp));
	assert_true(fabs(w->r.jobs[0].cost_usd - 1.5 * sp) < 1e-9);
	assert_int_equal(w->s.jobs_cents, cost_cents(1.5 * sp));
	/* compute is 2 h of instance time; idle is what no job used. */
	assert_int_equal(w->s.compute_cents, cost_cents(0.5 * sp) + cost_cents(1.5 * sp));
	assert_int_equal(w->s.idle_cents, w->s.compute_cents - w->s.jobs_cents);
	assert_int_equal(cost_row_cents(&w->s, "lost", "spot-interruptions"),
			 w->s.spot_lost_cents);
	world_free(w);
}

/* A node powered up and down several times: the job is priced on the life
 * it ran on, not on an earlier one or a failed launch at the same time. */
static void job_on_a_later_life(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	add_life(w, n, 0, H, NODE_END_SUSPEND);
	add_life(w, n, 2 * H, 2 * H, NODE_END_LAUNCH_FAIL);   /* insufficient capacity */
	add_life(w, n, 2 * H, 4 * H, NODE_END_SUSPEND);
	add_life(w, n, 5 * H, 6 * H, NODE_END_RUN_END);
	add_job(w, 1, "ann", NULL, 36, 2 * H + H / 2, 3 * H, &n, 1);
	add_job(w, 2, "ann", NULL, 72, 5 * H, 5 * H, &n, 1);     /* zero length */
	w->r.end_ms = 6 * H;
	int rc = run_cost(w, catalog_builtin(), NULL);
	print_diags(w);
	assert_int_equal(rc, 0);
	assert_true(fabs(w->r.jobs[0].cost_usd - 0.5 * 0.5 * 3.888) < 1e-9);
	assert_true(w->r.jobs[1].cost_usd == 0);
	assert_true(w->r.node_lives[1].cost_usd == 0);
	assert_true(fabs(w->r.node_lives[2].cost_usd - 2 * 3.888) < 1e-9);
	assert_int_equal(w->s.compute_cents, cost_cents(4 * 3.888));
	world_free(w);
}

/* A job spread unevenly (greedy allocation) is priced by the CPUs it held
 * on each node, and the nodes' capacity is checked with them. */
static void uneven_allocation(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	w->types[0][1] = "c5.large";
	w->cr[0][1].name = "small";
	w->cr[0][1].instance_types = &w->types[0][1];
	w->q[0].n_crs = 2;
	int32_t big = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	int32_t small = add_node(w, 0, 1, "c5.large", 2, 0);
	add_life(w, big, 0, H, NODE_END_RUN_END);
	add_life(w, small, 0, H, NODE_END_RUN_END);
	w->r.end_ms = H;
	/* 74 CPUs: 72 on the big node, 2 on the small one.  An even split
	 * (37 + 37) would overfill the small node. */
	add_job(w, 1, "ann", NULL, 74, 0, H, (int32_t[]){ big, small }, 2);
	set_alloc_cpus(w, (int32_t[]){ 72, 2 });
	int rc = run_cost(w, catalog_builtin(), NULL);
	print_diags(w);
	assert_int_equal(rc, 0);
	double want = 3.888 + price("c5.large", "us-east-1", 0);
	assert_true(fabs(w->r.jobs[0].cost_usd - want) < 1e-9);
	assert_int_equal(w->s.idle_cents, w->s.compute_cents - cost_cents(want));
	world_free(w);
}

/* Storage prices that are not list prices of the region say so. */
static void storage_price_notes(void **state)
{
	(void)state;
	struct world *w = world_new("eu-west-1", 0);
	w->st[0].name = "scratch";
	w->st[0].type = STORAGE_FSX_LUSTRE;
	w->st[0].fsx.storage_capacity_gib = 1200;
	w->st[0].fsx.deployment = FSX_SCRATCH_1;
	w->st[1].name = "home";
	w->st[1].type = STORAGE_EBS;
	w->st[1].ebs.size_gib = 40;
	w->st[2].name = "efs";
	w->st[2].type = STORAGE_EFS;
	w->c.storage = w->st;
	w->c.n_storage = 3;
	w->r.end_ms = H;
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), 0);
	struct storage_price sp;
	assert_int_equal(catalog_fsx_price(catalog_builtin(), "eu-west-1", FSX_SCRATCH_1, 0, 0, &sp), 0);
	const struct cost_item *fsx = &w->s.items[1], *ebs = &w->s.items[2];
	assert_string_equal(fsx->name, "storage/scratch");
	assert_non_null(fsx->price_note);
	assert_non_null(strstr(fsx->price_note, "price of us-east-1"));
	assert_true(!strcmp(sp.verification, "corroborated") ||
		    strstr(fsx->price_note, sp.verification) == fsx->price_note);
	assert_null(ebs->price_note);               /* EBS: eu-west-1 list price */
	assert_int_equal(cost_cents(ebs->usd), cost_cents(40 * catalog_ebs_usd_per_gb_month(
				 catalog_builtin(), "eu-west-1", "gp3") / 730));
	/* EFS: stored size unknown -> 0 GB with a warning. */
	assert_int_equal(w->s.items[3].cents, 0);
	assert_true(w->d.n_warnings >= 1);
	assert_non_null(strstr(w->d.items[0].text, "EFS efs"));
	world_free(w);
}

/* ---- consistency and errors ----------------------------------------------------------- */

static void job_outside_node_life_is_an_error(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n0 = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	add_life(w, n0, 0, H, NODE_END_SUSPEND);
	add_job(w, 1, "ann", NULL, 72, 2 * H, 3 * H, &n0, 1);   /* no instance then */
	w->r.end_ms = 3 * H;
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), -1);
	const struct diag *e = diags_first_error(&w->d);
	assert_non_null(e);
	assert_non_null(strstr(e->text, "job 1"));
	assert_non_null(strstr(e->text, "no instance"));
	world_free(w);
}

static void job_past_node_end_is_an_error(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n0 = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	add_life(w, n0, 0, H, NODE_END_SUSPEND);
	add_job(w, 3, "ann", NULL, 72, H / 2, 2 * H, &n0, 1);
	w->r.end_ms = 2 * H;
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), -1);
	assert_non_null(strstr(diags_first_error(&w->d)->text, "whose instance ended"));
	world_free(w);
}

static void overcommitted_node_is_an_error(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n0 = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	add_life(w, n0, 0, H, NODE_END_SUSPEND);
	add_job(w, 1, "ann", NULL, 72, 0, H, &n0, 1);
	add_job(w, 2, "ben", NULL, 8, 0, H, &n0, 1);    /* 80 CPUs on a 72-CPU node */
	w->r.end_ms = H;
	/* Without per-node CPUs a life cannot be checked (jobs may be spread
	 * unevenly), but the bill as a whole still is. */
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), -1);
	assert_non_null(strstr(diags_first_error(&w->d)->text, "more than the compute bill"));
	diags_free(&w->d);
	diags_init(&w->d);
	set_alloc_cpus(w, (int32_t[]){ 72, 8 });
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), -1);
	assert_non_null(strstr(diags_first_error(&w->d)->text, "more than its 72 CPUs"));
	world_free(w);
}

static void missing_region_or_price_is_an_error(void **state)
{
	(void)state;
	struct world *w = world_new(NULL, 0);
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), -1);
	assert_non_null(strstr(diags_first_error(&w->d)->text, "no Region"));
	world_free(w);

	w = world_new("us-east-1", 0);
	int32_t n = add_node(w, 0, 0, "hpc7a.96xlarge", 192, 0);  /* not in us-east-1 */
	add_life(w, n, 0, H, NODE_END_SUSPEND);
	w->r.end_ms = H;
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), -1);
	const char *text = diags_first_error(&w->d)->text;
	assert_non_null(strstr(text, "hpc7a.96xlarge"));
	assert_non_null(strstr(text, "us-east-1"));
	world_free(w);
}

static void apportion_is_exact(void **state)
{
	(void)state;
	int64_t out[4];
	cost_apportion((double[]){ 1, 1, 1 }, 3, 100, out);
	assert_int_equal(out[0] + out[1] + out[2], 100);
	assert_int_equal(out[0], 34);       /* ties: lowest index first */
	assert_int_equal(out[1], 33);
	cost_apportion((double[]){ 0, 2, 0, 6 }, 4, 7, out);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[2], 0);
	assert_int_equal(out[1] + out[3], 7);
	assert_int_equal(out[3], 5);        /* 5.25 vs 1.75: remainder .75 wins */
	assert_int_equal(out[1], 2);
	assert_int_equal(cost_cents(0.145), 15);
	assert_int_equal(cost_cents(1.004999), 100);
	assert_int_equal(cost_cents(-0.005), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(static_cluster_by_hand),
		cmocka_unit_test(sixty_second_minimum),
		cmocka_unit_test(spot_and_ondemand_by_region),
		cmocka_unit_test(breakdowns_sum_to_totals),
		cmocka_unit_test(same_run_same_rows),
		cmocka_unit_test(spot_lost_work_is_shown_apart),
		cmocka_unit_test(job_on_a_later_life),
		cmocka_unit_test(storage_price_notes),
		cmocka_unit_test(uneven_allocation),
		cmocka_unit_test(job_outside_node_life_is_an_error),
		cmocka_unit_test(job_past_node_end_is_an_error),
		cmocka_unit_test(overcommitted_node_is_an_error),
		cmocka_unit_test(missing_region_or_price_is_an_error),
		cmocka_unit_test(apportion_is_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
