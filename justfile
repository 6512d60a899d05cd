# tessera task runner: `just --list` shows the recipes.

# Run the end-to-end demo of every suite.
demo:
    cargo run --release -p tessera-cli -- demo

# Run every test of the workspace.
test:
    cargo test --workspace

# Check formatting and lints (warnings are errors).
lint:
    cargo fmt --all -- --check && cargo clippy --workspace --all-targets -- -D warnings

# Run every benchmark (results under target/criterion).
bench:
    cargo bench --workspace

# Run every benchmark and save the results as criterion baseline NAME.
bench-save name:
    cargo bench -p tessera-benches --benches -- --save-baseline {{name}}

# Run every benchmark again and print those slower than baseline NAME by more than PERCENT.
bench-compare name percent="10":
    cargo bench -p tessera-benches --benches
    cargo run -p tessera-benches --release --bin report -- compare {{name}} --threshold {{percent}}

# Generate Markdown tables and SVG charts of the benchmark results into reports/.
report:
    cargo run -p tessera-benches --release --bin report

# Fuzz one target for a while (targets: fuzz/fuzz_targets/*.rs).
fuzz target="decode_wire" seconds="60":
    bash fuzz/run.sh {{target}} {{seconds}}

# Build every fuzz target and run each on its seeds for a few seconds.
fuzz-smoke seconds="5":
    bash fuzz/campaign.sh smoke {{seconds}}

# Fuzz every target in turn, niced, and record the figures in fuzz/campaign/results.tsv.
fuzz-campaign seconds="1800":
    bash fuzz/campaign.sh {{seconds}}

# Fuzz every target in turn until each has used the given CPU time (niced, so it yields to other work).
fuzz-cpu seconds="1800":
    bash fuzz/campaign.sh cpu {{seconds}}

# The long lifecycle soak: random key histories with malicious parties (niced).
soak cases="10000":
    TESSERA_SOAK_CASES={{cases}} nice -n 19 cargo test -p tessera-keys --test state_machine

# Run what CI runs.
ci:
    bash .ci/run
