/*
 * Every ParallelCluster config in ../shared/reference/pcluster-configs,
 * judged as pcluster judges it (SOURCES.md there says which are valid and
 * why the others are not).  The directory is walked, so new files are
 * picked up: a file under valid/ must load and validate with no error; a
 * file under invalid/ must fail, with the reason listed below when
 * SOURCES.md names one; v2 INI files must be refused with the pointer to
 * pcluster3-config-converter.
 *
 * Files under jinja-templated/ are pcluster's integration-test templates.
 * They are rendered first by a small renderer for the Jinja forms they use:
 * {{ var }}, {{ list[N] }}, {{ list[loop.index-1] }}, {% if %}/{% else %}/
 * {% endif %} with ==, !=, "x" in var, var in/not in [...], var|length OP N
 * and bare truthiness, and {% for x in range(N) %} / {% for x in list %}.
 * The values substituted are the table `vars` below: AWS-side ids are
 * well-formed fakes, the instance types and storage settings are chosen so
 * the rendered cluster is one pcluster accepts.  A template using a form or
 * a variable the renderer does not know fails the test with its name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"

#define REF PCLSIM_REF_DIR "/pcluster-configs"

struct var {
	const char *scope;   /* path fragment it applies to; "" for all */
	const char *name;    /* "x" or "list[N]" */
	const char *value;
};

static const struct var vars[] = {
	{ "", "os", "alinux2" },
	{ "", "region", "us-east-1" },
	{ "", "partition", "aws" },
	{ "", "scheduler", "slurm" },
	{ "", "scheduler_prefix", "Slurm" },
	{ "", "instance", "c5.xlarge" },
	{ "test_efa/", "instance", "c5n.18xlarge" },
	{ "", "head_node_instance", "c5.xlarge" },
	{ "", "key_name", "my-key" },
	{ "", "imds_secured", "true" },
	{ "", "custom_ami", "ami-0123456789abcdef0" },
	{ "", "public_subnet_id", "subnet-0123456789abcdef0" },
	{ "", "private_subnet_id", "subnet-0fedcba987654321a" },
	{ "", "public_subnet_ids[0]", "subnet-0123456789abcdef0" },
	{ "", "public_subnet_ids[1]", "subnet-0123456789abcdef1" },
	{ "", "private_subnet_ids[0]", "subnet-0fedcba987654321a" },
	{ "", "private_subnet_ids[1]", "subnet-0fedcba987654321b" },
	{ "", "private_subnet_ids[2]", "subnet-0fedcba987654321c" },
	{ "", "min_count", "0" },
	{ "", "scaling_strategy", "best-effort" },
	/* test_fsx_lustre_configuration_options */
	{ "", "mount_dir", "/fsx" },
	{ "", "storage_capacity", "1200" },
	{ "", "bucket_name", "my-bucket" },
	{ "", "imported_file_chunk_size", "1024" },
	{ "", "weekly_maintenance_start_time", "1:00:00" },
	{ "", "deployment_type", "PERSISTENT_1" },
	{ "", "per_unit_storage_throughput", "200" },
	{ "", "auto_import_policy", "NEW_CHANGED" },
	{ "", "drive_cache_type", "" },
	{ "", "data_compression_type", "LZ4" },
	{ "", "storage_type", "SSD" },
	/* test_ebs_multiple: sc1/st1 volumes need at least 500 GiB */
	{ "", "mount_dirs[0]", "/ebs1" },
	{ "", "mount_dirs[1]", "/ebs2" },
	{ "", "mount_dirs[2]", "/ebs3" },
	{ "", "mount_dirs[3]", "/ebs4" },
	{ "", "mount_dirs[4]", "/ebs5" },
	{ "", "volume_sizes[0]", "20" },
	{ "", "volume_sizes[1]", "30" },
	{ "", "volume_sizes[2]", "40" },
	{ "", "volume_sizes[3]", "500" },
	{ "", "volume_sizes[4]", "500" },
	/* test_multiple_efs */
	{ "", "new_efs_mount_dirs[0]", "/efs_new" },
	{ "", "existing_efs_ids[0]", "fs-0123456789abcdef0" },
	{ "", "existing_efs_ids[1]", "fs-0123456789abcdef1" },
	{ "", "existing_efs_mount_dirs[0]", "/efs_a" },
	{ "", "existing_efs_mount_dirs[1]", "/efs_b" },
	{ "", "iam_authorizations[0]", "true" },
	{ "", "iam_authorizations[1]", "false" },
	{ "", "encryption_in_transits[0]", "true" },
	{ "", "encryption_in_transits[1]", "true" },
};

