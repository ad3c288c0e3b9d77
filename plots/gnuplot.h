/*
 * Running gnuplot.  pclsim draws its plots by handing gnuplot a script and
 * data files; gnuplot is looked up on PATH when a plot is wanted (it is an
 * optional run-time dependency: without it every other output is still
 * written).  The child is started with fork + execv and an argument vector,
 * never through a shell, so no path or label can be interpreted as a
 * command.
 */
#ifndef PCLSIM_GNUPLOT_H
#define PCLSIM_GNUPLOT_H

#include <stddef.h>
#include <stdio.h>

/* What pclsim says when it cannot draw. */
#define GNUPLOT_MISSING_MSG "gnuplot not found on PATH: plots skipped"

/* Finds an executable "gnuplot" in the directories of path_env (a PATH
 * value; NULL or empty finds nothing).  Returns a new string with its full
 * path, or NULL. */
char *gnuplot_find(const char *path_env);

/* Runs `gnuplot script_path` with stdin and stdout on /dev/null.  What it
 * writes on stderr (warnings and errors, which name the script's line) is
 * kept in msg (truncated to msg_size; "" when it said nothing).  Returns 0
 * when gnuplot exited with status 0, else -1 (msg then says why). */
int gnuplot_run(const char *gnuplot, const char *script_path, char *msg,
		size_t msg_size);

/* Writes s as a gnuplot single-quoted string: quotes doubled, control
 * characters replaced by spaces, so a label cannot end the string. */
void gnuplot_quote(FILE *fp, const char *s);

#endif
