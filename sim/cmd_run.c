/* pclsim run: placeholder that parses the documented options until the
 * simulation lands (see the Slurm model issue). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sim/commands.h"

static const char run_usage[] =
	"usage: pclsim [run] --config FILE --trace FILE [options]\n";

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "trace", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	optind = 0;
	int ch;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'h') {
			fputs(run_usage, stdout);
			return EXIT_OK;
		}
		if (ch == '?') {
			fputs(run_usage, stderr);
			return EXIT_USAGE;
		}
	}
	return command_not_built("run");
}
