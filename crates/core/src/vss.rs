//! Feldman verifiable secret sharing: commitments to a dealer's polynomial,
//! and verification of shares against them, one at a time or batched into a
//! single multi-scalar multiplication.

use ff::Field;
use group::Group;
use zeroize::Zeroizing;

use crate::batch::BatchCheck;
use crate::encoding::{Reader, Wire, Writer};
use crate::error::Error;
use crate::identifier::Identifier;
use crate::shamir::SecretShare;
use crate::suite::{Point, Scalar, Suite};

/// A Feldman commitment `[a_0 G, ..., a_{t-1} G]` to a polynomial with `t`
/// coefficients. `a_0 G` is the public key of the shared secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VssCommitment<S: Suite> {
    points: Vec<Point<S>>,
}

impl<S: Suite> VssCommitment<S> {
    /// Wraps coefficient commitments computed locally (no identity check;
    /// decoding from bytes applies every check).
    pub(crate) fn from_points_unchecked(points: Vec<Point<S>>) -> Self {
        Self { points }
    }

    /// Wraps coefficient commitments, constant term first; fails on an empty
    /// list or an identity element.
    pub fn new(points: Vec<Point<S>>) -> Result<Self, Error<S>> {
        if points.is_empty() {
            return Err(Error::InvalidLength(0));
        }
        if points.iter().any(|p| bool::from(p.is_identity())) {
            return Err(crate::error::PointError::Identity.into());
        }
        Ok(Self { points })
    }

    /// The coefficient commitments, constant term first.
    pub fn points(&self) -> &[Point<S>] {
        &self.points
    }

    /// The threshold `t` (number of coefficients).
    pub fn threshold(&self) -> usize {
        self.points.len()
    }

    /// `a_0 G`, the public key of the shared secret.
    pub fn public_key(&self) -> Point<S> {
        self.points
            .first()
            .copied()
            .unwrap_or_else(Point::<S>::identity)
    }

    /// The MSM terms of `f(x) G = sum_k x^k C_k`, each scaled by `weight`.
    fn eval_terms(&self, x: &Scalar<S>, weight: Scalar<S>, out: &mut Vec<(Point<S>, Scalar<S>)>) {
        let mut power = weight;
        for c in &self.points {
            out.push((*c, power));
            power *= x;
        }
    }

    /// `f(id) G`: the public verifying share of participant `id`.
    ///
    /// For identifiers that fit in 16 bits (the usual `1..=n`) this is
    /// Horner's rule with variable-time double-and-add by the small `id`,
    /// several times cheaper than a multi-scalar multiplication by its
    /// powers; other identifiers take the MSM.
    pub fn evaluate(&self, id: &Identifier<S>) -> Point<S> {
        if let Some(x) = id.as_u16() {
            return self
                .points
                .iter()
                .rev()
                .fold(Point::<S>::identity(), |acc, c| mul_small::<S>(acc, x) + c);
        }
        let mut terms = Vec::with_capacity(self.points.len());
        self.eval_terms(&id.to_scalar(), Scalar::<S>::ONE, &mut terms);
        S::vartime_msm(&terms)
    }

