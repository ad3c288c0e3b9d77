/*
 * pclsim catalog: the bundled catalog as a table that helps choose instance
 * types for a region (filters, sort orders, CSV or JSON for scripts), the
 * storage prices, and where the data comes from (--about).  --catalog FILE
 * shows the prices with a user's private overrides applied.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/catalog/catalog.h"
#include "sim/commands.h"
#include "sim/diag.h"
#include "sim/json.h"

enum sort_key { SORT_NAME, SORT_PRICE, SORT_PRICE_PER_VCPU, SORT_SPOT_SAVINGS,
		SORT_INTERRUPTION, SORT_VCPUS };
enum format { FMT_TABLE, FMT_CSV, FMT_JSON };

#define MAX_FILTERS 32

struct catalog_opts {
	const char *region;
	const char *families[MAX_FILTERS];
	int n_families;
	const char *types[MAX_FILTERS];
	int n_types;
	const char *arch;
	int min_vcpus;
	double min_memory_gib;
	int efa, gpu, all;
	enum sort_key sort;
	enum format format;
	int about, storage;
	const char *catalog_path;
};

struct row {
	const struct instance_type *it;
	struct instance_price p;
	int offered;
	double key[2];            /* sort keys, see sort_keys() */
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: pclsim catalog [--region R] [--family F[,F...]] [--type T[,T...]]\n"
		"                      [--min-vcpus N] [--min-memory GIB] [--arch x86_64|arm64]\n"
		"                      [--efa] [--gpu] [--all]\n"
		"                      [--sort name|price|price-per-vcpu|spot-savings|interruption|vcpus]\n"
		"                      [--csv|--json] [--catalog FILE]\n"
		"       pclsim catalog --storage [--region R] [--csv|--json] [--catalog FILE]\n"
		"       pclsim catalog --about [--catalog FILE]\n"
		"\n"
		"Lists instance types with their shape and prices in one region (default\n"
		"us-east-1): only types with an On-Demand price there unless --all.\n"
		"Spot $/h is derived from the Spot Instance Advisor's typical savings;\n"
		"'interrupt' is its monthly interruption-frequency bucket.\n"
		"\n"
		"  --catalog FILE  private prices (CSV: instance_type,region, and any of\n"
		"                  ondemand_usd_per_hour, spot_usd_per_hour, discount_pct,\n"
		"                  spot_discount_pct; see docs/catalog.md)\n"
		"  --storage       FSx for Lustre, EBS and EFS prices for the region\n"
		"  --about         data sources, dates, licences and row counts\n");
}

/* ---- options ------------------------------------------------------------ */

static int split_list(char *arg, const char **out, int *n, const char *opt)
{
	for (char *tok = strtok(arg, ","); tok; tok = strtok(NULL, ",")) {
		if (*n == MAX_FILTERS) {
			fprintf(stderr, "pclsim catalog: too many values for %s\n", opt);
			return -1;
		}
		out[(*n)++] = tok;
	}
	return 0;
}

static int parse_sort(const char *s, enum sort_key *out)
{
	static const char *const names[] = { "name", "price", "price-per-vcpu",
		"spot-savings", "interruption", "vcpus" };
	for (int i = 0; i < 6; i++)
		if (!strcmp(s, names[i])) {
			*out = (enum sort_key)i;
			return 0;
		}
	fprintf(stderr, "pclsim catalog: --sort takes name, price, price-per-vcpu, "
		"spot-savings, interruption or vcpus, not '%s'\n", s);
	return -1;
}

static int parse_number(const char *opt, const char *s, double min, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (*s == '\0' || *end || !(v >= min)) {
		fprintf(stderr, "pclsim catalog: %s needs a number >= %g, not '%s'\n",
			opt, min, s);
		return -1;
	}
	*out = v;
	return 0;
}

/* An option's value: "--opt=V" or "--opt V".  NULL (with a message) when
 * missing. */
