/*
 * The fleet's side of the Slurm model: resume batches, launches, Spot
 * interruptions, capacity failures and bootstrap failures turned into node
 * and job changes; see fleet_slurm.h and docs/fleet.md.
 */
#include "models/fleet_slurm.h"

#include <stdlib.h>
#include <string.h>

#include "models/fleet.h"
#include "models/partition.h"
#include "models/slurm.h"
#include "sim/grow.h"

/* What a fleet event is: a = sub-kind + (node << 8), b = the instance life
 * it is about (-1 when none). */
enum { FS_RESUME, FS_RELAUNCH, FS_VANISH, FS_NOTICE, FS_BOOT_FAIL, FS_RESET,
       FS_CR_ENABLED };

static void schedule(struct slurm *s, int64_t t_ms, int sub, int64_t node,
		     int64_t life)
{
	engine_schedule(&s->eng, t_ms, CLS_NODE, SLURM_EV_FLEET,
			(int64_t)sub + node * 256, life);
}

int fleet_slurm_init(struct slurm *s)
{
	s->fs = calloc(1, sizeof *s->fs);
	if (!s->fs)
		return -1;
	s->fs->f = s->prm.fleet;
	s->fs->resume_at_ms = -1;
	return 0;
}

void fleet_slurm_free(struct slurm *s)
{
	if (!s->fs)
		return;
	free(s->fs->resume_q);
	free(s->fs->configuring);
	free(s->fs->out);
	free(s->fs);
	s->fs = NULL;
}

static const struct slurm_cr *cr_of(const struct slurm *s, const struct snode *n)
{
	return &s->layout->crs[n->cr];
}

static int32_t index_of(const struct slurm *s, const struct snode *n)
{
	return (int32_t)(n - s->nodes);
}

/* Whether nothing can happen to the jobs any more: all submitted, none
 * running or starting, and the pending ones (if any) in partitions that
 * protected mode stopped.  From then on the fleet starts nothing new (no
 * interruption, no replacement), so a static Spot node is not interrupted
 * and replaced forever after the last job. */
static int settled(const struct slurm *s)
{
	if (s->next_submit < s->n_jobs)
		return 0;
	for (size_t i = 0; i < s->fs->n_conf; i++)
		if (s->jobs[s->fs->configuring[i]].state == SJ_CONFIGURING)
			return 0;
	for (int q = 0; q < s->n_parts; q++) {
		const struct spart *p = &s->parts[q];
		if (p->n_running > 0 || (p->n_pending > 0 && !p->inactive))
			return 0;
	}
	return 1;
}

static struct launch_outcome *outcomes(struct slurm *s, size_t n)
{
	struct fleet_slurm *fs = s->fs;
	if (grow_array((void **)&fs->out, &fs->cap_out, n, sizeof *fs->out,
		       64)) {
		s->oom = 1;
		return NULL;
	}
	return fs->out;
}

/* An instance is running for node n: Slurm's records get it, and what the
 * fleet says will happen to it is scheduled. */
static void instance_started(struct slurm *s, struct snode *n,
			     const struct launch_outcome *o)
{
	struct fleet_slurm *fs = s->fs;
	int32_t node = index_of(s, n);
	int64_t now = s->eng.now_ms;
	int64_t ready = o->status == LAUNCH_OK ? o->ready_ms : -1;
	/* Registering later than ResumeTimeout is a bootstrap failure. */
	if (ready >= 0 && ready - now > fs->f->resume_timeout_ms)
		ready = -1;
	s->res->nodes_info[node].instance_type = o->instance_type;
	slurm_node_launched(s, node, ready, o->instance_type);
	int32_t life = node_power(s, n)->life;
	if (ready < 0)
		schedule(s, now + fs->f->resume_timeout_ms, FS_BOOT_FAIL, node,
			 life);
	else if (o->interrupt_ms != FLEET_NEVER)
		schedule(s, o->interrupt_ms, FS_VANISH, node, life);
}

void fleet_slurm_start(struct slurm *s)
{
	struct fleet_slurm *fs = s->fs;
	for (size_t i = 0; i < s->n_nodes; i++) {
		struct snode *n = &s->nodes[i];
		int32_t life = s->power[i].life;
		if (!n->is_static || n->state != NODE_UP || life < 0)
			continue;
		const struct slurm_cr *cr = cr_of(s, n);
		struct launch_outcome o;
		fleet_existing(fs->f, cr->queue, cr->cr, s->eng.now_ms, &o);
		s->res->node_lives[life].instance_type = o.instance_type;
		s->res->nodes_info[i].instance_type = o.instance_type;
		if (o.interrupt_ms != FLEET_NEVER)
			schedule(s, o.interrupt_ms, FS_VANISH, (int64_t)i, life);
	}
}

