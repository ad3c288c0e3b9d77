/*
 * The gnuplot templates, one per plot type, embedded in the binary
 * (plots/templates.c is generated from plots/templates/NAME.gp by
 * plots/gen_templates.py).  Each template documents at its top the
 * variables the driver defines before it.
 */
#ifndef PCLSIM_PLOT_TEMPLATES_H
#define PCLSIM_PLOT_TEMPLATES_H

struct plot_template {
	const char *name;   /* file name without .gp */
	const char *text;
};

/* Ends with { NULL, NULL }. */
extern const struct plot_template plot_templates[];

/* The template of that name, or NULL. */
const char *plot_template(const char *name);

#endif
