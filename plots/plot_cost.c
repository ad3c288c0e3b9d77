/*
 * Cumulative cost by category over time.  The results DB keeps each
 * instance life's billed cost and the run's head-node and storage totals,
 * not a bill per second, so the curve spreads each amount evenly over the
 * time it was billed for: an instance life over launch..end, the head node
 * and the storage over the run's span.  The curves end exactly at the
 * run's totals; in between, a life shorter than the 60 s billing minimum is
 * drawn as if its minimum were spread over its real length.
 */
#include "plots/plot_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sim/diag.h"

#define COST_POINTS 400

enum { CAT_ONDEMAND, CAT_SPOT };

/* A change in the rate at which one category accrues (USD/ms), or an
 * amount billed at once (a life of no length). */
struct accrual {
	int64_t t_ms;
	double d_rate, jump;
	int cat;
};

struct accruals {
	struct accrual *v;
	size_t n, cap;
	int64_t first_ms, last_ms;
};

static int push(struct accruals *a, struct accrual x)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		struct accrual *nv = realloc(a->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		a->v = nv;
		a->cap = cap;
	}
	a->v[a->n++] = x;
	if (x.t_ms < a->first_ms)
		a->first_ms = x.t_ms;
	if (x.t_ms > a->last_ms)
		a->last_ms = x.t_ms;
	return 0;
}

static int by_time(const void *pa, const void *pb)
{
	const struct accrual *a = pa, *b = pb;
	return (a->t_ms > b->t_ms) - (a->t_ms < b->t_ms);
}

static int load_lives(struct plot_ctx *cx, int64_t run_id, struct accruals *a)
{
	sqlite3_stmt *st = plot_query(cx,
		"SELECT launch_ms, end_ms, cost_usd, capacity FROM nodes"
		" WHERE run_id = ?1", run_id);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t l = sqlite3_column_int64(st, 0);
		int64_t e = sqlite3_column_int64(st, 1);
		double usd = sqlite3_column_double(st, 2);
		const unsigned char *cap = sqlite3_column_text(st, 3);
		int cat = cap && !strcmp((const char *)cap, "spot") ? CAT_SPOT
								      : CAT_ONDEMAND;
		int bad = e > l
			  ? push(a, (struct accrual){ l, usd / (double)(e - l), 0, cat }) ||
			    push(a, (struct accrual){ e, -usd / (double)(e - l), 0, cat })
			  : push(a, (struct accrual){ l, 0, usd, cat });
		if (bad)
			break;
	}
	return plot_query_done(cx, st, rc);
}

/* The share of amount spread over [from, to] accrued by t. */
static double spread(double amount, int64_t from, int64_t to, int64_t t)
{
	if (t >= to)
		return amount;
	if (t <= from)
		return 0;
	return amount * (double)(t - from) / (double)(to - from);
}

static void write_curve(FILE *fp, const struct plot_run *run,
			const struct accruals *a, const struct time_axis *ax)
{
	double acc[2] = { 0, 0 }, rate[2] = { 0, 0 };
	int64_t now = a->first_ms;
	size_t k = 0;
	for (int i = 0; i <= COST_POINTS; i++) {
		int64_t g = a->first_ms +
			    (a->last_ms - a->first_ms) * i / COST_POINTS;
		for (; k < a->n && a->v[k].t_ms <= g; k++) {
			for (int c = 0; c < 2; c++)
				acc[c] += rate[c] * (double)(a->v[k].t_ms - now);
			now = a->v[k].t_ms;
			rate[a->v[k].cat] += a->v[k].d_rate;
			acc[a->v[k].cat] += a->v[k].jump;
		}
		for (int c = 0; c < 2; c++)
			acc[c] += rate[c] * (double)(g - now);
		now = g;
		double head = spread(run->head_usd, run->start_ms, run->end_ms, g);
		double storage = spread(run->storage_usd, run->start_ms,
					run->end_ms, g);
		fprintf(fp, "%.6f\t%.4f\t%.4f\t%.4f\t%.4f\n", time_axis_x(ax, g),
			head, head + storage, head + storage + acc[CAT_ONDEMAND],
			head + storage + acc[CAT_ONDEMAND] + acc[CAT_SPOT]);
	}
}

int plot_cost(struct plot_ctx *cx, const struct plot_run *run)
{
	struct accruals a = { NULL, 0, 0, run->start_ms, run->end_ms };
	if (load_lives(cx, run->id, &a) != 0) {
		free(a.v);
		return -1;
	}
	if (a.last_ms <= a.first_ms) {
		diag_add(cx->d, DIAG_NOTE, NULL, 0, 0,
			 "run %lld: empty time span: cost over time not drawn",
			 (long long)run->id);
		free(a.v);
		return 0;
	}
	qsort(a.v, a.n, sizeof *a.v, by_time);
	struct time_axis ax;
	time_axis_for(a.last_ms, PLOT_SINCE_START, &ax);
	char path[320];
	FILE *fp = plot_data_open(cx, path, sizeof path);
	int rc = -1;
	if (fp) {
		write_curve(fp, run, &a, &ax);
		rc = plot_data_close(cx, fp, path);
	}
	free(a.v);
	if (rc != 0)
		return -1;
	char *vars = NULL, title[256];
	size_t len = 0;
	FILE *v = open_memstream(&vars, &len);
	plot_var_str(v, "data", path);
	plot_var_str(v, "xlabel_text", ax.label);
	plot_var_num(v, "x_max", time_axis_end(&ax, a.last_ms));
	fclose(v);
	snprintf(title, sizeof title, "Cumulative cost, %s (total %.2f USD)",
		 run->label, run->total_usd);
	rc = plot_draw(cx, run->id, "cost", title, 1000, 560, vars);
	free(vars);
	return rc;
}
