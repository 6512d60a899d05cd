//! Multi-scalar multiplication helpers shared by the suites: splitting a
//! large MSM across threads ([`parallel`]), and Pippenger's bucket method
//! for the SEC1 backends, whose own routine is Straus-style (the RustCrypto
//! curves). curve25519-dalek switches to its own Pippenger by itself and does
//! not use the latter.
//!
//! # Threads
//!
//! With the `parallel` feature (on by default) every suite's
//! [`Suite::vartime_msm`](crate::Suite::vartime_msm) goes through
//! [`parallel`]: from [`PARALLEL_FROM`] terms on, the terms are cut into one
//! chunk per rayon thread, each chunk is one backend MSM, and the partial
//! sums are added. The sum does not depend on how the terms are cut, so the
//! result is the same point as on one thread. Below the threshold, or inside
//! a one-thread rayon pool, or without the feature, the backend runs on the
//! calling thread.
//!
//! # Pippenger
//!
//! Each scalar is cut into signed digits of `c` bits (`-2^(c-1) <= d <
//! 2^(c-1)`); for each window the points are added into `2^(c-1)` buckets
//! by digit, the buckets are combined as `sum_j j * B_j` by a running sum,
//! and the window sums are combined from the most significant down with
//! `c` doublings between windows. Cost: about `(256 / c) (n + 2^c)`
//! additions instead of Straus's `n (256 / (w + 1) + 2^(w-2))`.
//!
//! The additions into buckets, nearly all of the work, are done in affine
//! coordinates in rounds that share one field inversion (module `affine`):
//! about 6 multiplications each instead of the backends' 12, and the
//! buckets of all windows (up to `BATCH_POINTS` points) are reduced
//! together, so that a 667-term MSM needs about five inversions for them.
//! The running sums of the windows of one batch then advance in step, also
//! in affine coordinates: each step adds the next bucket to every window's
//! running sum and the running sum to every window's total, all sharing one
//! inversion (`Buckets::weighted_sums`; 65 inversions at 667 terms,
//! against 4,736 Jacobian additions). When a batch holds few windows (from
//! about 4,096 terms) they run one window at a time in Jacobian coordinates
//! (module `jacobian`).
//!
//! Measured on the 2-core machine (2026-12-01; one thread; random points
//! and scalars; best of 3 × 15 runs, the old and new code alternating),
//! previous projective buckets against these:
//!
//! | terms | secp256k1 | P-256 |
//! |---|---|---|
//! | 67 | 2.11 → 1.65 ms | 4.10 → 2.66 ms |
//! | 667 | 9.96 → 6.88 ms | 32.05 → 13.92 ms |
//! | 1000 | 19.2 → 14.3 ms | 47.6 → 21.4 ms |
//!
//! Running the windows' running sums in step in affine coordinates instead
//! of one window at a time in Jacobian ones then took 667 terms from
//! 5.80–5.94 to 5.46–5.73 ms on secp256k1 and from 12.39–12.46 to
//! 11.95–12.07 ms on P-256 (best of 30–40 runs, four alternations, a faster
//! hour than the table's); in criterion's `frost-round2` at 667-of-1000 on
//! one thread, secp256k1 went from 0.31–0.33 of frost-core to 0.29.
//!
//! Pippenger now beats the backends' own linear combination from about 32
//! terms on both curves (best of 3 × 200 runs: secp256k1 0.82 against
//! 1.00 ms at 32 terms, 0.44 against 0.25 ms at 8; P-256 1.75 against
//! 2.07 ms at 32, 1.25 against 1.31 ms at 16), hence `pippenger_from = 32`
//! for the SEC1 suites.

use group::Group;

#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
mod affine;
#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
mod jacobian;
#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
pub(crate) use affine::Coordinates;

