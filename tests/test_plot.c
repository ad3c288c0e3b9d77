/* Plots and the HTML report from the fixture results DB
 * (tests/fixtures/plots/fixture.sql): every plot is rendered to SVG, parsed,
 * and its series found by title with data drawn; the Gantt chart is skipped
 * past its node limit; without gnuplot nothing is drawn and the report is
 * still whole; the report references nothing outside itself and has unique
 * ids; the embedded templates match their files; gnuplot is found on PATH
 * only as an executable file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "plots/gnuplot.h"
#include "plots/plots.h"
#include "plots/report_html.h"
#include "plots/templates.h"
#include "sim/diag.h"
#include "sim/store.h"

static char *read_all(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

struct fx {
	char dir[64];
	char db_path[128];
	sqlite3 *db;
	int64_t *ids;
	size_t n;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pclsim-plot-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db_path, sizeof f->db_path, "%s/fixture.db", f->dir);
	char *sql = read_all(PCLSIM_SOURCE_DIR "/tests/fixtures/plots/fixture.sql");
	assert_non_null(sql);
	sqlite3 *w;
	assert_int_equal(sqlite3_open(f->db_path, &w), SQLITE_OK);
	assert_int_equal(sqlite3_exec(w, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(w);
	free(sql);
	char err[256];
	assert_int_equal(plot_db_open(f->db_path, &f->db, err, sizeof err), 0);
	assert_int_equal(plot_db_runs(f->db, &f->ids, &f->n, err, sizeof err), 0);
	assert_int_equal(f->n, 6);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	sqlite3_close(f->db);
	free(f->ids);
	remove_tree(f->dir);
	free(f);
	return 0;
}

static int have_gnuplot(void)
{
	char *g = gnuplot_find(getenv("PATH"));
	free(g);
	return g != NULL;
}

static const struct plot *find_plot(const struct plot_set *ps, const char *name)
{
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->items[i].name, name))
			return &ps->items[i];
	return NULL;
}

static int has_note(const struct diags *d, const char *part)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->items[i].text, part))
			return 1;
	return 0;
}

static size_t count(const char *s, const char *part)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, part)); p += strlen(part))
		n++;
	return n;
}

/* ---- parsing gnuplot's SVG ---------------------------------------------------- */

/* The series of an SVG plot: the key title of each gnuplot_plot_N group and
 * whether the group draws data (a path with more segments than the key's
 * sample line, or more than the key's sample point or filled box). */
struct series {
	char title[128];
	int has_data;
};

static size_t parse_series(const char *svg, struct series *out, size_t max)
{
	size_t n = 0;
	const char *p = svg;
	while (n < max && (p = strstr(p, "id=\"gnuplot_plot_"))) {
		const char *next = strstr(p + 1, "id=\"gnuplot_plot_");
		const char *end = next ? next : svg + strlen(svg);
		struct series *s = &out[n++];
		s->title[0] = '\0';
		const char *t = strstr(p, "<text>");
		if (t && t < end) {
			const char *te = strstr(t, "</text>");
			size_t len = (size_t)(te - t - 6);
			snprintf(s->title, sizeof s->title, "%.*s", (int)len, t + 6);
		}
		size_t segs = 0, uses = 0, polys = 0;
		for (const char *q = p; q < end; q++) {
			segs += *q == 'L' && q[-1] == ' ';
			uses += !strncmp(q, "<use ", 5);
			polys += !strncmp(q, "<polygon ", 9);
		}
		s->has_data = segs >= 3 || uses >= 2 || polys >= 2;
		p = end;
	}
	return n;
}

/* Well-formed enough: one svg element, balanced groups, closed. */
static void check_svg_shape(const char *svg)
{
	assert_non_null(strstr(svg, "<svg"));
	assert_int_equal(count(svg, "<svg"), 1);
	assert_non_null(strstr(svg, "</svg>"));
	assert_int_equal(count(svg, "<g ") + count(svg, "<g>"), count(svg, "</g>"));
	assert_int_equal(count(svg, "<text"), count(svg, "</text>"));
}

