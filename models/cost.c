/*
 * Pricing a run: the bill's line items (head node, compute lines, storage),
 * the cost of each instance life, and the attribution of compute cost to
 * jobs.  The breakdown rows are built from the items in cost_breakdown.c.
 * Rules and sources: docs/cost.md.
 */
#include "models/cost.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "sim/fpsum.h"
#include "workloads/strtab.h"

#define MS_PER_HOUR 3.6e6

void cost_opts_init(struct cost_opts *o)
{
	memset(o, 0, sizeof *o);
	o->min_billed_ms = COST_MIN_BILLED_MS;
	o->hours_per_month = COST_HOURS_PER_MONTH;
}

int64_t cost_cents(double usd)
{
	/* Drop floating-point noise below a millionth of a cent first, so an
	 * amount that is exactly half a cent on paper (0.145 * 100) rounds the
	 * way a hand computation does. */
	double c = nearbyint(usd * 100.0 * 1e6) / 1e6;
	return (int64_t)llround(c);
}

/* What pricing needs while it walks the run. */
struct pricer {
	const struct catalog *cat;
	const char *region;
	const struct cost_opts *o;
	struct diags *d;
	const char *file;              /* the config, for messages */
	struct cost_summary *s;
	size_t items_cap;
	int failed;
};

static struct cost_item *new_item(struct pricer *p, enum cost_part part,
				  const char *name)
{
	struct cost_summary *s = p->s;
	if (s->n_items == p->items_cap) {
		size_t cap = p->items_cap ? 2 * p->items_cap : 16;
		struct cost_item *grown = realloc(s->items, cap * sizeof *grown);
		if (!grown)
			return NULL;
		s->items = grown;
		p->items_cap = cap;
	}
	struct cost_item *it = &s->items[s->n_items];
	memset(it, 0, sizeof *it);
	if (!(it->name = strdup(name)))
		return NULL;
	s->n_items++;
	it->part = part;
	it->queue = it->cr = -1;
	return it;
}

/* On-Demand (or Spot) $/h of a type in the pricing region; -1 when there
 * is none (an error has been added). */
static double hourly_price(struct pricer *p, const char *type, int spot)
{
	const struct instance_type *it = catalog_instance(p->cat, type);
	struct instance_price pr;
	if (!it || catalog_price(p->cat, it, p->region, &pr) != 0) {
		diag_error(p->d, p->file, 0, 0,
			   "cost: no On-Demand price for instance type %s in region %s",
			   type, p->region);
		p->failed = 1;
		return -1;
	}
	if (!spot)
		return pr.ondemand_usd_per_hour;
	if (pr.spot_usd_per_hour < 0) {
		diag_warn(p->d, p->file, 0, 0,
			  "cost: no Spot price for %s in %s; its Spot instances are priced On-Demand (an upper bound)",
			  type, p->region);
		return pr.ondemand_usd_per_hour;
	}
	return pr.spot_usd_per_hour;
}

/* A price cache per (type, capacity), since a run has few distinct types
 * and many lives. */
struct price_memo {
	const char *type;
	int spot;
	double usd_per_hour;
};

struct price_memos {
	struct price_memo *v;
	size_t n, cap;
};

static double memo_price(struct pricer *p, struct price_memos *m,
			 const char *type, int spot)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].spot == spot && !strcmp(m->v[i].type, type))
			return m->v[i].usd_per_hour;
	double usd = hourly_price(p, type, spot);
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 8;
		struct price_memo *grown = realloc(m->v, cap * sizeof *grown);
		if (!grown)
			return usd;
		m->v = grown;
		m->cap = cap;
	}
	m->v[m->n++] = (struct price_memo){ type, spot, usd };
	return usd;
}

static int64_t billed_ms(const struct pricer *p, int64_t from, int64_t to)
{
	int64_t ms = to > from ? to - from : 0;
	return ms < p->o->min_billed_ms ? p->o->min_billed_ms : ms;
}

static int price_head(struct pricer *p, const struct cluster *c,
		      const struct run_result *r)
{
	const char *type = c->head_node_instance_type;
	if (!type) {
		diag_error(p->d, p->file, 0, 0,
			   "cost: HeadNode.InstanceType is not set");
		p->failed = 1;
		return 0;
	}
	double usd_h = hourly_price(p, type, 0);
	if (usd_h < 0)
		return 0;
	char name[160];
	snprintf(name, sizeof name, "head-node/%s", type);
	struct cost_item *it = new_item(p, COST_HEAD, name);
	if (!it || !(it->instance_type = strdup(type)))
		return -1;
	it->unit = "instance-hour";
	it->quantity = (double)billed_ms(p, r->start_ms, r->end_ms) / MS_PER_HOUR;
	it->usd = it->quantity * usd_h;
	it->n_lives = 1;
	return 0;
}