/// From how many terms [`parallel`] splits a multi-scalar multiplication
/// across threads. Below this the cost of handing work to another thread
/// (tens of microseconds) is not repaid. The `baseline` bench of
/// `tessera-benches` measures it (`msm-threads/*`, one thread against
/// rayon's pool): see the crate README.
///
/// Measured on 2026-12-01 on the quiet 2-core machine (`cargo bench -p
/// tessera-benches --bench baseline -- --warm-up-time 1 --measurement-time
/// 2 'msm-threads/'`), median with rayon's pool of two threads / on one
/// thread:
///
/// | terms | ed25519 | ristretto255 | secp256k1 | P-256 |
/// |---|---|---|---|---|
/// | 16 | 0.176 / 0.140 ms | 0.179 / 0.149 ms | 0.445 / 0.378 ms | 1.21 / 1.22 ms |
/// | 32 | 0.249 / 0.242 ms | 0.268 / 0.253 ms | 0.898 / 0.763 ms | 1.92 / 1.85 ms |
/// | 64 | 0.384 / 0.643 ms | 0.374 / 0.554 ms | 1.11 / 1.49 ms | 2.08 / 2.74 ms |
/// | 128 | 0.768 / 1.03 ms | 0.733 / 1.14 ms | 1.72 / 1.83 ms | 3.15 / 4.84 ms |
/// | 256 | 1.50 / 2.30 ms | 1.59 / 2.02 ms | 2.52 / 3.11 ms | 4.94 / 7.17 ms |
/// | 1000 | 4.44 / 5.75 ms | 4.47 / 5.99 ms | 11.0 / 13.1 ms | 13.8 / 20.3 ms |
///
/// Below 64 terms the second thread costs more than it saves; from 64 on
/// it pays on every suite (1.2 to 1.7 times at 64 to 1000 terms: the two
/// cores of this machine do not give twice the throughput).
pub const PARALLEL_FROM: usize = 64;

/// `sum(k_i * P_i)` computed with `sequential` (a backend MSM), split across
/// rayon's threads from [`PARALLEL_FROM`] terms on when the `parallel`
/// feature is on; the result does not depend on the split.
pub fn parallel<G, F, M>(terms: &[(G, F)], sequential: M) -> G
where
    G: Group,
    F: Sync,
    M: Fn(&[(G, F)]) -> G + Sync,
{
    #[cfg(feature = "parallel")]
    {
        let threads = rayon::current_num_threads();
        if threads > 1 && terms.len() >= PARALLEL_FROM {
            use rayon::prelude::*;
            let chunk = terms.len().div_ceil(threads).max(1);
            return terms
                .par_chunks(chunk)
                .map(&sequential)
                .reduce(G::identity, |a, b| a + b);
        }
    }
    sequential(terms)
}

#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
use ff::PrimeField;

#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
/// The window width for `n` terms: about `log2(n) - 3`, at least 2.
fn window(n: usize) -> usize {
    let log2 = usize::try_from(usize::BITS - n.leading_zeros()).unwrap_or(0);
    log2.saturating_sub(3).clamp(2, 16)
}

#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
/// The signed radix-`2^c` digits of a scalar given as little-endian bytes,
/// least significant first; `windows` digits, enough for the final carry.
/// `c` is at most 16 ([`window`]).
fn signed_digits(le: &[u8], c: usize, windows: usize, out: &mut Vec<i32>) {
    // The scalar as 64-bit limbs, plus a zero limb for the top windows.
    let mut limbs = [0u64; 5];
    for (limb, chunk) in limbs.iter_mut().zip(le.chunks(8)) {
        let mut bytes = [0u8; 8];
        bytes.iter_mut().zip(chunk).for_each(|(b, c)| *b = *c);
        *limb = u64::from_le_bytes(bytes);
    }
    let limb = |i: usize| limbs.get(i).copied().unwrap_or(0);
    let mask = (1u64 << c) - 1;
    let half = 1i32 << (c - 1);
    let mut carry = 0i32;
    for w in 0..windows {
        let (at, shift) = ((w * c) / 64, (w * c) % 64);
        let mut bits = limb(at) >> shift;
        if shift + c > 64 {
            bits |= limb(at + 1) << (64 - shift);
        }
        let v = i32::try_from(bits & mask).unwrap_or(0) + carry;
        if v >= half {
            out.push(v - (half << 1));
            carry = 1;
        } else {
            out.push(v);
            carry = 0;
        }
    }
}

