/*
 * The fluid-flow shared-storage model (see fsx.h for its semantics).  Rates
 * are recomputed by progressive filling whenever the set of flows or a
 * resource's capacity changes; in between, bytes and credits move linearly,
 * so a flow's completion instant is computed once per change.
 */
#include "models/fsx.h"

#include <math.h>
#include <stdlib.h>

/* Completion instants are rounded up to the next millisecond; the slack
 * keeps an exact closed-form instant (50.000 s) from rounding to +1 ms. */
#define ROUND_SLACK_MS 1e-6

static int limits(const struct fsx *fs, int j)
{
	return fs->spec.res[j].baseline_bps > 0;
}

static int bursts(const struct fsx *fs, int j)
{
	const struct fsx_resource_spec *r = &fs->spec.res[j];
	return limits(fs, j) && r->burst_bps > r->baseline_bps;
}

/* Credits worth less than a millisecond at full burst count as empty, so a
 * nearly dry bucket does not produce an event per millisecond. */
static int has_credits(const struct fsx *fs, int j)
{
	const struct fsx_resource_spec *r = &fs->spec.res[j];
	return fs->credits[j] > (r->burst_bps - r->baseline_bps) * 1e-3;
}

static double capacity_bps(const struct fsx *fs, int j)
{
	const struct fsx_resource_spec *r = &fs->spec.res[j];
	if (bursts(fs, j) && has_credits(fs, j))
		return r->burst_bps;
	return r->baseline_bps;
}

void fsx_init(struct fsx *fs, const struct fsx_spec *spec)
{
	*fs = (struct fsx){ .spec = *spec };
	for (int j = 0; j < FSX_RES_COUNT; j++) {
		const struct fsx_resource_spec *r = &spec->res[j];
		fs->credits[j] = fmin(fmax(r->initial_bytes, 0), r->bucket_bytes);
		fs->deplete_ms[j] = INT64_MAX;
	}
	fs->cold_left = spec->cold_bytes;
	fs->stats.stored_bytes = spec->stored_bytes;
	fs->stats.peak_stored_bytes = spec->stored_bytes;
}

void fsx_free(struct fsx *fs)
{
	free(fs->flows);
	free(fs->free_ids);
	free(fs->order);
	free(fs->done);
	*fs = (struct fsx){ 0 };
}

