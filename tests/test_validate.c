/* The offline validators, one config per rule that trips it (and a clean
 * one that does not), the example configs, and the derived node sizes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"

#define HEAD "Region: us-east-1\nImage:\n  Os: alinux2\nHeadNode:\n" \
	"  InstanceType: t3.micro\n  Networking:\n" \
	"    SubnetId: subnet-0123456789abcdef0\n"
#define SCHED "Scheduling:\n  Scheduler: slurm\n  SlurmQueues:\n"
#define QUEUE(name) "    - Name: " name "\n      Networking:\n" \
	"        SubnetIds: [subnet-12345678]\n      ComputeResources:\n"
#define CR(name, type) "        - Name: " name "\n          InstanceType: " \
	type "\n"
#define CLEAN HEAD SCHED QUEUE("q1") CR("cr1", "c5.large")
#define FSX(settings) "SharedStorage:\n  - Name: f\n    MountDir: /fsx\n" \
	"    StorageType: FsxLustre\n    FsxLustreSettings:\n" settings

struct result {
	struct diags d;
	int load_rc;
};

/* Loads and validates yaml; the caller frees r->d. */
static void run(struct result *r, const char *yaml)
{
	struct cluster c;
	diags_init(&r->d);
	r->load_rc = config_load_buffer("v.yaml", yaml, strlen(yaml), NULL, 0,
					&c, &r->d);
	if (r->load_rc == 0)
		config_validate(&c, catalog_builtin(), &r->d);
	cluster_free(&c);
}

static int has(const struct diags *d, enum diag_level lvl, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == lvl && strstr(d->items[i].text, text))
			return 1;
	return 0;
}

/* The config yields an error containing text (and loads: a validator). */
static void expect_error(const char *yaml, const char *text)
{
	struct result r;
	run(&r, yaml);
	if (!has(&r.d, DIAG_ERROR, text)) {
		diags_print(&r.d, stderr);
		fail_msg("no error containing: %s", text);
	}
	assert_int_equal(r.load_rc, 0);
	diags_free(&r.d);
}

static void expect_warning(const char *yaml, const char *text)
{
	struct result r;
	run(&r, yaml);
	if (!has(&r.d, DIAG_WARNING, text)) {
		diags_print(&r.d, stderr);
		fail_msg("no warning containing: %s", text);
	}
	assert_int_equal(r.d.n_errors, 0);
	diags_free(&r.d);
}

static void clean_config_passes(void **state)
{
	(void)state;
	struct result r;
	run(&r, CLEAN);
	assert_int_equal(r.d.n_errors, 0);
	assert_int_equal(r.d.n_warnings, 0);
	diags_free(&r.d);
}

static void names(void **state)
{
	(void)state;
	expect_error(HEAD SCHED QUEUE("q1") CR("compute_resource1", "c5.large"),
		     "Invalid name 'compute_resource1'. Name must begin with a "
		     "letter and only contain lowercase letters, digits and "
		     "hyphens.");
	expect_error(HEAD SCHED QUEUE("Queue1") CR("cr1", "c5.large"),
		     "Invalid name 'Queue1'");
	expect_error(HEAD SCHED QUEUE("default") CR("cr1", "c5.large"),
		     "It is forbidden to use 'default' as a name.");
	expect_error(HEAD SCHED QUEUE("q123456789012345678901234567")
		     CR("cr1", "c5.large"), "Name can be at most 25 chars long.");
	expect_error(HEAD SCHED QUEUE("q1") CR("cr1", "c5.large")
		     QUEUE("q1") CR("cr1", "c5.large"),
		     "Queue name 'q1' must be unique.");
	expect_error(HEAD SCHED QUEUE("q1") CR("cr1", "c5.large")
		     CR("cr1", "c5.xlarge"),
		     "Compute resource name 'cr1' must be unique");
}

