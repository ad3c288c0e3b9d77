/* Private prices over the catalog: the override CSV (absolute prices,
 * discounts, wildcards, file order) and its error messages, and the
 * scenario-style single override. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "models/catalog/catalog.h"
#include "sim/diag.h"

static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/pclsim_catalog_ovr_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Loads text as an override file; returns the catalog or NULL with the
 * first error formatted into err. */
static struct catalog *load(const char *text, char *err, size_t size)
{
	char *path = write_tmp(text);
	struct diags d;
	diags_init(&d);
	struct catalog *c = catalog_with_overrides(catalog_builtin(), path, &d);
	err[0] = '\0';
	if (diags_first_error(&d))
		diag_format(diags_first_error(&d), err, size);
	diags_free(&d);
	unlink(path);
	free(path);
	return c;
}

static struct instance_price price(const struct catalog *c, const char *type,
				   const char *region)
{
	struct instance_price p;
	catalog_price(c, catalog_instance(c, type), region, &p);
	return p;
}

static void absolute_prices_and_discounts(void **state)
{
	(void)state;
	char err[512];
	struct catalog *c = load(
		"# private prices\n"
		"instance_type,region,ondemand_usd_per_hour,spot_usd_per_hour,discount_pct\n"
		"*,*,,,10\n"
		"c5n.18xlarge,us-east-1,3.0,1.2,\n"
		"c6i.*,eu-west-1,,,50   # Savings Plan on one family\n",
		err, sizeof err);
	assert_non_null(c);
	struct instance_price p = price(c, "m5.large", "us-east-1");
	assert_float_equal(p.ondemand_usd_per_hour, 0.096 * 0.9, 1e-9);
	assert_string_equal(p.ondemand_date, "override");
	/* Rows apply in order: the absolute price replaces the discounted one. */
	p = price(c, "c5n.18xlarge", "us-east-1");
	assert_float_equal(p.ondemand_usd_per_hour, 3.0, 1e-9);
	assert_float_equal(p.spot_usd_per_hour, 1.2, 1e-9);
	p = price(c, "c6i.32xlarge", "eu-west-1");
	assert_float_equal(p.ondemand_usd_per_hour, 5.8368 * 0.9 * 0.5, 1e-9);
	/* The family wildcard does not touch other families or regions. */
	p = price(c, "c6in.32xlarge", "eu-west-1");
	assert_float_equal(p.ondemand_usd_per_hour,
			   price(catalog_builtin(), "c6in.32xlarge", "eu-west-1")
			   .ondemand_usd_per_hour * 0.9, 1e-9);
	/* Spot is untouched by an On-Demand discount. */
	p = price(c, "m5.large", "eu-west-1");
	assert_float_equal(p.spot_usd_per_hour,
			   price(catalog_builtin(), "m5.large", "eu-west-1")
			   .spot_usd_per_hour, 1e-9);
	/* The built-in catalog is unchanged. */
	assert_float_equal(price(catalog_builtin(), "m5.large", "us-east-1")
			   .ondemand_usd_per_hour, 0.096, 1e-9);
	assert_non_null(strstr(catalog_about(c), "Private prices"));
	assert_null(strstr(catalog_about(catalog_builtin()), "Private prices"));
	assert_int_equal(catalog_override_count(c), 3);
	assert_int_equal(catalog_override_count(catalog_builtin()), 0);
	catalog_free(c);
}

static void a_price_the_catalog_lacks(void **state)
{
	(void)state;
	char err[512];
	const struct catalog *b = catalog_builtin();
	struct instance_price p;
	assert_int_equal(catalog_price(b, catalog_instance(b, "hpc7a.96xlarge"),
				       "us-west-1", &p), -1);
	struct catalog *c = load("instance_type,region,ondemand_usd_per_hour\n"
				 "hpc7a.96xlarge,us-west-1,8.25\n",
				 err, sizeof err);
	assert_non_null(c);
	assert_int_equal(catalog_price(c, catalog_instance(c, "hpc7a.96xlarge"),
				       "us-west-1", &p), 0);
	assert_float_equal(p.ondemand_usd_per_hour, 8.25, 1e-9);
	/* Neighbouring rows are still found after the insertion. */
	assert_float_equal(price(c, "hpc7a.96xlarge", "us-east-2")
			   .ondemand_usd_per_hour, 7.2, 1e-9);
	for (size_t i = 0; i < catalog_instance_count(c); i += 97) {
		const struct instance_type *it = catalog_instance_at(c, i);
		struct instance_price a, bp;
		int ra = catalog_price(c, it, "us-east-1", &a);
		int rb = catalog_price(b, it, "us-east-1", &bp);
		assert_int_equal(ra, rb);
		assert_float_equal(a.ondemand_usd_per_hour,
				   bp.ondemand_usd_per_hour, 1e-12);
	}
	catalog_free(c);
}