/* What SOURCES.md says pcluster answers for the files it rejects (and for
 * the one valid/ file whose placeholder name NameValidator refuses). */
struct expected {
	const char *path;    /* suffix of the file's path */
	const char *error;   /* an error must contain this */
};

static const struct expected expected[] = {
	{ "valid/aws-samples/cluster-config.yaml",
	  "Invalid name '<YOUR COMPUTE INSTANCE NAME/LABEL>'" },
	{ "example_configs/slurm.full.yaml",
	  "Database and ExternalSlurmdbd cannot be defined at the same time "
	  "within SlurmSettings." },
	{ "example_configs/slurm.full.yaml",
	  "For HDD file systems, per unit storage throughput can only have the "
	  "following values: [12, 40]." },
	{ "example_configs/slurm.full.yaml",
	  "Instance type 'c5.2xlarge' does not support EFA." },
	{ "example_configs/awsbatch.simple.yaml",
	  "Invalid name 'compute_resource1'. Name must begin with a letter and "
	  "only contain lowercase letters, digits and hyphens." },
	{ "example_configs/awsbatch.full.yaml", "Invalid name 'String'" },
	{ "example_configs/awsbatch.full.yaml", "Invalid name 'compute_resource'" },
	/* SOURCES.md quotes the vCPU form; with SMT disabled pcluster compares
	 * cores (FACTS.md §2), which is what pclsim reports. */
	{ "cluster-using-flexible-instance-types.yaml",
	  "Instance types listed under Compute Resource testcomputeresource must "
	  "have the same number of" },
	{ "test_shared_storage_ebs/config.yaml", "Invalid name 'compute_resource1'" },
	{ "test_shared_storage_efs/config.yaml", "Invalid name 'compute_resource1'" },
	{ "test_shared_storage_fsx/config.yaml", "Invalid name 'compute_resource1'" },
	{ "test_shared_storage_fsx/config.yaml",
	  "Too many new FSx shared storage specified in the configuration. "
	  "ParallelCluster supports 1 new FSx." },
	{ "unmanaged_config.yaml", "Invalid name 'compute_resource1'" },
	{ "file_cache_config.yaml", "Invalid name 'compute_resource1'" },
	{ "slurm_1.yaml", "Invalid name 'compute_resource1'" },
	{ "slurm_1.yaml", "For HDD file systems, per unit storage throughput can "
			  "only have the following values: [12, 40]." },
	{ "slurm_1.yaml", "When specifying data repository associations, import "
			  "and export path can not be used on the same file "
			  "system." },
	{ "awsbatch.on_node_updated.yaml",
	  "The use of the OnNodeUpdated configuration is not supported when "
	  "using awsbatch as the scheduler." },
	{ "awsbatch.enabled.yaml",
	  "The use of the IntelSoftware configuration is not supported when "
	  "using awsbatch as the scheduler." },
	{ "config_restricted_ssh_invalid.yaml",
	  "Invalid value: 'invalid-cidr' is neither a valid CIDR or a valid "
	  "prefix-list." },
	{ "pcluster.config.negativemaxcount.yaml",
	  "MaxCount: Must be greater than or equal to 1." },
	{ "pcluster.config.wrongscripturi.yaml", "s3 url 's3://invalid' is invalid." },
	{ "pcluster.config.with.warnings.yaml",
	  "Invalid name 'invalid_underscore_name'" },
	{ "v2-to-v3/slurm_full.ini", "pcluster3-config-converter" },
	{ "v2-to-v3/awsbatch_required.ini", "pcluster3-config-converter" },
};
#define N_EXPECTED (sizeof expected / sizeof expected[0])

/* ---- a growing string ---------------------------------------------------- */

struct buf {
	char *s;
	size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = 0;
}

/* ---- the Jinja subset ---------------------------------------------------- */

enum tok_kind { TOK_TEXT, TOK_EXPR, TOK_STMT };

struct tok {
	enum tok_kind kind;
	char *text;          /* trimmed expression/statement, or raw text */
};

struct render {
	const char *file;
	struct tok *toks;
	size_t n_toks;
	const char *loop_var, *loop_value;
	int loop_index;      /* 1-based; 0 outside a loop */
	char number[24];     /* the text of {{ loop.index }} */
	char error[300];
};

static char *trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return strndup(s, n);
}

