/*
 * The discrete-event engine: a millisecond clock and one event queue.
 *
 * Time is an int64_t count of milliseconds since the trace's origin; no
 * floating-point clock, so ties order identically on every machine.  Events
 * are plain values ordered by (time, class, sequence number).  The class lets
 * the caller say how simultaneous events must be seen (e.g. completions before
 * submissions before a scheduling pass); the sequence number, assigned at
 * scheduling, makes the order total and every run reproducible.
 *
 * The engine knows no domain word: an event carries a caller-defined kind and
 * two integer arguments, and one callback given to engine_run() interprets
 * them.  Events can be cancelled by handle; cancelled entries stay in the heap
 * and are skipped when they surface (lazy deletion), so cancellation is O(1).
 */
#ifndef PCLSIM_ENGINE_H
#define PCLSIM_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#define ENGINE_NO_HANDLE 0u
#define ENGINE_TIME_MAX INT64_MAX

struct event {
	int64_t time_ms;
	uint64_t seq;
	uint32_t handle;        /* slot in the liveness table, never 0 */
	uint16_t cls;           /* orders simultaneous events, lower first */
	uint16_t kind;          /* the caller's event type */
	int64_t a, b;           /* the caller's arguments */
};

struct engine {
	int64_t now_ms;
	uint64_t next_seq;
	uint64_t fired;         /* events delivered so far */
	struct event *heap;
	size_t n, cap;
	/* Events scheduled for the current instant (a scheduling pass, a
	 * sample, an end at once) skip the heap: they wait here in order,
	 * few at a time, and are merged with the heap's top when popped. */
	struct event *now_q;
	size_t now_head, now_n, now_cap;
	/* Liveness per handle: 1 while scheduled and not cancelled.  Slots are
	 * recycled through a free list, so memory is bounded by the peak number
	 * of pending events, not by the number ever scheduled. */
	uint8_t *alive;
	uint32_t *free_slots;
	size_t n_slots, n_free, slots_cap;
	int stop;
	int oom;                /* an engine_schedule() ran out of memory: an
				 * event was lost, so the caller's run is void */
};

typedef void (*engine_fire_fn)(void *ctx, const struct event *ev);
typedef void (*engine_progress_fn)(void *ctx, const struct engine *eng);

void engine_init(struct engine *eng);
void engine_free(struct engine *eng);

/* Schedules an event; returns its handle, or ENGINE_NO_HANDLE when memory
 * runs out.  time_ms earlier than now is an error of the caller: it is
 * clamped to now so the clock never runs backwards. */
uint32_t engine_schedule(struct engine *eng, int64_t time_ms, uint16_t cls,
			 uint16_t kind, int64_t a, int64_t b);

/* Cancels a scheduled event.  Cancelling a handle that already fired or was
 * cancelled is harmless as long as the caller forgets handles once they fire
 * (a recycled slot would otherwise be cancelled by mistake). */
void engine_cancel(struct engine *eng, uint32_t handle);

/* Whether a handle still refers to a pending, live event. */
int engine_pending(const struct engine *eng, uint32_t handle);

/* Number of live and cancelled entries still queued. */
size_t engine_queued(const struct engine *eng);

/* Delivers events in order until the queue is empty, engine_stop() is called,
 * or the next event lies after until_ms.  progress (may be NULL) is called
 * every progress_every events.  Returns the number of events delivered. */
uint64_t engine_run(struct engine *eng, int64_t until_ms, engine_fire_fn fire,
		    void *ctx, engine_progress_fn progress, void *progress_ctx,
		    uint64_t progress_every);

/* Asks engine_run() to return after the current event. */
void engine_stop(struct engine *eng);

#endif