    /// `f(1) G, ..., f(max) G`: the verifying shares at the first `max`
    /// identifiers, without evaluating at each.
    ///
    /// The points version of [`SecretPolynomial::evaluate_first`]:
    /// synthetic division by `x, x - 1, x - 2, ...` rewrites the commitment
    /// in the falling-factorial basis with about `t^2 / 2` multiplications
    /// by small integers (`k < t`), then multiplying each coefficient by
    /// `k!` gives the forward differences at 0 (by double-and-add while
    /// `k!` fits in 16 bits, a full multiplication past `8!`), and each
    /// step `x -> x + 1` costs `t - 1` point additions. Horner's rule at
    /// every identifier ([`VssCommitment::evaluate`]) costs `max (t - 1)`
    /// multiplications by the identifier instead.
    ///
    /// [`SecretPolynomial::evaluate_first`]: crate::polynomial::SecretPolynomial::evaluate_first
    pub fn evaluate_first(&self, max: u16) -> Vec<Point<S>> {
        if self.points.len() > usize::from(u16::MAX) {
            // Beyond any threshold tessera accepts: Horner at each point.
            return (1..=max)
                .filter_map(Identifier::<S>::new)
                .map(|id| self.evaluate(&id))
                .collect();
        }
        let mut q = self.points.clone();
        let mut differences = Vec::with_capacity(q.len());
        let mut factorial = Scalar::<S>::ONE;
        let mut small_factorial = Some(1u16);
        for k in 0..q.len() {
            if k > 0 {
                // k < u16::MAX (checked above).
                let small = u16::try_from(k).unwrap_or(u16::MAX);
                let mut acc = Point::<S>::identity();
                for slot in q.iter_mut().skip(k).rev() {
                    acc = *slot + mul_small::<S>(acc, small);
                    *slot = acc;
                }
                factorial *= Scalar::<S>::from(u64::from(small));
                // k! fits in 16 bits up to 8! = 40320: double-and-add by it.
                small_factorial = small_factorial.and_then(|f| f.checked_mul(small));
            }
            let c = q.get(k).copied().unwrap_or_else(Point::<S>::identity);
            differences.push(match small_factorial {
                Some(f) => mul_small::<S>(c, f),
                None => c * factorial,
            });
        }
        let mut values = Vec::with_capacity(usize::from(max));
        for _ in 0..max {
            for i in 1..differences.len() {
                if let Some(above) = differences.get(i).copied()
                    && let Some(d) = differences.get_mut(i - 1)
                {
                    *d += above;
                }
            }
            values.push(
                differences
                    .first()
                    .copied()
                    .unwrap_or_else(Point::<S>::identity),
            );
        }
        values
    }

    /// Checks `share.value * G == f(share.id) * G`. On failure the error
    /// names the share's identifier.
    pub fn verify_share(&self, share: &SecretShare<S>) -> Result<(), Error<S>> {
        if self.share_is_valid(share) {
            Ok(())
        } else {
            Err(Error::InvalidShares {
                culprits: vec![share.id()],
            })
        }
    }

    /// Whether `share` matches this commitment.
    pub fn share_is_valid(&self, share: &SecretShare<S>) -> bool {
        let mut terms = Vec::with_capacity(self.points.len() + 1);
        terms.push((Point::<S>::generator(), -*share.value().expose()));
        self.eval_terms(&share.id().to_scalar(), Scalar::<S>::ONE, &mut terms);
        bool::from(S::vartime_msm(&terms).is_identity())
    }

    /// Verifies many shares of this one polynomial with a single MSM of
    /// `t + 1` terms; if that fails, checks each share and names every
    /// invalid one.
    ///
    /// When the identifiers are exactly `1..=n` (in any order) and `n >= t`,
    /// the shares are interpolated at a random point and compared with the
    /// commitment evaluated there, which costs `O(n + t)` scalar
    /// multiplications; otherwise each share's equation is weighted by a
    /// random scalar and the powers of its identifier, which costs `n t`. Both reject a set with an invalid share except with
    /// probability at most `n / q` over `rng`.
    pub fn verify_shares<R: rand_core::CryptoRng + ?Sized>(
        &self,
        shares: &[SecretShare<S>],
        rng: &mut R,
    ) -> Result<(), Error<S>> {
        let holds = match self.interpolation_holds(shares, rng) {
            Some(holds) => holds,
            None => self.weighted_sum_holds(shares, rng),
        };
        if holds {
            return Ok(());
        }
        let culprits =
            crate::batch::culprits(shares, |s| (!self.share_is_valid(s)).then(|| s.id()));
        // A random-weight batch that fails always has at least one bad share.
        Err(Error::InvalidShares { culprits })
    }

