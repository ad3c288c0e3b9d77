/*
 * Hand-built runs for the cost, JSON and results-DB tests: a cluster struct
 * filled field by field (no YAML), node infos, instance lives and job
 * records with explicit times, so every expected figure can be computed by
 * hand.  Included by tests/test_cost.c and tests/test_store.c.
 */
#ifndef PCLSIM_TEST_COST_WORLD_H
#define PCLSIM_TEST_COST_WORLD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "models/cost.h"
#include "sim/diag.h"
#include "sim/result.h"
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
static inline struct world *world_new(const char *region, int spot)
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

static inline void world_free(struct world *w)
{
	cost_summary_free(&w->s);
	run_result_free(&w->r);
	strtab_free(&w->names);
	diags_free(&w->d);
	free(w);
}

static inline int32_t add_node(struct world *w, int32_t queue, int32_t cr,
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

static inline size_t add_life(struct world *w, int32_t node, int64_t launch_ms,
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

static inline struct job_record *add_job(struct world *w, int64_t id, const char *user,
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
	j->queue = n_nodes > 0 ? r->nodes_info[nodes[0]].queue : -1;
	j->cr = n_nodes > 0 ? r->nodes_info[nodes[0]].cr : -1;
	j->alloc_off = r->n_alloc;
	r->alloc = realloc(r->alloc, (r->n_alloc + (size_t)n_nodes + 1) * sizeof *r->alloc);
	for (int32_t i = 0; i < n_nodes; i++)
		r->alloc[r->n_alloc++] = nodes[i];
	return j;
}

/* Records each allocation entry's CPUs on its node (alloc order). */
static inline void set_alloc_cpus(struct world *w, const int32_t *cpus)
{
	struct run_result *r = &w->r;
	free(r->alloc_cpus);
	r->alloc_cpus = malloc((r->n_alloc + 1) * sizeof *r->alloc_cpus);
	memcpy(r->alloc_cpus, cpus, r->n_alloc * sizeof *cpus);
}

static inline int run_cost(struct world *w, const struct catalog *cat,
		    const char *region_override)
{
	struct cost_opts o;
	cost_opts_init(&o);
	o.region = region_override;
	cost_summary_free(&w->s);
	return cost_compute(&w->r, &w->c, cat, &w->names, &o, &w->s, &w->d);
}

static inline void print_diags(const struct world *w)
{
	diags_print(&w->d, stderr);
}


/* A run with two queues (On-Demand and Spot), two CRs each, odd life
 * lengths, tags at cluster and queue level, and jobs of several users. */
static inline struct world *mixed_world(void)
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

#endif
