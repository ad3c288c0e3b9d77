/* The cost section of the run summary; see report_cost.h. */
#include "sim/report_cost.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "models/cost.h"

/* "1234.56" from cents, exact. */
static const char *usd(int64_t cents, char buf[32])
{
	uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(buf, 32, "%s%" PRIu64 ".%02u", cents < 0 ? "-" : "", mag / 100,
		 (unsigned)(mag % 100));
	return buf;
}

static void line(FILE *out, int indent, const char *label, int64_t cents,
		 const char *note)
{
	char b[32];
	fprintf(out, "%*s%-*s %12s%s%s\n", indent, "", 44 - indent, label,
		usd(cents, b), note && *note ? "  " : "", note ? note : "");
}

static void items(FILE *out, const struct cost_summary *c)
{
	for (size_t i = 0; i < c->n_items; i++) {
		const struct cost_item *it = &c->items[i];
		char label[200], note[200];
		if (it->part == COST_HEAD) {
			snprintf(label, sizeof label, "head node (%s)", it->instance_type);
			snprintf(note, sizeof note, "%.2f instance-h", it->quantity);
		} else if (it->part == COST_COMPUTE) {
			/* The item name after "compute/": queue/cr/type/capacity. */
			snprintf(label, sizeof label, "%s", it->name + strlen("compute/"));
			snprintf(note, sizeof note, "%.2f instance-h, %zu launches",
				 it->quantity, it->n_lives);
		} else {
			snprintf(label, sizeof label, "%s (%s)",
				 it->name + strlen("storage/"), it->storage_type);
			snprintf(note, sizeof note, "%.3f GB-months", it->quantity);
		}
		if (it->price_note) {
			size_t len = strlen(note);
			snprintf(note + len, sizeof note - len, "; price: %s",
				 it->price_note);
		}
		line(out, 4, label, it->cents, note);
	}
}

/* Rows of a category, largest first (ties by key), at most max. */
static void top_rows(FILE *out, const struct cost_summary *c,
		     const char *category, const char *title, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n_rows; i++)
		n += !strcmp(c->rows[i].category, category);
	if (n == 0)
		return;
	const struct cost_row **v = malloc(n * sizeof *v);
	if (!v)
		return;
	n = 0;
	for (size_t i = 0; i < c->n_rows; i++)
		if (!strcmp(c->rows[i].category, category))
			v[n++] = &c->rows[i];
	/* Selection of the top entries: n is small and the order must be
	 * total (amount, then key) to print the same every time. */
	size_t shown = n < max ? n : max;
	for (size_t k = 0; k < shown; k++) {
		size_t best = k;
		for (size_t i = k + 1; i < n; i++)
			if (v[i]->cents > v[best]->cents ||
			    (v[i]->cents == v[best]->cents &&
			     strcmp(v[i]->key, v[best]->key) < 0))
				best = i;
		const struct cost_row *t = v[k];
		v[k] = v[best];
		v[best] = t;
	}
	fprintf(out, "  %s:\n", title);
	for (size_t k = 0; k < shown; k++)
		line(out, 4, v[k]->key, v[k]->cents, NULL);
	if (n > shown)
		fprintf(out, "    (%zu more in the JSON and the results DB)\n", n - shown);
	free(v);
}

void report_cost(FILE *out, const struct cost_summary *c)
{
	char b1[32], b2[32];
	fprintf(out, "\nCost (USD, %s prices, per-second billing, %lld s minimum)\n",
		c->region, (long long)(c->min_billed_ms / 1000));
	line(out, 2, "total", c->total_cents, NULL);
	line(out, 2, "head node", c->head_cents, NULL);
	char note[96];
	snprintf(note, sizeof note, "On-Demand %s, Spot %s",
		 usd(c->ondemand_cents, b1), usd(c->spot_cents, b2));
	line(out, 2, "compute", c->compute_cents, note);
	line(out, 2, "storage", c->storage_cents, NULL);
	fprintf(out, "  bill:\n");
	items(out, c);
	fprintf(out, "  compute by use:\n");
	line(out, 4, "used by jobs", c->jobs_cents, NULL);
	line(out, 4, "idle (boot, idle, minimum billing)", c->idle_cents, NULL);
	line(out, 4, "work lost to Spot interruptions", c->spot_lost_cents,
	     "(part of jobs)");
	top_rows(out, c, "user", "jobs' cost by user", REPORT_COST_TOP);
	top_rows(out, c, "account", "jobs' cost by account", REPORT_COST_TOP);
	top_rows(out, c, "tag", "by cost-allocation tag", (size_t)-1);
}
