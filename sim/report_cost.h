/*
 * The cost section of the human summary printed on stdout: the total, the
 * bill's lines, the split between work and idle time, the top users and
 * accounts, and the cost-allocation tags.  The run report calls it; the
 * figures are the cost model's rounded amounts, so they agree with the JSON
 * and the results DB to the cent.
 */
#ifndef PCLSIM_REPORT_COST_H
#define PCLSIM_REPORT_COST_H

#include <stdio.h>

struct cost_summary;

/* How many users and accounts the section lists (the largest first). */
#define REPORT_COST_TOP 5

void report_cost(FILE *out, const struct cost_summary *c);

#endif
