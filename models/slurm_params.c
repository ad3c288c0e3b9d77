/*
 * Reading Slurm's scheduling settings (see slurm_params.h): a table of the
 * slurm.conf keys that matter, each with its parser, and the
 * SchedulerParameters / SlurmctldParameters option lists split into their
 * own tables.  Everything else Slurm accepts is ignored, because the
 * cluster config's validator already refused what ParallelCluster forbids.
 */
#include "models/slurm_params.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "configs/config.h"
#include "configs/scenario.h"
#include "sim/diag.h"

#define SEC 1000LL
#define MIN (60 * SEC)
#define DAY (24 * 60 * MIN)

void slurm_conf_defaults(struct slurm_conf *c)
{
	memset(c, 0, sizeof *c);
	c->sched_interval_ms = 60 * SEC;
	c->default_queue_depth = 100;
	c->bf_interval_ms = 30 * SEC;
	c->bf_resolution_ms = 60 * SEC;
	c->bf_window_ms = 1440 * MIN;
	c->bf_max_job_test = 500;
	c->power_save_interval_ms = 10 * SEC;
	c->power_save_min_interval_ms = 30 * SEC;   /* ParallelCluster */
	c->periodic_check_ms = 30 * SEC;
	c->priority_type = PRIORITY_BASIC;
	c->decay_half_life_ms = 7 * DAY;
	c->calc_period_ms = 5 * MIN;
	c->max_age_ms = 7 * DAY;
}

/* ---- value parsers -------------------------------------------------------- */

