/*
 * Binary-heap event queue with lazy cancellation; see engine.h for the
 * ordering contract.  Events for the current instant (a third of a replay's
 * events: scheduling passes, samples, ends at once) wait in a short ordered
 * queue beside the heap instead of climbing it to the root and sinking
 * back; a pop takes the lesser of the two heads, so the order is the same.
 * Nothing here allocates per event once the heap and the liveness table
 * have grown to the run's peak size.
 */
#include "sim/engine.h"

#include <stdlib.h>
#include <string.h>

#include "sim/grow.h"

void engine_init(struct engine *eng)
{
	memset(eng, 0, sizeof *eng);
}

void engine_free(struct engine *eng)
{
	free(eng->heap);
	free(eng->now_q);
	free(eng->alive);
	free(eng->free_slots);
	memset(eng, 0, sizeof *eng);
}

static int before(const struct event *x, const struct event *y)
{
	if (x->time_ms != y->time_ms)
		return x->time_ms < y->time_ms;
	if (x->cls != y->cls)
		return x->cls < y->cls;
	return x->seq < y->seq;
}

static void sift_up(struct event *h, size_t i)
{
	struct event e = h[i];
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!before(&e, &h[p]))
			break;
		h[i] = h[p];
		i = p;
	}
	h[i] = e;
}

/* Floyd's variant: the element moved to the root after a pop is usually
 * among the latest events, so it is cheaper to walk the hole down to a leaf
 * by one comparison a level, then sift the element up the short way back.
 * The order is total (time, class, sequence), so the pops are the same. */
static void sift_down(struct event *h, size_t n, size_t i)
{
	struct event e = h[i];
	size_t top = i;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && before(&h[c + 1], &h[c]))
			c++;
		h[i] = h[c];
		i = c;
	}
	while (i > top) {
		size_t p = (i - 1) / 2;
		if (!before(&e, &h[p]))
			break;
		h[i] = h[p];
		i = p;
	}
	h[i] = e;
}

/* Slot 0 is reserved so that ENGINE_NO_HANDLE never names a live event. */
static uint32_t take_slot(struct engine *eng)
{
	if (eng->n_free > 0) {
		uint32_t h = eng->free_slots[--eng->n_free];
		eng->alive[h] = 1;
		return h;
	}
	if (eng->n_slots == 0)
		eng->n_slots = 1;
	if (eng->n_slots >= UINT32_MAX)
		return ENGINE_NO_HANDLE;
	if (eng->n_slots >= eng->slots_cap) {
		size_t ncap = eng->slots_cap ? eng->slots_cap * 2 : 1024;
		uint8_t *na = realloc(eng->alive, ncap);
		if (!na)
			return ENGINE_NO_HANDLE;
		eng->alive = na;
		uint32_t *nf = realloc(eng->free_slots, ncap * sizeof *nf);
		if (!nf)
			return ENGINE_NO_HANDLE;
		eng->free_slots = nf;
		memset(eng->alive + eng->slots_cap, 0, ncap - eng->slots_cap);
		eng->slots_cap = ncap;
	}
	uint32_t h = (uint32_t)eng->n_slots++;
	eng->alive[h] = 1;
	return h;
}

static void release_slot(struct engine *eng, uint32_t h)
{
	eng->alive[h] = 0;
	eng->free_slots[eng->n_free++] = h;
}

/* Puts an event for the current instant into the queue of such events,
 * in order (it is almost always the last: its sequence number is the
 * newest, so only a lower class moves it forward). */
static int now_push(struct engine *eng, const struct event *e)
{
	if (eng->now_head == eng->now_n)
		eng->now_head = eng->now_n = 0;
	if (grow_array((void **)&eng->now_q, &eng->now_cap, eng->now_n + 1,
		       sizeof *eng->now_q, 16))
		return -1;
	size_t i = eng->now_n++;
	while (i > eng->now_head && before(e, &eng->now_q[i - 1])) {
		eng->now_q[i] = eng->now_q[i - 1];
		i--;
	}
	eng->now_q[i] = *e;
	return 0;
}

uint32_t engine_schedule(struct engine *eng, int64_t time_ms, uint16_t cls,
			 uint16_t kind, int64_t a, int64_t b)
{
	int now = time_ms <= eng->now_ms;
	if (!now && grow_array((void **)&eng->heap, &eng->cap, eng->n + 1,
			       sizeof *eng->heap, 1024)) {
		eng->oom = 1;
		return ENGINE_NO_HANDLE;
	}
	uint32_t h = take_slot(eng);
	if (h == ENGINE_NO_HANDLE) {
		eng->oom = 1;
		return h;
	}
	struct event e = { now ? eng->now_ms : time_ms, eng->next_seq++, h,
			   cls, kind, a, b };
	if (now) {
		if (now_push(eng, &e)) {
			release_slot(eng, h);
			eng->oom = 1;
			return ENGINE_NO_HANDLE;
		}
		return h;
	}
	eng->heap[eng->n] = e;
	sift_up(eng->heap, eng->n++);
	return h;
}

/* The next event, from the heap or the current instant's queue (-1: at
 * neither, or the next is after until_ms). */
static int pop_next(struct engine *eng, int64_t until_ms, struct event *out)
{
	int from_now = eng->now_head < eng->now_n &&
		       (eng->n == 0 || before(&eng->now_q[eng->now_head],
					      &eng->heap[0]));
	if (from_now) {
		if (eng->now_q[eng->now_head].time_ms > until_ms)
			return -1;
		*out = eng->now_q[eng->now_head++];
		return 0;
	}
	if (eng->n == 0 || eng->heap[0].time_ms > until_ms)
		return -1;
	*out = eng->heap[0];
	eng->heap[0] = eng->heap[--eng->n];
	if (eng->n > 0)
		sift_down(eng->heap, eng->n, 0);
	return 0;
}

/* A cancelled slot stays taken (alive = 0) until its entry surfaces, so the
 * handle cannot be reused while the stale entry is still in the heap. */
void engine_cancel(struct engine *eng, uint32_t handle)
{
	if (handle != ENGINE_NO_HANDLE && handle < eng->n_slots)
		eng->alive[handle] = 0;
}

int engine_pending(const struct engine *eng, uint32_t handle)
{
	return handle != ENGINE_NO_HANDLE && handle < eng->n_slots &&
	       eng->alive[handle];
}

size_t engine_queued(const struct engine *eng)
{
	return eng->n + (eng->now_n - eng->now_head);
}

void engine_stop(struct engine *eng)
{
	eng->stop = 1;
}

uint64_t engine_run(struct engine *eng, int64_t until_ms, engine_fire_fn fire,
		    void *ctx, engine_progress_fn progress, void *progress_ctx,
		    uint64_t progress_every)
{
	uint64_t delivered = 0;
	eng->stop = 0;
	struct event ev;
	while (!eng->stop && pop_next(eng, until_ms, &ev) == 0) {
		int live = eng->alive[ev.handle];
		release_slot(eng, ev.handle);
		if (!live)
			continue;
		eng->now_ms = ev.time_ms;
		fire(ctx, &ev);
		delivered++;
		eng->fired++;
		if (progress && progress_every && eng->fired % progress_every == 0)
			progress(progress_ctx, eng);
	}
	return delivered;
}