/* Every title in want[] is a series with data. */
static void expect_series(const struct plot *p, const char *const *want)
{
	assert_non_null(p);
	assert_non_null(p->svg);
	check_svg_shape(p->svg);
	struct series s[64];
	size_t n = parse_series(p->svg, s, 64);
	for (; *want; want++) {
		size_t i = 0;
		while (i < n && strncmp(s[i].title, *want, strlen(*want)))
			i++;
		if (i == n)
			fail_msg("%s: no series '%s'", p->name, *want);
		if (!s[i].has_data)
			fail_msg("%s: series '%s' draws nothing", p->name, *want);
	}
}

static int64_t query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ---- tests ---------------------------------------------------------------------- */

static void render_all(struct fx *f, struct plot_set *ps, struct diags *d,
		       size_t gantt_max)
{
	struct plot_request rq;
	plot_request_init(&rq);
	rq.db = f->db;
	rq.run_ids = f->ids;
	rq.n_runs = f->n;
	rq.dir = f->dir;
	rq.formats = PLOT_SVG;
	rq.keep_svg = 1;
	rq.gantt_max_nodes = gantt_max;
	diags_init(d);
	int rc = plots_render(&rq, ps, d);
	if (rc)
		diags_print(d, stderr);
	assert_int_equal(rc, 0);
	assert_int_equal(d->n_errors, 0);
	assert_false(ps->gnuplot_missing);
}

static void every_plot_has_its_series(void **state)
{
	struct fx *f = *state;
	if (!have_gnuplot())
		skip();
	struct plot_set ps;
	struct diags d;
	render_all(f, &ps, &d, 0);
	static const char *const nodes[] = { "allocated", "mixed", "idle",
		"powering up", "all nodes (MaxCount)", NULL };
	static const char *const jobs[] = { "all queues", "queue compute",
		"queue highmem", NULL };
	static const char *const cost_spot[] = { "head node", "shared storage",
		"compute, On-Demand", "compute, Spot", NULL };
	static const char *const cost_od[] = { "head node", "shared storage",
		"compute, On-Demand", NULL };
	static const char *const gantt[] = { "booting (launch to ready)",
		"up, idle", "running a job", NULL };
	static const char *const fsx[] = { "write", "read", "capacity", NULL };
	static const char *const pareto[] = { "Pareto front", "spot-c5n",
		"od-c6i", NULL };
	static const char *const ci[] = { "mean", "95 % CI", NULL };
	expect_series(find_plot(&ps, "run1-nodes"), nodes);
	expect_series(find_plot(&ps, "run1-jobs"), jobs);
	expect_series(find_plot(&ps, "run1-cost"), cost_spot);
	expect_series(find_plot(&ps, "run4-cost"), cost_od);
	expect_series(find_plot(&ps, "run1-gantt"), gantt);
	expect_series(find_plot(&ps, "run1-fsx"), fsx);
	expect_series(find_plot(&ps, "run4-fsx"), fsx);
	expect_series(find_plot(&ps, "runs-pareto"), pareto);
	expect_series(find_plot(&ps, "runs-ci"), ci);

	/* The CDF's titles carry the DB's count of started jobs per queue. */
	char want[2][64];
	snprintf(want[0], sizeof want[0], "compute (%lld jobs)", (long long)query_int(f->db,
		 "SELECT count(*) FROM jobs WHERE run_id = 1 AND queue = 'compute'"
		 " AND start_ms IS NOT NULL"));
	snprintf(want[1], sizeof want[1], "highmem (%lld jobs)", (long long)query_int(f->db,
		 "SELECT count(*) FROM jobs WHERE run_id = 1 AND queue = 'highmem'"
		 " AND start_ms IS NOT NULL"));
	const char *cdf[] = { want[0], want[1], NULL };
	expect_series(find_plot(&ps, "run1-wait_cdf"), cdf);

	/* One Gantt row label per node that had an instance. */
	const struct plot *g = find_plot(&ps, "run1-gantt");
	int64_t nodes_used = query_int(f->db,
		"SELECT count(DISTINCT node) FROM nodes WHERE run_id = 1");
	assert_int_equal(count(g->svg, "compute-dy-co-") + count(g->svg, "highmem-st-hi-"),
			 nodes_used);

	/* Storage samples exist for the first replication of each config only. */
	assert_null(find_plot(&ps, "run2-fsx"));
	assert_true(has_note(&d, "run 2: storage throughput is absent"));
	/* 6 runs x 5 plots + 2 storage + 2 across runs; on disk as SVG. */
	assert_int_equal(ps.n, 6 * 5 + 2 + 2);
	char path[256];
	snprintf(path, sizeof path, "%s/runs-pareto.svg", f->dir);
	char *disk = read_all(path);
	assert_non_null(disk);
	assert_string_equal(disk, find_plot(&ps, "runs-pareto")->svg);
	free(disk);
	plot_set_free(&ps);
	diags_free(&d);
}

