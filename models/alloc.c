/*
 * Node selection as select/cons_tres does it with ParallelCluster's
 * settings: CPUs are the consumable resource (CR_CPU), memory too with
 * EnableMemoryBasedScheduling (CR_CPU_Memory), GPUs as gres.  Nodes are
 * taken lowest Weight first; within one weight, nodes that are up (or
 * already booting) before powered-down ones, then in slurm.conf order (name
 * order within a NodeName range: q-dy-cr-2 before q-dy-cr-10).  A job
 * without a node count takes CPUs greedily from the first nodes that have
 * them (a 40-CPU job on 16-CPU nodes takes n[1-3], as real Slurm did); with
 * a node count it gets exactly that many nodes and its CPUs split evenly;
 * exclusive jobs (--exclusive, or OverSubscribe=EXCLUSIVE) take whole idle
 * nodes.  With memory scheduling a job that gives no memory gets the node's
 * whole RealMemory (Slurm's DefMemPerNode default), so it shares nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "models/partition.h"
#include "models/slurm.h"
#include "workloads/job.h"

struct need {
	int32_t cpus_left, gpus_left;
	int32_t taken;
	int fixed;                  /* exactly j->nodes nodes */
	int one;                    /* the whole job on one node */
};

static int scratch_reserve(struct slurm *s, size_t need)
{
	if (need <= s->s_cap)
		return 0;
	size_t cap = s->s_cap ? s->s_cap * 2 : 256;
	while (cap < need)
		cap *= 2;
	int32_t *n = realloc(s->s_node, cap * sizeof *n);
	if (n)
		s->s_node = n;
	int32_t *k = n ? realloc(s->s_count, cap * sizeof *k) : NULL;
	if (k)
		s->s_count = k;
	int32_t *c = k ? realloc(s->s_cpus, cap * sizeof *c) : NULL;
	if (c)
		s->s_cpus = c;
	int32_t *g = c ? realloc(s->s_gpus, cap * sizeof *g) : NULL;
	if (g)
		s->s_gpus = g;
	int64_t *m = g ? realloc(s->s_mem, cap * sizeof *m) : NULL;
	if (m)
		s->s_mem = m;
	uint8_t *w = m ? realloc(s->s_whole, cap * sizeof *w) : NULL;
	if (!w) {
		s->oom = 1;
		return -1;
	}
	s->s_whole = w;
	s->s_cap = cap;
	return 0;
}

/* Adds count nodes from node, each giving (c, g, m), to the scratch:
 * extends the last piece when they follow it with the same shares. */
static int scratch_add(struct slurm *s, int32_t node, int32_t count,
		       int32_t c, int32_t g, int64_t m)
{
	size_t i = s->s_n;
	if (i > 0 && s->s_node[i - 1] + s->s_count[i - 1] == node &&
	    s->s_cpus[i - 1] == c && s->s_gpus[i - 1] == g &&
	    s->s_mem[i - 1] == m) {
		s->s_count[i - 1] += count;
		return 0;
	}
	if (scratch_reserve(s, i + 1))
		return -1;
	s->s_node[i] = node;
	s->s_count[i] = count;
	s->s_cpus[i] = c;
	s->s_gpus[i] = g;
	s->s_mem[i] = m;
	s->s_n++;
	return 0;
}

static int cr_allowed(const struct sjob *j, int local_cr, int is_static)
{
	if (local_cr < 64 && !((j->cr_mask >> local_cr) & 1))
		return 0;
	return !(j->node_kind == 1 && !is_static) && !(j->node_kind == 2 && is_static);
}

/* The i-th of n equal shares of total (the first total % n get one more). */
static int32_t share(int32_t total, int32_t n, int32_t i)
{
	return total / n + (i < total % n);
}

/* A job's memory request, per node or per CPU (at most one is set), read
 * from its trace record: the model keeps no copy of what only memory
 * scheduling uses.  Call it only with memory scheduling on. */
struct mem_request {
	int64_t per_node_mb, per_cpu_mb;
};

static struct mem_request job_mem(const struct slurm *s, const struct sjob *j)
{
	const struct job *tj = &s->trace->jobs[j - s->jobs];
	return (struct mem_request){ tj->mem_mb, tj->mem_per_cpu_mb };
}

/* What the job takes from node n, given what is still needed; returns 0
 * when the node cannot serve it. */
