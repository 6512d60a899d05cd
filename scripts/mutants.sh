#!/usr/bin/env bash
# Mutation testing of tessera-core and tessera-frost with cargo-mutants.
#
#   bash scripts/mutants.sh [cargo-mutants options...]
#
# Installs cargo-mutants if it is missing (`cargo install cargo-mutants
# --locked`), then mutates the two crates' library code and runs, for each
# mutant, the tests of the crate it mutated (cargo-mutants' default: not the
# whole workspace). One job at a time, niced, so that a shared machine keeps
# its cores for other work. Results (caught.txt, missed.txt, unviable.txt,
# timeout.txt, outcomes.json) go to target/mutants/mutants.out/.
#
# Examples:
#   bash scripts/mutants.sh --list                       # the mutants, no run
#   bash scripts/mutants.sh --file crates/core/src/vss.rs
#   MUTANTS_TIMEOUT=900 bash scripts/mutants.sh
#   bash scripts/mutants.sh --in-place --file ...        # in a spare worktree
#
# `--in-place` mutates the checkout itself (use a spare `git worktree`, not
# the one you edit) and reuses its target directory, instead of copying
# the tree and building every dependency again for each invocation;
# cargo-mutants then runs one job. MUTANTS_JOBS sets the jobs otherwise.
#
# Workspace crates are built unoptimised and without debug information
# (dependencies keep the opt-level 3 of Cargo.toml's dev profile): on this
# project's 2-core machine that cut a mutant's rebuild from 15 s to 5-6 s
# (tessera-core and tessera-frost alike) while their tests ran about as
# fast. Set CARGO_PROFILE_DEV_OPT_LEVEL / CARGO_PROFILE_DEV_DEBUG to
# override.
#
# See the "Mutation testing" section of fuzz/README.md for the last figures.
set -euo pipefail
export CARGO_PROFILE_DEV_OPT_LEVEL="${CARGO_PROFILE_DEV_OPT_LEVEL:-0}"
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! cargo mutants --version >/dev/null 2>&1; then
    echo "installing cargo-mutants" >&2
    cargo install cargo-mutants --locked
fi

jobs=(--jobs "${MUTANTS_JOBS:-1}")
for arg in "$@"; do
    [ "$arg" != --in-place ] || jobs=()
done

mkdir -p target
exec nice -n 19 cargo mutants \
    --package tessera-core --package tessera-frost \
    "${jobs[@]}" \
    --timeout "${MUTANTS_TIMEOUT:-600}" \
    --output target/mutants \
    "$@"