static void pareto_front_is_the_undominated_runs(void **state)
{
	struct fx *f = *state;
	if (!have_gnuplot())
		skip();
	struct plot_set ps;
	struct diags d;
	render_all(f, &ps, &d, 0);
	const struct plot *p = find_plot(&ps, "runs-pareto");
	/* Count runs no other run beats on both makespan and cost. */
	int64_t undominated = query_int(f->db,
		"SELECT count(*) FROM runs a WHERE NOT EXISTS (SELECT 1 FROM runs b"
		" WHERE b.makespan_ms <= a.makespan_ms AND b.total_usd <= a.total_usd"
		" AND (b.makespan_ms < a.makespan_ms OR b.total_usd < a.total_usd))");
	assert_true(undominated >= 2);
	/* The front's path: key sample (M L) then a staircase of 2 segments
	 * per point after the first. */
	const char *g = strstr(p->svg, "id=\"gnuplot_plot_1\"");
	const char *path = strstr(g, "d='");
	const char *end = strchr(path + 3, '\'');
	size_t segs = 0;
	for (const char *q = path; q < end; q++)
		segs += *q == 'L';
	assert_int_equal(segs, 1 + 2 * (size_t)(undominated - 1));
	plot_set_free(&ps);
	diags_free(&d);
}

static void gantt_skipped_past_its_limit(void **state)
{
	struct fx *f = *state;
	if (!have_gnuplot())
		skip();
	struct plot_set ps;
	struct diags d;
	render_all(f, &ps, &d, 5);
	assert_null(find_plot(&ps, "run1-gantt"));
	assert_non_null(find_plot(&ps, "run1-nodes"));
	assert_true(has_note(&d, "more than 5: Gantt chart not drawn"));
	plot_set_free(&ps);
	diags_free(&d);
}

static char *report_text(struct fx *f, const struct plot_set *ps,
			 const struct diags *d)
{
	char *text = NULL, err[256];
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct report_input in = { f->db, f->ids, f->n, ps, d, "fixture.db" };
	assert_int_equal(report_html_emit(fp, &in, err, sizeof err), 0);
	fclose(fp);
	return text;
}

/* The report's tables come from the DB whatever was drawn. */
static void check_report_tables(const char *html)
{
	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	assert_non_null(strstr(html, "</html>"));
	assert_non_null(strstr(html, "<td class=n>172.52</td>"));   /* run 1 total */
	assert_non_null(strstr(html, "2025-06-28"));                /* catalog date */
	assert_non_null(strstr(html, "Spot Instance Advisor"));     /* its sources */
	assert_non_null(strstr(html, "boot_median_s"));             /* scenario */
	assert_non_null(strstr(html, "<td>42</td>"));               /* seed */
	assert_non_null(strstr(html, "c5c5c5c5"));                  /* config digest */
	assert_non_null(strstr(html, "<td>spot-c5n</td><td class=n>3</td>"));
	assert_non_null(strstr(html, "part: compute"));
}