static void counts(void **state)
{
	(void)state;
	expect_error(CLEAN "          MinCount: 5\n          MaxCount: 2\n",
		     "Max count must be greater than or equal to min count.");
	char *yaml = malloc(64 * 1024);
	size_t n = (size_t)snprintf(yaml, 64 * 1024, "%s", HEAD SCHED);
	for (int i = 0; i < 51; i++)
		n += (size_t)snprintf(yaml + n, 64 * 1024 - n,
				      "    - Name: q%d\n      Networking:\n"
				      "        SubnetIds: [subnet-12345678]\n"
				      "      ComputeResources:\n" CR("cr", "c5.large"),
				      i);
	expect_error(yaml, "Invalid number of SlurmQueues (51) specified. "
			   "Currently only supports up to 50 SlurmQueues.");
	expect_error(yaml, "Invalid number of ComputeResources per Cluster "
			   "(51)");
	free(yaml);
}

static void instance_types_known_and_offered(void **state)
{
	(void)state;
	expect_error(HEAD SCHED QUEUE("q1") CR("cr1", "c5.2xlrge"),
		     "Instance type 'c5.2xlrge' is not known; did you mean "
		     "'c5.2xlarge'?");
	/* Find a type the catalog says is not offered in some region. */
	const struct catalog *cat = catalog_builtin();
	const char *regions[] = { "ap-northeast-1", "eu-west-1", "us-west-1",
				  "sa-east-1" };
	for (size_t r = 0; r < 4; r++) {
		if (!catalog_region_known(cat, regions[r]))
			continue;
		for (size_t i = 0; i < catalog_instance_count(cat); i++) {
			const struct instance_type *it = catalog_instance_at(cat, i);
			struct instance_price p;
			if (catalog_price(cat, it, regions[r], &p) == 0)
				continue;
			char yaml[2048], want[200];
			snprintf(yaml, sizeof yaml,
				 "Region: %s\nImage:\n  Os: alinux2\nHeadNode:\n"
				 "  InstanceType: %s\n  Networking:\n"
				 "    SubnetId: subnet-12345678\n" SCHED
				 QUEUE("q1") CR("cr1", "c5.large"), regions[r],
				 it->name);
			snprintf(want, sizeof want, "Instance type '%s' is not "
				 "offered in region %s.", it->name, regions[r]);
			expect_error(yaml, want);
			return;
		}
	}
	skip();
}

static void region_checked(void **state)
{
	(void)state;
	expect_error("Region: us-east-11\nImage:\n  Os: alinux2\nHeadNode:\n"
		     "  InstanceType: t3.micro\n  Networking:\n"
		     "    SubnetId: subnet-12345678\n" SCHED QUEUE("q1")
		     CR("cr1", "c5.large"), "did you mean 'us-east-1'?");
}

static void efa_rules(void **state)
{
	(void)state;
	expect_error(CLEAN "          Efa:\n            Enabled: true\n"
		     "          Networking:\n            PlacementGroup:\n"
		     "              Enabled: true\n",
		     "Instance type 'c5.large' does not support EFA.");
	expect_error(HEAD SCHED QUEUE("q1") CR("cr1", "c5n.18xlarge")
		     "          Efa:\n            Enabled: true\n",
		     "The placement group for EFA-enabled compute resources "
		     "must be explicit.");
	expect_warning(HEAD SCHED QUEUE("q1") CR("cr1", "c5n.18xlarge")
		       "          Efa:\n            Enabled: true\n"
		       "          Networking:\n            PlacementGroup:\n"
		       "              Enabled: false\n",
		       "You may see better performance using a placement group");
	expect_error(CLEAN "          Efa:\n            GdrSupport: true\n",
		     "The EFA GDR Support can be used only if EFA is enabled.");
	expect_warning(HEAD SCHED QUEUE("q1") CR("cr1", "c5n.18xlarge"),
		       "support EFA, but EFA is not enabled");
}