/* Flows by cap, then id: ties fill in a fixed order on every machine. */
static int cmp_slot(const void *pa, const void *pb)
{
	const struct fsx_slot *a = pa, *b = pb;
	if (a->cap_bps != b->cap_bps)
		return a->cap_bps < b->cap_bps ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int64_t instant_after(int64_t now_ms, double seconds)
{
	double ms = ceil(seconds * 1e3 - ROUND_SLACK_MS);
	if (ms < 0)
		ms = 0;
	if (ms > (double)(INT64_MAX - now_ms))
		return INT64_MAX;
	return now_ms + (int64_t)ms;
}

static void freeze(struct fsx *fs, size_t i, double rate, double *used,
		   double *sum_use)
{
	struct fsx_flow *f = &fs->flows[i];
	f->rate_bps = rate;
	for (int j = 0; j < FSX_RES_COUNT; j++) {
		used[j] += f->use[j] * rate;
		sum_use[j] -= f->use[j];
	}
}

/* Progressive filling: raise every unfrozen flow's rate together until a
 * flow reaches its cap (it freezes there) or a resource fills up (every
 * unfrozen flow using it freezes at that level). */
static void fill(struct fsx *fs, double *cap)
{
	double used[FSX_RES_COUNT] = { 0 }, sum_use[FSX_RES_COUNT] = { 0 };
	size_t n = 0;
	for (size_t i = 0; i < fs->n_flows; i++) {
		struct fsx_flow *f = &fs->flows[i];
		if (!f->live)
			continue;
		f->rate_bps = -1;
		fs->order[n++] = (struct fsx_slot){ f->cap_bps, i };
		for (int j = 0; j < FSX_RES_COUNT; j++)
			sum_use[j] += f->use[j];
	}
	qsort(fs->order, n, sizeof fs->order[0], cmp_slot);
	fs->saturated = 0;
	size_t left = n, k = 0;
	while (left > 0) {
		while (fs->flows[fs->order[k].id].rate_bps >= 0)
			k++;
		size_t next = fs->order[k].id;
		double level = fs->flows[next].cap_bps;
		int full = -1;
		for (int j = 0; j < FSX_RES_COUNT; j++) {
			if (!limits(fs, j) || sum_use[j] <= 1e-12)
				continue;
			double l = fmax(cap[j] - used[j], 0) / sum_use[j];
			if (l < level) {
				level = l;
				full = j;
			}
		}
		if (full < 0) {
			freeze(fs, next, level, used, sum_use);
			left--;
			continue;
		}
		fs->saturated = 1;
		for (size_t m = k; m < n; m++) {
			size_t i = fs->order[m].id;
			if (fs->flows[i].rate_bps < 0 &&
			    fs->flows[i].use[full] > 0) {
				freeze(fs, i, level, used, sum_use);
				left--;
			}
		}
		sum_use[full] = 0;
	}
}

static void reallocate(struct fsx *fs)
{
	double cap[FSX_RES_COUNT];
	for (int j = 0; j < FSX_RES_COUNT; j++)
		cap[j] = capacity_bps(fs, j);
	fill(fs, cap);

	double total = 0;
	for (int j = 0; j < FSX_RES_COUNT; j++)
		fs->use_bps[j] = 0;
	for (size_t i = 0; i < fs->n_flows; i++) {
		struct fsx_flow *f = &fs->flows[i];
		if (!f->live)
			continue;
		total += f->rate_bps;
		for (int j = 0; j < FSX_RES_COUNT; j++)
			fs->use_bps[j] += f->use[j] * f->rate_bps;
		f->finish_ms = f->rate_bps > 0
			? instant_after(fs->now_ms, f->remaining / f->rate_bps)
			: INT64_MAX;
	}
	for (int j = 0; j < FSX_RES_COUNT; j++) {
		const struct fsx_resource_spec *r = &fs->spec.res[j];
		double drain = fs->use_bps[j] - r->baseline_bps;
		fs->deplete_ms[j] = bursts(fs, j) && has_credits(fs, j) &&
				    drain > 0
			? instant_after(fs->now_ms, fs->credits[j] / drain)
			: INT64_MAX;
	}
	if (total > fs->stats.peak_bps)
		fs->stats.peak_bps = total;
	double net = fs->spec.res[FSX_RES_NET].baseline_bps;
	if (net > 0 && fs->use_bps[FSX_RES_NET] / net >
		       fs->stats.peak_net_fraction)
		fs->stats.peak_net_fraction = fs->use_bps[FSX_RES_NET] / net;
}

static int above_baseline(const struct fsx *fs)
{
	for (int j = 0; j < FSX_RES_COUNT; j++)
		if (limits(fs, j) && fs->use_bps[j] >
		    fs->spec.res[j].baseline_bps * (1 + 1e-9))
			return 1;
	return 0;
}

/* Bytes and credits move linearly from the last instant to now_ms. */
static void move(struct fsx *fs, int64_t now_ms)
{
	int64_t dt_ms = now_ms - fs->now_ms;
	double dt = (double)dt_ms / 1e3;
	struct fsx_stats *st = &fs->stats;
	for (size_t i = 0; i < fs->n_flows; i++) {
		struct fsx_flow *f = &fs->flows[i];
		if (!f->live)
			continue;
		double moved = fmin(f->rate_bps * dt, fmax(f->remaining, 0));
		f->remaining -= moved;
		if (f->write)
			st->bytes_written += moved;
		else
			st->bytes_read += moved;
		st->stored_bytes += moved * f->stored_per_byte;
	}
	if (st->stored_bytes > st->peak_stored_bytes)
		st->peak_stored_bytes = st->stored_bytes;
	for (int j = 0; j < FSX_RES_COUNT; j++) {
		const struct fsx_resource_spec *r = &fs->spec.res[j];
		if (!bursts(fs, j))
			continue;
		double c = fs->credits[j] + (r->baseline_bps - fs->use_bps[j]) * dt;
		fs->credits[j] = fmin(fmax(c, 0), r->bucket_bytes);
	}
	if (fs->n_live > 0) {
		st->busy_ms += dt_ms;
		if (fs->saturated)
			st->saturated_ms += dt_ms;
		if (above_baseline(fs))
			st->burst_ms += dt_ms;
	}
	fs->now_ms = now_ms;
}

static int push_done(struct fsx *fs, size_t id)
{
	if (fs->n_done == fs->done_cap) {
		size_t cap = fs->done_cap ? fs->done_cap * 2 : 16;
		size_t *p = realloc(fs->done, cap * sizeof *p);
		if (!p)
			return -1;
		fs->done = p;
		fs->done_cap = cap;
	}
	fs->done[fs->n_done++] = id;
	return 0;
}

/* A flow stops moving.  Its slot is reused only once the caller can no
 * longer mean it: at once for a removed flow, after fsx_pop_done for a
 * finished one (so an id the caller still holds never names a new flow). */
static void stop(struct fsx *fs, size_t id)
{
	fs->flows[id].live = 0;
	fs->flows[id].rate_bps = 0;
	fs->n_live--;
}

int fsx_advance(struct fsx *fs, int64_t now_ms)
{
	if (now_ms <= fs->now_ms)
		now_ms = fs->now_ms;
	move(fs, now_ms);
	int changed = 0;
	for (int j = 0; j < FSX_RES_COUNT; j++) {
		if (fs->deplete_ms[j] <= now_ms) {
			fs->credits[j] = 0;
			changed = 1;
		}
	}
	for (size_t i = 0; i < fs->n_flows; i++) {
		struct fsx_flow *f = &fs->flows[i];
		if (!f->live || f->finish_ms > now_ms)
			continue;
		if (push_done(fs, i) < 0)
			return -1;
		f->remaining = 0;
		stop(fs, i);
		changed = 1;
	}
	if (changed)
		reallocate(fs);
	return 0;
}

static int grow(struct fsx *fs)
{
	size_t cap = fs->flows_cap ? fs->flows_cap * 2 : 16;
	struct fsx_flow *f = realloc(fs->flows, cap * sizeof *f);
	if (!f)
		return -1;
	fs->flows = f;
	size_t *ids = realloc(fs->free_ids, cap * sizeof *ids);
	if (!ids)
		return -1;
	fs->free_ids = ids;
	struct fsx_slot *ord = realloc(fs->order, cap * sizeof *ord);
	if (!ord)
		return -1;
	fs->order = ord;
	fs->flows_cap = cap;
	return 0;
}

/* Resource use per logical byte.  LZ4 shrinks what reaches the disks; a
 * cold byte is fetched from S3 and written to disk; a warm read misses the
 * server cache with probability 1 - read_cache_hit. */
static void set_use(const struct fsx *fs, struct fsx_flow *f,
		    double ratio, double cold_share)
{
	const struct fsx_spec *s = &fs->spec;
	f->use[FSX_RES_NET] = 1;
	if (f->write) {
		f->use[FSX_RES_DISK] = s->write_disk_cost / ratio;
		f->use[FSX_RES_S3] = 0;
		f->stored_per_byte = 1 / ratio;
		return;
	}
	double warm = (1 - cold_share) * (1 - s->read_cache_hit);
	f->use[FSX_RES_DISK] = (warm + cold_share * s->write_disk_cost) / ratio;
	f->use[FSX_RES_S3] = cold_share;
	f->stored_per_byte = cold_share / ratio;
}

/* The cold part of a read: data behind ImportPath not loaded yet. */
static double claim_cold(struct fsx *fs, double bytes)
{
	if (fs->cold_left == 0)
		return 0;
	double cold = fs->cold_left < 0 ? bytes : fmin(bytes, fs->cold_left);
	if (fs->cold_left > 0)
		fs->cold_left -= cold;
	fs->stats.cold_bytes += cold;
	return cold;
}

int64_t fsx_add_flow(struct fsx *fs, int64_t now_ms,
		     const struct fsx_flow_req *req)
{
	if (!(req->bytes > 0) || !(req->cap_bps > 0) || !isfinite(req->bytes) ||
	    !isfinite(req->cap_bps))
		return -1;
	if (fsx_advance(fs, now_ms) < 0)
		return -1;
	size_t id;
	if (fs->n_free > 0) {
		id = fs->free_ids[--fs->n_free];
	} else {
		if (fs->n_flows == fs->flows_cap && grow(fs) < 0)
			return -1;
		id = fs->n_flows++;
	}
	struct fsx_flow *f = &fs->flows[id];
	*f = (struct fsx_flow){ .tag = req->tag, .remaining = req->bytes,
				.cap_bps = req->cap_bps, .live = 1,
				.write = req->write != 0 };
	double ratio = fs->spec.compression && req->compress_ratio > 1
		? req->compress_ratio : 1;
	double cold = f->write ? 0 : claim_cold(fs, req->bytes);
	set_use(fs, f, ratio, cold / req->bytes);
	fs->n_live++;
	reallocate(fs);
	return (int64_t)id;
}

static struct fsx_flow *live_flow(const struct fsx *fs, int64_t id)
{
	if (id < 0 || (size_t)id >= fs->n_flows || !fs->flows[id].live)
		return NULL;
	return &fs->flows[id];
}

void fsx_remove_flow(struct fsx *fs, int64_t now_ms, int64_t id)
{
	if (fsx_advance(fs, now_ms) < 0 || !live_flow(fs, id))
		return;
	/* The cold part it had not read yet is still in S3: not loaded, and
	 * a first read for whoever reads it next. */
	const struct fsx_flow *f = &fs->flows[id];
	double unread_cold = f->remaining * f->use[FSX_RES_S3];
	fs->stats.cold_bytes -= unread_cold;
	if (fs->spec.cold_bytes > 0)
		fs->cold_left += unread_cold;
	stop(fs, (size_t)id);
	fs->free_ids[fs->n_free++] = (size_t)id;
	reallocate(fs);
}

int64_t fsx_next_ms(const struct fsx *fs)
{
	int64_t next = INT64_MAX;
	for (int j = 0; j < FSX_RES_COUNT; j++)
		if (fs->deplete_ms[j] < next)
			next = fs->deplete_ms[j];
	for (size_t i = 0; i < fs->n_flows; i++)
		if (fs->flows[i].live && fs->flows[i].finish_ms < next)
			next = fs->flows[i].finish_ms;
	return next;
}

int fsx_pop_done(struct fsx *fs, int64_t *id, int64_t *tag)
{
	if (fs->done_head == fs->n_done) {
		fs->done_head = fs->n_done = 0;
		return 0;
	}
	/* In the order they finished, ties by id. */
	size_t first = fs->done[fs->done_head++];
	fs->free_ids[fs->n_free++] = first;
	*id = (int64_t)first;
	*tag = fs->flows[first].tag;
	return 1;
}

double fsx_flow_rate(const struct fsx *fs, int64_t id)
{
	const struct fsx_flow *f = live_flow(fs, id);
	return f ? f->rate_bps : 0;
}

int64_t fsx_export_ms(const struct fsx *fs)
{
	if (!(fs->spec.export_bps > 0))
		return 0;
	return instant_after(0, fs->stats.bytes_written / fs->spec.export_bps);
}

double fsx_overflow_bytes(const struct fsx *fs)
{
	if (!(fs->spec.capacity_bytes > 0))
		return 0;
	return fmax(fs->stats.peak_stored_bytes - fs->spec.capacity_bytes, 0);
}