static size_t tokenize(const char *tpl, struct tok **out)
{
	size_t n = 0, cap = 64;
	struct tok *t = malloc(cap * sizeof *t);
	const char *p = tpl;
	while (*p) {
		const char *e = strstr(p, "{{"), *s = strstr(p, "{%");
		const char *open = !e ? s : !s ? e : e < s ? e : s;
		if (n + 2 >= cap)
			t = realloc(t, (cap *= 2) * sizeof *t);
		if (!open) {
			t[n++] = (struct tok){ TOK_TEXT, strdup(p) };
			break;
		}
		if (open > p)
			t[n++] = (struct tok){ TOK_TEXT, strndup(p, (size_t)(open - p)) };
		int expr = open[1] == '{';
		const char *close = strstr(open + 2, expr ? "}}" : "%}");
		assert_non_null(close);
		t[n++] = (struct tok){ expr ? TOK_EXPR : TOK_STMT,
				       trimmed(open + 2, (size_t)(close - open - 2)) };
		p = close + 2;
	}
	*out = t;
	return n;
}

static const char *lookup(struct render *r, const char *name)
{
	const char *found = NULL;
	if (r->loop_var && !strcmp(name, r->loop_var))
		return r->loop_value;
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if (!strcmp(vars[i].name, name) && strstr(r->file, vars[i].scope))
			found = vars[i].value;   /* later, narrower entries win */
	return found;
}

static size_t list_length(struct render *r, const char *name)
{
	size_t n = 0;
	char key[300];
	for (;;) {
		snprintf(key, sizeof key, "%s[%zu]", name, n);
		if (!lookup(r, key))
			return n;
		n++;
	}
}

/* {{ expr }}: a name, name[N] or name[loop.index-1]. */
static const char *eval_expr(struct render *r, const char *expr)
{
	char key[200];
	if (!strcmp(expr, "loop.index-1") || !strcmp(expr, "loop.index")) {
		snprintf(r->number, sizeof r->number, "%d",
			 r->loop_index - (expr[10] == '-'));
		return r->number;
	}
	const char *li = strstr(expr, "[loop.index-1]");
	if (li) {
		snprintf(key, sizeof key, "%.*s[%d]", (int)(li - expr), expr,
			 r->loop_index - 1);
		expr = key;
	}
	const char *v = lookup(r, expr);
	if (!v)
		snprintf(r->error, sizeof r->error,
			 "template variable '%s' has no value in the test table",
			 expr);
	return v ? v : "";
}

static int truthy(const char *v)
{
	return v && *v && strcmp(v, "false") && strcmp(v, "0") &&
	       strcmp(v, "None");
}

static int in_literal_list(const char *v, const char *list)
{
	const char *q = list;
	while ((q = strchr(q, '"'))) {
		const char *end = strchr(q + 1, '"');
		if (!end)
			break;
		if (strlen(v) == (size_t)(end - q - 1) &&
		    !strncmp(v, q + 1, (size_t)(end - q - 1)))
			return 1;
		q = end + 1;
	}
	return 0;
}

static char *literal(const char *s)
{
	const char *q = strchr(s, '"');
	const char *end = q ? strchr(q + 1, '"') : NULL;
	return end ? strndup(q + 1, (size_t)(end - q - 1)) : strdup("");
}

static int eval_cond(struct render *r, const char *cond)
{
	char *name;
	const char *op;
	int result = 0;
	if ((op = strstr(cond, " not in ["))) {
		name = trimmed(cond, (size_t)(op - cond));
		result = !in_literal_list(eval_expr(r, name), op);
	} else if ((op = strstr(cond, " in [")) && cond[0] != '"') {
		name = trimmed(cond, (size_t)(op - cond));
		result = in_literal_list(eval_expr(r, name), op);
	} else if (cond[0] == '"' && (op = strstr(cond, "\" in "))) {
		char *lit = literal(cond);
		name = trimmed(op + 5, strlen(op + 5));
		result = strstr(eval_expr(r, name), lit) != NULL;
		free(lit);
	} else if ((op = strstr(cond, "|length"))) {
		name = trimmed(cond, (size_t)(op - cond));
		long n = (long)list_length(r, name), k;
		const char *rest = op + 7;
		while (*rest == ' ')
			rest++;
		if (!strncmp(rest, ">=", 2) && sscanf(rest + 2, "%ld", &k) == 1)
			result = n >= k;
		else if (!strncmp(rest, "==", 2) && sscanf(rest + 2, "%ld", &k) == 1)
			result = n == k;
		else if (*rest == '>' && sscanf(rest + 1, "%ld", &k) == 1)
			result = n > k;
		else
			snprintf(r->error, sizeof r->error,
				 "unsupported condition '%s'", cond);
	} else if ((op = strstr(cond, "=="))) {
		name = trimmed(cond, (size_t)(op - cond));
		char *lit = literal(op);
		result = !strcmp(eval_expr(r, name), lit);
		free(lit);
	} else if ((op = strstr(cond, "!="))) {
		name = trimmed(cond, (size_t)(op - cond));
		char *lit = literal(op);
		result = strcmp(eval_expr(r, name), lit) != 0;
		free(lit);
	} else {
		name = strdup(cond);
		result = truthy(eval_expr(r, name));
	}
	free(name);
	return result;
}