static void flexible_instances(void **state)
{
	(void)state;
	expect_error(HEAD SCHED QUEUE("q1") "        - Name: cr1\n"
		     "          Instances:\n            - InstanceType: t3.micro\n"
		     "            - InstanceType: c4.xlarge\n",
		     "Instance types listed under Compute Resource cr1 must have "
		     "the same number of vCPUs ({'t3.micro': 2, 'c4.xlarge': 4}).");
	expect_error(HEAD SCHED QUEUE("q1") "        - Name: cr1\n"
		     "          Instances:\n            - InstanceType: t3.micro\n"
		     "            - InstanceType: c4.xlarge\n"
		     "          DisableSimultaneousMultithreading: true\n",
		     "same number of CPU cores");
}

static void placement_groups(void **state)
{
	(void)state;
	expect_error(CLEAN "          Networking:\n            PlacementGroup:\n"
		     "              Enabled: false\n              Name: pg1\n",
		     "The PlacementGroup feature must be enabled");
	const struct catalog *cat = catalog_builtin();
	for (size_t i = 0; i < catalog_instance_count(cat); i++) {
		const struct instance_type *it = catalog_instance_at(cat, i);
		if (it->cluster_placement || it->efa)
			continue;
		char yaml[2048], want[160];
		snprintf(yaml, sizeof yaml, HEAD SCHED QUEUE("q1")
			 "        - Name: cr1\n          InstanceType: %s\n"
			 "          Networking:\n            PlacementGroup:\n"
			 "              Enabled: true\n", it->name);
		snprintf(want, sizeof want, "Instance type '%s' does not support "
			 "cluster placement groups", it->name);
		expect_error(yaml, want);
		return;
	}
	skip();
}

static void multi_az_queues(void **state)
{
	(void)state;
	const char *q2 = HEAD SCHED "    - Name: q1\n      Networking:\n"
		"        SubnetIds: [subnet-12345678, subnet-87654321]\n"
		"      ComputeResources:\n";
	char yaml[2048];
	snprintf(yaml, sizeof yaml, "%s" CR("cr1", "c5.large"), q2);
	expect_error(yaml, "Multiple subnets configuration is not supported "
			   "for single instance type");
	snprintf(yaml, sizeof yaml, "%s        - Name: cr1\n          Instances:\n"
		 "            - InstanceType: c5n.18xlarge\n"
		 "          Efa:\n            Enabled: true\n", q2);
	expect_error(yaml, "EFA is not supported across Availability zones");
	expect_error(HEAD SCHED "    - Name: q1\n      Networking:\n"
		     "        SubnetIds: [subnet-12345678, subnet-12345678]\n"
		     "      ComputeResources:\n        - Name: cr1\n"
		     "          Instances:\n            - InstanceType: c5.large\n",
		     "specified multiple times in queue q1");
}

static void allocation_and_capacity_blocks(void **state)
{
	(void)state;
	expect_error(HEAD SCHED "    - Name: q1\n"
		     "      AllocationStrategy: capacity-optimized\n"
		     "      Networking:\n        SubnetIds: [subnet-12345678]\n"
		     "      ComputeResources:\n" CR("cr1", "c5.large"),
		     "support only the 'lowest-price' AllocationStrategy");
	expect_error(HEAD SCHED "    - Name: q1\n      CapacityType: CAPACITY_BLOCK\n"
		     "      Networking:\n        SubnetIds: [subnet-12345678]\n"
		     "      ComputeResources:\n" CR("cr1", "c5.large")
		     "          MinCount: 1\n          MaxCount: 2\n"
		     "          CapacityReservationTarget:\n"
		     "            CapacityReservationId: cr-123\n",
		     "Max count must be set to the same value of min count");
}

static void schedulable_memory(void **state)
{
	(void)state;
	expect_error(CLEAN "          SchedulableMemory: 999999\n",
		     "SchedulableMemory cannot be larger than EC2 Memory");
	expect_error(CLEAN "          SchedulableMemory: 0\n",
		     "SchedulableMemory must be at least 1 MiB.");
	expect_warning(CLEAN "          SchedulableMemory: 1000\n",
		       "lower than 95%");
}

