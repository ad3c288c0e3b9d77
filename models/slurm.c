/*
 * The Slurm model's world and its events: building the nodes from the
 * layout, the node power-saving state machine, the job lifecycle, the
 * per-partition pending queues and release heaps, and what goes into the run
 * result.  Node selection is alloc.c's; which job starts when is the
 * policy's (sched_*.c).
 */
#include "models/slurm.h"

#include <stdlib.h>
#include <string.h>

#include "models/fleet.h"
#include "models/fleet_slurm.h"
#include "models/jobrun.h"
#include "models/partition.h"
#include "models/sched.h"
#include "models/slurm_params.h"
#include "sim/diag.h"
#include "sim/grow.h"
#include "workloads/job.h"

enum { SEV_SUBMIT, SEV_NODE_UP, SEV_JOB_RUN, SEV_JOB_END, SEV_SUSPEND,
       SEV_POWERED_DOWN, SEV_SCHED, SEV_SAMPLE, SEV_WAKE, SEV_JOB_LIMIT };

#define GROW(s, arr, capv, need) \
	(grow_array((void **)&(arr), &(capv), (need), sizeof *(arr), 64) \
	 ? ((s)->oom = 1, -1) : 0)

/* Branch-free: node_enter() sets three bits per node on every job start
 * and end, the model's innermost loop. */
static inline void bm_set(uint64_t *bm, int32_t i, int on)
{
	uint64_t bit = 1ull << (i & 63);
	bm[i >> 6] = (bm[i >> 6] & ~bit) | (-(uint64_t)(on != 0) & bit);
}

static inline void bm_word(uint64_t *w, uint64_t mask, int on)
{
	*w = on ? *w | mask : *w & ~mask;
}

/* Sets or clears count consecutive bits from i, a word at a time: the
 * partial first and last words by mask, the words between whole. */
static inline void bm_fill(uint64_t *bm, int32_t i, int32_t count, int on)
{
	if (count <= 0)
		return;
	int32_t last = i + count - 1, w = i >> 6, wl = last >> 6;
	uint64_t head = ~0ull << (i & 63), tail = ~0ull >> (63 - (last & 63));
	if (w == wl) {
		bm_word(&bm[w], head & tail, on);
		return;
	}
	bm_word(&bm[w], head, on);
	while (++w < wl)
		bm[w] = on ? ~0ull : 0;
	bm_word(&bm[wl], tail, on);
}

/* Brings spart.bm_avail and avail_words up to date for positions [i, i +
 * count), whose free, idle or powered-down bits were just set. */
static inline void avail_sync(struct spart *p, int32_t i, int32_t count)
{
	for (int32_t w = i >> 6, wl = (i + count - 1) >> 6; w <= wl; w++) {
		uint64_t a = p->bm_free[w] | p->bm_idle[w] | p->bm_off[w];
		p->bm_avail[w] = a;
		bm_set(p->avail_words, w, a != 0);
	}
}

/* Whether bits i .. i + count - 1 are all set in both a and b: a piece's
 * nodes tested a word at a time instead of node by node. */
static inline int bm_all(const uint64_t *a, const uint64_t *b, int32_t i,
			 int32_t count)
{
	int32_t last = i + count - 1, w = i >> 6, wl = last >> 6;
	uint64_t head = ~0ull << (i & 63), tail = ~0ull >> (63 - (last & 63));
	if (w == wl)
		return (~(a[w] & b[w]) & head & tail) == 0;
	if (~(a[w] & b[w]) & head)
		return 0;
	while (++w < wl)
		if (~(a[w] & b[w]))
			return 0;
	return (~(a[wl] & b[wl]) & tail) == 0;
}

/* ---- nodes ---------------------------------------------------------------- */

static inline int32_t node_units(const struct spart *p, const struct snode *n)
{
	return p->exclusive ? 1 : n->cpus;
}

static inline int allocatable(const struct snode *n)
{
	return n->state == NODE_UP || n->state == NODE_POWERING_UP;
}

static inline enum node_sample_state node_ns(const struct slurm *s,
					     const struct snode *n)
{
	switch (n->state) {
	case NODE_POWERED_DOWN: return NS_POWERED_DOWN;
	case NODE_POWERING_UP: return NS_POWERING_UP;
	case NODE_POWERING_DOWN: return NS_POWERING_DOWN;
	case NODE_DOWN: return NS_DOWN;
	default: {
		const struct sshare sh = node_share(s, n);
		if (sh.n_jobs == 0)
			return NS_IDLE;
		return sh.cpus_free == 0 ? NS_ALLOCATED : NS_MIXED;
	}
	}
}

/* Without samples kept (no_samples) the sample events are counted where
 * they would have fired instead of queued: the pending one is due at
 * sample_due_ms, after the model's events of that instant (its class is
 * the last), so a change at a later time finds it fired.  The run's event
 * count stays what it was with the events queued. */
static void sample_unqueued(struct slurm *s)
{
	int64_t now = s->eng.now_ms;
	if (s->sample_pending && s->sample_due_ms >= now)
		return;
	if (s->sample_pending) {
		s->samples_unqueued++;
		s->next_sample_ms = s->sample_due_ms + s->prm.sample_interval_ms;
	}
	s->sample_pending = 1;
	s->sample_due_ms = s->next_sample_ms > now ? s->next_sample_ms : now;
}

/* At most one sample per queue per interval: a change is recorded at the
 * end of the interval it falls in (at once when the last sample is older
 * than that), so samples are bounded by both the number of changes and the
 * span / interval: O(events), whatever the trace's length in time. */
static inline void sample_soon(struct slurm *s, struct spart *p)
{
	p->sample_dirty = 1;
	if (!s->running)
		return;
	if (s->no_samples) {
		sample_unqueued(s);
		return;
	}
	if (s->sample_timer != ENGINE_NO_HANDLE)
		return;
	int64_t at = s->next_sample_ms > s->eng.now_ms ? s->next_sample_ms :
		     s->eng.now_ms;
	s->sample_timer = engine_schedule(&s->eng, at, CLS_SAMPLE, SEV_SAMPLE, 0, 0);
}

/* Every change to a node is bracketed by node_leave/node_enter so the
 * partition's counters (by state, free units) and bitmaps stay exact.
 * Forced inline: gcc kept node_enter out of line, and the call was 29% of
 * the instructions at 10^4 nodes (docs/benchmarks.md). */
__attribute__((always_inline))
static inline void node_leave(struct slurm *s, struct snode *n)
{
	struct spart *p = &s->parts[n->part];
	const struct sshare sh = node_share_at(s, p, n->pos);
	p->ns_count[node_ns(s, n)]--;
	if (n->state == NODE_POWERED_DOWN)
		p->free_units -= node_units(p, n);
	else if (allocatable(n))
		p->free_units -= p->exclusive ? (sh.n_jobs == 0) : sh.cpus_free;
}

__attribute__((always_inline))
static inline void node_enter(struct slurm *s, struct snode *n)
{
	struct spart *p = &s->parts[n->part];
	const struct sshare sh = node_share_at(s, p, n->pos);
	int on = allocatable(n);
	p->ns_count[node_ns(s, n)]++;
	if (n->state == NODE_POWERED_DOWN)
		p->free_units += node_units(p, n);
	else if (on)
		p->free_units += p->exclusive ? (sh.n_jobs == 0) : sh.cpus_free;
	bm_set(p->bm_free, n->pos, on && sh.cpus_free > 0);
	if (on && sh.cpus_free > 0 && (n->pos >> 6) < p->free_w0)
		p->free_w0 = n->pos >> 6;
	bm_set(p->bm_idle, n->pos, on && sh.n_jobs == 0);
	bm_set(p->bm_off, n->pos, n->state == NODE_POWERED_DOWN);
	bm_set(p->bm_up, n->pos, n->state == NODE_UP);
	avail_sync(p, n->pos, 1);
	sample_soon(s, p);
}

static int32_t node_index(const struct slurm *s, const struct snode *n)
{
	return (int32_t)(n - s->nodes);
}

static void add_event(struct slurm *s, uint16_t kind, int64_t job_id,
		      int32_t node, int32_t detail)
{
	struct run_result *r = s->res;
	if (GROW(s, r->events, s->cap_events, r->n_events + 1))
		return;
	r->events[r->n_events++] = (struct result_event){
		s->eng.now_ms, job_id, node, kind, detail };
}

static void open_life(struct slurm *s, struct snode *n, int64_t launch_ms,
		      int64_t ready_ms)
{
	struct run_result *r = s->res;
	if (GROW(s, r->node_lives, s->cap_lives, r->n_node_lives + 1))
		return;
	int32_t idx = node_index(s, n);
	r->node_lives[r->n_node_lives] = (struct node_record){
		.node = idx, .launch_ms = launch_ms, .ready_ms = ready_ms,
		.end_ms = -1, .end_reason = NODE_END_RUN_END,
		.instance_type = r->nodes_info[idx].instance_type,
	};
	node_power(s, n)->life = (int32_t)r->n_node_lives++;
	r->n_launches++;
}

/* The busy time whole pieces of static nodes gave back, by partition
 * position as differences (busy_diff[pos] += ms at a piece's first node,
 * -= ms after its last): one update a piece instead of a read-modify-write
 * of each node's life record, the cache misses that were most of
 * release_nodes' time on 10^4 one-CPU nodes.  busy_flush() adds the sums
 * to the lives before a static node's life closes (the only time a static
 * node's life changes while it holds a job), so each lands on the life the
 * node had when the job gave it back; integer sums do not depend on the
 * order they are added in. */
static inline void busy_add(struct spart *p, int32_t pos, int32_t count,
			    int64_t ms)
{
	p->busy_diff[pos] += ms;
	p->busy_diff[pos + count] -= ms;
	p->busy_dirty = 1;
}

