/*
 * Parsers for the values job traces hold: integers, seconds with decimals,
 * Slurm durations, ISO-8601 timestamps, memory sizes and booleans.  Every
 * parser takes a whole NUL-terminated field (surrounding blanks allowed)
 * and returns 0, or -1 when the field is not entirely one such value, so the
 * reader can say "field 'runtime': 'abc' is not a duration".  They are
 * hand-written rather than sscanf-based because a million-row trace calls
 * them tens of millions of times.
 */
#ifndef PCLSIM_TPARSE_H
#define PCLSIM_TPARSE_H

#include <stdint.h>

/* A decimal integer. */
int tp_int64(const char *s, int64_t *out);

/* A decimal number (e.g. "12", "-1", "552.21", "1e3"). */
int tp_double(const char *s, double *out);

/* Seconds, decimals allowed, as milliseconds rounded to nearest. */
int tp_seconds_ms(const char *s, int64_t *out_ms);

/* A duration: plain seconds ("3600", "12.5"), or Slurm's clock forms
 * "MM:SS", "HH:MM:SS", "D-HH", "D-HH:MM", "D-HH:MM:SS", with decimals on the
 * seconds ("00:01.250").  Not negative. */
int tp_duration_ms(const char *s, int64_t *out_ms);

/* An ISO-8601 date and time "YYYY-MM-DDTHH:MM:SS" (a space for the T is
 * accepted, seconds may have decimals) with an optional "Z" or "+HH:MM" /
 * "-HHMM" offset; without one the time is taken as UTC.  Returns Unix time in
 * milliseconds. */
int tp_iso8601_ms(const char *s, int64_t *out_unix_ms);

/* Whether s looks like a date (YYYY-MM-DD...) rather than a number. */
int tp_is_date(const char *s);

/* A memory size as Slurm writes it: a number with an optional K, M, G or T
 * suffix (base 1024; no suffix means MiB, Slurm's default unit).  Returns
 * MiB, rounded up.  *rest is set to the first character after the suffix so
 * sacct's per-node / per-CPU markers ('n', 'c') can be read by the caller. */
int tp_mem_mib(const char *s, int64_t *out_mib, const char **rest);

/* true/false, yes/no, 1/0, y/n (any case). */
int tp_bool(const char *s, int *out);

/* Unix seconds of a civil UTC date and time (proleptic Gregorian). */
int64_t tp_unix_from_civil(int64_t y, int mon, int d, int h, int mi, int s);

#endif