static void slurm_settings(void **state)
{
	(void)state;
	expect_error(HEAD "Scheduling:\n  Scheduler: slurm\n  SlurmSettings:\n"
		     "    CustomSlurmSettings:\n      - SuspendTime: 60\n"
		     "  SlurmQueues:\n" QUEUE("q1") CR("cr1", "c5.large"),
		     "Using the following custom Slurm settings at SlurmConf level "
		     "is not allowed: SuspendTime");
	expect_error(HEAD "Scheduling:\n  Scheduler: slurm\n  SlurmSettings:\n"
		     "    Database:\n      Uri: db\n      UserName: u\n"
		     "      PasswordSecretArn: arn:aws:secretsmanager:x:1:secret:s\n"
		     "    ExternalSlurmdbd:\n      Host: h\n"
		     "  SlurmQueues:\n" QUEUE("q1") CR("cr1", "c5.large"),
		     "Database and ExternalSlurmdbd cannot be defined at the same "
		     "time within SlurmSettings.");
	expect_warning(CLEAN "          MinCount: 1\n          MaxCount: 3\n"
		       "          StaticNodePriority: 2000\n",
		       "is not lower than DynamicNodePriority");
}

static void fsx_rules(void **state)
{
	(void)state;
	expect_error(CLEAN FSX("      StorageCapacity: 3600\n"),
		     "Capacity for FSx SCRATCH_2 file systems is 1,200 GB or "
		     "increments of 2,400 GB.");
	expect_error(CLEAN FSX("      StorageCapacity: 4800\n"
			       "      DeploymentType: SCRATCH_1\n"),
		     "Capacity for FSx SCRATCH_1 file systems is 1,200 GB, "
		     "2,400 GB or increments of 3,600 GB.");
	expect_error(CLEAN FSX("      StorageCapacity: 1200\n"
			       "      DeploymentType: PERSISTENT_2\n"),
		     "Per unit storage throughput must be specified when "
		     "deployment type is PERSISTENT_2.");
	expect_error(CLEAN FSX("      StorageCapacity: 1200\n"
			       "      DeploymentType: PERSISTENT_2\n"
			       "      PerUnitStorageThroughput: 200\n"),
		     "For PERSISTENT_2 SSD file systems, per unit storage "
		     "throughput can only have the following values: [125, 250, "
		     "500, 1000].");
	expect_error(CLEAN FSX("      StorageCapacity: 1200\n"
			       "      StorageType: HDD\n"),
		     "For HDD file systems, deployment type must be PERSISTENT_1.");
	expect_error(CLEAN FSX("      StorageCapacity: 1200\n"
			       "      ImportPath: s3://a/in\n"
			       "      ExportPath: s3://b/out\n"),
		     "ImportPath and ExportPath must be in the same S3 bucket");
	expect_error(CLEAN FSX("      StorageCapacity: 1200\n"
			       "      ExportPath: s3://b/out\n"),
		     "require ImportPath");
	expect_error(CLEAN FSX("      StorageCapacity: 1200\n")
		     "  - Name: g\n    MountDir: /fsx2\n"
		     "    StorageType: FsxLustre\n    FsxLustreSettings:\n"
		     "      StorageCapacity: 1200\n",
		     "Too many new FSx shared storage specified in the "
		     "configuration. ParallelCluster supports 1 new FSx.");
}

static void storage_names_and_ebs(void **state)
{
	(void)state;
	expect_error(CLEAN "SharedStorage:\n  - Name: a\n    MountDir: /data\n"
		     "    StorageType: Ebs\n  - Name: a\n    MountDir: data\n"
		     "    StorageType: Ebs\n",
		     "Shared Storage name 'a' must be unique.");
	expect_error(CLEAN "SharedStorage:\n  - Name: a\n    MountDir: /data\n"
		     "    StorageType: Ebs\n  - Name: b\n    MountDir: data\n"
		     "    StorageType: Ebs\n", "is used by more than one");
	expect_error(CLEAN "SharedStorage:\n  - Name: a\n    MountDir: /etc\n"
		     "    StorageType: Ebs\n", "is reserved");
	expect_error(CLEAN "SharedStorage:\n  - Name: a\n    MountDir: /data\n"
		     "    StorageType: Ebs\n    EbsSettings:\n"
		     "      VolumeType: gp3\n      Iops: 20000\n",
		     "IOPS rate must be between 3000 and 16000 when provisioning "
		     "gp3 volumes.");
	expect_error(CLEAN "SharedStorage:\n  - Name: a\n    MountDir: /data\n"
		     "    StorageType: Ebs\n    EbsSettings:\n"
		     "      VolumeType: st1\n      Size: 100\n",
		     "The size of st1 volumes must be at least 500 GiB");
}

