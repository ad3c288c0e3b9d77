/* pclsim compare: placeholder until the command is built (see the issues). */
#include <stdio.h>
#include <string.h>

#include "sim/commands.h"

int cmd_compare(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: pclsim compare ...\n(not built yet)\n");
		return EXIT_OK;
	}
	return command_not_built("compare");
}
