#!/usr/bin/env bash
# pclsim validate: exit statuses, the printed cluster, did-you-mean with
# line and column, --json, --set, v2 refusal.
. "$(dirname "$0")/lib.bash"
EX=$SRC/configs/examples
FX=$SRC/tests/fixtures/configs

for f in "$EX"/*.yaml; do
	expect_status 0 "$PCLSIM" validate --config "$f"
done
expect_out "queue spot (SPOT" "$PCLSIM" validate --config "$EX/article-spot-fsx.yaml"
expect_out "static 0 dynamic 10  CPUs 2" "$PCLSIM" validate --config "$EX/article-spot-fsx.yaml"
expect_out "SCRATCH_1 1200 GiB  240 MB/s" "$PCLSIM" validate --config "$EX/article-spot-fsx.yaml"
expect_out "CPUs 36" "$PCLSIM" validate --config "$EX/c5n-efa-pg.yaml"

expect_status 1 "$PCLSIM" validate --config "$FX/typo-key.yaml"
expect_err "typo-key.yaml:19:11: error: Scheduling.SlurmQueues[0].ComputeResources[0].MaxCont: Unknown field. Did you mean 'MaxCount'?" \
	"$PCLSIM" validate --config "$FX/typo-key.yaml"

expect_status 1 "$PCLSIM" validate --config "$FX/v2-cluster.ini"
expect_err "pcluster3-config-converter" "$PCLSIM" validate --config "$FX/v2-cluster.ini"
expect_status 1 "$PCLSIM" validate --config "$TMP/missing.yaml"

expect_out '"valid":true' "$PCLSIM" validate --json --config "$EX/multi-queue.yaml"
expect_out '"static_nodes":2,"dynamic_nodes":14' "$PCLSIM" validate --json --config "$EX/multi-queue.yaml"
expect_out '"valid":false' "$PCLSIM" validate --json --config "$FX/typo-key.yaml"

expect_out "static 0 dynamic 20" "$PCLSIM" validate --config "$EX/article-spot-fsx.yaml" \
	--set 'Scheduling.SlurmQueues[name=spot].ComputeResources[0].MaxCount=20'
expect_status 1 "$PCLSIM" validate --config "$EX/article-spot-fsx.yaml" \
	--set 'Scheduling.SlurmQueues[0].ComputeResources[0].InstanceType=c5.2xlrge'
expect_err "did you mean 'c5.2xlarge'?" "$PCLSIM" validate --config "$EX/article-spot-fsx.yaml" \
	--set 'Scheduling.SlurmQueues[0].ComputeResources[0].InstanceType=c5.2xlrge'

expect_status 2 "$PCLSIM" validate
expect_status 2 "$PCLSIM" validate --config "$EX/multi-queue.yaml" --bogus
expect_status 2 "$PCLSIM" validate --config "$EX/multi-queue.yaml" --set nokey
expect_status 0 "$PCLSIM" validate --help
finish
