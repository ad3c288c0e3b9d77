#!/usr/bin/env bash
# The CLI's contract: help, version, exit statuses for usage errors.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$PCLSIM" --help
expect_out "usage: pclsim" "$PCLSIM" --help
expect_status 0 "$PCLSIM" --version
expect_out "pclsim " "$PCLSIM" --version
expect_status 0 "$PCLSIM" run --help
expect_out "usage: pclsim" "$PCLSIM" run --help
expect_status 2 "$PCLSIM"
expect_status 2 "$PCLSIM" frobnicate
expect_err "unknown command 'frobnicate'" "$PCLSIM" frobnicate
expect_status 2 "$PCLSIM" run --no-such-option
expect_err "no-such-option" "$PCLSIM" run --no-such-option
for c in validate compare sweep plan plot catalog trace merge; do
	expect_status 0 "$PCLSIM" "$c" --help
done
finish