/* The compute line of (queue, cr, type, capacity), created on first use. */
static struct cost_item *compute_line(struct pricer *p,
				      const struct run_result *r,
				      const struct cluster *c, int32_t q,
				      int32_t cr, const char *type, int spot)
{
	struct cost_summary *s = p->s;
	for (size_t i = 0; i < s->n_items; i++) {
		struct cost_item *it = &s->items[i];
		if (it->part == COST_COMPUTE && it->queue == q && it->cr == cr &&
		    it->spot == spot && !strcmp(it->instance_type, type))
			return it;
	}
	char name[320];
	snprintf(name, sizeof name, "compute/%s/%s/%s/%s", r->queue_names[q],
		 c->queues[q].crs[cr].name, type, spot ? "spot" : "ondemand");
	struct cost_item *it = new_item(p, COST_COMPUTE, name);
	if (!it || !(it->instance_type = strdup(type)))
		return NULL;
	it->queue = q;
	it->cr = cr;
	it->spot = spot;
	it->unit = "instance-hour";
	return it;
}

/* Whether a life billed nothing: a launch that failed for insufficient
 * capacity never had a running instance (a bootstrap failure did, and is
 * billed like any other life). */
static int never_ran(const struct node_record *l)
{
	return l->end_reason == NODE_END_LAUNCH_FAIL && l->end_ms <= l->launch_ms;
}

/* Bills every instance life; rate_out[i] is life i's price per CPU-ms. */
static int price_lives(struct pricer *p, struct run_result *r,
		       const struct cluster *c, double *rate_out)
{
	struct price_memos memo = { 0 };
	int rc = 0;
	for (size_t i = 0; i < r->n_node_lives && rc == 0; i++) {
		struct node_record *l = &r->node_lives[i];
		l->cost_usd = 0;
		rate_out[i] = 0;
		if (l->node < 0 || (size_t)l->node >= r->n_nodes_info) {
			diag_error(p->d, p->file, 0, 0,
				   "cost: instance life %zu names node %d of %zu",
				   i, l->node, r->n_nodes_info);
			p->failed = 1;
			continue;
		}
		const struct node_info *ni = &r->nodes_info[l->node];
		if (ni->queue < 0 || ni->queue >= c->n_queues ||
		    (size_t)ni->queue >= r->n_queues || ni->cr < 0 ||
		    ni->cr >= c->queues[ni->queue].n_crs) {
			diag_error(p->d, p->file, 0, 0,
				   "cost: node %s is in no queue/compute resource of the config",
				   ni->name);
			p->failed = 1;
			continue;
		}
		if (never_ran(l))
			continue;
		const char *type = l->instance_type ? l->instance_type
						    : ni->instance_type;
		double usd_h = memo_price(p, &memo, type, ni->spot);
		if (usd_h < 0)
			continue;
		struct cost_item *it = compute_line(p, r, c, ni->queue, ni->cr,
						    type, ni->spot);
		if (!it) {
			rc = -1;
			break;
		}
		double hours = (double)billed_ms(p, l->launch_ms, l->end_ms) /
			       MS_PER_HOUR;
		l->cost_usd = hours * usd_h;
		it->quantity += hours;
		it->usd += l->cost_usd;
		it->n_lives++;
		rate_out[i] = ni->cpus > 0 ? usd_h / ni->cpus / MS_PER_HOUR : 0;
	}
	free(memo.v);
	return rc;
}

/* The provenance note of a storage price: its verification when it is not
 * a list price, and the region it comes from when not the pricing region.
 * A new string, or NULL for a list price of the region. */
static char *note_of(const struct storage_price *sp, const char *region)
{
	char buf[160] = "";
	if (sp->verification && strcmp(sp->verification, "list-price") &&
	    strcmp(sp->verification, "corroborated"))
		snprintf(buf, sizeof buf, "%s", sp->verification);
	if (sp->price_region && strcmp(sp->price_region, region)) {
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "%sprice of %s",
			 len ? ", " : "", sp->price_region);
	}
	return buf[0] ? strdup(buf) : NULL;
}

