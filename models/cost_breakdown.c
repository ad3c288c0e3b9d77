/*
 * The cost breakdown: rows (category, key, cents) derived from the bill's
 * line items, each already rounded to cents, so every breakdown of an
 * amount sums to it exactly.  Which categories partition which amount is
 * documented in docs/cost.md; the order of rows is fixed (categories in a
 * fixed order, keys in queue/config order or by name) so the JSON and the
 * results DB come out the same for the same run.
 */
#include "models/cost.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configs/config.h"
#include "workloads/strtab.h"

#define UNTAGGED "(untagged)"
#define NO_NAME "(none)"

struct rows {
	struct cost_summary *s;
	size_t cap;
	int oom;
};

static void add_row(struct rows *rw, const char *category, const char *key,
		    int64_t cents)
{
	struct cost_summary *s = rw->s;
	if (rw->oom)
		return;
	if (s->n_rows == rw->cap) {
		size_t cap = rw->cap ? 2 * rw->cap : 32;
		struct cost_row *grown = realloc(s->rows, cap * sizeof *grown);
		if (!grown) {
			rw->oom = 1;
			return;
		}
		s->rows = grown;
		rw->cap = cap;
	}
	char *k = strdup(key);
	if (!k) {
		rw->oom = 1;
		return;
	}
	s->rows[s->n_rows++] = (struct cost_row){ category, k, cents };
}

void cost_apportion(const double *weights, size_t n, int64_t total_cents,
		    int64_t *out)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += weights[i] > 0 ? weights[i] : 0;
	int64_t given = 0;
	for (size_t i = 0; i < n; i++) {
		double share = sum > 0 && weights[i] > 0
			       ? weights[i] / sum * (double)total_cents : 0;
		out[i] = (int64_t)floor(share);
		given += out[i];
	}
	/* The residue (fewer cents than shares) goes to the largest
	 * remainders; a quadratic pick is fine for the few users a run has,
	 * and it keeps ties deterministic (lowest index). */
	while (given < total_cents && sum > 0) {
		size_t best = n;
		double best_rem = -1;
		for (size_t i = 0; i < n; i++) {
			if (weights[i] <= 0)
				continue;
			double rem = weights[i] / sum * (double)total_cents -
				     (double)out[i];
			if (rem > best_rem) {
				best_rem = rem;
				best = i;
			}
		}
		if (best == n)
			break;
		out[best]++;
		given++;
	}
}

/* ---- tags ----------------------------------------------------------------- */

/* The value of tag key on an item: queue tags override cluster tags for the
 * queue's instances; head node and storage carry the cluster's tags. */
static const char *tag_value(const struct cluster *c, const struct cost_item *it,
			     const char *key)
{
	if (it->part == COST_COMPUTE && it->queue >= 0 && it->queue < c->n_queues) {
		const struct slurm_queue *q = &c->queues[it->queue];
		for (int i = 0; i < q->n_tags; i++)
			if (!strcmp(q->tags[i].key, key))
				return q->tags[i].value;
	}
	for (int i = 0; i < c->n_tags; i++)
		if (!strcmp(c->tags[i].key, key))
			return c->tags[i].value;
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct strings of a list, sorted; returns the count. */
static size_t sort_unique(const char **v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_str);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || strcmp(v[m - 1], v[i]))
			v[m++] = v[i];
	return m;
}

/* For every tag key: one row per value, and one for the items without the
 * key, so the rows of each key sum to the total. */
static void tag_rows(struct rows *rw, const struct cluster *c)
{
	const struct cost_summary *s = rw->s;
	size_t n_keys = (size_t)c->n_tags;
	for (int q = 0; q < c->n_queues; q++)
		n_keys += (size_t)c->queues[q].n_tags;
	const char **keys = malloc((n_keys + 1) * sizeof *keys);
	const char **vals = malloc((s->n_items + 1) * sizeof *vals);
	if (!keys || !vals) {
		rw->oom = 1;
		goto out;
	}
	n_keys = 0;
	for (int i = 0; i < c->n_tags; i++)
		keys[n_keys++] = c->tags[i].key;
	for (int q = 0; q < c->n_queues; q++)
		for (int i = 0; i < c->queues[q].n_tags; i++)
			keys[n_keys++] = c->queues[q].tags[i].key;
	n_keys = sort_unique(keys, n_keys);
	for (size_t k = 0; k < n_keys; k++) {
		size_t n_vals = 0;
		int64_t untagged = 0;
		for (size_t i = 0; i < s->n_items; i++) {
			const char *v = tag_value(c, &s->items[i], keys[k]);
			if (v)
				vals[n_vals++] = v;
			else
				untagged += s->items[i].cents;
		}
		n_vals = sort_unique(vals, n_vals);
		for (size_t v = 0; v < n_vals; v++) {
			int64_t cents = 0;
			for (size_t i = 0; i < s->n_items; i++) {
				const char *iv = tag_value(c, &s->items[i], keys[k]);
				if (iv && !strcmp(iv, vals[v]))
					cents += s->items[i].cents;
			}
			size_t len = strlen(keys[k]) + strlen(vals[v]) + 2;
			char *kv = malloc(len);
			if (!kv) {
				rw->oom = 1;
				goto out;
			}
			snprintf(kv, len, "%s=%s", keys[k], vals[v]);
			add_row(rw, "tag", kv, cents);
			free(kv);
		}
		if (n_vals == 0 || untagged) {
			size_t len = strlen(keys[k]) + sizeof UNTAGGED + 1;
			char *kv = malloc(len);
			if (!kv) {
				rw->oom = 1;
				goto out;
			}
			snprintf(kv, len, "%s=%s", keys[k], UNTAGGED);
			add_row(rw, "tag", kv, untagged);
			free(kv);
		}
	}
out:
	free(keys);
	free(vals);
}

