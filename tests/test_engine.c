/* Engine guarantees: ordering by (time, class, sequence), cancellation,
 * clock monotonicity, and a million random events delivered in order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sim/engine.h"

struct log {
	int64_t time[64];
	int64_t a[64];
	int n;
};

static void record(void *ctx, const struct event *ev)
{
	struct log *l = ctx;
	l->time[l->n] = ev->time_ms;
	l->a[l->n] = ev->a;
	l->n++;
}

static void simultaneous_by_class_then_sequence(void **state)
{
	(void)state;
	struct engine e;
	engine_init(&e);
	engine_schedule(&e, 100, 2, 0, 1, 0);   /* scheduling pass */
	engine_schedule(&e, 100, 0, 0, 2, 0);   /* completion */
	engine_schedule(&e, 100, 1, 0, 3, 0);   /* submission */
	engine_schedule(&e, 100, 0, 0, 4, 0);   /* completion, later seq */
	engine_schedule(&e, 50, 9, 0, 5, 0);    /* earlier time wins */
	struct log l = { .n = 0 };
	engine_run(&e, ENGINE_TIME_MAX, record, &l, NULL, NULL, 0);
	assert_int_equal(l.n, 5);
	int64_t want[] = { 5, 2, 4, 3, 1 };
	for (int i = 0; i < 5; i++)
		assert_int_equal(l.a[i], want[i]);
	assert_int_equal(e.now_ms, 100);
	engine_free(&e);
}

static void cancelled_never_fire(void **state)
{
	(void)state;
	struct engine e;
	engine_init(&e);
	uint32_t h1 = engine_schedule(&e, 10, 0, 0, 1, 0);
	uint32_t h2 = engine_schedule(&e, 20, 0, 0, 2, 0);
	engine_schedule(&e, 30, 0, 0, 3, 0);
	assert_true(engine_pending(&e, h2));
	engine_cancel(&e, h2);
	assert_false(engine_pending(&e, h2));
	engine_cancel(&e, h1);
	struct log l = { .n = 0 };
	engine_run(&e, ENGINE_TIME_MAX, record, &l, NULL, NULL, 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.a[0], 3);
	engine_free(&e);
}

/* A handle freed by a fired event is reused; cancelling the new owner must
 * not be confused with the old one. */
static void handles_are_recycled_safely(void **state)
{
	(void)state;
	struct engine e;
	engine_init(&e);
	uint32_t h = engine_schedule(&e, 10, 0, 0, 1, 0);
	struct log l = { .n = 0 };
	engine_run(&e, ENGINE_TIME_MAX, record, &l, NULL, NULL, 0);
	assert_false(engine_pending(&e, h));
	uint32_t h2 = engine_schedule(&e, 20, 0, 0, 2, 0);
	assert_true(engine_pending(&e, h2));
	engine_run(&e, ENGINE_TIME_MAX, record, &l, NULL, NULL, 0);
	assert_int_equal(l.n, 2);
	engine_free(&e);
}

