/*
 * The Slurm cluster model: the nodes ParallelCluster defines (partition.h),
 * their power-saving state machine, select/cons_tres allocation, and the job
 * lifecycle (pending -> configuring -> running -> completed/timeout), driven
 * by the event engine.  Which pending job starts when is decided by a
 * scheduling policy (sched.h) that the model calls once per instant at which
 * something happened in a partition.
 *
 * Node states (power saving as ParallelCluster configures it):
 *   POWERED_DOWN --allocation--> POWERING_UP --boot latency--> UP
 *   UP idle for SuspendTime --> POWERING_DOWN --SuspendTimeout--> POWERED_DOWN
 *   any --failure--> DOWN --reset--> POWERED_DOWN (dynamic) / UP (static)
 * Static nodes are UP from the run's start and never suspended.  A job whose
 * nodes are not all UP is CONFIGURING; its start (for waits and accounting)
 * is when it begins to run.
 *
 * Planning unit: the research policies count a partition's capacity in CPUs,
 * or in nodes when the partition is exclusive (JobExclusiveAllocation).  The
 * model keeps, per partition, the free units now and the future releases
 * (running jobs by estimated end, nodes powering down), so a policy never
 * rescans the running jobs.
 */
#ifndef PCLSIM_SLURM_H
#define PCLSIM_SLURM_H

#include <stddef.h>
#include <stdint.h>

#include "sim/engine.h"
#include "sim/result.h"

struct slurm_layout;
struct trace;
struct diags;
struct sched_ops;
struct jobrun;
struct fleet;
struct fleet_slurm;
struct slurm_conf;

/* Event classes: node changes and completions before submissions, and
 * submissions before the scheduling pass of the same instant. */
enum { CLS_NODE = 0, CLS_JOB = 1, CLS_SUBMIT = 2, CLS_SCHED = 3, CLS_SAMPLE = 4 };

/* Event kinds (class CLS_JOB) the model hands to the job-phase module
 * (jobrun.h) when slurm.jobrun is set. */
enum { SLURM_EV_JOBRUN_IO = 64, SLURM_EV_JOBRUN_COMPUTE = 65 };

/* Event kind of the fleet's events (models/fleet_slurm.c). */
enum { SLURM_EV_FLEET = 66 };

enum node_state { NODE_POWERED_DOWN, NODE_POWERING_UP, NODE_UP,
		  NODE_POWERING_DOWN, NODE_DOWN };

enum sjob_state { SJ_FUTURE, SJ_PENDING, SJ_CONFIGURING, SJ_RUNNING, SJ_DONE,
		  SJ_REJECTED, SJ_HELD /* afterok dependency not satisfied */ };

struct snode {
	int32_t part, cr;          /* partition; CR index in the layout */
	int32_t pos;               /* position in its partition's order */
	int32_t cpus, gpus;        /* capacity */
	uint32_t weight;
	int32_t mem_mb;            /* RealMemory */
	uint8_t state;             /* enum node_state */
	uint8_t is_static;
};

/* What a node's jobs hold (slurm.share[i] is slurm.nodes[i]'s, but for a
 * job holding it whole by a bit of spart.bm_held: read it through
 * node_share()): the four fields a job's share changes, also as one array
 * so a piece's nodes take or give it as one vector add (slurm.c
 * share_add).  Apart from struct snode because those adds are the
 * model's innermost loops (every node of every piece, at each job start
 * and end: 680 nodes a job on the 10^6-job benchmark), which wait on
 * memory: here the nodes lie 16 bytes apart instead of 48.  Memory in
 * MiB fits 32 bits: at most the instance's memory, as in apiece. */
struct sshare {
	union {
		struct {
			int32_t cpus_free, gpus_free;
			int32_t n_jobs;
			int32_t mem_free_mb;
		};
		int32_t v[4];
	};
};

/* A node's instance and power-saving bookkeeping (slurm.power[i] is
 * slurm.nodes[i]'s), apart from struct snode for the reason struct sshare
 * is: the loops over a job's nodes and the allocator's over a partition's
 * wait on memory, and the fewer bytes a node, the fewer lines they touch. */
