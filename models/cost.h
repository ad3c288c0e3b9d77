/*
 * The cost model: what a simulated run would have cost on AWS.  It prices
 * the instance lives, the head node and the shared storage of a run result
 * with the catalog's prices for one region, builds the bill as line items
 * rounded to cents once, derives every breakdown from those items (so each
 * breakdown sums to the total exactly), and attributes the compute cost to
 * jobs, users and accounts.  The billing rules and their sources are in
 * docs/cost.md.  Like every model it never prints: problems go to a struct
 * diags.
 */
#ifndef PCLSIM_COST_H
#define PCLSIM_COST_H

#include <stddef.h>
#include <stdint.h>

#include "sim/result.h"

struct catalog;
struct cluster;
struct diags;
struct strtab;

/* EC2 per-second billing has a one-minute minimum per instance life
 * (Linux On-Demand, Spot and Reserved, since 2017-10-02). */
#define COST_MIN_BILLED_MS 60000
/* AWS converts monthly prices to hourly ones with 730 hours a month. */
#define COST_HOURS_PER_MONTH 730.0

struct cost_opts {
	const char *region;        /* pricing region; NULL: the config's Region */
	int64_t min_billed_ms;     /* COST_MIN_BILLED_MS */
	double hours_per_month;    /* COST_HOURS_PER_MONTH */
	/* EFS bills the bytes stored, which no config says; the scenario may.
	 * 0 by default: an EFS file system is then listed at no storage cost
	 * and a warning says so. */
	double efs_stored_gb;
};

void cost_opts_init(struct cost_opts *o);

enum cost_part { COST_HEAD, COST_COMPUTE, COST_STORAGE };

/* One line of the bill.  Compute lines group the lives of one compute
 * resource, instance type and capacity type. */
struct cost_item {
	enum cost_part part;
	char *name;                /* "head-node", storage name, "q/cr/type" */
	int32_t queue, cr;         /* compute lines; -1 otherwise */
	int spot;
	char *instance_type;       /* head and compute lines; else NULL */
	char *storage_type;        /* "fsx-lustre", "ebs", "efs"; else NULL */
	double quantity;           /* instance-hours billed, or GB-months */
	const char *unit;          /* "instance-hour" or "GB-month" */
	size_t n_lives;            /* compute lines: instance lives billed */
	double usd;                /* exact, before rounding */
	int64_t cents;             /* usd rounded to cents once */
	/* Where the price came from when it is not a list price for the
	 * region ("unverified-recall", "price of us-east-1", "not priced",
	 * or several of them joined by ", "); NULL for a list price. */
	char *price_note;
};

/* One breakdown row: the costs table of the results DB and the "cost"
 * member of the JSON document.  See docs/cost.md for which categories
 * partition which amount. */
struct cost_row {
	const char *category;      /* static string */
	char *key;
	int64_t cents;
};

struct cost_summary {
	char *region;
	int64_t min_billed_ms;                /* the rules applied */
	double hours_per_month;
	int64_t total_cents, head_cents, compute_cents, storage_cents;
	int64_t ondemand_cents, spot_cents;   /* compute by capacity type */
	int64_t jobs_cents, idle_cents;       /* compute by use */
	int64_t spot_lost_cents;              /* part of jobs_cents */
	int64_t *queue_cents;                 /* per queue of the run */
	size_t n_queues;
	struct cost_item *items;
	size_t n_items;
	struct cost_row *rows;
	size_t n_rows;
};

/* Prices r: fills r->node_lives[].cost_usd (exact billed cost of each life)
 * and r->jobs[].cost_usd (attributed compute cost, lost work included), and
 * the summary.  names resolves the jobs' user and account ids (may be
 * NULL).  Checks that every job record agrees with the node records (each
 * node of a job had an instance while the job ran on it; no life holds more
 * CPU time than it has).  Returns 0, or -1 with errors in d; warnings (a
 * price missing or estimated) are added to d either way. */
int cost_compute(struct run_result *r, const struct cluster *c,
		 const struct catalog *cat, const struct strtab *names,
		 const struct cost_opts *o, struct cost_summary *out,
		 struct diags *d);
void cost_summary_free(struct cost_summary *s);

/* Amount of a breakdown row, or -1 when there is no such row. */
int64_t cost_row_cents(const struct cost_summary *s, const char *category,
		       const char *key);

/* Cents of an exact dollar amount (half away from zero). */
int64_t cost_cents(double usd);

/* Splits total_cents over n shares in proportion to weights[] (>= 0) so the
 * parts sum to total_cents exactly: each part gets the floor of its exact
 * share and the remaining cents go to the largest remainders (lowest index
 * first on ties). */
void cost_apportion(const double *weights, size_t n, int64_t total_cents,
		    int64_t *out);

/* Builds s->rows from s->items and the per-user/account job amounts
 * (cost_breakdown.c).  users/accounts: exact USD per strtab id, index 0 for
 * "no user"/"no account" (id -1), index i+1 for id i. */
int cost_build_rows(struct cost_summary *s, const struct cluster *c,
		    const char *const *queue_names, size_t n_queues,
		    const double *user_usd, size_t n_users,
		    const double *account_usd, size_t n_accounts,
		    const struct strtab *names);

#endif
