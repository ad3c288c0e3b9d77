/*
 * Instance speed and network (alpha-beta) scaling of a job's run time.  The
 * defaults and their sources are listed in docs/performance.md; the figures
 * marked [recall] in ../shared/reference/aws-data/FACTS.md section 5 are
 * used as documented defaults, and every one can be set in the scenario.
 */
#include "models/perf.h"

#include <math.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"

void perf_params_default(struct perf_params *p)
{
	*p = (struct perf_params){
		.net = {
			/* FACTS.md s5 [recall]: osu_latency EFA ~15-20 us,
			 * TCP in a placement group ~25-50 us; midpoints. */
			.efa_latency_us = 17.5,
			.tcp_latency_us = 37.5,
			/* No figure in the reference data: an assumption,
			 * documented as such. */
			.no_pg_extra_latency_us = 15.0,
			/* FACTS.md s5 [recall]: ~12 GB/s on 100 Gbit/s. */
			.efa_bw_efficiency = 0.96,
			/* FACTS.md s5 [page]: one TCP flow 5 Gbit/s, 10
			 * inside a cluster placement group. */
			.tcp_flow_gbps_pg = 10.0,
			.tcp_flow_gbps_no_pg = 5.0,
			/* Open MPI's TCP transport opens one connection
			 * per peer pair by default (btl_tcp_links = 1). */
			.tcp_flows = 1,
			.msg_bytes = 65536.0,
		},
		/* An HPC-grade fabric, the cloud analogue of the on-premises
		 * InfiniBand clusters traces usually come from. */
		.ref_net = { .gbps = 100.0, .efa = 1, .pg = 1 },
		.ref_speed_per_cpu = 0.0,
		.smt_yield = 1.2,
		.default_comm_fraction = 0.0,
	};
}

static int check_positive(double v, const char *name, const char *file,
			  struct diags *d)
{
	if (v > 0 && isfinite(v))
		return 0;
	diag_error(d, file, 0, 0, "perf.%s must be a number > 0 (got %g)",
		   name, v);
	return 1;
}

int perf_params_check(const struct perf_params *p, const char *file,
		      struct diags *d)
{
	const struct net_params *n = &p->net;
	int errors = 0;
	errors += check_positive(n->efa_latency_us, "efa_latency_us", file, d);
	errors += check_positive(n->tcp_latency_us, "tcp_latency_us", file, d);
	if (!(n->no_pg_extra_latency_us >= 0)) {
		diag_error(d, file, 0, 0, "perf.no_pg_extra_latency_us must be "
			   ">= 0 (got %g)", n->no_pg_extra_latency_us);
		errors++;
	}
	if (!(n->efa_bw_efficiency > 0 && n->efa_bw_efficiency <= 1)) {
		diag_error(d, file, 0, 0, "perf.efa_bw_efficiency must be in "
			   "(0, 1] (got %g)", n->efa_bw_efficiency);
		errors++;
	}
	errors += check_positive(n->tcp_flow_gbps_pg, "tcp_flow_gbps_pg",
				 file, d);
	errors += check_positive(n->tcp_flow_gbps_no_pg, "tcp_flow_gbps_no_pg",
				 file, d);
	if (n->tcp_flows < 1) {
		diag_error(d, file, 0, 0, "perf.tcp_flows must be >= 1 (got %d)",
			   n->tcp_flows);
		errors++;
	}
	errors += check_positive(n->msg_bytes, "msg_bytes", file, d);
	errors += check_positive(p->ref_net.gbps, "reference_network_gbps",
				 file, d);
	if (!(p->smt_yield >= 1 && p->smt_yield <= 2)) {
		diag_error(d, file, 0, 0, "perf.smt_yield must be in [1, 2] "
			   "(got %g)", p->smt_yield);
		errors++;
	}
	if (!(p->default_comm_fraction >= 0 && p->default_comm_fraction < 1)) {
		diag_error(d, file, 0, 0, "perf.comm_fraction must be in [0, 1) "
			   "(got %g)", p->default_comm_fraction);
		errors++;
	}
	return errors;
}

static int threads_per_core(const struct instance_type *it)
{
	return it->threads_per_core > 1 ? it->threads_per_core : 1;
}

int perf_cpus_per_node(const struct instance_type *it, int disable_smt)
{
	if (!disable_smt)
		return it->vcpus;
	return it->vcpus / threads_per_core(it);
}

double perf_cpu_speed(const struct instance_type *it, int disable_smt,
		      double smt_yield)
{
	int tpc = threads_per_core(it);
	if (disable_smt || tpc == 1)
		return it->speed_index;
	return it->speed_index * smt_yield / tpc;
}

void perf_set_reference(struct perf_params *p, const struct instance_type *it,
			int disable_smt)
{
	p->ref_speed_per_cpu = perf_cpu_speed(it, disable_smt, p->smt_yield);
}

void perf_target_for(const struct perf_params *p,
		     const struct instance_type *it,
		     const struct compute_resource *cr,
		     struct perf_target *out)
{
	out->speed_per_cpu = perf_cpu_speed(it, cr->disable_smt, p->smt_yield);
	out->net.gbps = it->network_gbps;
	out->net.efa = cr->efa && it->efa;
	out->net.pg = cr->pg.enabled;
}

/* beta in bytes per microsecond.  A type whose bandwidth is unknown gets
 * what one TCP flow can carry. */
static double bandwidth_bytes_per_us(const struct net_params *n,
				     const struct net_setup *s)
{
	double flow = s->pg ? n->tcp_flow_gbps_pg : n->tcp_flow_gbps_no_pg;
	double line = s->gbps > 0 ? s->gbps : flow;
	double gbps;
	if (s->efa)
		gbps = line * n->efa_bw_efficiency;
	else
		gbps = fmin(line, flow * n->tcp_flows);
	return gbps * 1e9 / 8 / 1e6;
}

double perf_message_us(const struct net_params *n, const struct net_setup *s)
{
	double alpha = s->efa ? n->efa_latency_us : n->tcp_latency_us;
	if (!s->pg)
		alpha += n->no_pg_extra_latency_us;
	return alpha + n->msg_bytes / bandwidth_bytes_per_us(n, s);
}

double perf_net_factor(const struct perf_params *p, const struct net_setup *s)
{
	return perf_message_us(&p->net, s) / perf_message_us(&p->net,
							      &p->ref_net);
}

double perf_speed_factor(const struct perf_params *p,
			 const struct perf_target *t)
{
	if (p->ref_speed_per_cpu <= 0 || t->speed_per_cpu <= 0)
		return 1.0;
	return p->ref_speed_per_cpu / t->speed_per_cpu;
}

void perf_job_times_by(const struct perf_params *p, double speed_factor,
		       double net_factor, int64_t runtime_ms, int nodes,
		       double comm_fraction, struct job_times *out)
{
	double f = comm_fraction >= 0 ? comm_fraction
				      : p->default_comm_fraction;
	if (nodes < 2 || f < 0)
		f = 0;
	if (f > 1)
		f = 1;
	double run = (double)runtime_ms;
	out->compute_ms = llround(run * (1 - f) * speed_factor);
	out->comm_ms = llround(run * f * net_factor);
}

void perf_job_times(const struct perf_params *p, const struct perf_target *t,
		    int64_t runtime_ms, int nodes, double comm_fraction,
		    struct job_times *out)
{
	perf_job_times_by(p, perf_speed_factor(p, t),
			  perf_net_factor(p, &t->net), runtime_ms, nodes,
			  comm_fraction, out);
}