#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
/// About how many points [`pippenger`] puts into buckets at once (80 bytes
/// each on secp256k1): all windows of up to a few thousand terms, one
/// window at a time from 65,536 terms on.
const BATCH_POINTS: usize = 1 << 16;

#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
/// `sum(k_i * P_i)` by Pippenger's method with affine buckets
/// ([`affine`]); `None` only if an internal consistency check fails (see
/// [`affine`]), and the caller then uses the backend's own routine.
/// `big_endian` says how the scalar field encodes (`PrimeField::to_repr`).
pub(crate) fn pippenger<C: affine::Coordinates>(
    terms: &[(C::ProjectivePoint, C::Scalar)],
    big_endian: bool,
) -> Option<C::ProjectivePoint> {
    pippenger_with::<C>(terms, big_endian, AFFINE_SUMS_FROM)
}

#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
/// From how many windows in one batch [`pippenger`] runs their running sums
/// in step in affine coordinates: each step costs one inversion shared by
/// all windows, against two Jacobian additions per window.
const AFFINE_SUMS_FROM: usize = 16;

#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
/// [`pippenger`] with the running sums in affine coordinates from
/// `affine_sums_from` windows per batch (the tests force either path).
fn pippenger_with<C: affine::Coordinates>(
    terms: &[(C::ProjectivePoint, C::Scalar)],
    big_endian: bool,
    affine_sums_from: usize,
) -> Option<C::ProjectivePoint> {
    use elliptic_curve::CurveGroup;

    let terms: Vec<_> = terms
        .iter()
        .filter(|(p, _)| !bool::from(p.is_identity()))
        .collect();
    let n = terms.len();
    if n == 0 {
        return Some(C::ProjectivePoint::identity());
    }
    let projective: Vec<C::ProjectivePoint> = terms.iter().map(|(p, _)| *p).collect();
    let mut affine_points = vec![C::AffinePoint::default(); n];
    C::ProjectivePoint::batch_normalize(&projective, &mut affine_points);
    let mut points = Vec::with_capacity(n);
    for a in &affine_points {
        let xy = affine::Xy::<C>::of(a)?;
        points.push((xy, xy.neg()));
    }

    let c = window(n);
    let bits = usize::try_from(<C::Scalar as PrimeField>::NUM_BITS).unwrap_or(256);
    let windows = (bits + 1).div_ceil(c);
    let mut digits = Vec::with_capacity(n * windows);
    for &(_, k) in &terms {
        let repr = <C::Scalar as PrimeField>::to_repr(k);
        let mut le = AsRef::<[u8]>::as_ref(&repr).to_vec();
        if big_endian {
            le.reverse();
        }
        signed_digits(&le, c, windows, &mut digits);
    }

    // The buckets of as many windows as fit in about `BATCH_POINTS` points
    // are filled and reduced together, so that each round of additions
    // shares one inversion across all of them.
    let slots = 1usize << (c - 1);
    let per_batch = (BATCH_POINTS / n.max(1)).clamp(1, windows);
    let mut buckets = affine::Buckets::<C>::new(per_batch * slots, n * per_batch);
    let slot = |d: i32| {
        usize::try_from(d.unsigned_abs())
            .unwrap_or(0)
            .wrapping_sub(1)
    };
    let mut window_sums = Vec::with_capacity(windows);
    for first in (0..windows).step_by(per_batch) {
        let batch = first..(first + per_batch).min(windows);
        // Counting sort: bucket `(w - first) * slots + |d| - 1` of window `w`.
        let key = |w: usize, d: i32| (w - first) * slots + slot(d);
        buckets.len.iter_mut().for_each(|l| *l = 0);
        for ds in digits.chunks(windows) {
            for w in batch.clone() {
                let d = ds.get(w).copied().unwrap_or(0);
                if d != 0 {
                    *buckets.len.get_mut(key(w, d))? += 1;
                }
            }
        }
        let mut next = 0;
        for (start, len) in buckets.start.iter_mut().zip(buckets.len.iter_mut()) {
            *start = next;
            next += *len;
            *len = 0;
        }
        buckets.points.clear();
        buckets.points.resize(next, points.first()?.0);
        for ((p, minus_p), ds) in points.iter().zip(digits.chunks(windows)) {
            for w in batch.clone() {
                let d = ds.get(w).copied().unwrap_or(0);
                if d != 0 {
                    let b = key(w, d);
                    let (start, len) = (buckets.start.get(b)?, buckets.len.get_mut(b)?);
                    *buckets.points.get_mut(start + *len)? = if d > 0 { *p } else { *minus_p };
                    *len += 1;
                }
            }
        }
        buckets.reduce()?;
        // Each window's sum_j (j + 1) * bucket_j by a running sum, from the
        // top bucket down: with many windows all of them in step in affine
        // coordinates, otherwise one window at a time in Jacobian ones.
        if batch.len() >= affine_sums_from {
            let sums = buckets.weighted_sums(batch.len(), slots)?;
            window_sums.extend(
                sums.iter()
                    .map(|s| s.as_ref().map(jacobian::Jacobian::from_xy)),
            );
        } else {
            window_sums.extend(jacobian::weighted_sums(&buckets, batch.len(), slots)?);
        }
    }
    let window_sums = jacobian::to_points(&window_sums)?;
    let mut acc = C::ProjectivePoint::identity();
    for sum in window_sums.iter().rev() {
        for _ in 0..c {
            acc = acc.double();
        }
        acc += sum;
    }
    Some(acc)
}