static void busy_flush(struct slurm *s, struct spart *p)
{
	if (!p->busy_dirty)
		return;
	struct node_record *lives = s->res->node_lives;
	const struct spower *pw = &s->power[p->first_node];
	int64_t run = 0;
	for (int32_t k = 0; k < p->n_nodes; k++, pw++) {
		run += p->busy_diff[k];
		p->busy_diff[k] = 0;
		if (run != 0 && pw->life >= 0)
			lives[pw->life].busy_cpu_ms += run;
	}
	p->busy_diff[p->n_nodes] = 0;
	p->busy_dirty = 0;
}

static void close_life(struct slurm *s, struct snode *n, uint8_t reason)
{
	if (n->is_static)
		busy_flush(s, &s->parts[n->part]);
	struct spower *pw = node_power(s, n);
	if (pw->life < 0)
		return;
	struct node_record *l = &s->res->node_lives[pw->life];
	pw->life = -1;
	if (l->end_ms >= 0)
		return;     /* a Spot instance that vanished before Slurm knew */
	l->end_ms = s->eng.now_ms;
	l->end_reason = reason;
}

void slurm_log_event(struct slurm *s, uint16_t kind, int64_t job_id,
		     int32_t node, int32_t detail)
{
	add_event(s, kind, job_id, node, detail);
}

/* ---- the release heap (per partition) ------------------------------------- */

static int rel_before(const struct release *a, const struct release *b)
{
	return a->t_ms != b->t_ms ? a->t_ms < b->t_ms : a->seq < b->seq;
}

static void rel_place(struct slurm *s, struct spart *p, size_t i)
{
	struct release *r = &p->rel[i];
	if (r->owner >= 0)
		s->jobs[r->owner].rel_pos = (int32_t)i;
	else
		s->power[-r->owner - 1].rel_pos = (int32_t)i;
}

static void rel_sift(struct slurm *s, struct spart *p, size_t i)
{
	struct release *h = p->rel;
	while (i > 0 && rel_before(&h[i], &h[(i - 1) / 2])) {
		struct release t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		rel_place(s, p, i);
		i = (i - 1) / 2;
	}
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= p->n_rel)
			break;
		if (c + 1 < p->n_rel && rel_before(&h[c + 1], &h[c]))
			c++;
		if (!rel_before(&h[c], &h[i]))
			break;
		struct release t = h[i];
		h[i] = h[c];
		h[c] = t;
		rel_place(s, p, i);
		i = c;
	}
	rel_place(s, p, i);
}

static void rel_push(struct slurm *s, struct spart *p, int64_t t_ms,
		     int32_t units, int32_t owner)
{
	if (GROW(s, p->rel, p->cap_rel, p->n_rel + 1))
		return;
	p->rel[p->n_rel] = (struct release){ t_ms, s->next_seq++, units, owner };
	rel_sift(s, p, p->n_rel++);
}

static void rel_remove(struct slurm *s, struct spart *p, int32_t pos)
{
	if (pos < 0 || (size_t)pos >= p->n_rel)
		return;
	struct release gone = p->rel[pos];
	p->rel[pos] = p->rel[--p->n_rel];
	if ((size_t)pos < p->n_rel)
		rel_sift(s, p, (size_t)pos);
	if (gone.owner >= 0)
		s->jobs[gone.owner].rel_pos = -1;
	else
		s->power[-gone.owner - 1].rel_pos = -1;
}

void slurm_release_walk(struct slurm *s, int part,
			int (*fn)(void *ctx, const struct release *r), void *ctx)
{
	/* Best-first traversal of the heap with a second heap of indices (kept
	 * between calls), so a walk costs O(k log k) for the k releases it
	 * visits and allocates nothing once warm. */
	const struct spart *p = &s->parts[part];
	const struct release *rel = p->rel;
	if (p->n_rel == 0 || grow_array((void **)&s->walk_h, &s->walk_cap,
					p->n_rel + 1, sizeof *s->walk_h, 64)) {
		if (p->n_rel)
			s->oom = 1;
		return;
	}
	size_t *h = s->walk_h, n = 1;
	h[0] = 0;
	while (n > 0) {
		size_t top = h[0];
		h[0] = h[--n];
		for (size_t i = 0;;) {
			size_t c = 2 * i + 1;
			if (c >= n)
				break;
			if (c + 1 < n && rel_before(&rel[h[c + 1]], &rel[h[c]]))
				c++;
			if (!rel_before(&rel[h[c]], &rel[h[i]]))
				break;
			size_t t = h[i]; h[i] = h[c]; h[c] = t;
			i = c;
		}
		if (fn(ctx, &rel[top]))
			return;
		for (size_t k = 2 * top + 1; k <= 2 * top + 2 && k < p->n_rel; k++) {
			size_t i = n++;
			h[i] = k;
			while (i > 0 && rel_before(&rel[h[i]], &rel[h[(i - 1) / 2]])) {
				size_t t = h[i]; h[i] = h[(i - 1) / 2]; h[(i - 1) / 2] = t;
				i = (i - 1) / 2;
			}
		}
	}
}

static void log_occ(struct slurm *s, struct spart *p, int64_t t0, int64_t t1,
		    int32_t delta)
{
	if (!s->prm.log_occupancy || t1 <= t0 || delta == 0)
		return;
	if (GROW(s, p->log, p->cap_log, p->n_log + 1))
		return;
	p->log[p->n_log++] = (struct occ_change){ t0, t1, delta };
}

const struct occ_change *slurm_take_log(struct slurm *s, int part, size_t *n)
{
	struct spart *p = &s->parts[part];
	*n = p->n_log;
	p->n_log = 0;
	return p->log;
}

/* ---- scheduling passes and samples ---------------------------------------- */

static void schedule_pass(struct slurm *s, struct spart *p)
{
	p->dirty = 1;
	if (s->pass_at_ms != s->eng.now_ms) {
		s->pass_at_ms = s->eng.now_ms;
		engine_schedule(&s->eng, s->eng.now_ms, CLS_SCHED, SEV_SCHED, 0, 0);
	}
}

/* Something happened in the partition: a pass now, and the policy can tell
 * from p->changes that the cluster changed (a policy's own wake-up, which
 * changes nothing, schedules its pass without counting). */
static void request_pass(struct slurm *s, struct spart *p)
{
	p->changes++;
	schedule_pass(s, p);
}

void slurm_wake_at(struct slurm *s, int part, int64_t t_ms)
{
	struct spart *p = &s->parts[part];
	if (t_ms <= s->eng.now_ms || t_ms == ENGINE_TIME_MAX)
		return;
	if (p->wake_timer != ENGINE_NO_HANDLE) {
		if (p->wake_ms <= t_ms)
			return;
		engine_cancel(&s->eng, p->wake_timer);
	}
	p->wake_ms = t_ms;
	p->wake_timer = engine_schedule(&s->eng, t_ms, CLS_SCHED, SEV_WAKE, part, 0);
}

static void take_samples(struct slurm *s)
{
	struct run_result *r = s->res;
	for (int q = 0; q < s->n_parts; q++) {
		struct spart *p = &s->parts[q];
		if (!p->sample_dirty)
			continue;
		if (s->no_samples) {
			p->sample_dirty = 0;
			continue;
		}
		if (GROW(s, r->samples, s->cap_samples, r->n_samples + 1))
			return;
		struct ts_sample *t = &r->samples[r->n_samples++];
		t->time_ms = s->eng.now_ms;
		t->queue = q;
		memcpy(t->nodes, p->ns_count, sizeof t->nodes);
		t->pending_jobs = p->n_pending;
		t->running_jobs = p->n_running;
		p->sample_dirty = 0;
	}
	s->next_sample_ms = s->eng.now_ms + s->prm.sample_interval_ms;
}

static void on_sched(struct slurm *s)
{
	s->pass_at_ms = -1;
	for (int q = 0; q < s->n_parts; q++) {
		struct spart *p = &s->parts[q];
		if (!p->dirty)
			continue;
		p->dirty = 0;
		s->policy->pass(s, s->policy_state, q);
		/* Drop the holes the pass left. */
		while (p->q_head < p->q_n && p->q[p->q_head].job < 0) {
			p->q_head++;
			p->q_holes--;
		}
		if (p->q_holes > 0 && p->q_holes * 4 >= p->q_n - p->q_head) {
			size_t w = 0;
			for (size_t i = p->q_head; i < p->q_n; i++)
				if (p->q[i].job >= 0)
					p->q[w++] = p->q[i];
			p->q_n = w;
			p->q_head = 0;
			p->q_holes = 0;
		} else if (p->q_head == p->q_n) {
			p->q_head = p->q_n = 0;
			p->q_holes = 0;
		}
	}
}

/* ---- the job lifecycle ---------------------------------------------------- */

static void queue_insert(struct slurm *s, struct spart *p, int32_t ji)
{
	const struct sjob *j = &s->jobs[ji];
	if (GROW(s, p->q, p->q_cap, p->q_n + 1))
		return;
	/* Priority is submission order (priority/basic): a requeued job goes
	 * back to its place, a new one to the tail. */
	size_t at = p->q_n;
	while (at > p->q_head && (p->q[at - 1].job > ji || p->q[at - 1].job < 0))
		at--;
	memmove(p->q + at + 1, p->q + at, (p->q_n - at) * sizeof *p->q);
	p->q[at] = (struct qent){ ji, j->units, j->min_units, 0, j->limit_ms, -1 };
	p->q_n++;
	p->n_pending++;
	sample_soon(s, p);
}

/* afterok: eligible only once the job it names has ended COMPLETED.  A
 * dependency that failed, timed out or was rejected is never satisfied
 * and the job stays pending (Slurm's DependencyNeverSatisfied; ParallelCluster
 * does not set kill_invalid_depend). */
static int dep_unsatisfied(const struct slurm *s, const struct sjob *j)
{
	if (j->dep < 0)
		return 0;
	const struct sjob *d = &s->jobs[j->dep];
	return !(d->state == SJ_DONE && d->final == JOB_ST_COMPLETED);
}

