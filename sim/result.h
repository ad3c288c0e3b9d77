/*
 * What one simulated run produces: a record per job, per node instance life,
 * the events of interest, and periodic samples of the cluster's state.  The
 * Slurm and fleet models fill it; the cost model prices it; the report, JSON,
 * job CSV and results DB writers read it.  Plain arrays, no pointers into the
 * model, so a result outlives the world that made it.
 */
#ifndef PCLSIM_RESULT_H
#define PCLSIM_RESULT_H

#include <stddef.h>
#include <stdint.h>

enum job_state {
	JOB_ST_COMPLETED,   /* ran to its end */
	JOB_ST_TIMEOUT,     /* killed at its time limit */
	JOB_ST_NODE_FAIL,   /* lost a node and was not requeued (--no-requeue) */
	JOB_ST_REJECTED,    /* refused at submission: no node can ever run it */
	JOB_ST_PENDING,     /* never started before the run ended */
	JOB_ST_COUNT
};

const char *job_state_name(enum job_state s);

enum node_end_reason {
	NODE_END_SUSPEND,       /* powered down after ScaledownIdletime */
	NODE_END_SPOT,          /* Spot interruption */
	NODE_END_LAUNCH_FAIL,   /* insufficient capacity or bootstrap failure */
	NODE_END_RUN_END,       /* still up when the simulation ended */
	NODE_END_COUNT
};

const char *node_end_reason_name(enum node_end_reason r);

/* Node states sampled in the timeseries (per queue). */
enum node_sample_state {
	NS_POWERED_DOWN, NS_POWERING_UP, NS_IDLE, NS_ALLOCATED, NS_MIXED,
	NS_POWERING_DOWN, NS_DOWN, NS_COUNT
};

struct node_info {            /* the static table of Slurm nodes */
	char name[64];            /* "queue-st-cr-1" / "queue-dy-cr-3" */
	int32_t queue, cr;
	const char *instance_type;/* catalog name (for flexible CRs: as launched) */
	int32_t cpus;
	int64_t mem_mb;           /* RealMemory */
	int32_t gpus;
	uint32_t weight;
	uint8_t is_static;
	uint8_t spot;             /* capacity type of its queue */
};

struct job_record {
	int64_t job_id;
	int32_t queue, cr;        /* cr of its first node; -1 if never ran */
	int32_t user, account;    /* trace strtab ids */
	int64_t submit_ms;
	int64_t start_ms;         /* last start (after requeues); -1 never */
	int64_t end_ms;           /* -1 never */
	int64_t wait_ms;          /* start - submit of the final attempt chain */
	int32_t cpus, nodes, gpus;
	int32_t requeues;
	int64_t lost_ms;          /* run time thrown away by requeues */
	int64_t io_ms, comm_ms;   /* time spent in I/O and communication */
	double cost_usd;          /* attributed compute cost (cost model) */
	/* 32 bits: the flat list holds at most RESULT_FLAT_MAX nodes, and
	 * 2^32 runs would be 48 GB of them. */
	uint32_t alloc_off;       /* its nodes: result.alloc[alloc_off..+nodes),
				   * when the result has the flat list */
	uint32_t run_off;         /* its nodes as runs (result.alloc_runs) */
	int32_t n_runs;
	uint8_t state;            /* enum job_state (here: no padding) */
};

/* Consecutive nodes node .. node + count - 1 of one job, each allocated
 * cpus CPUs (-1: not recorded, spread the job's CPUs evenly).  Slurm picks
 * the lowest-weight, lowest-named free nodes first, so a job's nodes are a
 * few runs, and results stay O(jobs + nodes) however wide the jobs are. */
struct alloc_run {
	int32_t node, count, cpus;
};

struct node_record {          /* one instance life of a node */
	int32_t node;             /* index into result.nodes_info */
	int64_t launch_ms;        /* instance launched (billing starts) */
	int64_t ready_ms;         /* registered with Slurm; -1 if never */
	int64_t end_ms;           /* terminated (billing stops) */
	int64_t busy_cpu_ms;      /* CPU-ms allocated to jobs */
	uint8_t end_reason;       /* enum node_end_reason */
	const char *instance_type;/* as launched */
	double cost_usd;
};