static void report_is_self_contained(void **state)
{
	struct fx *f = *state;
	if (!have_gnuplot())
		skip();
	struct plot_set ps;
	struct diags d;
	render_all(f, &ps, &d, 0);
	char *html = report_text(f, &ps, &d);
	check_report_tables(html);
	assert_int_equal(count(html, "<svg"), ps.n);
	assert_null(strstr(html, "http"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "<?xml"));
	assert_null(strstr(html, "@import"));
	/* Every id is unique on the page, and every #reference resolves. */
	size_t n_ids = 0, cap = 4096;
	char **ids = calloc(cap, sizeof *ids);
	for (const char *p = html; (p = strstr(p, " id=")); p += 4) {
		char q = p[4];
		const char *e = strchr(p + 5, q);
		char *id = strndup(p + 5, (size_t)(e - p - 5));
		for (size_t i = 0; i < n_ids; i++)
			if (!strcmp(ids[i], id))
				fail_msg("duplicate id '%s'", id);
		assert_true(n_ids < cap);
		ids[n_ids++] = id;
	}
	assert_true(n_ids > ps.n);
	for (const char *p = html; (p = strstr(p, "href='#")); p += 7) {
		const char *e = strchr(p + 7, '\'');
		size_t len = (size_t)(e - p - 7), i = 0;
		while (i < n_ids && (strlen(ids[i]) != len || strncmp(ids[i], p + 7, len)))
			i++;
		if (i == n_ids)
			fail_msg("reference to a missing id: %.*s", (int)len, p + 7);
	}
	for (size_t i = 0; i < n_ids; i++)
		free(ids[i]);
	free(ids);
	free(html);
	plot_set_free(&ps);
	diags_free(&d);
}

static void without_gnuplot_nothing_is_drawn(void **state)
{
	struct fx *f = *state;
	char *old = strdup(getenv("PATH") ? getenv("PATH") : "");
	char empty[128];
	snprintf(empty, sizeof empty, "%s/nobin", f->dir);
	mkdir(empty, 0755);
	setenv("PATH", empty, 1);
	char out[160];
	snprintf(out, sizeof out, "%s/plots-none", f->dir);
	struct plot_request rq;
	plot_request_init(&rq);
	rq.db = f->db;
	rq.run_ids = f->ids;
	rq.n_runs = f->n;
	rq.dir = out;
	rq.keep_svg = 1;
	struct plot_set ps;
	struct diags d;
	diags_init(&d);
	int rc = plots_render(&rq, &ps, &d);
	setenv("PATH", old, 1);
	free(old);
	rmdir(empty);
	assert_int_equal(rc, 0);
	assert_true(ps.gnuplot_missing);
	assert_int_equal(ps.n, 0);
	assert_true(has_note(&d, GNUPLOT_MISSING_MSG));
	struct stat st;
	assert_int_not_equal(stat(out, &st), 0);       /* nothing created */
	char *html = report_text(f, &ps, &d);
	check_report_tables(html);
	assert_non_null(strstr(html, GNUPLOT_MISSING_MSG));
	assert_null(strstr(html, "<svg"));
	free(html);
	plot_set_free(&ps);
	diags_free(&d);
}

static void inline_svg_drops_namespaces_and_prefixes_ids(void **state)
{
	(void)state;
	const char *svg =
		"<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 10 10\"\n"
		" xmlns=\"http://www.w3.org/2000/svg\"\n"
		" xmlns:xlink=\"http://www.w3.org/1999/xlink\"\n>\n"
		"<g id=\"gnuplot_canvas\"><path id='gpPt0' d='M0,0'/>"
		"<use xlink:href='#gpPt0' fill='url(#grad)'/><a href='other'/></g></svg>";
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	report_inline_svg(fp, svg, "p1-");
	fclose(fp);
	assert_null(strstr(text, "xmlns"));
	assert_null(strstr(text, "<?xml"));
	assert_null(strstr(text, "http"));
	assert_non_null(strstr(text, "id=\"p1-gnuplot_canvas\""));
	assert_non_null(strstr(text, "id='p1-gpPt0'"));
	assert_non_null(strstr(text, "xlink:href='#p1-gpPt0'"));
	assert_non_null(strstr(text, "url(#p1-grad)"));
	assert_non_null(strstr(text, "href='other'"));
	assert_true(!strncmp(text, "<svg", 4));
	free(text);
}

