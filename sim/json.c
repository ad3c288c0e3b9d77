/* The streaming JSON writer; see json.h for the determinism rules. */
#include "sim/json.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

void json_init(struct json *w, FILE *fp, int indent)
{
	memset(w, 0, sizeof *w);
	w->fp = fp;
	w->indent = indent;
}

static void newline(struct json *w)
{
	if (!w->indent)
		return;
	fputc('\n', w->fp);
	for (int i = 0; i < w->depth * w->indent; i++)
		fputc(' ', w->fp);
}

/* Separators and indentation before a value; flags misuse. */
static void before_value(struct json *w)
{
	if (w->depth == 0) {
		if (w->has_items[0])
			w->error = 1;        /* a second top-level value */
		w->has_items[0] = 1;
		return;
	}
	if (w->is_object[w->depth]) {
		if (!w->key_pending)
			w->error = 1;        /* value without a key */
		w->key_pending = 0;
		return;
	}
	if (w->has_items[w->depth])
		fputc(',', w->fp);
	w->has_items[w->depth] = 1;
	newline(w);
}

void json_key(struct json *w, const char *key)
{
	if (w->depth == 0 || !w->is_object[w->depth] || w->key_pending) {
		w->error = 1;
		return;
	}
	if (w->has_items[w->depth])
		fputc(',', w->fp);
	w->has_items[w->depth] = 1;
	newline(w);
	json_write_string(w->fp, key);
	fputs(w->indent ? ": " : ":", w->fp);
	w->key_pending = 1;
}

static void open_level(struct json *w, int is_object, char c)
{
	before_value(w);
	fputc(c, w->fp);
	if (w->depth + 1 >= JSON_MAX_DEPTH) {
		w->error = 1;
		return;
	}
	w->depth++;
	w->is_object[w->depth] = (uint8_t)is_object;
	w->has_items[w->depth] = 0;
}

static void close_level(struct json *w, int is_object, char c)
{
	if (w->depth == 0 || w->is_object[w->depth] != is_object ||
	    w->key_pending) {
		w->error = 1;
		return;
	}
	int had_items = w->has_items[w->depth];
	w->depth--;
	if (had_items)
		newline(w);
	fputc(c, w->fp);
}

void json_object_begin(struct json *w) { open_level(w, 1, '{'); }
void json_object_end(struct json *w) { close_level(w, 1, '}'); }
void json_array_begin(struct json *w) { open_level(w, 0, '['); }
void json_array_end(struct json *w) { close_level(w, 0, ']'); }

/* Length of the valid UTF-8 sequence at s, or 0 when it is invalid
 * (overlong forms, surrogates and values past U+10FFFF included). */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void json_write_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	fputc('"', fp);
	while (*p) {
		unsigned c = *p;
		if (c == '"' || c == '\\') {
			fputc('\\', fp);
			fputc((int)c, fp);
			p++;
		} else if (c < 0x20) {
			switch (c) {
			case '\n': fputs("\\n", fp); break;
			case '\r': fputs("\\r", fp); break;
			case '\t': fputs("\\t", fp); break;
			case '\b': fputs("\\b", fp); break;
			case '\f': fputs("\\f", fp); break;
			default: fprintf(fp, "\\u%04x", c); break;
			}
			p++;
		} else {
			size_t n = utf8_len(p);
			if (n == 0) {
				fputs("\\ufffd", fp);
				p++;
			} else {
				fwrite(p, 1, n, fp);
				p += n;
			}
		}
	}
	fputc('"', fp);
}

void json_str(struct json *w, const char *s)
{
	if (!s) {
		json_null(w);
		return;
	}
	before_value(w);
	json_write_string(w->fp, s);
}

void json_int(struct json *w, int64_t v)
{
	before_value(w);
	fprintf(w->fp, "%" PRId64, v);
}

void json_uint(struct json *w, uint64_t v)
{
	before_value(w);
	fprintf(w->fp, "%" PRIu64, v);
}

void json_bool(struct json *w, int v)
{
	before_value(w);
	fputs(v ? "true" : "false", w->fp);
}

void json_null(struct json *w)
{
	before_value(w);
	fputs("null", w->fp);
}

/* Drops the sign of a printed zero ("-0", "-0.000"), which would otherwise
 * depend on how the zero was reached. */
static const char *unsigned_zero(const char *buf)
{
	if (buf[0] != '-')
		return buf;
	for (const char *p = buf + 1; *p; p++)
		if (*p != '0' && *p != '.')
			return buf;
	return buf + 1;
}

void json_num(struct json *w, double v)
{
	if (!isfinite(v)) {
		json_null(w);
		return;
	}
	char buf[64];
	snprintf(buf, sizeof buf, "%.15g", v);
	before_value(w);
	fputs(unsigned_zero(buf), w->fp);
}

void json_fixed(struct json *w, double v, int decimals)
{
	if (!isfinite(v)) {
		json_null(w);
		return;
	}
	char buf[400];
	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	before_value(w);
	fputs(unsigned_zero(buf), w->fp);
}

void json_cents(struct json *w, int64_t cents)
{
	before_value(w);
	uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	fprintf(w->fp, "%s%" PRIu64 ".%02u", cents < 0 ? "-" : "", mag / 100,
		(unsigned)(mag % 100));
}

void json_kv_str(struct json *w, const char *key, const char *s)
{
	json_key(w, key);
	json_str(w, s);
}

void json_kv_int(struct json *w, const char *key, int64_t v)
{
	json_key(w, key);
	json_int(w, v);
}

void json_kv_num(struct json *w, const char *key, double v)
{
	json_key(w, key);
	json_num(w, v);
}

void json_kv_fixed(struct json *w, const char *key, double v, int decimals)
{
	json_key(w, key);
	json_fixed(w, v, decimals);
}

void json_kv_cents(struct json *w, const char *key, int64_t cents)
{
	json_key(w, key);
	json_cents(w, cents);
}

int json_close(struct json *w)
{
	if (w->depth != 0 || w->key_pending || !w->has_items[0])
		w->error = 1;
	fputc('\n', w->fp);
	if (ferror(w->fp))
		w->error = 1;
	return w->error ? -1 : 0;
}