static char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (*i + 1 >= argc) {
		fprintf(stderr, "pclsim catalog: %s needs a value\n", name);
		return NULL;
	}
	return argv[++*i];
}

static int is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

static int parse_value_opt(struct catalog_opts *o, const char *opt, char *v)
{
	double x;
	if (!strcmp(opt, "--region"))
		o->region = v;
	else if (!strcmp(opt, "--family"))
		return split_list(v, o->families, &o->n_families, opt);
	else if (!strcmp(opt, "--type"))
		return split_list(v, o->types, &o->n_types, opt);
	else if (!strcmp(opt, "--arch"))
		o->arch = v;
	else if (!strcmp(opt, "--sort"))
		return parse_sort(v, &o->sort);
	else if (!strcmp(opt, "--catalog"))
		o->catalog_path = v;
	else if (!strcmp(opt, "--min-vcpus")) {
		if (parse_number(opt, v, 0, &x))
			return -1;
		if (x > 1e6)
			x = 1e6;
		o->min_vcpus = (int)x;
	} else if (!strcmp(opt, "--min-memory"))
		return parse_number(opt, v, 0, &o->min_memory_gib);
	return 0;
}

static int parse_flag(struct catalog_opts *o, const char *a)
{
	struct { const char *name; int *flag; } flags[] = {
		{ "--efa", &o->efa }, { "--gpu", &o->gpu }, { "--all", &o->all },
		{ "--about", &o->about }, { "--storage", &o->storage },
	};
	for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
		if (!strcmp(a, flags[k].name)) {
			*flags[k].flag = 1;
			return 0;
		}
	if (!strcmp(a, "--csv"))
		o->format = FMT_CSV;
	else if (!strcmp(a, "--json"))
		o->format = FMT_JSON;
	else
		return -1;
	return 0;
}

/* Returns -1 on a usage error, 1 for --help, 0 otherwise. */
static int parse_args(int argc, char **argv, struct catalog_opts *o)
{
	static const char *const valued[] = { "--region", "--family", "--type",
		"--arch", "--sort", "--catalog", "--min-vcpus", "--min-memory" };
	memset(o, 0, sizeof *o);
	o->region = "us-east-1";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h"))
			return 1;
		if (parse_flag(o, a) == 0)
			continue;
		size_t k = 0;
		while (k < sizeof valued / sizeof valued[0] && !is_opt(a, valued[k]))
			k++;
		if (k == sizeof valued / sizeof valued[0]) {
			fprintf(stderr, "pclsim catalog: unknown option '%s' "
				"(see pclsim catalog --help)\n", a);
			return -1;
		}
		char *v = option_value(argc, argv, &i, valued[k]);
		if (!v || parse_value_opt(o, valued[k], v))
			return -1;
	}
	return 0;
}

/* ---- checking names against the catalog --------------------------------- */

static void print_suggestions(const char **s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%s", i ? ", " : "; did you mean ", s[i]);
	fprintf(stderr, "%s\n", n ? "?" : "");
}

static int check_names(const struct catalog *c, const struct catalog_opts *o)
{
	const char *s[4];
	if (!catalog_region_known(c, o->region)) {
		fprintf(stderr, "pclsim catalog: unknown region '%s'", o->region);
		print_suggestions(s, catalog_suggest_region(c, o->region, s, 4));
		return -1;
	}
	for (int i = 0; i < o->n_families; i++)
		if (!catalog_family_known(c, o->families[i])) {
			fprintf(stderr, "pclsim catalog: unknown instance family '%s'",
				o->families[i]);
			print_suggestions(s, catalog_suggest_family(c, o->families[i],
								    s, 4));
			return -1;
		}
	for (int i = 0; i < o->n_types; i++)
		if (!catalog_instance(c, o->types[i])) {
			fprintf(stderr, "pclsim catalog: unknown instance type '%s'",
				o->types[i]);
			print_suggestions(s, catalog_suggest(c, o->types[i], s, 4));
			return -1;
		}
	if (o->arch && strcmp(o->arch, "x86_64") && strcmp(o->arch, "arm64")) {
		fprintf(stderr, "pclsim catalog: --arch is x86_64 or arm64, not '%s'\n",
			o->arch);
		return -1;
	}
	return 0;
}

