/*
 * Field value parsers for the trace readers; see tparse.h for the forms
 * accepted.  Numbers on the fast path (plain digits with an optional
 * fraction) are converted by hand; anything else that might be a number
 * (exponents) goes through strtod.
 */
#include "workloads/tparse.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *skip_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static int at_end(const char *s)
{
	return *skip_blank(s) == '\0';
}

/* Reads digits into *v; returns how many were read (0: none, or overflow
 * past 18 digits, which no trace value needs; *ps is then unchanged).  The
 * loop has no test but the digit's: an unsigned sum cannot overflow into
 * undefined behaviour, and its length says afterwards whether it fits. */
static int read_digits(const char **ps, int64_t *v)
{
	const char *s = *ps;
	uint64_t x = 0;
	while ((unsigned)(*s - '0') < 10)
		x = x * 10 + (unsigned)(*s++ - '0');
	if (s - *ps > 18)
		return 0;
	int n = (int)(s - *ps);
	*ps = s;
	*v = (int64_t)x;
	return n;
}

int tp_int64(const char *s, int64_t *out)
{
	s = skip_blank(s);
	int neg = 0;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	int64_t v;
	if (!read_digits(&s, &v) || !at_end(s))
		return -1;
	*out = neg ? -v : v;
	return 0;
}

