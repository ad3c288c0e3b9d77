#!/usr/bin/env bash
# The invariant checker over every whole trace in the reference set, on a
# static cluster the size of each machine (MaxProcs from the SWF header:
# 1-vCPU c6g.medium nodes up to 512 processors, 64-vCPU c6g.16xlarge nodes
# above), under fcfs, easy and conservative; and the peer-input job lists
# on their 240/128-processor machines.  The big traces run only on the plain
# binary (the sanitized one takes the small ones).
. "$(dirname "$0")/lib.bash"
need_ref traces/peer-inputs/hpc2n_1000_input.csv

CFG=$SRC/bench/configs/peer-240.yaml
CR='Scheduling.SlurmQueues[0].ComputeResources[0]'
case "$PCLSIM" in *_san) big=0 ;; *) big=1 ;; esac

run_static() {   # trace procs policy
	local trace=$1 procs=$2 policy=$3 it=c6g.medium n=$2
	if [ "$procs" -gt 512 ]; then it=c6g.16xlarge; n=$(( (procs + 63) / 64 )); fi
	expect_status 0 "$PCLSIM" --config "$CFG" --trace "$trace" --policy "$policy" \
		--set "$CR.InstanceType=$it" --set "$CR.MinCount=$n" --set "$CR.MaxCount=$n" \
		--check -q
}

for policy in fcfs easy conservative; do
	run_static "$REF/traces/peer-inputs/hpc2n_1000_input.csv" 240 $policy
	run_static "$REF/traces/peer-inputs/nasa_all_input.csv" 128 $policy
	for f in "$REF"/traces/*.swf.gz; do
		procs=$(zcat "$f" | head -100 | grep -m1 -E '^; *MaxProcs:' | grep -oE '[0-9]+')
		procs=${procs:-256}
		size=$(stat -c %s "$f")
		if [ "$big" = 1 ] || [ "$size" -lt 600000 ]; then
			run_static "$f" "$procs" $policy
		fi
	done
done
finish
