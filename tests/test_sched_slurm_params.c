/*
 * Slurm's scheduling settings: the defaults (Slurm's, with the slurm.conf
 * ParallelCluster writes), SchedulerParameters and Priority* parsing from
 * CustomSlurmSettings, Slurm's time format, bad values named with their
 * field, and the timer grids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "configs/config.h"
#include "models/slurm_params.h"
#include "sim/diag.h"

static void defaults(void **state)
{
	(void)state;
	struct slurm_conf c;
	slurm_conf_defaults(&c);
	assert_int_equal(c.bf_interval_ms, 30000);
	assert_int_equal(c.bf_resolution_ms, 60000);
	assert_int_equal(c.bf_window_ms, 1440 * 60000LL);
	assert_int_equal(c.bf_max_job_test, 500);
	assert_int_equal(c.sched_interval_ms, 60000);
	assert_int_equal(c.default_queue_depth, 100);
	assert_int_equal(c.power_save_min_interval_ms, 30000);
	assert_int_equal(c.periodic_check_ms, 30000);
	assert_int_equal(c.priority_type, PRIORITY_BASIC);
	assert_int_equal(c.decay_half_life_ms, 7 * 86400000LL);
	assert_int_equal(c.bf_continue, 0);
}

static void scheduler_parameters(void **state)
{
	(void)state;
	struct slurm_conf c;
	struct diags d;
	diags_init(&d);
	slurm_conf_defaults(&c);
	assert_int_equal(slurm_conf_set(&c, "schedulerparameters",
		"nohold_on_prolog_fail,bf_interval=10,bf_resolution=5,"
		"bf_window=60,bf_max_job_test=7,bf_continue,sched_interval=20,"
		"default_queue_depth=3", "c.yaml", 4, NULL, &d), 0);
	assert_int_equal(c.bf_interval_ms, 10000);
	assert_int_equal(c.bf_resolution_ms, 5000);
	assert_int_equal(c.bf_window_ms, 3600000);
	assert_int_equal(c.bf_max_job_test, 7);
	assert_int_equal(c.bf_continue, 1);
	assert_int_equal(c.sched_interval_ms, 20000);
	assert_int_equal(c.default_queue_depth, 3);
	assert_int_equal(slurm_conf_set(&c, "SlurmctldParameters",
		"idle_on_node_suspend,power_save_min_interval=0,"
		"power_save_interval=5", "c.yaml", 5, NULL, &d), 0);
	assert_int_equal(c.power_save_min_interval_ms, 0);
	assert_int_equal(slurm_conf_resume_period_ms(&c), 1000);
	assert_int_equal(slurm_conf_suspend_period_ms(&c), 5000);
	assert_int_equal(d.n_errors, 0);
	diags_free(&d);
}

static void priority_keys(void **state)
{
	(void)state;
	struct slurm_conf c;
	struct diags d;
	diags_init(&d);
	slurm_conf_defaults(&c);
	assert_int_equal(slurm_conf_set(&c, "PriorityType", "priority/multifactor",
					NULL, 0, NULL, &d), 0);
	assert_int_equal(slurm_conf_set(&c, "PriorityWeightFairshare", "10000",
					NULL, 0, NULL, &d), 0);
	assert_int_equal(slurm_conf_set(&c, "PriorityDecayHalfLife", "1-12",
					NULL, 0, NULL, &d), 0);
	assert_int_equal(slurm_conf_set(&c, "PriorityCalcPeriod", "2",
					NULL, 0, NULL, &d), 0);
	assert_int_equal(slurm_conf_set(&c, "PriorityFavorSmall", "yes",
					NULL, 0, NULL, &d), 0);
	/* Keys that do not affect when jobs start are accepted. */
	assert_int_equal(slurm_conf_set(&c, "MaxArraySize", "1000",
					NULL, 0, NULL, &d), 0);
	assert_int_equal(c.priority_type, PRIORITY_MULTIFACTOR);
	assert_int_equal(c.weight_fairshare, 10000);
	assert_int_equal(c.decay_half_life_ms, 36 * 3600000LL);
	assert_int_equal(c.calc_period_ms, 120000);
	assert_int_equal(c.favor_small, 1);
	assert_int_equal(d.n_errors, 0);
	diags_free(&d);
}

static void time_format(void **state)
{
	(void)state;
	assert_int_equal(slurm_time_ms("30"), 30 * 60000LL);
	assert_int_equal(slurm_time_ms("1:30"), 90000);
	assert_int_equal(slurm_time_ms("1:00:05"), 3605000);
	assert_int_equal(slurm_time_ms("7-0"), 7 * 86400000LL);
	assert_int_equal(slurm_time_ms("2-3:04"), (2 * 86400 + 3 * 3600 + 240) * 1000LL);
	assert_int_equal(slurm_time_ms("0-0:0:9"), 9000);
	assert_true(slurm_time_ms("") < 0);
	assert_true(slurm_time_ms("1:2:3:4") < 0);
	assert_true(slurm_time_ms("x") < 0);
	assert_true(slurm_time_ms("-5") < 0);
	assert_true(slurm_time_ms("3-") < 0);
}

static void bad_values_name_the_field(void **state)
{
	(void)state;
	struct cluster cl;
	memset(&cl, 0, sizeof cl);
	struct kv kvs[] = {
		{ "SchedulerParameters", "bf_interval=0" },
		{ "PriorityType", "priority/fancy" },
		{ "PriorityWeightAge", "-3" },
	};
	cl.path = "cluster.yaml";
	cl.custom_slurm = kvs;
	cl.n_custom_slurm = 3;
	struct slurm_conf c;
	struct diags d;
	diags_init(&d);
	slurm_conf_defaults(&c);
	assert_int_equal(slurm_conf_from_cluster(&c, &cl, &d), -1);
	assert_int_equal(d.n_errors, 3);
	char buf[512];
	diag_format(&d.items[0], buf, sizeof buf);
	assert_non_null(strstr(buf, "cluster.yaml"));
	assert_non_null(strstr(buf, "CustomSlurmSettings[0].SchedulerParameters"));
	assert_non_null(strstr(buf, "bf_interval"));
	diag_format(&d.items[1], buf, sizeof buf);
	assert_non_null(strstr(buf, "priority/basic or priority/multifactor"));
	diag_format(&d.items[2], buf, sizeof buf);
	assert_non_null(strstr(buf, "PriorityWeightAge"));
	/* The defaults survive a bad value. */
	assert_int_equal(c.bf_interval_ms, 30000);
	diags_free(&d);
}

static void ticks(void **state)
{
	(void)state;
	assert_int_equal(slurm_tick_at_or_after(0, 30000, 0), 0);
	assert_int_equal(slurm_tick_after(0, 30000, 0), 30000);
	assert_int_equal(slurm_tick_after(29999, 30000, 0), 30000);
	assert_int_equal(slurm_tick_after(30000, 30000, 0), 60000);
	assert_int_equal(slurm_tick_at_or_after(1, 30000, 12000), 12000);
	assert_int_equal(slurm_tick_at_or_after(12001, 30000, 12000), 42000);
	assert_int_equal(slurm_tick_at_or_after(-5000, 30000, 12000), 12000);
	assert_int_equal(slurm_tick_at_or_after(-20000, 30000, 12000), -18000);
	assert_int_equal(slurm_tick_after(777, 0, 0), 777);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(scheduler_parameters),
		cmocka_unit_test(priority_keys),
		cmocka_unit_test(time_format),
		cmocka_unit_test(bad_values_name_the_field),
		cmocka_unit_test(ticks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
