/*
 * A small streaming JSON writer.  pclsim promises byte-identical JSON for the
 * same inputs and seed, so everything that could vary is fixed here: keys
 * come out in the order the caller writes them (no hash maps), numbers are
 * printed with one fixed format each, non-finite numbers become null, strings
 * are escaped the same way every time (invalid UTF-8 becomes U+FFFD), and the
 * indentation is fixed.  Errors (write failures, misuse such as a value
 * without a key inside an object) are sticky and reported by json_close().
 */
#ifndef PCLSIM_JSON_H
#define PCLSIM_JSON_H

#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
	FILE *fp;
	int indent;                      /* spaces per level; 0 = one line */
	int depth;
	uint8_t is_object[JSON_MAX_DEPTH];
	uint8_t has_items[JSON_MAX_DEPTH];
	int key_pending;                 /* a key was written, its value not */
	int error;
};

void json_init(struct json *w, FILE *fp, int indent);

void json_object_begin(struct json *w);
void json_object_end(struct json *w);
void json_array_begin(struct json *w);
void json_array_end(struct json *w);
void json_key(struct json *w, const char *key);

void json_str(struct json *w, const char *s);   /* NULL writes null */
void json_int(struct json *w, int64_t v);
void json_uint(struct json *w, uint64_t v);
void json_bool(struct json *w, int v);
void json_null(struct json *w);
/* A double with up to 15 significant digits ("%.15g"). */
void json_num(struct json *w, double v);
/* A double with exactly `decimals` digits after the point ("%.*f"). */
void json_fixed(struct json *w, double v, int decimals);
/* An amount of money given in integer cents, as dollars with two decimals;
 * exact, since it is printed from the integer. */
void json_cents(struct json *w, int64_t cents);

/* key + value in one call, for the common case. */
void json_kv_str(struct json *w, const char *key, const char *s);
void json_kv_int(struct json *w, const char *key, int64_t v);
void json_kv_num(struct json *w, const char *key, double v);
void json_kv_fixed(struct json *w, const char *key, double v, int decimals);
void json_kv_cents(struct json *w, const char *key, int64_t cents);

/* Ends the document with a newline.  Returns 0, or -1 when a write failed
 * or the document is unbalanced or malformed. */
int json_close(struct json *w);

/* Writes s as a quoted, escaped JSON string to fp (used by json_str and by
 * writers of JSON fragments, e.g. CSV-embedded JSON). */
void json_write_string(FILE *fp, const char *s);

#endif
