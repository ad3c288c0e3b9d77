/* pclsim plan: placeholder until the command is built (see the issues). */
#include <stdio.h>
#include <string.h>

#include "sim/commands.h"

int cmd_plan(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: pclsim plan ...\n(not built yet)\n");
		return EXIT_OK;
	}
	return command_not_built("plan");
}
