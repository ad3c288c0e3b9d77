/*
 * The Slurm layout against ParallelCluster's own generator: for every case in
 * ../shared/reference/pcluster-configs/slurm-generated the partition, gres
 * and scheduling lines pclsim prints must equal the cookbook's expected
 * outputs line for line.  The inputs there are the cookbook's normalised
 * YAML (nulls, underscores in names), which the v3 loader rightly refuses,
 * so this test reads them with libyaml directly into a struct cluster.
 * Instance facts come from the case's instance-type JSON when it ships one
 * (memory_scheduling) and from the built-in catalog otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <yaml.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "models/partition.h"
#include "sim/diag.h"

#define GEN PCLSIM_REF_DIR "/pcluster-configs/slurm-generated/"

/* ---- a minimal YAML document walker ------------------------------------ */

static yaml_node_t *map_get(yaml_document_t *doc, yaml_node_t *m, const char *key)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
	     p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE &&
		    !strcmp((char *)k->data.scalar.value, key))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static const char *scalar(yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	const char *s = (const char *)n->data.scalar.value;
	return strcmp(s, "null") ? s : NULL;
}

static long map_int(yaml_document_t *doc, yaml_node_t *m, const char *key, long dflt)
{
	const char *s = scalar(map_get(doc, m, key));
	return s ? strtol(s, NULL, 10) : dflt;
}

static int map_bool(yaml_document_t *doc, yaml_node_t *m, const char *key)
{
	const char *s = scalar(map_get(doc, m, key));
	return s && !strcmp(s, "true");
}

static size_t seq_len(yaml_node_t *n)
{
	return n && n->type == YAML_SEQUENCE_NODE ?
	       (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 0;
}

static yaml_node_t *seq_at(yaml_document_t *doc, yaml_node_t *n, size_t i)
{
	return yaml_document_get_node(doc, n->data.sequence.items.start[i]);
}

static int load_doc(const char *path, yaml_document_t *doc)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);
	int ok = yaml_parser_load(&p, doc);
	yaml_parser_delete(&p);
	fclose(f);
	return ok ? 0 : -1;
}

/* ---- the cookbook's input YAML -> struct cluster ----------------------- */

static void load_cr(yaml_document_t *doc, yaml_node_t *n, struct compute_resource *cr)
{
	cr->name = strdup(scalar(map_get(doc, n, "Name")));
	yaml_node_t *list = map_get(doc, n, "Instances");
	size_t nt = seq_len(list);
	cr->n_instance_types = nt ? (int)nt : 1;
	cr->instance_types = calloc((size_t)cr->n_instance_types, sizeof(char *));
	if (nt) {
		cr->flexible = 1;
		for (size_t i = 0; i < nt; i++)
			cr->instance_types[i] = strdup(scalar(
				map_get(doc, seq_at(doc, list, i), "InstanceType")));
	} else {
		cr->instance_types[0] = strdup(scalar(map_get(doc, n, "InstanceType")));
	}
	cr->min_count = (int)map_int(doc, n, "MinCount", 0);
	cr->max_count = (int)map_int(doc, n, "MaxCount", 10);
	cr->disable_smt = map_bool(doc, n, "DisableSimultaneousMultithreading");
	cr->schedulable_memory_mib = map_int(doc, n, "SchedulableMemory", 0);
	cr->efa = map_bool(doc, map_get(doc, n, "Efa"), "Enabled");
	cr->static_priority = (uint32_t)map_int(doc, n, "StaticNodePriority", 1);
	cr->dynamic_priority = (uint32_t)map_int(doc, n, "DynamicNodePriority", 1000);
}