struct spower {
	int64_t ready_ms;          /* POWERING_UP: when it registers */
	int32_t life;              /* its current record in result.node_lives */
	int32_t rel_pos;           /* in the partition's release heap, -1 */
	uint32_t timer;            /* pending suspend/power-down event */
};

struct sjob {
	int32_t part;
	uint8_t state;             /* enum sjob_state */
	uint8_t final;             /* enum job_state once done */
	uint8_t exclusive;         /* whole nodes (job or partition) */
	uint8_t node_kind;         /* constraint: 0 any, 1 static, 2 dynamic */
	uint64_t cr_mask;          /* CRs of its partition it may use */
	int32_t cpus, nodes, gpus;
	int32_t dep;               /* afterok: the job it waits for; -1 none;
				    * its memory request stays in the trace
				    * (alloc.c reads it there) */
	int32_t units, min_units;  /* planning demand; a lower bound of it */
	int32_t alloc_units;       /* units it holds once allocated */
	uint32_t limit_timer;      /* time-limit event (performance model) */
	int64_t limit_ms;          /* the estimate (time limit) */
	int64_t run_ms;            /* how long it runs: min(runtime, limit);
				    * with the performance model, how long
				    * it ran, set when it ends */
	int64_t submit_ms, alloc_ms, start_ms, end_ms, est_end_ms;
	uint32_t n_alloc;          /* nodes it holds (or held) */
	uint32_t piece_off, n_pieces;  /* its allocation: slurm.a_piece[] */
	uint32_t alloc_off;        /* after slurm_run(), in the flat view */
	int32_t rel_pos;           /* in the partition's release heap, -1 */
	int32_t requeues;
	int64_t lost_ms;           /* run time thrown away by requeues */
	/* Promises the policy made, for the invariant checker: the earliest
	 * EASY shadow time computed for it as the head, or its first
	 * conservative reservation (-1 when none).  A run has one policy, so
	 * the two share their place. */
	union {
		int64_t promise_ms;
		int64_t first_res_ms;
	};
};

/* One piece of a job's allocation: count consecutive nodes from node,
 * each giving it the same CPUs, GPUs and memory.  Allocations are a few
 * pieces (nodes are taken in partition order), so the arena grows with
 * jobs, not with jobs x nodes. */
struct apiece {
	int32_t node, count;
	int32_t cpus, gpus;        /* per node */
	int32_t mem_mb;            /* per node: at most a node's RealMemory,
				    * which the catalog gives as an int */
	uint8_t whole;             /* taken as whole idle nodes that are up:
				    * all their CPUs, no other job */
};

/* A pending job as the policies scan it: compact, in priority order. */
struct qent {
	int32_t job;               /* -1: a hole left by a started job */
	int32_t units, min_units;
	int32_t pad;
	int64_t limit_ms;
	int64_t res_ms;            /* policy's reservation; -1 none */
};

/* A future release of units: a job's estimated end or a node finishing
 * powering down.  Ordered by (time, seq). */
struct release {
	int64_t t_ms;
	uint64_t seq;
	int32_t units;
	int32_t owner;             /* job index, or -(node + 1) */
};

/* An occupancy change [t0, t1) by delta units, logged for policies that keep
 * their own availability profile (conservative). */
struct occ_change {
	int64_t t0_ms, t1_ms;
	int32_t delta;
};