/* ---- selecting and sorting ---------------------------------------------- */

static int in_list(const char *s, const char *const *list, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

static int wanted(const struct catalog_opts *o, const struct row *r)
{
	const struct instance_type *it = r->it;
	if (!r->offered && !o->all)
		return 0;
	if (o->n_families && !in_list(it->family, o->families, o->n_families))
		return 0;
	if (o->n_types && !in_list(it->name, o->types, o->n_types))
		return 0;
	if (o->arch && strcmp(it->arch, o->arch))
		return 0;
	if (it->vcpus < o->min_vcpus ||
	    it->memory_mib < o->min_memory_gib * 1024)
		return 0;
	return (!o->efa || it->efa) && (!o->gpu || it->gpus > 0);
}

/* A value, or +infinity when unknown (< 0) so unknowns sort last. */
static double known(double v)
{
	return v >= 0 ? v : INFINITY;
}

/* The sort keys of a row, smallest first. */
static void sort_keys(enum sort_key by, struct row *r)
{
	double od = r->p.ondemand_usd_per_hour;
	r->key[0] = r->key[1] = 0;
	switch (by) {
	case SORT_PRICE:
		r->key[0] = known(od);
		break;
	case SORT_PRICE_PER_VCPU:
		r->key[0] = od < 0 ? INFINITY : od / r->it->vcpus;
		break;
	case SORT_SPOT_SAVINGS:   /* biggest saving first */
		r->key[0] = r->p.spot_bucket < 0 ? INFINITY :
			    100 - r->p.spot_savings_pct;
		break;
	case SORT_INTERRUPTION:   /* least interrupted, then cheapest Spot */
		r->key[0] = known(r->p.spot_bucket);
		r->key[1] = known(r->p.spot_usd_per_hour);
		break;
	case SORT_VCPUS:
		r->key[0] = r->it->vcpus;
		break;
	case SORT_NAME:
		break;
	}
}

static int cmp_rows(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	for (int k = 0; k < 2; k++)
		if (a->key[k] != b->key[k])
			return a->key[k] < b->key[k] ? -1 : 1;
	return strcmp(a->it->name, b->it->name);
}

static struct row *select_rows(const struct catalog *c,
			       const struct catalog_opts *o, size_t *n_out)
{
	size_t n_types = catalog_instance_count(c), n = 0;
	struct row *rows = malloc(n_types * sizeof *rows);
	if (!rows)
		return NULL;
	for (size_t i = 0; i < n_types; i++) {
		struct row *r = &rows[n];
		r->it = catalog_instance_at(c, i);
		r->offered = catalog_price(c, r->it, o->region, &r->p) == 0;
		sort_keys(o->sort, r);
		if (wanted(o, r))
			n++;
	}
	qsort(rows, n, sizeof *rows, cmp_rows);
	*n_out = n;
	return rows;
}

/* ---- output ------------------------------------------------------------- */

static void gpu_text(const struct instance_type *it, char *buf, size_t size)
{
	if (it->gpus > 0)
		snprintf(buf, size, "%dx%s", it->gpus, it->gpu_name);
	else if (it->accelerators > 0)
		snprintf(buf, size, "%dx%s", it->accelerators, it->accelerator_name);
	else
		snprintf(buf, size, "-");
}

static void money(double v, char *buf, size_t size)
{
	if (v < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.4f", v);
}

static void print_table(const struct catalog *c, const struct catalog_opts *o,
			const struct row *rows, size_t n)
{
	printf("%-20s %5s %5s %8s %-20s %8s %-3s %9s %10s %5s %s\n", "type",
	       "vcpus", "cores", "mem_gib", "gpus", "net_gbps", "efa", "od_usd_h",
	       "spot_usd_h", "save%", "interrupt");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		char gpus[48], od[24], spot[24], save[12];
		gpu_text(r->it, gpus, sizeof gpus);
		money(r->p.ondemand_usd_per_hour, od, sizeof od);
		money(r->p.spot_usd_per_hour, spot, sizeof spot);
		if (r->p.spot_bucket >= 0)
			snprintf(save, sizeof save, "%d", r->p.spot_savings_pct);
		else
			snprintf(save, sizeof save, "-");
		printf("%-20s %5d %5d %8.1f %-20s %8.1f %-3s %9s %10s %5s %s\n",
		       r->it->name, r->it->vcpus, r->it->physical_cores,
		       r->it->memory_mib / 1024.0, gpus, r->it->network_gbps,
		       r->it->efa ? "yes" : "no", od, spot, save,
		       catalog_spot_bucket_label(r->p.spot_bucket));
	}
	printf("\n%zu instance types in %s.  Data: %s.\n"
	       "Spot $/h is derived (On-Demand x (1 - typical savings)); "
	       "interrupt = monthly interruption frequency.\n",
	       n, o->region, catalog_data_date(c));
	if (catalog_override_count(c))
		printf("Private prices applied from %s.\n", o->catalog_path);
}

static void print_csv(const struct row *rows, size_t n)
{
	printf("instance_type,family,arch,vcpus,physical_cores,threads_per_core,"
	       "memory_gib,gpus,gpu_name,gpu_memory_gib,network_gbps,efa,"
	       "cluster_placement,speed_index,ondemand_usd_per_hour,"
	       "ondemand_price_date,spot_usd_per_hour,spot_savings_pct,"
	       "interruption_bucket\n");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		const struct instance_type *it = r->it;
		char od[24] = "", spot[24] = "", save[12] = "";
		if (r->p.ondemand_usd_per_hour >= 0)
			snprintf(od, sizeof od, "%.6g", r->p.ondemand_usd_per_hour);
		if (r->p.spot_usd_per_hour >= 0)
			snprintf(spot, sizeof spot, "%.6g", r->p.spot_usd_per_hour);
		if (r->p.spot_bucket >= 0)
			snprintf(save, sizeof save, "%d", r->p.spot_savings_pct);
		printf("%s,%s,%s,%d,%d,%d,%g,%d,%s,%g,%g,%d,%d,%g,%s,%s,%s,%s,%s\n",
		       it->name, it->family, it->arch, it->vcpus, it->physical_cores,
		       it->threads_per_core, it->memory_mib / 1024.0, it->gpus,
		       it->gpu_name, it->gpu_memory_gib, it->network_gbps, it->efa,
		       it->cluster_placement, it->speed_index, od,
		       r->p.ondemand_date ? r->p.ondemand_date : "", spot, save,
		       r->p.spot_bucket >= 0 ?
		       catalog_spot_bucket_label(r->p.spot_bucket) : "");
	}
}