static void errors_name_file_line_and_field(void **state)
{
	(void)state;
	char err[512];
	assert_null(load("instance_type,region,ondemand_usd_per_hour\n"
			 "c5n.18xlage,us-east-1,3\n", err, sizeof err));
	assert_non_null(strstr(err, ":2: error: field 'instance_type'"));
	assert_non_null(strstr(err, "c5n.18xlarge"));
	assert_null(load("instance_type,region,ondemand_usd_per_hour\n"
			 "m5.large,us-est-1,3\n", err, sizeof err));
	assert_non_null(strstr(err, "field 'region'"));
	assert_non_null(strstr(err, "us-east-1"));
	assert_null(load("instance_type,region,ondemand_usd_per_hour\n"
			 "m5.large,us-east-1,abc\n", err, sizeof err));
	assert_non_null(strstr(err, ":2:20: error: field 'ondemand_usd_per_hour'"));
	assert_null(load("instance_type,region,discount_pct\n\n"
			 "*,*,150\n", err, sizeof err));
	assert_non_null(strstr(err, ":3: error: field 'discount_pct'"));
	assert_null(load("instance_type,region,price\n", err, sizeof err));
	assert_non_null(strstr(err, ":1: error: unknown column 'price'"));
	assert_null(load("instance_type,region\n", err, sizeof err));
	assert_non_null(strstr(err, "no price column"));
	assert_null(load("instance_type,region,discount_pct\n*,*\n", err,
			 sizeof err));
	assert_non_null(strstr(err, ":2: error: 2 fields"));
	assert_null(load("instance_type,region,discount_pct\nzz9.*,*,5\n", err,
			 sizeof err));
	assert_non_null(strstr(err, "no instance family 'zz9'"));
	assert_null(load("instance_type,region,discount_pct\nc7i,*,5\n", err,
			 sizeof err));
	assert_non_null(strstr(err, "write c7i.* for all its sizes"));
	assert_null(load("instance_type,region,discount_pct\n*,*,\n", err,
			 sizeof err));
	assert_non_null(strstr(err, "sets no price"));
	assert_null(load("", err, sizeof err));
	assert_non_null(strstr(err, "empty"));
	struct diags d;
	diags_init(&d);
	assert_null(catalog_with_overrides(catalog_builtin(),
					   "/nonexistent/prices.csv", &d));
	assert_non_null(strstr(diags_first_error(&d)->text, "cannot open"));
	diags_free(&d);
}

static void scenario_style_override_and_speed(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	struct catalog *c = catalog_copy(catalog_builtin());
	assert_non_null(c);
	struct price_override o = { "*", "us-east-1", -1, -1, -1, 20 };
	int n = catalog_apply_override(c, &o, "scenario.yaml", 12, &d);
	assert_true(n > 500);
	struct instance_price p = price(c, "c5n.18xlarge", "us-east-1");
	assert_float_equal(p.spot_usd_per_hour, 3.888 * 0.37 * 0.8, 1e-6);
	assert_float_equal(p.ondemand_usd_per_hour, 3.888, 1e-9);
	assert_int_equal(catalog_set_speed_index(c, "c5n.18xlarge", 1.25), 0);
	assert_float_equal(catalog_instance(c, "c5n.18xlarge")->speed_index,
			   1.25, 1e-12);
	assert_float_equal(catalog_instance(catalog_builtin(), "c5n.18xlarge")
			   ->speed_index, 1.0, 1e-12);
	assert_int_equal(catalog_set_speed_index(c, "nope.large", 1.0), -1);
	assert_int_equal(catalog_set_speed_index(c, "m5.large", 0), -1);
	/* The built-in catalog cannot be modified. */
	assert_int_equal(catalog_set_speed_index(
		(struct catalog *)catalog_builtin(), "m5.large", 2), -1);
	assert_int_equal(catalog_apply_override(
		(struct catalog *)catalog_builtin(), &o, "s.yaml", 1, &d), -1);
	catalog_free(c);
	catalog_free((struct catalog *)catalog_builtin());   /* a no-op */
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(absolute_prices_and_discounts),
		cmocka_unit_test(a_price_the_catalog_lacks),
		cmocka_unit_test(errors_name_file_line_and_field),
		cmocka_unit_test(scenario_style_override_and_speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