static void load_cluster(const char *path, struct cluster *c)
{
	yaml_document_t doc;
	assert_int_equal(load_doc(path, &doc), 0);
	memset(c, 0, sizeof *c);
	c->path = strdup(path);
	yaml_node_t *sched = map_get(&doc, yaml_document_get_root_node(&doc),
				     "Scheduling");
	yaml_node_t *ss = map_get(&doc, sched, "SlurmSettings");
	c->scaledown_idletime_min = (int)map_int(&doc, ss, "ScaledownIdletime", 10);
	c->enable_memory_scheduling = map_bool(&doc, ss, "EnableMemoryBasedScheduling");
	c->compute_bootstrap_timeout_s = 1600;   /* what the cookbook test passes */
	yaml_node_t *qs = map_get(&doc, sched, "SlurmQueues");
	c->n_queues = (int)seq_len(qs);
	c->queues = calloc((size_t)c->n_queues, sizeof *c->queues);
	for (int q = 0; q < c->n_queues; q++) {
		yaml_node_t *qn = seq_at(&doc, qs, (size_t)q);
		struct slurm_queue *sq = &c->queues[q];
		sq->name = strdup(scalar(map_get(&doc, qn, "Name")));
		sq->job_exclusive = map_bool(&doc, qn, "JobExclusiveAllocation");
		const char *ct = scalar(map_get(&doc, qn, "CapacityType"));
		sq->capacity_type = ct && !strcmp(ct, "SPOT") ? CAPACITY_SPOT :
				    CAPACITY_ONDEMAND;
		yaml_node_t *crs = map_get(&doc, qn, "ComputeResources");
		sq->n_crs = (int)seq_len(crs);
		sq->crs = calloc((size_t)sq->n_crs, sizeof *sq->crs);
		for (int i = 0; i < sq->n_crs; i++)
			load_cr(&doc, seq_at(&doc, crs, (size_t)i), &sq->crs[i]);
	}
	yaml_document_delete(&doc);
}

static void free_cluster(struct cluster *c)
{
	for (int q = 0; q < c->n_queues; q++) {
		struct slurm_queue *sq = &c->queues[q];
		for (int i = 0; i < sq->n_crs; i++) {
			for (int t = 0; t < sq->crs[i].n_instance_types; t++)
				free(sq->crs[i].instance_types[t]);
			free(sq->crs[i].instance_types);
			free(sq->crs[i].name);
		}
		free(sq->crs);
		free(sq->name);
	}
	free(c->queues);
	free(c->path);
}

/* ---- instance facts from the cookbook's instance-type JSON ------------- */

static int lookup_json(void *ctx, const char *name, struct instance_facts *out)
{
	yaml_document_t *doc = ctx;
	yaml_node_t *it = map_get(doc, yaml_document_get_root_node(doc), name);
	if (!it)
		return -1;
	memset(out, 0, sizeof *out);
	yaml_node_t *vi = map_get(doc, it, "VCpuInfo");
	out->vcpus = (int)map_int(doc, vi, "DefaultVCpus", 0);
	out->threads_per_core = (int)map_int(doc, vi, "DefaultThreadsPerCore", 1);
	out->memory_mib = map_int(doc, map_get(doc, it, "MemoryInfo"), "SizeInMiB", 0);
	yaml_node_t *gpus = map_get(doc, map_get(doc, it, "GpuInfo"), "Gpus");
	for (size_t i = 0; i < seq_len(gpus); i++) {
		yaml_node_t *g = seq_at(doc, gpus, i);
		const char *man = scalar(map_get(doc, g, "Manufacturer"));
		if (!man || strcmp(man, "NVIDIA"))
			continue;
		out->gpus += (int)map_int(doc, g, "Count", 0);
		const char *gn = scalar(map_get(doc, g, "Name"));
		size_t k = 0;
		for (; gn && gn[k] && k + 1 < sizeof out->gpu_type; k++)
			out->gpu_type[k] = (char)(gn[k] >= 'A' && gn[k] <= 'Z' ?
						  gn[k] + 32 : gn[k]);
		out->gpu_type[k] = '\0';
	}
	return 0;
}

/* ---- comparing with the expected files --------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* The expected file without its comment lines and the blank lines that
 * follow them (the header). */
static char *strip_header(const char *text)
{
	char *out = malloc(strlen(text) + 1);
	size_t n = 0;
	int in_header = 1;
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p + 1) : strlen(p);
		int comment = p[0] == '#', blank = p[0] == '\n';
		if (!comment && !(blank && in_header)) {
			memcpy(out + n, p, len);
			n += len;
			in_header = 0;
		}
		p += len;
	}
	out[n] = '\0';
	return out;
}

static char *print_part(const struct slurm_layout *l, int q, int gres)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (gres)
		slurm_layout_print_gres(l, q, f);
	else
		slurm_layout_print_partition(l, q, f);
	fclose(f);
	return buf;
}

static int find_part(const struct slurm_layout *l, const char *name)
{
	for (int q = 0; q < l->n_parts; q++)
		if (!strcmp(l->parts[q].name, name))
			return q;
	fail_msg("no partition %s", name);
	return -1;
}

