/*
 * The shared storage's throughput over time, for the FSx plot and the
 * results DB, bounded like the node timeseries: time is cut into intervals
 * of interval_ms (the scenario's timeseries interval); an interval in which
 * the rates changed gets one sample with its mean rates, the first quiet
 * interval after it one sample with the rate that then held, and a quiet
 * stretch nothing more.  So samples are at most one per interval (plus one
 * at the last change) and at most two per change, whatever the run's
 * length, and the bytes moved are exactly the sum of rate x duration.
 */
#ifndef PCLSIM_STORAGE_TS_H
#define PCLSIM_STORAGE_TS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/result.h"

struct storage_ts {
	int64_t interval_ms;         /* <= 0: no sampling */
	double read_bps, write_bps;  /* rates since last_ms */
	int64_t last_ms;
	int open;                    /* an interval with changes is open */
	int64_t open_ms;             /* its start */
	double read_bytes, write_bytes;  /* moved in it up to last_ms */
	int64_t quiet_ms;            /* end of the last closed interval; -1 */
	struct storage_sample *samples;
	size_t n, cap;
	int oom;
};

void storage_ts_init(struct storage_ts *ts, int64_t interval_ms);
void storage_ts_free(struct storage_ts *ts);

/* The rates changed at t_ms (times never go backwards). */
void storage_ts_change(struct storage_ts *ts, int64_t t_ms, double read_bps,
		       double write_bps);

/* Closes the open interval at the last change and hands the samples over
 * (the caller frees them).  Returns 0, or -1 when memory ran out. */
int storage_ts_take(struct storage_ts *ts, struct storage_sample **out,
		    size_t *n);

#endif
