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

#define H 3600000LL   /* one hour in ms */

/* ---- fixtures --------------------------------------------------------------- */

struct world {
	struct cluster c;
	struct slurm_queue q[2];
	struct compute_resource cr[2][2];
	char *types[2][2];
	struct shared_storage st[3];
	struct kv cluster_tags[1], queue_tags[1];
	struct run_result r;
	struct strtab names;
	struct diags d;
	struct cost_summary s;
};

/* One queue "q" with CR "c" of c5n.18xlarge (72 vCPUs), head node m5.large,
 * region as given.  Nodes, lives and jobs are added by the test. */
static struct world *world_new(const char *region, int spot)
{
	struct world *w = calloc(1, sizeof *w);
	assert_non_null(w);
	w->c.path = "cluster.yaml";
	w->c.region = (char *)region;
	w->c.head_node_instance_type = "m5.large";
	w->types[0][0] = "c5n.18xlarge";
	w->cr[0][0].name = "c";
	w->cr[0][0].instance_types = &w->types[0][0];
	w->cr[0][0].n_instance_types = 1;
	w->q[0].name = "q";
	w->q[0].capacity_type = spot ? CAPACITY_SPOT : CAPACITY_ONDEMAND;
	w->q[0].crs = w->cr[0];
	w->q[0].n_crs = 1;
	w->c.queues = w->q;
	w->c.n_queues = 1;
	strtab_init(&w->names);
	diags_init(&w->d);
	w->r.queue_names = calloc(2, sizeof *w->r.queue_names);
	w->r.queue_names[0] = strdup("q");
	w->r.n_queues = 1;
	return w;
}

static void world_free(struct world *w)
{
	cost_summary_free(&w->s);
	run_result_free(&w->r);
	strtab_free(&w->names);
	diags_free(&w->d);
	free(w);
}

static int32_t add_node(struct world *w, int32_t queue, int32_t cr,
			const char *type, int32_t cpus, int spot)
{
	struct run_result *r = &w->r;
	r->nodes_info = realloc(r->nodes_info, (r->n_nodes_info + 1) * sizeof *r->nodes_info);
	struct node_info *ni = &r->nodes_info[r->n_nodes_info];
	memset(ni, 0, sizeof *ni);
	snprintf(ni->name, sizeof ni->name, "%s-dy-%s-%zu", r->queue_names[queue],
		 w->c.queues[queue].crs[cr].name, r->n_nodes_info + 1);
	ni->queue = queue;
	ni->cr = cr;
	ni->instance_type = type;
	ni->cpus = cpus;
	ni->spot = (uint8_t)spot;
	return (int32_t)r->n_nodes_info++;
}

static size_t add_life(struct world *w, int32_t node, int64_t launch_ms,
		       int64_t end_ms, enum node_end_reason why)
{
	struct run_result *r = &w->r;
	r->node_lives = realloc(r->node_lives, (r->n_node_lives + 1) * sizeof *r->node_lives);
	struct node_record *l = &r->node_lives[r->n_node_lives];
	memset(l, 0, sizeof *l);
	l->node = node;
	l->launch_ms = launch_ms;
	l->ready_ms = launch_ms;
	l->end_ms = end_ms;
	l->end_reason = (uint8_t)why;
	l->instance_type = r->nodes_info[node].instance_type;
	return r->n_node_lives++;
}

static struct job_record *add_job(struct world *w, int64_t id, const char *user,
				  const char *account, int32_t cpus,
				  int64_t start_ms, int64_t end_ms,
				  const int32_t *nodes, int32_t n_nodes)
{
	struct run_result *r = &w->r;
	r->jobs = realloc(r->jobs, (r->n_jobs + 1) * sizeof *r->jobs);
	struct job_record *j = &r->jobs[r->n_jobs++];
	memset(j, 0, sizeof *j);
	j->job_id = id;
	j->user = user ? strtab_intern(&w->names, user, strlen(user)) : -1;
	j->account = account ? strtab_intern(&w->names, account, strlen(account)) : -1;
	j->cpus = cpus;
	j->nodes = n_nodes;
	j->submit_ms = start_ms;
	j->start_ms = start_ms;
	j->end_ms = end_ms;
	j->state = JOB_ST_COMPLETED;
	j->alloc_off = r->n_alloc;
	r->alloc = realloc(r->alloc, (r->n_alloc + (size_t)n_nodes + 1) * sizeof *r->alloc);
	for (int32_t i = 0; i < n_nodes; i++)
		r->alloc[r->n_alloc++] = nodes[i];
	return j;
}

