/*
 * Buffered line splitting over zlib.  Data is read in large blocks and lines
 * are cut in place with memchr, so the per-line cost is a scan and no copy;
 * only the tail of a block that holds a partial line is moved to the front
 * before the next read.
 */
#include "workloads/lineio.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_BLOCK_BYTES (1u << 20)

static int open_blocks(struct line_reader *r, const char *path,
		       unsigned block_bytes, char *err, size_t err_size)
{
	memset(r, 0, sizeof *r);
	errno = 0;
	r->gz = gzopen(path, "rb");
	if (!r->gz) {
		snprintf(err, err_size, "%s: cannot open: %s", path,
			 errno ? strerror(errno) : "out of memory");
		return -1;
	}
	gzbuffer(r->gz, block_bytes / 4);
	r->cap = block_bytes;
	r->buf = malloc(r->cap + 1);
	if (!r->buf) {
		snprintf(err, err_size, "%s: out of memory", path);
		line_close(r);
		return -1;
	}
	return 0;
}

int line_open(struct line_reader *r, const char *path, char *err,
	      size_t err_size)
{
	return open_blocks(r, path, LINE_BLOCK_BYTES, err, err_size);
}

int line_open_peek(struct line_reader *r, const char *path, char *err,
		   size_t err_size)
{
	return open_blocks(r, path, LINE_PEEK_BYTES, err, err_size);
}

/* Moves unread data to the front, grows the buffer if it is full, and reads
 * one more block.  Returns bytes read, 0 at the end, -1 on error. */
static int fill(struct line_reader *r, char *err, size_t err_size)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		if (r->cap >= LINE_MAX_BYTES) {
			r->err_line = r->line_no + 1;
			snprintf(err, err_size,
				 "line %d is longer than %u MiB; is this a trace file?",
				 r->line_no + 1, LINE_MAX_BYTES >> 20);
			return -1;
		}
		size_t ncap = r->cap * 2;
		char *nb = realloc(r->buf, ncap + 1);
		if (!nb) {
			snprintf(err, err_size, "out of memory reading line %d",
				 r->line_no + 1);
			return -1;
		}
		r->buf = nb;
		r->cap = ncap;
	}
	size_t want = r->cap - r->end;
	if (want > INT_MAX)
		want = INT_MAX;
	int n = gzread(r->gz, r->buf + r->end, (unsigned)want);
	if (n < 0) {
		int code;
		const char *msg = gzerror(r->gz, &code);
		snprintf(err, err_size, "read error after line %d: %s",
			 r->line_no, msg ? msg : "unknown");
		return -1;
	}
	if (n == 0) {
		/* A truncated gzip stream reads as a short file; say so. */
		int code = Z_OK;
		const char *msg = gzerror(r->gz, &code);
		if (code != Z_OK && code != Z_STREAM_END) {
			snprintf(err, err_size, "read error after line %d: %s",
				 r->line_no, msg ? msg : "unknown");
			return -1;
		}
		r->eof = 1;
	}
	r->end += (size_t)n;
	return n;
}

static int nul_error(struct line_reader *r, size_t at, char *err,
		     size_t err_size)
{
	r->err_line = r->line_no;
	r->err_col = at < INT_MAX ? (int)at + 1 : 0;
	snprintf(err, err_size, "%s",
		 "a NUL byte in the line: a trace is text; is the file binary?");
	return -1;
}

int line_next(struct line_reader *r, char **line, size_t *len, char *err,
	      size_t err_size)
{
	size_t scanned = r->start;
	for (;;) {
		char *nl = memchr(r->buf + scanned, '\n', r->end - scanned);
		if (nl || (r->eof && r->end > r->start)) {
			char *s = r->buf + r->start;
			size_t n = nl ? (size_t)(nl - s) : r->end - r->start;
			r->start = nl ? (size_t)(nl - r->buf) + 1 : r->end;
			r->line_no++;
			const char *nul = memchr(s, '\0', n);
			if (nul)
				return nul_error(r, (size_t)(nul - s), err,
						 err_size);
			if (n > 0 && s[n - 1] == '\r')
				n--;
			s[n] = '\0';
			*line = s;
			*len = n;
			return 1;
		}
		if (r->eof)
			return 0;
		size_t kept = r->end - r->start;
		int got = fill(r, err, err_size);
		if (got < 0)
			return -1;
		scanned = kept;   /* the data before it held no newline */
	}
}

void line_close(struct line_reader *r)
{
	if (r->gz)
		gzclose(r->gz);
	free(r->buf);
	memset(r, 0, sizeof *r);
}
