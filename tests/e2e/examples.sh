#!/usr/bin/env bash
# The shipped examples stay valid: every example config validates, and the
# example scenario runs on the demo cluster and trace.
. "$(dirname "$0")/lib.bash"

for cfg in "$SRC"/configs/examples/*.yaml; do
	expect_status 0 "$PCLSIM" validate --config "$cfg"
done
expect_status 0 "$PCLSIM" --config "$SRC/configs/examples/article-spot-fsx.yaml" \
	--trace "$SRC/workloads/examples/small.csv" \
	--scenario "$SRC/configs/examples/scenarios/pessimistic-spot.yaml" -q
expect_out "policy slurm" "$PCLSIM" --config "$SRC/configs/examples/article-spot-fsx.yaml" \
	--trace "$SRC/workloads/examples/small.csv" \
	--scenario "$SRC/configs/examples/scenarios/pessimistic-spot.yaml"
finish