static int take(const struct slurm *s, const struct sjob *j,
		const struct snode *n, const struct need *nd,
		int32_t *c, int32_t *g, int64_t *m)
{
	int memsched = s->layout->memory_scheduling;
	if (j->exclusive) {
		if (nd->fixed) {
			if (n->cpus < share(j->cpus, j->nodes, 0) ||
			    n->gpus < share(j->gpus, j->nodes, 0))
				return 0;
		} else if (nd->gpus_left > 0 && n->gpus == 0) {
			return 0;
		}
		if (memsched) {
			struct mem_request mr = job_mem(s, j);
			int64_t per = mr.per_node_mb > 0 ? mr.per_node_mb :
				      mr.per_cpu_mb * n->cpus;
			if (per > n->mem_mb)
				return 0;
		}
		*c = n->cpus;
		*g = n->gpus;
		*m = memsched ? n->mem_mb : 0;
		return 1;
	}
	const struct sshare sh = node_share(s, n);
	if (nd->fixed || nd->one) {
		int32_t of = nd->one ? 1 : j->nodes;
		*c = share(j->cpus, of, nd->taken);
		*g = share(j->gpus, of, nd->taken);
		if (sh.cpus_free < *c || sh.gpus_free < *g)
			return 0;
	} else {
		int32_t want = nd->cpus_left > 0 ? nd->cpus_left : 1;
		*c = sh.cpus_free < want ? sh.cpus_free : want;
		*g = 0;
		if (nd->gpus_left > 0) {
			*g = sh.gpus_free < nd->gpus_left ? sh.gpus_free : nd->gpus_left;
			if (*g == 0)
				return 0;
		}
	}
	*m = 0;
	if (memsched) {
		struct mem_request mr = job_mem(s, j);
		if (mr.per_cpu_mb > 0) {
			int64_t fit = sh.mem_free_mb / mr.per_cpu_mb;
			if (!nd->fixed && !nd->one && fit < *c)
				*c = (int32_t)fit;
			*m = mr.per_cpu_mb * *c;
		} else if (mr.per_node_mb > 0) {
			*m = mr.per_node_mb;
		} else {
			*m = n->mem_mb;   /* no --mem: the whole node's memory */
		}
		if (*m > sh.mem_free_mb)
			return 0;
	}
	return *c >= 1;
}

static int satisfied(const struct sjob *j, const struct need *nd)
{
	if (nd->one)
		return nd->taken == 1;
	return nd->fixed ? nd->taken == j->nodes :
	       nd->cpus_left <= 0 && nd->gpus_left <= 0;
}

/* The first position >= pos and < hi set in bm, or hi. */
static int32_t next_set(const uint64_t *bm, int32_t pos, int32_t hi)
{
	if (pos >= hi)
		return hi;
	int32_t w = pos >> 6;
	uint64_t bits = bm[w] & (~0ull << (pos & 63));
	while (!bits) {
		if (++w > (hi - 1) >> 6)
			return hi;
		bits = bm[w];
	}
	pos = (w << 6) + __builtin_ctzll(bits);
	return pos < hi ? pos : hi;
}

/* How many consecutive positions from pos (at most max) are set in both a
 * and b, found a word at a time. */
static int32_t run_length(const uint64_t *a, const uint64_t *b, int32_t pos,
			  int32_t max)
{
	int32_t n = 0;
	while (n < max) {
		int32_t i = pos + n, sh = i & 63;
		uint64_t ones = ~((a[i >> 6] & b[i >> 6]) >> sh);
		int32_t k = ones ? __builtin_ctzll(ones) : 64 - sh;
		if (k > 64 - sh)
			k = 64 - sh;
		n += k;
		if (k < 64 - sh)
			break;
	}
	return n < max ? n : max;
}

/* After a greedy job took c CPUs and no GPUs from node n, a fully free node (full)
 * of the same kind right after it gives the same while at least n's CPUs
 * are still wanted: take such a run whole instead of node by node.
 * Returns how many more nodes were taken. */
static int32_t take_run(struct slurm *s, const struct sjob *j,
			const struct spart *p, const uint64_t *bm,
			const uint64_t *full, int32_t pos, int32_t hi,
			struct need *nd, int32_t c)
{
	const struct snode *n = &s->nodes[p->first_node + pos];
	if (nd->fixed || nd->one || j->exclusive || nd->gpus_left > 0 ||
	    c < 1 || nd->cpus_left < n->cpus)
		return 0;
	/* Each of the first max nodes leaves at least n's CPUs wanted; the
	 * run stops at the end of n's kind. */
	int32_t max = (nd->cpus_left - n->cpus) / c + 1;
	if (max > hi - pos - 1)
		max = hi - pos - 1;
	if (max > p->kind_end[pos] - pos - 1)
		max = p->kind_end[pos] - pos - 1;
	int32_t x = run_length(bm, full, pos + 1, max);
	nd->cpus_left -= x * c;
	nd->taken += x;
	return x;
}

/* Visits the set bits of bm in [lo, hi); returns 1 once the job is placed,
 * 0 when the range is exhausted, -1 when out of memory.  full holds the
 * positions of bm whose nodes have all their resources free. */
