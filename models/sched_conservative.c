/*
 * Conservative backfilling (Mu'alem & Feitelson 2001): every queued job, in
 * order, holds the earliest reservation that delays no earlier one, kept in
 * an availability profile per partition.  A new job gets its reservation in
 * the profile as it stands (after every earlier job's).  When capacity
 * appears earlier than planned (a job ends before its estimate), the
 * schedule is compressed: in queue order each job gives up its reservation
 * and takes the earliest one now possible, which is never later, because
 * its old slot is still free.  So a job never starts later than its first
 * reservation while estimates are upper bounds (jobs are killed at their
 * limit).  A job whose reservation is now and that can be placed starts.
 *
 * On partitions with dynamic nodes a reservation also covers the boot
 * latency, since the job may land on powered-down nodes; when a node fails
 * (the profile is over-committed) the reservations are rebuilt from scratch.
 */
#include <stdlib.h>

#include "models/profile.h"
#include "models/sched.h"
#include "models/slurm.h"

/* Where a partition's free capacity grew (a job ended before its
 * estimate, a reservation was given up, a node came back), numbered in
 * order.  A queued job whose reservation was the earliest possible when it
 * last looked can only start earlier now through such growth before its
 * reservation: with none, compression passes it by. */
struct gain {
	int64_t t0_ms, t1_ms;
	uint64_t seq;
};

struct gains {
	struct gain *v;
	size_t n, cap;
	uint64_t seq;             /* growth recorded so far */
	uint64_t pass_seq;        /* seq when the last full pass began */
};

struct cons_state {
	struct profile *pf;       /* one per partition */
	int64_t *pad_ms;          /* boot latency when it has dynamic nodes */
	struct gains *g;          /* one per partition */
	uint64_t *seen;           /* per job: growth it has looked at */
	int n;
};

static int cons_init(struct slurm *s, void **state)
{
	struct cons_state *st = calloc(1, sizeof *st);
	if (!st)
		return -1;
	*state = st;
	st->n = s->n_parts;
	st->pf = calloc(s->n_parts ? (size_t)s->n_parts : 1, sizeof *st->pf);
	st->pad_ms = calloc(s->n_parts ? (size_t)s->n_parts : 1, sizeof *st->pad_ms);
	st->g = calloc(s->n_parts ? (size_t)s->n_parts : 1, sizeof *st->g);
	st->seen = calloc(s->n_jobs ? s->n_jobs : 1, sizeof *st->seen);
	if (!st->pf || !st->pad_ms || !st->g || !st->seen)
		return -1;
	for (int q = 0; q < s->n_parts; q++) {
		struct spart *p = &s->parts[q];
		if (profile_init(&st->pf[q], p->total_units))
			return -1;
		for (int32_t k = 0; k < p->n_nodes; k++)
			if (!s->nodes[p->first_node + k].is_static)
				st->pad_ms[q] = s->prm.boot_latency_ms;
	}
	return 0;
}

static void cons_free(void *state)
{
	struct cons_state *st = state;
	if (!st)
		return;
	for (int q = 0; st->pf && q < st->n; q++)
		profile_free(&st->pf[q]);
	for (int q = 0; st->g && q < st->n; q++)
		free(st->g[q].v);
	free(st->pf);
	free(st->pad_ms);
	free(st->g);
	free(st->seen);
	free(st);
}

static void gain_add(struct slurm *s, struct gains *g, int64_t t0_ms,
		     int64_t t1_ms)
{
	if (t1_ms <= t0_ms)
		return;
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 64;
		struct gain *nv = realloc(g->v, cap * sizeof *nv);
		if (!nv) {
			s->oom = 1;
			return;
		}
		g->v = nv;
		g->cap = cap;
	}
	g->v[g->n++] = (struct gain){ t0_ms, t1_ms, ++g->seq };
}

/* Any growth after seen over [from, to)?  Newest first: most jobs have
 * seen all but the last few. */
static int gain_since(const struct gains *g, uint64_t seen, int64_t from,
		      int64_t to)
{
	for (size_t i = g->n; i > 0 && g->v[i - 1].seq > seen; i--)
		if (g->v[i - 1].t0_ms < to && g->v[i - 1].t1_ms > from)
			return 1;
	return 0;
}

/* Forgets growth every queued job has seen, or that lies in the past. */
static void gain_forget(struct gains *g, uint64_t seen_by_all, int64_t now)
{
	size_t w = 0;
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].seq > seen_by_all && g->v[i].t1_ms > now)
			g->v[w++] = g->v[i];
	g->n = w;
}

/* Applies the model's occupancy changes; returns whether capacity appeared
 * (the schedule may then be compressed). */