/* The index of the token closing the block opened at i ({% if %} or
 * {% for %}), and of its {% else %} (or 0). */
static size_t block_end(struct render *r, size_t i, size_t *else_at)
{
	int depth = 0;
	*else_at = 0;
	for (size_t k = i + 1; k < r->n_toks; k++) {
		if (r->toks[k].kind != TOK_STMT)
			continue;
		const char *s = r->toks[k].text;
		if (!strncmp(s, "if ", 3) || !strncmp(s, "for ", 4))
			depth++;
		else if (!strcmp(s, "endif") || !strcmp(s, "endfor")) {
			if (!depth--)
				return k;
		} else if (!strcmp(s, "else") && !depth)
			*else_at = k;
	}
	snprintf(r->error, sizeof r->error, "unclosed {%% %s %%}",
		 r->toks[i].text);
	return r->n_toks;
}

static void render_range(struct render *r, size_t from, size_t to,
			 struct buf *out);

static void render_for(struct render *r, size_t i, size_t end, struct buf *out)
{
	char var[64], src[128];
	if (sscanf(r->toks[i].text, "for %63s in %127s", var, src) != 2) {
		snprintf(r->error, sizeof r->error, "unsupported loop '%s'",
			 r->toks[i].text);
		return;
	}
	long n;
	int is_range = sscanf(src, "range(%ld)", &n) == 1;
	if (!is_range)
		n = (long)list_length(r, src);
	const char *saved_var = r->loop_var, *saved_val = r->loop_value;
	int saved_index = r->loop_index;
	for (long k = 0; k < n && !r->error[0]; k++) {
		char value[32], key[160];
		snprintf(value, sizeof value, "%ld", k);
		snprintf(key, sizeof key, "%s[%ld]", src, k);
		r->loop_var = var;
		r->loop_value = is_range ? value : lookup(r, key);
		r->loop_index = (int)k + 1;
		render_range(r, i + 1, end, out);
	}
	r->loop_var = saved_var;
	r->loop_value = saved_val;
	r->loop_index = saved_index;
}

static void render_range(struct render *r, size_t from, size_t to,
			 struct buf *out)
{
	for (size_t i = from; i < to && !r->error[0]; i++) {
		struct tok *t = &r->toks[i];
		if (t->kind == TOK_TEXT) {
			put(out, t->text, strlen(t->text));
		} else if (t->kind == TOK_EXPR) {
			const char *v = eval_expr(r, t->text);
			put(out, v, strlen(v));
		} else if (!strncmp(t->text, "if ", 3)) {
			size_t else_at, end = block_end(r, i, &else_at);
			if (eval_cond(r, t->text + 3))
				render_range(r, i + 1, else_at ? else_at : end, out);
			else if (else_at)
				render_range(r, else_at + 1, end, out);
			i = end;
		} else if (!strncmp(t->text, "for ", 4)) {
			size_t else_at, end = block_end(r, i, &else_at);
			render_for(r, i, end, out);
			i = end;
		} else {
			snprintf(r->error, sizeof r->error,
				 "unsupported template statement '{%% %s %%}'",
				 t->text);
		}
	}
}

/* Renders tpl; NULL with a message on a form the renderer lacks. */
static char *render(const char *file, const char *tpl, char *err, size_t size)
{
	struct render r = { .file = file };
	r.n_toks = tokenize(tpl, &r.toks);
	struct buf out = { 0 };
	put(&out, "", 0);
	render_range(&r, 0, r.n_toks, &out);
	for (size_t i = 0; i < r.n_toks; i++)
		free(r.toks[i].text);
	free(r.toks);
	if (r.error[0]) {
		snprintf(err, size, "%s", r.error);
		free(out.s);
		return NULL;
	}
	return out.s;
}

/* ---- walking the directory ----------------------------------------------- */

struct files {
	char **paths;
	size_t n, cap;
};