struct spart {
	int32_t first_node, n_nodes;     /* nodes[first..+n) in weight order */
	int32_t *group_end;              /* weight groups: end positions */
	int32_t *kind_end;               /* by position: where the run of
					  * nodes of its CR and kind (static
					  * or dynamic) ends */
	int n_groups;
	uint64_t *bm_free, *bm_idle, *bm_off;  /* by position */
	uint64_t *bm_up;                 /* state NODE_UP, by position */
	uint64_t *bm_avail;              /* bm_free | bm_idle | bm_off: where
					  * a job could start now, kept with
					  * them (slurm.c avail_sync) so that
					  * the backfill, which asks after
					  * every start, need not build it */
	uint64_t *avail_words;           /* bit w: bm_avail's word w is not
					  * 0 */
	uint64_t *bm_held;               /* held whole by a job whose share
					  * is not in slurm.share (slurm.c
					  * piece_held): node_share() adds
					  * it, by position */
	int64_t *busy_diff;              /* static nodes' busy CPU-ms not yet
					  * in their lives, as differences by
					  * position (slurm.c busy_add) */
	int busy_dirty;                  /* busy_diff holds some */
	int32_t free_w0;                 /* no bit of bm_free lies in a word
					  * before this one (a lower bound:
					  * lowered when a bit is set, raised
					  * after a job takes nodes) */
	size_t n_words;
	int exclusive;
	int exact;                       /* planning in units is exact */
	int32_t ref_cpus, min_cpus, max_cpus;
	int64_t total_units, free_units;
	struct qent *q;                  /* pending jobs: q[q_head..q_n) */
	size_t q_head, q_n, q_cap, q_holes;
	struct release *rel;             /* min-heap */
	size_t n_rel, cap_rel;
	struct occ_change *log;
	size_t n_log, cap_log;
	int dirty;                       /* something happened: run a pass */
	uint64_t changes;                /* events that asked for a pass */
	int64_t wake_ms;                 /* a pass is due then (policy asked) */
	uint32_t wake_timer;
	int32_t ns_count[NS_COUNT];      /* nodes by sampled state */
	int32_t n_pending, n_running;
	int sample_dirty;
	int inactive;                    /* protected mode: no job starts */
};

struct slurm_params {
	/* Allocation to node up: fixed without a fleet; with one, the
	 * planning estimate (the real boot is drawn per launch). */
	int64_t boot_latency_ms;
	int64_t sample_interval_ms;
	int log_occupancy;               /* keep spart.log (conservative) */
	/* Launches, boot latencies, Spot and capacity failures (borrowed;
	 * NULL: every boot takes boot_latency_ms and nothing fails). */
	struct fleet *fleet;
};