static int parse_int(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || errno || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Up to three ':'-separated non-negative numbers; returns how many. */
static int colon_fields(const char *s, long long f[3])
{
	int n = 0;
	const char *p = s;
	for (;;) {
		if (n == 3 || !isdigit((unsigned char)*p))
			return -1;
		char *end;
		f[n++] = strtoll(p, &end, 10);
		if (*end == '\0')
			return n;
		if (*end != ':')
			return -1;
		p = end + 1;
	}
}

int64_t slurm_time_ms(const char *s)
{
	long long days = 0, f[3];
	const char *dash = strchr(s, '-');
	const char *rest = s;
	if (dash) {
		char buf[32];
		size_t len = (size_t)(dash - s);
		if (len == 0 || len >= sizeof buf)
			return -1;
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (parse_int(buf, 0, 100000, &days))
			return -1;
		rest = dash + 1;
	}
	int n = colon_fields(rest, f);
	if (n < 0)
		return -1;
	long long secs;
	if (dash)   /* D-HH, D-HH:MM, D-HH:MM:SS */
		secs = f[0] * 3600 + (n > 1 ? f[1] * 60 : 0) + (n > 2 ? f[2] : 0);
	else if (n == 1)
		secs = f[0] * 60;               /* minutes */
	else if (n == 2)
		secs = f[0] * 60 + f[1];        /* MM:SS */
	else
		secs = f[0] * 3600 + f[1] * 60 + f[2];
	return (days * 86400 + secs) * SEC;
}

/* ---- the tables ----------------------------------------------------------- */

enum kind {
	K_SECONDS,        /* whole seconds, stored in ms */
	K_MINUTES,        /* whole minutes, stored in ms */
	K_COUNT,          /* int32 */
	K_FLAG,           /* present: 1 */
	K_WEIGHT,         /* uint32 */
	K_TIME,           /* Slurm time format, stored in ms */
	K_YESNO,
	K_PRIORITY_TYPE,
	K_SCHED_PARAMS,   /* option list */
	K_CTLD_PARAMS,    /* option list */
};

struct opt {
	const char *key;
	enum kind kind;
	size_t offset;
	long long lo, hi;
};

#define OFF(f) offsetof(struct slurm_conf, f)

/* Ranges as Slurm accepts them (backfill.c's MAX_* limits). */
static const struct opt sched_opts[] = {
	{ "sched_interval", K_SECONDS, OFF(sched_interval_ms), 1, 86400 },
	{ "default_queue_depth", K_COUNT, OFF(default_queue_depth), 1, 1000000 },
	{ "bf_interval", K_SECONDS, OFF(bf_interval_ms), 1, 10800 },
	{ "bf_resolution", K_SECONDS, OFF(bf_resolution_ms), 1, 3600 },
	{ "bf_window", K_MINUTES, OFF(bf_window_ms), 1, 43200 },
	{ "bf_max_job_test", K_COUNT, OFF(bf_max_job_test), 1, 1000000 },
	{ "bf_continue", K_FLAG, OFF(bf_continue), 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct opt ctld_opts[] = {
	{ "power_save_interval", K_SECONDS, OFF(power_save_interval_ms), 0, 86400 },
	{ "power_save_min_interval", K_SECONDS, OFF(power_save_min_interval_ms),
	  0, 86400 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct opt conf_keys[] = {
	{ "SchedulerParameters", K_SCHED_PARAMS, 0, 0, 0 },
	{ "SlurmctldParameters", K_CTLD_PARAMS, 0, 0, 0 },
	{ "PriorityType", K_PRIORITY_TYPE, OFF(priority_type), 0, 0 },
	{ "PriorityWeightAge", K_WEIGHT, OFF(weight_age), 0, 4294967295LL },
	{ "PriorityWeightFairshare", K_WEIGHT, OFF(weight_fairshare), 0,
	  4294967295LL },
	{ "PriorityWeightJobSize", K_WEIGHT, OFF(weight_jobsize), 0, 4294967295LL },
	{ "PriorityWeightPartition", K_WEIGHT, OFF(weight_partition), 0,
	  4294967295LL },
	{ "PriorityDecayHalfLife", K_TIME, OFF(decay_half_life_ms), 0, 0 },
	{ "PriorityCalcPeriod", K_TIME, OFF(calc_period_ms), 1, 0 },
	{ "PriorityMaxAge", K_TIME, OFF(max_age_ms), 0, 0 },
	{ "PriorityFavorSmall", K_YESNO, OFF(favor_small), 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};

struct where {
	const char *file;
	int line;
	const char *field;
	struct diags *d;
};

static int bad(const struct where *w, const char *what, const char *value,
	       const char *allowed)
{
	diag_error(w->d, w->file, w->line, 0, "%s: %s '%s' is not valid (%s)",
		   w->field, what, value, allowed);
	return -1;
}

static int set_value(struct slurm_conf *c, const struct opt *o,
		     const char *value, const struct where *w);

static const struct opt *find_opt(const struct opt *t, const char *key)
{
	for (; t->key; t++)
		if (!strcasecmp(t->key, key))
			return t;
	return NULL;
}

/* "a=1,b,c=2": every listed option we know is set; the rest are Slurm
 * options that do not change when jobs start, and are ignored. */
static int set_list(struct slurm_conf *c, const struct opt *table,
		    const char *value, const struct where *w)
{
	char *copy = strdup(value);
	if (!copy) {
		diag_error(w->d, w->file, w->line, 0, "out of memory");
		return -1;
	}
	int rc = 0;
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		while (isspace((unsigned char)*item))
			item++;
		char *eq = strchr(item, '=');
		if (eq)
			*eq = '\0';
		const struct opt *o = find_opt(table, item);
		if (!o)
			continue;
		if (o->kind == K_FLAG) {
			*(int *)((char *)c + o->offset) = 1;
			continue;
		}
		if (!eq) {
			rc = bad(w, item, "", "it takes a value: name=value");
			continue;
		}
		if (set_value(c, o, eq + 1, w))
			rc = -1;
	}
	free(copy);
	return rc;
}

static int set_value(struct slurm_conf *c, const struct opt *o,
		     const char *value, const struct where *w)
{
	char *dst = (char *)c + o->offset;
	long long v;
	char allowed[96];
	switch (o->kind) {
	case K_SECONDS:
	case K_MINUTES:
	case K_COUNT:
	case K_WEIGHT:
		snprintf(allowed, sizeof allowed, "a whole number from %lld to %lld",
			 o->lo, o->hi);
		if (parse_int(value, o->lo, o->hi, &v))
			return bad(w, o->key, value, allowed);
		if (o->kind == K_COUNT)
			*(int32_t *)dst = (int32_t)v;
		else if (o->kind == K_WEIGHT)
			*(uint32_t *)dst = (uint32_t)v;
		else
			*(int64_t *)dst = v * (o->kind == K_SECONDS ? SEC : MIN);
		return 0;
	case K_TIME: {
		int64_t ms = slurm_time_ms(value);
		if (ms < 0 || (o->lo > 0 && ms == 0))
			return bad(w, o->key, value, "a Slurm time: minutes, "
				   "MM:SS, HH:MM:SS or D-HH[:MM[:SS]]");
		*(int64_t *)dst = ms;
		return 0;
	}
	case K_YESNO:
		if (!strcasecmp(value, "YES") || !strcasecmp(value, "NO")) {
			*(int *)dst = !strcasecmp(value, "YES");
			return 0;
		}
		return bad(w, o->key, value, "YES or NO");
	case K_PRIORITY_TYPE:
		if (!strcasecmp(value, "priority/basic"))
			c->priority_type = PRIORITY_BASIC;
		else if (!strcasecmp(value, "priority/multifactor"))
			c->priority_type = PRIORITY_MULTIFACTOR;
		else
			return bad(w, o->key, value,
				   "priority/basic or priority/multifactor");
		return 0;
	case K_SCHED_PARAMS:
		return set_list(c, sched_opts, value, w);
	case K_CTLD_PARAMS:
		return set_list(c, ctld_opts, value, w);
	case K_FLAG:
		break;
	}
	return 0;
}

int slurm_conf_set(struct slurm_conf *c, const char *key, const char *value,
		   const char *file, int line, const char *field,
		   struct diags *d)
{
	const struct where w = { file, line, field ? field : key, d };
	const struct opt *o = find_opt(conf_keys, key);
	if (!o)
		return 0;
	return set_value(c, o, value ? value : "", &w);
}

int slurm_conf_from_cluster(struct slurm_conf *c, const struct cluster *cl,
			    struct diags *d)
{
	int rc = 0;
	for (int i = 0; i < cl->n_custom_slurm; i++) {
		const struct kv *kv = &cl->custom_slurm[i];
		char field[160];
		snprintf(field, sizeof field,
			 "Scheduling.SlurmSettings.CustomSlurmSettings[%d].%s",
			 i, kv->key);
		if (slurm_conf_set(c, kv->key, kv->value, cl->path, 0, field, d))
			rc = -1;
	}
	return rc;
}

int slurm_conf_build(struct slurm_conf *c, const struct cluster *cl,
		     const struct scenario *sc, struct diags *d)
{
	slurm_conf_defaults(c);
	if (cl && slurm_conf_from_cluster(c, cl, d))
		return -1;
	if (sc) {
		c->bf_phase_ms = sc->bf_phase_ms;
		c->sched_phase_ms = sc->sched_phase_ms;
		c->power_phase_ms = sc->power_phase_ms;
		c->periodic_phase_ms = sc->periodic_phase_ms;
	}
	return 0;
}

int64_t slurm_conf_resume_period_ms(const struct slurm_conf *c)
{
	return c->power_save_min_interval_ms > SEC ?
	       c->power_save_min_interval_ms : SEC;
}

int64_t slurm_conf_suspend_period_ms(const struct slurm_conf *c)
{
	int64_t p = c->power_save_min_interval_ms > c->power_save_interval_ms ?
		    c->power_save_min_interval_ms : c->power_save_interval_ms;
	return p > SEC ? p : SEC;
}

/* floor(a / b) for b > 0, whatever a's sign. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && a < 0) ? q - 1 : q;
}

int64_t slurm_tick_at_or_after(int64_t t, int64_t period, int64_t phase)
{
	if (period <= 0)
		return t;
	int64_t k = floor_div(t - phase - 1, period) + 1;
	return phase + k * period;
}

int64_t slurm_tick_after(int64_t t, int64_t period, int64_t phase)
{
	return period <= 0 ? t : slurm_tick_at_or_after(t + 1, period, phase);
}