static void walk(const char *dir, struct files *f)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk(path, f);
			continue;
		}
		size_t len = strlen(path);
		if (!(len > 5 && !strcmp(path + len - 5, ".yaml")) &&
		    !(len > 4 && !strcmp(path + len - 4, ".ini")))
			continue;
		if (f->n == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 64;
			f->paths = realloc(f->paths, f->cap * sizeof *f->paths);
		}
		f->paths[f->n++] = strdup(path);
	}
	closedir(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	put(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		put(&b, chunk, n);
	fclose(fp);
	*len = b.n;
	return b.s;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

static int has_error(const struct diags *d, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == DIAG_ERROR &&
		    strstr(d->items[i].text, text))
			return 1;
	return 0;
}

/* Judges one file; returns the number of failed expectations (printed). */
static int judge(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	int failures = 0;
	if (strstr(path, "/jinja-templated/")) {
		char err[300];
		char *out = render(path, text, err, sizeof err);
		free(text);
		if (!out) {
			fprintf(stderr, "FAIL %s: cannot render: %s\n", path, err);
			return 1;
		}
		text = out;
		len = strlen(out);
	}
	struct diags d;
	diags_init(&d);
	struct cluster c;
	if (config_load_buffer(path, text, len, NULL, 0, &c, &d) == 0)
		config_validate(&c, catalog_builtin(), &d);
	cluster_free(&c);
	free(text);

	int listed = 0;
	for (size_t i = 0; i < N_EXPECTED; i++) {
		if (!ends_with(path, expected[i].path))
			continue;
		listed = 1;
		if (!has_error(&d, expected[i].error)) {
			fprintf(stderr, "FAIL %s: no error containing \"%s\"\n",
				path, expected[i].error);
			failures++;
		}
	}
	int in_valid = strstr(path, REF "/valid/") == path;
	if (in_valid && !listed && d.n_errors) {
		fprintf(stderr, "FAIL %s: pcluster accepts it, pclsim says:\n",
			path);
		failures++;
	}
	if (!in_valid && !listed && !d.n_errors) {
		fprintf(stderr, "FAIL %s: pcluster rejects it, pclsim accepts it\n",
			path);
		failures++;
	}
	if (failures)
		diags_print(&d, stderr);
	diags_free(&d);
	return failures;
}

static void reference_configs_judged_as_pcluster_does(void **state)
{
	(void)state;
	struct stat st;
	if (stat(REF, &st))
		skip();
	struct files f = { 0 };
	walk(REF "/valid", &f);
	walk(REF "/invalid", &f);
	/* v2-to-v3: the INI files, and the converter output SOURCES.md says
	 * is not a valid v3 config. */
	walk(REF "/v2-to-v3", &f);
	qsort(f.paths, f.n, sizeof *f.paths, by_name);
	int failures = 0, judged = 0;
	for (size_t i = 0; i < f.n; i++) {
		if (strstr(f.paths[i], "/v2-to-v3/") &&
		    !ends_with(f.paths[i], ".ini") &&
		    !ends_with(f.paths[i], "slurm_full.yaml")) {
			free(f.paths[i]);
			continue;
		}
		failures += judge(f.paths[i]);
		judged++;
		free(f.paths[i]);
	}
	free(f.paths);
	fprintf(stderr, "%d reference configs judged, %d failures\n", judged,
		failures);
	assert_true(judged >= 30);
	assert_int_equal(failures, 0);
}

static void renderer_handles_the_forms(void **state)
{
	(void)state;
	char err[300];
	char *out = render("x/test_efa/p.yaml",
			   "a: {{ instance }}\n{% if instance == \"c5n.18xlarge\" %}"
			   "b{% else %}c{% endif %}\n{% for q in range(3) %}{{q}}"
			   "{% endfor %}\n{% for s in existing_efs_ids %}"
			   "{{ encryption_in_transits[loop.index-1] }}{{ loop.index-1 }},"
			   "{% endfor %}"
			   "{% if private_subnet_ids|length >= 3 %}three{% endif %}"
			   "{% if \"-iso\" in region %}iso{% endif %}",
			   err, sizeof err);
	assert_non_null(out);
	assert_string_equal(out, "a: c5n.18xlarge\nb\n012\ntrue0,true1,three");
	free(out);
	assert_null(render("x.yaml", "{{ nope }}", err, sizeof err));
	assert_non_null(strstr(err, "'nope'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renderer_handles_the_forms),
		cmocka_unit_test(reference_configs_judged_as_pcluster_does),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