struct slurm {
	struct engine eng;
	const struct slurm_layout *layout;
	const struct trace *trace;
	struct slurm_params prm;
	struct snode *nodes;
	struct sshare *share;             /* by node, as nodes */
	struct spower *power;             /* by node, as nodes */
	size_t n_nodes;
	struct spart *parts;
	int n_parts;
	struct sjob *jobs;
	size_t n_jobs, next_submit;
	/* Allocation arena: per job, n_pieces pieces from piece_off; kept
	 * for finished jobs (the result and the checker read them). */
	struct apiece *a_piece;
	size_t a_pn, a_pcap;
	/* The flat view of the same, one entry per allocated node, made by
	 * slurm_run() at its end when small (RESULT_FLAT_MAX nodes in all;
	 * else NULL): job j's nodes are a_node[j.alloc_off..+j.n_alloc). */
	int32_t *a_node, *a_cpus, *a_gpus;
	int64_t *a_mem;
	size_t a_n;
	/* The allocator's scratch (one job's candidate placement), as
	 * pieces: s_count[i] nodes from s_node[i], each giving s_cpus[i],
	 * s_gpus[i], s_mem[i]; s_n pieces. */
	int32_t *s_node, *s_count, *s_cpus, *s_gpus;
	int64_t *s_mem;
	uint8_t *s_whole;                /* try_start: piece of whole idle nodes */
	size_t s_n, s_cap;
	size_t *walk_h;                  /* slurm_release_walk()'s heap */
	uint64_t *mask_bm;               /* slurm_try_start_within()'s bitmaps */
	size_t mask_cap;
	size_t walk_cap;
	int32_t *on_node;                /* jobs_on_node()'s list */
	size_t on_node_cap;
	const struct sched_ops *policy;
	void *policy_state;
	/* Slurm's controller timers and whole-minute limits (the `slurm`
	 * policy): resume calls batched every power_save_min_interval, jobs
	 * on booted nodes started at the periodic check, idle nodes suspended
	 * on the power-saving thread's pass.  NULL: all immediate. */
	const struct slurm_conf *conf;
	struct run_result *res;
	size_t cap_lives, cap_events, cap_samples;
	uint64_t next_seq;
	int64_t pass_at_ms;              /* a pass is scheduled at this time */
	int64_t next_sample_ms;
	uint32_t sample_timer;
	int64_t last_end_ms;
	int running;                     /* slurm_run() has begun */
	/* The performance model (borrowed; the caller sets it after
	 * slurm_init): a running job's read, compute and write phases, ended
	 * through slurm_job_done(), with its time limit a separate event.
	 * NULL: a job runs its trace runtime. */
	struct jobrun *jobrun;
	int defer_ends;                  /* inside a jobrun call: a job whose
					  * phases end now ends by an event */
	int oom;                         /* ran out of memory: result invalid */
	/* No reader wants the node-state samples (only a results DB stores
	 * them; the caller sets it after slurm_init): the sample events are
	 * counted where they would fire (sample_unqueued in slurm.c), not
	 * queued, and nothing is kept. */
	int no_samples;
	/* The caller reads nothing of the model's jobs after slurm_run()
	 * (no checker, no --explain; the caller sets it after slurm_init):
	 * the run then writes the result's job records over jobs[] and
	 * leaves jobs NULL, n_jobs 0, with no flat view of its own (a_node
	 * ... NULL); the result is the same. */
	int result_takes_jobs;
	int sample_pending;              /* with no_samples: one is due at */
	int64_t sample_due_ms;
	uint64_t samples_unqueued;       /* with no_samples: how many fired */
	struct fleet_slurm *fs;          /* with prm.fleet (fleet_slurm.h) */
	/* afterok dependents of job i: dep_list[dep_first[i]..dep_first[i+1]);
	 * both NULL when no job names a dependency */
	int32_t *dep_first, *dep_list;
};

/* Builds the cluster of a layout and prepares to replay a trace.  job_queue
 * gives each trace job's partition (the caller maps names).  The result's
 * static tables (nodes_info, queue_names) are filled here; the rest by
 * slurm_run().  Returns 0, or -1 with errors in d. */
int slurm_init(struct slurm *s, const struct slurm_layout *l,
	       const struct trace *t, const int32_t *job_queue,
	       const struct slurm_params *prm, const struct sched_ops *policy,
	       struct run_result *res, struct diags *d);
/* The same with Slurm's own settings (slurm_params.h), which turn the
 * controller's timers on; slurm_init() is this with conf NULL.  conf must
 * outlive the run. */
int slurm_init_conf(struct slurm *s, const struct slurm_layout *l,
		    const struct trace *t, const int32_t *job_queue,
		    const struct slurm_params *prm, const struct slurm_conf *conf,
		    const struct sched_ops *policy, struct run_result *res,
		    struct diags *d);
void slurm_free(struct slurm *s);

/* Runs the whole trace and fills the result.  Returns 0, or -1 when memory
 * ran out. */
int slurm_run(struct slurm *s);

/* ---- for the policies ----------------------------------------------------- */

/* Tries to allocate the pending job at q[q_head + qi] of partition part now.
 * It is refused when no placement exists or when its estimated end (after
 * any boot) would be later than deadline_ms.  Returns 1 when allocated. */
int slurm_try_start(struct slurm *s, int part, size_t qi, int64_t deadline_ms);
/* The same, on the partition positions set in allow only (a bitmap of
 * at least the partition's n_words words). */
int slurm_try_start_within(struct slurm *s, int part, size_t qi,
			   const uint64_t *allow);

/* What node n's jobs hold, and what they leave free (node_share_at: by
 * its partition and position there): slurm.share, with
 * the job that holds it whole when its bit of spart.bm_held is set (all
 * its CPUs and one job more; nothing else, see slurm.c piece_held). */
