/*
 * Slurm's own settings that decide when and in which order jobs start: the
 * scheduler's SchedulerParameters, the controller's power-saving timers and
 * the priority plugin's Priority* keys.  A struct slurm_conf starts from
 * Slurm's compiled-in defaults overlaid with what ParallelCluster writes
 * into slurm.conf (FACTS.md section 3: no bf_* tuning, no PriorityType,
 * power_save_min_interval=30), then takes the cluster config's
 * SlurmSettings.CustomSlurmSettings and the scenario's `slurm:` section.
 *
 * Defaults and their sources (Slurm 22.05/23.11 slurm.conf(5) and
 * src/plugins/sched/backfill/backfill.c, read 2026-11):
 *   sched_interval 60 s, default_queue_depth 100,
 *   bf_interval 30 s, bf_resolution 60 s, bf_window 1440 min,
 *   bf_max_job_test 500, bf_continue off,
 *   power_save_interval 10 s, power_save_min_interval 0 (ParallelCluster 30),
 *   the controller's periodic job check every 30 s (PERIODIC_TIMEOUT, fixed),
 *   PriorityType priority/basic as the observed 22.05 build ran it (with
 *   every PriorityWeight* at its default 0, priority/multifactor orders
 *   jobs the same way), PriorityDecayHalfLife 7 days, PriorityCalcPeriod
 *   5 min, PriorityMaxAge 7 days.
 */
#ifndef PCLSIM_SLURM_PARAMS_H
#define PCLSIM_SLURM_PARAMS_H

#include <stdint.h>

struct cluster;
struct diags;
struct scenario;

enum priority_type { PRIORITY_BASIC, PRIORITY_MULTIFACTOR };

struct slurm_conf {
	/* SchedulerParameters */
	int64_t sched_interval_ms;
	int32_t default_queue_depth;
	int64_t bf_interval_ms;
	int64_t bf_resolution_ms;
	int64_t bf_window_ms;
	int32_t bf_max_job_test;
	int bf_continue;
	/* SlurmctldParameters and the controller's fixed timers */
	int64_t power_save_interval_ms;
	int64_t power_save_min_interval_ms;
	int64_t periodic_check_ms;
	/* Where each periodic timer stands when the trace begins: ticks fall
	 * at phase + k * period (scenario `slurm:` keys *_phase_s). */
	int64_t bf_phase_ms, sched_phase_ms, power_phase_ms, periodic_phase_ms;
	/* Priority */
	enum priority_type priority_type;
	uint32_t weight_age, weight_fairshare, weight_jobsize, weight_partition;
	int64_t decay_half_life_ms;      /* 0: no decay */
	int64_t calc_period_ms;
	int64_t max_age_ms;
	int favor_small;                 /* PriorityFavorSmall */
	/* Not a Slurm setting: 1 makes the backfill walk node by node on
	 * single-CPU partitions too, where it otherwise works a word of
	 * nodes at a time; tests compare the two. */
	int node_walk;
	/* Not a Slurm setting either: 1 plans every deferred job before a
	 * later one is tested, where the backfill otherwise leaves for later
	 * those whose plans cannot meet its run and, once the plans made
	 * keep it from starting, the rest; tests compare the two. */
	int plan_all;
};

/* Slurm's defaults with ParallelCluster's slurm.conf on top. */
void slurm_conf_defaults(struct slurm_conf *c);

/* One slurm.conf setting (key case-insensitive, as Slurm reads it).  Keys
 * that do not affect scheduling are accepted and ignored; a bad value is
 * an error naming where (file, line, field).  Returns 0 or -1. */
int slurm_conf_set(struct slurm_conf *c, const char *key, const char *value,
		   const char *file, int line, const char *field,
		   struct diags *d);

/* Applies SlurmSettings.CustomSlurmSettings of a cluster config. */
int slurm_conf_from_cluster(struct slurm_conf *c, const struct cluster *cl,
			    struct diags *d);

/* Everything a run uses: the defaults, the cluster config's
 * CustomSlurmSettings, then the scenario's timer phases. */
int slurm_conf_build(struct slurm_conf *c, const struct cluster *cl,
		     const struct scenario *sc, struct diags *d);

/* Slurm's time format (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM,
 * D-HH:MM:SS) in milliseconds; -1 when malformed. */
int64_t slurm_time_ms(const char *s);

/* The power-saving thread's periods.  It wakes every second and works when
 * power_save_min_interval has passed since its last work and either a node
 * changed (a resume request does) or power_save_interval has passed too: so
 * resume calls come every max(min_interval, 1 s) and idle nodes are
 * suspended every max(min_interval, interval), on one grid of ticks. */
int64_t slurm_conf_resume_period_ms(const struct slurm_conf *c);
int64_t slurm_conf_suspend_period_ms(const struct slurm_conf *c);

/* The first tick of a timer (period, phase) strictly after t; t itself
 * when period is 0 (no timer). */
int64_t slurm_tick_after(int64_t t, int64_t period, int64_t phase);
/* The first tick at or after t. */
int64_t slurm_tick_at_or_after(int64_t t, int64_t period, int64_t phase);

#endif
