/*
 * pclsim explain JOB_ID --config FILE --trace FILE [run options]: runs the
 * simulation as `pclsim run` would and prints only why that job waited
 * (the slurm policy's record: how it started, what held it back, which
 * timers and booting nodes it waited for).  The same as
 * `pclsim run ... --explain JOB_ID -q`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/commands.h"

static const char explain_usage[] =
	"usage: pclsim explain JOB_ID --config FILE --trace FILE [run options]\n"
	"\n"
	"Simulates as `pclsim run` does (same options, see pclsim run --help)\n"
	"and prints why job JOB_ID waited: how it started (main scheduler or\n"
	"backfill cycle), the plan or shortage that held it at the last backfill\n"
	"cycle, and the resume, registration and periodic-check times of the\n"
	"dynamic nodes it waited for.\n";

int cmd_explain(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(explain_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "pclsim explain: the job id comes first, got '%s'\n",
			argv[1]);
		fputs(explain_usage, stderr);
		return EXIT_USAGE;
	}
	/* run ARGS... --explain JOB_ID -q */
	char **args = calloc((size_t)argc + 4, sizeof *args);
	if (!args) {
		fprintf(stderr, "pclsim: out of memory\n");
		return EXIT_BAD_INPUT;
	}
	int n = 0;
	args[n++] = "run";
	for (int i = 2; i < argc; i++)
		args[n++] = argv[i];
	args[n++] = "--explain";
	args[n++] = argv[1];
	args[n++] = "-q";
	int status = cmd_run(n, args);
	free(args);
	return status;
}