int tp_double(const char *s, double *out)
{
	s = skip_blank(s);
	if (!*s)
		return -1;
	char *end;
	double v = strtod(s, &end);
	if (end == s || !at_end(end) || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* The form nearly every trace uses, plain seconds ("31405" or "31405.0")
 * after the blanks: digits, perhaps a fraction, blanks to the end.  Gives
 * the value tp_seconds_ms would, without the sign and the clock-mark scans
 * of tp_duration_ms (three quarters of a big trace's time fields); returns
 * 0 for anything else (signs, exponents, clocks, over 15 whole digits),
 * which the general parsers then read. */
static int plain_seconds_ms(const char *p, int64_t *out_ms)
{
	int64_t whole, frac = 0;
	int nw = read_digits(&p, &whole), nf = 0;
	if (nw == 0 || nw > 15)
		return 0;
	if (*p == '.') {
		for (p++; (unsigned)(*p - '0') < 10; p++)
			if (nf < 4) {
				frac = frac * 10 + (*p - '0');
				nf++;
			}
	}
	if (!at_end(p))
		return 0;
	for (; nf < 4; nf++)
		frac *= 10;
	*out_ms = whole * 1000 + (frac + 5) / 10;
	return 1;
}

int tp_seconds_ms(const char *s, int64_t *out_ms)
{
	const char *p = skip_blank(s);
	if (plain_seconds_ms(p, out_ms))
		return 0;
	int neg = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	int64_t whole = 0, frac = 0;
	int nw = read_digits(&p, &whole);
	int nf = 0;
	if (*p == '.') {
		p++;
		/* Keep four digits for rounding to the millisecond. */
		while (*p >= '0' && *p <= '9') {
			if (nf < 4) {
				frac = frac * 10 + (*p - '0');
				nf++;
			}
			p++;
		}
		if (nw == 0 && nf == 0)
			return -1;
	} else if (nw == 0) {
		return -1;
	}
	if (!at_end(p) || whole > INT64_MAX / 1000 - 1) {
		/* Exponent forms and the like: slow path. */
		double v;
		if (tp_double(s, &v) != 0 || fabs(v) > 9.2e15)
			return -1;
		*out_ms = llround(v * 1000.0);
		return 0;
	}
	while (nf < 4) {
		frac *= 10;
		nf++;
	}
	int64_t ms = whole * 1000 + (frac + 5) / 10;
	*out_ms = neg ? -ms : ms;
	return 0;
}

/* Two-digit (or longer) clock component; returns -1 when absent. */
static int clock_part(const char **ps, int64_t *v)
{
	return read_digits(ps, v) ? 0 : -1;
}

/* Bound on a day count or clock component, so that scaling it to
 * milliseconds cannot overflow (a billion days is no job's duration). */
#define CLOCK_PART_MAX 1000000000

int tp_duration_ms(const char *s, int64_t *out_ms)
{
	const char *p = skip_blank(s);
	if (plain_seconds_ms(p, out_ms))
		return 0;
	if (!strchr(p, ':') && !strchr(p, '-'))
		return tp_seconds_ms(s, out_ms) == 0 && *out_ms >= 0 ? 0 : -1;
	int64_t days = 0, parts[3];
	int n = 0, has_days = 0;
	const char *dash = strchr(p, '-');
	if (dash) {
		if (clock_part(&p, &days) != 0 || p != dash ||
		    days > CLOCK_PART_MAX)
			return -1;
		p++;
		has_days = 1;
	}
	/* The last component may carry a fraction; the others are integers. */
	for (;;) {
		if (n == 3)
			return -1;
		const char *colon = strchr(p, ':');
		if (!colon) {
			int64_t ms;
			if (tp_seconds_ms(p, &ms) != 0 || ms < 0)
				return -1;
			parts[n++] = ms;
			break;
		}
		int64_t v;
		if (clock_part(&p, &v) != 0 || p != colon || v > CLOCK_PART_MAX)
			return -1;
		parts[n++] = v * 1000;
		p++;
	}
	int64_t h = 0, m = 0, sec = 0;
	if (has_days) {
		/* D-HH, D-HH:MM, D-HH:MM:SS */
		if (parts[0] % 1000)
			return -1;
		h = parts[0];
		m = n > 1 ? parts[1] : 0;
		sec = n > 2 ? parts[2] : 0;
	} else if (n == 2) {
		m = parts[0];
		sec = parts[1];
	} else if (n == 3) {
		h = parts[0];
		m = parts[1];
		sec = parts[2];
	} else {
		return -1;
	}
	if ((has_days || n == 3) && m >= 60 * 1000)
		return -1;
	if (n >= 2 && sec >= 60 * 1000)
		return -1;
	/* The last component may be as large as tp_seconds_ms allows, so the
	 * sum is checked rather than trusted. */
	int64_t ms, t;
	if (__builtin_mul_overflow(days, 86400000, &ms) ||
	    __builtin_mul_overflow(h, 3600, &t) ||
	    __builtin_add_overflow(ms, t, &ms) ||
	    __builtin_mul_overflow(m, 60, &t) ||
	    __builtin_add_overflow(ms, t, &ms) ||
	    __builtin_add_overflow(ms, sec, &ms))
		return -1;
	*out_ms = ms;
	return 0;
}

int64_t tp_unix_from_civil(int64_t y, int mon, int d, int h, int mi, int s)
{
	/* Days from 1970-01-01 (H. Hinnant's days_from_civil). */
	y -= mon <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + h * 3600 + mi * 60 + s;
}

static int fixed_digits(const char **ps, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*ps)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*ps += n;
	*out = v;
	return 0;
}

int tp_is_date(const char *s)
{
	s = skip_blank(s);
	int v;
	return fixed_digits(&s, 4, &v) == 0 && *s == '-';
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

int tp_iso8601_ms(const char *s, int64_t *out_unix_ms)
{
	const char *p = skip_blank(s);
	int y, mo, d, h, mi, sec;
	if (fixed_digits(&p, 4, &y) || *p++ != '-' ||
	    fixed_digits(&p, 2, &mo) || *p++ != '-' ||
	    fixed_digits(&p, 2, &d) || (*p != 'T' && *p != ' '))
		return -1;
	p++;
	if (fixed_digits(&p, 2, &h) || *p++ != ':' ||
	    fixed_digits(&p, 2, &mi) || *p++ != ':' ||
	    fixed_digits(&p, 2, &sec))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	int64_t frac_ms = 0;
	if (*p == '.') {
		p++;
		int scale = 100, nd = 0;
		while (*p >= '0' && *p <= '9') {
			frac_ms += (*p - '0') * scale;
			scale /= 10;
			p++;
			nd++;
		}
		if (!nd)
			return -1;
	}
	int64_t offset_s = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
		if (fixed_digits(&p, 2, &oh))
			return -1;
		if (*p == ':')
			p++;
		if (*p >= '0' && *p <= '9' && fixed_digits(&p, 2, &om))
			return -1;
		if (oh > 23 || om > 59)
			return -1;
		offset_s = sign * (oh * 3600 + om * 60);
	}
	if (!at_end(p))
		return -1;
	int64_t t = tp_unix_from_civil(y, mo, d, h, mi, sec) - offset_s;
	*out_unix_ms = t * 1000 + frac_ms;
	return 0;
}

int tp_mem_mib(const char *s, int64_t *out_mib, const char **rest)
{
	const char *p = skip_blank(s);
	char *end;
	double v = strtod(p, &end);
	if (end == p || !isfinite(v) || v < 0)
		return -1;
	double mib;
	switch (toupper((unsigned char)*end)) {
	case 'K': mib = v / 1024.0; end++; break;
	case 'M': mib = v; end++; break;
	case 'G': mib = v * 1024.0; end++; break;
	case 'T': mib = v * 1024.0 * 1024.0; end++; break;
	default: mib = v; break;
	}
	if (mib > 9.0e15)
		return -1;
	*out_mib = (int64_t)ceil(mib - 1e-9);
	if (rest)
		*rest = end;
	else if (!at_end(end))
		return -1;
	return 0;
}

int tp_bool(const char *s, int *out)
{
	s = skip_blank(s);
	/* A lone 0 or 1, what generated traces hold in every row, without
	 * the length and the word comparisons. */
	if ((*s == '0' || *s == '1') && at_end(s + 1)) {
		*out = *s == '1';
		return 0;
	}
	static const char *const yes[] = { "true", "yes", "y", "1" };
	static const char *const no[] = { "false", "no", "n", "0" };
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < 4; i++) {
		if (strlen(yes[i]) == len && !strncasecmp(s, yes[i], len)) {
			*out = 1;
			return 0;
		}
		if (strlen(no[i]) == len && !strncasecmp(s, no[i], len)) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}
