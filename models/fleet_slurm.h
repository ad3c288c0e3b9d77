/*
 * Where the Slurm model meets the EC2 fleet (models/fleet.h): ResumeProgram
 * calls that launch the nodes Slurm powered up, batched every resume
 * interval with one fleet call per compute resource; nodes that register
 * after their drawn boot latency; Spot instances that vanish and are
 * noticed on clustermgtd's next pass (their jobs requeued, with what a
 * checkpoint saved); launches that fail for lack of capacity (the compute
 * resource disabled for insufficient_capacity_timeout) or never bootstrap
 * (protected mode after too many in a row).  The Slurm model calls these
 * hooks only when its parameters carry a fleet; without one it keeps its
 * fixed boot latency and nothing fails.
 */
#ifndef PCLSIM_FLEET_SLURM_H
#define PCLSIM_FLEET_SLURM_H

#include <stddef.h>
#include <stdint.h>

#include "sim/engine.h"

struct slurm;
struct snode;
struct launch_outcome;

struct fleet_slurm {
	struct fleet *f;
	int32_t *resume_q;            /* nodes waiting for ResumeProgram */
	size_t n_resume, cap_resume;
	int64_t resume_at_ms;         /* the call scheduled, -1 none */
	int32_t *configuring;         /* jobs waiting for their nodes */
	size_t n_conf, cap_conf;
	struct launch_outcome *out;   /* one fleet call's answers */
	size_t cap_out;
};

/* Sets up s->fs for s->prm.fleet; returns 0, or -1 when out of memory. */
int fleet_slurm_init(struct slurm *s);
void fleet_slurm_free(struct slurm *s);
/* At the run's start: the static nodes' instances (their types and Spot
 * interruptions). */
void fleet_slurm_start(struct slurm *s);

/* Slurm powered up node n (already POWERING_UP): a dynamic node waits for
 * the next ResumeProgram call; a static one (a replacement) is launched by
 * clustermgtd at once. */
void fleet_slurm_power_up(struct slurm *s, struct snode *n);
/* Node n registered (it is UP): a bootstrap success, and jobs waiting for
 * it may start. */
void fleet_slurm_node_up(struct slurm *s, struct snode *n);
/* Job ji was allocated nodes that are not all up: it starts when they are. */
void fleet_slurm_configuring(struct slurm *s, int32_t ji);
/* An event the fleet scheduled (kind SLURM_EV_FLEET). */
void fleet_slurm_event(struct slurm *s, const struct event *ev);

#endif
