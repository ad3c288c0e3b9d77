/*
 * Binary-heap event queue with lazy cancellation; see engine.h for the
 * ordering contract.  Nothing here allocates per event once the heap and the
 * liveness table have grown to the run's peak size.
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

uint32_t engine_schedule(struct engine *eng, int64_t time_ms, uint16_t cls,
			 uint16_t kind, int64_t a, int64_t b)
{
	if (grow_array((void **)&eng->heap, &eng->cap, eng->n + 1,
		       sizeof *eng->heap, 1024)) {
		eng->oom = 1;
		return ENGINE_NO_HANDLE;
	}
	uint32_t h = take_slot(eng);
	if (h == ENGINE_NO_HANDLE) {
		eng->oom = 1;
		return h;
	}
	struct event *e = &eng->heap[eng->n];
	e->time_ms = time_ms < eng->now_ms ? eng->now_ms : time_ms;
	e->seq = eng->next_seq++;
	e->handle = h;
	e->cls = cls;
	e->kind = kind;
	e->a = a;
	e->b = b;
	sift_up(eng->heap, eng->n++);
	return h;
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
	return eng->n;
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
	while (eng->n > 0 && !eng->stop) {
		if (eng->heap[0].time_ms > until_ms)
			break;
		struct event ev = eng->heap[0];
		eng->heap[0] = eng->heap[--eng->n];
		if (eng->n > 0)
			sift_down(eng->heap, eng->n, 0);
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
