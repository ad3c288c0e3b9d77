/* The cost section of the summary: the same cents as the cost model, the
 * bill's lines, and the top users in a fixed order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sim/report_cost.h"

#include "tests/test_cost_world.h"

static char *report(const struct cost_summary *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	report_cost(fp, c);
	fclose(fp);
	return text;
}

/* The line whose label starts with label, or NULL. */
static const char *line_of(const char *text, const char *label)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		const char *q = p;
		while (*q == ' ')
			q++;
		if (!strncmp(q, label, strlen(label)))
			return p;
	}
	return NULL;
}

static void amounts_match_the_model(void **state)
{
	(void)state;
	struct world *w = mixed_world();
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), 0);
	char *text = report(&w->s);
	char want[64];
	snprintf(want, sizeof want, "%lld.%02lld",
		 (long long)(w->s.total_cents / 100), (long long)(w->s.total_cents % 100));
	const char *total = line_of(text, "total");
	assert_non_null(total);
	assert_non_null(strstr(total, want));
	assert_true(strstr(total, want) < strchr(total, '\n'));
	assert_non_null(strstr(text, "us-east-1 prices"));
	assert_non_null(strstr(text, "60 s minimum"));
	assert_non_null(line_of(text, "q/c/c5n.18xlarge/ondemand"));
	assert_non_null(line_of(text, "spotq/small/c5.large/spot"));
	assert_non_null(line_of(text, "lustre (fsx-lustre)"));
	assert_non_null(line_of(text, "head node (m5.large)"));
	assert_non_null(line_of(text, "Project=atlas"));
	/* Users largest first: ben (6.66) before ann (5.05) in this world. */
	const char *ben = line_of(text, "ben"), *ann = line_of(text, "ann");
	assert_non_null(ben);
	assert_non_null(ann);
	assert_true((cost_row_cents(&w->s, "user", "ben") > cost_row_cents(&w->s, "user", "ann")) ==
		    (ben < ann));
	free(text);
	world_free(w);
}

static void long_lists_are_cut(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	add_life(w, n, 0, H, NODE_END_RUN_END);
	w->r.end_ms = H;
	const char *users[] = { "u1", "u2", "u3", "u4", "u5", "u6", "u7" };
	for (int i = 0; i < 7; i++)
		add_job(w, i + 1, users[i], NULL, 10, 0, (i + 1) * 60000LL, &n, 1);
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), 0);
	char *text = report(&w->s);
	assert_non_null(line_of(text, "u7"));       /* the largest */
	assert_null(line_of(text, "u1"));           /* the smallest is cut */
	assert_non_null(strstr(text, "(2 more in the JSON and the results DB)"));
	free(text);
	world_free(w);
}

/* Without the trace's names the per-user sums grow as ids come (the
 * records are not read first for the largest id): the same cents, under
 * the ids' fallback names. */
static void user_sums_without_names(void **state)
{
	(void)state;
	struct world *w = world_new("us-east-1", 0);
	int32_t n = add_node(w, 0, 0, "c5n.18xlarge", 72, 0);
	add_life(w, n, 0, H, NODE_END_RUN_END);
	w->r.end_ms = H;
	const char *users[] = { "u0", "u1", "u2", "u1", "u3" };
	for (int i = 0; i < 5; i++)
		add_job(w, i + 1, users[i], "acct", 10, 0, (i + 1) * 60000LL,
			&n, 1);
	assert_int_equal(run_cost(w, catalog_builtin(), NULL), 0);
	int64_t named[4];
	for (int u = 0; u < 4; u++) {
		char name[8];
		snprintf(name, sizeof name, "u%d", u);
		named[u] = cost_row_cents(&w->s, "user", name);
		assert_true(named[u] > 0);
	}
	struct cost_opts o;
	cost_opts_init(&o);
	cost_summary_free(&w->s);
	assert_int_equal(cost_compute(&w->r, &w->c, catalog_builtin(), NULL,
				      &o, &w->s, &w->d), 0);
	for (int u = 0; u < 4; u++) {
		char id[8];
		/* strtab ids in order of interning: u0 0, acct 1, u1 2,
		 * u2 3, u3 4 */
		snprintf(id, sizeof id, "#%d", u == 0 ? 0 : u + 1);
		assert_int_equal(cost_row_cents(&w->s, "user", id), named[u]);
	}
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amounts_match_the_model),
		cmocka_unit_test(long_lists_are_cut),
		cmocka_unit_test(user_sums_without_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
