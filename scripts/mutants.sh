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
#
# See the "Mutation testing" section of fuzz/README.md for the last figures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! cargo mutants --version >/dev/null 2>&1; then
    echo "installing cargo-mutants" >&2
    cargo install cargo-mutants --locked
fi

exec nice -n 19 cargo mutants \
    --package tessera-core --package tessera-frost \
    --jobs 1 \
    --timeout "${MUTANTS_TIMEOUT:-600}" \
    --output target/mutants \
    "$@"