enum result_event_kind {
	EV_JOB_SUBMIT, EV_JOB_START, EV_JOB_END, EV_JOB_REQUEUE, EV_JOB_REJECT,
	EV_NODE_RESUME, EV_NODE_UP, EV_NODE_SUSPEND, EV_NODE_DOWN,
	EV_SPOT_INTERRUPT, EV_LAUNCH_FAIL, EV_CR_DISABLED, EV_CR_ENABLED,
	EV_KIND_COUNT
};

const char *result_event_name(enum result_event_kind k);

struct result_event {
	int64_t time_ms;
	int64_t job_id;           /* -1 when not about a job */
	int32_t node;             /* -1 when not about a node */
	uint16_t kind;            /* enum result_event_kind */
	int32_t detail;
};

struct ts_sample {            /* per queue, at one time */
	int64_t time_ms;
	int32_t queue;
	int32_t nodes[NS_COUNT];
	int32_t pending_jobs, running_jobs;
};

/* The shared storage jobs read and write (performance model), so a user
 * sees when it was the bottleneck.  Bytes are logical (before LZ4) except
 * the stored ones. */
struct storage_result {
	int present;                /* 0: no modelled shared storage */
	char name[64];              /* its SharedStorage Name */
	double baseline_bps;        /* aggregate network baseline */
	double peak_bps;            /* peak aggregate rate jobs got */
	double peak_net_fraction;   /* peak / baseline (> 1: bursting) */
	double bytes_read, bytes_written, cold_bytes;
	double stored_bytes, peak_stored_bytes, capacity_bytes;
	double overflow_bytes;      /* peak stored beyond capacity */
	int64_t busy_ms;            /* some job in an I/O phase */
	int64_t saturated_ms;       /* the storage, not the nodes, limited */
	int64_t burst_ms;           /* above baseline on burst credits */
	int64_t export_ms;          /* ExportPath write-back at the end */
	int export_counted;         /* export_ms is in the makespan */
};

/* The shared storage's throughput over time (models/storage_ts.h): the
 * mean logical read and write rates from time_ms to the next sample. */
struct storage_sample {
	int64_t time_ms;
	double read_bps, write_bps;
};

struct run_result {
	struct node_info *nodes_info;  size_t n_nodes_info;
	struct job_record *jobs;       size_t n_jobs;
	/* Jobs' nodes, as runs (the Slurm model fills these)... */
	struct alloc_run *alloc_runs;  size_t n_alloc_runs;
	/* ...and, for results built by hand or small enough (see
	 * RESULT_FLAT_MAX), one entry per allocated node.  Readers go
	 * through result_job_n_runs()/result_job_run(), which use the runs
	 * when present. */
	int32_t *alloc;                size_t n_alloc;   /* node indices */
	int32_t *alloc_cpus;           /* CPUs on each alloc[] node; NULL when
					* not known (spread evenly then) */
	struct node_record *node_lives;size_t n_node_lives;
	struct result_event *events;   size_t n_events;
	struct ts_sample *samples;     size_t n_samples;
	char **queue_names;            size_t n_queues;
	int64_t start_ms, end_ms;      /* span simulated (first submit .. last end) */
	int64_t makespan_ms;
	uint64_t n_sim_events;         /* engine events delivered */
	size_t n_rejected, n_launches, n_spot_interruptions, n_requeues,
	       n_launch_failures;
	size_t n_dependency_never;     /* still pending at the end because an
					* afterok dependency did not complete */
	struct storage_result storage; /* performance model */
	struct storage_sample *storage_samples; size_t n_storage_samples;
};

void run_result_free(struct run_result *r);

/* A result's flat node list (alloc, alloc_cpus) is made only up to this
 * many allocated nodes in all: 8 bytes each. */
#define RESULT_FLAT_MAX ((size_t)1 << 20)

/* How many runs job j's nodes form, and the k-th of them (from alloc_runs,
 * or one node of the flat list).  0 runs when its node list is missing or
 * out of range. */
size_t result_job_n_runs(const struct run_result *r, const struct job_record *j);
struct alloc_run result_job_run(const struct run_result *r,
				const struct job_record *j, size_t k);
/* Whether the result records each node's CPUs (else they are spread). */
int result_cpus_known(const struct run_result *r);

#endif
