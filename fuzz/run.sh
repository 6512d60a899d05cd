#!/usr/bin/env bash
# Runs one cargo-fuzz target of tessera for a while.
#
#   bash fuzz/run.sh <target> [seconds] [extra libFuzzer flags...]
#
# Targets: `cargo fuzz list` (decode_wire, decode_point_scalar, sign_verify,
# frost, dkg, lifecycle, bip445, ecdsa; see fuzz/README.md). For a niced
# run of every target with a results file, see fuzz/campaign.sh.
# New corpus entries go to fuzz/corpus/<target> (not committed); the
# committed seeds in fuzz/seeds/<target> are read as well. Crashes land in
# fuzz/artifacts/<target>/.
#
# cargo-fuzz needs nightly-only rustc flags (-Zsanitizer, ...);
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
set -euo pipefail

target="${1:?usage: bash fuzz/run.sh <target> [seconds] [libFuzzer flags...]}"
seconds="${2:-60}"
shift $(( $# >= 2 ? 2 : 1 ))

cd "$(dirname "$0")"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

mkdir -p "corpus/$target" "seeds/$target"

# CARGO_FUZZ_ARGS: cargo-fuzz build options, by default
# "--debug-assertions -s none" (integer overflow and debug_assert! panic; no
# AddressSanitizer: the tessera crates forbid unsafe code, and it is about
# twice as fast without; the same build as campaign.sh).
# One worker (libFuzzer's default): the machines have two cores.
read -r -a cargo_fuzz_args <<< "${CARGO_FUZZ_ARGS:---debug-assertions -s none}"
RUSTC_BOOTSTRAP=1 exec cargo fuzz run "${cargo_fuzz_args[@]}" "$target" \
    "$PWD/corpus/$target" "$PWD/seeds/$target" \
    -- -max_total_time="$seconds" -print_final_stats=1 "$@"
