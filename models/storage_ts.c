/* The storage throughput sampler; see storage_ts.h. */
#include "models/storage_ts.h"

#include <stdlib.h>
#include <string.h>

void storage_ts_init(struct storage_ts *ts, int64_t interval_ms)
{
	memset(ts, 0, sizeof *ts);
	ts->interval_ms = interval_ms;
	ts->quiet_ms = -1;
}

void storage_ts_free(struct storage_ts *ts)
{
	free(ts->samples);
	storage_ts_init(ts, ts->interval_ms);
}

static void emit(struct storage_ts *ts, int64_t t_ms, double rd, double wr)
{
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? 2 * ts->cap : 64;
		struct storage_sample *p = realloc(ts->samples, cap * sizeof *p);
		if (!p) {
			ts->oom = 1;
			return;
		}
		ts->samples = p;
		ts->cap = cap;
	}
	ts->samples[ts->n++] = (struct storage_sample){ t_ms, rd, wr };
}

/* Bytes moved at the current rates from last_ms to t_ms. */
static void move(struct storage_ts *ts, int64_t t_ms)
{
	double s = (double)(t_ms - ts->last_ms) / 1000.0;
	ts->read_bytes += ts->read_bps * s;
	ts->write_bytes += ts->write_bps * s;
	ts->last_ms = t_ms;
}

static void close_interval(struct storage_ts *ts, int64_t end_ms)
{
	move(ts, end_ms);
	double s = (double)(end_ms - ts->open_ms) / 1000.0;
	emit(ts, ts->open_ms, ts->read_bytes / s, ts->write_bytes / s);
	ts->open = 0;
	ts->quiet_ms = end_ms;
}

void storage_ts_change(struct storage_ts *ts, int64_t t_ms, double read_bps,
		       double write_bps)
{
	if (ts->interval_ms <= 0)
		return;
	if (ts->open && t_ms >= ts->open_ms + ts->interval_ms)
		close_interval(ts, ts->open_ms + ts->interval_ms);
	if (!ts->open) {
		int64_t start = t_ms - t_ms % ts->interval_ms;
		/* Quiet intervals between the last closed one and this one
		 * held one rate: one sample says so. */
		if (ts->quiet_ms >= 0 && start > ts->quiet_ms)
			emit(ts, ts->quiet_ms, ts->read_bps, ts->write_bps);
		ts->open = 1;
		ts->open_ms = start;
		ts->read_bytes = ts->write_bytes = 0;
		ts->last_ms = start;
	}
	move(ts, t_ms);
	ts->read_bps = read_bps;
	ts->write_bps = write_bps;
}

int storage_ts_take(struct storage_ts *ts, struct storage_sample **out,
		    size_t *n)
{
	if (ts->open) {
		int64_t last = ts->last_ms;
		if (last > ts->open_ms)
			close_interval(ts, last);
		else
			ts->open = 0;
		emit(ts, last, ts->read_bps, ts->write_bps);
	}
	int rc = ts->oom ? -1 : 0;
	*out = ts->samples;
	*n = ts->n;
	ts->samples = NULL;
	ts->n = ts->cap = 0;
	return rc;
}
