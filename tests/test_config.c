/* The config loader: YAML safety limits, schema messages with positions and
 * did-you-mean, ParallelCluster's defaults, v2 and scheduler refusals, and
 * --set overrides. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "configs/config.h"
#include "sim/diag.h"

#define HEAD "Region: us-east-1\nImage:\n  Os: alinux2\nHeadNode:\n" \
	"  InstanceType: t3.micro\n  Networking:\n" \
	"    SubnetId: subnet-0123456789abcdef0\n"
#define QUEUE_START "Scheduling:\n  Scheduler: slurm\n  SlurmQueues:\n" \
	"    - Name: q1\n      Networking:\n        SubnetIds:\n" \
	"          - subnet-0123456789abcdef0\n      ComputeResources:\n"
#define CR1 "        - Name: cr1\n          InstanceType: c5.large\n"

struct loaded {
	struct cluster c;
	struct diags d;
	int rc;
};

static void load(struct loaded *l, const char *yaml,
		 const struct config_override *ov, size_t n)
{
	diags_init(&l->d);
	l->rc = config_load_buffer("t.yaml", yaml, strlen(yaml), ov, n, &l->c,
				   &l->d);
}

static void unload(struct loaded *l)
{
	cluster_free(&l->c);
	diags_free(&l->d);
}

/* 1 when some error's formatted text contains all of the needles. */
static int has_error(const struct diags *d, const char *a, const char *b)
{
	char buf[1400];
	for (size_t i = 0; i < d->n; i++) {
		if (d->items[i].level != DIAG_ERROR)
			continue;
		diag_format(&d->items[i], buf, sizeof buf);
		if (strstr(buf, a) && (!b || strstr(buf, b)))
			return 1;
	}
	return 0;
}

static void defaults_applied(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, HEAD QUEUE_START CR1
		 "SharedStorage:\n  - Name: f\n    MountDir: /fsx\n"
		 "    StorageType: FsxLustre\n    FsxLustreSettings:\n"
		 "      StorageCapacity: 1200\n"
		 "  - Name: e\n    MountDir: /ebs\n    StorageType: Ebs\n",
	     NULL, 0);
	assert_int_equal(l.rc, 0);
	const struct cluster *c = &l.c;
	assert_int_equal(c->scaledown_idletime_min, 10);
	assert_int_equal(c->compute_bootstrap_timeout_s, 1800);
	assert_int_equal(c->scaling_strategy, SCALING_ALL_OR_NOTHING);
	assert_int_equal(c->n_queues, 1);
	const struct slurm_queue *q = &c->queues[0];
	assert_int_equal(q->capacity_type, CAPACITY_ONDEMAND);
	assert_int_equal(q->allocation, ALLOC_LOWEST_PRICE);
	const struct compute_resource *cr = &q->crs[0];
	assert_int_equal(cr->min_count, 0);
	assert_int_equal(cr->max_count, 10);
	assert_int_equal(cr->static_priority, 1);
	assert_int_equal(cr->dynamic_priority, 1000);
	assert_true(cr->spot_price_usd < 0);
	assert_false(cr->pg.enabled);
	assert_int_equal(c->storage[0].fsx.deployment, 1 /* SCRATCH_2 */);
	assert_int_equal(c->storage[0].fsx.imported_file_chunk_mib, 1024);
	assert_string_equal(c->storage[1].ebs.volume_type, "gp3");
	assert_int_equal(c->storage[1].ebs.iops, 3000);
	assert_int_equal(c->storage[1].ebs.throughput_mibps, 125);
	assert_int_equal(cr->pos.line, 16);
	unload(&l);
}

static void unknown_key_did_you_mean(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, HEAD QUEUE_START
		 "        - Name: cr1\n          InstanceTyp: c5.large\n",
	     NULL, 0);
	assert_int_equal(l.rc, -1);
	assert_true(has_error(&l.d, "t.yaml:17:11:",
			      "Scheduling.SlurmQueues[0].ComputeResources[0]."
			      "InstanceTyp: Unknown field. Did you mean "
			      "'InstanceType'?"));
	unload(&l);
}

