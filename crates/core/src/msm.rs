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
//! 2^(c-1)`); for each window, from the most significant down, the points
//! are added into `2^(c-1)` buckets by digit, the buckets are summed with a
//! running sum, and the accumulator is doubled `c` times between windows.
//! Cost: about `(256 / c) (n + 2^c)` additions instead of Straus's
//! `n (256 / (w + 1) + 2^(w-2))`; it wins from a few hundred terms on.

use group::Group;

/// From how many terms [`parallel`] splits a multi-scalar multiplication
/// across threads. Below this the cost of handing work to another thread
/// (tens of microseconds) is not repaid. The `baseline` bench of
/// `tessera-benches` measures it (`msm-threads/*`, one thread against
/// rayon's pool): see the crate README.
///
/// Measured on 2026-11-30 (`RAYON_NUM_THREADS=2 cargo bench -p
/// tessera-benches --bench baseline -- --warm-up-time 1 --measurement-time
/// 2 'msm-threads/(ed25519|secp256k1)/'`), median pool / one thread, on
/// the 2-core machine while four other builds ran (load average 11):
///
/// | terms | ed25519 | secp256k1 |
/// |---|---|---|
/// | 16 | 0.429 / 0.491 ms | 1.21 / 0.98 ms |
/// | 32 | 0.835 / 0.705 ms | 2.01 / 1.98 ms |
/// | 64 | 1.65 / 1.47 ms | 3.25 / 4.72 ms |
/// | 128 | 3.31 / 3.32 ms | 7.53 / 7.71 ms |
/// | 256 | 6.84 / 5.70 ms | 21.2 / 16.4 ms |
/// | 1000 | 20.0 / 17.5 ms | 52.0 / 53.9 ms |
///
/// With both cores already busy the second thread buys nothing at any
/// size, so that run cannot place the crossover; 64 is kept (the point
/// from which one chunk per thread is at least 32 terms, well above the
/// thread hand-off cost) until a quiet-machine run of the same command
/// places it.
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
fn signed_digits(le: &[u8], c: usize, windows: usize, out: &mut Vec<i32>) {
    let bit = |i: usize| -> i32 {
        le.get(i / 8)
            .map_or(0, |byte| i32::from((byte >> (i % 8)) & 1))
    };
    let half = 1i32 << (c - 1);
    let mut carry = 0i32;
    for w in 0..windows {
        let raw: i32 = (0..c).map(|b| bit(w * c + b) << b).sum();
        let v = raw + carry;
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
/// `sum(k_i * P_i)` by Pippenger's method. `big_endian` says how the
/// scalar field encodes (`PrimeField::to_repr`).
pub(crate) fn pippenger<G: Group<Scalar = F>, F: PrimeField>(
    terms: &[(G, F)],
    big_endian: bool,
) -> G {
    let n = terms.len();
    let c = window(n);
    let bits = usize::try_from(F::NUM_BITS).unwrap_or(256);
    let windows = (bits + 1).div_ceil(c);
    let mut digits = Vec::with_capacity(n * windows);
    for (_, k) in terms {
        let mut le = k.to_repr().as_ref().to_vec();
        if big_endian {
            le.reverse();
        }
        signed_digits(&le, c, windows, &mut digits);
    }
    let mut buckets = vec![G::identity(); 1 << (c - 1)];
    let mut acc = G::identity();
    for w in (0..windows).rev() {
        for _ in 0..c {
            acc = acc.double();
        }
        buckets.iter_mut().for_each(|b| *b = G::identity());
        for ((p, _), ds) in terms.iter().zip(digits.chunks(windows)) {
            let d = ds.get(w).copied().unwrap_or(0);
            let slot = usize::try_from(d.unsigned_abs())
                .unwrap_or(0)
                .wrapping_sub(1);
            if let Some(bucket) = buckets.get_mut(slot) {
                if d > 0 {
                    *bucket += p;
                } else {
                    *bucket -= p;
                }
            }
        }
        // sum_j (j + 1) * bucket_j by a running sum, from the top bucket down.
        let mut running = G::identity();
        let mut sum = G::identity();
        for b in buckets.iter().rev() {
            running += b;
            sum += running;
        }
        acc += sum;
    }
    acc
}
