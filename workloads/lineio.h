/*
 * Line-by-line input for the trace readers.  zlib's gz* functions read both
 * gzip-compressed and plain files, so one reader serves .swf.gz and .csv
 * alike.  Lines come back NUL-terminated and without their "\n" or "\r\n",
 * in a buffer the caller may modify (the field splitters cut it in place)
 * until the next call.  Memory is one growing buffer: a line longer than
 * LINE_MAX_BYTES is an error, never a crash or an unbounded allocation.
 */
#ifndef PCLSIM_LINEIO_H
#define PCLSIM_LINEIO_H

#include <stddef.h>

#include <zlib.h>

#define LINE_MAX_BYTES (64u << 20)

struct line_reader {
	gzFile gz;
	char *buf;
	size_t cap;          /* allocated bytes */
	size_t start, end;   /* unread data is buf[start, end) */
	int eof;
	int line_no;         /* 1-based number of the line last returned */
	int err_line, err_col;  /* where the last error is, 0 when unknown */
};

/* Opens path.  Returns 0, or -1 with a message in err. */
int line_open(struct line_reader *r, const char *path, char *err,
	      size_t err_size);
/* The same for reading only the first lines (format detection): blocks
 * of LINE_PEEK_BYTES, so a large compressed file is not inflated a
 * megabyte ahead for one line (longer lines still grow the buffer). */
#define LINE_PEEK_BYTES (16u << 10)
int line_open_peek(struct line_reader *r, const char *path, char *err,
		   size_t err_size);

/* The next line: 1 with *line and *len set, 0 at the end of the input, -1 on
 * a read error, an over-long line or a NUL byte (message in err; err_line
 * and err_col say where when that is known).  A NUL is refused rather than
 * passed on because every reader would silently cut the line there. */
int line_next(struct line_reader *r, char **line, size_t *len, char *err,
	      size_t err_size);

void line_close(struct line_reader *r);

#endif