static void range_and_type_messages_all_at_once(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, HEAD QUEUE_START CR1 "          MaxCount: -10\n"
		 "          MinCount: lots\n"
		 "          DisableSimultaneousMultithreading: maybe\n",
	     NULL, 0);
	assert_int_equal(l.rc, -1);
	assert_true(has_error(&l.d, "ComputeResources[0].MaxCount: Must be "
				    "greater than or equal to 1. (got -10)",
			      "t.yaml:18:21"));
	assert_true(has_error(&l.d, "MinCount: Not a valid integer.", NULL));
	assert_true(has_error(&l.d, "Not a valid boolean.", NULL));
	assert_int_equal(l.d.n_errors, 3);
	unload(&l);
}

static void enum_values_listed(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, HEAD QUEUE_START CR1
		 "SharedStorage:\n  - Name: f\n    MountDir: /fsx\n"
		 "    StorageType: FsxLustre\n    FsxLustreSettings:\n"
		 "      StorageCapacity: 1200\n      DataCompressionType: ZSTD\n",
	     NULL, 0);
	assert_true(has_error(&l.d, "DataCompressionType: Must be one of: LZ4."
				    " (got ZSTD)", NULL));
	unload(&l);
}

static void required_fields(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, "Image:\n  Os: alinux2\nHeadNode:\n  Networking:\n"
		 "    SubnetId: subnet-12345678\n" QUEUE_START CR1, NULL, 0);
	assert_true(has_error(&l.d, "HeadNode.InstanceType: Missing data for "
				    "required field.", NULL));
	unload(&l);
}

static void duplicate_keys_and_tabs(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, HEAD QUEUE_START CR1 "          MaxCount: 4\n"
		 "          MaxCount: 5\n", NULL, 0);
	assert_true(has_error(&l.d, "t.yaml:19:11:", "duplicate key 'MaxCount'"
						     " (first at line 18)"));
	unload(&l);
	load(&l, "Image:\n\tOs: alinux2\n", NULL, 0);
	assert_true(has_error(&l.d, "t.yaml:2:1:", "tab character"));
	unload(&l);
}

static void non_utf8_refused(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, "Region: us-east-1\nImage:\n  Os: alinux\xff\n", NULL, 0);
	assert_true(has_error(&l.d, "t.yaml:3:13:", "not valid UTF-8"));
	unload(&l);
}

static void alias_bombs_refused(void **state)
{
	(void)state;
	/* Nine levels of ten aliases: 10^9 nodes if expanded. */
	char yaml[4096];
	size_t n = (size_t)snprintf(yaml, sizeof yaml, "a0: &a0 [x, x, x, x, x, "
							"x, x, x, x, x]\n");
	for (int i = 1; i < 10; i++) {
		n += (size_t)snprintf(yaml + n, sizeof yaml - n, "a%d: &a%d [", i,
				      i);
		for (int k = 0; k < 10; k++)
			n += (size_t)snprintf(yaml + n, sizeof yaml - n,
					      "%s*a%d", k ? ", " : "", i - 1);
		n += (size_t)snprintf(yaml + n, sizeof yaml - n, "]\n");
	}
	struct loaded l;
	load(&l, yaml, NULL, 0);
	assert_int_equal(l.rc, -1);
	assert_true(has_error(&l.d, "aliases expand the document too much",
			      NULL));
	unload(&l);
}

static void aliases_and_merge_keys_work(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, HEAD QUEUE_START
		 "        - &base\n          Name: cr1\n"
		 "          InstanceType: c5.large\n          MaxCount: 7\n"
		 "        - <<: *base\n          Name: cr2\n", NULL, 0);
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.c.queues[0].n_crs, 2);
	assert_string_equal(l.c.queues[0].crs[1].name, "cr2");
	assert_int_equal(l.c.queues[0].crs[1].max_count, 7);
	unload(&l);
}