static void submit_one(struct slurm *s, int32_t ji)
{
	struct sjob *j = &s->jobs[ji];
	struct spart *p = &s->parts[j->part];
	if (!slurm_job_feasible(s, j)) {
		j->state = SJ_REJECTED;
		j->final = JOB_ST_REJECTED;
		s->res->n_rejected++;
		add_event(s, EV_JOB_REJECT, s->trace->jobs[ji].id, -1, j->part);
		return;
	}
	if (dep_unsatisfied(s, j)) {
		j->state = SJ_HELD;        /* eligible once the dependency completes */
		return;
	}
	j->state = SJ_PENDING;
	queue_insert(s, p, ji);
	request_pass(s, p);
}

static void on_submit(struct slurm *s)
{
	int64_t now = s->eng.now_ms;
	while (s->next_submit < s->n_jobs &&
	       s->jobs[s->next_submit].submit_ms <= now)
		submit_one(s, (int32_t)s->next_submit++);
	if (s->next_submit < s->n_jobs)
		engine_schedule(&s->eng, s->jobs[s->next_submit].submit_ms,
				CLS_SUBMIT, SEV_SUBMIT, 0, 0);
}

/* With the performance model a job's phases run on their own (jobrun.h)
 * on the compute resource and instance type of its first node and end in
 * slurm_job_done(); the time limit the trace gives is a separate event.
 * A job without one is never killed (its estimate is only for planning). */
static void start_phases(struct slurm *s, int32_t ji)
{
	struct sjob *j = &s->jobs[ji];
	const struct job *tj = &s->trace->jobs[ji];
	int32_t first = s->a_piece[j->piece_off].node;
	const struct slurm_cr *cr = &s->layout->crs[s->nodes[first].cr];
	struct job_place where = { cr->queue, cr->cr,
				   s->res->nodes_info[first].instance_type,
				   (int)j->n_alloc };
	s->defer_ends = 1;
	jobrun_begin(s->jobrun, &s->eng, ji, &where, tj);
	s->defer_ends = 0;
	/* A limit that cannot come first is not scheduled: at a tie the
	 * phases' end, scheduled earlier, fires first and cancels it. */
	if (tj->time_limit_ms > 0 &&
	    jobrun_fixed_end_ms(s->jobrun, &s->eng, ji) >
	    s->eng.now_ms + j->limit_ms)
		j->limit_timer = engine_schedule(&s->eng, s->eng.now_ms +
						 j->limit_ms, CLS_JOB,
						 SEV_JOB_LIMIT, ji, j->requeues);
}

/* Stops a running job's phases and its time limit (killed or requeued). */
static void stop_phases(struct slurm *s, int32_t ji)
{
	struct sjob *j = &s->jobs[ji];
	if (j->limit_timer != ENGINE_NO_HANDLE) {
		engine_cancel(&s->eng, j->limit_timer);
		j->limit_timer = ENGINE_NO_HANDLE;
	}
	if (!s->jobrun)
		return;
	s->defer_ends = 1;
	jobrun_kill(s->jobrun, &s->eng, ji);
	s->defer_ends = 0;
}

/* A job whose nodes came up at another time than planned (drawn boots)
 * ends, by its estimate, at another time too. */
static void move_estimate(struct slurm *s, struct spart *p, int32_t ji,
			  int64_t est_end_ms)
{
	struct sjob *j = &s->jobs[ji];
	int64_t old = j->est_end_ms;
	rel_remove(s, p, j->rel_pos);
	if (est_end_ms > old)
		log_occ(s, p, old, est_end_ms, -j->alloc_units);
	else
		log_occ(s, p, est_end_ms, old, j->alloc_units);
	j->est_end_ms = est_end_ms;
	rel_push(s, p, est_end_ms, j->alloc_units, ji);
}

/* Whether node n's instance vanished (a Spot interruption Slurm has not
 * noticed yet): its life already has an end. */
static int vanished(const struct slurm *s, const struct snode *n)
{
	int32_t life = node_power(s, n)->life;
	return life >= 0 && s->res->node_lives[life].end_ms >= 0;
}

/* A job with a node whose instance vanished cannot progress: it holds its
 * nodes until clustermgtd notices and the job is requeued. */
static int on_vanished_node(const struct slurm *s, const struct sjob *j)
{
	/* Only a Spot interruption takes an instance before Slurm knows:
	 * until the first one there is nothing to look for. */
	if (s->res->n_spot_interruptions == 0)
		return 0;
	for (uint32_t k = 0; k < j->n_pieces; k++) {
		const struct apiece *a = &s->a_piece[j->piece_off + k];
		for (int32_t x = 0; x < a->count; x++)
			if (vanished(s, &s->nodes[a->node + x]))
				return 1;
	}
	return 0;
}

static int holds_node(const struct slurm *s, const struct sjob *j, int32_t node)
{
	for (uint32_t k = 0; k < j->n_pieces; k++) {
		const struct apiece *a = &s->a_piece[j->piece_off + k];
		if (node >= a->node && node - a->node < a->count)
			return 1;
	}
	return 0;
}

static void begin_running(struct slurm *s, int32_t ji)
{
	struct sjob *j = &s->jobs[ji];
	struct spart *p = &s->parts[j->part];
	j->state = SJ_RUNNING;
	j->start_ms = s->eng.now_ms;
	p->n_running++;
	if (j->start_ms + j->limit_ms != j->est_end_ms)
		move_estimate(s, p, ji, j->start_ms + j->limit_ms);
	if (s->fs && on_vanished_node(s, j))
		return;
	sample_soon(s, p);
	if (s->jobrun) {
		start_phases(s, ji);
		return;
	}
	engine_schedule(&s->eng, s->eng.now_ms + j->run_ms, CLS_JOB, SEV_JOB_END,
			ji, j->requeues);
}

/* When a node allocated now is launched: at once, or with Slurm's timers at
 * the power-saving thread's next resume call (power_save_min_interval). */
static int64_t resume_at(const struct slurm *s, int64_t now)
{
	const struct slurm_conf *c = s->conf;
	if (!c)
		return now;
	return slurm_tick_after(now, slurm_conf_resume_period_ms(c),
				c->power_phase_ms);
}

/* When a job whose nodes are all registered at ready_ms begins to run: at
 * once, or with Slurm's timers at the controller's next periodic check. */
static int64_t run_at(const struct slurm *s, int64_t now, int64_t ready_ms)
{
	const struct slurm_conf *c = s->conf;
	if (!c || ready_ms <= now)
		return ready_ms;
	return slurm_tick_at_or_after(ready_ms, c->periodic_check_ms,
				      c->periodic_phase_ms);
}

static void power_up(struct slurm *s, struct snode *n)
{
	n->state = NODE_POWERING_UP;
	add_event(s, EV_NODE_RESUME, -1, node_index(s, n), 0);
	if (s->fs) {
		fleet_slurm_power_up(s, n);
		return;
	}
	int64_t launch = resume_at(s, s->eng.now_ms);
	struct spower *pw = node_power(s, n);
	pw->ready_ms = launch + s->prm.boot_latency_ms;
	open_life(s, n, launch, pw->ready_ms);
	engine_schedule(&s->eng, pw->ready_ms, CLS_NODE, SEV_NODE_UP,
			node_index(s, n), pw->life);
}

void slurm_node_launched(struct slurm *s, int32_t node, int64_t ready_ms,
			 const char *instance_type)
{
	struct snode *n = &s->nodes[node];
	int64_t now = s->eng.now_ms;
	open_life(s, n, now, ready_ms);
	struct spower *pw = node_power(s, n);
	if (pw->life >= 0 && instance_type)
		s->res->node_lives[pw->life].instance_type = instance_type;
	if (ready_ms < 0)
		return;
	pw->ready_ms = ready_ms;
	engine_schedule(&s->eng, ready_ms, CLS_NODE, SEV_NODE_UP, node, pw->life);
}

/* The allocator restricted to the partition positions set in allow (NULL:
 * all): it sees the partition's node bitmaps masked for the one call. */
static int alloc_within(struct slurm *s, struct spart *p, const struct sjob *j,
			const uint64_t *allow)
{
	if (!allow)
		return slurm_alloc_find(s, j);
	if (grow_array((void **)&s->mask_bm, &s->mask_cap, 3 * p->n_words,
		       sizeof *s->mask_bm, 64)) {
		s->oom = 1;
		return -1;
	}
	uint64_t *f = s->mask_bm, *i = f + p->n_words, *o = i + p->n_words;
	for (size_t w = 0; w < p->n_words; w++) {
		f[w] = p->bm_free[w] & allow[w];
		i[w] = p->bm_idle[w] & allow[w];
		o[w] = p->bm_off[w] & allow[w];
	}
	uint64_t *keep[3] = { p->bm_free, p->bm_idle, p->bm_off };
	p->bm_free = f;
	p->bm_idle = i;
	p->bm_off = o;
	int n = slurm_alloc_find(s, j);
	p->bm_free = keep[0];
	p->bm_idle = keep[1];
	p->bm_off = keep[2];
	return n;
}

/* A job's share of a node, as the change it makes to sshare.v when
 * taken (sign 1) or given back (sign -1): fewer free resources, one more
 * job.  Made once per piece, before its loop over the nodes: made for
 * each node, gcc stored it in two halves and read it back whole, a
 * store-forwarding stall on every node. */
static inline void share_delta(const struct apiece *a, int32_t sign,
			       int32_t d[4])
{
	d[0] = -sign * a->cpus;
	d[1] = -sign * a->gpus;
	d[2] = sign;
	d[3] = -sign * a->mem_mb;
}

/* Adds a share's change to a node: one 16-byte vector add (the model's
 * innermost loop: 680 nodes a job on the 10^6-job benchmark). */
static inline void share_add(struct sshare *sh, const int32_t d[4])
{
	for (int k = 0; k < 4; k++)
		sh->v[k] += d[k];
}

/* Whether all of piece a's nodes are static: its first is, and the run of
 * its kind (spart.kind_end) covers it.  Static nodes have no timers (they
 * are never suspended), which spares the whole-piece loops a test a node. */