#[cfg(all(test, feature = "secp256k1", feature = "p256"))]
mod tests {
    //! [`pippenger`] itself, without the fallback to the backend's routine
    //! that [`crate::Suite::vartime_msm`] has: every case must be computed
    //! here, none handed back as `None`.
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::{Coordinates, pippenger, pippenger_with};
    use ff::Field;
    use group::Group;
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    fn naive<C: Coordinates>(terms: &[(C::ProjectivePoint, C::Scalar)]) -> C::ProjectivePoint {
        terms.iter().map(|(p, k)| *p * k).sum()
    }

    fn check<C: Coordinates>() {
        let mut rng = ChaCha20Rng::seed_from_u64(17);
        let p = C::ProjectivePoint::random(&mut rng);
        let k = C::Scalar::random(&mut rng);
        let one = C::Scalar::ONE;
        let two = one + one;
        let random: Vec<_> = (0..300)
            .map(|_| {
                (
                    C::ProjectivePoint::random(&mut rng),
                    C::Scalar::random(&mut rng),
                )
            })
            .collect();
        let cases: Vec<Vec<(C::ProjectivePoint, C::Scalar)>> = vec![
            vec![],
            vec![(C::ProjectivePoint::identity(), k); 40],
            random,
            vec![(p, k); 200],
            (0..200)
                .map(|i| (if i % 2 == 0 { p } else { -p }, k))
                .collect(),
            [vec![(p, two); 50], vec![(-p, one); 50]].concat(),
            [vec![(p, two); 50], vec![(p, one); 50]].concat(),
            vec![(p, -one); 1024],
        ];
        for (i, terms) in cases.iter().enumerate() {
            let expected = Some(naive::<C>(terms));
            assert_eq!(pippenger::<C>(terms, true), expected, "case {i}");
            // Running sums one window at a time (Jacobian) and all in step
            // (affine), whatever the number of windows.
            for from in [usize::MAX, 0] {
                let got = pippenger_with::<C>(terms, true, from);
                assert_eq!(got, expected, "case {i}, affine sums from {from}");
            }
        }
    }

    #[test]
    fn secp256k1() {
        check::<k256::Secp256k1>();
    }

    #[test]
    fn p256() {
        check::<p256::NistP256>();
    }
}
