/*
 * pclsim merge OUT.db IN1.db IN2.db ...: join the results DBs of sweep
 * shards (or any pclsim results DBs) into one, renumbering the run ids;
 * OUT is written atomically and replaced if it exists.  Exit 0, 1 when an
 * input is bad, 2 usage.
 */
#include <stdio.h>
#include <string.h>

#include "sim/commands.h"
#include "sim/shard.h"

static const char merge_usage[] =
	"usage: pclsim merge OUT.db IN1.db [IN2.db ...]\n"
	"\n"
	"Joins results DBs (e.g. the shards of pclsim sweep --shard K/N) into\n"
	"OUT.db: the runs of IN1, then IN2, ..., numbered 1, 2, ... again.  OUT\n"
	"is built beside its final name and renamed into place when complete.\n"
	"\n"
	"  -h, --help   this text\n";

int cmd_merge(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(merge_usage, stdout);
		return EXIT_OK;
	}
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "pclsim: merge: unknown option '%s'\n", argv[i]);
			fputs(merge_usage, stderr);
			return EXIT_USAGE;
		}
	if (argc < 3) {
		fputs(merge_usage, stderr);
		return EXIT_USAGE;
	}
	char err[1024];
	int64_t runs;
	if (shard_merge(argv[1], (const char *const *)argv + 2,
			(size_t)(argc - 2), &runs, err, sizeof err)) {
		fprintf(stderr, "pclsim: merge: %s\n", err);
		return EXIT_BAD_INPUT;
	}
	printf("merged %d DB%s into %s: %lld runs\n", argc - 2,
	       argc == 3 ? "" : "s", argv[1], (long long)runs);
	return EXIT_OK;
}
