#!/usr/bin/env bash
# Builds every cargo-fuzz target of tessera once and runs each in turn,
# niced, for a given time, recording per target what libFuzzer reports.
#
#   bash fuzz/campaign.sh [seconds per target] [target...]   # campaign
#   bash fuzz/campaign.sh smoke [seconds]                    # CI smoke run
#   bash fuzz/campaign.sh table [results.tsv]                # README table
#   bash fuzz/campaign.sh cpu [CPU seconds] [target...]      # CPU budget
#
# Campaign: every target (or the ones named) runs for the given time
# (default 1800 s) under `nice -n 19`, one after the other, from its
# committed seeds (fuzz/seeds/<target>) and its local corpus
# (fuzz/corpus/<target>, not committed). Results go to
# fuzz/campaign/results.tsv (override with RESULTS=...), one row per target,
# tab-separated, with a header row:
#
#   target        the fuzz target
#   wall_s        wall-clock seconds of the run
#   cpu_s         CPU seconds (user + system) of the run
#   executions    inputs run (libFuzzer's stat::number_of_executed_units)
#   exec_per_s    libFuzzer's stat::average_exec_per_sec
#   cov           edges covered at the end (libFuzzer's `cov:`)
#   ft            features at the end (libFuzzer's `ft:`)
#   corpus        corpus entries at the end (libFuzzer's `corp:`)
#   crashes       crash/timeout/oom/leak artifacts the run wrote (not
#                 libFuzzer's slow-unit-* inputs)
#   status        `ok`, or `crash` when libFuzzer stopped on a finding
#   date          when the run ended (UTC)
#
# A target that crashes stops there (libFuzzer stops on the first
# finding); its artifact is in fuzz/artifacts/<target>/ and its log in
# fuzz/campaign/<target>.log.
#
# CPU budget: as a campaign, but each target runs until it has used the
# given CPU time (default 1800 s), in segments of at most SEGMENT seconds
# of wall time (default 600), so a niced run on a busy machine still gets
# its CPU time. Each segment's row goes to campaign/segments/<target>.tsv;
# when the budget is reached, one row summing them (wall, CPU, executions,
# crashes; coverage, features and corpus of the last segment) is appended
# to the results file. A run stopped early keeps its segment rows, and
# `bash fuzz/campaign.sh sum <target>` appends their sum by hand. In a
# summed row, exec_per_s is executions per CPU second.
#
# Smoke (CI): builds all targets in one `cargo fuzz build`, then runs each
# binary on its seeds for a few seconds (default 5); fails if any target
# fails.
#
# cargo-fuzz is installed if missing (`cargo install cargo-fuzz --locked`).
# It passes nightly-only flags to rustc; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them. Build options: CARGO_FUZZ_ARGS (default
# "--debug-assertions -s none": integer overflow and debug_assert! panic;
# no AddressSanitizer, since the tessera crates forbid unsafe code and the
# build and runs are about twice as fast without it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# File arguments (table, RESULTS) are relative to where the script was
# called from, not to fuzz/.
caller=$PWD
if [ -n "${RESULTS:-}" ] && [ "${RESULTS#/}" = "$RESULTS" ]; then
    RESULTS="$caller/$RESULTS"
fi
cd "$here"

mode="${1:-1800}"

targets_all() {
    RUSTC_BOOTSTRAP=1 cargo fuzz list
}

ensure_cargo_fuzz() {
    if ! cargo fuzz --version >/dev/null 2>&1; then
        echo "campaign: installing cargo-fuzz" >&2
        cargo install cargo-fuzz --locked
    fi
}

build_all() {
    read -r -a args <<< "${CARGO_FUZZ_ARGS:---debug-assertions -s none}"
    RUSTC_BOOTSTRAP=1 nice -n "${NICE:-19}" cargo fuzz build "${args[@]}"
}

# Where `cargo fuzz build` puts the binaries.
bin_dir() {
    local triple
    triple=$(rustc -vV | sed -n 's/^host: //p')
    echo "${CARGO_TARGET_DIR:-$here/target}/$triple/release"
}

# Renders a results file as the Markdown table of fuzz/README.md.
table() {
    local file="${1:-$here/campaign/results.tsv}"
    awk -F'\t' '
        NR == 1 { next }
        BEGIN {
            print "| target | CPU time | wall time | executions | exec/s | coverage (edges) | features | corpus | crashes | status |"
            print "|--------|---------:|----------:|-----------:|-------:|-----------------:|---------:|-------:|--------:|--------|"
        }
        {
            printf "| `%s` | %.0f s | %.0f s | %s | %s | %s | %s | %s | %s | %s |\n",
                $1, $3, $2, $4, $5, $6, $7, $8, $9, $10
        }' "$file"
}

# Number of findings (crash, timeout, out-of-memory, leak artifacts; not
# the `slow-unit-*` inputs libFuzzer also writes) of target $1.
findings() {
    find "$here/artifacts/$1" -type f \( -name 'crash-*' -o -name 'timeout-*' \
        -o -name 'oom-*' -o -name 'leak-*' \) | wc -l
}