static void until_stops_before_later_events(void **state)
{
	(void)state;
	struct engine e;
	engine_init(&e);
	engine_schedule(&e, 10, 0, 0, 1, 0);
	engine_schedule(&e, 1000, 0, 0, 2, 0);
	struct log l = { .n = 0 };
	engine_run(&e, 500, record, &l, NULL, NULL, 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(engine_queued(&e), 1);
	/* An event scheduled in the past is clamped to now. */
	engine_schedule(&e, 0, 0, 0, 3, 0);
	engine_run(&e, ENGINE_TIME_MAX, record, &l, NULL, NULL, 0);
	assert_int_equal(l.time[1], 10);
	assert_int_equal(l.a[2], 2);
	engine_free(&e);
}

struct order_check {
	int64_t last_time;
	int last_cls;
	uint64_t last_seq;
	uint64_t count;
	int bad;
};

static void check_order(void *ctx, const struct event *ev)
{
	struct order_check *c = ctx;
	if (c->count > 0) {
		if (ev->time_ms < c->last_time)
			c->bad++;
		else if (ev->time_ms == c->last_time && ev->cls < c->last_cls)
			c->bad++;
		else if (ev->time_ms == c->last_time &&
			 ev->cls == c->last_cls && ev->seq < c->last_seq)
			c->bad++;
	}
	c->last_time = ev->time_ms;
	c->last_cls = ev->cls;
	c->last_seq = ev->seq;
	c->count++;
}

static void million_random_events_in_order(void **state)
{
	(void)state;
	struct engine e;
	engine_init(&e);
	uint64_t x = 88172645463325252ull;
	uint32_t handles[1000];
	for (int i = 0; i < 1000000; i++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		uint32_t h = engine_schedule(&e, (int64_t)(x % 100000), (uint16_t)(x >> 40) % 4,
					     0, i, 0);
		assert_int_not_equal(h, ENGINE_NO_HANDLE);
		if (i < 1000)
			handles[i] = h;
	}
	for (int i = 0; i < 1000; i += 2)
		engine_cancel(&e, handles[i]);
	struct order_check c = { 0 };
	engine_run(&e, ENGINE_TIME_MAX, check_order, &c, NULL, NULL, 0);
	assert_int_equal(c.bad, 0);
	assert_int_equal(c.count, 1000000 - 500);
	engine_free(&e);
}

/* Events scheduled while others fire, many of them for the current
 * instant (which the engine keeps apart from its heap), some cancelled at
 * once: each delivery is the least pending live event by (time, class,
 * sequence), checked against a plain list of what is pending. */
struct pending {
	int64_t time;
	uint16_t cls;
	uint64_t seq;
	int live;
};

struct spawner {
	struct engine *e;
	struct pending p[20000];
	int n, delivered, bad;
	uint64_t x;
};

static void spawner_add(struct spawner *sp, int64_t t, uint16_t cls, int cancel)
{
	uint64_t seq = sp->e->next_seq;
	uint32_t h = engine_schedule(sp->e, t, cls, 0, sp->n, 0);
	assert_int_not_equal(h, ENGINE_NO_HANDLE);
	sp->p[sp->n] = (struct pending){ t < sp->e->now_ms ? sp->e->now_ms : t,
					 cls, seq, !cancel };
	sp->n++;
	if (cancel)
		engine_cancel(sp->e, h);
}

static void spawn(void *ctx, const struct event *ev)
{
	struct spawner *sp = ctx;
	int least = -1;
	for (int i = 0; i < sp->n; i++) {
		const struct pending *q = &sp->p[i];
		if (!q->live)
			continue;
		if (least < 0 || q->time < sp->p[least].time ||
		    (q->time == sp->p[least].time &&
		     (q->cls < sp->p[least].cls ||
		      (q->cls == sp->p[least].cls && q->seq < sp->p[least].seq))))
			least = i;
	}
	if (least != ev->a || ev->time_ms != sp->p[ev->a].time)
		sp->bad++;
	sp->p[ev->a].live = 0;
	sp->delivered++;
	for (int k = 0; k < 2 && sp->n < 20000; k++) {
		uint64_t x = sp->x;
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		sp->x = x;
		int64_t t = sp->e->now_ms + (x % 3 == 0 ? (int64_t)(x >> 20) % 50 : 0);
		spawner_add(sp, t, (uint16_t)((x >> 8) % 5), (x >> 30) % 7 == 0);
	}
}

static void current_instant_events_in_order(void **state)
{
	(void)state;
	struct engine e;
	engine_init(&e);
	static struct spawner sp;
	memset(&sp, 0, sizeof sp);
	sp.e = &e;
	sp.x = 2463534242ull;
	for (int i = 0; i < 50; i++)
		spawner_add(&sp, i % 7, (uint16_t)(i % 5), 0);
	engine_run(&e, ENGINE_TIME_MAX, spawn, &sp, NULL, NULL, 0);
	int live = 0;
	for (int i = 0; i < sp.n; i++)
		live += sp.p[i].time >= 0 && sp.p[i].live;
	assert_int_equal(sp.bad, 0);
	assert_int_equal(live, 0);
	assert_int_equal(sp.n, 20000);
	assert_true(sp.delivered < sp.n);      /* some were cancelled */
	assert_int_equal(engine_queued(&e), 0);
	engine_free(&e);
}

static int progress_calls;
static void on_progress(void *ctx, const struct engine *eng)
{
	(void)ctx;
	(void)eng;
	progress_calls++;
}

static void progress_called_every_n(void **state)
{
	(void)state;
	struct engine e;
	engine_init(&e);
	for (int i = 0; i < 100; i++)
		engine_schedule(&e, i, 0, 0, i, 0);
	struct order_check c = { 0 };
	progress_calls = 0;
	engine_run(&e, ENGINE_TIME_MAX, check_order, &c, on_progress, NULL, 10);
	assert_int_equal(progress_calls, 10);
	engine_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simultaneous_by_class_then_sequence),
		cmocka_unit_test(cancelled_never_fire),
		cmocka_unit_test(handles_are_recycled_safely),
		cmocka_unit_test(until_stops_before_later_events),
		cmocka_unit_test(million_random_events_in_order),
		cmocka_unit_test(current_instant_events_in_order),
		cmocka_unit_test(progress_called_every_n),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