static inline struct sshare node_share_at(const struct slurm *s,
					  const struct spart *p, int32_t pos)
{
	struct sshare sh = s->share[p->first_node + pos];
	int32_t held = (int32_t)(p->bm_held[pos >> 6] >> (pos & 63) & 1);
	sh.cpus_free &= held - 1;
	sh.n_jobs += held;
	return sh;
}

static inline struct sshare node_share(const struct slurm *s,
				       const struct snode *n)
{
	return node_share_at(s, &s->parts[n->part], n->pos);
}

/* The instance and power-saving bookkeeping of node n. */
static inline struct spower *node_power(const struct slurm *s,
				       const struct snode *n)
{
	return &s->power[n - s->nodes];
}

/* The pending queue of a partition (holes have job == -1). */
static inline struct qent *slurm_queue(struct slurm *s, int part, size_t *n)
{
	struct spart *p = &s->parts[part];
	*n = p->q_n - p->q_head;
	return p->q + p->q_head;
}

/* Visits the partition's future releases in (time, seq) order until fn
 * returns nonzero. */
void slurm_release_walk(struct slurm *s, int part,
			int (*fn)(void *ctx, const struct release *r), void *ctx);

/* Asks for a scheduling pass of the partition at t_ms even if nothing
 * happens then (a planned start at the end of another reservation).  Only
 * the earliest pending request is kept. */
void slurm_wake_at(struct slurm *s, int part, int64_t t_ms);

/* Takes the occupancy log of a partition (the caller consumes n entries;
 * the log is emptied). */
const struct occ_change *slurm_take_log(struct slurm *s, int part, size_t *n);

/* Node-level events for the fleet model: a node fails (its jobs are
 * requeued, or end NODE_FAIL when they asked not to be), and a failed node
 * is reset (dynamic: powered down; static: replaced and up again). */
void slurm_node_fail(struct slurm *s, int32_t node);
void slurm_node_reset(struct slurm *s, int32_t node);

/* For the fleet (fleet_slurm.c).  A node loses its instance: as
 * slurm_node_fail, with the reason its instance life ends and when the
 * instance vanished (a job keeps what its checkpoints saved before that;
 * its life keeps an earlier end). */
void slurm_node_lost(struct slurm *s, int32_t node, uint8_t reason,
		     int64_t vanish_ms);
/* An instance of type instance_type was launched now for a powering-up
 * node; it registers at ready_ms (-1: never). */
void slurm_node_launched(struct slurm *s, int32_t node, int64_t ready_ms,
			 const char *instance_type);
/* The instance of node (its life already ended) vanished: the jobs running
 * on it stop making progress; Slurm notices later (slurm_node_lost). */
void slurm_node_vanished(struct slurm *s, int32_t node);
/* A configuring job whose nodes are all up starts running. */
void slurm_job_begin(struct slurm *s, int32_t ji);
void slurm_log_event(struct slurm *s, uint16_t kind, int64_t job_id,
		     int32_t node, int32_t detail);

/* The job-phase module's done callback (ctx: the struct slurm): job ji's
 * last phase ended, so it completes. */
void slurm_job_done(void *ctx, int32_t ji);

/* Feasibility at submission (EnforcePartLimits=ALL): whether the job could
 * run on its partition with every node free.  Defined in alloc.c. */
int slurm_job_feasible(const struct slurm *s, const struct sjob *j);
/* Finds a placement for j among the nodes' current free resources into the
 * scratch pieces; returns the node count, or -1 when none.  alloc.c. */
int slurm_alloc_find(struct slurm *s, const struct sjob *j);

/* Resolves the jobs' afterok dependencies (job.depends_on) into sjob.dep
 * and the dependents index (dep_first, dep_list); n_deps is how many jobs
 * name one (counted by the caller in its pass over the jobs, so that a
 * trace without dependencies is not read again).  Returns 0, or -1 when
 * out of memory.  Defined in depend.c. */
int slurm_deps_build(struct slurm *s, size_t n_deps);

#endif