static inline int piece_static(const struct slurm *s, const struct spart *p,
			       const struct apiece *a)
{
	const struct snode *nd = &s->nodes[a->node];
	return nd->is_static && p->kind_end[nd->pos] >= nd->pos + a->count;
}

/* Whether piece a, taken whole, is held by spart.bm_held alone, its
 * nodes' slurm.share untouched: on static nodes (never suspended, so
 * nothing but a failure changes them while it runs), and taking all
 * their CPUs and nothing else that slurm.share counts, so that
 * node_share() can tell its share from the bit alone.  The common case
 * (static nodes, one job each, no GPUs nor memory scheduling): the job
 * then starts and ends without a loop over its nodes. */
static inline int piece_held(const struct slurm *s, const struct spart *p,
			     const struct apiece *a)
{
	return a->whole && a->gpus == 0 && a->mem_mb == 0 &&
	       piece_static(s, p, a);
}

static inline void stop_node_timer(struct slurm *s, struct snode *nd)
{
	struct spower *pw = node_power(s, nd);
	if (pw->timer != ENGINE_NO_HANDLE) {
		engine_cancel(&s->eng, pw->timer);
		pw->timer = ENGINE_NO_HANDLE;
	}
}

/* Gives piece a to its job; returns the units it takes.  Whole idle nodes
 * (a->whole, the common case: static nodes, one job each) update the
 * partition's counters and bitmaps once per piece instead of once per
 * node, with the same result as node_leave/node_enter on each. */
static int32_t take_piece(struct slurm *s, struct spart *p,
			  const struct apiece *a)
{
	int32_t per = p->exclusive ? 1 : a->cpus;
	struct snode *nd = &s->nodes[a->node], *end = nd + a->count;
	struct sshare *sh = &s->share[a->node];
	int32_t d[4];
	share_delta(a, 1, d);
	if (!a->whole) {
		for (; nd < end; nd++, sh++) {
			node_leave(s, nd);
			stop_node_timer(s, nd);
			share_add(sh, d);
			if (nd->state == NODE_POWERED_DOWN)
				power_up(s, nd);
			node_enter(s, nd);
		}
		return a->count * per;
	}
	int32_t pos = s->nodes[a->node].pos;
	if (piece_held(s, p, a)) {
		bm_fill(p->bm_held, pos, a->count, 1);
	} else if (piece_static(s, p, a)) {
		for (struct sshare *e = sh + a->count; sh < e; sh++)
			share_add(sh, d);
	} else {
		for (; nd < end; nd++, sh++) {
			stop_node_timer(s, nd);
			share_add(sh, d);
		}
	}
	p->ns_count[NS_IDLE] -= a->count;
	p->ns_count[NS_ALLOCATED] += a->count;
	p->free_units -= (int64_t)a->count * per;
	bm_fill(p->bm_free, pos, a->count, 0);
	bm_fill(p->bm_idle, pos, a->count, 0);
	avail_sync(p, pos, a->count);
	sample_soon(s, p);
	return a->count * per;
}

/* Moves spart.free_w0 past the empty words of bm_free.  Done once a job
 * has taken its nodes, not by every search: the first free node lies far
 * into a partition whose low positions are busy (nodes are taken in
 * order), and the allocator, asked about many jobs between two starts,
 * walked those words each time. */
static void free_w0_raise(struct spart *p)
{
	int32_t w = p->free_w0, n = (int32_t)p->n_words;
	while (w < n && p->bm_free[w] == 0)
		w++;
	p->free_w0 = w;
}

static int try_start(struct slurm *s, int part, size_t qi, int64_t deadline_ms,
		     const uint64_t *allow)
{
	struct spart *p = &s->parts[part];
	struct qent *qe = &p->q[p->q_head + qi];
	int32_t ji = qe->job;
	struct sjob *j = &s->jobs[ji];
	int64_t now = s->eng.now_ms;
	if (p->free_units < j->min_units || p->inactive)
		return 0;
	/* A start reads the job's trace record (jobrun_begin: its runtime
	 * and communication share), far from the records read last: ask for
	 * it now, while the allocator searches (a cache miss was 3% of the
	 * 10^6-job run). */
	const struct job *tj = &s->trace->jobs[ji];
	__builtin_prefetch(&tj->runtime_ms);
	__builtin_prefetch(&tj->comm_fraction);
	int n = alloc_within(s, p, j, allow);
	if (n < 0)
		return 0;
	/* When the job can run, and which pieces are whole idle nodes that
	 * are up (the pieces are disjoint, so taking one does not change
	 * another's answer).  A piece whose nodes are all up and idle takes
	 * all their CPUs when every node of the partition has that many (a
	 * node without jobs has all its CPUs free): its bits say so. */
	int64_t ready = now;
	int alike = p->min_cpus == p->max_cpus;
	for (size_t i = 0; i < s->s_n; i++) {
		const struct snode *nd = &s->nodes[s->s_node[i]];
		int32_t cpus = s->s_cpus[i];
		if (alike && cpus == p->max_cpus &&
		    bm_all(p->bm_up, p->bm_idle, nd->pos, s->s_count[i])) {
			s->s_whole[i] = 1;
			continue;
		}
		int whole = 1;
		for (int32_t x = 0; x < s->s_count[i]; x++, nd++) {
			if (nd->state == NODE_UP) {
				const struct sshare sh = node_share(s, nd);
				whole &= sh.n_jobs == 0 && sh.cpus_free == cpus &&
					 nd->cpus == cpus;
				continue;
			}
			whole = 0;
			int64_t r = nd->state == NODE_POWERED_DOWN ?
				    resume_at(s, now) + s->prm.boot_latency_ms :
				    nd->state == NODE_POWERING_UP ?
				    node_power(s, nd)->ready_ms : now;
			if (r > ready)
				ready = r;
		}
		s->s_whole[i] = (uint8_t)whole;
	}
	ready = run_at(s, now, ready);
	if (ready + j->limit_ms > deadline_ms)
		return 0;
	/* The arena keeps finished jobs' pieces. */
	if (GROW(s, s->a_piece, s->a_pcap, s->a_pn + s->s_n))
		return 0;
	j->piece_off = (uint32_t)s->a_pn;
	j->n_pieces = (uint32_t)s->s_n;
	j->n_alloc = (uint32_t)n;
	for (size_t i = 0; i < s->s_n; i++)
		s->a_piece[s->a_pn++] = (struct apiece){ s->s_node[i],
			s->s_count[i], s->s_cpus[i], s->s_gpus[i],
			(int32_t)s->s_mem[i], s->s_whole[i] };
	int32_t units = 0;
	for (uint32_t k = 0; k < j->n_pieces; k++)
		units += take_piece(s, p, &s->a_piece[j->piece_off + k]);
	free_w0_raise(p);
	j->alloc_units = units;
	j->alloc_ms = now;
	j->est_end_ms = ready + j->limit_ms;
	rel_push(s, p, j->est_end_ms, units, ji);
	log_occ(s, p, now, j->est_end_ms, -units);
	qe->job = -1;
	p->q_holes++;
	p->n_pending--;
	if (ready > now && s->fs) {
		/* Boots are drawn: it starts when its nodes are all up. */
		j->state = SJ_CONFIGURING;
		fleet_slurm_configuring(s, ji);
	} else if (ready > now) {
		j->state = SJ_CONFIGURING;
		engine_schedule(&s->eng, ready, CLS_JOB, SEV_JOB_RUN, ji,
				j->requeues);
	} else {
		begin_running(s, ji);
	}
	return 1;
}

int slurm_try_start(struct slurm *s, int part, size_t qi, int64_t deadline_ms)
{
	return try_start(s, part, qi, deadline_ms, NULL);
}

int slurm_try_start_within(struct slurm *s, int part, size_t qi,
			   const uint64_t *allow)
{
	return try_start(s, part, qi, ENGINE_TIME_MAX, allow);
}

/* A node idle for SuspendTime is suspended; with Slurm's timers, on the
 * power-saving thread's first pass after that (its timer delay). */
static void start_idle_timer(struct slurm *s, struct snode *n)
{
	if (n->is_static || s->layout->suspend_time_s < 0 || n->state != NODE_UP)
		return;
	int64_t at = s->eng.now_ms + (int64_t)s->layout->suspend_time_s * 1000;
	const struct slurm_conf *c = s->conf;
	if (c)
		at = slurm_tick_after(at, slurm_conf_suspend_period_ms(c),
				      c->power_phase_ms);
	node_power(s, n)->timer = engine_schedule(&s->eng, at, CLS_NODE,
						  SEV_SUSPEND, node_index(s, n), 0);
}

/* Job ji completed: the submitted jobs waiting for it become pending, at
 * their place in the queue (priority is submission order). */
static void release_dependents(struct slurm *s, int32_t ji)
{
	if (!s->dep_first)
		return;
	for (int32_t k = s->dep_first[ji]; k < s->dep_first[ji + 1]; k++) {
		int32_t di = s->dep_list[k];
		struct sjob *d = &s->jobs[di];
		if (d->state != SJ_HELD)
			continue;
		d->state = SJ_PENDING;
		queue_insert(s, &s->parts[d->part], di);
		request_pass(s, &s->parts[d->part]);
	}
}

/* After a job's share went back to node nd: the busy_ms CPU-ms it had of
 * the node's instance life (in lives), and the idle timer of a dynamic
 * node left without jobs (static nodes are never suspended: no call). */
static inline void after_give(struct slurm *s, struct snode *nd,
			      struct node_record *lives, int64_t busy_ms)
{
	int32_t life = node_power(s, nd)->life;
	if (life >= 0 && busy_ms > 0)
		lives[life].busy_cpu_ms += busy_ms;
	if (node_share(s, nd).n_jobs == 0 && !nd->is_static)
		start_idle_timer(s, nd);
}