    /// With random weights `r_i`, whether
    /// `sum_k (sum_i r_i x_i^k) C_k - (sum_i r_i s_i) G == 0`.
    fn weighted_sum_holds<R: rand_core::CryptoRng + ?Sized>(
        &self,
        shares: &[SecretShare<S>],
        rng: &mut R,
    ) -> bool {
        let mut coeffs = vec![Scalar::<S>::ZERO; self.points.len()];
        let mut g = Zeroizing::new(Scalar::<S>::ZERO);
        for share in shares {
            let r = Scalar::<S>::random(&mut *rng);
            *g -= r * share.value().expose();
            let x = share.id().to_scalar();
            let mut power = r;
            for c in coeffs.iter_mut() {
                *c += power;
                power *= x;
            }
        }
        let mut terms: Vec<_> = self.points.iter().copied().zip(coeffs).collect();
        terms.push((Point::<S>::generator(), *g));
        bool::from(S::vartime_msm(&terms).is_identity())
    }

    /// For shares at exactly `x = 1..=n` with `n >= t`: whether the
    /// polynomial `g` of degree `< n` through them agrees with the committed
    /// `f` at a random point `z`, `g(z) G == sum_k z^k C_k`. Every share is
    /// valid iff `g == f`; otherwise `g - f` is a non-zero polynomial of
    /// degree `< n` and vanishes at `z` with probability `< n / q`.
    ///
    /// In Lagrange form `g(z) = l(z) sum_i s_i / e_i` with `l(z) = prod_k (z - k)`
    /// and `e_i = (-1)^(n-i) (i-1)! (n-i)! (z - i)` (the nodes' barycentric
    /// weights are factorials). The sum is kept as one fraction `num / den`
    /// and the check multiplied through by `den`, so nothing is inverted.
    /// `None` (use another check) for other identifiers, or in the negligible
    /// case that `z` is a node.
    fn interpolation_holds<R: rand_core::CryptoRng + ?Sized>(
        &self,
        shares: &[SecretShare<S>],
        rng: &mut R,
    ) -> Option<bool> {
        let n = shares.len();
        if n < self.points.len() {
            return None;
        }
        let mut values: Vec<Option<&Scalar<S>>> = vec![None; n];
        for share in shares {
            let slot = values.get_mut(usize::from(share.id().as_u16()?).checked_sub(1)?)?;
            if slot.replace(share.value().expose()).is_some() {
                return None;
            }
        }
        let mut factorials = Vec::with_capacity(n);
        let mut factorial = Scalar::<S>::ONE;
        for k in 0..n {
            factorials.push(factorial);
            factorial *= Scalar::<S>::from(k as u64 + 1);
        }
        let z = Scalar::<S>::random(&mut *rng);
        let (mut num, mut den, mut node) = (Zeroizing::new(Scalar::<S>::ZERO), Scalar::<S>::ONE, z);
        let mut l = Scalar::<S>::ONE;
        for (i, value) in values.into_iter().enumerate() {
            // node = z - (i + 1); e = (-1)^(n-1-i) i! (n-1-i)! node.
            node -= Scalar::<S>::ONE;
            l *= node;
            let mut e = *factorials.get(i)? * factorials.get(n - 1 - i)? * node;
            if (n - 1 - i) % 2 == 1 {
                e = -e;
            }
            *num = *num * e + den * value?;
            den *= e;
        }
        if bool::from(den.is_zero()) {
            return None;
        }
        let mut terms = Vec::with_capacity(self.points.len() + 1);
        self.eval_terms(&z, den, &mut terms);
        terms.push((Point::<S>::generator(), -(l * *num)));
        Some(bool::from(S::vartime_msm(&terms).is_identity()))
    }
}

