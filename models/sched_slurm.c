/*
 * The `slurm` policy: the main scheduler, the node-based conservative
 * backfill and the timers that drive them; see sched_slurm.h.
 *
 * The backfill keeps, for one cycle, the time slices of Slurm's node space
 * map: consecutive intervals from now to the end of bf_window, each with a
 * bitmap of the partition's nodes that no plan holds then.  A job's usable
 * nodes over [t, t + limit] are the AND of the slices that interval meets,
 * O(slices x words).  Running jobs are not in the slices: a job's earliest
 * start on its usable nodes is found by walking the partition's releases
 * (running jobs by estimated end, nodes powering down) in time order and
 * giving their CPUs back to a lazily initialised copy of those nodes'
 * free resources until the job fits, so a test costs what it visits.  The
 * releases are taken from the heap in order once per cycle, and a walk
 * stops where a later start could only send the test on (its horizon).
 * On partitions of one-CPU nodes (the peer-comparison and benchmark
 * clusters) a node is free or not, so the walk counts and picks nodes a
 * word at a time instead.
 */
#include "models/sched_slurm.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "configs/config.h"
#include "models/partition.h"
#include "models/priority.h"
#include "models/slurm.h"
#include "models/slurm_params.h"
#include "workloads/job.h"

/* Unit walks keep the free nodes after each of this many first releases
 * of a cycle (free_by): the benchmark's walks take 7 on average, RICC's
 * thousands. */
#define FREE_BY_MAX 64

/* At most this many attempts at a plan per job and cycle (later starts
 * after a conflict); Slurm bounds the same loop by time. */
#define MAX_TRIES 64

enum need_mode { NEED_CPUS, NEED_NODES, NEED_WHOLE };

struct need {
	enum need_mode mode;
	int32_t count;             /* CPUs (NEED_CPUS) or nodes */
	int32_t gpus;              /* NEED_CPUS: total GPUs */
	int32_t thr_cpus, thr_gpus;/* NEED_NODES: per node */
};

struct slice {                     /* st->sl holds them in time order */
	int64_t t0, t1;
	int32_t bm;                /* its bitmap in st->sl_bm */
	size_t lo, hi;             /* its words from the first non-zero one
				    * to the last (its bitmap is 0 outside
				    * them) */
	uint32_t dlo, dhi;         /* the words where the next slice may
				    * differ from this one (none: dlo == dhi) */
	uint32_t glo, ghi;         /* those where it may have nodes this one
				    * lacks (a plan ends at t1) */
	int32_t nodes;             /* how many nodes it holds */
	int gains;                 /* the next slice has a node this one
				    * lacks: 1, 0, or -1 not known yet */
};

struct shape {                     /* a partition's nodes, when all alike */
	int32_t cpus, gpus;        /* cpus 0: they differ */
	int unit;                  /* one CPU, no GPU: the word-at-a-time walk */
};

struct plan {
	int32_t job;
	int64_t t0, t1;
	uint32_t lo, hi;           /* its nodes lie in these words (its
				    * bitmap holds no others) */
};

/* How many nodes free now lie outside a set of plans (bit k: st->pl[k]);
 * held for the other jobs tested against the same plans in a cycle. */
#define FIT_MEMOS 8
struct fit_memo {
	uint64_t plans;
	int64_t free_nodes;
};

struct span {                      /* nodes [at, at + n) */
	int32_t at, n;
};

struct nword {                     /* the nodes `bits` of word w */
	uint64_t bits;
	uint32_t w;
};

enum nodes_form { NODES_SPANS, NODES_WORDS };
struct ord_nodes {                 /* a release's nodes: st->sp or st->nw */
	uint32_t at, n;            /* from index at, n of them */
	uint8_t form;              /* enum nodes_form */
};

struct charge {                    /* a started job's usage not yet counted */
	int32_t job;
	int64_t from_ms;
};

struct sslurm {
	struct slurm_conf conf;
	struct priority prio;
	double *prio_val;          /* per job, multifactor only */
	struct slurm_why *why;     /* per job */
	struct charge *charges;
	size_t n_charges, cap_charges;
	/* timers, per partition but on one grid (same period and phase) */
	int64_t *next_bf_ms, *next_sched_ms;
	int64_t next_prio_ms;
	int32_t *idle;             /* timer passes in a row that changed nothing */
	int started;               /* the current pass started a job */
	uint64_t *seen;            /* per partition: changes at the last cycle */
	uint64_t *pass_seen;       /* per partition: changes at the last pass */
	uint32_t sort_gen, *sorted_gen;
	/* backfill scratch, sized for the largest partition */
	size_t words;
	int32_t max_nodes;
	struct slice *sl;
	uint64_t *sl_bm;
	size_t n_sl, cap_sl;
	struct plan *pl;
	uint64_t *pl_bm;
	size_t n_pl, cap_pl;
	int64_t *pl_rank;          /* per plan: the free nodes below its
				    * lowest free node (INT64_MAX: none), */
	size_t n_ranked;           /* known for the first n_ranked plans */
	uint64_t *mask, *scratch;
	uint64_t *cand;            /* a walk's pick: the next plan's bitmap
				    * (plan_bm(n_pl)), so a plan made of it
				    * needs no copy; */
	size_t cand_lo, cand_hi;   /* it lies in these words (0 elsewhere
				    * in them) */
	const uint64_t *usable;    /* usable_over's answer: mask, or a slice's
				    * bitmap when the window meets one slice */
	size_t mask_lo, mask_hi;   /* it is 0 outside these words */
	size_t dirty_lo, dirty_hi; /* st->mask is 0 outside these words */
	int mask_full;             /* the slices ANDed into it held every node */
	int wide_pick;             /* unit_pick may use pick_blocks */
	int32_t map_nodes;         /* the partition's nodes (map_init) */
	int32_t *vcpu, *vgpu, *vjobs;
	uint32_t *vgen;
	uint8_t *vuse;
	uint32_t gen;
	int32_t *picked;
	size_t touch_lo, touch_hi; /* see touch() */
	size_t n_picked;
	size_t fit_end;            /* see any_fits_from */
	int32_t *deferred;         /* queue indices not planned yet */
	size_t cap_deferred;
	int32_t def_most;          /* their largest min_units; -1 not known */
	uint32_t *jmark;           /* per job: cycle_id when a plan may have its nodes */
	uint32_t cycle_id;
	int no_down;               /* the partition has no node down */
	size_t n_walked;           /* the last walk's releases: st->ord's first */
	struct release *ord;       /* this cycle's releases, in order */
	size_t n_ord, cap_ord;
	/* Their nodes by partition position, copied from the jobs' pieces
	 * as the releases are taken (the walks read them over and over, and
	 * the jobs' records lie far apart): as spans, or, for a job of many
	 * small pieces in few words, a word at a time. */
	struct span *sp;
	struct nword *nw;
	struct ord_nodes *ord_nd;  /* per release in st->ord */
	size_t n_sp, cap_sp, n_nw, cap_nw, cap_ord_nd;
	int ord_all;               /* ord holds every release */
	struct shape *shape;       /* per partition */
	int32_t follow;            /* job planned at every test (explain); -1 */
	/* Unit walks: free_by + n * words holds the nodes free now or freed
	 * by the first n releases of st->ord, for n < n_free_by (at most
	 * FREE_BY_MAX; one slot more for longer walks).  Every walk of a
	 * cycle replays a prefix of the same releases. */
	uint64_t *free_by;
	uint32_t *free_by_lo;      /* each one's first non-empty word, or
				    * lower */
	size_t n_free_by;
	/* The nodes a job could start on now are spart.bm_avail: */
	uint32_t *avail_w;         /* its non-empty words, */
	size_t n_avail_w;
	int64_t avail_nodes;       /* how many nodes it holds (-1: not
				    * counted yet), */
	int avail_ok;              /* when this is set */
	uint64_t *cmask;           /* plan_while_fits: the candidate's free
				    * usable nodes, by st->avail_w */
	struct fit_memo memo[FIT_MEMOS];  /* plan_while_fits, while avail_ok */
	int n_memo;
};

/* ---- small helpers -------------------------------------------------------- */

/* The bitmap loops the backfill spends most in get a copy for CPUs with
 * AVX-512 too, chosen when the program loads. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define WIDE_CLONES __attribute__((target_clones("avx512f", "default")))
#else
#define WIDE_CLONES
#endif

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 64;
	while (ncap < need)
		ncap *= 2;
	void *np = realloc(*p, ncap * elem);
	if (!np)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

static int bit(const uint64_t *bm, int32_t i)
{
	return (int)((bm[i >> 6] >> (i & 63)) & 1);
}

static void bit_set(uint64_t *bm, int32_t i)
{
	bm[i >> 6] |= 1ull << (i & 63);
}

/* All of a partition's positions. */
static void bm_fill(uint64_t *bm, size_t words, int32_t n)
{
	memset(bm, 0, words * sizeof *bm);
	for (int32_t w = 0; w < n >> 6; w++)
		bm[w] = ~0ull;
	if (n & 63)
		bm[n >> 6] = (1ull << (n & 63)) - 1;
}

/* Whether bm holds every one of positions [0, n). */
static int covers_all(const uint64_t *bm, int32_t n)
{
	for (int32_t w = 0; w < n >> 6; w++)
		if (bm[w] != ~0ull)
			return 0;
	uint64_t last = (n & 63) ? (1ull << (n & 63)) - 1 : 0;
	return (bm[n >> 6] & last) == last;
}

/* Set bits of bm in [lo, lo + n). */
static inline int32_t count_bits(const uint64_t *bm, int32_t lo, int32_t n)
{
	if (n <= 0)
		return 0;
	int32_t w = lo >> 6, last = (lo + n - 1) >> 6;
	uint64_t head = ~0ull << (lo & 63);
	uint64_t tail = ~0ull >> (63 - ((lo + n - 1) & 63));
	if (w == last)
		return __builtin_popcountll(bm[w] & head & tail);
	int32_t c = __builtin_popcountll(bm[w] & head) +
		    __builtin_popcountll(bm[last] & tail);
	while (++w < last)
		c += __builtin_popcountll(bm[w]);
	return c;
}

/* The lowest n set bits of b, which has more than n: those below the
 * position that has n set bits under it, found by halving. */
static inline uint64_t lowest_bits(uint64_t b, int64_t n)
{
	int pos = 0;
	for (int width = 32; width > 0; width >>= 1) {
		int64_t c = __builtin_popcountll((b >> pos) &
						 ((1ull << width) - 1));
		if (c <= n) {
			n -= c;
			pos += width;
		}
	}
	return b & ((1ull << pos) - 1);
}

/* mask &= bm over n words, four at a time so that the compiler can use
 * vector instructions (the backfill's innermost loop). */
WIDE_CLONES
static void and_into(uint64_t *restrict mask, const uint64_t *restrict bm,
		     size_t n)
{
	size_t w = 0;
	for (; w + 4 <= n; w += 4) {
		mask[w] &= bm[w];
		mask[w + 1] &= bm[w + 1];
		mask[w + 2] &= bm[w + 2];
		mask[w + 3] &= bm[w + 3];
	}
	for (; w < n; w++)
		mask[w] &= bm[w];
}

/* bm &= ~plan over n words (vectorised as and_into is). */
WIDE_CLONES
static void and_not_into(uint64_t *restrict bm, const uint64_t *restrict plan,
			 size_t n)
{
	size_t w = 0;
	for (; w + 4 <= n; w += 4) {
		bm[w] &= ~plan[w];
		bm[w + 1] &= ~plan[w + 1];
		bm[w + 2] &= ~plan[w + 2];
		bm[w + 3] &= ~plan[w + 3];
	}
	for (; w < n; w++)
		bm[w] &= ~plan[w];
}

/* Narrows the words [*lo, *hi) of bm to those from its first non-zero one
 * to its last. */
static inline void trim(const uint64_t *bm, size_t *lo, size_t *hi)
{
	size_t l = *lo, h = *hi;   /* (bm's words could alias *lo and *hi) */
	while (l + 4 <= h && !(bm[l] | bm[l + 1] | bm[l + 2] | bm[l + 3]))
		l += 4;            /* a plan empties the words it covers */
	while (l < h && !bm[l])
		l++;
	while (h > l && !bm[h - 1])
		h--;
	*lo = l;
	*hi = h;
}

/* The nodes [lo, lo + n) clipped to the words [wlo, whi): n <= 0 when
 * none is left. */
static void clip(int32_t *lo, int32_t *n, size_t wlo, size_t whi)
{
	int32_t a = (int32_t)(wlo << 6), b = (int32_t)(whi << 6);
	int32_t hi = *lo + *n < b ? *lo + *n : b;
	if (*lo < a)
		*lo = a;
	*n = hi - *lo;
}

/* Sets positions [lo, lo + n) of bm. */
static inline void set_range(uint64_t *bm, int32_t lo, int32_t n)
{
	if (n <= 0)
		return;
	int32_t w = lo >> 6, last = (lo + n - 1) >> 6;
	uint64_t head = ~0ull << (lo & 63);
	uint64_t tail = ~0ull >> (63 - ((lo + n - 1) & 63));
	if (w == last) {
		bm[w] |= head & tail;
		return;
	}
	bm[w] |= head;
	bm[last] |= tail;
	while (++w < last)
		bm[w] = ~0ull;
}

static int64_t floor_to(int64_t t, int64_t res)
{
	if (res <= 0)
		return t;
	int64_t q = t / res;
	if (t % res != 0 && t < 0)
		q--;
	return q * res;
}

