/* A run's metadata: inputs with digests, settings, versions; see runinfo.h. */
#include "sim/runinfo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/json.h"

void run_info_init(struct run_info *ri)
{
	memset(ri, 0, sizeof *ri);
	ri->version = strdup(PCLSIM_VERSION);
}

void run_info_free(struct run_info *ri)
{
	free(ri->label);
	free(ri->version);
	for (size_t i = 0; i < ri->n_inputs; i++) {
		free(ri->inputs[i].role);
		free(ri->inputs[i].path);
	}
	free(ri->inputs);
	for (size_t i = 0; i < ri->n_params; i++) {
		free(ri->params[i].name);
		free(ri->params[i].value);
	}
	free(ri->params);
	for (size_t i = 0; i < ri->n_overrides; i++)
		free(ri->overrides[i]);
	free(ri->overrides);
	free(ri->catalog_date);
	free(ri->catalog_about);
	free(ri->region);
	free(ri->policy);
	memset(ri, 0, sizeof *ri);
}

int run_info_set(char **field, const char *value)
{
	char *copy = NULL;
	if (value && !(copy = strdup(value)))
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

int run_info_add_input(struct run_info *ri, const char *role,
		       const char *path, char *err, size_t err_size)
{
	struct run_input in;
	struct stat st;
	memset(&in, 0, sizeof in);
	if (stat(path, &st) != 0 || sha256_file_hex(path, in.sha256) != 0) {
		snprintf(err, err_size, "%s: cannot read %s file: %s", path,
			 role, strerror(errno));
		return -1;
	}
	in.size_bytes = (int64_t)st.st_size;
	in.role = strdup(role);
	in.path = strdup(path);
	struct run_input *grown = realloc(ri->inputs,
					  (ri->n_inputs + 1) * sizeof *grown);
	if (!in.role || !in.path || !grown) {
		free(in.role);
		free(in.path);
		if (grown)
			ri->inputs = grown;
		snprintf(err, err_size, "%s: out of memory", path);
		return -1;
	}
	ri->inputs = grown;
	ri->inputs[ri->n_inputs++] = in;
	return 0;
}

const struct run_input *run_info_input(const struct run_info *ri,
				       const char *role)
{
	for (size_t i = 0; i < ri->n_inputs; i++)
		if (!strcmp(ri->inputs[i].role, role))
			return &ri->inputs[i];
	return NULL;
}

int run_info_add_param(struct run_info *ri, const char *name,
		       const char *value)
{
	struct run_param *grown = realloc(ri->params,
					  (ri->n_params + 1) * sizeof *grown);
	if (!grown)
		return -1;
	ri->params = grown;
	char *n = strdup(name), *v = strdup(value);
	if (!n || !v) {
		free(n);
		free(v);
		return -1;
	}
	ri->params[ri->n_params].name = n;
	ri->params[ri->n_params].value = v;
	ri->n_params++;
	return 0;
}

int run_info_add_override(struct run_info *ri, const char *key_value)
{
	char **grown = realloc(ri->overrides,
			       (ri->n_overrides + 1) * sizeof *grown);
	if (!grown)
		return -1;
	ri->overrides = grown;
	if (!(ri->overrides[ri->n_overrides] = strdup(key_value)))
		return -1;
	ri->n_overrides++;
	return 0;
}

static void write_params(struct json *w, const struct run_info *ri)
{
	json_object_begin(w);
	for (size_t i = 0; i < ri->n_params; i++)
		json_kv_str(w, ri->params[i].name, ri->params[i].value);
	json_object_end(w);
}

static void write_overrides(struct json *w, const struct run_info *ri)
{
	json_array_begin(w);
	for (size_t i = 0; i < ri->n_overrides; i++)
		json_str(w, ri->overrides[i]);
	json_array_end(w);
}

void run_info_write_json(struct json *w, const struct run_info *ri)
{
	json_object_begin(w);
	json_kv_str(w, "label", ri->label);
	json_kv_str(w, "pclsim_version", ri->version);
	json_key(w, "inputs");
	json_array_begin(w);
	for (size_t i = 0; i < ri->n_inputs; i++) {
		const struct run_input *in = &ri->inputs[i];
		json_object_begin(w);
		json_kv_str(w, "role", in->role);
		json_kv_str(w, "path", in->path);
		json_kv_str(w, "sha256", in->sha256);
		json_kv_int(w, "size_bytes", in->size_bytes);
		json_object_end(w);
	}
	json_array_end(w);
	json_key(w, "catalog");
	json_object_begin(w);
	json_kv_str(w, "data_date", ri->catalog_date);
	json_kv_str(w, "sources", ri->catalog_about);
	json_object_end(w);
	json_kv_str(w, "region", ri->region);
	json_key(w, "scenario");
	write_params(w, ri);
	json_key(w, "overrides");
	write_overrides(w, ri);
	json_key(w, "seed");
	json_uint(w, ri->seed);
	json_kv_int(w, "replication", ri->replication);
	json_kv_str(w, "policy", ri->policy);
	json_object_end(w);
}

/* Runs one writer into a fresh string of compact JSON. */
static char *to_text(const struct run_info *ri,
		     void (*write)(struct json *, const struct run_info *))
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (!fp)
		return NULL;
	struct json w;
	json_init(&w, fp, 0);
	write(&w, ri);
	int rc = json_close(&w);
	if (fclose(fp) != 0 || rc != 0) {
		free(text);
		return NULL;
	}
	if (len > 0 && text[len - 1] == '\n')
		text[len - 1] = '\0';
	return text;
}

char *run_info_params_json(const struct run_info *ri)
{
	return to_text(ri, write_params);
}

char *run_info_overrides_json(const struct run_info *ri)
{
	return to_text(ri, write_overrides);
}
