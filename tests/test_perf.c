/* Performance model checks in closed form: speed ratio, SMT, the alpha-beta
 * network factor (EFA vs TCP, placement group), and that single-node jobs
 * ignore the network. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "models/perf.h"
#include "sim/diag.h"

/* Two made-up types: an SMT one at speed 1.0 with 100 Gbit/s and EFA, and a
 * one-thread-per-core one at 1.5 with 200 Gbit/s. */
static struct instance_type smt_type(void)
{
	return (struct instance_type){ .name = "x.smt", .vcpus = 72,
		.physical_cores = 36, .threads_per_core = 2,
		.network_gbps = 100, .efa = 1, .speed_index = 1.0 };
}

static struct instance_type fast_type(void)
{
	return (struct instance_type){ .name = "x.fast", .vcpus = 96,
		.physical_cores = 96, .threads_per_core = 1,
		.network_gbps = 200, .efa = 1, .speed_index = 1.5 };
}

static void faster_instance_shortens_compute_by_speed_ratio(void **state)
{
	(void)state;
	struct perf_params p;
	perf_params_default(&p);
	struct instance_type ref = fast_type(), sim = fast_type();
	ref.speed_index = 1.2;
	perf_set_reference(&p, &ref, 0);
	struct perf_target t = { .net = { 100, 1, 1 } };
	t.speed_per_cpu = perf_cpu_speed(&sim, 0, p.smt_yield);
	struct job_times jt;
	perf_job_times(&p, &t, 3600000, 1, -1, &jt);
	assert_int_equal(jt.compute_ms, 2880000);   /* 3600 s x 1.2 / 1.5 */
	assert_int_equal(jt.comm_ms, 0);
	/* The slower instance lengthens it by the inverse ratio. */
	struct instance_type slow = fast_type();
	slow.speed_index = 0.8;
	t.speed_per_cpu = perf_cpu_speed(&slow, 0, p.smt_yield);
	perf_job_times(&p, &t, 3600000, 1, -1, &jt);
	assert_int_equal(jt.compute_ms, 5400000);
}

static void no_reference_means_no_scaling(void **state)
{
	(void)state;
	struct perf_params p;
	perf_params_default(&p);
	struct instance_type sim = fast_type();
	struct perf_target t = { .speed_per_cpu =
				 perf_cpu_speed(&sim, 0, p.smt_yield) };
	t.net = p.ref_net;
	assert_true(perf_speed_factor(&p, &t) == 1.0);
	struct job_times jt;
	perf_job_times(&p, &t, 123457, 4, 0.25, &jt);
	/* Same network as the reference: comm is the measured share. */
	assert_int_equal(jt.compute_ms, 92593);
	assert_int_equal(jt.comm_ms, 30864);
}

static void disable_smt_halves_cpus_and_speeds_each(void **state)
{
	(void)state;
	struct instance_type it = smt_type();
	assert_int_equal(perf_cpus_per_node(&it, 0), 72);
	assert_int_equal(perf_cpus_per_node(&it, 1), 36);
	struct instance_type one = fast_type();
	assert_int_equal(perf_cpus_per_node(&one, 1), 96);
	/* A busy SMT core does 1.2x one thread's work over two CPUs. */
	assert_float_equal(perf_cpu_speed(&it, 0, 1.2), 0.6, 1e-12);
	assert_float_equal(perf_cpu_speed(&it, 1, 1.2), 1.0, 1e-12);
	assert_float_equal(perf_cpu_speed(&one, 0, 1.2), 1.5, 1e-12);

	/* Trace measured with SMT on, simulated with it off: each CPU is
	 * 1/0.6 times faster. */
	struct perf_params p;
	perf_params_default(&p);
	perf_set_reference(&p, &it, 0);
	struct compute_resource cr = { .disable_smt = 1, .efa = 1,
				       .pg = { .enabled = 1 } };
	struct perf_target t;
	perf_target_for(&p, &it, &cr, &t);
	struct job_times jt;
	perf_job_times(&p, &t, 1000000, 1, -1, &jt);
	assert_int_equal(jt.compute_ms, 600000);
}