/// `x P` for a small public `x`, by variable-time double-and-add.
fn mul_small<S: Suite>(p: Point<S>, x: u16) -> Point<S> {
    (0..u16::BITS - x.leading_zeros())
        .rev()
        .fold(Point::<S>::identity(), |acc, bit| {
            let doubled = acc.double();
            if (x >> bit) & 1 == 1 {
                doubled + p
            } else {
                doubled
            }
        })
}

/// One share to check against one commitment, blaming `culprit` on failure
/// (in a DKG the dealer, not the recipient, is to blame).
#[derive(Clone, Copy, Debug)]
pub struct ShareCheck<'a, S: Suite> {
    /// Who is blamed if the check fails.
    pub culprit: Identifier<S>,
    /// The dealer's commitment.
    pub commitment: &'a VssCommitment<S>,
    /// The share received.
    pub share: &'a SecretShare<S>,
}

/// Verifies shares from many commitments (one dealer each) in one MSM with
/// random weights; if the batch fails, checks each and names every culprit.
pub fn batch_verify<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    checks: &[ShareCheck<'_, S>],
    rng: &mut R,
) -> Result<(), Error<S>> {
    let len: usize = checks.iter().map(|c| c.commitment.points.len()).sum();
    let mut batch = BatchCheck::<S>::with_capacity(len);
    for check in checks {
        batch.push_share(
            &Scalar::<S>::random(&mut *rng),
            check.commitment,
            check.share,
        );
    }
    if batch.verify() {
        return Ok(());
    }
    let culprits = crate::batch::culprits(checks, |c| {
        (!c.commitment.share_is_valid(c.share)).then_some(c.culprit)
    });
    Err(Error::InvalidShares { culprits })
}

impl<S: Suite> Wire<S> for VssCommitment<S> {
    const KIND: u8 = 0x02;

    fn write_body(&self, w: &mut Writer) {
        w.count(self.points.len());
        w.points::<S>(&self.points);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, Error<S>> {
        let n = r.count(S::POINT_LEN)?;
        if n == 0 {
            return Err(Error::InvalidLength(0));
        }
        let points = (0..n).map(|_| r.point()).collect::<Result<Vec<_>, _>>()?;
        Ok(Self { points })
    }
}

crate::serde_via_wire!(VssCommitment {
    coefficients: List(&Point),
});

#[cfg(test)]
mod tests {
    //! The two batched checks behind [`VssCommitment::verify_shares`] against
    //! each other and against checking every share on its own.
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::VssCommitment;
    use crate::identifier::{Identifier, identifiers};
    use crate::secret::SecretScalar;
    use crate::shamir::{SecretShare, split};
    use crate::suite::{Scalar, Suite};
    use ff::Field;
    use rand::SeedableRng;
    use rand::seq::SliceRandom;
    use rand_chacha::ChaCha20Rng;

    fn deal<S: Suite>(
        t: u16,
        n: u16,
        rng: &mut ChaCha20Rng,
    ) -> (Vec<SecretShare<S>>, VssCommitment<S>) {
        let secret = SecretScalar::new(Scalar::<S>::random(&mut *rng));
        split(&secret, t, &identifiers::<S>(n), rng).unwrap()
    }

    fn tamper<S: Suite>(share: &SecretShare<S>) -> SecretShare<S> {
        let value = *share.value().expose() + Scalar::<S>::ONE;
        SecretShare::new(share.id(), SecretScalar::new(value))
    }

    /// What each check says about `shares`, with the truth beside it.
    fn verdicts<S: Suite>(
        commitment: &VssCommitment<S>,
        shares: &[SecretShare<S>],
        rng: &mut ChaCha20Rng,
    ) -> (Option<bool>, bool, bool) {
        let truth = shares.iter().all(|s| commitment.share_is_valid(s));
        let interpolation = commitment.interpolation_holds(shares, rng);
        let weighted = commitment.weighted_sum_holds(shares, rng);
        assert_eq!(weighted, truth);
        (interpolation, weighted, truth)
    }