static void json_price(struct json *w, const char *key, double v)
{
	json_key(w, key);
	if (v < 0)
		json_null(w);
	else
		json_num(w, v);
}

static void json_row(struct json *w, const struct row *r)
{
	const struct instance_type *it = r->it;
	json_object_begin(w);
	json_kv_str(w, "instance_type", it->name);
	json_kv_str(w, "family", it->family);
	json_kv_str(w, "arch", it->arch);
	json_kv_int(w, "vcpus", it->vcpus);
	json_kv_int(w, "physical_cores", it->physical_cores);
	json_kv_int(w, "threads_per_core", it->threads_per_core);
	json_kv_int(w, "memory_mib", it->memory_mib);
	json_kv_int(w, "gpus", it->gpus);
	json_kv_str(w, "gpu_name", it->gpu_name);
	json_kv_num(w, "gpu_memory_gib", it->gpu_memory_gib);
	json_kv_num(w, "network_gbps", it->network_gbps);
	json_key(w, "efa");
	json_bool(w, it->efa);
	json_key(w, "cluster_placement");
	json_bool(w, it->cluster_placement);
	json_kv_num(w, "speed_index", it->speed_index);
	json_price(w, "ondemand_usd_per_hour", r->p.ondemand_usd_per_hour);
	json_kv_str(w, "ondemand_price_date", r->p.ondemand_date);
	json_price(w, "spot_usd_per_hour", r->p.spot_usd_per_hour);
	json_key(w, "spot_savings_pct");
	if (r->p.spot_bucket >= 0)
		json_int(w, r->p.spot_savings_pct);
	else
		json_null(w);
	json_kv_str(w, "interruption_bucket", r->p.spot_bucket >= 0 ?
		    catalog_spot_bucket_label(r->p.spot_bucket) : NULL);
	json_object_end(w);
}

