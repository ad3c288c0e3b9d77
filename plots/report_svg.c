/*
 * Inlining gnuplot's SVG into the HTML report: an HTML page knows the SVG
 * namespace, so the XML prolog and the xmlns declarations (URLs that a
 * strict offline check would flag) are dropped, and ids are made unique per
 * plot, since every gnuplot SVG defines the same ones (gpPt0, gnuplot_canvas,
 * ...) and a page holds several.
 */
#include "plots/report_html.h"

#include <string.h>

/* Length of an attribute value starting at its opening quote, quotes
 * included; 0 when p is not a quote. */
static size_t quoted_len(const char *p)
{
	if (*p != '"' && *p != '\'')
		return 0;
	const char *end = strchr(p + 1, *p);
	return end ? (size_t)(end - p) + 1 : strlen(p);
}

void report_inline_svg(FILE *fp, const char *svg, const char *prefix)
{
	const char *p = strstr(svg, "<svg");
	if (!p)
		return;
	static const char *const refs[] = { "id=", "href=", "url(#" };
	while (*p) {
		if (!strncmp(p, "xmlns", 5) && (p[5] == '=' || p[5] == ':')) {
			const char *eq = strchr(p, '=');
			size_t q = eq ? quoted_len(eq + 1) : 0;
			if (q) {
				p = eq + 1 + q;
				continue;
			}
		}
		size_t i = 0;
		for (; i < sizeof refs / sizeof *refs; i++)
			if (!strncmp(p, refs[i], strlen(refs[i])) &&
			    (i == 2 || p[-1] == ' ' || p[-1] == ':' ||
			     p[-1] == '\t' || p[-1] == '\n'))
				break;
		if (i == sizeof refs / sizeof *refs) {
			fputc(*p++, fp);
			continue;
		}
		size_t len = strlen(refs[i]);
		fwrite(p, 1, len, fp);
		p += len;
		if (i < 2 && (*p == '"' || *p == '\''))
			fputc(*p++, fp);
		if (i == 1 && *p != '#')
			continue;          /* not a reference inside the SVG */
		if (i == 1)
			fputc(*p++, fp);
		fputs(prefix, fp);
	}
}
