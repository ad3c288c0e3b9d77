/*
 * The command table: one entry per subcommand, one file per command
 * (sim/cmd_NAME.c), as tmux does it.  Each command parses its own options and
 * returns the process exit status: 0 success, 1 bad input or failed
 * simulation, 2 usage error.
 */
#ifndef PCLSIM_COMMANDS_H
#define PCLSIM_COMMANDS_H

#include <stdio.h>

#define EXIT_OK 0
#define EXIT_BAD_INPUT 1
#define EXIT_USAGE 2

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);   /* argv[0] is the command name */
	const char *summary;
};

int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_explain(int argc, char **argv);

extern const struct command commands[];

#endif