/* Puts held piece a's share into its nodes' slurm.share and clears their
 * bits of spart.bm_held: the same shares for node_share(), for a release
 * that goes node by node.  Not seen in practice (a held piece's nodes
 * stay up: a node that fails gives its jobs back first), but that path
 * adds the share's change to slurm.share, so it must be there. */
static void unhold(struct slurm *s, struct spart *p, const struct apiece *a)
{
	int32_t d[4];
	share_delta(a, 1, d);
	for (struct sshare *sh = &s->share[a->node], *e = sh + a->count; sh < e;
	     sh++)
		share_add(sh, d);
	bm_fill(p->bm_held, s->nodes[a->node].pos, a->count, 0);
}

/* Gives a job's resources back to its nodes.  A piece taken whole whose
 * nodes are all still up is whole now: no other job could join a node
 * whose CPUs it held, and a node that fails gives its jobs back first. */
static void release_nodes(struct slurm *s, struct sjob *j, int64_t ran_ms)
{
	struct node_record *lives = s->res->node_lives;
	struct spart *p = &s->parts[j->part];
	for (uint32_t k = 0; k < j->n_pieces; k++) {
		const struct apiece *a = &s->a_piece[j->piece_off + k];
		struct snode *nd = &s->nodes[a->node], *end = nd + a->count;
		struct sshare *sh = &s->share[a->node];
		int32_t d[4];
		share_delta(a, -1, d);
		int64_t busy_ms = ran_ms > 0 ? (int64_t)a->cpus * ran_ms : 0;
		int held = piece_held(s, p, a);
		if (!a->whole || !bm_all(p->bm_up, p->bm_up, nd->pos, a->count)) {
			if (held)
				unhold(s, p, a);
			for (; nd < end; nd++, sh++) {
				node_leave(s, nd);
				share_add(sh, d);
				node_enter(s, nd);
				after_give(s, nd, lives, busy_ms);
			}
			continue;
		}
		/* The reverse of take_piece's whole-node block. */
		int32_t pos = nd->pos;
		p->ns_count[NS_ALLOCATED] -= a->count;
		p->ns_count[NS_IDLE] += a->count;
		p->free_units += (int64_t)a->count * (p->exclusive ? 1 : a->cpus);
		bm_fill(p->bm_free, pos, a->count, 1);
		if ((pos >> 6) < p->free_w0)
			p->free_w0 = pos >> 6;
		bm_fill(p->bm_idle, pos, a->count, 1);
		avail_sync(p, pos, a->count);
		sample_soon(s, p);
		/* after_give in two passes, the same in effect: the busy time,
		 * then (the nodes are idle now) the dynamic nodes' timers in
		 * node order.  Static nodes have no timers, and their busy
		 * time waits in busy_diff. */
		if (piece_static(s, p, a)) {
			if (held)
				bm_fill(p->bm_held, pos, a->count, 0);
			else
				for (struct sshare *e = sh + a->count; sh < e; sh++)
					share_add(sh, d);
			if (busy_ms > 0)
				busy_add(p, pos, a->count, busy_ms);
			continue;
		}
		for (; nd < end; nd++, sh++) {
			share_add(sh, d);
			int32_t life = node_power(s, nd)->life;
			if (busy_ms > 0 && life >= 0)
				lives[life].busy_cpu_ms += busy_ms;
		}
		for (nd = &s->nodes[a->node]; nd < end; nd++)
			if (!nd->is_static)
				start_idle_timer(s, nd);
	}
}

static void finish_job(struct slurm *s, int32_t ji, uint8_t final)
{
	struct sjob *j = &s->jobs[ji];
	struct spart *p = &s->parts[j->part];
	int64_t now = s->eng.now_ms;
	if (j->limit_timer != ENGINE_NO_HANDLE) {
		engine_cancel(&s->eng, j->limit_timer);
		j->limit_timer = ENGINE_NO_HANDLE;
	}
	if (s->jobrun)
		j->run_ms = now - j->start_ms;
	j->state = SJ_DONE;
	j->end_ms = now;
	j->final = final;
	if (now > s->last_end_ms)
		s->last_end_ms = now;
	p->n_running--;
	rel_remove(s, p, j->rel_pos);
	log_occ(s, p, now, j->est_end_ms, j->alloc_units);
	release_nodes(s, j, now - j->start_ms);
	request_pass(s, p);
	if (j->final == JOB_ST_COMPLETED)
		release_dependents(s, ji);
}

static void on_job_end(struct slurm *s, int32_t ji, int64_t attempt)
{
	struct sjob *j = &s->jobs[ji];
	if (j->state != SJ_RUNNING || j->requeues != attempt)
		return;     /* a stale end of a requeued attempt */
	if (s->fs && on_vanished_node(s, j))
		return;     /* its processes died with the instance */
	/* With the performance model this event is a completion that
	 * happened inside a jobrun call (slurm_job_done). */
	finish_job(s, ji, !s->jobrun &&
		   s->trace->jobs[ji].runtime_ms > j->limit_ms ?
		   JOB_ST_TIMEOUT : JOB_ST_COMPLETED);
}

void slurm_job_done(void *ctx, int32_t ji)
{
	struct slurm *s = ctx;
	struct sjob *j = &s->jobs[ji];
	if (j->state != SJ_RUNNING)
		return;
	if (!s->defer_ends) {
		finish_job(s, ji, JOB_ST_COMPLETED);
		return;
	}
	/* Ended while a policy pass or a node failure is walking the jobs:
	 * completes by an event at this instant, which no time limit can
	 * pre-empt any more. */
	if (j->limit_timer != ENGINE_NO_HANDLE) {
		engine_cancel(&s->eng, j->limit_timer);
		j->limit_timer = ENGINE_NO_HANDLE;
	}
	engine_schedule(&s->eng, s->eng.now_ms, CLS_JOB, SEV_JOB_END, ji,
			j->requeues);
}

static void on_job_limit(struct slurm *s, int32_t ji, int64_t attempt)
{
	struct sjob *j = &s->jobs[ji];
	j->limit_timer = ENGINE_NO_HANDLE;
	if (j->state != SJ_RUNNING || j->requeues != attempt)
		return;
	stop_phases(s, ji);
	finish_job(s, ji, JOB_ST_TIMEOUT);
}

void slurm_job_begin(struct slurm *s, int32_t ji)
{
	struct sjob *j = &s->jobs[ji];
	if (j->state != SJ_CONFIGURING)
		return;
	int64_t at = run_at(s, s->eng.now_ms - 1, s->eng.now_ms);
	if (at > s->eng.now_ms)      /* the controller's periodic check */
		engine_schedule(&s->eng, at, CLS_JOB, SEV_JOB_RUN, ji, j->requeues);
	else
		begin_running(s, ji);
}

static void on_job_run(struct slurm *s, int32_t ji, int64_t attempt)
{
	struct sjob *j = &s->jobs[ji];
	if (j->state == SJ_CONFIGURING && j->requeues == attempt)
		begin_running(s, ji);
}

static void on_node_up(struct slurm *s, struct snode *n, int64_t life)
{
	if (n->state != NODE_POWERING_UP || node_power(s, n)->life != life ||
	    vanished(s, n))
		return;     /* lost before it registered */
	node_leave(s, n);
	n->state = NODE_UP;
	node_enter(s, n);
	add_event(s, EV_NODE_UP, -1, node_index(s, n), 0);
	if (node_share(s, n).n_jobs == 0)
		start_idle_timer(s, n);
	if (s->fs)
		fleet_slurm_node_up(s, n);
}

static void on_suspend(struct slurm *s, struct snode *n)
{
	node_power(s, n)->timer = ENGINE_NO_HANDLE;
	if (n->state != NODE_UP || node_share(s, n).n_jobs != 0)
		return;
	struct spart *p = &s->parts[n->part];
	int64_t now = s->eng.now_ms;
	int64_t down_at = now + (int64_t)s->layout->suspend_timeout_s * 1000;
	node_leave(s, n);
	n->state = NODE_POWERING_DOWN;
	node_enter(s, n);
	close_life(s, n, NODE_END_SUSPEND);
	add_event(s, EV_NODE_SUSPEND, -1, node_index(s, n), 0);
	rel_push(s, p, down_at, node_units(p, n), -node_index(s, n) - 1);
	log_occ(s, p, now, down_at, -node_units(p, n));
	node_power(s, n)->timer = engine_schedule(&s->eng, down_at, CLS_NODE,
						  SEV_POWERED_DOWN,
						  node_index(s, n), 0);
}

static void on_powered_down(struct slurm *s, struct snode *n)
{
	node_power(s, n)->timer = ENGINE_NO_HANDLE;
	if (n->state != NODE_POWERING_DOWN)
		return;
	struct spart *p = &s->parts[n->part];
	rel_remove(s, p, node_power(s, n)->rel_pos);
	node_leave(s, n);
	n->state = NODE_POWERED_DOWN;
	node_enter(s, n);
	request_pass(s, p);
}

/* Of a running job whose node vanished at vanish_ms, the work it keeps
 * (the fleet's checkpoint policy; nothing without a fleet). */
static int64_t work_kept_ms(const struct slurm *s, const struct sjob *j,
			    int64_t vanish_ms)
{
	if (!s->prm.fleet)
		return 0;
	int64_t until = vanish_ms < s->eng.now_ms ? vanish_ms : s->eng.now_ms;
	return fleet_work_kept_ms(&s->prm.fleet->params, until - j->start_ms);
}

/* A requeued job's attempt ran ran_ms and saved kept_ms of it. */
static void keep_work(struct slurm *s, int32_t ji, int64_t ran_ms,
		      int64_t kept_ms)
{
	struct sjob *j = &s->jobs[ji];
	j->lost_ms += ran_ms - kept_ms;
	if (s->jobrun)
		s->jobrun->jobs[ji].kept_ms += kept_ms;
	else
		j->run_ms = j->run_ms > kept_ms ? j->run_ms - kept_ms : 0;
}

