/*
 * Job priorities: basic is flat; multifactor's age, size, partition and
 * fair-share factors against values worked out by hand; usage decay by the
 * half-life; shares split by account, then by user.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "models/priority.h"
#include "workloads/job.h"

#define HOUR 3600000LL

/* Jobs 0 and 1 by alice, 2 by bob, all in account "lab"; job 3 by carol
 * in account "ext". */
static void make_trace(struct trace *t)
{
	trace_init(t);
	const char *users[] = { "alice", "alice", "bob", "carol" };
	const char *accts[] = { "lab", "lab", "lab", "ext" };
	for (int i = 0; i < 4; i++) {
		struct job j;
		job_init(&j);
		j.id = i + 1;
		j.submit_ms = i * 1000;
		j.runtime_ms = 1000;
		j.cpus = 1;
		j.user = strtab_intern(&t->strings, users[i], strlen(users[i]));
		j.account = strtab_intern(&t->strings, accts[i], strlen(accts[i]));
		assert_int_equal(trace_push(t, &j), 0);
	}
}

static void basic_is_flat(void **state)
{
	(void)state;
	struct trace t;
	make_trace(&t);
	struct slurm_conf c;
	slurm_conf_defaults(&c);
	struct priority pr;
	assert_int_equal(priority_init(&pr, &c, &t, NULL, 1, 64), 0);
	assert_true(priority_of(&pr, 0, 0, 64, 0, 10 * HOUR) ==
		    priority_of(&pr, 3, 0, 1, 0, 0));
	priority_free(&pr);
	trace_free(&t);
}

/* Shares: two accounts of 1/2 each; lab's 1/2 split between alice and
 * bob.  alice used 300 CPU-s, carol 100: alice's usage share is 3/4, so
 * her fair-share factor is 2^(-(3/4)/(1/4)) = 1/8; carol's 2^(-(1/4)/(1/2))
 * = 2^-0.5; bob, who used nothing, has 1. */
static void fairshare_factor(void **state)
{
	(void)state;
	struct trace t;
	make_trace(&t);
	struct slurm_conf c;
	slurm_conf_defaults(&c);
	c.priority_type = PRIORITY_MULTIFACTOR;
	c.weight_fairshare = 1000;
	struct priority pr;
	assert_int_equal(priority_init(&pr, &c, &t, NULL, 1, 64), 0);
	assert_int_equal(pr.n_principals, 3);
	assert_true(priority_fairshare(&pr, 0) == 1.0);
	priority_charge(&pr, 1, 300);
	priority_charge(&pr, 3, 100);
	assert_true(fabs(priority_fairshare(&pr, 0) - 0.125) < 1e-12);
	assert_true(priority_fairshare(&pr, 2) == 1.0);
	assert_true(fabs(priority_fairshare(&pr, 3) - exp2(-0.5)) < 1e-12);
	/* Weighted and truncated as Slurm keeps it: 1000 * 1/8 = 125. */
	assert_true(priority_of(&pr, 0, 0, 1, 0, 0) == 125);
	assert_true(priority_of(&pr, 2, 0, 1, 0, 0) == 1000);
	assert_true(priority_of(&pr, 3, 0, 1, 0, 0) == 707);
	priority_free(&pr);
	trace_free(&t);
}

/* Usage halves every half-life, whoever it belongs to, so factors move
 * back towards 1 only through others' usage or new usage. */
static void decay(void **state)
{
	(void)state;
	struct trace t;
	make_trace(&t);
	struct slurm_conf c;
	slurm_conf_defaults(&c);
	c.priority_type = PRIORITY_MULTIFACTOR;
	c.decay_half_life_ms = 2 * HOUR;
	struct priority pr;
	assert_int_equal(priority_init(&pr, &c, &t, NULL, 1, 64), 0);
	priority_charge(&pr, 0, 800);
	priority_decay(&pr, 4 * HOUR);
	assert_true(fabs(pr.usage[pr.principal[0]] - 200) < 1e-9);
	assert_true(fabs(pr.usage_total - 200) < 1e-9);
	/* bob's new usage now weighs as much as alice's decayed usage. */
	priority_charge(&pr, 2, 200);
	assert_true(fabs(priority_fairshare(&pr, 0) - priority_fairshare(&pr, 2)) <
		    1e-12);
	priority_free(&pr);
	trace_free(&t);
}

/* Age: 3.5 of 7 days is 1/2; size: 16 of 64 CPUs is 1/4 (3/4 with
 * PriorityFavorSmall); partition: job factor 2 of a largest 4 is 1/2. */
static void age_size_partition(void **state)
{
	(void)state;
	struct trace t;
	make_trace(&t);
	struct slurm_conf c;
	slurm_conf_defaults(&c);
	c.priority_type = PRIORITY_MULTIFACTOR;
	c.weight_age = 1000;
	struct priority pr;
	uint32_t jf[2] = { 2, 4 };
	assert_int_equal(priority_init(&pr, &c, &t, jf, 2, 64), 0);
	assert_true(priority_of(&pr, 0, 0, 16, 0, 84 * HOUR) == 500);
	assert_true(priority_of(&pr, 0, 0, 16, 0, 1000 * HOUR) == 1000);
	assert_true(priority_of(&pr, 0, 0, 16, 0, 0) == 0);
	c.weight_age = 0;
	c.weight_jobsize = 1000;
	assert_true(priority_of(&pr, 0, 0, 16, 0, 0) == 250);
	c.favor_small = 1;
	assert_true(priority_of(&pr, 0, 0, 16, 0, 0) == 750);
	c.weight_jobsize = 0;
	c.weight_partition = 1000;
	assert_true(priority_of(&pr, 0, 0, 16, 0, 0) == 500);
	assert_true(priority_of(&pr, 0, 1, 16, 0, 0) == 1000);
	priority_free(&pr);
	trace_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(basic_is_flat),
		cmocka_unit_test(fairshare_factor),
		cmocka_unit_test(decay),
		cmocka_unit_test(age_size_partition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