void fleet_slurm_power_up(struct slurm *s, struct snode *n)
{
	struct fleet_slurm *fs = s->fs;
	const struct fleet_params *prm = &fs->f->params;
	int64_t now = s->eng.now_ms;
	int64_t median_ms = fleet_boot_estimate_ms(prm) -
			    prm->resume_interval_ms / 2;
	if (n->is_static) {
		/* clustermgtd replaces a static node itself, at once; by an
		 * event, since the caller is changing the node now. */
		node_power(s, n)->ready_ms = now + median_ms;
		schedule(s, now, FS_RELAUNCH, index_of(s, n), -1);
		return;
	}
	if (grow_array((void **)&fs->resume_q, &fs->cap_resume, fs->n_resume + 1,
		       sizeof *fs->resume_q, 64)) {
		s->oom = 1;
		return;
	}
	fs->resume_q[fs->n_resume++] = index_of(s, n);
	int64_t at = fleet_next_resume_ms(prm, now);
	node_power(s, n)->ready_ms = at + median_ms;
	if (fs->resume_at_ms != at) {
		fs->resume_at_ms = at;
		schedule(s, at, FS_RESUME, 0, -1);
	}
}

/* A launch found no capacity for node: its jobs go back to the queue and
 * the node is down until the compute resource is enabled again (the next
 * clustermgtd pass when it was not disabled). */
static void launch_failed(struct slurm *s, int32_t node, int64_t back_ms)
{
	int64_t now = s->eng.now_ms;
	s->res->n_launch_failures++;
	slurm_log_event(s, EV_LAUNCH_FAIL, -1, node, 0);
	slurm_node_lost(s, node, NODE_END_LAUNCH_FAIL, now);
	if (back_ms <= now)
		back_ms = fleet_next_pass_ms(&s->fs->f->params, now + 1);
	schedule(s, back_ms, FS_RESET, node, -1);
}

/* Every powered-down node of a disabled compute resource goes down until
 * it is enabled, as clustermgtd does, so Slurm sends jobs elsewhere. */
static void disable_cr(struct slurm *s, int32_t crx, int64_t until_ms)
{
	slurm_log_event(s, EV_CR_DISABLED, -1, -1, crx);
	schedule(s, until_ms, FS_CR_ENABLED, crx, -1);
	for (size_t i = 0; i < s->n_nodes; i++) {
		struct snode *n = &s->nodes[i];
		if (n->cr != crx || n->state != NODE_POWERED_DOWN)
			continue;
		slurm_node_lost(s, (int32_t)i, NODE_END_LAUNCH_FAIL, s->eng.now_ms);
		schedule(s, until_ms, FS_RESET, (int64_t)i, -1);
	}
}

/* The nodes of one compute resource in one ResumeProgram call. */
static void launch_group(struct slurm *s, const int32_t *nodes, size_t n)
{
	struct fleet *f = s->fs->f;
	int64_t now = s->eng.now_ms;
	int32_t crx = s->nodes[nodes[0]].cr;
	const struct slurm_cr *cr = &s->layout->crs[crx];
	struct launch_outcome *out = outcomes(s, n);
	if (!out)
		return;
	int was_enabled = fleet_cr_available(f, cr->queue, cr->cr, now);
	if (was_enabled) {
		fleet_launch(f, cr->queue, cr->cr, (int)n, 0, now, out);
	} else {
		/* Disabled since the nodes were allocated: they fail as
		 * clustermgtd's down-marking would have made them. */
		for (size_t i = 0; i < n; i++)
			out[i].status = LAUNCH_ICE;
	}
	int64_t back = fleet_cr_enabled_at(f, cr->queue, cr->cr, now);
	for (size_t i = 0; i < n; i++) {
		if (out[i].status == LAUNCH_ICE)
			launch_failed(s, nodes[i], back);
		else
			instance_started(s, &s->nodes[nodes[i]], &out[i]);
	}
	if (was_enabled && back > now)
		disable_cr(s, crx, back);
}