static void awsbatch_rules(void **state)
{
	(void)state;
	const char *batch = "Region: us-east-1\nImage:\n  Os: ubuntu2204\n"
		"HeadNode:\n  InstanceType: t3.micro\n  Networking:\n"
		"    SubnetId: subnet-12345678\nScheduling:\n"
		"  Scheduler: awsbatch\n  AwsBatchQueues:\n    - Name: q\n"
		"      Networking:\n        SubnetIds: [subnet-12345678]\n"
		"      ComputeResources:\n        - Name: cr\n"
		"          InstanceTypes: [optimal]\n          MinvCpus: 8\n"
		"          MaxvCpus: 4\n";
	expect_error(batch, "awsbatch scheduler supports the following "
			    "operating systems");
	expect_error(batch, "Max vCPUs must be greater than or equal to min");
}

static void examples_validate(void **state)
{
	(void)state;
	const char *files[] = { "article-spot-fsx.yaml", "multi-queue.yaml",
				"c5n-efa-pg.yaml", "persistent2-lz4.yaml" };
	for (size_t i = 0; i < 4; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/configs/examples/%s",
			 PCLSIM_SOURCE_DIR, files[i]);
		struct cluster c;
		struct diags d;
		diags_init(&d);
		assert_int_equal(config_load(path, NULL, 0, &c, &d), 0);
		assert_int_equal(config_validate(&c, catalog_builtin(), &d), 0);
		if (d.n_errors || d.n_warnings)
			diags_print(&d, stderr);
		assert_int_equal(d.n_errors, 0);
		assert_int_equal(d.n_warnings, 0);
		cluster_free(&c);
		diags_free(&d);
	}
}

static void derived_node_sizes(void **state)
{
	(void)state;
	const struct catalog *cat = catalog_builtin();
	if (!catalog_instance(cat, "c4.xlarge"))
		skip();
	/* The cookbook's own example (FACTS.md §3): c4.xlarge, 4 vCPUs,
	 * 7680 MiB → CPUs=2 with SMT off, RealMemory=7296. */
	char *types[] = { "c4.xlarge" };
	struct compute_resource cr = { .instance_types = types,
				       .n_instance_types = 1,
				       .disable_smt = 1 };
	assert_int_equal(config_cr_slurm_cpus(&cr, cat), 2);
	assert_int_equal(config_cr_real_memory_mib(&cr, cat), 7296);
	cr.disable_smt = 0;
	assert_int_equal(config_cr_slurm_cpus(&cr, cat), 4);
	cr.schedulable_memory_mib = 7000;
	assert_int_equal(config_cr_real_memory_mib(&cr, cat), 7000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_config_passes),
		cmocka_unit_test(names),
		cmocka_unit_test(counts),
		cmocka_unit_test(instance_types_known_and_offered),
		cmocka_unit_test(region_checked),
		cmocka_unit_test(efa_rules),
		cmocka_unit_test(flexible_instances),
		cmocka_unit_test(placement_groups),
		cmocka_unit_test(multi_az_queues),
		cmocka_unit_test(allocation_and_capacity_blocks),
		cmocka_unit_test(schedulable_memory),
		cmocka_unit_test(slurm_settings),
		cmocka_unit_test(fsx_rules),
		cmocka_unit_test(storage_names_and_ebs),
		cmocka_unit_test(awsbatch_rules),
		cmocka_unit_test(examples_validate),
		cmocka_unit_test(derived_node_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
