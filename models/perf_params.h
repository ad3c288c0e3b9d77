/*
 * The performance models' parameters as plain data: instance speed and the
 * alpha-beta network (perf.h), shared storage and per-job I/O defaults
 * (storage.h).  Kept apart from the models so the scenario loader can embed
 * them (its perf: and storage: sections).  The defaults are set next to the
 * code that uses them (perf.c, storage.c) and listed with their sources in
 * docs/performance.md.  Strings are borrowed: the scenario owns them.
 */
#ifndef PCLSIM_PERF_PARAMS_H
#define PCLSIM_PERF_PARAMS_H

#include <stddef.h>

struct diags;

/* Alpha-beta parameters: a message of m bytes takes alpha + m / beta. */
struct net_params {
	double efa_latency_us;         /* alpha with EFA, in a placement group */
	double tcp_latency_us;         /* alpha with TCP, in a placement group */
	double no_pg_extra_latency_us; /* added outside a placement group */
	double efa_bw_efficiency;      /* fraction of line rate EFA reaches */
	double tcp_flow_gbps_pg;       /* one TCP flow, in a placement group */
	double tcp_flow_gbps_no_pg;    /* one TCP flow, outside one */
	int tcp_flows;                 /* concurrent TCP flows per node */
	double msg_bytes;              /* typical message size m */
};

/* The network one side (reference or simulated) communicates over. */
struct net_setup {
	double gbps;     /* instance network bandwidth */
	int efa;         /* EFA configured and supported */
	int pg;          /* cluster placement group */
};

struct perf_params {
	struct net_params net;
	struct net_setup ref_net;        /* what comm_fraction was measured on */
	const char *reference_instance;  /* the trace's machine (borrowed);
					  * NULL: no speed scaling */
	int reference_disable_smt;
	double ref_speed_per_cpu;        /* from reference_instance; <= 0: no
					  * speed scaling */
	double smt_yield;                /* two threads on one core vs one */
	double default_comm_fraction;    /* for jobs whose trace has none */
};

/* Per-job I/O when the trace lacks it; < 0 in a per-queue entry means
 * "the global default". */
struct job_io_defaults {
	double read_gb, write_gb;     /* GB = 10^9 bytes */
	double compress_ratio;        /* >= 1 */
};

struct queue_io {
	const char *queue;            /* borrowed from the scenario */
	struct job_io_defaults io;
	int line, col;                /* of its name in the scenario file */
};

struct storage_params {
	const char *target;           /* SharedStorage Name jobs use; NULL:
				       * the first FSx, else EFS, else EBS */
	double burst_bucket_s;        /* a full bucket lasts this long at the
				       * full burst rate */
	double read_cache_hit;        /* reads the FSx server cache serves */
	double s3_mbps;               /* S3 import/export; <= 0: the file
				       * system's network baseline */
	double import_gb;             /* data behind ImportPath jobs read;
				       * < 0: every read is a first read */
	double stored_gb;             /* on the file system at the start */
	double capacity_gib;          /* for an existing file system
				       * (FileSystemId / VolumeId) */
	int count_export;             /* add ExportPath write-back to the
				       * makespan */
	struct job_io_defaults io;
	const struct queue_io *per_queue;
	size_t n_per_queue;
};

void perf_params_default(struct perf_params *p);

/* Checks ranges; errors name file and the scenario field.  Returns the
 * number of errors added. */
int perf_params_check(const struct perf_params *p, const char *file,
		      struct diags *d);

void storage_params_default(struct storage_params *p);
int storage_params_check(const struct storage_params *p, const char *file,
			 struct diags *d);

#endif
