//! Multi-scalar multiplication against a naive sum of scalar
//! multiplications, and the threaded paths against one thread: every suite's
//! `vartime_msm` (its backend, Pippenger's method on the SEC1 curves, split
//! across threads from `msm::PARALLEL_FROM` terms) must give the point
//! `sum(k_i * P_i)` computed one product at a time, for any number of terms
//! and any split; `batch::culprits` must name the same items, in order, on
//! any number of threads.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use ff::Field;
use group::Group;
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::batch::{Equation, culprits, failing};
use tessera_core::msm::PARALLEL_FROM;
use tessera_core::{Point, Scalar, Suite};

tessera_core::test_all_suites!(
    check_edge_sizes_all_paths,
    check_property_all_paths,
    check_culprits_any_threads,
    check_top_window_carry,
    check_exceptional_additions,
);

/// Runs `f` in a rayon pool of `threads` threads (1 = the sequential path).
fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

/// One product at a time: the reference.
fn naive<S: Suite>(terms: &[(Point<S>, Scalar<S>)]) -> Point<S> {
    terms.iter().map(|(p, k)| *p * k).sum()
}

/// Kinds of scalars and points a hostile or unlucky caller may pass.
fn term<S: Suite>(
    rng: &mut ChaCha20Rng,
    kind: u8,
    earlier: &[(Point<S>, Scalar<S>)],
) -> (Point<S>, Scalar<S>) {
    let p = Point::<S>::random(&mut *rng);
    let k = Scalar::<S>::random(&mut *rng);
    match kind % 10 {
        0 => (p, Scalar::<S>::ZERO),
        1 => (p, -Scalar::<S>::ONE), // n - 1
        2 => (Point::<S>::identity(), k),
        3 => earlier.last().copied().unwrap_or((p, k)), // duplicate term
        4 => (earlier.first().map_or(p, |t| t.0), k),   // repeated point
        5 => (p, Scalar::<S>::ONE),
        6 => (-earlier.first().map_or(p, |t| t.0), k), // cancels a point
        _ => (p, k),
    }
}

fn terms<S: Suite>(n: usize, seed: u64, kinds: &[u8]) -> Vec<(Point<S>, Scalar<S>)> {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let kind = kinds.get(i % kinds.len().max(1)).copied().unwrap_or(9);
        let t = term::<S>(&mut rng, kind, &out);
        out.push(t);
    }
    out
}

/// Sequential (one thread), threaded (2 and 3 threads, so chunks of
/// different lengths) and naive agree.
fn assert_all_paths<S: Suite>(terms: &[(Point<S>, Scalar<S>)]) {
    let expected = naive::<S>(terms);
    assert_eq!(
        on_threads(1, || S::vartime_msm(terms)),
        expected,
        "{} terms, one thread",
        terms.len()
    );
    for threads in [2, 3] {
        assert_eq!(
            on_threads(threads, || S::vartime_msm(terms)),
            expected,
            "{} terms, {threads} threads",
            terms.len()
        );
    }
}

fn check_edge_sizes_all_paths<S: Suite>() {
    let p = PARALLEL_FROM;
    let all_kinds: Vec<u8> = (0..10).collect();
    for n in [
        0,
        1,
        2,
        3,
        p - 1,
        p,
        p + 1,
        2 * p + 1,
        127,
        128,
        129,
        383,
        384,
        700,
    ] {
        assert_all_paths::<S>(&terms::<S>(n, n as u64, &all_kinds));
        assert_all_paths::<S>(&terms::<S>(n, n as u64 + 1000, &[9]));
    }
    // All scalars n - 1, all zero, all points the identity.
    for kind in [0u8, 1, 2] {
        assert_all_paths::<S>(&terms::<S>(3 * p, u64::from(kind), &[kind]));
    }
    // A sum that is the identity: each point with k and with -k (points in
    // the prime-order subgroup: `Group::random` on Ed25519 may add torsion,
    // and then `k P + (n - k) P` is not the identity).
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let half: Vec<_> = (0..p)
        .map(|_| {
            let x = Scalar::<S>::random(&mut rng);
            (Point::<S>::generator() * x, Scalar::<S>::random(&mut rng))
        })
        .collect();
    let mut cancel = half.clone();
    cancel.extend(half.iter().map(|(q, k)| (*q, -*k)));
    assert_all_paths::<S>(&cancel);
    assert!(bool::from(S::vartime_msm(&cancel).is_identity()));
}