static void expect_file(const struct slurm_layout *l, const char *queue,
			int gres, const char *expected_path)
{
	char *want_raw = slurp(expected_path);
	char *want = strip_header(want_raw);
	char *got = print_part(l, find_part(l, queue), gres);
	if (strcmp(got, want))
		fail_msg("%s differs:\n--- got\n%s--- want\n%s", expected_path, got, want);
	free(got);
	free(want);
	free(want_raw);
}

/* Every SuspendTime/ResumeTimeout/SelectTypeParameters/SuspendExcNodes line
 * of the expected slurm_parallelcluster.conf appears in our output. */
static void expect_main(const struct slurm_layout *l, const char *expected_path)
{
	static const char *const keys[] = { "SuspendTime=", "ResumeTimeout=",
		"SelectTypeParameters=", "SuspendExcNodes=" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	slurm_layout_print(l, f);
	fclose(f);
	char *want = slurp(expected_path);
	int matched = 0;
	for (char *line = strtok(want, "\n"); line; line = strtok(NULL, "\n")) {
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
			if (strncmp(line, keys[k], strlen(keys[k])))
				continue;
			char needle[4096];
			snprintf(needle, sizeof needle, "\n%s\n", line);
			if (!strstr(buf, needle))
				fail_msg("missing line '%s' in:\n%s", line, buf);
			matched++;
		}
	}
	assert_int_equal(matched, 4);
	free(want);
	free(buf);
}

struct gen_case {
	const char *input;           /* under slurm-generated/ */
	const char *json;            /* instance facts, NULL: catalog */
	double ratio;
	const char *main_conf;       /* expected slurm_parallelcluster.conf */
	const char *parts[6][3];     /* queue, expected file, "gres" or NULL */
};

static const struct gen_case cases[] = {
	{ "flexible_instance_types/sample_input.yaml", NULL, 0.95,
	  "flexible_instance_types/expected_outputs/slurm_parallelcluster.conf",
	  { { "queue1", "flexible_instance_types/expected_outputs/pcluster/slurm_parallelcluster_queue1_partition.conf", NULL },
	    { "queue2", "flexible_instance_types/expected_outputs/pcluster/slurm_parallelcluster_queue2_partition.conf", NULL },
	    { "queue6", "flexible_instance_types/expected_outputs/pcluster/slurm_parallelcluster_queue6_partition.conf", NULL },
	    { "queue6", "flexible_instance_types/expected_outputs/pcluster/slurm_parallelcluster_queue6_gres.conf", "gres" } } },
	{ "job_exclusive_allocation/cluster_config.yaml", NULL, 0.95, NULL,
	  { { "queue_jls_enabled", "job_exclusive_allocation/expected_outputs/pcluster/slurm_parallelcluster_queue_jls_enabled_partition.conf", NULL },
	    { "queue_jls_disabled", "job_exclusive_allocation/expected_outputs/pcluster/slurm_parallelcluster_queue_jls_disabled_partition.conf", NULL },
	    { "queue_jls_default", "job_exclusive_allocation/expected_outputs/pcluster/slurm_parallelcluster_queue_jls_default_partition.conf", NULL } } },
	{ "memory_scheduling/sample_input.yaml",
	  "memory_scheduling/sample_instance_types_data.json", 0.95,
	  "memory_scheduling/expected_outputs/slurm_parallelcluster.conf",
	  { { "multiple_spot", "memory_scheduling/expected_outputs/pcluster/slurm_parallelcluster_multiple_spot_partition.conf", NULL },
	    { "efa", "memory_scheduling/expected_outputs/pcluster/slurm_parallelcluster_efa_partition.conf", NULL },
	    { "gpu", "memory_scheduling/expected_outputs/pcluster/slurm_parallelcluster_gpu_partition.conf", NULL },
	    { "gpu", "memory_scheduling/expected_outputs/pcluster/slurm_parallelcluster_gpu_gres.conf", "gres" } } },
	/* The cookbook's test runs this input with a 0.90 ratio. */
	{ "memory_scheduling/sample_input_mem_sched.yaml",
	  "memory_scheduling/sample_instance_types_data.json", 0.90,
	  "memory_scheduling/expected_outputs/slurm_parallelcluster_mem_sched.conf",
	  { { "multiple_spot", "memory_scheduling/expected_outputs/pcluster/slurm_parallelcluster_multiple_spot_partition_mem_sched.conf", NULL } } },
	{ "slurm_accounting/sample_input_slurm_accounting.yaml", NULL, 0.95,
	  "slurm_accounting/expected_outputs/slurm_parallelcluster_slurm_accounting.conf",
	  { { NULL, NULL, NULL } } },
};

