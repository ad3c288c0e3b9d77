/*
 * Shared-storage throughput as a fluid-flow model.  Every job's read or
 * write phase is a flow of logical bytes; all flows in progress share the
 * file system's resources max-min fairly (progressive filling), each flow
 * also capped by its nodes' network bandwidth.  Rates change only when a
 * flow starts or ends or a burst bucket runs dry, so between those instants
 * every flow moves at a constant rate and its completion time is exact.
 *
 * Resources, each a rate with an optional burst on credits:
 *   NET   the file servers' network, in logical bytes (FSx "network
 *         throughput"; for EBS and EFS the one limit they have)
 *   DISK  the servers' disks, in bytes read from disk; a written byte
 *         costs write_disk_cost, and LZ4 divides disk bytes by the ratio
 *   S3    the data repository link, used by reads of data behind
 *         ImportPath that is not loaded yet (lazy load on first read)
 * Burst credits: a resource used above its baseline drains its bucket by
 * the excess; used below, it refills by the shortfall up to the bucket
 * size.  While the bucket holds credits the resource may run at its burst
 * rate; once empty it falls to the baseline.
 *
 * Use from a simulation: after any change (fsx_add_flow, fsx_remove_flow,
 * or fsx_advance at the time fsx_next_ms gave), take the finished flows
 * with fsx_pop_done and keep one engine event at fsx_next_ms, cancelling
 * the previous one.  Times are engine milliseconds and never go backwards.
 */
#ifndef PCLSIM_FSX_H
#define PCLSIM_FSX_H

#include <stddef.h>
#include <stdint.h>

enum fsx_resource { FSX_RES_NET, FSX_RES_DISK, FSX_RES_S3, FSX_RES_COUNT };

struct fsx_resource_spec {
	double baseline_bps;   /* bytes/s; <= 0: this resource never limits */
	double burst_bps;      /* <= baseline_bps: no burst */
	double bucket_bytes;   /* credit bucket size */
	double initial_bytes;  /* credits at the start */
};

struct fsx_spec {
	struct fsx_resource_spec res[FSX_RES_COUNT];
	double write_disk_cost;    /* disk bytes per byte written (>= 0) */
	double read_cache_hit;     /* share of warm reads the server cache
				    * serves without touching its disks */
	int compression;           /* LZ4: flows' ratios divide disk bytes
				    * and stored bytes */
	double cold_bytes;         /* not yet loaded from S3: 0 none (no
				    * ImportPath), < 0 every read is cold */
	double export_bps;         /* ExportPath write-back rate; 0 none */
	double capacity_bytes;     /* stored data beyond it is reported;
				    * <= 0 when unbounded */
	double stored_bytes;       /* already stored at the start */
};

struct fsx_flow_req {
	double bytes;              /* logical bytes to move, > 0 */
	double cap_bps;            /* nodes x node network bandwidth, > 0,
				    * finite */
	int write;                 /* 0 read phase, 1 write phase */
	double compress_ratio;     /* >= 1; ignored without compression */
	int64_t tag;               /* the caller's (e.g. job index) */
};

struct fsx_stats {
	double bytes_read, bytes_written;   /* logical */
	double cold_bytes;                  /* read through from S3 */
	double stored_bytes, peak_stored_bytes;
	double peak_bps;                    /* peak aggregate logical rate */
	double peak_net_fraction;           /* peak NET use / NET baseline */
	int64_t busy_ms;                    /* some flow in progress */
	int64_t saturated_ms;               /* the storage, not the nodes,
					     * limited some flow */
	int64_t burst_ms;                   /* some resource above baseline */
};

struct fsx_flow {
	int64_t tag;
	double remaining;        /* logical bytes */
	double cap_bps, rate_bps;
	double use[FSX_RES_COUNT];  /* resource units per logical byte */
	double stored_per_byte;
	int64_t finish_ms;
	int live;
	int write;
};

struct fsx_slot {          /* reallocation scratch: a flow by its cap */
	double cap_bps;
	size_t id;
};

struct fsx {
	struct fsx_spec spec;
	struct fsx_flow *flows;  size_t n_flows, flows_cap;
	size_t *free_ids;        size_t n_free;
	struct fsx_slot *order;
	size_t *done;            size_t done_head, n_done, done_cap;
	size_t n_live;
	double credits[FSX_RES_COUNT];
	double use_bps[FSX_RES_COUNT];
	int64_t deplete_ms[FSX_RES_COUNT];
	double cold_left;
	int64_t now_ms;
	int saturated;
	struct fsx_stats stats;
};

/* Starts at time 0 with the spec's credits and stored bytes. */
void fsx_init(struct fsx *fs, const struct fsx_spec *spec);
void fsx_free(struct fsx *fs);

/* Moves the clock to now_ms, then starts a flow.  Returns its id (>= 0),
 * or -1 when out of memory or the request is not valid. */
int64_t fsx_add_flow(struct fsx *fs, int64_t now_ms,
		     const struct fsx_flow_req *req);

/* Moves the clock to now_ms, then drops a flow that will not finish (its
 * job was killed).  Unknown or finished ids are ignored. */
void fsx_remove_flow(struct fsx *fs, int64_t now_ms, int64_t id);

/* Moves the clock to now_ms: bytes move, credits drain or refill, buckets
 * that ran dry drop to baseline, flows due by now finish (see
 * fsx_pop_done).  Returns 0, or -1 when out of memory. */
int fsx_advance(struct fsx *fs, int64_t now_ms);

/* The time of the next change (a flow finishing or a bucket running dry),
 * or INT64_MAX when nothing is in progress. */
int64_t fsx_next_ms(const struct fsx *fs);

/* Takes one finished flow (its id and tag); returns 0 when none is left. */
int fsx_pop_done(struct fsx *fs, int64_t *id, int64_t *tag);

/* Current rate of a flow in bytes/s (0 when not in progress). */
double fsx_flow_rate(const struct fsx *fs, int64_t id);

/* Time to write back to S3 everything written, when ExportPath is set. */
int64_t fsx_export_ms(const struct fsx *fs);

/* Peak stored bytes beyond capacity (0 when it fit). */
double fsx_overflow_bytes(const struct fsx *fs);

#endif