fn check_property_all_paths<S: Suite>() {
    let config = ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let strategy = (
        prop_oneof![0usize..8, 0usize..200, 0usize..800],
        any::<u64>(),
        proptest::collection::vec(0u8..10, 1..12),
    );
    proptest!(config, |((n, seed, kinds) in strategy)| {
        assert_all_paths::<S>(&terms::<S>(n, seed, &kinds));
    });
}

fn check_culprits_any_threads<S: Suite>() {
    let mut rng = ChaCha20Rng::seed_from_u64(11);
    // 40 equations k G - (k G) == 0, every 7th broken.
    let equations: Vec<Equation<S, usize>> = (0..40)
        .map(|i| {
            let k = Scalar::<S>::random(&mut rng);
            let wrong = if i % 7 == 3 {
                Scalar::<S>::ONE
            } else {
                Scalar::<S>::ZERO
            };
            Equation {
                culprit: i,
                base: k,
                terms: vec![(-Point::<S>::generator(), k + wrong)],
            }
        })
        .collect();
    let expected: Vec<usize> = (0..40).filter(|i| i % 7 == 3).collect();
    for threads in [1, 2, 4] {
        let got = on_threads(threads, || {
            culprits(&equations, |e| (!e.holds()).then_some(e.culprit))
        });
        assert_eq!(got, expected, "{threads} threads");
        let mut rng = ChaCha20Rng::seed_from_u64(12);
        let got = on_threads(threads, || failing(&equations, &mut rng));
        assert_eq!(got, expected, "{threads} threads, batched");
    }
    // All valid: the batch passes and names nobody.
    let valid: Vec<_> = equations
        .into_iter()
        .filter(|e| e.culprit % 7 != 3)
        .collect();
    assert!(failing(&valid, &mut rng).is_empty());
}

/// From 1024 terms Pippenger's window is 8 bits, which divides the scalar
/// length: the signed digits of `n - 1` then carry out of the top window,
/// and only the extra window keeps that carry. One thread, so the window
/// is the full length's.
fn check_top_window_carry<S: Suite>() {
    let terms = terms::<S>(1024, 5, &[1, 9]);
    assert_eq!(on_threads(1, || S::vartime_msm(&terms)), naive::<S>(&terms));
}

/// Sums in which the additions Pippenger makes meet their exceptional
/// cases: on the SEC1 curves the bucket additions are affine and the
/// running sums Jacobian, and both must take `P + P` (doubling) and
/// `P + (-P)` (the identity) apart from the general formula.
fn check_exceptional_additions<S: Suite>() {
    let mut rng = ChaCha20Rng::seed_from_u64(13);
    let p = Point::<S>::generator() * Scalar::<S>::random(&mut rng);
    let k = Scalar::<S>::random(&mut rng);
    let two = Scalar::<S>::ONE + Scalar::<S>::ONE;
    let n = 3 * PARALLEL_FROM;
    let times = |count: usize| Scalar::<S>::from(u64::try_from(count).unwrap());
    // The same term n times: every bucket addition is a doubling at first.
    let same = vec![(p, k); n];
    assert_all_paths::<S>(&same);
    assert_eq!(S::vartime_msm(&same), p * (k * times(n)));
    // P and -P with the same scalar: every pair in a bucket cancels.
    let cancel: Vec<_> = (0..n)
        .map(|i| (if i % 2 == 0 { p } else { -p }, k))
        .collect();
    assert_all_paths::<S>(&cancel);
    assert!(bool::from(S::vartime_msm(&cancel).is_identity()));
    // Digits 2 and 1 of the lowest window on P and -P: the running sum
    // (bucket 2 holds h P, bucket 1 holds -h P) becomes the identity.
    let half = n / 2;
    let mut sub: Vec<_> = vec![(p, two); half];
    sub.extend(vec![(-p, Scalar::<S>::ONE); half]);
    assert_all_paths::<S>(&sub);
    assert_eq!(S::vartime_msm(&sub), p * times(half));
    // Digits 2 and 1 on P: the running sum adds a bucket equal to itself.
    let mut dbl: Vec<_> = vec![(p, two); half];
    dbl.extend(vec![(p, Scalar::<S>::ONE); half]);
    assert_all_paths::<S>(&dbl);
    assert_eq!(S::vartime_msm(&dbl), p * times(3 * half));
}