/* $/month of provisioned IOPS for io1/io2 (io2 is tiered by IOPS) and of
 * gp3 IOPS and throughput above the free baseline (3000 IOPS, 125 MiB/s). */
static double ebs_extras_per_month(struct pricer *p,
				   const struct ebs_settings *e)
{
	const char *vt = e->volume_type ? e->volume_type : "gp3";
	double usd = 0;
	if (!strcmp(vt, "gp3")) {
		double iops = catalog_ebs_price(p->cat, p->region, "gp3-iops");
		double tput = catalog_ebs_price(p->cat, p->region, "gp3-throughput");
		if (e->iops > 3000 && iops > 0)
			usd += (e->iops - 3000) * iops;
		if (e->throughput_mibps > 125 && tput > 0)
			usd += (e->throughput_mibps - 125) / 1024.0 * tput;
	} else if (!strcmp(vt, "io1")) {
		double iops = catalog_ebs_price(p->cat, p->region, "io1-iops");
		if (iops > 0)
			usd += e->iops * iops;
	} else if (!strcmp(vt, "io2")) {
		static const char *const tier[] = { "io2-iops", "io2-iops-tier2",
						    "io2-iops-tier3" };
		static const int upto[] = { 32000, 64000, 1 << 30 };
		int below = 0;
		for (int t = 0; t < 3 && e->iops > below; t++) {
			double price = catalog_ebs_price(p->cat, p->region, tier[t]);
			int n = (e->iops < upto[t] ? e->iops : upto[t]) - below;
			if (price > 0)
				usd += n * price;
			below = upto[t];
		}
	}
	return usd;
}

/* $/GB-month and the GB of one storage item; returns 0 when the item is
 * not billed to the cluster (an existing file system or volume). */
static int storage_terms(struct pricer *p, const struct shared_storage *st,
			 double *gb, double *usd_gb_month, double *extra_month,
			 const char **type, char **note)
{
	struct storage_price sp = { -1, NULL, NULL };
	*extra_month = 0;
	*note = NULL;
	switch (st->type) {
	case STORAGE_FSX_LUSTRE:
		*type = "fsx-lustre";
		if (st->fsx.file_system_id || st->fsx.storage_capacity_gib <= 0)
			return 0;
		*gb = st->fsx.storage_capacity_gib;
		catalog_fsx_price(p->cat, p->region, st->fsx.deployment,
				  st->fsx.per_unit_mbps_per_tib, st->fsx.hdd, &sp);
		break;
	case STORAGE_EBS:
		*type = "ebs";
		if (st->ebs.volume_id)
			return 0;
		*gb = (double)st->ebs.size_gib *
		      (st->ebs.raid_volumes > 0 ? st->ebs.raid_volumes : 1);
		sp.usd = catalog_ebs_usd_per_gb_month(p->cat, p->region,
			st->ebs.volume_type ? st->ebs.volume_type : "gp3");
		sp.verification = "list-price";
		*extra_month = ebs_extras_per_month(p, &st->ebs) *
			       (st->ebs.raid_volumes > 0 ? st->ebs.raid_volumes : 1);
		break;
	case STORAGE_EFS:
		*type = "efs";
		if (st->efs.file_system_id)
			return 0;
		*gb = p->o->efs_stored_gb;
		catalog_efs_price(p->cat, p->region, &sp);
		if (*gb <= 0)
			diag_warn(p->d, p->file, st->pos.line, st->pos.col,
				  "cost: EFS %s bills the bytes stored, which the config does not say; it is counted at 0 GB",
				  st->name);
		if (st->efs.provisioned)
			diag_warn(p->d, p->file, st->pos.line, st->pos.col,
				  "cost: EFS %s provisioned throughput is not priced (no price in the catalog)",
				  st->name);
		break;
	default:
		/* ONTAP, OpenZFS and File Cache can only be mounted existing. */
		return 0;
	}
	if (sp.usd < 0) {
		diag_warn(p->d, p->file, st->pos.line, st->pos.col,
			  "cost: no price for %s storage %s in %s; it is counted at 0 USD",
			  *type, st->name, p->region);
		*usd_gb_month = 0;
		*note = strdup("not priced");
		return 1;
	}
	*usd_gb_month = sp.usd;
	*note = note_of(&sp, p->region);
	return 1;
}