/* The message time with the default parameters, computed by hand. */
#define EFA_100G_US (17.5 + 65536.0 / (100e9 * 0.96 / 8 / 1e6))
#define TCP_PG_100G_US (37.5 + 65536.0 / (10e9 / 8 / 1e6))
#define TCP_NOPG_100G_US (37.5 + 15.0 + 65536.0 / (5e9 / 8 / 1e6))

static void alpha_beta_message_times(void **state)
{
	(void)state;
	struct perf_params p;
	perf_params_default(&p);
	struct net_setup efa = { 100, 1, 1 }, tcp = { 100, 0, 1 },
			 nopg = { 100, 0, 0 }, slow = { 4, 0, 1 };
	assert_float_equal(perf_message_us(&p.net, &efa), EFA_100G_US, 1e-9);
	assert_float_equal(perf_message_us(&p.net, &tcp), TCP_PG_100G_US, 1e-9);
	assert_float_equal(perf_message_us(&p.net, &nopg), TCP_NOPG_100G_US,
			   1e-9);
	/* A 4 Gbit/s instance is limited by its own bandwidth, not the flow. */
	assert_float_equal(perf_message_us(&p.net, &slow),
			   37.5 + 65536.0 / (4e9 / 8 / 1e6), 1e-9);
	/* More TCP flows help only up to the instance bandwidth. */
	p.net.tcp_flows = 4;
	assert_float_equal(perf_message_us(&p.net, &tcp),
			   37.5 + 65536.0 / (40e9 / 8 / 1e6), 1e-9);
	p.net.tcp_flows = 40;
	assert_float_equal(perf_message_us(&p.net, &tcp),
			   37.5 + 65536.0 / (100e9 / 8 / 1e6), 1e-9);
}

static void efa_vs_tcp_changes_comm_heavy_8_node_job(void **state)
{
	(void)state;
	struct perf_params p;
	perf_params_default(&p);
	struct instance_type it = smt_type();
	struct compute_resource cr = { .efa = 1, .pg = { .enabled = 1 } };
	struct perf_target with_efa, with_tcp;
	perf_target_for(&p, &it, &cr, &with_efa);
	cr.efa = 0;
	perf_target_for(&p, &it, &cr, &with_tcp);
	assert_int_equal(with_efa.net.efa, 1);
	assert_int_equal(with_tcp.net.efa, 0);

	struct job_times a, b;
	perf_job_times(&p, &with_efa, 10000000, 8, 0.8, &a);
	perf_job_times(&p, &with_tcp, 10000000, 8, 0.8, &b);
	assert_int_equal(a.compute_ms, 2000000);
	assert_int_equal(b.compute_ms, 2000000);
	/* Reference network = EFA, PG, 100 Gbit/s = this instance with EFA. */
	assert_int_equal(a.comm_ms, 8000000);
	double ratio = TCP_PG_100G_US / EFA_100G_US;
	assert_true(ratio > 3.5);
	assert_int_equal(b.comm_ms, llround(8000000.0 * ratio));

	/* EFA configured on a type that does not support it is TCP. */
	it.efa = 0;
	cr.efa = 1;
	struct perf_target unsupported;
	perf_target_for(&p, &it, &cr, &unsupported);
	assert_int_equal(unsupported.net.efa, 0);
}

static void single_node_jobs_ignore_network(void **state)
{
	(void)state;
	struct perf_params p;
	perf_params_default(&p);
	p.default_comm_fraction = 0.5;
	struct net_setup nets[] = { { 100, 1, 1 }, { 100, 0, 1 },
				    { 25, 0, 0 }, { 5, 0, 0 } };
	for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++) {
		struct perf_target t = { .speed_per_cpu = 1, .net = nets[i] };
		struct job_times jt;
		perf_job_times(&p, &t, 777777, 1, 0.9, &jt);
		assert_int_equal(jt.compute_ms, 777777);
		assert_int_equal(jt.comm_ms, 0);
		perf_job_times(&p, &t, 777777, 1, -1, &jt);
		assert_int_equal(jt.compute_ms + jt.comm_ms, 777777);
	}
	/* ...while a 2-node job with the default fraction does feel it. */
	struct perf_target t = { .speed_per_cpu = 1, .net = { 5, 0, 0 } };
	struct job_times jt;
	perf_job_times(&p, &t, 1000000, 2, -1, &jt);
	assert_int_equal(jt.compute_ms, 500000);
	assert_true(jt.comm_ms > 500000);
}