static void templates_match_their_files(void **state)
{
	(void)state;
	size_t n = 0;
	for (const struct plot_template *t = plot_templates; t->name; t++, n++) {
		char path[512];
		snprintf(path, sizeof path, "%s/plots/templates/%s.gp",
			 PCLSIM_SOURCE_DIR, t->name);
		char *text = read_all(path);
		if (!text)
			fail_msg("%s: missing", path);
		if (strcmp(text, t->text))
			fail_msg("%s differs from plots/templates.c: run plots/gen_templates.py",
				 path);
		free(text);
	}
	DIR *d = opendir(PCLSIM_SOURCE_DIR "/plots/templates");
	struct dirent *e;
	size_t files = 0;
	while (d && (e = readdir(d)))
		files += strlen(e->d_name) > 3 &&
			 !strcmp(e->d_name + strlen(e->d_name) - 3, ".gp");
	closedir(d);
	assert_int_equal(files, n);
	assert_non_null(plot_template("nodes"));
	assert_null(plot_template("nope"));
}

/* The fixture has every table and column of the store's schema. */
static void fixture_follows_the_store_schema(void **state)
{
	struct fx *f = *state;
	char path[160], err[256];
	snprintf(path, sizeof path, "%s/fresh.db", f->dir);
	struct store *s;
	assert_int_equal(store_open(path, &s, err, sizeof err), 0);
	assert_int_equal(store_close(s, err, sizeof err), 0);
	sqlite3 *fresh;
	assert_int_equal(sqlite3_open(path, &fresh), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(fresh,
		"SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p"
		" WHERE m.type = 'table'", -1, &st, NULL), SQLITE_OK);
	size_t cols = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char sql[256];
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s'",
			 sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
		if (query_int(f->db, sql) != 1)
			fail_msg("fixture lacks %s.%s: rerun tests/fixtures/plots/gen_fixture.py",
				 sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
		cols++;
	}
	sqlite3_finalize(st);
	sqlite3_close(fresh);
	unlink(path);
	assert_true(cols > 50);
}

static void gnuplot_is_found_only_as_an_executable(void **state)
{
	struct fx *f = *state;
	char bin[128], exe[160];
	snprintf(bin, sizeof bin, "%s/bin", f->dir);
	mkdir(bin, 0755);
	snprintf(exe, sizeof exe, "%s/gnuplot", bin);
	FILE *fp = fopen(exe, "w");
	fputs("#!/bin/sh\nexit 3\n", fp);
	fclose(fp);
	chmod(exe, 0644);
	assert_null(gnuplot_find(bin));                 /* not executable */
	chmod(exe, 0755);
	char path_env[300];
	snprintf(path_env, sizeof path_env, "/nonexistent:%s", bin);
	char *found = gnuplot_find(path_env);
	assert_string_equal(found, exe);
	assert_null(gnuplot_find(NULL));
	assert_null(gnuplot_find("/nonexistent"));
	/* Its failure is reported with its exit status. */
	char msg[128];
	assert_int_equal(gnuplot_run(found, "/dev/null", msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "status 3"));
	free(found);
	unlink(exe);
	rmdir(bin);
}

static void quoting_keeps_labels_inside_strings(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	gnuplot_quote(fp, "it's\n'; system('x')");
	fclose(fp);
	assert_string_equal(text, "'it''s ''; system(''x'')'");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_plot_has_its_series, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(pareto_front_is_the_undominated_runs, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(gantt_skipped_past_its_limit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(report_is_self_contained, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(without_gnuplot_nothing_is_drawn, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(fixture_follows_the_store_schema, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(gnuplot_is_found_only_as_an_executable, fx_setup, fx_teardown),
		cmocka_unit_test(inline_svg_drops_namespaces_and_prefixes_ids),
		cmocka_unit_test(templates_match_their_files),
		cmocka_unit_test(quoting_keeps_labels_inside_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