static int price_storage(struct pricer *p, const struct cluster *c,
			 const struct run_result *r)
{
	int64_t span_ms = r->end_ms > r->start_ms ? r->end_ms - r->start_ms : 0;
	double months = (double)span_ms / (p->o->hours_per_month * MS_PER_HOUR);
	for (int i = 0; i < c->n_storage; i++) {
		const struct shared_storage *st = &c->storage[i];
		double gb = 0, usd_gb = 0, extra = 0;
		const char *type = NULL;
		char *note = NULL;
		if (!storage_terms(p, st, &gb, &usd_gb, &extra, &type, &note))
			continue;
		char name[160];
		snprintf(name, sizeof name, "storage/%s", st->name);
		struct cost_item *it = new_item(p, COST_STORAGE, name);
		if (!it || !(it->storage_type = strdup(type))) {
			free(note);
			return -1;
		}
		it->unit = "GB-month";
		it->quantity = gb * months;
		it->usd = (gb * usd_gb + extra) * months;
		it->price_note = note;
	}
	return 0;
}

static int cmp_items(const void *a, const void *b)
{
	const struct cost_item *x = a, *y = b;
	if (x->queue != y->queue)
		return x->queue < y->queue ? -1 : 1;
	if (x->cr != y->cr)
		return x->cr < y->cr ? -1 : 1;
	int t = strcmp(x->instance_type, y->instance_type);
	return t ? t : x->spot - y->spot;
}

/* Rounds each item once and sums the parts from the rounded items. */
static void total_items(struct cost_summary *s)
{
	/* Items were made head first, then compute lines in the order lives
	 * came, then storage in config order; compute lines are put in
	 * (queue, cr, type) order for readers. */
	size_t first = 0;
	while (first < s->n_items && s->items[first].part == COST_HEAD)
		first++;
	size_t n_compute = 0;
	while (first + n_compute < s->n_items &&
	       s->items[first + n_compute].part == COST_COMPUTE)
		n_compute++;
	qsort(s->items + first, n_compute, sizeof *s->items, cmp_items);
	for (size_t i = 0; i < s->n_items; i++) {
		struct cost_item *it = &s->items[i];
		it->cents = cost_cents(it->usd);
		s->total_cents += it->cents;
		if (it->part == COST_HEAD) {
			s->head_cents += it->cents;
		} else if (it->part == COST_STORAGE) {
			s->storage_cents += it->cents;
		} else {
			s->compute_cents += it->cents;
			*(it->spot ? &s->spot_cents : &s->ondemand_cents) += it->cents;
			if (it->queue >= 0 && (size_t)it->queue < s->n_queues)
				s->queue_cents[it->queue] += it->cents;
		}
	}
}

/* ---- attribution to jobs ------------------------------------------------- */

/* The life of a node that had one instance all along (every static node):
 * what attribute_job's fast path needs, in one place per node. */
struct only_life {
	int64_t launch_ms, end_ms;
	long life;               /* -1: the node had none or several */
};

struct life_index {              /* lives of each node, by launch time */
	size_t *order;           /* life indices sorted by (node, launch) */
	size_t *first;           /* node n: order[first[n] .. first[n+1]) */
	struct only_life *only;  /* by node */
	/* Every node had one life, all of them spanning [launch_max,
	 * end_min] (a cluster of static nodes that never failed): a job
	 * within that span needs no test per node. */
	int all_only;
	int64_t launch_max, end_min;
	/* With all_only: node n's life is life n (the model opens the
	 * static nodes' lives in node order), so a job's run of nodes is a
	 * run of lives, read in place instead of through only[]. */
	int life_is_node;
};

struct life_key {
	int32_t node;
	int64_t launch_ms;
	size_t life;
};

static int cmp_life_keys(const void *a, const void *b)
{
	const struct life_key *x = a, *y = b;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	if (x->launch_ms != y->launch_ms)
		return x->launch_ms < y->launch_ms ? -1 : 1;
	return x->life < y->life ? -1 : x->life > y->life;
}

