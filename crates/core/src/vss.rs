//! Feldman verifiable secret sharing: commitments to a dealer's polynomial,
//! and verification of shares against them, one at a time or batched into a
//! single multi-scalar multiplication.

use ff::Field;
use group::Group;

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
    /// `t + 1` terms: with random weights `r_i`, checks
    /// `sum_k (sum_i r_i x_i^k) C_k - (sum_i r_i s_i) G == 0`.
    /// If that fails, checks each share and names every invalid one.
    pub fn verify_shares<R: rand_core::CryptoRng + ?Sized>(
        &self,
        shares: &[SecretShare<S>],
        rng: &mut R,
    ) -> Result<(), Error<S>> {
        let mut coeffs = vec![Scalar::<S>::ZERO; self.points.len()];
        let mut g = Scalar::<S>::ZERO;
        for share in shares {
            let r = Scalar::<S>::random(&mut *rng);
            g -= r * share.value().expose();
            let x = share.id().to_scalar();
            let mut power = r;
            for c in coeffs.iter_mut() {
                *c += power;
                power *= x;
            }
        }
        let mut terms: Vec<_> = self.points.iter().copied().zip(coeffs).collect();
        terms.push((Point::<S>::generator(), g));
        if bool::from(S::vartime_msm(&terms).is_identity()) {
            return Ok(());
        }
        let culprits =
            crate::batch::culprits(shares, |s| (!self.share_is_valid(s)).then(|| s.id()));
        // A random-weight batch that fails always has at least one bad share.
        Err(Error::InvalidShares { culprits })
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
        self.points.iter().for_each(|p| w.point(p));
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
