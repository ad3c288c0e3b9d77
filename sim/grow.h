/*
 * Growth of a heap array by doubling: the one way the engine and the models
 * make room in their arrays, so every array grows (and fails) the same way.
 */
#ifndef PCLSIM_GROW_H
#define PCLSIM_GROW_H

#include <stddef.h>
#include <stdlib.h>

/*
 * Make *p (of *cap elements of elem bytes) hold at least need elements.  The
 * first allocation takes first_cap elements (or more if need is larger), and
 * later ones double, so n appends cost O(n) copying.  On failure *p and *cap
 * are unchanged and -1 is returned.
 */
static inline int grow_array(void **p, size_t *cap, size_t need, size_t elem,
			     size_t first_cap)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : first_cap;
	while (ncap < need)
		ncap *= 2;
	void *np = realloc(*p, ncap * elem);
	if (!np)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

#endif