static int life_index_build(struct life_index *ix, const struct run_result *r)
{
	struct life_key *keys = malloc((r->n_node_lives + 1) * sizeof *keys);
	ix->order = malloc((r->n_node_lives + 1) * sizeof *ix->order);
	ix->first = calloc(r->n_nodes_info + 1, sizeof *ix->first);
	ix->only = malloc((r->n_nodes_info + 1) * sizeof *ix->only);
	if (!keys || !ix->order || !ix->first || !ix->only) {
		free(keys);
		return -1;
	}
	size_t n = 0;
	for (size_t i = 0; i < r->n_node_lives; i++) {
		const struct node_record *l = &r->node_lives[i];
		if (l->node >= 0 && (size_t)l->node < r->n_nodes_info)
			keys[n++] = (struct life_key){ l->node, l->launch_ms, i };
	}
	qsort(keys, n, sizeof *keys, cmp_life_keys);
	size_t k = 0;
	for (size_t node = 0; node <= r->n_nodes_info; node++) {
		while (k < n && (size_t)keys[k].node < node)
			k++;
		ix->first[node] = k;
	}
	for (size_t i = 0; i < n; i++)
		ix->order[i] = keys[i].life;
	free(keys);
	ix->all_only = 1;
	ix->life_is_node = 1;
	ix->launch_max = INT64_MIN;
	ix->end_min = INT64_MAX;
	for (size_t node = 0; node < r->n_nodes_info; node++) {
		struct only_life *o = &ix->only[node];
		o->life = -1;
		if (ix->first[node + 1] - ix->first[node] != 1) {
			ix->all_only = 0;
			continue;
		}
		o->life = (long)ix->order[ix->first[node]];
		ix->life_is_node &= o->life == (long)node;
		o->launch_ms = r->node_lives[o->life].launch_ms;
		o->end_ms = r->node_lives[o->life].end_ms;
		if (o->launch_ms > ix->launch_max)
			ix->launch_max = o->launch_ms;
		if (o->end_ms < ix->end_min)
			ix->end_min = o->end_ms;
	}
	return 0;
}

static void life_index_free(struct life_index *ix)
{
	free(ix->order);
	free(ix->first);
	free(ix->only);
}

/* The life of node that had an instance at t, or -1.  Lives of one node do
 * not overlap, so it is the last one launched at or before t, unless that
 * one is a zero-length failed launch at t; a job of zero length may also
 * sit exactly at a life's end. */
