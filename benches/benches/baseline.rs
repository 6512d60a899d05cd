//! The yardsticks the report measures tessera's operations against:
//!
//! * `primitives/{suite}`: the arithmetic every operation is built from,
//!   function `tessera`, parameters `mul-base` (fixed-base `k G`), `mul`
//!   (variable-base `k P`), `msm-2`, `msm-100`, `msm-1000` (a whole
//!   multi-scalar multiplication of that many terms; the report divides by
//!   the count) and `hash-to-scalar` (H1 over 64 bytes). The report's floors
//!   ([`tessera_benches::report::floor`]) are counts of these.
//! * `msm-threads/{suite}`: `S::vartime_msm` on rayon's global pool
//!   (`tessera`) and in a one-thread pool (`one-thread`, the sequential
//!   path), from 16 to 1000 terms: the speed-up of the `parallel` feature and
//!   where it starts to pay (`tessera_core::msm::PARALLEL_FROM`).
//! * single-key signing and verification, function `single-key`, parameter
//!   `1-of-1`, in the groups of the threshold operations they stand beside:
//!   `frost-round2` and `frost-verify` (Ed25519 with ed25519-dalek, ECDSA
//!   with k256 / p256 for secp256k1 / P-256, BIP-340 with k256 for
//!   secp256k1-tr; ristretto255 has no standard single-key scheme),
//!   `ecdsa-sign` (k256 / p256 ECDSA) and `bip445-sign/secp256k1` (BIP-340).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ff::Field;
use group::Group;
use tessera_benches::rand_chacha::rand_core::Rng;
use tessera_benches::{FUNCTION, config, for_all_suites, group_name, rng};
use tessera_core::suites::{Ed25519, P256, Secp256k1, Secp256k1Tr};
use tessera_core::{Point, Scalar, Suite};

/// The function name of the single-key baselines.
const SINGLE_KEY: &str = "single-key";
/// The parameter of the single-key baselines.
const ONE_OF_ONE: &str = "1-of-1";
/// The MSM sizes of `msm-threads`.
const THREAD_SIZES: &[usize] = &[16, 32, 64, 128, 256, 1000];

fn random_terms<S: Suite>(n: usize, seed: u64) -> Vec<(Point<S>, Scalar<S>)> {
    let mut rng = rng(seed);
    (0..n)
        .map(|_| (Point::<S>::random(&mut rng), Scalar::<S>::random(&mut rng)))
        .collect()
}

/// `primitives/{suite}`.
fn primitives<S: Suite>(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<S>("primitives"));
    let mut rng = rng(21);
    let k = Scalar::<S>::random(&mut rng);
    let p = Point::<S>::random(&mut rng);
    group.bench_function(BenchmarkId::new(FUNCTION, "mul-base"), |b| {
        b.iter(|| S::mul_base(black_box(&k)));
    });
    group.bench_function(BenchmarkId::new(FUNCTION, "mul"), |b| {
        b.iter(|| black_box(p) * black_box(k));
    });
    for n in [2usize, 100, 1000] {
        let terms = random_terms::<S>(n, 22);
        // One thread: the floors count single-threaded work.
        let pool = one_thread();
        group.bench_function(BenchmarkId::new(FUNCTION, format!("msm-{n}")), |b| {
            pool.install(|| b.iter(|| S::vartime_msm(black_box(&terms))));
        });
    }
    let mut input = [0u8; 64];
    rng.fill_bytes(&mut input);
    group.bench_function(BenchmarkId::new(FUNCTION, "hash-to-scalar"), |b| {
        b.iter(|| S::hash_to_scalar(b"rho", &[black_box(&input)]));
    });
    group.finish();
}

fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
}

