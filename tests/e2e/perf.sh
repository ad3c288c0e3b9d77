#!/usr/bin/env bash
# The performance models through `pclsim run`: a run's makespan responds to
# the FSx capacity, LZ4 compression, EFA on/off and a faster instance, each
# by its closed form (docs/performance.md).  The cluster has 8 static
# c5n.18xlarge nodes (jobs start on submission) and a 1.2 TiB PERSISTENT_2
# file system at 1000 MB/s/TiB: 1.2 GB/s of disk for reads and writes.
. "$(dirname "$0")/lib.bash"

CFG=$SRC/tests/fixtures/perf/cluster.yaml
CR='Scheduling.SlurmQueues[0].ComputeResources[0]'
FSX='SharedStorage[0].FsxLustreSettings'
H=job_id,submit,runtime,nodes,cpus,read_gb,write_gb,compress_ratio,comm_fraction

printf '%s\n1,0,60,1,36,120,0,2,\n' "$H" >"$TMP/io.csv"
printf '%s\n1,0,1000,8,288,,,,0.8\n' "$H" >"$TMP/mpi.csv"
printf '%s\n1,0,1000,1,36,,,,0.8\n' "$H" >"$TMP/one.csv"
printf '%s\n1,0,1000,1,36,,,,\n' "$H" >"$TMP/cpu.csv"

# makespan_is WANT_S LABEL ARGS...: the run's makespan (last end - first
# submit, from --jobs) is WANT_S seconds within 2 ms.
makespan_is() {
	local want=$1 label=$2; shift 2
	checks=$((checks + 1))
	if ! "$PCLSIM" --config "$CFG" --jobs "$TMP/jobs.csv" "$@" >"$TMP/out" 2>"$TMP/err"; then
		fail "$label: exit $? -- $(head -c 300 "$TMP/err")"
		return
	fi
	local got
	got=$(awk -F, 'NR > 1 && $5 > m { m = $5 } END { printf "%.3f", m }' "$TMP/jobs.csv")
	awk -v g="$got" -v w="$want" 'BEGIN { d = g - w; exit !(d < 0.002 && d > -0.002) }' ||
		fail "$label: makespan $got s, expected $want s"
}

# FSx: 120 GB at 1.2 GB/s = 100 s, then 60 s of compute; twice the capacity
# halves the read; LZ4 at the trace's ratio 2 doubles what the disks give.
makespan_is 160 "1200 GiB" --trace "$TMP/io.csv"
makespan_is 110 "2400 GiB" --trace "$TMP/io.csv" --set "$FSX.StorageCapacity=2400"
makespan_is 110 "LZ4 ratio 2" --trace "$TMP/io.csv" --set "$FSX.DataCompressionType=LZ4"
expect_out "job time in        I/O 1m 40s (62.5%)" "$PCLSIM" --config "$CFG" --trace "$TMP/io.csv"
expect_out "storage            lustre: peak 1.2 GB/s of 3.1 GB/s baseline (38%)" \
	"$PCLSIM" --config "$CFG" --trace "$TMP/io.csv"
expect_out "the bottleneck 1m 40s (100% of the time in use)" \
	"$PCLSIM" --config "$CFG" --trace "$TMP/io.csv"

# EFA vs TCP on 8 nodes with comm_fraction 0.8 (measured on EFA in a
# placement group at 100 Gbit/s): TCP's message time over EFA's,
# (37.5 + 65536/1250) / (17.5 + 65536/12000), scales the 800 s of
# communication.
tcp=$(awk 'BEGIN { printf "%.3f", 200 + 800 * (37.5 + 65536 / 1250) / (17.5 + 65536 / 12000) }')
makespan_is 1000 "EFA" --trace "$TMP/mpi.csv"
makespan_is "$tcp" "TCP" --trace "$TMP/mpi.csv" --set "$CR.Efa.Enabled=false"
# A single-node job does not use the network.
makespan_is 1000 "one node, TCP" --trace "$TMP/one.csv" --set "$CR.Efa.Enabled=false"

# A faster instance: runtimes measured on c5n.18xlarge with SMT off, run on
# c6i.32xlarge with SMT off, shrink by the catalog's per-core speed ratio.
printf 'perf: {reference_disable_smt: true}\n' >"$TMP/smt.yaml"
speed() {
	"$PCLSIM" catalog --type "$1" --csv | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "speed_index") c = i } NR == 2 { print $c }'
}
ref=$(speed c5n.18xlarge)
fast=$(speed c6i.32xlarge)
want=$(awk -v r="$ref" -v f="$fast" 'BEGIN { printf "%.3f", 1000 * r / f }')
makespan_is "$want" "c6i.32xlarge vs c5n.18xlarge" --trace "$TMP/cpu.csv" \
	--scenario "$TMP/smt.yaml" --reference-instance c5n.18xlarge \
	--set "$CR.InstanceType=c6i.32xlarge"
makespan_is 1000 "no reference instance" --trace "$TMP/cpu.csv" \
	--set "$CR.InstanceType=c6i.32xlarge"

# Bad performance inputs: exit 1 with the file, line and key.
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TMP/cpu.csv" --reference-instance c5n.18xl
expect_err "unknown instance type 'c5n.18xl' (did you mean c5n.18xlarge" \
	"$PCLSIM" --config "$CFG" --trace "$TMP/cpu.csv" --reference-instance c5n.18xl
printf 'storage:\n  compress_ratio: 0.5\n' >"$TMP/bad.yaml"
expect_status 1 "$PCLSIM" --config "$CFG" --trace "$TMP/cpu.csv" --scenario "$TMP/bad.yaml"
expect_err "bad.yaml:2:19: error: storage.compress_ratio: '0.5' is not a number between 1 and 1000" \
	"$PCLSIM" --config "$CFG" --trace "$TMP/cpu.csv" --scenario "$TMP/bad.yaml"
printf 'storage: {queues: {gpu: {read_gb: 1}}}\n' >"$TMP/noq.yaml"
expect_err "noq.yaml:1:20: error: storage.queues.gpu: the config has no queue 'gpu'" \
	"$PCLSIM" --config "$CFG" --trace "$TMP/cpu.csv" --scenario "$TMP/noq.yaml"
finish