/* ---- priority order ------------------------------------------------------- */

static int before(const struct sslurm *st, int32_t a, int32_t b)
{
	double pa = st->prio_val[a], pb = st->prio_val[b];
	return pa != pb ? pa > pb : a < b;
}

struct keyed {                     /* a queue entry with its priority */
	double prio;
	struct qent e;
};

static int keyed_order(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	if (a->prio != b->prio)
		return a->prio > b->prio ? -1 : 1;
	return (a->e.job > b->e.job) - (a->e.job < b->e.job);
}

static void set_priority(struct slurm *s, struct sslurm *st, int32_t ji)
{
	const struct sjob *j = &s->jobs[ji];
	st->prio_val[ji] = priority_of(&st->prio, (size_t)ji, j->part, j->cpus,
				       j->submit_ms, s->eng.now_ms);
}

/* Puts the partition's queue in priority order (multifactor only: under
 * priority/basic the model's submission order is the priority order).
 * Holes are dropped.  New entries are near the tail, so an insertion sort
 * is linear then; a recomputation of every priority sorts in full. */
static void order_queue(struct slurm *s, struct sslurm *st, int part, int full)
{
	struct spart *p = &s->parts[part];
	size_t n = p->q_n - p->q_head, w = 0;
	struct qent *q = p->q + p->q_head;
	for (size_t i = 0; i < n; i++) {
		if (q[i].job < 0)
			continue;
		if (full || st->prio_val[q[i].job] < 0)
			set_priority(s, st, q[i].job);
		q[w++] = q[i];
	}
	p->q_n = p->q_head + w;
	p->q_holes = 0;
	if (full) {
		struct keyed *k = malloc((w ? w : 1) * sizeof *k);
		if (!k) {
			s->oom = 1;
			return;
		}
		for (size_t i = 0; i < w; i++)
			k[i] = (struct keyed){ st->prio_val[q[i].job], q[i] };
		qsort(k, w, sizeof *k, keyed_order);
		for (size_t i = 0; i < w; i++)
			q[i] = k[i].e;
		free(k);
		return;
	}
	for (size_t i = 1; i < w; i++) {
		struct qent e = q[i];
		size_t k = i;
		while (k > 0 && before(st, e.job, q[k - 1].job)) {
			q[k] = q[k - 1];
			k--;
		}
		q[k] = e;
	}
}

/* Usage of the jobs started since the last recomputation, then decay. */
static void charge_usage(struct slurm *s, struct sslurm *st)
{
	int64_t now = s->eng.now_ms;
	priority_decay(&st->prio, now);
	size_t w = 0;
	for (size_t i = 0; i < st->n_charges; i++) {
		struct charge c = st->charges[i];
		const struct sjob *j = &s->jobs[c.job];
		if (j->state == SJ_CONFIGURING) {
			st->charges[w++] = c;
			continue;
		}
		if (j->state != SJ_RUNNING && j->state != SJ_DONE)
			continue;           /* requeued: charged from its next start */
		int64_t from = c.from_ms > j->start_ms ? c.from_ms : j->start_ms;
		int64_t to = j->state == SJ_DONE ? j->end_ms : now;
		if (to > from)
			priority_charge(&st->prio, (size_t)c.job,
					(double)j->cpus * (double)(to - from) / 1000.0);
		if (j->state == SJ_RUNNING) {
			c.from_ms = now;
			st->charges[w++] = c;
		}
	}
	st->n_charges = w;
}

static void note_start(struct slurm *s, struct sslurm *st, int32_t ji,
		       enum slurm_start_path how)
{
	st->why[ji].started_by = (uint8_t)how;
	st->started = 1;
	st->seen[s->jobs[ji].part] = UINT64_MAX;   /* the cluster changed */
	if (st->conf.priority_type != PRIORITY_MULTIFACTOR)
		return;
	if (grow((void **)&st->charges, &st->cap_charges, st->n_charges + 1,
		 sizeof *st->charges)) {
		s->oom = 1;
		return;
	}
	st->charges[st->n_charges++] = (struct charge){ ji, s->eng.now_ms };
}

/* ---- the main scheduler --------------------------------------------------- */

static void main_sched(struct slurm *s, struct sslurm *st, int part, int tick,
		       int event)
{
	size_t n;
	struct qent *q = slurm_queue(s, part, &n);
	int32_t depth = tick ? INT32_MAX : st->conf.default_queue_depth;
	int32_t tried = 0;
	for (size_t i = 0; i < n && tried < depth; i++) {
		if (q[i].job < 0)
			continue;
		tried++;
		int32_t ji = q[i].job;
		if (!slurm_try_start(s, part, i, ENGINE_TIME_MAX))
			break;
		note_start(s, st, ji, event || !tick ? SLURM_START_MAIN :
			   SLURM_START_MAIN_TICK);
	}
}

/* ---- the node space map (one cycle's plans) ------------------------------- */

/* A slice's bitmap (0 outside its words [lo, hi)). */
static uint64_t *slice_bm(struct sslurm *st, size_t i)
{
	return st->sl_bm + (size_t)st->sl[i].bm * st->words;
}

