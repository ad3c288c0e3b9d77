/*
 * pclsim compare: two or more configurations on the same trace and
 * scenario, side by side.  A configuration is a --config file with the
 * --set options that follow it, or a --variant of the first one.  Every
 * configuration runs replications 0..N-1 with the same seed (common random
 * numbers), so replication r of two configurations is a pair and the
 * differences are judged with a paired t-test.  Prints the means with 95 %
 * intervals, then the deltas against the first configuration with their
 * intervals, p-values and whether they are significant.  Exit 0, 1 when an
 * input is bad or a run fails, 2 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/commands.h"
#include "sim/diag.h"
#include "sim/outfile.h"
#include "sim/store.h"
#include "sim/whatif_cli.h"

#define MAX_VARIANTS 32
#define COL 24

static const char compare_usage[] =
	"usage: pclsim compare --config A.yaml [--set K=V]... [--name N]\n"
	"                      (--config B.yaml ... | --variant 'NAME: K=V K2=V2')...\n"
	"                      --trace FILE [options]\n"
	"\n"
	"  --config FILE        a configuration; the --set and --name options that\n"
	"                       follow belong to it\n"
	"  --set KEY=VALUE      override a key of the configuration before it\n"
	"  --name NAME          name the configuration before it (default: the\n"
	"                       file's name and its --set values)\n"
	"  --variant 'NAME: K=V ...'  the first --config with these overrides added\n"
	"                       ('--set' before each K=V is allowed)\n"
	"  With a single --config that has --set options, the plain file is the\n"
	"  baseline and the file with the overrides the second configuration.\n"
	"\n";

static const char compare_more[] =
	"  -h, --help           this text\n";

struct compare_cli {
	struct whatif_cli w;
	struct whatif_variant v[MAX_VARIANTS];
	size_t n;
	int named[MAX_VARIANTS];
	int from_variant[MAX_VARIANTS];   /* --variant: the first --config's */
};

static int add_set(struct whatif_variant *v, const char *arg)
{
	char key[512];
	const char *value;
	if (whatif_split_kv(arg, key, sizeof key, &value)) {
		fprintf(stderr, "pclsim: --set wants KEY=VALUE, got '%s'\n", arg);
		return -1;
	}
	if (whatif_variant_add_set(v, key, value)) {
		fprintf(stderr, "pclsim: out of memory\n");
		return -1;
	}
	return 0;
}

static struct whatif_variant *new_variant(struct compare_cli *c,
					  const char *name, const char *path)
{
	if (c->n == MAX_VARIANTS) {
		fprintf(stderr, "pclsim: at most %d configurations\n", MAX_VARIANTS);
		return NULL;
	}
	if (whatif_variant_init(&c->v[c->n], name, path)) {
		fprintf(stderr, "pclsim: out of memory\n");
		return NULL;
	}
	return &c->v[c->n++];
}

/* 'NAME: K=V --set K2=V2 ...': the config path is filled in later from the
 * first --config. */
static int add_variant(struct compare_cli *c, const char *arg)
{
	const char *colon = strchr(arg, ':');
	if (!colon || colon == arg) {
		fprintf(stderr, "pclsim: --variant wants 'NAME: KEY=VALUE ...', "
			"got '%s'\n", arg);
		return -1;
	}
	char name[128];
	snprintf(name, sizeof name, "%.*s", (int)(colon - arg), arg);
	struct whatif_variant *v = new_variant(c, name, "");
	if (!v)
		return -1;
	c->named[c->n - 1] = 1;
	c->from_variant[c->n - 1] = 1;
	char *rest = strdup(colon + 1), *save = NULL;
	if (!rest)
		return -1;
	int rc = 0;
	for (char *tok = strtok_r(rest, " \t", &save); tok && !rc;
	     tok = strtok_r(NULL, " \t", &save))
		if (strcmp(tok, "--set"))
			rc = add_set(v, tok);
	free(rest);
	if (!rc && !v->n_sets) {
		fprintf(stderr, "pclsim: --variant '%s' changes nothing\n", arg);
		rc = -1;
	}
	return rc;
}