static int scan(struct slurm *s, const struct sjob *j, const struct spart *p,
		const uint64_t *bm, const uint64_t *full, int32_t lo,
		int32_t hi, struct need *nd)
{
	int first_cr = s->layout->parts[j->part].first_cr;
	for (int32_t pos = next_set(bm, lo, hi); pos < hi;
	     pos = next_set(bm, pos + 1, hi)) {
		const struct snode *n = &s->nodes[p->first_node + pos];
		if (!cr_allowed(j, n->cr - first_cr, n->is_static))
			continue;
		int32_t c, g;
		int64_t m;
		if (!take(s, j, n, nd, &c, &g, &m))
			continue;
		int was_full = (full[pos >> 6] >> (pos & 63)) & 1;
		nd->cpus_left -= c;
		nd->gpus_left -= g;
		nd->taken++;
		int32_t more = 0;
		if (was_full && g == 0 && !satisfied(j, nd))
			more = take_run(s, j, p, bm, full, pos, hi, nd, c);
		if (scratch_add(s, p->first_node + pos, 1 + more, c, g, m))
			return -1;
		pos += more;
		if (satisfied(j, nd))
			return 1;
	}
	return 0;
}

/* One weight group, up nodes before powered-down ones. */
static int scan_group(struct slurm *s, const struct sjob *j,
		      const struct spart *p, int32_t lo, int32_t hi,
		      struct need *nd)
{
	const uint64_t *on = j->exclusive ? p->bm_idle : p->bm_free;
	/* bm_free has no bit before word free_w0 (nor has a mask of it):
	 * the scan would only walk empty words there. */
	int32_t from = lo;
	if (!j->exclusive && (int64_t)p->free_w0 * 64 > lo)
		from = (int32_t)((int64_t)p->free_w0 * 64 < hi ?
				 (int64_t)p->free_w0 * 64 : hi);
	int r = scan(s, j, p, on, p->bm_idle, from, hi, nd);
	return r ? r : scan(s, j, p, p->bm_off, p->bm_off, lo, hi, nd);
}

/* Weight first.  Within the group where the job starts, a single node that
 * holds all of it is preferred to splitting it (best fit, as Slurm placed a
 * 16-CPU job on a free node rather than on two half-busy ones); otherwise
 * CPUs are taken greedily, spilling into the next groups. */
int slurm_alloc_find(struct slurm *s, const struct sjob *j)
{
	const struct spart *p = &s->parts[j->part];
	struct need nd = { j->cpus, j->gpus, 0, j->nodes > 0, 0 };
	int try_one = !nd.fixed && !j->exclusive && j->cpus > 1 &&
		      j->cpus <= p->max_cpus;
	s->s_n = 0;
	int32_t lo = 0;
	for (int gi = 0; gi < p->n_groups; gi++) {
		int32_t hi = p->group_end[gi];
		if (try_one && nd.taken == 0) {
			struct need one = { j->cpus, j->gpus, 0, 0, 1 };
			int r = scan_group(s, j, p, lo, hi, &one);
			if (r)
				return r < 0 ? -1 : one.taken;
			s->s_n = 0;
		}
		int r = scan_group(s, j, p, lo, hi, &nd);
		if (r)
			return r < 0 ? -1 : nd.taken;
		lo = hi;
	}
	return -1;
}

/* Per CR (its nodes are identical), how many nodes could serve the job and
 * how many CPUs/GPUs they offer, all nodes being free. */
int slurm_job_feasible(const struct slurm *s, const struct sjob *j)
{
	const struct slurm_layout *l = s->layout;
	const struct slurm_part *lp = &l->parts[j->part];
	int64_t nodes_ok = 0, cpus = 0, gpus = 0;
	for (int i = 0; i < lp->n_crs; i++) {
		const struct slurm_cr *cr = &l->crs[lp->first_cr + i];
		int64_t count = (cr_allowed(j, i, 1) ? cr->n_static : 0) +
				(cr_allowed(j, i, 0) ? cr->n_dynamic : 0);
		if (count == 0)
			continue;
		int32_t usable = cr->cpus;
		int32_t need_c = j->nodes > 0 ? share(j->cpus, j->nodes, 0) : 1;
		int32_t need_g = j->nodes > 0 ? share(j->gpus, j->nodes, 0) : 0;
		int64_t need_m = 0;
		if (l->memory_scheduling) {
			struct mem_request mr = job_mem(s, j);
			if (mr.per_cpu_mb > 0) {
				int64_t fit = cr->real_mem_mb / mr.per_cpu_mb;
				if (!j->exclusive && fit < usable)
					usable = (int32_t)fit;
				/* An exclusive job holds every CPU, so
				 * its memory per CPU counts for all. */
				need_m = mr.per_cpu_mb *
					 (j->exclusive ? cr->cpus : need_c);
			} else {
				need_m = mr.per_node_mb;
			}
		}
		if (usable < need_c || cr->gpus < need_g || need_m > cr->real_mem_mb)
			continue;
		nodes_ok += count;
		cpus += count * (j->exclusive ? cr->cpus : usable);
		gpus += count * cr->gpus;
	}
	if (j->nodes > 0)
		return nodes_ok >= j->nodes;
	return cpus >= j->cpus && gpus >= j->gpus;
}
