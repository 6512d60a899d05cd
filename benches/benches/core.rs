//! Benchmarks of `tessera-core`: Shamir splitting and Feldman VSS share
//! verification, one share at a time and batched, for all four suites.
//!
//! Each benchmark is written once over `S: Suite`. Names follow the
//! convention of `tessera_benches` (group `"{op}/{suite}"`, function
//! `"tessera"`, parameter `"{t}-of-{n}"`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tessera_benches::{PARAMS, bench_id, config, for_all_suites, group_name, rng};
use tessera_core::identifier::identifiers;
use tessera_core::shamir::split;
use tessera_core::{SecretScalar, Suite};

/// `shamir-split`: split a random secret `t`-of-`n` (shares and commitment).
fn shamir_split<S: Suite>(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<S>("shamir-split"));
    let mut rng = rng(1);
    for &(t, n) in PARAMS {
        let ids = identifiers::<S>(n);
        let secret = SecretScalar::<S>::random(&mut rng);
        group.bench_function(bench_id(t, n), |b| {
            b.iter(|| split(black_box(&secret), t, black_box(&ids), &mut rng).unwrap());
        });
    }
    group.finish();
}

/// `vss-verify-single`: verify all `n` shares one by one with `verify_share`.
fn vss_verify_single<S: Suite>(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<S>("vss-verify-single"));
    let mut rng = rng(2);
    for &(t, n) in PARAMS {
        let secret = SecretScalar::<S>::random(&mut rng);
        let (shares, commitment) = split(&secret, t, &identifiers::<S>(n), &mut rng).unwrap();
        group.bench_function(bench_id(t, n), |b| {
            b.iter(|| {
                for share in black_box(&shares) {
                    commitment.verify_share(share).unwrap();
                }
            });
        });
    }
    group.finish();
}

/// `vss-verify-batch`: verify all `n` shares with one batched
/// `verify_shares` call.
fn vss_verify_batch<S: Suite>(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<S>("vss-verify-batch"));
    let mut rng = rng(3);
    for &(t, n) in PARAMS {
        let secret = SecretScalar::<S>::random(&mut rng);
        let (shares, commitment) = split(&secret, t, &identifiers::<S>(n), &mut rng).unwrap();
        group.bench_function(bench_id(t, n), |b| {
            b.iter(|| {
                commitment
                    .verify_shares(black_box(&shares), &mut rng)
                    .unwrap();
            });
        });
    }
    group.finish();
}

fn core_benches(c: &mut Criterion) {
    for_all_suites!(shamir_split, c);
    for_all_suites!(vss_verify_single, c);
    for_all_suites!(vss_verify_batch, c);
}

criterion_group! {
    name = benches;
    config = config();
    targets = core_benches
}
criterion_main!(benches);