/* ---- compute groupings ----------------------------------------------------- */

static void compute_rows(struct rows *rw, const struct cluster *c,
			 const char *const *queue_names, size_t n_queues)
{
	const struct cost_summary *s = rw->s;
	for (size_t q = 0; q < n_queues; q++)
		add_row(rw, "queue", queue_names[q], s->queue_cents[q]);
	/* Compute lines are sorted by (queue, cr): one pass groups them. */
	for (size_t i = 0; i < s->n_items;) {
		const struct cost_item *it = &s->items[i];
		if (it->part != COST_COMPUTE) {
			i++;
			continue;
		}
		int64_t cents = 0;
		size_t j = i;
		for (; j < s->n_items && s->items[j].part == COST_COMPUTE &&
		       s->items[j].queue == it->queue && s->items[j].cr == it->cr; j++)
			cents += s->items[j].cents;
		char key[256];
		snprintf(key, sizeof key, "%s/%s", queue_names[it->queue],
			 c->queues[it->queue].crs[it->cr].name);
		add_row(rw, "compute_resource", key, cents);
		i = j;
	}
	const char **types = malloc((s->n_items + 1) * sizeof *types);
	if (!types) {
		rw->oom = 1;
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < s->n_items; i++)
		if (s->items[i].part == COST_COMPUTE)
			types[n++] = s->items[i].instance_type;
	n = sort_unique(types, n);
	for (size_t t = 0; t < n; t++) {
		int64_t cents = 0;
		for (size_t i = 0; i < s->n_items; i++)
			if (s->items[i].part == COST_COMPUTE &&
			    !strcmp(s->items[i].instance_type, types[t]))
				cents += s->items[i].cents;
		add_row(rw, "instance_type", types[t], cents);
	}
	free(types);
	add_row(rw, "capacity", "ondemand", s->ondemand_cents);
	add_row(rw, "capacity", "spot", s->spot_cents);
}

/* ---- users and accounts ---------------------------------------------------- */

struct named_share {
	const char *name;
	double usd;
	int64_t cents;
};

static int cmp_share(const void *a, const void *b)
{
	return strcmp(((const struct named_share *)a)->name,
		      ((const struct named_share *)b)->name);
}

/* Rows of one attribution (users or accounts): the jobs' cents apportioned
 * by exact amounts, sorted by name; "(none)" for jobs without one. */
static void share_rows(struct rows *rw, const char *category,
		       const double *usd, size_t n, const struct strtab *names)
{
	struct named_share *v = calloc(n + 1, sizeof *v);
	double *w = calloc(n + 1, sizeof *w);
	int64_t *cents = calloc(n + 1, sizeof *cents);
	char (*fallback)[24] = calloc(n + 1, sizeof *fallback);
	if (!v || !w || !cents || !fallback) {
		rw->oom = 1;
		goto out;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (usd[i] <= 0)
			continue;
		const char *name = i == 0 ? NO_NAME
				   : names ? strtab_get(names, (int32_t)(i - 1)) : NULL;
		if (!name) {
			snprintf(fallback[i], sizeof fallback[i], "#%zu", i - 1);
			name = fallback[i];
		}
		v[m].name = name;
		v[m].usd = usd[i];
		w[m] = usd[i];
		m++;
	}
	cost_apportion(w, m, rw->s->jobs_cents, cents);
	for (size_t i = 0; i < m; i++)
		v[i].cents = cents[i];
	qsort(v, m, sizeof *v, cmp_share);
	for (size_t i = 0; i < m; i++)
		add_row(rw, category, v[i].name, v[i].cents);
out:
	free(v);
	free(w);
	free(cents);
	free(fallback);
}

int cost_build_rows(struct cost_summary *s, const struct cluster *c,
		    const char *const *queue_names, size_t n_queues,
		    const double *user_usd, size_t n_users,
		    const double *account_usd, size_t n_accounts,
		    const struct strtab *names)
{
	struct rows rw = { s, 0, 0 };
	add_row(&rw, "total", "total", s->total_cents);
	add_row(&rw, "part", "head-node", s->head_cents);
	add_row(&rw, "part", "compute", s->compute_cents);
	add_row(&rw, "part", "storage", s->storage_cents);
	for (size_t i = 0; i < s->n_items; i++)
		add_row(&rw, "item", s->items[i].name, s->items[i].cents);
	compute_rows(&rw, c, queue_names, n_queues);
	for (size_t i = 0; i < s->n_items; i++)
		if (s->items[i].part == COST_STORAGE)
			add_row(&rw, "storage", s->items[i].name + strlen("storage/"),
				s->items[i].cents);
	tag_rows(&rw, c);
	add_row(&rw, "usage", "jobs", s->jobs_cents);
	add_row(&rw, "usage", "idle", s->idle_cents);
	add_row(&rw, "lost", "spot-interruptions", s->spot_lost_cents);
	share_rows(&rw, "user", user_usd, n_users, names);
	share_rows(&rw, "account", account_usd, n_accounts, names);
	return rw.oom ? -1 : 0;
}