static int print_json(const struct catalog *c, const struct catalog_opts *o,
		      const struct row *rows, size_t n)
{
	struct json w;
	json_init(&w, stdout, 2);
	json_object_begin(&w);
	json_kv_str(&w, "region", o->region);
	json_kv_str(&w, "data_date", catalog_data_date(c));
	json_kv_str(&w, "spot_price_basis",
		    "derived: On-Demand x (1 - Spot Advisor typical savings)");
	json_kv_str(&w, "private_prices", o->catalog_path);
	json_key(&w, "instance_types");
	json_array_begin(&w);
	for (size_t i = 0; i < n; i++)
		json_row(&w, &rows[i]);
	json_array_end(&w);
	json_object_end(&w);
	return json_close(&w);
}

static void print_about(const struct catalog *c)
{
	printf("%s", catalog_about(c));
	printf("Data dates: %s\n", catalog_data_date(c));
	printf("Regions (%zu) with On-Demand prices per instance type:\n",
	       catalog_region_count(c));
	size_t n_types = catalog_instance_count(c);
	for (size_t r = 0; r < catalog_region_count(c); r++) {
		const char *region = catalog_region_at(c, r);
		size_t offered = 0;
		struct instance_price p;
		for (size_t i = 0; i < n_types; i++)
			offered += catalog_price(c, catalog_instance_at(c, i),
						 region, &p) == 0;
		printf("  %-16s %5zu%s", region, offered, r % 4 == 3 ? "\n" : "");
	}
	printf("\nSee models/catalog/README.md for columns and derivations.\n");
}

/* ---- storage ------------------------------------------------------------ */

static const struct { enum fsx_deployment dep; int per_unit, hdd; } fsx_tiers[] = {
	{ FSX_SCRATCH_1, 0, 0 }, { FSX_SCRATCH_2, 0, 0 },
	{ FSX_PERSISTENT_1, 50, 0 }, { FSX_PERSISTENT_1, 100, 0 },
	{ FSX_PERSISTENT_1, 200, 0 }, { FSX_PERSISTENT_1, 12, 1 },
	{ FSX_PERSISTENT_1, 40, 1 }, { FSX_PERSISTENT_2, 125, 0 },
	{ FSX_PERSISTENT_2, 250, 0 }, { FSX_PERSISTENT_2, 500, 0 },
	{ FSX_PERSISTENT_2, 1000, 0 },
};

static const char *const ebs_kinds[][2] = {
	{ "gp3", "USD/GB-month" }, { "gp2", "USD/GB-month" },
	{ "io1", "USD/GB-month" }, { "io2", "USD/GB-month" },
	{ "st1", "USD/GB-month" }, { "sc1", "USD/GB-month" },
	{ "snapshot", "USD/GB-month" },
	{ "gp3-iops", "USD/IOPS-month above 3000" },
	{ "gp3-throughput", "USD/GiBps-month above 125 MB/s" },
	{ "io1-iops", "USD/IOPS-month" },
	{ "io2-iops", "USD/IOPS-month up to 32000" },
	{ "io2-iops-tier2", "USD/IOPS-month 32001-64000" },
	{ "io2-iops-tier3", "USD/IOPS-month above 64000" },
};

