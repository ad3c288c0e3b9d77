/*
 * The shareable report (`--report FILE.html`): one self-contained HTML page
 * for a capacity-planning review, read from the results DB: summary tables
 * per run and per config (mean and 95 % interval of replications), the
 * cost breakdown, the plots as inline SVG, the config digest (inputs with
 * their SHA-256, overrides, the instances launched per queue) and the
 * assumptions (catalog date and sources, region, policy, scenario
 * parameters, seeds).  It references nothing outside itself: no scripts,
 * style sheets, fonts or images from the network, so it can be attached to
 * a review and opened offline.  Nothing in it depends on the wall clock.
 */
#ifndef PCLSIM_REPORT_HTML_H
#define PCLSIM_REPORT_HTML_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct diags;
struct plot_set;
typedef struct sqlite3 sqlite3;

struct report_input {
	sqlite3 *db;
	const int64_t *run_ids;
	size_t n_runs;
	const struct plot_set *plots;  /* plots with their SVG; may be NULL */
	const struct diags *notes;     /* notes and warnings to show; may be NULL */
	const char *source;            /* the DB's name as the user gave it */
};

/* Writes the page to fp.  Returns 0, or -1 with err set when the DB cannot
 * be read. */
int report_html_emit(FILE *fp, const struct report_input *in, char *err,
		     size_t err_size);

/* Writes the page to path atomically (sim/outfile.h).  Returns 0, or -1
 * with a message naming the file in err. */
int report_html_write(const char *path, const struct report_input *in,
		      char *err, size_t err_size);

/* Writes gnuplot's SVG as an element to inline into HTML: without the XML
 * prolog and namespace declarations, every id (and reference to one)
 * prefixed with prefix so several plots can share a page. */
void report_inline_svg(FILE *fp, const char *svg, const char *prefix);

#endif