static void sort_by_cr(struct slurm *s, int32_t *v, size_t n)
{
	/* Insertion sort: a batch is what Slurm allocated within one resume
	 * interval, and the order must not depend on the C library. */
	for (size_t i = 1; i < n; i++) {
		int32_t x = v[i];
		size_t j = i;
		while (j > 0 && (s->nodes[v[j - 1]].cr > s->nodes[x].cr ||
				 (s->nodes[v[j - 1]].cr == s->nodes[x].cr &&
				  v[j - 1] > x))) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static void on_resume(struct slurm *s)
{
	struct fleet_slurm *fs = s->fs;
	fs->resume_at_ms = -1;
	/* Only nodes still waiting for an instance. */
	size_t w = 0;
	for (size_t i = 0; i < fs->n_resume; i++) {
		struct snode *n = &s->nodes[fs->resume_q[i]];
		if (n->state == NODE_POWERING_UP && node_power(s, n)->life < 0)
			fs->resume_q[w++] = fs->resume_q[i];
	}
	fs->n_resume = 0;
	sort_by_cr(s, fs->resume_q, w);
	for (size_t i = 0; i < w;) {
		size_t j = i + 1;
		while (j < w && s->nodes[fs->resume_q[j]].cr ==
				s->nodes[fs->resume_q[i]].cr)
			j++;
		launch_group(s, fs->resume_q + i, j - i);
		i = j;
	}
}

/* clustermgtd relaunches a static node. */
static void on_relaunch(struct slurm *s, int32_t node)
{
	struct snode *n = &s->nodes[node];
	if (n->state != NODE_POWERING_UP || node_power(s, n)->life >= 0)
		return;
	const struct slurm_cr *cr = cr_of(s, n);
	struct launch_outcome o;
	if (fleet_launch(s->fs->f, cr->queue, cr->cr, 1, 1, s->eng.now_ms, &o) == 1)
		instance_started(s, n, &o);
	else
		launch_failed(s, node, s->eng.now_ms);
}

static void on_vanish(struct slurm *s, int32_t node, int32_t life)
{
	struct snode *n = &s->nodes[node];
	if (node_power(s, n)->life != life)
		return;     /* terminated before EC2 took it back */
	struct node_record *l = &s->res->node_lives[life];
	l->end_ms = s->eng.now_ms;
	l->end_reason = NODE_END_SPOT;
	s->res->n_spot_interruptions++;
	slurm_log_event(s, EV_SPOT_INTERRUPT, -1, node, 0);
	slurm_node_vanished(s, node);
	schedule(s, fleet_next_pass_ms(&s->fs->f->params, s->eng.now_ms),
		 FS_NOTICE, node, life);
}

static void on_notice(struct slurm *s, int32_t node, int32_t life)
{
	struct snode *n = &s->nodes[node];
	if (node_power(s, n)->life != life)
		return;     /* Slurm powered it down meanwhile */
	int64_t vanished = s->res->node_lives[life].end_ms;
	slurm_node_lost(s, node, NODE_END_SPOT, vanished);
	/* clustermgtd resets it at once: a dynamic node to powered-down, a
	 * static one relaunched. */
	slurm_node_reset(s, node);
}

static void on_boot_fail(struct slurm *s, int32_t node, int32_t life)
{
	struct snode *n = &s->nodes[node];
	if (node_power(s, n)->life != life || n->state != NODE_POWERING_UP)
		return;
	int64_t now = s->eng.now_ms;
	struct spart *p = &s->parts[n->part];
	s->res->n_launch_failures++;
	slurm_log_event(s, EV_LAUNCH_FAIL, -1, node, 1);
	slurm_node_lost(s, node, NODE_END_LAUNCH_FAIL, now);
	if (fleet_bootstrap_result(s->fs->f, cr_of(s, n)->queue, 0,
				   p->n_running > 0, now))
		p->inactive = 1;
	schedule(s, fleet_next_pass_ms(&s->fs->f->params, now + 1), FS_RESET,
		 node, -1);
}

void fleet_slurm_node_up(struct slurm *s, struct snode *n)
{
	struct fleet_slurm *fs = s->fs;
	fleet_bootstrap_result(fs->f, cr_of(s, n)->queue, 1, 1, s->eng.now_ms);
	size_t w = 0;
	for (size_t i = 0; i < fs->n_conf; i++) {
		int32_t ji = fs->configuring[i];
		const struct sjob *j = &s->jobs[ji];
		if (j->state != SJ_CONFIGURING)
			continue;   /* requeued or failed meanwhile */
		int ready = 1;
		for (uint32_t k = 0; k < j->n_pieces && ready; k++) {
			const struct apiece *a = &s->a_piece[j->piece_off + k];
			for (int32_t x = 0; x < a->count && ready; x++)
				ready = s->nodes[a->node + x].state == NODE_UP;
		}
		if (ready)
			slurm_job_begin(s, ji);
		else
			fs->configuring[w++] = ji;
	}
	fs->n_conf = w;
}

void fleet_slurm_configuring(struct slurm *s, int32_t ji)
{
	struct fleet_slurm *fs = s->fs;
	for (size_t i = 0; i < fs->n_conf; i++)
		if (fs->configuring[i] == ji)
			return;
	if (grow_array((void **)&fs->configuring, &fs->cap_conf, fs->n_conf + 1,
		       sizeof *fs->configuring, 64)) {
		s->oom = 1;
		return;
	}
	fs->configuring[fs->n_conf++] = ji;
}

void fleet_slurm_event(struct slurm *s, const struct event *ev)
{
	int sub = (int)(ev->a % 256);
	int32_t node = (int32_t)(ev->a / 256);
	int32_t life = (int32_t)ev->b;
	/* Once the jobs are settled nothing new starts: no interruption,
	 * no replacement of a static node. */
	if ((sub == FS_VANISH || sub == FS_NOTICE || sub == FS_RELAUNCH ||
	     (sub == FS_RESET && s->nodes[node].is_static)) && settled(s))
		return;
	switch (sub) {
	case FS_RESUME: on_resume(s); break;
	case FS_RELAUNCH: on_relaunch(s, node); break;
	case FS_VANISH: on_vanish(s, node, life); break;
	case FS_NOTICE: on_notice(s, node, life); break;
	case FS_BOOT_FAIL: on_boot_fail(s, node, life); break;
	case FS_RESET: slurm_node_reset(s, node); break;
	case FS_CR_ENABLED:
		slurm_log_event(s, EV_CR_ENABLED, -1, -1, node);
		break;
	}
}
