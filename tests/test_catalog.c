/* The built-in catalog: lookups, suggestions, and spot checks of values
 * verified by hand against the aws-data CSV files (see
 * models/catalog/README.md for their dates). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "models/catalog/catalog.h"

static const struct instance_type *must(const char *name)
{
	const struct instance_type *it = catalog_instance(catalog_builtin(), name);
	assert_non_null(it);
	assert_string_equal(it->name, name);
	return it;
}

static double od(const char *type, const char *region)
{
	struct instance_price p;
	assert_int_equal(catalog_price(catalog_builtin(), must(type), region, &p), 0);
	return p.ondemand_usd_per_hour;
}

static void ondemand_prices_in_several_regions(void **state)
{
	(void)state;
	/* ec2_ondemand_linux_prices.csv; FACTS.md section 4 quotes the same. */
	assert_float_equal(od("c5n.18xlarge", "us-east-1"), 3.888, 1e-9);
	assert_float_equal(od("c5n.18xlarge", "eu-west-1"), 4.392, 1e-9);
	assert_float_equal(od("c5n.18xlarge", "ap-northeast-1"), 4.896, 1e-9);
	assert_float_equal(od("m5.large", "us-east-1"), 0.096, 1e-9);
	assert_float_equal(od("m5.large", "ap-northeast-1"), 0.124, 1e-9);
	assert_float_equal(od("c6i.32xlarge", "eu-west-1"), 5.8368, 1e-9);
	assert_float_equal(od("hpc7a.96xlarge", "us-east-2"), 7.2, 1e-9);
	assert_float_equal(od("hpc6a.48xlarge", "us-east-2"), 2.88, 1e-9);
	/* us-east-1 is the 2026-07 list: after the P5 price cut. */
	assert_float_equal(od("p5.48xlarge", "us-east-1"), 55.04, 1e-9);
}

static void price_dates_follow_their_source(void **state)
{
	(void)state;
	struct instance_price p;
	const struct catalog *c = catalog_builtin();
	assert_int_equal(catalog_price(c, must("m5.large"), "us-east-1", &p), 0);
	assert_string_equal(p.ondemand_date, "2026-07-20");
	assert_int_equal(catalog_price(c, must("m5.large"), "eu-west-1", &p), 0);
	assert_string_equal(p.ondemand_date, "2025-04-04");
}

static void shapes_of_instance_types(void **state)
{
	(void)state;
	const struct instance_type *c5n = must("c5n.18xlarge");
	assert_int_equal(c5n->vcpus, 72);
	assert_int_equal(c5n->physical_cores, 36);
	assert_int_equal(c5n->threads_per_core, 2);
	assert_int_equal(c5n->memory_mib, 192 * 1024);
	assert_true(c5n->efa);
	assert_true(c5n->cluster_placement);
	assert_float_equal(c5n->network_gbps, 100.0, 1e-9);
	assert_float_equal(c5n->speed_index, 1.0, 1e-9);
	const struct instance_type *hpc7a = must("hpc7a.96xlarge");
	assert_int_equal(hpc7a->vcpus, 192);
	assert_int_equal(hpc7a->physical_cores, 192);
	assert_int_equal(hpc7a->threads_per_core, 1);
	assert_int_equal(hpc7a->memory_mib, 768 * 1024);
	assert_int_equal(hpc7a->efa_max_interfaces, 2);
	const struct instance_type *m5 = must("m5.large");
	assert_int_equal(m5->vcpus, 2);
	assert_int_equal(m5->memory_mib, 8 * 1024);
	assert_false(m5->efa);
	assert_string_equal(m5->arch, "x86_64");
	const struct instance_type *p5 = must("p5.48xlarge");
	assert_int_equal(p5->gpus, 8);
	assert_string_equal(p5->gpu_name, "h100");
	assert_string_equal(p5->gpu_manufacturer, "nvidia");
	assert_float_equal(p5->gpu_memory_gib, 80.0, 1e-9);
	assert_int_equal(p5->efa_max_interfaces, 32);
	assert_string_equal(must("c7g.16xlarge")->arch, "arm64");
	assert_int_equal(must("c7g.16xlarge")->threads_per_core, 1);
}

static void burstable_types_refuse_cluster_placement(void **state)
{
	(void)state;
	assert_false(must("t3.micro")->cluster_placement);
	assert_false(must("t4g.large")->cluster_placement);
	assert_false(must("t2.micro")->cluster_placement);
	assert_true(must("c4.8xlarge")->cluster_placement);
}