static void deep_nesting_refused(void **state)
{
	(void)state;
	char yaml[1024];
	size_t n = 0;
	for (int i = 0; i < 100; i++)
		yaml[n++] = '[';
	for (int i = 0; i < 100; i++)
		yaml[n++] = ']';
	yaml[n] = 0;
	struct loaded l;
	load(&l, yaml, NULL, 0);
	assert_true(has_error(&l.d, "nests deeper than 64 levels", NULL));
	unload(&l);
}

static void v2_ini_refused(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, "# a v2 file\n[aws]\naws_region_name = us-east-1\n\n"
		 "[cluster default]\nscheduler = slurm\n", NULL, 0);
	assert_true(has_error(&l.d, "t.yaml:2:1:",
			      "convert it with pcluster3-config-converter"));
	unload(&l);
}

static void v2_schedulers_refused(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, HEAD "Scheduling:\n  Scheduler: sge\n", NULL, 0);
	assert_true(has_error(&l.d, "Scheduling.Scheduler: 'sge' is not "
				    "supported", "only slurm and awsbatch"));
	unload(&l);
	load(&l, HEAD "Scheduling:\n  Scheduler: slurm\n  AwsBatchQueues: []\n",
	     NULL, 0);
	assert_int_equal(l.rc, -1);
	unload(&l);
}

static void awsbatch_loads_as_a_pool(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, HEAD "Scheduling:\n  Scheduler: awsbatch\n  AwsBatchQueues:\n"
		 "    - Name: q\n      Networking:\n        SubnetIds:\n"
		 "          - subnet-12345678\n      ComputeResources:\n"
		 "        - Name: cr\n          InstanceTypes: [c5.large]\n"
		 "          MaxvCpus: 64\n", NULL, 0);
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.c.scheduler, SCHEDULER_AWSBATCH);
	assert_int_equal(l.c.batch.max_vcpus, 64);
	assert_int_equal(l.c.batch.min_vcpus, 0);
	assert_string_equal(l.c.batch.instance_types[0], "c5.large");
	unload(&l);
}

static void cross_field_rules(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, HEAD QUEUE_START CR1
		 "          Instances:\n            - InstanceType: c5.xlarge\n",
	     NULL, 0);
	assert_true(has_error(&l.d, "either InstanceType or Instances", NULL));
	unload(&l);
	load(&l, HEAD QUEUE_START CR1
		 "SharedStorage:\n  - Name: f\n    MountDir: /fsx\n"
		 "    StorageType: Ebs\n    FsxLustreSettings:\n"
		 "      StorageCapacity: 1200\n", NULL, 0);
	assert_true(has_error(&l.d, "not appropriate to the StorageType Ebs",
			      NULL));
	unload(&l);
	load(&l, HEAD QUEUE_START CR1
		 "SharedStorage:\n  - Name: f\n    MountDir: /fsx\n"
		 "    StorageType: FsxLustre\n    FsxLustreSettings:\n"
		 "      FileSystemId: fs-0123456789abcdef0\n"
		 "      StorageCapacity: 1200\n", NULL, 0);
	assert_true(has_error(&l.d, "StorageCapacity cannot be specified when "
				    "an existing Lustre file system is used.",
			      NULL));
	unload(&l);
}

static void placement_groups_resolve(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, HEAD "Scheduling:\n  Scheduler: slurm\n  SlurmQueues:\n"
		 "    - Name: q1\n      Networking:\n        SubnetIds: "
		 "[subnet-12345678]\n        PlacementGroup:\n"
		 "          Name: mypg\n      ComputeResources:\n" CR1
		 "        - Name: cr2\n          InstanceType: c5.large\n"
		 "          Networking:\n            PlacementGroup:\n"
		 "              Enabled: false\n", NULL, 0);
	assert_int_equal(l.rc, 0);
	const struct slurm_queue *q = &l.c.queues[0];
	assert_true(q->crs[0].pg.enabled);
	assert_string_equal(q->crs[0].pg.name, "mypg");
	assert_false(q->crs[1].pg.enabled);
	assert_true(q->crs[1].pg.explicit_set);
	unload(&l);
}