static int apply_log(struct slurm *s, struct profile *pf, struct gains *g,
		     int part)
{
	size_t n;
	const struct occ_change *log = slurm_take_log(s, part, &n);
	int gained = 0;
	for (size_t i = 0; i < n; i++) {
		if (profile_add(pf, log[i].t0_ms, log[i].t1_ms, log[i].delta))
			s->oom = 1;
		if (log[i].delta > 0) {
			gain_add(s, g, log[i].t0_ms, log[i].t1_ms);
			gained = 1;
		}
	}
	return gained;
}

static int64_t res_dur(const struct qent *e, int64_t pad_ms)
{
	return (e->limit_ms > 0 ? e->limit_ms : 1) + pad_ms;
}

static void drop_reservation(struct slurm *s, struct profile *pf,
			     struct gains *g, struct qent *e, int64_t pad_ms)
{
	if (e->res_ms >= 0 && e->res_ms != PROFILE_NEVER) {
		int64_t end = e->res_ms + res_dur(e, pad_ms);
		if (profile_add(pf, e->res_ms, end, e->units))
			s->oom = 1;
		gain_add(s, g, e->res_ms, end);
	}
	e->res_ms = -1;
}

/* Whether compression leaves e's future reservation where it is, found
 * without touching the profile: no capacity grew before it since e last
 * looked (its reservation was the earliest then); or nothing before it has
 * room for e at any instant (decided by the running maximum); or the
 * earliest start with its own slot given up is that slot again.  Any way,
 * dropping and re-adding it would give back the same profile. */
static int keeps_reservation(struct profile *pf, const struct gains *g,
			     uint64_t seen, const struct qent *e, int64_t now,
			     int64_t dur)
{
	if (e->res_ms <= now || e->res_ms == PROFILE_NEVER)
		return 0;
	if (!gain_since(g, seen, now, e->res_ms))
		return 1;
	int64_t room = profile_max_before(pf, e->res_ms);
	if (room >= 0 && room < e->units)
		return 1;
	int fits = profile_fits_before(pf, now, dur, e->units, e->res_ms);
	if (fits < 0)
		return profile_find_with(pf, now, dur, e->units, e->res_ms,
					 e->res_ms + dur, e->units) == e->res_ms;
	return !fits;
}

static void cons_pass(struct slurm *s, void *state, int part)
{
	struct cons_state *st = state;
	struct profile *pf = &st->pf[part];
	int64_t pad = st->pad_ms[part], now = s->eng.now_ms;
	size_t n;
	struct qent *q = slurm_queue(s, part, &n);
	struct gains *g = &st->g[part];
	int gained = apply_log(s, pf, g, part);
	if (pf->negative) {
		/* Capacity vanished under planned work: plan again. */
		for (size_t i = 0; i < n; i++)
			if (q[i].job >= 0)
				drop_reservation(s, pf, g, &q[i], pad);
		pf->negative = 0;
		gained = 1;
	}
	profile_trim(pf, now);
	if (gained) {
		/* This pass looks at every queued job, and each has looked
		 * since the last such pass began. */
		gain_forget(g, g->pass_seq, now);
		g->pass_seq = g->seq;
	}
	int64_t next_start = PROFILE_NEVER;
	for (size_t i = 0; i < n; i++) {
		struct qent *e = &q[i];
		if (e->job < 0)
			continue;
		if (!gained && e->res_ms > now) {
			if (e->res_ms < next_start)
				next_start = e->res_ms;
			continue;
		}
		int64_t dur = res_dur(e, pad);
		uint64_t *seen = &st->seen[e->job];
		if (keeps_reservation(pf, g, *seen, e, now, dur)) {
			*seen = g->seq;
			if (e->res_ms < next_start)
				next_start = e->res_ms;
			continue;
		}
		drop_reservation(s, pf, g, e, pad);
		int64_t t = profile_find(pf, now, dur, e->units);
		struct sjob *j = &s->jobs[e->job];
		if (j->first_res_ms < 0)
			j->first_res_ms = t;
		if (t <= now && slurm_try_start(s, part, i, ENGINE_TIME_MAX)) {
			/* Its occupancy arrives through the log; a shorter one
			 * than the reservation (no boot) frees capacity. */
			apply_log(s, pf, g, part);
			gained |= j->est_end_ms < now + dur;
			continue;
		}
		e->res_ms = t;
		*seen = g->seq;
		if (t != PROFILE_NEVER && profile_add(pf, t, t + dur, -e->units))
			s->oom = 1;
		if (t < next_start)
			next_start = t;
	}
	/* A reservation may begin where another one ends, when nothing else
	 * happens: make sure a pass runs then. */
	slurm_wake_at(s, part, next_start);
}

const struct sched_ops sched_conservative = {
	.name = "conservative",
	.wants_log = 1,
	.init = cons_init,
	.free = cons_free,
	.pass = cons_pass,
};
