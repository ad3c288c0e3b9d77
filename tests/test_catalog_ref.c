/* The generated catalog against the reference CSV files it was generated
 * from (../shared/reference/aws-data): every On-Demand price, every type's
 * shape, every Spot row, every FSx and EBS price.  Skipped when the
 * reference directory is absent (a fresh clone). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "models/catalog/catalog.h"

#define MAX_COLS 40

struct csv {
	FILE *fp;
	char *line;
	size_t cap;
	char *names[MAX_COLS];
	char *header;
	int n_names;
	char *f[MAX_COLS];
	int n;
};

static int split(char *s, char **f)
{
	int n = 0;
	f[n++] = s;
	for (; *s && n < MAX_COLS; s++)
		if (*s == ',') {
			*s = '\0';
			f[n++] = s + 1;
		}
	return n;
}

/* Opens a reference CSV, or skips the test when the data is absent. */
static void csv_open(struct csv *c, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/aws-data/%s", PCLSIM_REF_DIR, name);
	memset(c, 0, sizeof *c);
	c->fp = fopen(path, "r");
	if (!c->fp)
		skip();
	assert_true(getline(&c->line, &c->cap, c->fp) > 0);
	c->line[strcspn(c->line, "\r\n")] = '\0';
	c->header = strdup(c->line);
	c->n_names = split(c->header, c->names);
}

static int csv_next(struct csv *c)
{
	if (getline(&c->line, &c->cap, c->fp) <= 0)
		return 0;
	c->line[strcspn(c->line, "\r\n")] = '\0';
	c->n = split(c->line, c->f);
	return 1;
}

static const char *col(const struct csv *c, const char *name)
{
	for (int i = 0; i < c->n_names; i++)
		if (!strcmp(c->names[i], name))
			return i < c->n ? c->f[i] : "";
	fail_msg("no column %s", name);
	return "";
}

static void csv_close(struct csv *c)
{
	fclose(c->fp);
	free(c->line);
	free(c->header);
}

static void every_instance_type(void **state)
{
	(void)state;
	const struct catalog *cat = catalog_builtin();
	struct csv c;
	csv_open(&c, "ec2_instance_types.csv");
	size_t rows = 0;
	while (csv_next(&c)) {
		if (!*col(&c, "vcpus"))
			continue;
		const struct instance_type *it =
			catalog_instance(cat, col(&c, "instance_type"));
		assert_non_null(it);
		assert_int_equal(it->vcpus, atoi(col(&c, "vcpus")));
		assert_int_equal(it->memory_mib,
				 (int)(atof(col(&c, "memory_gib")) * 1024 + 0.5));
		assert_int_equal(it->efa, !strcmp(col(&c, "efa_supported"), "true"));
		assert_int_equal(it->gpus, atoi(col(&c, "gpu_count")));
		assert_string_equal(it->gpu_name, col(&c, "gpu_name"));
		assert_string_equal(it->arch, col(&c, "arch"));
		assert_int_equal(it->current_generation,
				 !strcmp(col(&c, "current_generation"), "true"));
		if (strcmp(it->arch, "arm64"))   /* Graviton: 1 thread per core */
			assert_int_equal(it->physical_cores,
					 atoi(col(&c, "physical_cores")));
		rows++;
	}
	assert_int_equal(rows, catalog_instance_count(cat));
	csv_close(&c);
}

static void every_ondemand_price(void **state)
{
	(void)state;
	const struct catalog *cat = catalog_builtin();
	struct csv c;
	csv_open(&c, "ec2_ondemand_linux_prices.csv");
	size_t rows = 0;
	while (csv_next(&c)) {
		const struct instance_type *it =
			catalog_instance(cat, col(&c, "instance_type"));
		assert_non_null(it);
		struct instance_price p;
		assert_int_equal(catalog_price(cat, it, col(&c, "region"), &p), 0);
		assert_float_equal(p.ondemand_usd_per_hour,
				   atof(col(&c, "price_usd_per_hour")), 1e-9);
		assert_string_equal(p.ondemand_date, col(&c, "price_list_date"));
		rows++;
	}
	assert_true(rows > 14000);
	csv_close(&c);
}

static void every_spot_row(void **state)
{
	(void)state;
	const struct catalog *cat = catalog_builtin();
	struct csv c;
	csv_open(&c, "spot_advisor_linux.csv");
	size_t rows = 0, same_price = 0;
	while (csv_next(&c)) {
		const struct instance_type *it =
			catalog_instance(cat, col(&c, "instance_type"));
		assert_non_null(it);
		struct instance_price p;
		catalog_price(cat, it, col(&c, "region"), &p);
		assert_int_equal(p.spot_bucket, atoi(col(&c, "interruption_bucket")));
		assert_string_equal(catalog_spot_bucket_label(p.spot_bucket),
				    col(&c, "interruption_label"));
		assert_int_equal(p.spot_savings_pct,
				 atoi(col(&c, "savings_pct_vs_ondemand")));
		/* Where the On-Demand price is the advisor's own (2025-04),
		 * the derived Spot price is the file's. */
		const char *od_2025 = col(&c, "ondemand_usd_per_hour_2025_04");
		if (*od_2025 && p.ondemand_usd_per_hour == atof(od_2025)) {
			assert_float_equal(p.spot_usd_per_hour,
					   atof(col(&c, "est_spot_usd_per_hour")),
					   1e-5);
			same_price++;
		}
		rows++;
	}
	assert_true(rows > 14000);
	assert_true(same_price > 13000);
	csv_close(&c);
}

static int fsx_dep(const char *s)
{
	return catalog_fsx_deployment_parse(s);
}

static void every_storage_price(void **state)
{
	(void)state;
	const struct catalog *cat = catalog_builtin();
	struct csv c;
	csv_open(&c, "fsx_lustre_pricing_us_east_1.csv");
	size_t rows = 0;
	while (csv_next(&c)) {
		int dep = fsx_dep(col(&c, "deployment_type"));
		if (dep < 0)
			continue;   /* BACKUP */
		struct storage_price sp;
		assert_int_equal(catalog_fsx_price(cat, col(&c, "region"), dep,
			atoi(col(&c, "per_unit_throughput_mbps_per_tib")),
			!strcmp(col(&c, "storage_class"), "HDD"), &sp), 0);
		assert_float_equal(sp.usd, atof(col(&c, "price_usd_per_gb_month")),
				   1e-9);
		assert_string_equal(sp.verification, col(&c, "verification"));
		rows++;
	}
	assert_int_equal(rows, 11);
	csv_close(&c);
	csv_open(&c, "ebs_prices.csv");
	rows = 0;
	while (csv_next(&c)) {
		if (strcmp(col(&c, "dimension"), "storage"))
			continue;
		assert_float_equal(catalog_ebs_usd_per_gb_month(cat,
			col(&c, "region"), col(&c, "volume_type")),
			atof(col(&c, "price_usd")), 1e-9);
		rows++;
	}
	assert_int_equal(rows, 29 * 6 + 16);
	csv_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_instance_type),
		cmocka_unit_test(every_ondemand_price),
		cmocka_unit_test(every_spot_row),
		cmocka_unit_test(every_storage_price),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
