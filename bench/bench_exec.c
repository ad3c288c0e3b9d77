/*
 * bench_exec: runs one command and reports what it cost, for the harness
 * (bench/run_bench.sh):
 *   bench_exec [--stdout FILE] [--stderr FILE] [--timeout S] [--mem-limit-mib M]
 *              -- COMMAND [ARG]...
 * prints "wall_s,user_s,sys_s,maxrss_kib,status" (one line) on its own
 * stdout, after the command has finished, and exits with the command's
 * status (124 when killed at the timeout) so a failed run is not mistaken
 * for a measurement.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench/benchlib.h"

static const char usage[] =
	"usage: bench_exec [--stdout FILE] [--stderr FILE] [--timeout SECONDS]\n"
	"                  [--mem-limit-mib MIB] -- COMMAND [ARG]...\n"
	"Prints wall_s,user_s,sys_s,maxrss_kib,status of the command.\n";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stdout", required_argument, NULL, 'o' },
		{ "stderr", required_argument, NULL, 'e' },
		{ "timeout", required_argument, NULL, 't' },
		{ "mem-limit-mib", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench_exec_opts o = { 0 };
	char *end;
	int ch;
	/* '+': stop at the first non-option, so the command's own options
	 * are left alone even without "--". */
	while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': o.stdout_path = optarg; break;
		case 'e': o.stderr_path = optarg; break;
		case 'm':
			o.mem_limit_mib = strtol(optarg, &end, 10);
			if (*end || o.mem_limit_mib <= 0) {
				fprintf(stderr, "bench_exec: --mem-limit-mib wants MiB > 0, got '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 't':
			o.timeout_s = strtod(optarg, &end);
			if (*end || !(o.timeout_s > 0)) {
				fprintf(stderr, "bench_exec: --timeout wants seconds > 0, got '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	struct bench_child c;
	if (bench_exec(argv + optind, &o, &c)) {
		perror("bench_exec");
		return 2;
	}
	printf("%.4f,%.3f,%.3f,%ld,%d\n", c.wall_s, c.user_s, c.sys_s,
	       c.maxrss_kib, c.status);
	return c.status;
}