static int rename_variant(struct whatif_variant *v, const char *name)
{
	char *copy = strdup(name);
	if (!copy)
		return -1;
	free(v->name);
	v->name = copy;
	return 0;
}

static int option(void *ctx, int ch, const char *arg)
{
	struct compare_cli *c = ctx;
	enum { O_CONFIG = 256, O_SET, O_NAME, O_VARIANT };
	struct whatif_variant *last = c->n ? &c->v[c->n - 1] : NULL;
	switch (ch) {
	case O_CONFIG:
		return new_variant(c, arg, arg) ? 0 : -1;
	case O_SET:
		if (!last || c->from_variant[c->n - 1]) {
			fprintf(stderr, "pclsim: --set %s: put it after the --config "
				"it changes\n", arg);
			return -1;
		}
		return add_set(last, arg);
	case O_NAME:
		if (!last || c->from_variant[c->n - 1]) {
			fprintf(stderr, "pclsim: --name %s: put it after the --config "
				"it names\n", arg);
			return -1;
		}
		c->named[c->n - 1] = 1;
		return rename_variant(last, arg);
	case O_VARIANT:
		return add_variant(c, arg);
	}
	return 1;
}

/* Returns -1 on a usage error (message printed), 1 for --help, else 0. */
static int parse_args(int argc, char **argv, struct compare_cli *c)
{
	static const struct option opts[] = {
		WHATIF_INPUT_OPTIONS,
		{ "config", required_argument, NULL, 256 },
		{ "set", required_argument, NULL, 257 },
		{ "name", required_argument, NULL, 258 },
		{ "variant", required_argument, NULL, 259 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int p = whatif_cli_parse(argc, argv, opts, option, c, &c->w);
	if (p)
		return p;
	if (!c->w.common.trace_path) {
		fprintf(stderr, "pclsim: --trace is required\n");
		return -1;
	}
	return 0;
}

/* The default name of a --config: its file name without the directory
 * and the .yaml, then its overrides' short keys and values. */
static int default_name(struct whatif_variant *v)
{
	const char *base = strrchr(v->config_path, '/');
	base = base ? base + 1 : v->config_path;
	size_t len = strcspn(base, ".");
	char name[512];
	int off = snprintf(name, sizeof name, "%.*s", (int)(len ? len : strlen(base)),
			   base);
	for (size_t i = 0; i < v->n_sets && off > 0 && (size_t)off < sizeof name; i++) {
		size_t kl;
		const char *k = whatif_short_key(v->keys[i], &kl);
		off += snprintf(name + off, sizeof name - (size_t)off, " %.*s=%s",
				(int)kl, k, v->values[i]);
	}
	return rename_variant(v, name);
}

/* Fills in --variant's config, the default names, the single-config rule,
 * and makes the names unique.  Returns 0, or -1 (message printed). */
static int finish_variants(struct compare_cli *c)
{
	size_t first = 0;
	while (first < c->n && c->from_variant[first])
		first++;
	if (first == c->n) {
		fprintf(stderr, "pclsim: compare needs a --config\n");
		return -1;
	}
	for (size_t i = 0; i < c->n; i++) {
		if (!c->from_variant[i])
			continue;
		struct whatif_variant v;
		if (whatif_variant_copy(&v, &c->v[first], c->v[i].name))
			return -1;
		for (size_t k = 0; k < c->v[i].n_sets; k++)
			if (whatif_variant_add_set(&v, c->v[i].keys[k], c->v[i].values[k])) {
				whatif_variant_free(&v);
				return -1;
			}
		whatif_variant_free(&c->v[i]);
		c->v[i] = v;
	}
	if (c->n == 1 && c->v[0].n_sets) {
		/* The plain file becomes the baseline, in front. */
		c->v[1] = c->v[0];
		c->named[1] = c->named[0];
		c->n = 2;
		if (whatif_variant_init(&c->v[0], c->v[1].config_path,
					c->v[1].config_path))
			return -1;
		c->named[0] = 0;
	}
	if (c->n < 2) {
		fprintf(stderr, "pclsim: compare needs two or more configurations "
			"(--config, --set after it, or --variant)\n");
		return -1;
	}
	for (size_t i = 0; i < c->n; i++)
		if (!c->named[i] && default_name(&c->v[i]))
			return -1;
	for (size_t i = 1; i < c->n; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->v[i].name, c->v[j].name)) {
				char name[600];
				snprintf(name, sizeof name, "%s #%zu", c->v[i].name, i + 1);
				if (rename_variant(&c->v[i], name))
					return -1;
				break;
			}
	return 0;
}

static const enum whatif_metric shown[] = {
	WM_MAKESPAN_S, WM_COST_USD, WM_HEAD_USD, WM_COMPUTE_USD, WM_STORAGE_USD,
	WM_ONDEMAND_USD, WM_SPOT_USD, WM_IDLE_USD, WM_WAIT_MEAN_S, WM_WAIT_P50_S,
	WM_WAIT_P95_S, WM_BSLD_MEAN, WM_SPOT_INTERRUPTIONS, WM_REQUEUES,
	WM_TIMEOUTS, WM_UNFINISHED, WM_UTILISATION,
};
#define N_SHOWN (sizeof shown / sizeof shown[0])

static void print_header(const struct compare_cli *c, size_t from, const char *what)
{
	printf("%-20s", what);
	for (size_t i = from; i < c->n; i++)
		printf(" %*.*s", COL, COL, c->v[i].name);
	printf("\n");
}

static void print_means(const struct compare_cli *c, const struct whatif_run *runs,
			uint32_t reps)
{
	print_header(c, 0, "metric");
	for (size_t k = 0; k < N_SHOWN; k++) {
		enum whatif_metric m = shown[k];
		printf("%-20s", whatif_metrics[m].label);
		for (size_t i = 0; i < c->n; i++) {
			struct ci95 ci;
			whatif_ci(&runs[i * reps], reps, m, &ci);
			char mean[40], hw[40], cell[96];
			whatif_fmt_value(m, ci.mean, 0, mean, sizeof mean);
			if (reps > 1) {
				whatif_fmt_value(m, ci.half_width, 0, hw, sizeof hw);
				snprintf(cell, sizeof cell, "%s ± %s", mean, hw);
			} else {
				snprintf(cell, sizeof cell, "%s", mean);
			}
			/* "±" is two bytes and one column. */
			printf(" %*s", COL + (reps > 1), cell);
		}
		printf("\n");
	}
}

static void print_deltas(const struct compare_cli *c, const struct whatif_run *runs,
			 uint32_t reps)
{
	printf("\ndifference from %s (paired over %u replication%s; "
	       "* significant at 95%%):\n", c->v[0].name, reps, reps == 1 ? "" : "s");
	print_header(c, 1, "metric");
	for (size_t k = 0; k < N_SHOWN; k++) {
		enum whatif_metric m = shown[k];
		printf("%-20s", whatif_metrics[m].label);
		for (size_t i = 1; i < c->n; i++) {
			struct whatif_delta dl;
			whatif_delta_of(&runs[0], &runs[i * reps], reps, m, &dl);
			char mean[40], cell[96];
			whatif_fmt_value(m, dl.ci.mean, 1, mean, sizeof mean);
			if (dl.ci.mean == 0 && dl.ci.half_width == 0)
				snprintf(mean, sizeof mean, "0");
			snprintf(cell, sizeof cell, "%s%s", mean,
				 dl.significant ? " *" : reps > 1 ? "  " : "");
			printf(" %*s", COL, cell);
		}
		printf("\n");
	}
	if (reps < 2) {
		printf("(one replication: no interval, nothing is called significant; "
		       "use --replications N)\n");
		return;
	}
	printf("\n95%% intervals and paired t-test p-values of the differences:\n");
	for (size_t i = 1; i < c->n; i++) {
		printf("%s:\n", c->v[i].name);
		for (size_t k = 0; k < N_SHOWN; k++) {
			enum whatif_metric m = shown[k];
			struct whatif_delta dl;
			whatif_delta_of(&runs[0], &runs[i * reps], reps, m, &dl);
			char lo[40], hi[40];
			whatif_fmt_value(m, dl.ci.lo, 1, lo, sizeof lo);
			whatif_fmt_value(m, dl.ci.hi, 1, hi, sizeof hi);
			printf("  %-20s [%s, %s]  p = %.3g%s\n", whatif_metrics[m].label,
			       lo, hi, dl.p_value, dl.significant ? "  significant" : "");
		}
	}
}

static int open_db(const struct compare_cli *c, struct store **db)
{
	*db = NULL;
	if (!c->w.db_path)
		return 0;
	const char *inputs[MAX_VARIANTS + 2];
	int n = 0;
	inputs[n++] = c->w.common.trace_path;
	inputs[n++] = c->w.common.scenario_path;
	for (size_t i = 0; i < c->n; i++)
		inputs[n++] = c->v[i].config_path;
	char err[1024];
	if (outfile_check(c->w.db_path, inputs, n, err, sizeof err) ||
	    store_open(c->w.db_path, db, err, sizeof err)) {
		fprintf(stderr, "pclsim: --db: %s\n", err);
		return -1;
	}
	return 0;
}

/* Each failed configuration's first error, and each distinct warning. */
static int report_problems(const struct compare_cli *c,
			   const struct whatif_run *runs, uint32_t reps)
{
	int failed = 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct whatif_run *r = &runs[i * reps];
		for (uint32_t k = 0; k < reps; k++)
			if (!r[k].ok) {
				fprintf(stderr, "pclsim: %s (replication %u): %s\n",
					c->v[i].name, k, r[k].error ? r[k].error : "failed");
				failed = 1;
				break;
			}
		if (r[0].warning)
			fprintf(stderr, "pclsim: %s: %s%s\n", c->v[i].name,
				r[0].warning, r[0].n_warnings > 1 ? " (and more)" : "");
	}
	return failed;
}