static int cmp_job_index(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The running and configuring jobs that hold node, in job order (the order
 * their requeues and kills were always made in: events, FSx re-shares and
 * queue places follow it), into s->on_node; returns how many, or -1 out of
 * memory.  Each such job has its estimated end in its partition's release
 * heap, so a node failure looks at the jobs on the cluster, not at every
 * job of the trace (a scan of 10^5 jobs per Spot interruption was 7% of
 * a run with 215 of them). */
static long jobs_on_node(struct slurm *s, int32_t node)
{
	const struct spart *p = &s->parts[s->nodes[node].part];
	size_t n = 0;
	for (size_t i = 0; i < p->n_rel; i++) {
		int32_t ji = p->rel[i].owner;
		if (ji < 0)
			continue;
		const struct sjob *j = &s->jobs[ji];
		if (j->state != SJ_RUNNING && j->state != SJ_CONFIGURING)
			continue;
		if (!holds_node(s, j, node))
			continue;
		if (GROW(s, s->on_node, s->on_node_cap, n + 1))
			return -1;
		s->on_node[n++] = ji;
	}
	if (n > 1)
		qsort(s->on_node, n, sizeof *s->on_node, cmp_job_index);
	return (long)n;
}

void slurm_node_vanished(struct slurm *s, int32_t node)
{
	long n = jobs_on_node(s, node);
	for (long k = 0; k < n; k++)
		if (s->jobs[s->on_node[k]].state == SJ_RUNNING)
			stop_phases(s, s->on_node[k]);
}

void slurm_node_fail(struct slurm *s, int32_t node)
{
	slurm_node_lost(s, node, NODE_END_LAUNCH_FAIL, s->eng.now_ms);
}

/* A node fails: running and configuring jobs on it lose their allocation;
 * they go back to the queue at their priority unless they asked not to be
 * requeued.  Its capacity is unavailable until slurm_node_reset(). */
void slurm_node_lost(struct slurm *s, int32_t node, uint8_t reason,
		     int64_t vanish_ms)
{
	struct snode *n = &s->nodes[node];
	struct spart *p = &s->parts[n->part];
	int64_t now = s->eng.now_ms;
	long n_on = jobs_on_node(s, node);
	for (long k = 0; k < n_on; k++) {
		int32_t ji = s->on_node[k];
		struct sjob *j = &s->jobs[ji];
		if (j->state != SJ_RUNNING && j->state != SJ_CONFIGURING)
			continue;
		int64_t ran = 0, kept = 0;
		if (j->state == SJ_RUNNING) {
			p->n_running--;
			stop_phases(s, (int32_t)ji);
			ran = now - j->start_ms;
			kept = work_kept_ms(s, j, vanish_ms);
		}
		rel_remove(s, p, j->rel_pos);
		log_occ(s, p, now, j->est_end_ms, j->alloc_units);
		release_nodes(s, j, ran);
		if ((s->trace->jobs[ji].flags & JOB_NO_REQUEUE) ||
		    (s->prm.fleet &&
		     j->requeues >= s->prm.fleet->params.max_requeues)) {
			j->state = SJ_DONE;
			j->final = JOB_ST_NODE_FAIL;
			j->end_ms = now;
			if (now > s->last_end_ms)
				s->last_end_ms = now;
		} else {
			keep_work(s, (int32_t)ji, ran, kept);
			j->requeues++;
			s->res->n_requeues++;
			j->state = SJ_PENDING;
			j->start_ms = -1;
			queue_insert(s, p, (int32_t)ji);
			add_event(s, EV_JOB_REQUEUE, s->trace->jobs[ji].id, node, 0);
		}
	}
	stop_node_timer(s, n);
	rel_remove(s, p, node_power(s, n)->rel_pos);
	node_leave(s, n);
	n->state = NODE_DOWN;
	node_enter(s, n);
	close_life(s, n, reason);
	add_event(s, EV_NODE_DOWN, -1, node, 0);
	log_occ(s, p, now, ENGINE_TIME_MAX, -node_units(p, n));
	request_pass(s, p);
}

void slurm_node_reset(struct slurm *s, int32_t node)
{
	struct snode *n = &s->nodes[node];
	struct spart *p = &s->parts[n->part];
	if (n->state != NODE_DOWN)
		return;
	node_leave(s, n);
	if (n->is_static && s->fs) {
		/* clustermgtd replaces it: a new instance that boots. */
		power_up(s, n);
		node_enter(s, n);
		log_occ(s, p, s->eng.now_ms, ENGINE_TIME_MAX, node_units(p, n));
		request_pass(s, p);
		return;
	}
	n->state = n->is_static ? NODE_UP : NODE_POWERED_DOWN;
	node_enter(s, n);
	if (n->is_static)
		open_life(s, n, s->eng.now_ms, s->eng.now_ms);
	log_occ(s, p, s->eng.now_ms, ENGINE_TIME_MAX, node_units(p, n));
	request_pass(s, p);
}

static void fire(void *ctx, const struct event *ev)
{
	struct slurm *s = ctx;
	switch (ev->kind) {
	case SEV_SUBMIT: on_submit(s); break;
	case SEV_NODE_UP: on_node_up(s, &s->nodes[ev->a], ev->b); break;
	case SLURM_EV_FLEET: fleet_slurm_event(s, ev); break;
	case SEV_JOB_RUN: on_job_run(s, (int32_t)ev->a, ev->b); break;
	case SEV_JOB_END: on_job_end(s, (int32_t)ev->a, ev->b); break;
	case SEV_JOB_LIMIT: on_job_limit(s, (int32_t)ev->a, ev->b); break;
	case SLURM_EV_JOBRUN_IO:
	case SLURM_EV_JOBRUN_COMPUTE:
		jobrun_on_event(s->jobrun, &s->eng, ev);
		break;
	case SEV_SUSPEND: on_suspend(s, &s->nodes[ev->a]); break;
	case SEV_POWERED_DOWN: on_powered_down(s, &s->nodes[ev->a]); break;
	case SEV_SCHED: on_sched(s); break;
	case SEV_WAKE:
		s->parts[ev->a].wake_timer = ENGINE_NO_HANDLE;
		schedule_pass(s, &s->parts[ev->a]);
		break;
	case SEV_SAMPLE:
		s->sample_timer = ENGINE_NO_HANDLE;
		take_samples(s);
		break;
	}
	/* The first allocation that failed makes the result invalid: stop
	 * at once rather than run on with a model that lost state (a pass
	 * that could not record a start would rescan its queue forever). */
	if (s->oom || s->eng.oom || (s->jobrun && s->jobrun->oom))
		engine_stop(&s->eng);
}

/* ---- building the world --------------------------------------------------- */

static int node_order(const void *a, const void *b)
{
	const struct snode *x = a, *y = b;
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight < y->weight ? -1 : 1;
	/* Definition order (slurm.conf lines, then index): stored in pos. */
	return (x->pos > y->pos) - (x->pos < y->pos);
}

static int build_nodes(struct slurm *s)
{
	const struct slurm_layout *l = s->layout;
	size_t n = 0;
	for (int i = 0; i < l->n_crs; i++)
		n += (size_t)l->crs[i].n_static + (size_t)l->crs[i].n_dynamic;
	s->nodes = calloc(n ? n : 1, sizeof *s->nodes);
	s->share = calloc(n ? n : 1, sizeof *s->share);
	s->power = calloc(n ? n : 1, sizeof *s->power);
	if (!s->nodes || !s->share || !s->power)
		return -1;
	for (size_t i = 0; i < n; i++)
		s->power[i] = (struct spower){ .life = -1, .rel_pos = -1,
					       .timer = ENGINE_NO_HANDLE };
	s->n_nodes = n;
	size_t k = 0;
	for (int i = 0; i < l->n_crs; i++) {
		const struct slurm_cr *cr = &l->crs[i];
		int total = cr->n_static + cr->n_dynamic;
		for (int x = 0; x < total; x++, k++) {
			struct snode *nd = &s->nodes[k];
			nd->part = cr->queue;
			nd->cr = i;
			nd->pos = (int32_t)k;
			nd->cpus = cr->cpus;
			nd->gpus = cr->gpus;
			nd->mem_mb = (int32_t)cr->real_mem_mb;
			nd->is_static = x < cr->n_static;
			nd->weight = nd->is_static ? cr->static_weight : cr->dynamic_weight;
			nd->state = nd->is_static ? NODE_UP : NODE_POWERED_DOWN;
		}
	}
	qsort(s->nodes, n, sizeof *s->nodes, node_order);
	for (size_t i = 0; i < n; i++)     /* no jobs yet: all free */
		s->share[i] = (struct sshare){ .cpus_free = s->nodes[i].cpus,
					       .gpus_free = s->nodes[i].gpus,
					       .mem_free_mb = s->nodes[i].mem_mb };
	return 0;
}

static int fill_node_info(struct slurm *s)
{
	const struct slurm_layout *l = s->layout;
	struct run_result *r = s->res;
	r->nodes_info = calloc(s->n_nodes ? s->n_nodes : 1, sizeof *r->nodes_info);
	if (!r->nodes_info)
		return -1;
	r->n_nodes_info = s->n_nodes;
	/* Per CR, the running index of its static and dynamic nodes follows
	 * definition order, which the sort kept within a (part, weight). */
	int *st = calloc((size_t)l->n_crs + 1, sizeof *st);
	int *dy = calloc((size_t)l->n_crs + 1, sizeof *dy);
	if (!st || !dy) {
		free(st);
		free(dy);
		return -1;
	}
	/* Visit nodes in definition order (their original pos). */
	int32_t *by_def = malloc((s->n_nodes ? s->n_nodes : 1) * sizeof *by_def);
	if (!by_def) {
		free(st);
		free(dy);
		return -1;
	}
	for (size_t i = 0; i < s->n_nodes; i++)
		by_def[s->nodes[i].pos] = (int32_t)i;
	for (size_t d = 0; d < s->n_nodes; d++) {
		int32_t i = by_def[d];
		const struct snode *nd = &s->nodes[i];
		const struct slurm_cr *cr = &l->crs[nd->cr];
		struct node_info *ni = &r->nodes_info[i];
		int idx = nd->is_static ? ++st[nd->cr] : ++dy[nd->cr];
		snprintf(ni->name, sizeof ni->name, "%s-%s-%s-%d",
			 l->parts[cr->queue].name, nd->is_static ? "st" : "dy",
			 cr->name, idx);
		ni->queue = cr->queue;
		ni->cr = cr->cr;
		ni->instance_type = cr->n_instance_types > 0 ?
				    cr->instance_types[0] : NULL;
		ni->cpus = nd->cpus;
		ni->mem_mb = nd->mem_mb;
		ni->gpus = nd->gpus;
		ni->weight = nd->weight;
		ni->is_static = nd->is_static;
		ni->spot = (uint8_t)l->parts[cr->queue].spot;
	}
	free(by_def);
	free(st);
	free(dy);
	return 0;
}

static int build_parts(struct slurm *s)
{
	const struct slurm_layout *l = s->layout;
	s->n_parts = l->n_parts;
	s->parts = calloc(l->n_parts ? (size_t)l->n_parts : 1, sizeof *s->parts);
	if (!s->parts)
		return -1;
	size_t i = 0;
	for (int q = 0; q < l->n_parts; q++) {
		struct spart *p = &s->parts[q];
		p->exclusive = l->parts[q].exclusive;
		p->first_node = (int32_t)i;
		while (i < s->n_nodes && s->nodes[i].part == q)
			i++;
		p->n_nodes = (int32_t)i - p->first_node;
		p->n_words = ((size_t)p->n_nodes + 63) / 64 + 1;
		p->bm_free = calloc(p->n_words, sizeof *p->bm_free);
		p->bm_idle = calloc(p->n_words, sizeof *p->bm_idle);
		p->bm_off = calloc(p->n_words, sizeof *p->bm_off);
		p->bm_up = calloc(p->n_words, sizeof *p->bm_up);
		p->bm_held = calloc(p->n_words, sizeof *p->bm_held);
		p->bm_avail = calloc(p->n_words, sizeof *p->bm_avail);
		p->avail_words = calloc((p->n_words + 63) / 64,
					sizeof *p->avail_words);
		p->busy_diff = calloc((size_t)p->n_nodes + 1, sizeof *p->busy_diff);
		p->group_end = calloc((size_t)p->n_nodes + 1, sizeof *p->group_end);
		p->kind_end = calloc((size_t)p->n_nodes + 1, sizeof *p->kind_end);
		if (!p->bm_free || !p->bm_idle || !p->bm_off || !p->bm_up ||
		    !p->bm_held || !p->bm_avail || !p->avail_words ||
		    !p->busy_diff || !p->group_end ||
		    !p->kind_end)
			return -1;
		int same_cpus = 1, all_static = 1;
		for (int32_t k = 0; k < p->n_nodes; k++) {
			struct snode *nd = &s->nodes[p->first_node + k];
			nd->pos = k;
			if (k > 0 && nd->weight != nd[-1].weight)
				p->group_end[p->n_groups++] = k;
			if (k == 0)
				p->ref_cpus = p->min_cpus = nd->cpus;
			if (nd->cpus > p->max_cpus)
				p->max_cpus = nd->cpus;
			if (nd->cpus < p->min_cpus)
				p->min_cpus = nd->cpus;
			same_cpus &= nd->cpus == p->ref_cpus;
			all_static &= nd->is_static;
			p->total_units += node_units(p, nd);
			node_enter(s, nd);
			if (nd->gpus > 0)
				same_cpus = 0;
		}
		if (p->n_nodes > 0)
			p->group_end[p->n_groups++] = p->n_nodes;
		for (int32_t k = p->n_nodes - 1; k >= 0; k--) {
			const struct snode *nd = &s->nodes[p->first_node + k];
			p->kind_end[k] = k + 1 < p->n_nodes &&
					 nd[1].cr == nd->cr &&
					 nd[1].is_static == nd->is_static ?
					 p->kind_end[k + 1] : k + 1;
		}
		p->exact = same_cpus && all_static && !l->memory_scheduling;
	}
	return 0;
}

/* CRs of the job's partition whose features include the constraint. */
static void job_constraint(struct slurm *s, struct sjob *j, const struct job *tj)
{
	const struct slurm_part *lp = &s->layout->parts[j->part];
	j->cr_mask = ~0ull;
	if (tj->constraint == JOB_NO_STR)
		return;
	const char *want = strtab_get(&s->trace->strings, tj->constraint);
	if (!want)
		return;
	if (!strcmp(want, "static") || !strcmp(want, "dynamic")) {
		j->node_kind = want[0] == 's' ? 1 : 2;
		return;
	}
	j->cr_mask = 0;
	for (int i = 0; i < lp->n_crs && i < 64; i++)
		if (slurm_cr_has_feature(&s->layout->crs[lp->first_cr + i], want))
			j->cr_mask |= 1ull << i;
}

static int32_t div_up(int64_t a, int64_t b)
{
	return b > 0 ? (int32_t)((a + b - 1) / b) : 0;
}

static void job_units(const struct spart *p, struct sjob *j)
{
	int32_t nodes = j->nodes > 0 ? j->nodes : div_up(j->cpus, p->ref_cpus);
	if (nodes < 1)
		nodes = 1;
	if (p->exclusive) {
		j->units = nodes;
		j->min_units = j->nodes > 0 ? j->nodes : div_up(j->cpus, p->max_cpus);
		if (j->min_units < 1)
			j->min_units = 1;
	} else {
		j->units = j->exclusive ? nodes * p->ref_cpus : j->cpus;
		j->min_units = j->cpus;
	}
}

/* A job's estimate is its time limit; a trace without one gives the exact
 * runtime as the estimate (a perfect estimate; Slurm's MaxTime=INFINITE
 * would make planning meaningless).  A limit of 0 means none, as in Slurm. */
static void init_job(struct slurm *s, int32_t ji, int32_t part)
{
	const struct job *tj = &s->trace->jobs[ji];
	struct sjob *j = &s->jobs[ji];
	struct spart *p = &s->parts[part];
	memset(j, 0, sizeof *j);
	j->part = part;
	j->state = SJ_FUTURE;
	j->final = JOB_ST_PENDING;
	j->cpus = tj->cpus > 0 ? tj->cpus : 1;
	j->nodes = tj->nodes > 0 ? tj->nodes : 0;
	if (j->nodes > j->cpus)
		j->cpus = j->nodes;     /* Slurm gives every node a CPU at least */
	j->gpus = tj->gpus > 0 ? tj->gpus : 0;
	j->exclusive = p->exclusive || (tj->flags & JOB_EXCLUSIVE);
	j->limit_ms = tj->time_limit_ms > 0 ? tj->time_limit_ms : tj->runtime_ms;
	if (j->limit_ms < 0)
		j->limit_ms = 0;
	if (s->conf)     /* Slurm keeps limits in whole minutes, rounded up */
		j->limit_ms = (j->limit_ms + 59999) / 60000 * 60000;
	int64_t rt = tj->runtime_ms > 0 ? tj->runtime_ms : 0;
	j->run_ms = rt < j->limit_ms ? rt : j->limit_ms;
	j->submit_ms = tj->submit_ms;
	j->alloc_ms = j->start_ms = j->end_ms = -1;
	j->rel_pos = -1;
	j->promise_ms = j->first_res_ms = -1;
	j->dep = -1;
	job_constraint(s, j, tj);
	job_units(p, j);
	/* Planning in units is exact only for jobs that any set of free units
	 * can host. */
	if (j->nodes > 0 && !p->exclusive && p->ref_cpus > 1)
		p->exact = 0;
	if (j->exclusive && !p->exclusive && p->ref_cpus > 1)
		p->exact = 0;
	if (j->gpus > 0 || j->cr_mask != ~0ull || j->node_kind)
		p->exact = 0;
}

int slurm_init(struct slurm *s, const struct slurm_layout *l,
	       const struct trace *t, const int32_t *job_queue,
	       const struct slurm_params *prm, const struct sched_ops *policy,
	       struct run_result *res, struct diags *d)
{
	return slurm_init_conf(s, l, t, job_queue, prm, NULL, policy, res, d);
}

int slurm_init_conf(struct slurm *s, const struct slurm_layout *l,
		    const struct trace *t, const int32_t *job_queue,
		    const struct slurm_params *prm, const struct slurm_conf *conf,
		    const struct sched_ops *policy, struct run_result *res,
		    struct diags *d)
{
	memset(s, 0, sizeof *s);
	engine_init(&s->eng);
	s->conf = conf;
	s->layout = l;
	s->trace = t;
	s->prm = *prm;
	s->prm.log_occupancy = policy->wants_log;
	s->policy = policy;
	s->res = res;
	s->pass_at_ms = -1;
	memset(res, 0, sizeof *res);
	res->queue_names = calloc(l->n_parts ? (size_t)l->n_parts : 1,
				  sizeof *res->queue_names);
	if (!res->queue_names)
		goto oom;
	res->n_queues = (size_t)l->n_parts;
	for (int q = 0; q < l->n_parts; q++)
		if (!(res->queue_names[q] = strdup(l->parts[q].name)))
			goto oom;
	if (build_nodes(s) || fill_node_info(s) || build_parts(s))
		goto oom;
	s->n_jobs = t->n;
	s->jobs = calloc(t->n ? t->n : 1, sizeof *s->jobs);
	if (!s->jobs)
		goto oom;
	/* The allocation arena, reserved for two pieces a job (pages never
	 * written cost nothing): grown by doubling from a small start, it
	 * was copied at every step. */
	if (GROW(s, s->a_piece, s->a_pcap, 2 * t->n))
		goto oom;
	size_t n_deps = 0;
	for (size_t i = 0; i < t->n; i++) {
		init_job(s, (int32_t)i, job_queue[i]);
		n_deps += t->jobs[i].depends_on >= 0;
	}
	if (slurm_deps_build(s, n_deps))
		goto oom;
	if (policy->init && policy->init(s, &s->policy_state))
		goto oom;
	if (prm->fleet && fleet_slurm_init(s))
		goto oom;
	return 0;
oom:
	diag_error(d, NULL, 0, 0, "out of memory building the cluster");
	slurm_free(s);
	return -1;
}

void slurm_free(struct slurm *s)
{
	if (s->policy && s->policy->free)
		s->policy->free(s->policy_state);
	fleet_slurm_free(s);
	for (int q = 0; s->parts && q < s->n_parts; q++) {
		struct spart *p = &s->parts[q];
		free(p->group_end);
		free(p->kind_end);
		free(p->bm_free);
		free(p->bm_idle);
		free(p->bm_off);
		free(p->bm_up);
		free(p->bm_held);
		free(p->bm_avail);
		free(p->avail_words);
		free(p->busy_diff);
		free(p->q);
		free(p->rel);
		free(p->log);
	}
	free(s->parts);
	free(s->nodes);
	free(s->share);
	free(s->power);
	free(s->jobs);
	free(s->a_piece);
	free(s->a_node);
	free(s->a_cpus);
	free(s->a_gpus);
	free(s->a_mem);
	free(s->s_node);
	free(s->s_count);
	free(s->s_whole);
	free(s->s_cpus);
	free(s->s_gpus);
	free(s->s_mem);
	free(s->walk_h);
	free(s->on_node);
	free(s->dep_first);
	free(s->dep_list);
	free(s->mask_bm);
	engine_free(&s->eng);
	memset(s, 0, sizeof *s);
}

/* ---- running and the records ---------------------------------------------- */

static int ran_on_nodes(const struct sjob *j)
{
	return j->state == SJ_DONE && j->start_ms >= 0;
}

/* The model's flat view of every finished job's allocation, one entry
 * per node (a_node...): made only when small, for the checker and tests
 * (the result has its own, fill_result_flat). */
static int fill_model_flat(struct slurm *s, size_t slots)
{
	size_t n = slots ? slots : 1;
	s->a_node = malloc(n * sizeof *s->a_node);
	s->a_cpus = malloc(n * sizeof *s->a_cpus);
	s->a_gpus = malloc(n * sizeof *s->a_gpus);
	s->a_mem = malloc(n * sizeof *s->a_mem);
	if (!s->a_node || !s->a_cpus || !s->a_gpus || !s->a_mem)
		return -1;
	for (size_t i = 0; i < s->n_jobs; i++) {
		struct sjob *j = &s->jobs[i];
		j->alloc_off = (uint32_t)s->a_n;
		if (!ran_on_nodes(j))
			continue;
		for (uint32_t k = 0; k < j->n_pieces; k++) {
			const struct apiece *a = &s->a_piece[j->piece_off + k];
			for (int32_t x = 0; x < a->count; x++, s->a_n++) {
				s->a_node[s->a_n] = a->node + x;
				s->a_cpus[s->a_n] = a->cpus;
				s->a_gpus[s->a_n] = a->gpus;
				s->a_mem[s->a_n] = a->mem_mb;
			}
		}
	}
	return 0;
}

/* Job i's record from its model state j, with its nodes appended to the
 * result's runs; adds its nodes to *slots (the flat view's size). */
static void record_job(const struct slurm *s, size_t i, const struct sjob *j,
		       struct job_record *jr, size_t *slots)
{
	struct run_result *r = s->res;
	const struct job *tj = &s->trace->jobs[i];
	*jr = (struct job_record){ 0 };
	jr->job_id = tj->id;
	jr->queue = j->part;
	jr->user = tj->user;
	jr->account = tj->account;
	jr->submit_ms = j->submit_ms;
	jr->start_ms = j->state == SJ_DONE ? j->start_ms : -1;
	jr->end_ms = j->state == SJ_DONE ? j->end_ms : -1;
	jr->wait_ms = jr->start_ms >= 0 ? jr->start_ms - j->submit_ms : -1;
	jr->cpus = j->cpus;
	jr->gpus = j->gpus;
	jr->requeues = j->requeues;
	jr->lost_ms = j->lost_ms;
	jr->state = j->final;
	jr->cr = -1;
	jr->nodes = 0;
	if (s->jobrun) {
		jr->io_ms = s->jobrun->jobs[i].io_ms;
		jr->comm_ms = s->jobrun->jobs[i].comm_ms;
	}
	if (j->state == SJ_HELD)
		r->n_dependency_never++;
	jr->run_off = r->n_alloc_runs;
	if (!ran_on_nodes(j))
		return;
	*slots += j->n_alloc;
	jr->nodes = (int32_t)j->n_alloc;
	jr->n_runs = (int32_t)j->n_pieces;
	for (uint32_t k = 0; k < j->n_pieces; k++) {
		const struct apiece *a = &s->a_piece[j->piece_off + k];
		r->alloc_runs[r->n_alloc_runs++] =
			(struct alloc_run){ a->node, a->count, a->cpus };
	}
	if (j->n_pieces > 0)
		jr->cr = r->nodes_info[s->a_piece[j->piece_off].node].cr;
}

/* The result's flat view of every finished job's allocation, one entry
 * per node (alloc, alloc_cpus), from the runs: made only when small, for
 * readers of the flat list. */
static int fill_result_flat(struct run_result *r, size_t slots)
{
	size_t n = slots ? slots : 1;
	r->alloc = malloc(n * sizeof *r->alloc);
	r->alloc_cpus = malloc(n * sizeof *r->alloc_cpus);
	if (!r->alloc || !r->alloc_cpus)
		return -1;
	for (size_t i = 0; i < r->n_jobs; i++) {
		struct job_record *jr = &r->jobs[i];
		jr->alloc_off = (uint32_t)r->n_alloc;
		for (int32_t k = 0; k < jr->n_runs; k++) {
			struct alloc_run a = r->alloc_runs[jr->run_off + (uint32_t)k];
			for (int32_t x = 0; x < a.count; x++, r->n_alloc++) {
				r->alloc[r->n_alloc] = a.node + x;
				r->alloc_cpus[r->n_alloc] = a.cpus;
			}
		}
	}
	return 0;
}

/* With slurm.result_takes_jobs, the records are written over the model's
 * job table: record i (smaller than a job) ends before job i + 1 begins,
 * and job i is read whole before record i is stored, so no job is
 * overwritten before it is read.  The table's pages are already faulted
 * in; fresh ones for the records cost a page fault each (a quarter of the
 * faults of a large run).  Records are stored by memcpy, so each object
 * keeps one type. */
static int fill_job_records(struct slurm *s)
{
	_Static_assert(sizeof(struct job_record) <= sizeof(struct sjob),
		       "a job record must fit in the place of a model job");
	struct run_result *r = s->res;
	size_t slots = 0, n = s->n_jobs;
	int in_place = s->result_takes_jobs && n > 0;
	/* The arena holds every allocation made, so it bounds the runs of
	 * the jobs' last ones (pages not written cost nothing). */
	r->alloc_runs = malloc((s->a_pn ? s->a_pn : 1) * sizeof *r->alloc_runs);
	if (!r->alloc_runs)
		return -1;
	unsigned char *out = in_place ? (unsigned char *)s->jobs :
		(unsigned char *)calloc(n ? n : 1, sizeof *r->jobs);
	if (!out)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct job_record jr;
		record_job(s, i, &s->jobs[i], &jr, &slots);
		memcpy(out + i * sizeof jr, &jr, sizeof jr);
	}
	r->n_jobs = n;
	int flat = slots <= RESULT_FLAT_MAX;    /* else the views stay NULL */
	if (!in_place) {
		r->jobs = (struct job_record *)(void *)out;
		return flat && (fill_model_flat(s, slots) ||
				fill_result_flat(r, slots)) ? -1 : 0;
	}
	s->jobs = NULL;
	s->n_jobs = 0;
	/* Shrinking: on failure the larger block serves as well. */
	void *fit = realloc(out, n * sizeof *r->jobs);
	r->jobs = fit ? fit : (void *)out;
	return flat && fill_result_flat(r, slots) ? -1 : 0;
}