static int run_cost(struct world *w, const struct catalog *cat,
		    const char *region_override)
{
	struct cost_opts o;
	cost_opts_init(&o);
	o.region = region_override;
	cost_summary_free(&w->s);
	return cost_compute(&w->r, &w->c, cat, &w->names, &o, &w->s, &w->d);
}

static void print_diags(const struct world *w)
{
	diags_print(&w->d, stderr);
}

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

/* A run with two queues (On-Demand and Spot), two CRs each, odd life
 * lengths, tags at cluster and queue level, and jobs of several users. */
static struct world *mixed_world(void)
{
	struct world *w = world_new("us-east-1", 0);
	w->types[0][1] = "c6i.32xlarge";
	w->cr[0][1].name = "big";
	w->cr[0][1].instance_types = &w->types[0][1];
	w->q[0].n_crs = 2;
	w->types[1][0] = "c5.large";
	w->types[1][1] = "m5.large";
	w->cr[1][0].name = "small";
	w->cr[1][0].instance_types = &w->types[1][0];
	w->cr[1][1].name = "mem";
	w->cr[1][1].instance_types = &w->types[1][1];
	w->q[1].name = "spotq";
	w->q[1].capacity_type = CAPACITY_SPOT;
	w->q[1].crs = w->cr[1];
	w->q[1].n_crs = 2;
	w->c.n_queues = 2;
	w->r.queue_names[1] = strdup("spotq");
	w->r.n_queues = 2;
	w->cluster_tags[0] = (struct kv){ "Project", "atlas" };
	w->c.tags = w->cluster_tags;
	w->c.n_tags = 1;
	w->queue_tags[0] = (struct kv){ "CostCenter", "cc-7" };
	w->q[1].tags = w->queue_tags;
	w->q[1].n_tags = 1;
	w->st[0].name = "lustre";
	w->st[0].type = STORAGE_FSX_LUSTRE;
	w->st[0].fsx.storage_capacity_gib = 2400;
	w->st[0].fsx.deployment = FSX_PERSISTENT_2;
	w->st[0].fsx.per_unit_mbps_per_tib = 125;
	w->c.storage = w->st;
	w->c.n_storage = 1;

	static const char *const users[] = { "ann", "ben", "cid", NULL };
	static const struct { int32_t q, cr; const char *type; int32_t cpus; int spot; } kinds[] = {
		{ 0, 0, "c5n.18xlarge", 72, 0 }, { 0, 1, "c6i.32xlarge", 128, 0 },
		{ 1, 0, "c5.large", 2, 1 }, { 1, 1, "m5.large", 2, 1 },
	};
	uint64_t x = 12345;
	int64_t t = 0;
	for (int i = 0; i < 40; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int k = (int)((x >> 33) % 4);
		int32_t n = add_node(w, kinds[k].q, kinds[k].cr, kinds[k].type,
				     kinds[k].cpus, kinds[k].spot);
		int64_t launch = t + (int64_t)((x >> 20) % 7919) * 13;
		int64_t len = 1000 + (int64_t)((x >> 40) % 5000000);
		add_life(w, n, launch, launch + len, NODE_END_SUSPEND);
		int64_t start = launch + len / 7, end = launch + len - len / 5;
		add_job(w, 100 + i, users[i % 4], i % 3 ? "acct-a" : NULL,
			kinds[k].cpus / 2 > 0 ? kinds[k].cpus / 2 : 1, start, end,
			&n, 1);
		t += 250000;
	}
	w->r.start_ms = 0;
	w->r.end_ms = t + 6000000;
	return w;
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
		cmocka_unit_test(job_outside_node_life_is_an_error),
		cmocka_unit_test(job_past_node_end_is_an_error),
		cmocka_unit_test(overcommitted_node_is_an_error),
		cmocka_unit_test(missing_region_or_price_is_an_error),
		cmocka_unit_test(apportion_is_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