static int have_ref(void)
{
	FILE *f = fopen(GEN "memory_scheduling/sample_input.yaml", "r");
	if (f)
		fclose(f);
	return f != NULL;
}

static void run_case(const struct gen_case *gc)
{
	char path[1024];
	struct cluster c;
	snprintf(path, sizeof path, GEN "%s", gc->input);
	load_cluster(path, &c);
	yaml_document_t facts;
	instance_lookup_fn fn = instance_lookup_catalog;
	void *ctx = (void *)catalog_builtin();
	if (gc->json) {
		snprintf(path, sizeof path, GEN "%s", gc->json);
		assert_int_equal(load_doc(path, &facts), 0);
		fn = lookup_json;
		ctx = &facts;
	}
	struct slurm_layout l;
	struct diags d;
	diags_init(&d);
	assert_int_equal(slurm_layout_build(&c, fn, ctx, gc->ratio, &l, &d), 0);
	for (int i = 0; i < 6 && gc->parts[i][0]; i++) {
		snprintf(path, sizeof path, GEN "%s", gc->parts[i][1]);
		expect_file(&l, gc->parts[i][0], gc->parts[i][2] != NULL, path);
	}
	if (gc->main_conf) {
		snprintf(path, sizeof path, GEN "%s", gc->main_conf);
		expect_main(&l, path);
	}
	slurm_layout_free(&l);
	diags_free(&d);
	if (gc->json)
		yaml_document_delete(&facts);
	free_cluster(&c);
}

static void test_generated_cases(void **state)
{
	(void)state;
	if (!have_ref())
		skip();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		run_case(&cases[i]);
}

/* A hand-built cluster: flags and custom settings land where the generator
 * puts them, and unknown types are reported with the CR's path. */
static void test_custom_and_errors(void **state)
{
	(void)state;
	char *types[] = { "c5.xlarge" };
	struct kv node_kv[] = { { "Sockets", "1" } };
	struct kv part_kv[] = { { "MaxNodes", "4" } };
	struct compute_resource cr = {
		.name = "cr", .instance_types = types, .n_instance_types = 1,
		.min_count = 1, .max_count = 3, .static_priority = 5,
		.dynamic_priority = 7, .custom_slurm = node_kv, .n_custom_slurm = 1,
	};
	struct slurm_queue q = { .name = "q", .crs = &cr, .n_crs = 1,
				 .job_exclusive = 1, .custom_slurm = part_kv,
				 .n_custom_slurm = 1 };
	struct cluster c = { .path = "x.yaml", .queues = &q, .n_queues = 1,
			     .scaledown_idletime_min = 5,
			     .compute_bootstrap_timeout_s = 1800 };
	struct slurm_layout l;
	struct diags d;
	diags_init(&d);
	assert_int_equal(slurm_layout_build(&c, instance_lookup_catalog,
					    (void *)catalog_builtin(), 0.95, &l, &d), 0);
	char *got = print_part(&l, 0, 0);
	assert_string_equal(got,
		"NodeName=q-st-cr-[1-1] CPUs=4 RealMemory=7782 State=CLOUD Feature=static,c5.xlarge,cr Weight=5 Sockets=1\n"
		"NodeName=q-dy-cr-[1-2] CPUs=4 RealMemory=7782 State=CLOUD Feature=dynamic,c5.xlarge,cr Weight=7 Sockets=1\n"
		"\nNodeSet=q_nodes Nodes=q-st-cr-[1-1],q-dy-cr-[1-2]\n"
		"PartitionName=q Nodes=q_nodes MaxTime=INFINITE State=UP Default=YES OverSubscribe=EXCLUSIVE MaxNodes=4\n");
	free(got);
	assert_int_equal(l.suspend_time_s, 300);
	assert_true(slurm_cr_has_feature(&l.crs[0], "c5.xlarge"));
	assert_true(slurm_cr_has_feature(&l.crs[0], "cr"));
	assert_false(slurm_cr_has_feature(&l.crs[0], "efa"));
	slurm_layout_free(&l);

	types[0] = "c5.nosuch";
	assert_int_equal(slurm_layout_build(&c, instance_lookup_catalog,
					    (void *)catalog_builtin(), 0.95, &l, &d), -1);
	char msg[256];
	diag_format(diags_first_error(&d), msg, sizeof msg);
	assert_non_null(strstr(msg, "ComputeResources[0]"));
	assert_non_null(strstr(msg, "c5.nosuch"));
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_cases),
		cmocka_unit_test(test_custom_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