static void spot_buckets_and_savings(void **state)
{
	(void)state;
	struct instance_price p;
	const struct catalog *c = catalog_builtin();
	/* FACTS.md section 4 and spot_advisor_linux.csv. */
	assert_int_equal(catalog_price(c, must("c5n.18xlarge"), "us-east-1", &p), 0);
	assert_int_equal(p.spot_bucket, SPOT_LT5);
	assert_int_equal(p.spot_savings_pct, 63);
	assert_float_equal(p.spot_usd_per_hour, 3.888 * 0.37, 1e-6);
	assert_int_equal(catalog_price(c, must("c6i.32xlarge"), "us-east-1", &p), 0);
	assert_int_equal(p.spot_bucket, SPOT_10_15);
	assert_int_equal(p.spot_savings_pct, 74);
	assert_int_equal(catalog_price(c, must("p5.48xlarge"), "us-east-1", &p), 0);
	assert_int_equal(p.spot_bucket, SPOT_GT20);
	assert_string_equal(catalog_spot_bucket_label(p.spot_bucket), ">20%");
}

static void unknown_and_unoffered(void **state)
{
	(void)state;
	const struct catalog *c = catalog_builtin();
	assert_null(catalog_instance(c, "c5n.18xlage"));
	assert_null(catalog_instance(c, ""));
	assert_null(catalog_instance(c, NULL));
	const char *s[5];
	size_t n = catalog_suggest(c, "c5n.18xlage", s, 5);
	assert_true(n >= 1);
	assert_string_equal(s[0], "c5n.18xlarge");
	n = catalog_suggest(c, "zzzzzzzzzzzzzzzzzzzzzzzzzzzz", s, 5);
	assert_int_equal(n, 0);
	struct instance_price p;
	/* Not in the catalog's price data for the region, or an unknown region. */
	assert_int_equal(catalog_price(c, must("hpc7a.96xlarge"), "us-west-1", &p), -1);
	assert_true(p.ondemand_usd_per_hour < 0);
	assert_int_equal(catalog_price(c, must("m5.large"), "mars-north-1", &p), -1);
	assert_true(catalog_region_known(c, "ap-northeast-1"));
	assert_false(catalog_region_known(c, "us-east-9"));
	n = catalog_suggest_region(c, "us-est-1", s, 3);
	assert_true(n >= 1);
	assert_string_equal(s[0], "us-east-1");
}

static void all_types_sorted_and_sane(void **state)
{
	(void)state;
	const struct catalog *c = catalog_builtin();
	size_t n = catalog_instance_count(c);
	assert_true(n > 1300);
	for (size_t i = 0; i < n; i++) {
		const struct instance_type *it = catalog_instance_at(c, i);
		if (i > 0)
			assert_true(strcmp(catalog_instance_at(c, i - 1)->name,
					   it->name) < 0);
		assert_true(it->vcpus > 0);
		assert_true(it->physical_cores > 0);
		assert_int_equal(it->vcpus,
				 it->physical_cores * it->threads_per_core);
		assert_true(it->memory_mib > 0);
		assert_true(it->speed_index > 0.2 && it->speed_index < 3.0);
		assert_ptr_equal(catalog_instance(c, it->name), it);
	}
	assert_null(catalog_instance_at(c, n));
}

static void storage_prices(void **state)
{
	(void)state;
	const struct catalog *c = catalog_builtin();
	assert_float_equal(catalog_fsx_usd_per_gb_month(c, "us-east-1",
		FSX_SCRATCH_2, 0, 0), 0.140, 1e-9);
	assert_float_equal(catalog_fsx_usd_per_gb_month(c, "us-east-1",
		FSX_PERSISTENT_2, 125, 0), 0.145, 1e-9);
	struct storage_price sp;
	assert_int_equal(catalog_fsx_price(c, "eu-west-1", FSX_PERSISTENT_1,
					   200, 0, &sp), 0);
	assert_float_equal(sp.usd, 0.290, 1e-9);
	assert_string_equal(sp.price_region, "us-east-1");
	assert_string_equal(sp.verification, "unverified-recall");
	assert_int_equal(catalog_fsx_price(c, "ap-northeast-1", FSX_PERSISTENT_2,
					   125, 0, &sp), 0);
	assert_string_equal(sp.price_region, "ap-northeast-1");
	assert_float_equal(sp.usd, 0.31 * 730 / 1200, 1e-4);
	assert_int_equal(catalog_fsx_price(c, "us-east-1", FSX_PERSISTENT_2,
					   333, 0, &sp), -1);
	assert_float_equal(catalog_ebs_usd_per_gb_month(c, "us-east-1", "gp3"),
			   0.08, 1e-9);
	assert_float_equal(catalog_ebs_usd_per_gb_month(c, "us-east-1", "gp2"),
			   0.10, 1e-9);
	assert_float_equal(catalog_ebs_price(c, "us-east-1", "gp3-iops"), 0.005,
			   1e-9);
	assert_float_equal(catalog_ebs_price(c, "us-east-1", "gp3-throughput"),
			   40.96, 1e-9);
	assert_float_equal(catalog_ebs_price(c, "us-east-1", "io2-iops-tier3"),
			   0.03185, 1e-9);
	assert_true(catalog_ebs_usd_per_gb_month(c, "us-east-1", "gp3-iops") < 0);
	assert_true(catalog_ebs_usd_per_gb_month(c, "us-east-1", "gp9") < 0);
	assert_float_equal(catalog_efs_usd_per_gb_month(c, "eu-west-1"), 0.30, 1e-9);
}

