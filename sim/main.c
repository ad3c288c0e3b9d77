/*
 * pclsim's entry point: finds the subcommand in the command table and hands
 * it the arguments.  With no subcommand name (first argument an option), the
 * main job, `run`, is meant.
 */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "sim/commands.h"

const struct command commands[] = {
	{ "run", cmd_run, "simulate a trace on a cluster (the default command)" },
	{ "validate", cmd_validate, "check a cluster config as pcluster would" },
	{ "compare", cmd_compare, "run configs or --set variants side by side" },
	{ "sweep", cmd_sweep, "run a grid of what-ifs into one results DB" },
	{ "plan", cmd_plan, "find the cheapest config that meets a target" },
	{ "plot", cmd_plot, "draw plots from a results DB" },
	{ "catalog", cmd_catalog, "list instance types, prices and Spot data" },
	{ "trace", cmd_trace, "inspect, convert or generate job traces" },
	{ "merge", cmd_merge, "join the results DBs of sweep shards" },
	{ "explain", cmd_explain, "say why a job waited (slurm policy)" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: pclsim [run] --config FILE --trace FILE [options]\n"
		"       pclsim COMMAND [options]   (pclsim COMMAND --help)\n"
		"\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-9s %s\n", c->name, c->summary);
	fprintf(out, "\n  --help     this text\n  --version  the version\n");
}

int main(int argc, char **argv)
{
	/* GSL's default handler aborts; every caller checks return codes. */
	gsl_set_error_handler_off();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("pclsim %s\n", PCLSIM_VERSION);
		return EXIT_OK;
	}
	if (argv[1][0] == '-')
		return cmd_run(argc, argv);
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, argv[1]))
			return c->fn(argc - 1, argv + 1);
	fprintf(stderr, "pclsim: unknown command '%s' (see pclsim --help)\n",
		argv[1]);
	return EXIT_USAGE;
}