    fn check<S: Suite>() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for (t, n) in [(1, 1), (1, 3), (2, 2), (2, 3), (3, 4), (5, 9), (7, 10)] {
            let (mut shares, commitment) = deal::<S>(t, n, &mut rng);
            shares.shuffle(&mut rng);
            assert_eq!(
                verdicts(&commitment, &shares, &mut rng).0,
                Some(true),
                "{t}-of-{n}"
            );
            assert!(commitment.verify_shares(&shares, &mut rng).is_ok());

            // One wrong share anywhere is caught, and named.
            for bad in 0..shares.len() {
                let mut wrong = shares.clone();
                wrong[bad] = tamper(&wrong[bad]);
                assert_eq!(verdicts(&commitment, &wrong, &mut rng).0, Some(false));
                let err = commitment.verify_shares(&wrong, &mut rng).unwrap_err();
                assert!(
                    matches!(err, crate::Error::InvalidShares { ref culprits } if culprits == &[shares[bad].id()]),
                    "{err:?}"
                );
            }

            // Fewer than t shares, a subset that is not 1..=m, or a repeated
            // identifier: the interpolation check declines; the weighted sum
            // still decides.
            let mut sorted = shares.clone();
            sorted.sort_by_key(|s| s.id().as_u16());
            if n > 1 {
                let without_first = &sorted[1..];
                assert_eq!(verdicts(&commitment, without_first, &mut rng).0, None);
                assert!(commitment.verify_shares(without_first, &mut rng).is_ok());
                let mut repeated = sorted.clone();
                repeated[1] = repeated[0].clone();
                assert_eq!(verdicts(&commitment, &repeated, &mut rng).0, None);
            }
            if t > 1 {
                let too_few = &sorted[..usize::from(t) - 1];
                assert_eq!(verdicts(&commitment, too_few, &mut rng).0, None);
                assert!(commitment.verify_shares(too_few, &mut rng).is_ok());
            }
            // A prefix 1..=m with t <= m < n is still interpolated.
            let prefix = &sorted[..usize::from(t)];
            assert_eq!(verdicts(&commitment, prefix, &mut rng).0, Some(true));
        }
    }

    /// Identifiers that are not small integers take the weighted sum.
    fn check_large_identifiers<S: Suite>() {
        let mut rng = ChaCha20Rng::seed_from_u64(8);
        let secret = SecretScalar::new(Scalar::<S>::random(&mut rng));
        let ids: Vec<_> = (0..4)
            .map(|_| Identifier::<S>::from_scalar(Scalar::<S>::random(&mut rng)).unwrap())
            .collect();
        let (shares, commitment) = split(&secret, 3, &ids, &mut rng).unwrap();
        assert_eq!(verdicts(&commitment, &shares, &mut rng), (None, true, true));
        let mut wrong = shares.clone();
        wrong[2] = tamper(&wrong[2]);
        assert_eq!(
            verdicts(&commitment, &wrong, &mut rng),
            (None, false, false)
        );
    }

    /// `evaluate_first` against Horner's rule at every identifier (and
    /// the identity nowhere): thresholds below, at and past the last `k!`
    /// that fits in 16 bits (8! = 40320), `max` below and above `t`.
    fn check_evaluate_first<S: Suite>() {
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        for (t, max) in [
            (1, 1),
            (1, 3),
            (2, 3),
            (3, 2),
            (9, 12),
            (10, 10),
            (12, 30),
            (67, 100),
        ] {
            let (_, commitment) = deal::<S>(t, t.max(2), &mut rng);
            let first = commitment.evaluate_first(max);
            assert_eq!(first.len(), usize::from(max));
            for (x, value) in (1..=max).zip(&first) {
                let id = Identifier::<S>::new(x).unwrap();
                assert!(*value == commitment.evaluate(&id), "t = {t}, x = {x}");
            }
        }
    }

    crate::test_all_suites!(check, check_large_identifiers, check_evaluate_first);
}