/// `msm-threads/{suite}`.
fn msm_threads<S: Suite>(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<S>("msm-threads"));
    let pool = one_thread();
    for &n in THREAD_SIZES {
        let terms = random_terms::<S>(n, 23);
        group.bench_function(BenchmarkId::new(FUNCTION, n), |b| {
            b.iter(|| S::vartime_msm(black_box(&terms)));
        });
        group.bench_function(BenchmarkId::new("one-thread", n), |b| {
            pool.install(|| b.iter(|| S::vartime_msm(black_box(&terms))));
        });
    }
    group.finish();
}

/// Benches `sign` and `verify` of a single key as `single-key/1-of-1` in
/// the groups `sign_groups` (full group names) and `frost-verify` of suite
/// `S`.
fn single_key<S: Suite, G>(
    c: &mut Criterion,
    sign_groups: &[String],
    sign: impl Fn(&[u8]) -> G,
    verify: impl Fn(&[u8], &G),
) {
    let message = [0x5au8; 32];
    let signature = sign(&message);
    verify(&message, &signature);
    for name in sign_groups {
        let mut group = c.benchmark_group(name);
        group.bench_function(BenchmarkId::new(SINGLE_KEY, ONE_OF_ONE), |b| {
            b.iter(|| sign(black_box(&message)));
        });
        group.finish();
    }
    let mut group = c.benchmark_group(group_name::<S>("frost-verify"));
    group.bench_function(BenchmarkId::new(SINGLE_KEY, ONE_OF_ONE), |b| {
        b.iter(|| verify(black_box(&message), black_box(&signature)));
    });
    group.finish();
}

fn single_keys(c: &mut Criterion) {
    let mut rng = rng(24);
    let mut secret = [0u8; 32];
    rng.fill_bytes(&mut secret);

    let ed = ed25519_dalek::SigningKey::from_bytes(&secret);
    let ed_public = ed.verifying_key();
    single_key::<Ed25519, _>(
        c,
        &[group_name::<Ed25519>("frost-round2")],
        |m| ed25519_dalek::Signer::sign(&ed, m),
        |m, s| ed_public.verify_strict(m, s).unwrap(),
    );

    let k = k256::ecdsa::SigningKey::from_slice(&secret).unwrap();
    let k_public = *k.verifying_key();
    single_key::<Secp256k1, _>(
        c,
        &[
            group_name::<Secp256k1>("frost-round2"),
            group_name::<Secp256k1>("ecdsa-sign"),
        ],
        |m| -> k256::ecdsa::Signature { k256::ecdsa::signature::Signer::sign(&k, m) },
        |m, s| k256::ecdsa::signature::Verifier::verify(&k_public, m, s).unwrap(),
    );

    let p = p256::ecdsa::SigningKey::from_slice(&secret).unwrap();
    let p_public = *p.verifying_key();
    single_key::<P256, _>(
        c,
        &[
            group_name::<P256>("frost-round2"),
            group_name::<P256>("ecdsa-sign"),
        ],
        |m| -> p256::ecdsa::Signature { p256::ecdsa::signature::Signer::sign(&p, m) },
        |m, s| p256::ecdsa::signature::Verifier::verify(&p_public, m, s).unwrap(),
    );

    let schnorr = k256::schnorr::SigningKey::from_slice(&secret).unwrap();
    let schnorr_public = *schnorr.verifying_key();
    let aux = [7u8; 32];
    // BIP 445's benches run on the secp256k1 suite (its group is
    // `bip445-sign/secp256k1`).
    single_key::<Secp256k1Tr, _>(
        c,
        &[
            group_name::<Secp256k1Tr>("frost-round2"),
            group_name::<Secp256k1>("bip445-sign"),
        ],
        |m| schnorr.sign_raw(m, &aux).unwrap(),
        |m, s| schnorr_public.verify_raw(m, s).unwrap(),
    );
}

fn baseline_benches(c: &mut Criterion) {
    for_all_suites!(primitives, c);
    primitives::<Secp256k1Tr>(c);
    for_all_suites!(msm_threads, c);
    single_keys(c);
}

criterion_group! {
    name = benches;
    config = config();
    targets = baseline_benches
}
criterion_main!(benches);