static void placeholders_pass_the_schema(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, "Region: ${AWS_REGION}\nImage:\n  Os: alinux2\nHeadNode:\n"
		 "  InstanceType: '{HEAD_TYPE}'\n  Networking:\n"
		 "    SubnetId: <PUBLIC SUBNET ID>\n" QUEUE_START CR1
		 "          MaxCount: ${N}\n", NULL, 0);
	assert_int_equal(l.rc, 0);
	assert_true(l.c.region_placeholder);
	assert_int_equal(l.c.queues[0].crs[0].max_count, 10);
	assert_int_equal(l.d.n_warnings, 1);
	unload(&l);
}

static void overrides_apply_before_checks(void **state)
{
	(void)state;
	const char *yaml = HEAD QUEUE_START CR1
		"    - Name: spot\n      CapacityType: SPOT\n"
		"      Networking:\n        SubnetIds: [subnet-12345678]\n"
		"      ComputeResources:\n" CR1;
	struct config_override ov[] = {
		{ "Scheduling.SlurmQueues[name=spot].ComputeResources[0]."
		  "InstanceType", "c7i.48xlarge" },
		{ "Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount", "20" },
		{ "Scheduling.SlurmSettings.ScaledownIdletime", "-1" },
	};
	struct loaded l;
	load(&l, yaml, ov, 3);
	assert_int_equal(l.rc, 0);
	assert_string_equal(l.c.queues[1].crs[0].instance_types[0],
			    "c7i.48xlarge");
	assert_int_equal(l.c.queues[0].crs[0].max_count, 20);
	assert_int_equal(l.c.scaledown_idletime_min, -1);
	unload(&l);

	struct config_override bad[] = {
		{ "Scheduling.SlurmQueues[name=nope].ComputeResources[0].MaxCount",
		  "3" },
		{ "Scheduling.SlurmQueues[5].Name", "x" },
		{ "Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount",
		  "zero" },
	};
	load(&l, yaml, bad, 3);
	assert_int_equal(l.rc, -1);
	assert_true(has_error(&l.d, "--set: error: Scheduling.SlurmQueues[name=nope]",
			      "no item of 'SlurmQueues' has name=nope"));
	assert_true(has_error(&l.d, "has 2 items; there is no [5]", NULL));
	unload(&l);
}

static void unknown_file_is_an_error(void **state)
{
	(void)state;
	struct cluster c;
	struct diags d;
	diags_init(&d);
	assert_int_equal(config_load("/nonexistent/c.yaml", NULL, 0, &c, &d),
			 -1);
	assert_true(has_error(&d, "/nonexistent/c.yaml: error: cannot read",
			      NULL));
	cluster_free(&c);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_applied),
		cmocka_unit_test(unknown_key_did_you_mean),
		cmocka_unit_test(range_and_type_messages_all_at_once),
		cmocka_unit_test(enum_values_listed),
		cmocka_unit_test(required_fields),
		cmocka_unit_test(duplicate_keys_and_tabs),
		cmocka_unit_test(non_utf8_refused),
		cmocka_unit_test(alias_bombs_refused),
		cmocka_unit_test(aliases_and_merge_keys_work),
		cmocka_unit_test(deep_nesting_refused),
		cmocka_unit_test(v2_ini_refused),
		cmocka_unit_test(v2_schedulers_refused),
		cmocka_unit_test(awsbatch_loads_as_a_pool),
		cmocka_unit_test(cross_field_rules),
		cmocka_unit_test(placement_groups_resolve),
		cmocka_unit_test(placeholders_pass_the_schema),
		cmocka_unit_test(overrides_apply_before_checks),
		cmocka_unit_test(unknown_file_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