static void no_placement_group_slows_communication(void **state)
{
	(void)state;
	struct perf_params p;
	perf_params_default(&p);
	struct net_setup pg = { 100, 1, 1 }, nopg = { 100, 1, 0 };
	assert_float_equal(perf_net_factor(&p, &pg), 1.0, 1e-12);
	assert_float_equal(perf_net_factor(&p, &nopg),
			   (EFA_100G_US + 15.0) / EFA_100G_US, 1e-12);
}

/* The split from factors known beforehand (jobrun computes them once per
 * compute resource) is the split from the target, to the bit. */
static void known_factors_give_the_same_split(void **state)
{
	(void)state;
	struct perf_params p;
	perf_params_default(&p);
	p.ref_speed_per_cpu = 1.3;
	struct net_setup nets[] = { { 100, 1, 1 }, { 100, 0, 1 },
				    { 25, 0, 0 }, { 0, 0, 0 } };
	static const int64_t runs_ms[] = { 0, 1, 777777, 123456789 };
	static const double fractions[] = { -1, 0, 0.25, 0.9, 1 };
	for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++)
	for (size_t r = 0; r < sizeof runs_ms / sizeof runs_ms[0]; r++)
	for (size_t f = 0; f < sizeof fractions / sizeof fractions[0]; f++)
	for (int nodes = 1; nodes <= 3; nodes++) {
		struct perf_target t = { .speed_per_cpu = 0.7 + 0.2 * (double)i,
					 .net = nets[i] };
		struct job_times a, b;
		perf_job_times(&p, &t, runs_ms[r], nodes, fractions[f], &a);
		perf_job_times_by(&p, perf_speed_factor(&p, &t),
				  perf_net_factor(&p, &t.net), runs_ms[r],
				  nodes, fractions[f], &b);
		assert_int_equal(a.compute_ms, b.compute_ms);
		assert_int_equal(a.comm_ms, b.comm_ms);
		assert_true(nodes > 1 || fractions[f] <= 0 || b.comm_ms == 0);
	}
}

static void bad_parameters_are_named(void **state)
{
	(void)state;
	struct perf_params p;
	perf_params_default(&p);
	struct diags d;
	diags_init(&d);
	assert_int_equal(perf_params_check(&p, "s.yaml", &d), 0);
	p.net.msg_bytes = 0;
	p.default_comm_fraction = 1.5;
	p.net.tcp_flows = 0;
	assert_int_equal(perf_params_check(&p, "s.yaml", &d), 3);
	char buf[256];
	diag_format(&d.items[0], buf, sizeof buf);
	assert_non_null(strstr(buf, "s.yaml"));
	int saw_msg = 0;
	for (size_t i = 0; i < d.n; i++)
		saw_msg |= strstr(d.items[i].text, "perf.msg_bytes") != NULL;
	assert_true(saw_msg);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(faster_instance_shortens_compute_by_speed_ratio),
		cmocka_unit_test(no_reference_means_no_scaling),
		cmocka_unit_test(disable_smt_halves_cpus_and_speeds_each),
		cmocka_unit_test(alpha_beta_message_times),
		cmocka_unit_test(efa_vs_tcp_changes_comm_heavy_8_node_job),
		cmocka_unit_test(single_node_jobs_ignore_network),
		cmocka_unit_test(no_placement_group_slows_communication),
		cmocka_unit_test(known_factors_give_the_same_split),
		cmocka_unit_test(bad_parameters_are_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