static int compare(struct compare_cli *c)
{
	if (finish_variants(c))
		return EXIT_USAGE;
	if (!c->w.quiet && isatty(STDERR_FILENO))
		c->w.common.progress = stderr;
	uint32_t reps = c->w.common.replications;
	struct store *db;
	if (open_db(c, &db))
		return EXIT_USAGE;
	struct whatif_run *runs = calloc(c->n * reps, sizeof *runs);
	if (!runs) {
		if (db)
			store_abort(db);
		return EXIT_BAD_INPUT;
	}
	long failed = whatif_run_all(&c->w.common, c->v, c->n, db, runs);
	int status = failed == 0 ? EXIT_OK : EXIT_BAD_INPUT;
	if (report_problems(c, runs, reps) || failed)
		status = EXIT_BAD_INPUT;
	char err[1024];
	if (db && status)
		store_abort(db);      /* a new DB is not created */
	else if (db && store_close(db, err, sizeof err)) {
		fprintf(stderr, "pclsim: --db: %s\n", err);
		status = EXIT_BAD_INPUT;
	}
	if (status == EXIT_OK) {
		printf("compare: %zu configurations, %u replication%s each, same "
		       "seed and replication indices (common random numbers)\n\n",
		       c->n, reps, reps == 1 ? "" : "s");
		print_means(c, runs, reps);
		print_deltas(c, runs, reps);
	}
	for (size_t i = 0; i < c->n * reps; i++)
		whatif_run_free(&runs[i]);
	free(runs);
	return status;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_cli c;
	memset(&c, 0, sizeof c);
	whatif_cli_init(&c.w);
	int p = parse_args(argc, argv, &c);
	int status;
	if (p) {
		FILE *out = p == 1 ? stdout : stderr;
		fputs(compare_usage, out);
		fputs(whatif_input_help, out);
		fputs(compare_more, out);
		status = p == 1 ? EXIT_OK : EXIT_USAGE;
	} else {
		status = compare(&c);
	}
	for (size_t i = 0; i < c.n; i++)
		whatif_variant_free(&c.v[i]);
	return status;
}
