/*
 * The command-line options compare, sweep and plan share, parsed in one
 * place so the three commands spell them the same way: the run inputs
 * (--trace, --scenario, --policy, --queue-map, --trace-format,
 * --skip-bad-rows), replications and threads, --db, -q, and for sweep and
 * plan the base config with its --set overrides and the space to explore
 * (--instance-types, --max-count, --capacity-type, --placement-group,
 * --fsx-capacity, --fsx-deployment, --axis, and --queue /
 * --compute-resource / --storage saying what the shortcuts change).
 *
 * A command puts WHATIF_INPUT_OPTIONS (and WHATIF_SPACE_OPTIONS) into its
 * getopt_long table and hands every option it does not know itself to
 * whatif_cli_option(), or all of its options to whatif_cli_parse().  Only
 * whatif_cli_parse prints; elsewhere problems come back as text.
 */
#ifndef PCLSIM_WHATIF_CLI_H
#define PCLSIM_WHATIF_CLI_H

#include <getopt.h>
#include <stddef.h>

#include "sim/whatif.h"

#define WHATIF_MAX_REPEATED 64
#define WHATIF_MAX_REPLICATIONS 10000

enum whatif_opt {
	WO_TRACE = 1000, WO_SCENARIO, WO_POLICY, WO_QMAP, WO_FORMAT, WO_SKIP,
	WO_REPS, WO_THREADS, WO_DB, WO_QUIET,
	WO_CONFIG, WO_SET, WO_AXIS, WO_TYPES, WO_MAXCOUNT, WO_CAPACITY,
	WO_PG, WO_FSX_CAP, WO_FSX_DEP, WO_QUEUE, WO_CR, WO_STORAGE,
};

#define WHATIF_INPUT_OPTIONS \
	{ "trace", required_argument, NULL, WO_TRACE }, \
	{ "scenario", required_argument, NULL, WO_SCENARIO }, \
	{ "policy", required_argument, NULL, WO_POLICY }, \
	{ "queue-map", required_argument, NULL, WO_QMAP }, \
	{ "trace-format", required_argument, NULL, WO_FORMAT }, \
	{ "skip-bad-rows", no_argument, NULL, WO_SKIP }, \
	{ "replications", required_argument, NULL, WO_REPS }, \
	{ "threads", required_argument, NULL, WO_THREADS }, \
	{ "db", required_argument, NULL, WO_DB }, \
	{ "quiet", no_argument, NULL, WO_QUIET }

#define WHATIF_SPACE_OPTIONS \
	{ "config", required_argument, NULL, WO_CONFIG }, \
	{ "set", required_argument, NULL, WO_SET }, \
	{ "axis", required_argument, NULL, WO_AXIS }, \
	{ "instance-types", required_argument, NULL, WO_TYPES }, \
	{ "max-count", required_argument, NULL, WO_MAXCOUNT }, \
	{ "capacity-type", required_argument, NULL, WO_CAPACITY }, \
	{ "placement-group", required_argument, NULL, WO_PG }, \
	{ "fsx-capacity", required_argument, NULL, WO_FSX_CAP }, \
	{ "fsx-deployment", required_argument, NULL, WO_FSX_DEP }, \
	{ "queue", required_argument, NULL, WO_QUEUE }, \
	{ "compute-resource", required_argument, NULL, WO_CR }, \
	{ "storage", required_argument, NULL, WO_STORAGE }

/* The help text of those options, for the commands' usage. */
extern const char whatif_input_help[];
extern const char whatif_space_help[];

struct whatif_cli {
	struct whatif_common common;
	const char *db_path;
	int quiet;
	/* sweep and plan: the base config and its overrides */
	const char *config_path;
	const char *set_args[WHATIF_MAX_REPEATED];
	size_t n_sets;
	/* the space, as given; turned into a grid by whatif_cli_grid() */
	const char *queue, *cr, *storage;
	const char *instance_types, *max_count, *capacity_type,
		   *placement_group, *fsx_capacity, *fsx_deployment;
	const char *axis_args[WHATIF_MAX_REPEATED];
	size_t n_axes;
	struct queue_map maps[WHATIF_MAX_REPEATED];
	char map_from[WHATIF_MAX_REPEATED][128];
};

void whatif_cli_init(struct whatif_cli *c);

/* Handles option id with its argument.  Returns 0 when handled, 1 when the
 * option is not one of these, -1 with a message in err when its argument
 * is wrong. */
int whatif_cli_option(struct whatif_cli *c, int id, const char *arg,
		      char *err, size_t err_size);

/* A command's whole option loop: getopt_long over argv with opts and the
 * short options -q and -h.  Each option goes first to own(ctx, id, arg),
 * which returns 0 when it handled it, -1 when its argument is wrong (the
 * message printed) and 1 when it is not the command's own, and then to
 * whatif_cli_option.  A stray argument is an error.  The one function here
 * that prints: a usage error, to stderr, as the commands' own do.  Returns
 * 1 for --help, -1 on a usage error, else 0. */
int whatif_cli_parse(int argc, char **argv, const struct option *opts,
		     int (*own)(void *ctx, int id, const char *arg),
		     void *ctx, struct whatif_cli *w);

/* The base variant of sweep and plan: --config with its --set overrides,
 * named "base".  Returns 0, or -1 with a message in err. */
int whatif_cli_base(const struct whatif_cli *c, struct whatif_variant *base,
		    char *err, size_t err_size);

/* The grid the space options describe: instance types expanded against the
 * catalog in region (the base config's Region), then MaxCount,
 * CapacityType, PlacementGroup, FSx capacity and deployment, then each
 * --axis in order.  Returns 0, or -1 with errors in d. */
int whatif_cli_grid(const struct whatif_cli *c, const struct catalog *cat,
		    const char *region, struct whatif_grid *g,
		    struct diags *d);

/* A sweep's or plan's points run into the DB. */
struct whatif_study {
	struct whatif_variant base;
	struct whatif_grid grid;
	size_t grid_size;
	size_t *points;               /* grid indices run: one shard's slice */
	size_t n_points;
	struct whatif_variant *variants; /* one per point */
	uint32_t reps;
	struct whatif_run *runs;      /* runs[i * reps + r] */
	long failed;                  /* runs that failed */
};

/* Builds the base variant and the grid, runs the points of shard k of n
 * (0/0: all) with their replications, adding every run to --db.  Returns 0
 * (runs may still have failed: s->failed), or -1 with errors in d when
 * nothing could be run. */
int whatif_cli_study(const struct whatif_cli *c, unsigned shard_k,
		     unsigned shard_n, struct whatif_study *s,
		     struct diags *d);
void whatif_study_free(struct whatif_study *s);

/* A one-line description of the grid's shape: "24 points: InstanceType x 4,
 * MaxCount x 3, CapacityType x 2". */
void whatif_grid_describe(const struct whatif_grid *g, char *buf,
			  size_t size);

#endif
