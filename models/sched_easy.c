/*
 * EASY backfilling (Mu'alem & Feitelson 2001), exactly as DESIGN.md defines
 * it.  Start jobs in queue order while they fit.  For the first that does
 * not (the head), walk the releases by estimated end (running jobs: start +
 * limit, ties by start order; nodes powering down: when they are back)
 * adding their units to the free ones until the head fits: that time is the
 * shadow time, and the units left over then are the extra units.  Then scan
 * the rest of the queue in order: a job that fits now starts if it ends (by
 * its estimate, boot included) no later than the shadow time, or else if it
 * needs no more than the extra units, which it then uses up.  Only the head
 * holds a reservation, and it counts units, not particular nodes.
 */
#include "models/sched.h"

#include "models/slurm.h"

struct shadow {
	int64_t avail, need;
	int64_t time_ms, extra;
};

static int add_release(void *ctx, const struct release *r)
{
	struct shadow *sh = ctx;
	sh->avail += r->units;
	if (sh->avail < sh->need)
		return 0;
	sh->time_ms = r->t_ms;
	sh->extra = sh->avail - sh->need;
	return 1;
}

static void easy_pass(struct slurm *s, void *state, int part)
{
	(void)state;
	size_t h = sched_start_in_order(s, part), n;
	struct qent *q = slurm_queue(s, part, &n);
	if (h >= n)
		return;
	struct spart *p = &s->parts[part];
	int64_t now = s->eng.now_ms;
	struct shadow sh = { p->free_units, q[h].units, ENGINE_TIME_MAX, 0 };
	if (sh.avail >= sh.need) {
		/* Enough units, but no placement (fragmentation): the head's
		 * reservation is now, and nothing may use its units. */
		sh.time_ms = now;
		sh.extra = sh.avail - sh.need;
	} else {
		slurm_release_walk(s, part, add_release, &sh);
	}
	struct sjob *head = &s->jobs[q[h].job];
	if (head->promise_ms < 0 || sh.time_ms < head->promise_ms)
		head->promise_ms = sh.time_ms;
	for (size_t i = h + 1; i < n && p->free_units > 0; i++) {
		if (q[i].job < 0 || q[i].min_units > p->free_units)
			continue;
		int32_t ji = q[i].job;
		int ok = 0;
		if (now + q[i].limit_ms <= sh.time_ms)
			ok = slurm_try_start(s, part, i, sh.time_ms);
		if (!ok && q[i].units <= sh.extra &&
		    slurm_try_start(s, part, i, ENGINE_TIME_MAX))
			sh.extra -= s->jobs[ji].alloc_units;
	}
}

const struct sched_ops sched_easy = {
	.name = "easy",
	.pass = easy_pass,
};