# Runs one target's binary for $2 seconds; appends its row to $3.
run_one() {
    local target="$1" seconds="$2" results="$3"
    local bin log before after start end cpu status line
    bin="$(bin_dir)/$target"
    log="$here/campaign/$target.log"
    mkdir -p "$here/corpus/$target" "$here/seeds/$target" "$here/artifacts/$target"
    before=$(findings "$target")
    start=$(date +%s.%N)
    status=ok
    # CPU time of the run, from GNU time's user and system seconds.
    if ! /usr/bin/time -f 'cpu_s %U %S' -o "$here/campaign/$target.time" \
        nice -n "${NICE:-19}" "$bin" \
        "$here/corpus/$target" "$here/seeds/$target" \
        -artifact_prefix="$here/artifacts/$target/" \
        -max_total_time="$seconds" -print_final_stats=1 -timeout=60 -rss_limit_mb=4096 \
        >"$log" 2>&1; then
        status=crash
    fi
    end=$(date +%s.%N)
    after=$(findings "$target")
    cpu=$(awk '/^cpu_s/ { printf "%.1f", $2 + $3 }' "$here/campaign/$target.time")
    # The last status line (`#N ... cov: C ft: F corp: K/...`).
    line=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -n 1 || true)
    local cov ft corp execs eps
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$line")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$line")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<< "$line")
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    printf '%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$target" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "${cpu:-0}" "${execs:-0}" "${eps:-0}" \
        "${cov:-0}" "${ft:-0}" "${corp:-0}" "$((after - before))" "$status" \
        "$(date -u +%Y-%m-%dT%H:%MZ)" >> "$results"
    echo "campaign: $target: $status, ${execs:-0} executions, cov ${cov:-0}, ft ${ft:-0}, cpu ${cpu:-0} s" >&2
    [ "$status" = ok ]
}

# Appends to $2 one row summing the segment rows of target $1.
sum_segments() {
    local target="$1" results="$2" file="$here/campaign/segments/$1.tsv"
    [ -s "$file" ] || { echo "campaign: no segments for $target" >&2; return 1; }
    awk -F'\t' -v OFS='\t' -v t="$target" -v d="$(date -u +%Y-%m-%dT%H:%MZ)" '
        NR == 1 { next }
        {
            wall += $2; cpu += $3; execs += $4; crashes += $9
            cov = $6; ft = $7; corp = $8
            if ($10 != "ok") status = $10
        }
        END {
            if (status == "") status = "ok"
            eps = (cpu > 0) ? int(execs / cpu) : 0
            printf "%s\t%.0f\t%.1f\t%d\t%d\t%s\t%s\t%s\t%d\t%s\t%s\n",
                t, wall, cpu, execs, eps, cov, ft, corp, crashes, status, d
        }' "$file" >> "$results"
}

# Runs target $1 until it has used $2 CPU seconds; appends the sum to $3.
run_budget() {
    local target="$1" budget="$2" results="$3" used seg file
    file="$here/campaign/segments/$target.tsv"
    mkdir -p "$here/campaign/segments"
    [ -s "$file" ] || header > "$file"
    while :; do
        used=$(awk -F'\t' 'NR > 1 { s += $3 } END { printf "%d", s }' "$file")
        [ "$used" -lt "$budget" ] || break
        seg=$((budget - used))
        [ "$seg" -le "${SEGMENT:-600}" ] || seg="${SEGMENT:-600}"
        [ "$seg" -ge 10 ] || seg=10
        run_one "$target" "$seg" "$file" || break
    done
    sum_segments "$target" "$results"
}

# Builds the targets, then runs `$1 target $2 results` for every target
# named after them (all when none), appending to the results file; prints
# the table and fails when a run failed.
campaign() {
    local runner="$1" limit="$2" results t failed=0
    shift 2
    ensure_cargo_fuzz
    build_all
    mkdir -p "$here/campaign"
    results="${RESULTS:-$here/campaign/results.tsv}"
    [ -s "$results" ] || header > "$results"
    local targets=("$@")
    [ "${#targets[@]}" -gt 0 ] || mapfile -t targets < <(targets_all)
    for t in "${targets[@]}"; do
        "$runner" "$t" "$limit" "$results" || failed=1
    done
    table "$results"
    return "$failed"
}

header() {
    printf 'target\twall_s\tcpu_s\texecutions\texec_per_s\tcov\tft\tcorpus\tcrashes\tstatus\tdate\n'
}

case "$mode" in
table)
    file="${2:-}"
    [ -z "$file" ] || [ "${file#/}" != "$file" ] || file="$caller/$file"
    table "$file"
    ;;
cpu)
    shift || true
    budget="${1:-1800}"
    shift || true
    campaign run_budget "$budget" "$@"
    ;;
sum)
    results="${RESULTS:-$here/campaign/results.tsv}"
    sum_segments "$2" "$results"
    ;;
smoke)
    seconds="${2:-5}"
    ensure_cargo_fuzz
    build_all
    mkdir -p "$here/campaign"
    results="${RESULTS:-$here/campaign/smoke.tsv}"
    header > "$results"
    failed=0
    for t in $(targets_all); do
        run_one "$t" "$seconds" "$results" || failed=1
    done
    column -t -s $'\t' "$results" >&2 || cat "$results" >&2
    exit "$failed"
    ;;
*)
    shift || true
    campaign run_one "$mode" "$@"
    ;;
esac