static inline long life_at(const struct life_index *ix, const struct run_result *r,
		    int32_t node, int64_t t, int zero_length)
{
	size_t lo = ix->first[node], hi = ix->first[node + 1];
	size_t first = lo;
	if (hi - lo == 1) {          /* static nodes: one life, no search */
		const struct node_record *l = &r->node_lives[ix->order[lo]];
		int covers = l->launch_ms <= t &&
			     (t < l->end_ms || (zero_length && t == l->end_ms));
		return covers ? (long)ix->order[lo] : -1;
	}
	while (lo < hi) {            /* first life launched after t */
		size_t mid = lo + (hi - lo) / 2;
		if (r->node_lives[ix->order[mid]].launch_ms <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k-- > first;) {
		const struct node_record *l = &r->node_lives[ix->order[k]];
		if (t < l->end_ms || (zero_length && t == l->end_ms))
			return (long)ix->order[k];
		if (l->launch_ms < t)
			break;       /* ended before t: earlier ones did too */
	}
	return -1;
}

struct attribution {
	double *user_usd, *account_usd;   /* index id + 1 */
	size_t n_users, n_accounts;
	struct range_sums life_cpu_ms;    /* CPU-ms claimed per life */
	double *queue_rate;               /* mean $/CPU-ms per queue */
	/* Life i's rate holds through life rate_end[i] - 1 (built only for
	 * the fast path of life_index.life_is_node). */
	size_t *rate_end;
	double jobs_usd, lost_usd;
};

/* The ends of the stretches of equal rates; NULL when out of memory. */
static size_t *rate_ends(const double *rate, size_t n)
{
	size_t *end = malloc((n + 1) * sizeof *end);
	if (!end)
		return NULL;
	for (size_t i = n; i-- > 0;)
		end[i] = i + 1 < n && rate[i + 1] == rate[i] ? end[i + 1] : i + 1;
	return end;
}

static int job_ran(const struct job_record *j)
{
	return j->start_ms >= 0 && j->end_ms >= j->start_ms &&
	       j->state != JOB_ST_REJECTED && j->state != JOB_ST_PENDING;
}

/* The life of node that held job j and the CPU-ms the job had of it (cpn
 * CPUs until the job or the life ended), in general: -1 after reporting a
 * node without an instance then.  A job outliving its node's instance is
 * reported too unless Spot took the instance. */
static long node_share(struct pricer *p, const struct run_result *r,
		       const struct life_index *ix, const struct job_record *j,
		       int32_t node, double cpn, double *cpu_ms)
{
	long li = node >= 0 && (size_t)node < r->n_nodes_info
		  ? life_at(ix, r, node, j->start_ms, j->end_ms == j->start_ms)
		  : -1;
	if (li < 0) {
		diag_error(p->d, p->file, 0, 0,
			   "cost: job %lld started at %.3f s on node %d, which had no instance then",
			   (long long)j->job_id, j->start_ms / 1000.0, node);
		p->failed = 1;
		return -1;
	}
	const struct node_record *l = &r->node_lives[li];
	int64_t end = j->end_ms < l->end_ms ? j->end_ms : l->end_ms;
	if (j->end_ms > l->end_ms && l->end_reason != NODE_END_SPOT) {
		diag_error(p->d, p->file, 0, 0,
			   "cost: job %lld ran until %.3f s on node %s, whose instance ended at %.3f s (%s)",
			   (long long)j->job_id, j->end_ms / 1000.0,
			   r->nodes_info[node].name, l->end_ms / 1000.0,
			   node_end_reason_name(l->end_reason));
		p->failed = 1;
	}
	*cpu_ms = cpn * (double)(end - j->start_ms);
	return li;
}

/* The fast path's sums over a run of nodes whose lives are their nodes:
 * each life's CPU-ms, and the job's usd and (when not NULL) rate_sum, as
 * a loop over the lives would leave them, but a stretch of equal rates
 * (every node of one type) adds its one price in a few steps instead of
 * one per node. */
static void add_run_of_lives(struct attribution *a, const double *rate,
			     struct alloc_run run, double span_cpu_ms,
			     double *usd, double *rate_sum)
{
	size_t from = (size_t)run.node, to = from + (size_t)run.count;
	range_sums_add(&a->life_cpu_ms, from, to, span_cpu_ms);
	while (from < to) {
		size_t end = a->rate_end[from] < to ? a->rate_end[from] : to;
		*usd = fp_add_repeated(*usd, span_cpu_ms * rate[from], end - from);
		if (rate_sum)
			*rate_sum = fp_add_repeated(*rate_sum, rate[from],
						    end - from);
		from = end;
	}
}

/* Attributes one job's final attempt and its lost work. */
static void attribute_job(struct pricer *p, struct run_result *r,
			  const struct life_index *ix, const double *rate,
			  struct attribution *a, struct job_record *j)
{
	double usd = 0, rate_sum = 0;
	int n_found = 0;
	if (job_ran(j)) {
		size_t n_runs = result_job_n_runs(r, j);
		if (n_runs == 0) {
			diag_error(p->d, p->file, 0, 0,
				   "cost: job %lld ran but its node list is out of range",
				   (long long)j->job_id);
			p->failed = 1;
			return;
		}
		/* CPUs per node as allocated, or an even split when the model
		 * did not record them (greedy allocation is uneven). */
		double even = (double)j->cpus / j->nodes;
		int64_t start = j->start_ms, stop = j->end_ms;
		struct range_sums *life_cpu_ms = &a->life_cpu_ms;
		/* The lost work's price alone reads rate_sum. */
		double *rate_sum_or_null = j->lost_ms > 0 ? &rate_sum : NULL;
		for (size_t k = 0; k < n_runs; k++) {
			struct alloc_run run = result_job_run(r, j, k);
			double cpn = run.cpus >= 0 ? run.cpus : even;
			double span_cpu_ms = cpn * (double)(stop - start);
			int in_range = run.node >= 0 &&
				       (size_t)run.node + (size_t)run.count <=
				       r->n_nodes_info;
			if (in_range && ix->all_only && ix->launch_max <= start &&
			    stop <= ix->end_min) {
				/* The fast path below on every node,
				 * its test known to pass; the same sums
				 * in the same order. */
				if (ix->life_is_node) {
					add_run_of_lives(a, rate, run, span_cpu_ms,
							 &usd, rate_sum_or_null);
					n_found += run.count;
					continue;
				}
				for (int32_t node = run.node;
				     node < run.node + run.count; node++) {
					long li = ix->only[node].life;
					range_sums_add(life_cpu_ms, (size_t)li,
						       (size_t)li + 1, span_cpu_ms);
					usd += span_cpu_ms * rate[li];
					rate_sum += rate[li];
					n_found++;
				}
				continue;
			}
			for (int32_t node = run.node; node < run.node + run.count; node++) {
				/* The common case, a node whose one life
				 * spans the job (what life_at would find,
				 * with the job's end not clipped): the same
				 * share, without the search. */
				const struct only_life *o = in_range ?
					&ix->only[node] : NULL;
				double cpu_ms = span_cpu_ms;
				long li = o && o->life >= 0 && o->launch_ms <= start &&
					  stop <= o->end_ms ? o->life :
					  node_share(p, r, ix, j, node, cpn, &cpu_ms);
				if (li < 0)
					continue;
				range_sums_add(life_cpu_ms, (size_t)li,
					       (size_t)li + 1, cpu_ms);
				usd += cpu_ms * rate[li];
				rate_sum += rate[li];
				n_found++;
			}
		}
	}
	double lost = 0;
	if (j->lost_ms > 0) {
		double unit = n_found ? rate_sum / n_found
				      : (j->queue >= 0 && (size_t)j->queue < r->n_queues
					 ? a->queue_rate[j->queue] : 0);
		lost = (double)j->lost_ms * j->cpus * unit;
	}
	j->cost_usd = usd + lost;
	a->jobs_usd += j->cost_usd;
	a->lost_usd += lost;
	a->user_usd[j->user + 1] += j->cost_usd;
	a->account_usd[j->account + 1] += j->cost_usd;
}

/* No life may hold more CPU time than its CPUs over its duration.  Only
 * checkable when the run recorded each job's CPUs per node. */
static void check_life_capacity(struct pricer *p, const struct run_result *r,
				struct attribution *a)
{
	if (!result_cpus_known(r))
		return;
	const double *life_cpu_ms = range_sums_values(&a->life_cpu_ms);
	for (size_t i = 0; i < r->n_node_lives; i++) {
		const struct node_record *l = &r->node_lives[i];
		if (l->node < 0 || (size_t)l->node >= r->n_nodes_info)
			continue;
		const struct node_info *ni = &r->nodes_info[l->node];
		double cap = (double)ni->cpus * (double)(l->end_ms - l->launch_ms);
		if (life_cpu_ms[i] > cap * (1 + 1e-9) + 1e-6) {
			diag_error(p->d, p->file, 0, 0,
				   "cost: jobs used %.0f CPU-ms on node %s between %.3f s and %.3f s, more than its %d CPUs have",
				   life_cpu_ms[i], ni->name, l->launch_ms / 1000.0,
				   l->end_ms / 1000.0, ni->cpus);
			p->failed = 1;
		}
	}
}

static void queue_rates(const struct run_result *r, const double *rate,
			double *out)
{
	double *cpu_ms = calloc(r->n_queues + 1, sizeof *cpu_ms);
	double *usd = calloc(r->n_queues + 1, sizeof *usd);
	for (size_t i = 0; cpu_ms && usd && i < r->n_node_lives; i++) {
		const struct node_record *l = &r->node_lives[i];
		if (rate[i] <= 0)
			continue;
		const struct node_info *ni = &r->nodes_info[l->node];
		cpu_ms[ni->queue] += l->cost_usd / rate[i];
		usd[ni->queue] += l->cost_usd;
	}
	for (size_t q = 0; q < r->n_queues; q++)
		out[q] = cpu_ms && usd && cpu_ms[q] > 0 ? usd[q] / cpu_ms[q] : 0;
	free(cpu_ms);
	free(usd);
}

/* Makes (*usd)[id + 1] exist, zeroing the sums it adds; 0 or -1.  The
 * rows skip sums that stay zero, so room to spare changes nothing. */
static int usd_room(double **usd, size_t *n, int32_t id)
{
	size_t need = (size_t)id + 2;
	if (need <= *n)
		return 0;
	double *v = realloc(*usd, need * sizeof *v);
	if (!v)
		return -1;
	memset(v + *n, 0, (need - *n) * sizeof *v);
	*usd = v;
	*n = need;
	return 0;
}

static int attribute(struct pricer *p, struct run_result *r,
		     const double *rate, const struct cluster *c,
		     const struct strtab *names)
{
	struct life_index ix = { 0 };
	struct attribution a = { 0 };
	/* User and account ids index the trace's names, which bound them;
	 * ids beyond (results built otherwise) grow the sums in the loop,
	 * so the records are not read once more for their largest id. */
	a.n_users = a.n_accounts = (names ? names->n : 0) + 1;
	a.user_usd = calloc(a.n_users, sizeof *a.user_usd);
	a.account_usd = calloc(a.n_accounts, sizeof *a.account_usd);
	a.queue_rate = calloc(r->n_queues + 1, sizeof *a.queue_rate);
	int rc = -1;
	if (!a.user_usd || !a.account_usd || !a.queue_rate ||
	    range_sums_init(&a.life_cpu_ms, r->n_node_lives) != 0 ||
	    life_index_build(&ix, r) != 0)
		goto out;
	if (ix.all_only && ix.life_is_node &&
	    !(a.rate_end = rate_ends(rate, r->n_node_lives)))
		goto out;
	queue_rates(r, rate, a.queue_rate);
	for (size_t i = 0; i < r->n_jobs; i++) {
		struct job_record *j = &r->jobs[i];
		j->cost_usd = 0;
		if (j->user < -1 || j->account < -1) {
			diag_error(p->d, p->file, 0, 0,
				   "cost: job %lld has a negative user or account id",
				   (long long)j->job_id);
			p->failed = 1;
			continue;
		}
		if (usd_room(&a.user_usd, &a.n_users, j->user) ||
		    usd_room(&a.account_usd, &a.n_accounts, j->account))
			goto out;
		attribute_job(p, r, &ix, rate, &a, j);
	}
	check_life_capacity(p, r, &a);
	struct cost_summary *s = p->s;
	s->jobs_cents = cost_cents(a.jobs_usd);
	s->idle_cents = s->compute_cents - s->jobs_cents;
	s->spot_lost_cents = cost_cents(a.lost_usd);
	if (s->idle_cents < 0 && !p->failed) {
		diag_error(p->d, p->file, 0, 0,
			   "cost: jobs were attributed more than the compute bill (%.2f > %.2f USD)",
			   a.jobs_usd, s->compute_cents / 100.0);
		p->failed = 1;
	}
	rc = cost_build_rows(s, c, (const char *const *)r->queue_names,
			     r->n_queues, a.user_usd, a.n_users, a.account_usd,
			     a.n_accounts, names);
out:
	life_index_free(&ix);
	free(a.user_usd);
	free(a.account_usd);
	range_sums_free(&a.life_cpu_ms);
	free(a.queue_rate);
	free(a.rate_end);
	return rc;
}

int cost_compute(struct run_result *r, const struct cluster *c,
		 const struct catalog *cat, const struct strtab *names,
		 const struct cost_opts *o, struct cost_summary *out,
		 struct diags *d)
{
	memset(out, 0, sizeof *out);
	struct pricer p = { cat, o->region ? o->region : c->region, o, d,
			    c->path, out, 0, 0 };
	if (!p.region) {
		diag_error(d, c->path, 0, 0,
			   "cost: the config has no Region and none was given for pricing");
		return -1;
	}
	double *rate = calloc(r->n_node_lives + 1, sizeof *rate);
	out->region = strdup(p.region);
	out->min_billed_ms = o->min_billed_ms;
	out->hours_per_month = o->hours_per_month;
	out->n_queues = r->n_queues;
	out->queue_cents = calloc(r->n_queues + 1, sizeof *out->queue_cents);
	int rc = -1;
	if (!rate || !out->region || !out->queue_cents)
		goto oom;
	if (price_head(&p, c, r) != 0 || price_lives(&p, r, c, rate) != 0 ||
	    price_storage(&p, c, r) != 0)
		goto oom;
	total_items(out);
	if (attribute(&p, r, rate, c, names) != 0)
		goto oom;
	rc = p.failed ? -1 : 0;
	free(rate);
	return rc;
oom:
	diag_error(d, c->path, 0, 0, "cost: out of memory");
	free(rate);
	return -1;
}

void cost_summary_free(struct cost_summary *s)
{
	for (size_t i = 0; i < s->n_items; i++) {
		free(s->items[i].name);
		free(s->items[i].instance_type);
		free(s->items[i].storage_type);
		free(s->items[i].price_note);
	}
	free(s->items);
	for (size_t i = 0; i < s->n_rows; i++)
		free(s->rows[i].key);
	free(s->rows);
	free(s->queue_cents);
	free(s->region);
	memset(s, 0, sizeof *s);
}

int64_t cost_row_cents(const struct cost_summary *s, const char *category,
		       const char *key)
{
	for (size_t i = 0; i < s->n_rows; i++)
		if (!strcmp(s->rows[i].category, category) &&
		    !strcmp(s->rows[i].key, key))
			return s->rows[i].cents;
	return -1;
}
