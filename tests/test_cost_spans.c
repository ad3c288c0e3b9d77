/*
 * Attribution of compute cost to jobs when every node had one instance
 * life (models/cost.c life_index.all_only): a job inside the span that all
 * the lives cover skips the per-node test, so that span must be the
 * latest launch to the earliest end, and a job reaching outside it on any
 * node must still be found and reported.
 */
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

/* The On-Demand price of an instance type in us-east-1 per CPU-ms. */
static double type_rate_per_cpu_ms(const char *type, int cpus)
{
	const struct catalog *cat = catalog_builtin();
	struct instance_price p;
	assert_int_equal(catalog_price(cat, catalog_instance(cat, type),
				       "us-east-1", &p), 0);
	return p.ondemand_usd_per_hour / cpus / 3.6e6;
}

/* count c5n.18xlarge nodes (72 CPUs) of the first queue, into n. */
static void add_c5n_nodes(struct world *w, int32_t *n, int count)
{
	for (int i = 0; i < count; i++)
		n[i] = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
}

/* Three nodes of one life each, over [0, 4 h], [0, 4 h] and [1 h, 3 h]:
 * a job on all three within [1 h, 3 h] is priced on each. */
static void job_inside_every_life(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n[3];
	add_c5n_nodes(w, n, 3);
	add_life(w, n[0], 0, 4 * H, NODE_END_RUN_END);
	add_life(w, n[1], 0, 4 * H, NODE_END_RUN_END);
	add_life(w, n[2], H, 3 * H, NODE_END_SUSPEND);
	w->r.start_ms = 0;
	w->r.end_ms = 4 * H;
	add_job(w, 1, "ann", NULL, 216, H, 3 * H, n, 3);
	int rc = run_cost(w, catalog_builtin(), NULL);
	print_diags(w);
	assert_int_equal(rc, 0);
	double want = 0;
	for (int i = 0; i < 3; i++)
		want += 72.0 * (double)(2 * H) *
			type_rate_per_cpu_ms("c5n.18xlarge", 72);
	assert_true(fabs(w->r.jobs[0].cost_usd - want) < 1e-9);
	world_free(w);
}

/* The third node launched at 1 h: a job from 0.5 h on all three had no
 * instance on it then, though the other two nodes' lives cover it. */
static void late_launch_on_one_node_is_an_error(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n[3];
	add_c5n_nodes(w, n, 3);
	add_life(w, n[0], 0, 4 * H, NODE_END_RUN_END);
	add_life(w, n[1], 0, 4 * H, NODE_END_RUN_END);
	add_life(w, n[2], H, 4 * H, NODE_END_RUN_END);
	w->r.end_ms = 4 * H;
	add_job(w, 7, "ann", NULL, 216, H / 2, 2 * H, n, 3);
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), -1);
	const struct diag *e = diags_first_error(&w->d);
	assert_non_null(e);
	assert_non_null(strstr(e->text, "job 7"));
	assert_non_null(strstr(e->text, "no instance"));
	world_free(w);
}

/* The second node's instance ended at 2 h: a job until 3 h on both
 * outlived it. */
static void early_end_on_one_node_is_an_error(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n[2];
	add_c5n_nodes(w, n, 2);
	add_life(w, n[0], 0, 4 * H, NODE_END_RUN_END);
	add_life(w, n[1], 0, 2 * H, NODE_END_SUSPEND);
	w->r.end_ms = 4 * H;
	add_job(w, 8, "ann", NULL, 144, H, 3 * H, n, 2);
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), -1);
	assert_non_null(strstr(diags_first_error(&w->d)->text,
			       "whose instance ended"));
	world_free(w);
}

/* One life each, but recorded in the other order (life 0 is node 1's):
 * the lives are not read in place by node, so a job on node 0 is priced
 * at node 0's type, not at the type of life 0. */
static void lives_out_of_node_order(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n0 = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	int32_t n1 = add_node(w, 0, 0, "m5.large", 2, 0);
	add_life(w, n1, 0, 4 * H, NODE_END_RUN_END);
	add_life(w, n0, 0, 4 * H, NODE_END_RUN_END);
	w->r.end_ms = 4 * H;
	add_job(w, 9, "ann", NULL, 72, H, 3 * H, &n0, 1);
	int rc = run_cost(w, catalog_builtin(), NULL);
	print_diags(w);
	assert_int_equal(rc, 0);
	double want = 72.0 * (double)(2 * H) *
		      type_rate_per_cpu_ms("c5n.18xlarge", 72);
	assert_true(fabs(w->r.jobs[0].cost_usd - want) < 1e-9);
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(job_inside_every_life),
		cmocka_unit_test(late_launch_on_one_node_is_an_error),
		cmocka_unit_test(early_end_on_one_node_is_an_error),
		cmocka_unit_test(lives_out_of_node_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
