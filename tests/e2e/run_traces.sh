#!/usr/bin/env bash
# The invariant checker (--check) over every whole trace in the reference
# set, under fcfs, easy and conservative, on a static cluster the size of
# each machine: MaxProcs from the SWF header, else MaxNodes (lublin_256 has
# only "MaxNodes: 256", a machine of single-processor nodes, SOURCES.md);
# 1-vCPU c6g.medium nodes up to 512 processors, 64-vCPU c6g.16xlarge nodes
# above.  The peer-input job lists run on single-processor nodes as their
# README says (240, 128, 2,176 processors).
#
# Every trace and policy runs on the plain binary except RICC-2010-2 under
# conservative, which takes many minutes (docs/scheduling.md): set
# PCLSIM_E2E_ALL_TRACES=1 to run it too.  The sanitized binary takes the
# small traces only.
. "$(dirname "$0")/lib.bash"
need_ref traces/peer-inputs/hpc2n_1000_input.csv

CFG=$SRC/bench/configs/peer-240.yaml
CR='Scheduling.SlurmQueues[0].ComputeResources[0]'
case "$PCLSIM" in *_san) big=0 ;; *) big=1 ;; esac
all=${PCLSIM_E2E_ALL_TRACES:-0}

run_static() {   # trace procs policy
	local trace=$1 procs=$2 policy=$3 it=c6g.medium n=$2
	if [ "$procs" -gt 512 ]; then it=c6g.16xlarge; n=$(( (procs + 63) / 64 )); fi
	expect_status 0 "$PCLSIM" --config "$CFG" --trace "$trace" --policy "$policy" \
		--set "$CR.InstanceType=$it" --set "$CR.MinCount=$n" --set "$CR.MaxCount=$n" \
		--check -q
}

# The machine size an SWF header gives: MaxProcs, else MaxNodes.
machine_size() {
	local head
	head=$(zcat -f "$1" | head -100)
	{ echo "$head" | grep -m1 -E '^; *MaxProcs:' ||
	  echo "$head" | grep -m1 -E '^; *MaxNodes:'; } | grep -oE '[0-9]+' | head -1
}

peer=$REF/traces/peer-inputs
for policy in fcfs easy conservative; do
	run_static "$peer/hpc2n_1000_input.csv" 240 $policy
	run_static "$peer/nasa_all_input.csv" 128 $policy
	if [ "$big" = 1 ]; then
		run_static "$peer/hpc2n_all_input.csv" 240 $policy
		run_static "$peer/wagap_all_input.csv" 2176 $policy
		run_static "$peer/hpc2n_x60_input.csv.gz" 240 $policy
	fi
	for f in "$REF"/traces/*.swf.gz; do
		procs=$(machine_size "$f")
		[ -n "$procs" ] || { fail "$f: no MaxProcs or MaxNodes header"; continue; }
		size=$(stat -c %s "$f")
		if [ "$big" = 0 ] && [ "$size" -ge 600000 ]; then
			continue
		fi
		case "$(basename "$f"):$policy:$all" in
		RICC-*:conservative:0) continue ;;
		esac
		run_static "$f" "$procs" $policy
	done
done
finish