static void about_names_sources_and_dates(void **state)
{
	(void)state;
	const struct catalog *c = catalog_builtin();
	assert_non_null(strstr(catalog_about(c), "karpenter"));
	assert_non_null(strstr(catalog_about(c), "DERIVED"));
	assert_non_null(strstr(catalog_data_date(c), "2026-07-20"));
	assert_non_null(strstr(catalog_data_date(c), "2025-04-04"));
}

static void families_regions_and_names(void **state)
{
	(void)state;
	const struct catalog *c = catalog_builtin();
	const char *s[8];
	assert_true(catalog_family_known(c, "c7i"));
	assert_true(catalog_family_known(c, "u7i-12tb"));
	assert_false(catalog_family_known(c, "c7"));
	size_t n = catalog_suggest_family(c, "c7x", s, 8);
	assert_true(n >= 3);
	for (size_t i = 0; i < n; i++)   /* each family once */
		for (size_t k = i + 1; k < n; k++)
			assert_string_not_equal(s[i], s[k]);
	/* hpc7a: not in us-east-1 in the data, but in us-east-2, eu-west-1. */
	n = catalog_offered_regions(c, must("hpc7a.96xlarge"), s, 8);
	int east2 = 0, east1 = 0;
	for (size_t i = 0; i < n; i++) {
		east2 |= !strcmp(s[i], "us-east-2");
		east1 |= !strcmp(s[i], "us-east-1");
	}
	assert_true(east2 && !east1);
	assert_int_equal(catalog_fsx_deployment_parse("PERSISTENT_2"),
			 FSX_PERSISTENT_2);
	assert_int_equal(catalog_fsx_deployment_parse("persistent_2"), -1);
	assert_string_equal(catalog_fsx_deployment_name(FSX_SCRATCH_1), "SCRATCH_1");
	struct storage_price sp;
	assert_int_equal(catalog_efs_price(c, "us-east-2", &sp), 0);
	assert_string_equal(sp.verification, "unverified-recall");
	assert_int_equal(catalog_efs_price(c, "nowhere-1", &sp), -1);
	assert_string_equal(catalog_spot_bucket_label(SPOT_UNKNOWN), "-");
	assert_string_equal(catalog_spot_bucket_label(SPOT_5_10), "5-10%");
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Start-up cost: the catalog is static data, so getting it and looking up
 * every type and its price in six regions must stay far below 20 ms. */
static void loads_in_under_20_ms(void **state)
{
	(void)state;
	static const char *const regions[] = { "us-east-1", "us-east-2",
		"us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1" };
	double t0 = now_ms();
	const struct catalog *c = catalog_builtin();
	size_t found = 0;
	for (size_t i = 0; i < catalog_instance_count(c); i++) {
		const struct instance_type *it =
			catalog_instance(c, catalog_instance_at(c, i)->name);
		for (size_t r = 0; r < 6; r++) {
			struct instance_price p;
			found += catalog_price(c, it, regions[r], &p) == 0;
		}
	}
	double ms = now_ms() - t0;
	printf("catalog: builtin + %zu name lookups + %zu price lookups: %.3f ms "
	       "(%zu offered)\n", catalog_instance_count(c),
	       6 * catalog_instance_count(c), ms, found);
	assert_true(found > 5000);
	assert_true(ms < 20.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ondemand_prices_in_several_regions),
		cmocka_unit_test(price_dates_follow_their_source),
		cmocka_unit_test(shapes_of_instance_types),
		cmocka_unit_test(burstable_types_refuse_cluster_placement),
		cmocka_unit_test(spot_buckets_and_savings),
		cmocka_unit_test(unknown_and_unoffered),
		cmocka_unit_test(all_types_sorted_and_sane),
		cmocka_unit_test(storage_prices),
		cmocka_unit_test(about_names_sources_and_dates),
		cmocka_unit_test(families_regions_and_names),
		cmocka_unit_test(loads_in_under_20_ms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