int slurm_run(struct slurm *s)
{
	struct run_result *r = s->res;
	int64_t t0 = s->n_jobs ? s->jobs[0].submit_ms : 0;
	s->eng.now_ms = t0;
	s->last_end_ms = t0;
	s->next_sample_ms = t0;
	/* Static nodes are up when the run starts. */
	for (size_t i = 0; i < s->n_nodes; i++)
		if (s->nodes[i].is_static)
			open_life(s, &s->nodes[i], t0, t0);
	if (s->fs)
		fleet_slurm_start(s);
	take_samples(s);
	s->running = 1;
	if (s->n_jobs)
		engine_schedule(&s->eng, t0, CLS_SUBMIT, SEV_SUBMIT, 0, 0);
	engine_run(&s->eng, ENGINE_TIME_MAX, fire, s, NULL, NULL, 0);
	s->samples_unqueued += s->sample_pending;   /* the last one fires */
	/* ExportPath write-back, when the scenario counts it: the cluster
	 * stays up until it is done. */
	if (s->jobrun)
		s->last_end_ms += jobrun_counted_export_ms(s->jobrun);
	r->start_ms = t0;
	r->end_ms = s->last_end_ms;
	r->makespan_ms = s->last_end_ms - t0;
	r->n_sim_events = s->eng.fired + s->samples_unqueued;
	/* Nodes still up (static ones, dynamic ones that never suspend)
	 * end with the run. */
	s->eng.now_ms = r->end_ms;
	for (size_t i = 0; i < s->n_nodes; i++)
		close_life(s, &s->nodes[i], NODE_END_RUN_END);
	if (s->eng.oom)
		s->oom = 1;
	if (!s->oom && fill_job_records(s))
		s->oom = 1;
	return s->oom ? -1 : 0;
}