static void print_storage_line(enum format fmt, const char *service,
			       const char *item, double usd, const char *unit,
			       const char *basis, const char *verification)
{
	if (fmt == FMT_CSV)
		printf("%s,%s,%.6g,%s,%s,%s\n", service, item, usd, unit, basis,
		       verification);
	else
		printf("%-8s %-22s %10.5g  %-32s %-14s %s\n", service, item, usd,
		       unit, basis, verification);
}

static void print_storage(const struct catalog *c, const struct catalog_opts *o)
{
	if (o->format == FMT_CSV)
		printf("service,item,usd,unit,price_region,verification\n");
	else
		printf("%-8s %-22s %10s  %-32s %-14s %s\n", "service", "item", "usd",
		       "unit", "price_region", "verification");
	for (size_t i = 0; i < sizeof fsx_tiers / sizeof fsx_tiers[0]; i++) {
		struct storage_price sp;
		char item[48];
		if (catalog_fsx_price(c, o->region, fsx_tiers[i].dep,
				      fsx_tiers[i].per_unit, fsx_tiers[i].hdd, &sp))
			continue;
		snprintf(item, sizeof item, "%s%s%.0d%s",
			 catalog_fsx_deployment_name(fsx_tiers[i].dep),
			 fsx_tiers[i].per_unit ? "-" : "", fsx_tiers[i].per_unit,
			 fsx_tiers[i].hdd ? "-HDD" : "");
		print_storage_line(o->format, "fsx", item, sp.usd, "USD/GB-month",
				   sp.price_region, sp.verification);
	}
	for (size_t i = 0; i < sizeof ebs_kinds / sizeof ebs_kinds[0]; i++) {
		double usd = catalog_ebs_price(c, o->region, ebs_kinds[i][0]);
		if (usd >= 0)
			print_storage_line(o->format, "ebs", ebs_kinds[i][0], usd,
					   ebs_kinds[i][1], o->region, "list-price");
	}
	struct storage_price sp;
	if (catalog_efs_price(c, o->region, &sp) == 0)
		print_storage_line(o->format, "efs", "standard", sp.usd,
				   "USD/GB-month", sp.price_region, sp.verification);
}

/* ---- the command -------------------------------------------------------- */

static int list_types(const struct catalog *c, const struct catalog_opts *o)
{
	size_t n;
	struct row *rows = select_rows(c, o, &n);
	if (!rows) {
		fprintf(stderr, "pclsim catalog: out of memory\n");
		return EXIT_BAD_INPUT;
	}
	int status = EXIT_OK;
	if (o->format == FMT_JSON)
		status = print_json(c, o, rows, n) ? EXIT_BAD_INPUT : EXIT_OK;
	else if (o->format == FMT_CSV)
		print_csv(rows, n);
	else
		print_table(c, o, rows, n);
	free(rows);
	return status;
}

int cmd_catalog(int argc, char **argv)
{
	struct catalog_opts o;
	int rc = parse_args(argc, argv, &o);
	if (rc > 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (rc < 0)
		return EXIT_USAGE;
	const struct catalog *c = catalog_builtin();
	struct catalog *own = NULL;
	if (o.catalog_path) {
		struct diags d;
		diags_init(&d);
		own = catalog_with_overrides(c, o.catalog_path, &d);
		diags_print(&d, stderr);
		diags_free(&d);
		if (!own)
			return EXIT_BAD_INPUT;
		c = own;
	}
	int status = EXIT_OK;
	if (check_names(c, &o))
		status = EXIT_BAD_INPUT;
	else if (o.about)
		print_about(c);
	else if (o.storage)
		print_storage(c, &o);
	else
		status = list_types(c, &o);
	if (fflush(stdout) != 0)
		status = EXIT_BAD_INPUT;
	catalog_free(own);
	return status;
}