/* The first slice ending after t (st->n_sl when none). */
static size_t slice_after(const struct sslurm *st, int64_t t)
{
	size_t lo = 0, hi = st->n_sl;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (st->sl[m].t1 <= t)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

/* The slice holding t, from slice i on (which begins by t): plans and
 * tests look a few slices past the one they start from. */
static size_t slice_from(const struct sslurm *st, size_t i, int64_t t)
{
	while (i < st->n_sl && st->sl[i].t1 <= t)
		i++;
	return i;
}

static uint64_t *plan_bm(struct sslurm *st, size_t i)
{
	return st->pl_bm + i * st->words;
}

/* Room for the plan after st->n_pl, whose bitmap st->cand is (the walks
 * pick into it). */
static int room_for_plan(struct slurm *s, struct sslurm *st)
{
	size_t cap = st->cap_pl;
	if (grow((void **)&st->pl, &cap, st->n_pl + 1, sizeof *st->pl)) {
		s->oom = 1;
		return -1;
	}
	if (cap != st->cap_pl) {
		uint64_t *pb = realloc(st->pl_bm, cap * st->words * sizeof *pb);
		if (pb)
			st->pl_bm = pb;
		int64_t *rank = realloc(st->pl_rank, cap * sizeof *rank);
		if (rank)
			st->pl_rank = rank;
		if (!pb || !rank) {
			s->oom = 1;
			return -1;
		}
		st->cap_pl = cap;
	}
	st->cand = plan_bm(st, st->n_pl);
	return 0;
}

/* Room for one more slice and its bitmap, which is st->n_sl's. */
static int room_for_slice(struct slurm *s, struct sslurm *st)
{
	size_t cap = st->cap_sl;
	if (grow((void **)&st->sl, &cap, st->n_sl + 1, sizeof *st->sl)) {
		s->oom = 1;
		return -1;
	}
	if (cap != st->cap_sl) {
		uint64_t *bm = realloc(st->sl_bm, cap * st->words * sizeof *bm);
		if (!bm) {
			s->oom = 1;
			return -1;
		}
		st->sl_bm = bm;
		st->cap_sl = cap;
	}
	return 0;
}

/* One slice from now (rounded down) to the end of the window, holding every
 * node that is not down. */
static int map_init(struct slurm *s, struct sslurm *st, int part, int64_t now)
{
	const struct spart *p = &s->parts[part];
	st->n_sl = 0;
	st->n_pl = 0;
	st->n_ranked = 0;
	if (room_for_slice(s, st) || room_for_plan(s, st))
		return -1;
	size_t i = st->n_sl++;
	int64_t res = st->conf.bf_resolution_ms;
	st->sl[i] = (struct slice){ floor_to(now, res),
				    floor_to(now + st->conf.bf_window_ms, res), 0,
				    0, st->words, 0, 0, 0, 0, 0, 0 };
	uint64_t *bm = slice_bm(st, i);
	bm_fill(bm, st->words, p->n_nodes);
	st->no_down = p->ns_count[NS_DOWN] == 0;
	for (int32_t k = 0; k < p->n_nodes && !st->no_down; k++)
		if (s->nodes[p->first_node + k].state == NODE_DOWN)
			bm[k >> 6] &= ~(1ull << (k & 63));
	trim(bm, &st->sl[i].lo, &st->sl[i].hi);
	st->sl[i].nodes = st->no_down ? p->n_nodes :
			  count_bits(bm, 0, p->n_nodes);
	st->map_nodes = p->n_nodes;
	st->cycle_id++;
	return 0;
}

/* Splits slice i, which holds t, so that a slice begins at t; returns
 * that slice (st->n_sl when t is past the map). */
static size_t split_at(struct slurm *s, struct sslurm *st, size_t i, int64_t t)
{
	if (i >= st->n_sl || st->sl[i].t0 >= t || room_for_slice(s, st))
		return i;
	memmove(&st->sl[i + 2], &st->sl[i + 1],
		(st->n_sl - i - 1) * sizeof *st->sl);
	st->sl[i + 1] = st->sl[i];
	st->sl[i + 1].t0 = t;
	st->sl[i + 1].bm = (int32_t)st->n_sl;
	st->n_sl++;
	st->sl[i].t1 = t;
	st->sl[i].dlo = st->sl[i].dhi = 0;
	st->sl[i].glo = st->sl[i].ghi = 0;
	st->sl[i].gains = 0;
	/* Whole, 0 outside its words as the slice's is (one copy costs
	 * less than copying those words and zeroing the rest). */
	memcpy(slice_bm(st, i + 1), slice_bm(st, i), st->words * sizeof(uint64_t));
	return i + 1;
}

/* Slurm's later_start for a start at a and a run to b (first: the slice
 * holding a, slice_after(a)): the end of the first slice from a on, up to
 * the first one beginning after b, whose next slice holds a node it lacks
 * (a plan ends then); 0 when none does.  Slurm asks whether the next
 * slice's nodes are a subset of those free of plans from a through this
 * slice; while no earlier slice gained a node, that set is this slice's
 * own, so the question is whether the next one gains a node.  Only the
 * words where a plan ends (glo, ghi) can hold one.  *next: the slice
 * after that one, which holds the time returned. */
static inline int64_t next_gain(struct sslurm *st, size_t first, int64_t b,
				size_t *next)
{
	for (size_t i = first; i < st->n_sl; i++) {
		struct slice *sl = &st->sl[i];
		if (sl->gains < 0 && st->sl[i + 1].nodes > sl->nodes) {
			sl->gains = 1;      /* more nodes: one it lacks */
		} else if (sl->gains < 0) {
			const struct slice *next = &st->sl[i + 1];
			const uint64_t *bm = slice_bm(st, i);
			const uint64_t *nb = slice_bm(st, i + 1);
			size_t lo = sl->glo > next->lo ? sl->glo : next->lo;
			size_t hi = sl->ghi < next->hi ? sl->ghi : next->hi;
			sl->gains = 0;
			for (size_t w = lo; w < hi && !sl->gains; w++)
				sl->gains = (nb[w] & ~bm[w]) != 0;
		}
		if (sl->gains) {
			*next = i + 1;
			return sl->t1;
		}
		if (sl->t0 > b)
			break;
	}
	return 0;
}

/* Nodes free of plans over [a, b] (closed: a plan starting at b counts;
 * first: slice_after(a)), ANDed into st->mask (all: it is taken to hold
 * every node, whatever it holds), in st->usable (st->mask, or the one
 * slice's bitmap when all), whose non-empty words it leaves in
 * st->mask_lo and st->mask_hi.  Returns next_gain: a later start could
 * use more nodes only from then on. */
static int64_t usable_over(struct sslurm *st, size_t first, int64_t b,
			   int all)
{
	uint64_t *mask = st->mask;
	/* Only the words every slice keeps are ANDed (plans take the lowest
	 * free nodes, so slices empty from their low end), and after the
	 * first slice only those in which a slice differs from the one
	 * before it (dlo, dhi).  The mask is trimmed once, at the end:
	 * trimming after each slice cost more than the words it spared. */
	size_t lo = 0, hi = st->words, dlo = 0, dhi = st->words, last = first;
	st->mask_full = 1;
	if (all && first >= st->n_sl) {    /* past the map: no plan cuts it */
		bm_fill(mask, st->words, st->map_nodes);
		st->dirty_lo = 0;
		st->dirty_hi = st->words;
	}
	/* The words all the slices keep first, so the copy takes no more. */
	for (; last < st->n_sl && st->sl[last].t0 <= b; last++) {
		const struct slice *sl = &st->sl[last];
		st->mask_full &= sl->nodes == st->map_nodes;
		lo = sl->lo > lo ? sl->lo : lo;
		hi = sl->hi < hi ? sl->hi : hi;
	}
	st->usable = mask;
	if (all && last == first + 1) {    /* one slice: its bitmap */
		st->usable = slice_bm(st, first);
		st->mask_lo = lo < hi ? lo : 0;
		st->mask_hi = lo < hi ? hi : 0;
		return next_gain(st, first, b, &(size_t){ 0 });
	}
	/* Only the words written or left by an earlier mask need zeroing. */
	size_t zlo = lo < st->dirty_lo ? lo : st->dirty_lo;
	size_t zhi = hi > st->dirty_hi ? hi : st->dirty_hi;
	for (size_t i = first; i < last && lo < hi; i++) {
		const struct slice *sl = &st->sl[i];
		const uint64_t *bm = slice_bm(st, i);
		size_t wlo = dlo > lo ? dlo : lo, whi = dhi < hi ? dhi : hi;
		if (all && wlo < whi)
			memcpy(mask + wlo, bm + wlo, (whi - wlo) * sizeof *mask);
		else if (wlo < whi)
			and_into(mask + wlo, bm + wlo, whi - wlo);
		all = 0;
		dlo = sl->dlo;
		dhi = sl->dhi;
	}
	trim(mask, &lo, &hi);
	if (lo >= hi)
		lo = hi = zhi;
	memset(mask + zlo, 0, (lo - zlo) * sizeof *mask);
	memset(mask + hi, 0, (zhi - hi) * sizeof *mask);
	st->dirty_lo = st->mask_lo = lo < hi ? lo : 0;
	st->dirty_hi = st->mask_hi = lo < hi ? hi : 0;
	return next_gain(st, first, b, &(size_t){ 0 });
}

/* Whether fewer than `need` nodes are free of plans over [a, b] (as in
 * usable_over; first: slice_after(a)): some slice there holds fewer. */
static int too_few_over(const struct sslurm *st, size_t first, int64_t b,
			int64_t need)
{
	for (size_t i = first; i < st->n_sl; i++) {
		const struct slice *sl = &st->sl[i];
		if (sl->t0 > b)
			break;
		if (sl->nodes < need)
			return 1;
	}
	return 0;
}

/* Whether a node of bm (0 outside the words [lo, hi)) is not free of plans
 * over [t0, t1) (slice `from` begins by t0).  bm lies within the slices
 * beginning by `within` (it was picked from their AND), so only later ones
 * need a look, and as in usable_over, after the first of those only the
 * words in which a slice differs from the one before it. */
static int overlaps_plans(struct sslurm *st, const uint64_t *bm, size_t lo,
			  size_t hi, size_t from, int64_t t0, int64_t t1,
			  int64_t within)
{
	size_t dlo = 0, dhi = st->words;
	for (size_t i = slice_from(st, from, t0); i < st->n_sl; i++) {
		const struct slice *sl = &st->sl[i];
		if (sl->t0 >= t1)
			break;
		if (sl->t0 <= within)
			continue;
		const uint64_t *sb = slice_bm(st, i);
		size_t whi = dhi < hi ? dhi : hi;
		for (size_t w = dlo > lo ? dlo : lo; w < whi; w++)
			if (bm[w] & ~sb[w])
				return 1;
		dlo = sl->dlo;
		dhi = sl->dhi;
	}
	return 0;
}

/* Widens the words [*lo, *hi) (none when equal) to take in [lo, hi). */
static void widen(uint32_t *wlo, uint32_t *whi, size_t lo, size_t hi)
{
	if (lo >= hi)
		return;
	if (*wlo >= *whi) {
		*wlo = (uint32_t)lo;
		*whi = (uint32_t)hi;
		return;
	}
	if (lo < *wlo)
		*wlo = (uint32_t)lo;
	if (hi > *whi)
		*whi = (uint32_t)hi;
}

/* Reserves the picked nodes, `nodes` of them in st->cand (0 outside the
 * words [lo, hi)), over [t0, t1) for job ji (slice `from` begins by t0):
 * st->cand becomes the plan's bitmap and the next plan's is the pick's. */
static void add_plan(struct slurm *s, struct sslurm *st, int32_t ji,
		     size_t from, int64_t t0, int64_t t1, size_t lo, size_t hi,
		     int32_t nodes)
{
	size_t k = st->n_pl++;
	st->pl[k] = (struct plan){ ji, t0, t1, (uint32_t)lo, (uint32_t)hi };
	if (room_for_plan(s, st))
		return;
	const uint64_t *bm = plan_bm(st, k);
	if (t0 < st->sl[0].t0)
		t0 = st->sl[0].t0;
	size_t i0 = split_at(s, st, slice_from(st, from, t0), t0);
	split_at(s, st, slice_from(st, i0, t1), t1);
	/* Slices inside the plan lose the same nodes; the slices on either
	 * side of it now differ from their neighbours in those words, and the
	 * one after it gains them back. */
	for (size_t i = i0; i < st->n_sl; i++) {
		struct slice *sl = &st->sl[i];
		int last = i + 1 == st->n_sl;
		if (sl->t0 >= t1)
			break;
		if (sl->t0 == t0 && i > 0)
			widen(&st->sl[i - 1].dlo, &st->sl[i - 1].dhi, lo, hi);
		if (sl->t1 == t1 && !last) {
			widen(&sl->dlo, &sl->dhi, lo, hi);
			widen(&sl->glo, &sl->ghi, lo, hi);
		}
		/* Its nodes change: whether it gains on the one before it
		 * and whether the next one gains on it are asked again. */
		sl->gains = last ? 0 : -1;
		if (i > 0)
			st->sl[i - 1].gains = -1;
		/* The plan's nodes are in every slice it meets (they came
		 * from those slices' AND, or overlaps_plans found them
		 * there), so the slice loses all of them; only a word at
		 * either end of its non-empty ones can leave it empty. */
		uint64_t *sb = slice_bm(st, i);
		and_not_into(sb + lo, bm + lo, hi - lo);
		sl->nodes -= nodes;
		if ((sl->lo >= lo && sl->lo < hi) ||
		    (sl->hi > lo && sl->hi <= hi))
			trim(sb, &sl->lo, &sl->hi);
	}
}

/* The highest-priority plan over [a, b] holding one of the nodes in bm (0
 * outside the words [lo, hi)). */
static int32_t blocking_plan(struct sslurm *st, const uint64_t *bm, size_t lo,
			     size_t hi, int64_t a, int64_t b)
{
	for (size_t k = 0; k < st->n_pl; k++) {
		const struct plan *pl = &st->pl[k];
		if (pl->t1 <= a || pl->t0 > b)
			continue;
		const uint64_t *pb = plan_bm(st, k);
		size_t wlo = pl->lo > lo ? pl->lo : lo;
		size_t whi = pl->hi < hi ? pl->hi : hi;
		for (size_t w = wlo; w < whi; w++)
			if (pb[w] & bm[w])
				return pl->job;
	}
	return -1;
}

/* ---- this cycle's releases, in order -------------------------------------- */

/* The partition's releases in time order, for one cycle: every test of a
 * cycle walks the same sequence, so it is taken from the heap once, as far
 * as the deepest walk so far needed.  A start within the cycle changes the
 * heap and clears it (order_reset). */
struct order_take {
	const struct slurm *s;
	const struct spart *p;
	struct sslurm *st;
	size_t seen, want;
	int oom;
};

/* Appends nodes [at, at + n) of the partition to st->nw (room made), a
 * word at a time, merging with the entry before when in the same word
 * (from `from` on: the release's own). */
static void add_words(struct sslurm *st, size_t from, int32_t at, int32_t n)
{
	for (int32_t end = at + n; at < end;) {
		uint32_t w = (uint32_t)at >> 6;
		int32_t stop = (int32_t)(w + 1) << 6;
		stop = stop < end ? stop : end;
		int32_t k = stop - at;
		uint64_t bits = (k == 64 ? ~0ull : (1ull << k) - 1) << (at & 63);
		if (st->n_nw > from && st->nw[st->n_nw - 1].w == w)
			st->nw[st->n_nw - 1].bits |= bits;
		else
			st->nw[st->n_nw++] = (struct nword){ bits, w };
		at = stop;
	}
}

/* Makes release r's nodes, st->ord_nd[st->n_ord] (room made): words
 * when that takes fewer entries than the pieces. */
static int take_nodes(const struct slurm *s, struct sslurm *st,
		      const struct spart *p, const struct release *r)
{
	struct ord_nodes *on = &st->ord_nd[st->n_ord];
	struct apiece node = { -r->owner - 1, 1, 0, 0, 0, 0 };
	const struct sjob *j = r->owner >= 0 ? &s->jobs[r->owner] : NULL;
	const struct apiece *a = j ? &s->a_piece[j->piece_off] : &node;
	size_t n = j ? j->n_pieces : 1, most = 0, full = 0;
	for (size_t k = 0; k < n; k++) {
		most += (size_t)a[k].count / 64 + 2;
		full += (size_t)a[k].count / 64;
	}
	if (grow((void **)&st->nw, &st->cap_nw, st->n_nw + most, sizeof *st->nw) ||
	    grow((void **)&st->sp, &st->cap_sp, st->n_sp + n, sizeof *st->sp))
		return -1;
	size_t from = st->n_nw;
	if (n > 2 && full < n) {      /* (a whole word is an entry) */
		for (size_t k = 0; k < n; k++)
			add_words(st, from, a[k].node - p->first_node, a[k].count);
		if (st->n_nw - from < n) {
			*on = (struct ord_nodes){ (uint32_t)from,
						  (uint32_t)(st->n_nw - from),
						  NODES_WORDS };
			return 0;
		}
		st->n_nw = from;
	}
	*on = (struct ord_nodes){ (uint32_t)st->n_sp, (uint32_t)n, NODES_SPANS };
	for (size_t k = 0; k < n; k++)
		st->sp[st->n_sp++] = (struct span){ a[k].node - p->first_node,
						    a[k].count };
	return 0;
}

static int order_take(void *ctx, const struct release *r)
{
	struct order_take *f = ctx;
	struct sslurm *st = f->st;
	if (f->seen++ < st->n_ord)
		return 0;
	if (grow((void **)&st->ord, &st->cap_ord, st->n_ord + 1, sizeof *st->ord) ||
	    grow((void **)&st->ord_nd, &st->cap_ord_nd, st->n_ord + 1,
		 sizeof *st->ord_nd) ||
	    take_nodes(f->s, st, f->p, r)) {
		f->oom = 1;
		return 1;
	}
	st->ord[st->n_ord++] = *r;
	return st->n_ord >= f->want;
}

/* The cluster changed (a new cycle, a start): its releases and free nodes
 * are taken afresh. */
static void order_reset(struct sslurm *st)
{
	st->n_ord = 0;
	st->n_sp = 0;
	st->n_nw = 0;
	st->ord_all = 0;
	st->avail_ok = 0;
	st->n_ranked = 0;
	st->n_free_by = 0;
	st->n_memo = 0;
}

/* Whether st->ord holds release i, taking more from the heap (twice as
 * many as before, so the walks that redo the prefix cost O(n log n) in
 * all). */
static int order_more(struct slurm *s, struct sslurm *st, int part, size_t i)
{
	if (st->ord_all)
		return 0;
	size_t want = 2 * st->n_ord > i + 64 ? 2 * st->n_ord : i + 64;
	struct order_take f = { s, &s->parts[part], st, 0, want, 0 };
	slurm_release_walk(s, part, order_take, &f);
	if (f.oom)
		s->oom = 1;
	else if (st->n_ord < want)
		st->ord_all = 1;
	return i < st->n_ord;
}

static inline int order_has(struct slurm *s, struct sslurm *st, int part,
			    size_t i)
{
	return i < st->n_ord || order_more(s, st, part, i);
}

/* ---- will-run on single-CPU nodes ------------------------------------------ */

/* On a partition whose nodes have one CPU and no GPU, a node is either free
 * or held by one job, so every need is a count of free nodes and the walk
 * can run a word at a time: a release frees its pieces' node ranges, and
 * the pick is the first `count` usable nodes.  This is the same answer as
 * the general walk below, at bitmap cost instead of per-node cost. */

/* Nodes of mask that release i frees.  A job with no node in any plan
 * (jmark) has all of its nodes in a mask that only plans cut. */
static int64_t unit_freed(const struct sslurm *st, size_t i,
			  const uint64_t *mask, int all_in_mask)
{
	const struct release *r = &st->ord[i];
	if (r->owner >= 0 && (all_in_mask == 2 ||
	    (all_in_mask == 1 && st->jmark[r->owner] != st->cycle_id)))
		return r->units;
	/* mask is 0 outside its non-empty words. */
	int64_t c = 0;
	const struct ord_nodes *on = &st->ord_nd[i];
	if (on->form == NODES_WORDS) {
		const struct nword *x = st->nw + on->at, *end = x + on->n;
		for (; x < end; x++)
			c += __builtin_popcountll(x->bits & mask[x->w]);
		return c;
	}
	for (const struct span *x = st->sp + on->at, *end = x + on->n; x < end; x++) {
		int32_t at = x->at, n = x->n;
		clip(&at, &n, st->mask_lo, st->mask_hi);
		c += count_bits(mask, at, n);
	}
	return c;
}

/* The nodes a job could start on now (free CPUs, idle or powered down),
 * and the list of its non-empty words. */
static const uint64_t *avail_now(const struct spart *p, struct sslurm *st)
{
	if (!st->avail_ok) {
		size_t n = 0;
		for (size_t k = 0; k < (p->n_words + 63) / 64; k++)
			for (uint64_t b = p->avail_words[k]; b; b &= b - 1)
				st->avail_w[n++] = (uint32_t)(k * 64 +
							      (size_t)__builtin_ctzll(b));
		st->n_avail_w = n;
		st->avail_nodes = -1;
		st->avail_ok = 1;
	}
	return p->bm_avail;
}

/* Adds release i's nodes to bm; returns the lowest word they lie in. */
static uint32_t add_release(const struct sslurm *st, uint64_t *bm, size_t i)
{
	const struct ord_nodes *on = &st->ord_nd[i];
	uint32_t lo = UINT32_MAX;
	if (on->form == NODES_WORDS) {
		const struct nword *x = st->nw + on->at, *end = x + on->n;
		for (; x < end; x++) {
			bm[x->w] |= x->bits;
			lo = x->w < lo ? x->w : lo;
		}
		return lo;
	}
	for (const struct span *x = st->sp + on->at, *end = x + on->n; x < end; x++) {
		set_range(bm, x->at, x->n);
		lo = (uint32_t)x->at >> 6 < lo ? (uint32_t)x->at >> 6 : lo;
	}
	return lo;
}

/* The nodes free now or freed by the first n releases of st->ord (which
 * holds them); *lo: a word at or below the first non-empty one. */
static const uint64_t *free_by(const struct spart *p, struct sslurm *st,
			       size_t n, size_t *lo)
{
	size_t words = st->words, k = n < FREE_BY_MAX ? n : FREE_BY_MAX;
	uint32_t *flo = st->free_by_lo;
	for (; st->n_free_by <= k; st->n_free_by++) {
		size_t i = st->n_free_by;
		uint64_t *u = st->free_by + i * words;
		if (i == 0) {
			/* (bm_avail has the partition's words; the scratch
			 * bitmaps, the largest partition's) */
			memcpy(u, avail_now(p, st), p->n_words * sizeof *u);
			memset(u + p->n_words, 0, (words - p->n_words) * sizeof *u);
			flo[0] = st->n_avail_w ? st->avail_w[0] : (uint32_t)words;
			continue;
		}
		memcpy(u, u - words, words * sizeof *u);
		uint32_t r = add_release(st, u, i - 1);
		flo[i] = r < flo[i - 1] ? r : flo[i - 1];
	}
	uint64_t *u = st->free_by + k * words;
	*lo = flo[k];
	if (n == k)
		return u;
	uint64_t *longer = u + words;      /* the spare slot */
	memcpy(longer, u, words * sizeof *u);
	for (size_t i = k; i < n; i++) {
		uint32_t r = add_release(st, longer, i);
		*lo = r < *lo ? r : *lo;
	}
	return longer;
}

/* Nodes of mask a job could start on now. */
static int64_t free_in(const struct spart *p, struct sslurm *st,
		       const uint64_t *mask)
{
	const uint64_t *av = avail_now(p, st);
	int64_t n = 0;
	for (size_t k = 0; k < st->n_avail_w; k++)
		n += __builtin_popcountll(av[st->avail_w[k]] & mask[st->avail_w[k]]);
	return n;
}

/* Nodes of mask (0 outside st->mask_lo..mask_hi). */
static int64_t mask_nodes(const struct sslurm *st, const uint64_t *mask)
{
	int64_t n = 0;
	for (size_t x = st->mask_lo; x < st->mask_hi; x++)
		n += __builtin_popcountll(mask[x]);
	return n;
}

#if defined(__x86_64__) && defined(__GNUC__)
/* unit_pick's whole-word steps eight words at a time, on CPUs with
 * AVX-512 population counts: the same words committed (each block's nodes
 * all needed), in a fifth of the instructions. */
__attribute__((target("avx512f,avx512vpopcntdq")))
static size_t pick_blocks(const uint64_t *fr, const uint64_t *mask,
			  uint64_t *cand, size_t x, size_t hi, int64_t *left)
{
	int64_t l = *left;         /* (in a register: cand may alias it) */
	for (; x + 8 <= hi; x += 8) {
		__m512i b = _mm512_and_si512(_mm512_loadu_si512(fr + x),
					     _mm512_loadu_si512(mask + x));
		int64_t got = _mm512_reduce_add_epi64(_mm512_popcnt_epi64(b));
		if (got >= l)
			break;
		_mm512_storeu_si512(cand + x, b);
		l -= got;
	}
	*left = l;
	return x;
}

static int wide_pick_ok(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512f") &&
	       __builtin_cpu_supports("avx512vpopcntdq");
}
#else
static size_t pick_blocks(const uint64_t *fr, const uint64_t *mask,
			  uint64_t *cand, size_t x, size_t hi, int64_t *left)
{
	(void)fr, (void)mask, (void)cand, (void)hi, (void)left;
	return x;
}

static int wide_pick_ok(void)
{
	return 0;
}
#endif

/* The first `need` nodes of mask that are free (fr: free_by, empty below
 * word fr_lo), into st->cand, which holds them in the words [cand_lo,
 * cand_hi) and is stale outside; -1 when there are fewer.  Not inlined: in
 * the planner gcc kept the count left in memory, one store-forwarding wait
 * per step. */
__attribute__((noinline))
static int unit_pick(struct sslurm *st, const uint64_t *restrict fr,
		     size_t fr_lo, const uint64_t *restrict mask, int64_t need)
{
	uint64_t *restrict cand = st->cand;
	size_t x = st->mask_lo > fr_lo ? st->mask_lo : fr_lo, hi = st->mask_hi;
	int64_t left = need;
	for (; x < hi && !(fr[x] & mask[x]); x++)
		;
	st->cand_lo = x;           /* the pick's first word */
	if (st->wide_pick)
		x = pick_blocks(fr, mask, cand, x, hi, &left);
	while (x + 4 <= hi) {      /* whole words, four at a time */
		uint64_t b0 = fr[x] & mask[x];
		uint64_t b1 = fr[x + 1] & mask[x + 1];
		uint64_t b2 = fr[x + 2] & mask[x + 2];
		uint64_t b3 = fr[x + 3] & mask[x + 3];
		int64_t got = __builtin_popcountll(b0) + __builtin_popcountll(b1) +
			      __builtin_popcountll(b2) + __builtin_popcountll(b3);
		if (got >= left)
			break;
		cand[x] = b0;
		cand[x + 1] = b1;
		cand[x + 2] = b2;
		cand[x + 3] = b3;
		left -= got;
		x += 4;
	}
	for (; x < hi && left > 0; x++) {
		uint64_t b = fr[x] & mask[x];
		int64_t got = __builtin_popcountll(b);
		if (got > left) {
			b = lowest_bits(b, left);
			got = left;
		}
		cand[x] = b;
		left -= got;
	}
	st->cand_hi = x;
	return left > 0 ? -1 : 0;
}

/* will_run() for a unit partition: the first nodes of mask free at the
 * earliest time enough are, into st->cand.  The walk stops after
 * horizon_ms: a start found later would only be compared with it, so it
 * returns horizon_ms + 1 then.  ENGINE_TIME_MAX: mask has too few nodes
 * ever to fit (every node of it comes free at some release), told apart
 * from a start after horizon_ms only when tell_never is set. */
static int64_t unit_will_run(struct slurm *s, struct sslurm *st, int part,
			     const struct need *nd, const uint64_t *mask,
			     int j_unconstrained, int64_t from,
			     int64_t horizon_ms, int tell_never,
			     int must_wait, int *cold)
{
	const struct spart *p = &s->parts[part];
	size_t n = 0;
	*cold = 0;
	st->n_walked = 0;
	if ((nd->mode == NEED_NODES && nd->thr_cpus > 1) ||
	    (nd->mode == NEED_CPUS && nd->gpus > 0) ||
	    (nd->mode == NEED_NODES && nd->thr_gpus > 0))
		return ENGINE_TIME_MAX;
	int64_t need = nd->count, fit = from;
	int64_t have = free_in(p, st, mask);
	if (must_wait || have < need) {
		int all_in_mask = st->mask_full && j_unconstrained ? 2 :
				  st->no_down && j_unconstrained;
		fit = ENGINE_TIME_MAX;
		for (; order_has(s, st, part, n); n++) {
			const struct release *r = &st->ord[n];
			if (r->t_ms > horizon_ms) {
				fit = horizon_ms + 1;
				break;
			}
			have += unit_freed(st, n, mask, all_in_mask);
			if (have >= need) {
				fit = r->t_ms;
				n++;
				break;
			}
		}
		st->n_walked = n;
		/* Every node of mask comes free at some release: a walk that
		 * finds no start either ran out of time or had too few. */
		if (fit == ENGINE_TIME_MAX || fit > horizon_ms)
			return tell_never && mask_nodes(st, mask) < need ?
			       ENGINE_TIME_MAX : fit;
	}
	size_t fr_lo;
	const uint64_t *fr = free_by(p, st, n, &fr_lo);
	if (unit_pick(st, fr, fr_lo, mask, need))
		return ENGINE_TIME_MAX;
	/* Powered-down nodes are free now, so only those words hold one. */
	for (size_t k = 0; k < st->n_avail_w && !*cold &&
			   p->ns_count[NS_POWERED_DOWN] > 0; k++) {
		size_t w = st->avail_w[k];      /* cand is stale outside */
		*cold = w >= st->cand_lo && w < st->cand_hi &&
			(st->cand[w] & p->bm_off[w]) != 0;
	}
	return fit < from ? from : fit;
}

/* ---- will-run: the earliest start on the usable nodes --------------------- */

static void job_need(const struct slurm *s, const struct sjob *j, struct need *nd)
{
	const struct spart *p = &s->parts[j->part];
	memset(nd, 0, sizeof *nd);
	if (j->exclusive) {
		nd->mode = NEED_WHOLE;
		int32_t per = p->ref_cpus > 0 ? p->ref_cpus : 1;
		nd->count = j->nodes > 0 ? j->nodes : (j->cpus + per - 1) / per;
	} else if (j->nodes > 0) {
		nd->mode = NEED_NODES;
		nd->count = j->nodes;
		nd->thr_cpus = (j->cpus + j->nodes - 1) / j->nodes;
		nd->thr_gpus = (j->gpus + j->nodes - 1) / j->nodes;
	} else {
		nd->mode = NEED_CPUS;
		nd->count = j->cpus;
		nd->gpus = j->gpus;
	}
	if (nd->count < 1)
		nd->count = 1;
}

/* The fewest alike nodes (sh->cpus > 0) that could ever hold the need, as
 * ever_fits counts; INT64_MAX when no number could. */
static int64_t nodes_needed(const struct need *nd, const struct shape *sh)
{
	if (nd->mode == NEED_WHOLE)
		return nd->count;
	if (nd->mode == NEED_NODES)
		return sh->cpus < nd->thr_cpus || sh->gpus < nd->thr_gpus ?
		       INT64_MAX : nd->count;
	int64_t n = sh->cpus == 1 ? nd->count :
		    (nd->count + sh->cpus - 1) / sh->cpus;
	if (nd->gpus > 0) {
		if (sh->gpus == 0)
			return INT64_MAX;
		int64_t g = (nd->gpus + sh->gpus - 1) / sh->gpus;
		n = g > n ? g : n;
	}
	return n;
}

/* A partition position's virtual free resources, from the node's state
 * the first time this test touches it. */
__attribute__((always_inline))
static inline void vinit(const struct slurm *s, struct sslurm *st, const struct spart *p,
		  int32_t pos)
{
	if (st->vgen[pos] == st->gen)
		return;
	st->vgen[pos] = st->gen;
	const struct snode *n = &s->nodes[p->first_node + pos];
	switch (n->state) {
	case NODE_POWERED_DOWN:
		st->vuse[pos] = 1;
		st->vcpu[pos] = n->cpus;
		st->vgpu[pos] = n->gpus;
		st->vjobs[pos] = 0;
		break;
	case NODE_UP:
	case NODE_POWERING_UP:
		st->vuse[pos] = 1;
		st->vcpu[pos] = node_share_at(s, p, pos).cpus_free;
		st->vgpu[pos] = node_share_at(s, p, pos).gpus_free;
		st->vjobs[pos] = node_share_at(s, p, pos).n_jobs;
		break;
	default:
		st->vuse[pos] = 0;
		st->vcpu[pos] = st->vgpu[pos] = 0;
		st->vjobs[pos] = node_share_at(s, p, pos).n_jobs;
	}
}

struct walk {
	struct slurm *s;
	struct sslurm *st;
	const struct spart *p;
	const struct need *nd;
	const uint64_t *mask;
	int mask_full;             /* no node excluded */
	int plans_only;            /* only planned nodes excluded */
	int fast;                  /* NEED_CPUS without GPUs: sums only */
	int64_t sum_cpus, sum_gpus, nodes_ok;
	int64_t fit_ms;
};

static inline int64_t contrib(const struct walk *w, int32_t pos)
{
	const struct sslurm *st = w->st;
	if (!st->vuse[pos])
		return 0;
	switch (w->nd->mode) {
	case NEED_WHOLE:
		return st->vjobs[pos] == 0;
	case NEED_NODES:
		return st->vcpu[pos] >= w->nd->thr_cpus &&
		       st->vgpu[pos] >= w->nd->thr_gpus;
	default:
		return st->vcpu[pos];
	}
}

static int fits(const struct walk *w)
{
	if (w->nd->mode == NEED_CPUS)
		return w->sum_cpus >= w->nd->count && w->sum_gpus >= w->nd->gpus;
	return w->nodes_ok >= w->nd->count;
}

static void account(struct walk *w, int32_t pos, int sign)
{
	int64_t c = contrib(w, pos);
	if (w->nd->mode == NEED_CPUS) {
		w->sum_cpus += sign * c;
		w->sum_gpus += sign * (w->st->vuse[pos] ? w->st->vgpu[pos] : 0);
	} else {
		w->nodes_ok += sign * c;
	}
}

/* Marks a node the walk gave resources back to, in st->scratch, whose
 * words [touch_lo, touch_hi) hold the marks. */
static inline void touch(struct sslurm *st, int32_t pos)
{
	size_t w = (size_t)pos >> 6;
	st->scratch[w] |= 1ull << (pos & 63);
	st->touch_lo = w < st->touch_lo ? w : st->touch_lo;
	st->touch_hi = w + 1 > st->touch_hi ? w + 1 : st->touch_hi;
}

/* Gives one release's resources back to the usable nodes' virtual state;
 * with counted, keeps the walk's counters too (the fast walk kept its own
 * and replays releases without them). */
__attribute__((always_inline))
static inline void give_back(struct walk *w, const struct release *r,
			     int counted)
{
	struct slurm *s = w->s;
	struct sslurm *st = w->st;
	const struct spart *p = w->p;
	if (r->owner < 0) {
		int32_t pos = -r->owner - 1 - p->first_node;
		if (!bit(w->mask, pos))
			return;
		vinit(s, st, p, pos);
		if (counted)
			account(w, pos, -1);
		const struct snode *n = &s->nodes[p->first_node + pos];
		st->vuse[pos] = 1;
		st->vcpu[pos] = n->cpus;
		st->vgpu[pos] = n->gpus;
		st->vjobs[pos] = 0;
		if (counted)
			account(w, pos, 1);
		touch(st, pos);
		return;
	}
	const struct sjob *j = &s->jobs[r->owner];
	for (uint32_t k = 0; k < j->n_pieces; k++) {
		const struct apiece a = s->a_piece[j->piece_off + k];
		/* The piece's nodes in the mask, a word at a time. */
		int32_t at = a.node - p->first_node, end = at + a.count;
		while (at < end) {
			int32_t base = at & ~63, stop = base + 64 < end ? base + 64 : end;
			uint64_t bits = w->mask[at >> 6] & (~0ull << (at & 63));
			if (stop & 63)
				bits &= (1ull << (stop & 63)) - 1;
			for (; bits; bits &= bits - 1) {
				int32_t pos = base + __builtin_ctzll(bits);
				vinit(s, st, p, pos);
				if (counted)
					account(w, pos, -1);
				st->vcpu[pos] += a.cpus;
				st->vgpu[pos] += a.gpus;
				st->vjobs[pos]--;
				if (counted)
					account(w, pos, 1);
				touch(st, pos);
			}
			at = stop;
		}
	}
}

/* CPUs a release frees on the usable nodes, without building any node's
 * state (the fast path: a CPU count is all a CPU-only job needs until its
 * nodes are picked). */
static int64_t released_cpus(const struct walk *w, const struct release *r)
{
	const struct slurm *s = w->s;
	const struct spart *p = w->p;
	if (r->owner < 0) {
		int32_t pos = -r->owner - 1 - p->first_node;
		return bit(w->mask, pos) ? s->nodes[-r->owner - 1].cpus : 0;
	}
	const struct sjob *j = &s->jobs[r->owner];
	if (w->mask_full || (w->plans_only &&
			     w->st->jmark[r->owner] != w->st->cycle_id))
		return j->alloc_units;     /* none of its nodes is planned */
	int64_t c = 0;
	for (uint32_t k = 0; k < j->n_pieces; k++) {
		const struct apiece *a = &s->a_piece[j->piece_off + k];
		c += (int64_t)a->cpus * count_bits(w->mask, a->node - p->first_node,
						   a->count);
	}
	return c;
}

/* What the usable nodes offer now, into the walk's counters.  Node states
 * are built lazily (vinit), so a count taken from the partition's totals
 * or bitmaps stays consistent with them. */
static void count_now(struct walk *w)
{
	struct sslurm *st = w->st;
	const struct spart *p = w->p;
	if (w->fast && !p->exclusive) {
		/* Free CPUs of the partition, less those on excluded nodes. */
		w->sum_cpus = p->free_units;
		if (w->mask_full)
			return;
		for (size_t x = 0; x < p->n_words; x++) {
			uint64_t bits = (p->bm_free[x] | p->bm_off[x]) & ~w->mask[x];
			while (bits) {
				int32_t pos = (int32_t)(x << 6) + __builtin_ctzll(bits);
				bits &= bits - 1;
				if (pos >= p->n_nodes)
					break;
				vinit(w->s, st, p, pos);
				w->sum_cpus -= st->vuse[pos] ? st->vcpu[pos] : 0;
			}
		}
		return;
	}
	int simple = w->nd->mode == NEED_WHOLE ||
		     (w->nd->mode == NEED_NODES && w->nd->thr_cpus <= 1 &&
		      w->nd->thr_gpus == 0);
	for (size_t x = 0; x < p->n_words; x++) {
		uint64_t bits = w->nd->mode == NEED_WHOLE ?
				(p->bm_idle[x] | p->bm_off[x]) & w->mask[x] :
				(p->bm_free[x] | p->bm_idle[x] | p->bm_off[x]) &
				w->mask[x];
		if (simple && w->nd->mode != NEED_CPUS) {
			w->nodes_ok += __builtin_popcountll(bits);
			continue;
		}
		while (bits) {
			int32_t pos = (int32_t)(x << 6) + __builtin_ctzll(bits);
			bits &= bits - 1;
			vinit(w->s, st, p, pos);
			account(w, pos, 1);
		}
	}
}

/* Chooses the nodes the job would use at the walk's end state, in the
 * partition's order (lowest weight first), into st->cand as a bitmap.
 * Returns whether the need is met; *cold is set when one of them is
 * powered down (the plan then covers its boot). */
static int pick_nodes(struct walk *w, int *cold)
{
	struct sslurm *st = w->st;
	const struct spart *p = w->p;
	const struct need *nd = w->nd;
	uint64_t *cand = st->cand;
	if (w->fast)        /* build the released nodes' state now */
		for (size_t i = 0; i < st->n_walked; i++)
			give_back(w, &st->ord[i], 0);
	/* The partition's bitmaps have its own words; st's are sized for
	 * the largest partition. */
	memset(cand, 0, st->words * sizeof *cand);
	st->cand_lo = 0;
	st->cand_hi = p->n_words;
	for (size_t x = 0; x < p->n_words; x++)
		cand[x] = (p->bm_free[x] | p->bm_idle[x] | p->bm_off[x] |
			   st->scratch[x]) & w->mask[x];
	st->n_picked = 0;
	*cold = 0;
	int32_t one = -1;
	if (nd->mode == NEED_CPUS && nd->count <= p->max_cpus)
		for (size_t x = 0; x < p->n_words && one < 0; x++)
			for (uint64_t b = cand[x]; b && one < 0; b &= b - 1) {
				int32_t pos = (int32_t)(x << 6) + __builtin_ctzll(b);
				vinit(w->s, st, p, pos);
				if (st->vuse[pos] && st->vcpu[pos] >= nd->count &&
				    st->vgpu[pos] >= nd->gpus)
					one = pos;
			}
	int64_t got_c = 0, got_g = 0;
	for (size_t x = 0; x < p->n_words; x++) {
		uint64_t b = cand[x];
		cand[x] = 0;
		for (; b; b &= b - 1) {
			int32_t pos = (int32_t)(x << 6) + __builtin_ctzll(b);
			int met = nd->mode == NEED_CPUS ?
				  got_c >= nd->count && got_g >= nd->gpus :
				  (int64_t)st->n_picked >= nd->count;
			if (met)
				break;
			vinit(w->s, st, p, pos);
			int take = one >= 0 ? pos == one : contrib(w, pos) > 0;
			if (!take)
				continue;
			bit_set(cand, pos);
			st->picked[st->n_picked++] = pos;
			got_c += st->vcpu[pos];
			got_g += st->vgpu[pos];
			if (bit(p->bm_off, pos))        /* powered down */
				*cold = 1;
		}
	}
	if (nd->mode == NEED_CPUS)
		return got_c >= nd->count && got_g >= nd->gpus;
	return (int64_t)st->n_picked >= nd->count;
}

/* Whether the job would fit the usable nodes once all of their jobs have
 * ended: every node of the mask comes back whole at some release. */
static int ever_fits(const struct walk *w)
{
	const struct spart *p = w->p;
	const struct need *nd = w->nd;
	const struct shape *sh = &w->st->shape[p - w->s->parts];
	int64_t cpus = 0, gpus = 0, nodes = 0;
	for (size_t x = 0; x < p->n_words; x++) {
		if (sh->cpus > 0) {        /* alike nodes: a count of them */
			nodes += __builtin_popcountll(w->mask[x]);
			continue;
		}
		for (uint64_t b = w->mask[x]; b; b &= b - 1) {
			int32_t pos = (int32_t)(x << 6) + __builtin_ctzll(b);
			const struct snode *n = &w->s->nodes[p->first_node + pos];
			cpus += n->cpus;
			gpus += n->gpus;
			nodes += nd->mode != NEED_NODES ||
				 (n->cpus >= nd->thr_cpus && n->gpus >= nd->thr_gpus);
		}
	}
	if (sh->cpus > 0) {
		cpus = nodes * sh->cpus;
		gpus = nodes * sh->gpus;
		if (nd->mode == NEED_NODES &&
		    (sh->cpus < nd->thr_cpus || sh->gpus < nd->thr_gpus))
			nodes = 0;
	}
	if (nd->mode == NEED_CPUS)
		return cpus >= nd->count && gpus >= nd->gpus;
	return nodes >= nd->count;
}

static void clear_touched(struct sslurm *st)
{
	if (st->touch_lo < st->touch_hi)
		memset(st->scratch + st->touch_lo, 0,
		       (st->touch_hi - st->touch_lo) * sizeof *st->scratch);
	st->touch_lo = SIZE_MAX;
	st->touch_hi = 0;
}

/* The earliest time >= from at which the job fits on the usable nodes
 * (mask), with its nodes in st->cand; ENGINE_TIME_MAX when never.  Any
 * time after horizon_ms may come back as horizon_ms + 1 instead, and,
 * unless tell_never, never as horizon_ms + 1 or the other way round (the
 * caller does the same with both).  must_wait: it cannot start at `from`
 * whatever the counts say (the allocator already refused it then). */
static int64_t will_run(struct slurm *s, struct sslurm *st, int part,
			const struct need *nd, const uint64_t *mask,
			int j_unconstrained, int64_t from, int64_t horizon_ms,
			int tell_never, int must_wait, int *cold)
{
	if (st->shape[part].unit)
		return unit_will_run(s, st, part, nd, mask, j_unconstrained,
				     from, horizon_ms, tell_never, must_wait,
				     cold);
	const struct spart *p = &s->parts[part];
	struct walk w = { s, st, p, nd, mask, 1, 0, 0, 0, 0, 0, ENGINE_TIME_MAX };
	w.mask_full = covers_all(mask, p->n_nodes);
	w.plans_only = st->no_down && j_unconstrained;
	w.fast = nd->mode == NEED_CPUS && nd->gpus == 0 && !p->exclusive;
	st->gen++;
	if (st->gen == 0) {
		memset(st->vgen, 0, (size_t)st->max_nodes * sizeof *st->vgen);
		st->gen = 1;
	}
	size_t n = 0;
	count_now(&w);
	if (!must_wait && fits(&w)) {
		w.fit_ms = from;
	} else if (st->shape[part].cpus == 0 || ever_fits(&w)) {
		/* (On alike nodes whether it could ever fit is a count: no
		 * walk when it could not; elsewhere the walk's end says so.) */
		for (; order_has(s, st, part, n); n++) {
			const struct release *r = &st->ord[n];
			if (r->t_ms > horizon_ms) {
				w.fit_ms = horizon_ms + 1;
				break;
			}
			if (w.fast)
				w.sum_cpus += released_cpus(&w, r);
			else
				give_back(&w, r, 1);
			if (fits(&w)) {
				w.fit_ms = r->t_ms;
				n++;
				break;
			}
		}
	}
	st->n_walked = n;
	int64_t t = w.fit_ms;
	if (t != ENGINE_TIME_MAX && t > horizon_ms) {
		if (tell_never && !ever_fits(&w))
			t = ENGINE_TIME_MAX;
	} else if (t != ENGINE_TIME_MAX && !pick_nodes(&w, cold)) {
		t = ENGINE_TIME_MAX;
	}
	clear_touched(st);
	return t < from ? from : t;
}

/* ---- the backfill cycle --------------------------------------------------- */

/* Whether the job may use any node of its partition (no compute resource
 * or node kind named). */
static int any_node(const struct sjob *j)
{
	return j->cr_mask == ~0ull && !j->node_kind;
}

/* The nodes job j may use, into st->mask; returns 0, leaving st->mask as
 * it is, when that is every node of the partition (usable_over then takes
 * the first slice as it is). */
static int job_mask(struct slurm *s, struct sslurm *st, int part,
		    const struct sjob *j)
{
	const struct spart *p = &s->parts[part];
	if (any_node(j))
		return 0;
	bm_fill(st->mask, st->words, p->n_nodes);
	st->dirty_lo = 0;
	st->dirty_hi = st->words;
	st->mask_lo = 0;
	st->mask_hi = st->words;
	int first_cr = s->layout->parts[part].first_cr;
	for (int32_t k = 0; k < p->n_nodes; k++) {
		const struct snode *n = &s->nodes[p->first_node + k];
		int cr = n->cr - first_cr;
		int ok = (cr >= 64 || ((j->cr_mask >> cr) & 1)) &&
			 !(j->node_kind == 1 && !n->is_static) &&
			 !(j->node_kind == 2 && n->is_static);
		if (!ok)
			st->mask[k >> 6] &= ~(1ull << (k & 63));
	}
	return 1;
}

/* Whether a release's nodes meet bm (0 outside the words [lo, hi)). */
static int release_holds(const struct sslurm *st, const struct ord_nodes *on,
			 const uint64_t *bm, size_t lo, size_t hi)
{
	if (on->form == NODES_WORDS) {
		const struct nword *x = st->nw + on->at, *end = x + on->n;
		for (; x < end; x++)
			if (x->w >= lo && x->w < hi && (x->bits & bm[x->w]))
				return 1;
		return 0;
	}
	for (const struct span *x = st->sp + on->at, *end = x + on->n; x < end; x++) {
		int32_t at = x->at, n = x->n;
		clip(&at, &n, lo, hi);
		if (n > 0 && count_bits(bm, at, n))
			return 1;
	}
	return 0;
}

/* Marks the running jobs with a node in the plan just made (plan k): only
 * jobs this walk saw end can have one, since a plan takes nodes free at
 * its start.  Walks skip the node loop for unmarked jobs. */
static void mark_planned_jobs(struct sslurm *st, size_t k)
{
	const struct plan *pl = &st->pl[k];
	const uint64_t *bm = plan_bm(st, k);
	for (size_t i = 0; i < st->n_walked; i++) {
		int32_t o = st->ord[i].owner;
		if (o < 0 || st->jmark[o] == st->cycle_id)
			continue;
		if (release_holds(st, &st->ord_nd[i], bm, pl->lo, pl->hi))
			st->jmark[o] = st->cycle_id;
	}
}

/* On single-CPU nodes any free node serves a job with no constraint on its
 * nodes: whether it fits is a count of free nodes (its CPUs). */
static int counted_need(const struct slurm *s, const struct sslurm *st,
			int part, const struct sjob *j)
{
	return st->shape[part].unit && j->gpus == 0 &&
	       (j->nodes == 0 || j->nodes == j->cpus) &&
	       any_node(j) &&
	       !s->layout->memory_scheduling;
}

/* Whether the allocator would give a job whose need is a count of one-CPU
 * nodes the lowest free ones (one weight, every node up). */
static int takes_lowest_free(struct slurm *s, struct sslurm *st, int part,
			     const struct sjob *j)
{
	const struct spart *p = &s->parts[part];
	return counted_need(s, st, part, j) && !j->exclusive &&
	       p->n_groups == 1 &&
	       p->ns_count[NS_POWERED_DOWN] + p->ns_count[NS_POWERING_UP] == 0;
}

/* The allocator's pick for a job whose need is a count of one-CPU nodes,
 * when it is the lowest free nodes (takes_lowest_free): into st->cand,
 * whose words [*lo, *hi) hold it.  Returns 0 when the pick may be
 * otherwise or the job does not fit. */
static int lowest_free_pick(struct slurm *s, struct sslurm *st, int part,
			    const struct sjob *j, size_t *lo, size_t *hi)
{
	const struct spart *p = &s->parts[part];
	if (!takes_lowest_free(s, st, part, j))
		return 0;
	const uint64_t *av = avail_now(p, st);
	int64_t left = j->cpus;
	*lo = *hi = st->n_avail_w ? st->avail_w[0] : 0;
	for (size_t k = 0; k < st->n_avail_w && left > 0; k++) {
		uint32_t w = st->avail_w[k];
		uint64_t b = av[w];
		if (__builtin_popcountll(b) > left)
			b = lowest_bits(b, left);
		for (; *hi < w; (*hi)++)        /* empty words between */
			st->cand[*hi] = 0;
		st->cand[w] = b;
		*hi = w + 1;
		left -= __builtin_popcountll(b);
	}
	return left <= 0;
}

/* The nodes the allocator would give the job now (it fits the free
 * resources), into st->cand; *lo, *hi: the words they lie in.  Returns 0
 * when it does not fit. */
static int alloc_pick(struct slurm *s, struct sslurm *st, int part,
		      const struct sjob *j, size_t *lo, size_t *hi)
{
	if (lowest_free_pick(s, st, part, j, lo, hi))
		return 1;
	if (slurm_alloc_find(s, j) < 0)
		return 0;
	uint64_t *bm = st->cand;
	*lo = st->words;
	*hi = 0;
	memset(bm, 0, st->words * sizeof *bm);
	for (size_t k = 0; k < s->s_n; k++) {
		int32_t at = s->s_node[k] - s->parts[part].first_node;
		size_t w0 = (size_t)at >> 6;
		size_t w1 = ((size_t)(at + s->s_count[k] - 1) >> 6) + 1;
		set_range(bm, at, s->s_count[k]);
		*lo = w0 < *lo ? w0 : *lo;
		*hi = w1 > *hi ? w1 : *hi;
	}
	return 1;
}

/* Plan k's pl_rank: the free nodes now below its lowest free node now. */
static int64_t plan_rank(struct sslurm *st, const uint64_t *av, size_t k)
{
	const struct plan *pl = &st->pl[k];
	const uint64_t *pb = plan_bm(st, k);
	int64_t below = 0;
	for (size_t i = 0; i < st->n_avail_w; i++) {
		uint32_t w = st->avail_w[i];
		uint64_t held = w >= pl->lo && w < pl->hi ? pb[w] & av[w] : 0;
		if (held)
			return below + __builtin_popcountll(av[w] &
							    ((held & -held) - 1));
		below += __builtin_popcountll(av[w]);
	}
	return INT64_MAX;
}

/* blocking_plan for the lowest `cpus` free nodes: a plan holds one when
 * its lowest free node is among them.  -2 when fewer are free (there is
 * no such pick). */
static int32_t lowest_free_blocker(struct slurm *s, struct sslurm *st,
				   int part, int64_t cpus, int64_t a,
				   int64_t b)
{
	const uint64_t *av = avail_now(&s->parts[part], st);
	if (st->avail_nodes < 0) {
		st->avail_nodes = 0;
		for (size_t i = 0; i < st->n_avail_w; i++)
			st->avail_nodes += __builtin_popcountll(av[st->avail_w[i]]);
	}
	if (st->avail_nodes < cpus)
		return -2;
	for (; st->n_ranked < st->n_pl; st->n_ranked++)
		st->pl_rank[st->n_ranked] = plan_rank(st, av, st->n_ranked);
	for (size_t k = 0; k < st->n_pl; k++) {
		const struct plan *pl = &st->pl[k];
		if (pl->t1 > a && pl->t0 <= b && st->pl_rank[k] < cpus)
			return pl->job;
	}
	return -1;
}

/* A job that fits the free resources but may not start now: it was left
 * pending at this cycle (its record tells when it last was), held by the
 * highest-priority plan that holds the free nodes it would take, if any. */
static void note_blocked(struct slurm *s, struct sslurm *st, int part,
			 int32_t ji)
{
	const struct sjob *j = &s->jobs[ji];
	struct slurm_why *why = &st->why[ji];
	int64_t now = s->eng.now_ms;
	int64_t lim = j->limit_ms > 0 ? j->limit_ms : 1;
	size_t lo, hi;
	why->tested_ms = now;
	why->planned_ms = -1;
	why->blocker = -1;
	int32_t by = -2;
	if (st->n_pl > 0 && takes_lowest_free(s, st, part, j))
		by = lowest_free_blocker(s, st, part, j->cpus, now, now + lim);
	if (by != -2)
		why->blocker = by;
	else if (st->n_pl > 0 && alloc_pick(s, st, part, j, &lo, &hi))
		why->blocker = blocking_plan(st, st->cand, lo, hi, now, now + lim);
	why->hold = why->blocker >= 0 ? SLURM_HOLD_PLAN : SLURM_HOLD_RESOURCES;
}

/* A job that fits the free resources now: starts it on nodes no plan
 * holds over its whole run, or notes which plan holds them.  Returns 1
 * when it started; else st->usable holds those nodes and *later the next
 * time more come free of plans (as usable_over), for bf_plan. */
static int bf_start(struct slurm *s, struct sslurm *st, int part, size_t qi,
		    int64_t *later)
{
	struct qent *e = &slurm_queue(s, part, &(size_t){ 0 })[qi];
	int32_t ji = e->job;
	const struct sjob *j = &s->jobs[ji];
	int64_t now = s->eng.now_ms;
	int64_t lim = j->limit_ms > 0 ? j->limit_ms : 1;
	*later = usable_over(st, slice_after(st, now), now + lim,
			     !job_mask(s, st, part, j));
	const uint64_t *usable = st->usable;
	if (!(counted_need(s, st, part, j) &&
	      free_in(&s->parts[part], st, usable) < j->cpus) &&
	    slurm_try_start_within(s, part, qi, usable)) {
		/* Its nodes may lie in a later plan (it ends before that
		 * plan starts): walks must count them node by node. */
		st->jmark[ji] = st->cycle_id;
		order_reset(st);
		note_start(s, st, ji, SLURM_START_BACKFILL);
		return 1;
	}
	note_blocked(s, st, part, ji);
	return 0;
}

/* Plans a job that cannot start now: its earliest start on nodes that no
 * plan of a higher-priority job holds over its whole run, with those nodes
 * reserved whole from then to its end.  known_later >= 0: st->usable already
 * holds its usable nodes from now, and that is their usable_over (bf_start
 * just made them, and no plan came since). */
static void bf_plan(struct slurm *s, struct sslurm *st, int part, size_t qi,
		    int64_t cycle_ms, int64_t known_later)
{
	struct qent *e = &slurm_queue(s, part, &(size_t){ 0 })[qi];
	int32_t ji = e->job;
	const struct sjob *j = &s->jobs[ji];
	struct slurm_why *why = &st->why[ji];
	int64_t now = s->eng.now_ms, res = st->conf.bf_resolution_ms;
	int64_t lim = j->limit_ms > 0 ? j->limit_ms : 1;
	struct need nd;
	job_need(s, j, &nd);
	const struct shape *sh = &st->shape[part];
	int64_t min_nodes = sh->cpus > 0 ? nodes_needed(&nd, sh) : 0;
	int64_t from = now;
	size_t first = slice_after(st, from);     /* the slice holding from */
	for (int tries = 0; tries < MAX_TRIES; tries++) {
		int64_t later = known_later;
		first = slice_from(st, first, from);
		if (min_nodes > 0 && too_few_over(st, first, from + lim, min_nodes)) {
			/* will_run would find too few usable nodes ever. */
			if (tries > 0 || known_later < 0)
				later = next_gain(st, first, from + lim, &first);
			if (!later)
				break;
			from = later;
			continue;
		}
		if (tries > 0 || known_later < 0) {
			later = usable_over(st, first, from + lim,
					    !job_mask(s, st, part, j));
		}
		const uint64_t *mask = st->usable;
		/* Past `later` a start only sends the test on to later;
		 * without one, past the window it only means no plan. */
		int64_t horizon = later ? later : cycle_ms + st->conf.bf_window_ms;
		if (horizon < from)
			horizon = from;
		int cold = 0;
		/* With a later start to try, never and after it are one. */
		int64_t t = will_run(s, st, part, &nd, mask, any_node(j), from,
				     horizon, !later, from <= now, &cold);
		if (t == ENGINE_TIME_MAX || (later && t > later)) {
			if (!later)
				break;
			from = later;
			continue;
		}
		int64_t t0 = floor_to(t, res);
		int64_t t1 = floor_to(t + lim + (cold ? s->prm.boot_latency_ms : 0),
				      res);
		if (t1 < t0 + res)
			t1 = t0 + res;
		if (t > cycle_ms + st->conf.bf_window_ms) {
			why->hold = SLURM_HOLD_WINDOW;
			why->planned_ms = t <= horizon ? t : -1;
			e->res_ms = -1;
			return;
		}
		/* The pick lies in every slice the mask's AND took, those
		 * meeting [from, from + lim]: the plan starts no earlier than
		 * the slice holding from. */
		size_t lo = st->cand_lo, hi = st->cand_hi;
		trim(st->cand, &lo, &hi);
		/* (The slice holding from begins by t0, both on the grid.) */
		if (overlaps_plans(st, st->cand, lo, hi, first, t0, t1,
				   from + lim)) {
			from = t > from ? t : from + res;
			continue;
		}
		/* (A unit pick is exactly the nodes needed.) */
		add_plan(s, st, ji, first, t0, t1, lo, hi,
			 sh->unit ? nd.count : (int32_t)st->n_picked);
		if (s->oom)
			return;
		mark_planned_jobs(st, st->n_pl - 1);
		why->hold = why->blocker >= 0 ? SLURM_HOLD_PLAN :
			    SLURM_HOLD_RESOURCES;
		why->planned_ms = t;
		e->res_ms = t;
		return;
	}
	why->hold = why->blocker >= 0 ? SLURM_HOLD_PLAN : SLURM_HOLD_NO_PLAN;
	e->res_ms = -1;
}

/* The queue entries a cycle tests, those up to its bf_max_job_test-th live
 * one (-1: out of memory): returns how many entries that spans, with room
 * to defer them all.  st->fit_end starts there (see any_fits_from). */
static int tested_span(struct slurm *s, struct sslurm *st, int part, size_t n)
{
	if (grow((void **)&st->deferred, &st->cap_deferred, n,
		 sizeof *st->deferred)) {
		s->oom = 1;
		return -1;
	}
	size_t limit = (size_t)st->conf.bf_max_job_test, last = n;
	if (n - s->parts[part].q_holes > limit) {
		const struct qent *q = slurm_queue(s, part, &(size_t){ 0 });
		size_t live = 0;
		for (last = 0; last < n && live < limit; last++)
			live += q[last].job >= 0;
	}
	st->fit_end = last;
	return (int)last;
}

/* Whether a job from queue entry i on, up to st->fit_end, could fit the
 * free units, so the cycle stops as soon as none could (plans only matter
 * for starts).  Within a cycle free units only fall, and the entries that
 * start are before i, so the last entry that fits, found from the end,
 * only moves towards the front: the cycle looks at each entry once. */
static int any_fits_from(struct slurm *s, struct sslurm *st, int part,
			 size_t i)
{
	const struct qent *q = slurm_queue(s, part, &(size_t){ 0 });
	int64_t units = s->parts[part].free_units;
	while (st->fit_end > i && (q[st->fit_end - 1].job < 0 ||
				   q[st->fit_end - 1].min_units > units))
		st->fit_end--;
	return st->fit_end > i;
}

/* A job that cannot start now is not planned until a later job fits the
 * free resources: plans only decide whether later jobs may start now, so
 * the starts are those of planning every job in order, and the jobs after
 * the last one that could start are never planned. */
static int fits_now(struct slurm *s, struct sslurm *st, int part,
		    const struct qent *e)
{
	const struct sjob *j = &s->jobs[e->job];
	if (s->parts[part].free_units < e->min_units)
		return 0;
	if (counted_need(s, st, part, j))
		return 1;
	return slurm_alloc_find(s, j) >= 0;
}

/* How many of the n deferred jobs must be planned before a job that may
 * start now and whose run, with the plans' rounding, ends by bound_ms.  A
 * plan starts no earlier than the partition's units, ignoring plans, reach
 * the job's min_units, and starts only lower that count now, so a deferred
 * job needing more units than come free by bound_ms has a plan that cannot
 * meet that run.  The jobs from the last one that can on keep waiting:
 * planned later, in order, their plans are the same, because the jobs
 * started meanwhile end before those plans begin.  That holds only for
 * starts on nodes that are up: one that waits for a boot ends later than
 * its limit says, so with nodes powered down or booting every deferred
 * job is planned first. */
static size_t plans_needed(struct slurm *s, struct sslurm *st, int part,
			   size_t n, int64_t bound_ms)
{
	const struct spart *p = &s->parts[part];
	if (p->ns_count[NS_POWERED_DOWN] + p->ns_count[NS_POWERING_UP] > 0 ||
	    st->conf.plan_all)
		return n;
	size_t nq, need = 0;
	const struct qent *q = slurm_queue(s, part, &nq);
	if (st->def_most < 0) {        /* the front was planned */
		st->def_most = 0;
		for (size_t k = 0; k < n; k++)
			if (q[st->deferred[k]].min_units > st->def_most)
				st->def_most = q[st->deferred[k]].min_units;
	}
	for (size_t k = 0; k < n && st->follow >= 0; k++)
		if (q[st->deferred[k]].job == st->follow)
			need = k + 1;
	int64_t units = p->free_units;
	for (size_t i = 0; units < st->def_most && order_has(s, st, part, i) &&
			   st->ord[i].t_ms <= bound_ms; i++)
		units += st->ord[i].units;
	for (size_t k = n; k > need; k--)
		if (q[st->deferred[k - 1]].min_units <= units)
			return k;
	return need;
}

/* Defers queue entry qi after the n deferred jobs; returns how many
 * there are. */
static size_t defer(struct slurm *s, struct sslurm *st, int part, size_t n,
		    size_t qi)
{
	const struct qent *q = slurm_queue(s, part, &(size_t){ 0 });
	st->deferred[n] = (int32_t)qi;
	if (st->def_most >= 0 && q[qi].min_units > st->def_most)
		st->def_most = q[qi].min_units;
	return n + 1;
}

/* Drops the first k of the n deferred jobs (planned); returns how many are
 * left. */
static size_t drop_planned(struct sslurm *st, size_t n, size_t k)
{
	memmove(st->deferred, st->deferred + k, (n - k) * sizeof *st->deferred);
	if (k > 0)
		st->def_most = -1;
	return n - k;
}

/* Plans the first n_plan of the n deferred jobs, in order, and returns how
 * many are left.  st->usable may still hold queue entry mask_qi's usable
 * nodes (mask_later: their usable_over), good for the first plan only. */
static size_t plan_deferred(struct slurm *s, struct sslurm *st, int part,
			    size_t n, size_t n_plan, size_t mask_qi,
			    int64_t mask_later)
{
	int64_t now = s->eng.now_ms;
	for (size_t k = 0; k < n_plan && !s->oom; k++)
		bf_plan(s, st, part, (size_t)st->deferred[k], now,
			k == 0 && (size_t)st->deferred[0] == mask_qi ?
			mask_later : -1);
	return drop_planned(st, n, n_plan);
}

/* Plans the first deferred jobs, in order, up to n_plan of them, while the
 * job at queue entry qi, a counted need, still has enough free nodes that
 * no plan holds over its run; returns how many it planned.  Plans only
 * take nodes away, so once it lacks them (*blocked) it lacks them under
 * every plan to come: it cannot start, and the deferred jobs not planned
 * yet can wait, as they would for a job that may start (plans_needed).
 * mask_qi, mask_later: as for plan_deferred. */
static size_t plan_while_fits(struct slurm *s, struct sslurm *st, int part,
			      size_t n_plan, size_t qi, size_t mask_qi,
			      int64_t mask_later, int *blocked)
{
	const struct sjob *j = &s->jobs[slurm_queue(s, part, &(size_t){ 0 })[qi].job];
	int64_t now = s->eng.now_ms;
	int64_t end = now + (j->limit_ms > 0 ? j->limit_ms : 1);
	/* Only its free nodes count: st->cmask[k] holds those of word
	 * st->avail_w[k] that no plan meeting its run holds (the AND of the
	 * slices over its run, which plans alone cut). */
	const uint64_t *av = avail_now(&s->parts[part], st);
	const uint32_t *aw = st->avail_w;
	size_t n_aw = st->n_avail_w;
	uint64_t *cm = st->cmask;
	/* Most jobs tested here lack the nodes already, under the plans made
	 * before them: a job tested earlier against a subset of the plans
	 * that meet this one's run and found fewer nodes than this one
	 * needs says so without the words. */
	uint64_t meets = 0;
	int memo = st->n_pl <= 64;
	for (size_t pl = 0; memo && pl < st->n_pl; pl++)
		if (st->pl[pl].t1 > now && st->pl[pl].t0 <= end)
			meets |= 1ull << pl;
	for (int m = 0; memo && m < st->n_memo && m < FIT_MEMOS; m++)
		if ((st->memo[m].plans & ~meets) == 0 &&
		    st->memo[m].free_nodes < j->cpus) {
			*blocked = 1;
			return 0;
		}
	int64_t have = 0;
	for (size_t k = 0; k < n_aw; k++) {
		cm[k] = av[aw[k]];
		have += __builtin_popcountll(cm[k]);
	}
	size_t k = 0, pl = 0;
	for (;;) {
		for (; pl < st->n_pl; pl++) {
			if (st->pl[pl].t1 <= now || st->pl[pl].t0 > end)
				continue;
			const uint64_t *pb = plan_bm(st, pl);
			size_t x = 0;
			while (x < n_aw && aw[x] < st->pl[pl].lo)
				x++;
			for (; x < n_aw && aw[x] < st->pl[pl].hi; x++) {
				uint64_t held = pb[aw[x]] & cm[x];
				have -= __builtin_popcountll(held);
				cm[x] &= ~held;
			}
		}
		if (k == 0 && memo)
			st->memo[st->n_memo++ % FIT_MEMOS] =
				(struct fit_memo){ meets, have };
		if (have < j->cpus || k == n_plan || s->oom)
			break;
		bf_plan(s, st, part, (size_t)st->deferred[k], now,
			k == 0 && (size_t)st->deferred[0] == mask_qi ?
			mask_later : -1);
		k++;
	}
	*blocked = have < j->cpus;
	return k;
}

/* A job left pending for want of free resources at this cycle. */
static void note_held(struct sslurm *st, int32_t ji, int64_t now)
{
	struct slurm_why *w = &st->why[ji];
	w->tested_ms = now;
	w->planned_ms = w->blocker = -1;
	w->hold = SLURM_HOLD_RESOURCES;
}

/* A cycle that stops at queue entry i, before last, because no job from i
 * on fits the free resources would have held each of them for that: the
 * followed job (--explain) gets that record. */
static void note_stopped(struct slurm *s, struct sslurm *st, int part,
			 size_t i, size_t last)
{
	size_t n;
	const struct qent *q = slurm_queue(s, part, &n);
	for (; st->follow >= 0 && i < last; i++)
		if (q[i].job == st->follow)
			note_held(st, st->follow, s->eng.now_ms);
}

static void backfill(struct slurm *s, struct sslurm *st, int part)
{
	struct spart *p = &s->parts[part];
	size_t n;
	slurm_queue(s, part, &n);
	if (n == 0 || p->changes == st->seen[part])
		return;
	st->seen[part] = p->changes;
	int last = tested_span(s, st, part, n);
	if (last <= 0 || !any_fits_from(s, st, part, 0)) {
		note_stopped(s, st, part, 0, last > 0 ? (size_t)last : 0);
		return;
	}
	int64_t now = s->eng.now_ms;
	if (map_init(s, st, part, now))
		return;
	order_reset(st);
	size_t n_def = 0;
	st->def_most = 0;
	/* st->usable holds the usable nodes bf_start found for queue entry
	 * mask_qi, and mask_later their usable_over, until the next test. */
	size_t mask_qi = SIZE_MAX;
	int64_t mask_later = -1;
	for (size_t i = 0; i < (size_t)last; i++) {
		if (!any_fits_from(s, st, part, i)) {
			note_stopped(s, st, part, i, (size_t)last);
			break;
		}
		struct qent *q = slurm_queue(s, part, &n);
		if (q[i].job < 0)
			continue;
		if (!fits_now(s, st, part, &q[i])) {
			note_held(st, q[i].job, now);
			n_def = defer(s, st, part, n_def, i);
			continue;
		}
		const struct sjob *j = &s->jobs[q[i].job];
		int64_t lim = j->limit_ms > 0 ? j->limit_ms : 1;
		size_t n_plan = plans_needed(s, st, part, n_def,
					     now + lim + st->conf.bf_resolution_ms);
		if (n_plan > 0 && counted_need(s, st, part, j) &&
		    q[i].job != st->follow && !st->conf.plan_all) {
			/* Planning stops once the job cannot start.  Its
			 * record is the one a test after every plan would
			 * give when a plan made so far holds the nodes it
			 * would take (plans are searched in order), or when
			 * none was left to make. */
			int blocked;
			size_t k = plan_while_fits(s, st, part, n_plan, i, mask_qi,
						   mask_later, &blocked);
			n_def = drop_planned(st, n_def, k);
			n_plan -= k;
			if (k > 0)
				mask_qi = SIZE_MAX;
			if (blocked) {
				note_blocked(s, st, part, q[i].job);
				if (st->why[q[i].job].blocker >= 0 || n_plan == 0) {
					n_def = defer(s, st, part, n_def, i);
					mask_qi = SIZE_MAX;
					continue;
				}
			}
		}
		n_def = plan_deferred(s, st, part, n_def, n_plan, mask_qi,
				      mask_later);
		/* A job that fits but cannot start is deferred too, and
		 * st->usable keeps its nodes until the next test. */
		mask_qi = SIZE_MAX;
		if (!bf_start(s, st, part, i, &mask_later)) {
			n_def = defer(s, st, part, n_def, i);
			mask_qi = i;
			if (q[i].job == st->follow)     /* --explain */
				n_def = plan_deferred(s, st, part, n_def, n_def,
						      mask_qi, mask_later);
		}
		if (s->oom)
			return;
	}
	/* Starts made above changed the cluster: the next cycle looks again. */
}

/* ---- the policy's entry points -------------------------------------------- */

/* A timer's next tick not yet served.  Ticks missed while nothing was
 * pending had nothing to do, so a stale one moves up to now. */
static int due(int64_t *next, int64_t now, int64_t period, int64_t phase)
{
	if (*next < now)
		*next = slurm_tick_at_or_after(now, period, phase);
	if (now < *next)
		return 0;
	*next = slurm_tick_after(now, period, phase);
	return 1;
}

static void slurm_pass(struct slurm *s, void *state, int part)
{
	struct sslurm *st = state;
	const struct slurm_conf *c = &st->conf;
	struct spart *p = &s->parts[part];
	int64_t now = s->eng.now_ms;
	st->started = 0;
	if (c->priority_type == PRIORITY_MULTIFACTOR) {
		if (due(&st->next_prio_ms, now, c->calc_period_ms, 0)) {
			charge_usage(s, st);
			st->sort_gen++;
		}
		order_queue(s, st, part, st->sorted_gen[part] != st->sort_gen);
		st->sorted_gen[part] = st->sort_gen;
	}
	int tick = due(&st->next_sched_ms[part], now, c->sched_interval_ms,
		       c->sched_phase_ms);
	/* Something happened (not only a timer): the event-driven run. */
	int event = p->changes != st->pass_seen[part];
	st->pass_seen[part] = p->changes;
	int bf = due(&st->next_bf_ms[part], now, c->bf_interval_ms,
		     c->bf_phase_ms);
	main_sched(s, st, part, tick, event);
	if (bf)
		backfill(s, st, part);
	if (p->n_pending == 0)
		return;
	/* Keep the timers going while jobs wait and a timer pass could do
	 * something.  A pass that started nothing, saw no change since the
	 * last one and found the backfill up to date is followed by passes
	 * that do the same until something happens, and what happens asks
	 * for a pass of its own (request_pass), where the timers pick up
	 * their grid again (due).  With multifactor priorities the order
	 * changes at every recalculation, so there the timers run while
	 * anything at all is left to happen. */
	int quiet = !st->started && !event && (tick || bf) &&
		    st->seen[part] == p->changes;
	if (!quiet || (c->priority_type == PRIORITY_MULTIFACTOR &&
		       engine_queued(&s->eng) > 0))
		st->idle[part] = 0;
	else if (++st->idle[part] >= 3)
		return;
	int64_t t = st->next_bf_ms[part] < st->next_sched_ms[part] ?
		    st->next_bf_ms[part] : st->next_sched_ms[part];
	if (c->priority_type == PRIORITY_MULTIFACTOR && st->next_prio_ms < t)
		t = st->next_prio_ms;
	slurm_wake_at(s, part, t);
}

static void sslurm_free(void *state)
{
	struct sslurm *st = state;
	if (!st)
		return;
	priority_free(&st->prio);
	free(st->prio_val);
	free(st->why);
	free(st->jmark);
	free(st->charges);
	free(st->seen);
	free(st->pass_seen);
	free(st->next_bf_ms);
	free(st->next_sched_ms);
	free(st->idle);
	free(st->sorted_gen);
	free(st->sl);
	free(st->sl_bm);
	free(st->pl);
	free(st->pl_bm);
	free(st->pl_rank);
	free(st->mask);
	free(st->scratch);
	free(st->vcpu);
	free(st->vgpu);
	free(st->vjobs);
	free(st->vgen);
	free(st->vuse);
	free(st->picked);
	free(st->deferred);
	free(st->ord);
	free(st->sp);
	free(st->nw);
	free(st->ord_nd);
	free(st->shape);
	free(st->free_by);
	free(st->free_by_lo);
	free(st->avail_w);
	free(st->cmask);
	free(st);
}

/* Whether every node of the partition has one CPU and no GPU (and the
 * partition is not exclusive, where a unit is a node anyway). */
static struct shape partition_shape(const struct slurm *s, int part,
				    int node_walk)
{
	const struct spart *p = &s->parts[part];
	struct shape sh = { 0, 0, 0 };
	if (p->n_nodes == 0)
		return sh;
	const struct snode *first = &s->nodes[p->first_node];
	for (int32_t k = 1; k < p->n_nodes; k++) {
		const struct snode *n = first + k;
		if (n->cpus != first->cpus || n->gpus != first->gpus)
			return sh;
	}
	sh.cpus = first->cpus;
	sh.gpus = first->gpus;
	sh.unit = sh.cpus == 1 && sh.gpus == 0 && !node_walk;
	return sh;
}

/* PriorityJobFactor from each queue's CustomSlurmSettings (default 1). */
static int part_job_factors(const struct slurm *s, uint32_t *jf)
{
	for (int q = 0; q < s->n_parts; q++) {
		const struct slurm_part *lp = &s->layout->parts[q];
		jf[q] = 1;
		for (int k = 0; k < lp->n_custom; k++)
			if (!strcasecmp(lp->custom[k].key, "PriorityJobFactor"))
				jf[q] = (uint32_t)strtoul(lp->custom[k].value, NULL, 10);
	}
	return 0;
}

static int sslurm_init(struct slurm *s, void **state)
{
	struct sslurm *st = calloc(1, sizeof *st);
	if (!st)
		return -1;
	*state = st;
	if (s->conf)
		st->conf = *s->conf;
	else
		slurm_conf_defaults(&st->conf);
	size_t nj = s->n_jobs ? s->n_jobs : 1;
	size_t np = s->n_parts ? (size_t)s->n_parts : 1;
	int64_t cpus = 0;
	for (size_t i = 0; i < s->n_nodes; i++)
		cpus += s->nodes[i].cpus;
	for (int q = 0; q < s->n_parts; q++)
		if (s->parts[q].n_nodes > st->max_nodes)
			st->max_nodes = s->parts[q].n_nodes;
	st->words = ((size_t)st->max_nodes + 63) / 64 + 1;
	size_t mn = st->max_nodes ? (size_t)st->max_nodes : 1;
	uint32_t *jf = calloc(np, sizeof *jf);
	st->why = malloc(nj * sizeof *st->why);
	st->jmark = calloc(nj, sizeof *st->jmark);
	st->seen = malloc(np * sizeof *st->seen);
	st->pass_seen = calloc(np, sizeof *st->pass_seen);
	st->next_bf_ms = calloc(np, sizeof *st->next_bf_ms);
	st->next_sched_ms = calloc(np, sizeof *st->next_sched_ms);
	st->idle = calloc(np, sizeof *st->idle);
	st->sorted_gen = calloc(np, sizeof *st->sorted_gen);
	st->mask = calloc(st->words, sizeof *st->mask);
	st->scratch = calloc(st->words, sizeof *st->scratch);
	st->vcpu = calloc(mn, sizeof *st->vcpu);
	st->vgpu = calloc(mn, sizeof *st->vgpu);
	st->vjobs = calloc(mn, sizeof *st->vjobs);
	st->vgen = calloc(mn, sizeof *st->vgen);
	st->vuse = calloc(mn, sizeof *st->vuse);
	st->picked = malloc(mn * sizeof *st->picked);
	st->free_by = calloc((FREE_BY_MAX + 2) * st->words, sizeof *st->free_by);
	st->free_by_lo = calloc(FREE_BY_MAX + 1, sizeof *st->free_by_lo);
	st->avail_w = calloc(st->words, sizeof *st->avail_w);
	st->cmask = calloc(st->words, sizeof *st->cmask);
	st->shape = calloc(np, sizeof *st->shape);
	if (!jf || !st->why || !st->jmark || !st->pass_seen || !st->seen || !st->next_bf_ms ||
	    !st->next_sched_ms || !st->idle || !st->sorted_gen || !st->mask ||
	    !st->scratch || !st->vcpu || !st->vgpu || !st->vjobs || !st->vgen ||
	    !st->vuse || !st->picked || !st->free_by || !st->free_by_lo ||
	    !st->avail_w || !st->cmask || !st->shape) {
		free(jf);
		return -1;
	}
	for (int q = 0; q < s->n_parts; q++)
		st->shape[q] = partition_shape(s, q, st->conf.node_walk);
	for (size_t i = 0; i < s->n_jobs; i++)
		st->why[i] = (struct slurm_why){ -1, -1, -1, SLURM_HOLD_NONE,
						 SLURM_START_NONE, { 0, 0 } };
	int64_t t0 = s->n_jobs ? s->jobs[0].submit_ms : 0;
	for (size_t q = 0; q < np; q++) {
		st->seen[q] = UINT64_MAX;
		st->next_bf_ms[q] = slurm_tick_at_or_after(
			t0, st->conf.bf_interval_ms, st->conf.bf_phase_ms);
		st->next_sched_ms[q] = slurm_tick_at_or_after(
			t0, st->conf.sched_interval_ms, st->conf.sched_phase_ms);
	}
	st->next_prio_ms = slurm_tick_after(t0, st->conf.calc_period_ms, 0);
	st->follow = -1;
	st->wide_pick = wide_pick_ok();
	st->touch_lo = SIZE_MAX;
	st->sort_gen = 1;
	if (st->conf.priority_type == PRIORITY_MULTIFACTOR) {
		part_job_factors(s, jf);
		st->prio_val = malloc(nj * sizeof *st->prio_val);
		if (!st->prio_val ||
		    priority_init(&st->prio, &st->conf, s->trace, jf, s->n_parts,
				  cpus)) {
			free(jf);
			return -1;
		}
		for (size_t i = 0; i < s->n_jobs; i++)
			st->prio_val[i] = -1;
		st->prio.decayed_at_ms = t0;
	}
	free(jf);
	return 0;
}

const struct sched_ops sched_slurm = {
	.name = "slurm",
	.init = sslurm_init,
	.free = sslurm_free,
	.pass = slurm_pass,
};

/* ---- explaining a wait ---------------------------------------------------- */

int sched_slurm_follow(struct slurm *s, int64_t job_id)
{
	if (s->policy != &sched_slurm)
		return -1;
	struct sslurm *st = s->policy_state;
	for (size_t i = 0; i < s->n_jobs; i++)
		if (s->trace->jobs[i].id == job_id) {
			st->follow = (int32_t)i;
			return 0;
		}
	return -1;
}

const struct slurm_why *sched_slurm_why(const struct slurm *s, int32_t ji)
{
	if (s->policy != &sched_slurm || ji < 0 || (size_t)ji >= s->n_jobs)
		return NULL;
	const struct sslurm *st = s->policy_state;
	return &st->why[ji];
}

static double secs(int64_t ms)
{
	return (double)ms / 1000.0;
}

static void explain_node(const struct slurm *s, const struct sjob *j,
			 int32_t nd, int64_t *last_ready, FILE *out)
{
	const struct run_result *r = s->res;
	for (size_t l = 0; l < r->n_node_lives; l++) {
		const struct node_record *life = &r->node_lives[l];
		if (life->node != nd || life->ready_ms <= j->alloc_ms ||
		    life->launch_ms > j->start_ms || life->ready_ms < 0)
			continue;
		fprintf(out, "  node %s: launched by ResumeProgram at %.3f s "
			"(calls are batched), registered at %.3f s\n",
			r->nodes_info[nd].name, secs(life->launch_ms),
			secs(life->ready_ms));
		if (life->ready_ms > *last_ready)
			*last_ready = life->ready_ms;
	}
}

/* The dynamic nodes the job waited for: when each was resumed and
 * registered, and how long the job then waited for the periodic check. */
static void explain_nodes(const struct slurm *s, int32_t ji, FILE *out)
{
	const struct sjob *j = &s->jobs[ji];
	const struct sslurm *st = s->policy_state;
	int64_t last_ready = -1;
	for (uint32_t k = 0; k < j->n_pieces; k++) {
		const struct apiece *a = &s->a_piece[j->piece_off + k];
		for (int32_t x = 0; x < a->count; x++)
			explain_node(s, j, a->node + x, &last_ready, out);
	}
	if (last_ready >= 0 && j->start_ms > last_ready)
		fprintf(out, "  waited %.3f s after its last node registered for "
			"the controller's periodic check (every %.0f s)\n",
			secs(j->start_ms - last_ready),
			secs(st->conf.periodic_check_ms));
}

int sched_slurm_explain(const struct slurm *s, int64_t job_id, FILE *out)
{
	int32_t ji = -1;
	for (size_t i = 0; i < s->n_jobs && ji < 0; i++)
		if (s->trace->jobs[i].id == job_id)
			ji = (int32_t)i;
	const struct slurm_why *w = sched_slurm_why(s, ji);
	if (!w)
		return -1;
	const struct sslurm *st = s->policy_state;
	const struct sjob *j = &s->jobs[ji];
	fprintf(out, "job %" PRId64 " (queue %s, %d CPUs, limit %.0f s): "
		"submitted at %.3f s", job_id, s->res->queue_names[j->part],
		j->cpus, secs(j->limit_ms), secs(j->submit_ms));
	if (j->state == SJ_REJECTED) {
		fprintf(out, ", rejected: it can never run on its queue\n");
		return 0;
	}
	if (j->start_ms < 0) {
		fprintf(out, ", never started\n");
	} else {
		fprintf(out, ", allocated at %.3f s, started at %.3f s (waited "
			"%.3f s)\n", secs(j->alloc_ms), secs(j->start_ms),
			secs(j->start_ms - j->submit_ms));
	}
	static const char *const how[] = {
		[SLURM_START_NONE] = "not started",
		[SLURM_START_MAIN] = "the main scheduler, at a submission or "
				     "completion",
		[SLURM_START_MAIN_TICK] = "the main scheduler's periodic run "
					  "(sched_interval)",
		[SLURM_START_BACKFILL] = "a backfill cycle (bf_interval)",
	};
	fprintf(out, "  started by: %s\n", how[w->started_by]);
	if (w->started_by == SLURM_START_BACKFILL)
		fprintf(out, "  backfill cycles run every %.0f s from %.0f s; "
			"higher-priority jobs blocked the main scheduler\n",
			secs(st->conf.bf_interval_ms), secs(st->conf.bf_phase_ms));
	if (w->tested_ms >= 0) {
		fprintf(out, "  last held at the backfill cycle of %.3f s: ",
			secs(w->tested_ms));
		switch (w->hold) {
		case SLURM_HOLD_PLAN:
			fprintf(out, "it fit the free nodes, but job %" PRId64
				"'s plan holds them", s->trace->jobs[w->blocker].id);
			break;
		case SLURM_HOLD_WINDOW:
			fprintf(out, "not enough free resources, and its start "
				"lay beyond bf_window (%.0f min): no plan",
				secs(st->conf.bf_window_ms) / 60);
			break;
		case SLURM_HOLD_NO_PLAN:
			fprintf(out, "not enough free resources, and no start "
				"was found for it");
			break;
		default:
			fprintf(out, "not enough free resources");
		}
		if (w->planned_ms >= 0)
			fprintf(out, " (planned start %.3f s)", secs(w->planned_ms));
		fputc('\n', out);
	}
	if (j->start_ms >= 0)
		explain_nodes(s, ji, out);
	return 0;
}
