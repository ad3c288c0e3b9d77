#!/usr/bin/env bash
# The invariant checker over the reference traces under the slurm policy
# with ParallelCluster's default timers, on a static cluster the size of
# each machine (MaxProcs from the SWF header, else MaxNodes; 1-vCPU
# c6g.medium nodes up to 512 processors, 64-vCPU c6g.16xlarge nodes above)
# and the peer-input job lists on their 240/128-processor machines.  The
# sanitized binary takes the small traces; the plain one all but the three
# largest (CEA-Curie, RICC, CTC-SP2: about five CPU minutes together
# under node-level backfill), which run with PCLSIM_E2E_ALL_TRACES=1.
. "$(dirname "$0")/lib.bash"
need_ref traces/peer-inputs/hpc2n_1000_input.csv

CFG=$SRC/bench/configs/peer-240.yaml
CR='Scheduling.SlurmQueues[0].ComputeResources[0]'
case "$PCLSIM" in *_san) big=0 ;; *) big=1 ;; esac
all=${PCLSIM_E2E_ALL_TRACES:-0}

run_static() {   # trace procs
	local trace=$1 procs=$2 it=c6g.medium n=$2
	if [ "$procs" -gt 512 ]; then it=c6g.16xlarge; n=$(( (procs + 63) / 64 )); fi
	expect_status 0 "$PCLSIM" --config "$CFG" --trace "$trace" --policy slurm \
		--set "$CR.InstanceType=$it" --set "$CR.MinCount=$n" --set "$CR.MaxCount=$n" \
		--check -q
}

run_static "$REF/traces/peer-inputs/hpc2n_1000_input.csv" 240
run_static "$REF/traces/peer-inputs/nasa_all_input.csv" 128
for f in "$REF"/traces/*.swf.gz; do
	head=$(zcat "$f" | head -100)
	procs=$(echo "$head" | grep -m1 -E '^; *MaxProcs:' | grep -oE '[0-9]+')
	[ -n "$procs" ] || procs=$(echo "$head" | grep -m1 -E '^; *MaxNodes:' | grep -oE '[0-9]+')
	procs=${procs:-256}
	size=$(stat -c %s "$f")
	case $(basename "$f") in
	CEA-Curie*|RICC*|CTC-SP2*) [ "$all" = 1 ] || continue ;;
	esac
	if [ "$big" = 1 ] || [ "$size" -lt 600000 ]; then
		run_static "$f" "$procs"
	fi
done
finish
