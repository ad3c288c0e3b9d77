/*
 * A deliberate out-of-bounds read, kept OUT of the test suite: it proves that
 * the sanitized build really instruments the code.  Build and run by hand:
 *   cmake --build build --target oob_canary_san && ./build/oob_canary_san
 * AddressSanitizer must report a heap-buffer-overflow and exit non-zero.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	(void)argv;
	int *v = malloc(4 * sizeof *v);
	if (!v)
		return 1;
	for (int i = 0; i < 4; i++)
		v[i] = i;
	/* argc + 3 is 4 when run without arguments: one past the end. */
	int x = v[argc + 3];
	printf("read %d past the end: the sanitizer did not catch it\n", x);
	free(v);
	return 0;
}
