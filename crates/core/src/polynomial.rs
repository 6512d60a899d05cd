//! Secret polynomials over the scalar field, the dealer's side of Shamir
//! sharing and Feldman VSS.

use core::fmt;

use ff::Field;
use zeroize::Zeroize;

use crate::error::Error;
use crate::identifier::Identifier;
use crate::secret::SecretScalar;
use crate::suite::{Scalar, Suite};
use crate::vss::VssCommitment;

/// A secret polynomial `f(x) = a_0 + a_1 x + ... + a_{t-1} x^{t-1}` with
/// `t` coefficients; `f(0) = a_0` is the shared secret. Wiped on drop.
pub struct SecretPolynomial<S: Suite> {
    coefficients: Vec<Scalar<S>>,
}

impl<S: Suite> SecretPolynomial<S> {
    /// A polynomial with the given constant term and `t - 1` random
    /// coefficients, so any `t` evaluations determine it.
    pub fn random<R: rand_core::CryptoRng + ?Sized>(
        constant: &SecretScalar<S>,
        t: u16,
        rng: &mut R,
    ) -> Result<Self, Error<S>> {
        if t == 0 {
            return Err(Error::InvalidThreshold { t: 0, n: 0 });
        }
        let mut coefficients = Vec::with_capacity(usize::from(t));
        coefficients.push(*constant.expose());
        coefficients.extend((1..t).map(|_| Scalar::<S>::random(&mut *rng)));
        Ok(Self { coefficients })
    }

    /// Builds a polynomial from its coefficients, constant term first.
    /// Fails on an empty list.
    pub fn from_coefficients(coefficients: Vec<Scalar<S>>) -> Result<Self, Error<S>> {
        if coefficients.is_empty() {
            return Err(Error::InvalidThreshold { t: 0, n: 0 });
        }
        Ok(Self { coefficients })
    }

    /// The number of coefficients, i.e. the threshold.
    pub fn threshold(&self) -> usize {
        self.coefficients.len()
    }

    /// `f(0)`, the shared secret.
    pub fn constant(&self) -> SecretScalar<S> {
        SecretScalar::new(
            self.coefficients
                .first()
                .copied()
                .unwrap_or(Scalar::<S>::ZERO),
        )
    }

    /// `f(id)` by Horner's rule.
    pub fn evaluate(&self, id: &Identifier<S>) -> SecretScalar<S> {
        let x = id.to_scalar();
        let value = self
            .coefficients
            .iter()
            .rev()
            .fold(Scalar::<S>::ZERO, |acc, a| acc * x + a);
        SecretScalar::new(value)
    }

    /// The Feldman commitment `[a_0 G, ..., a_{t-1} G]`.
    pub fn commit(&self) -> VssCommitment<S> {
        VssCommitment::from_points_unchecked(self.coefficients.iter().map(S::mul_base).collect())
    }
}

impl<S: Suite> Drop for SecretPolynomial<S> {
    fn drop(&mut self) {
        self.coefficients.iter_mut().for_each(Zeroize::zeroize);
    }
}

impl<S: Suite> zeroize::ZeroizeOnDrop for SecretPolynomial<S> {}

impl<S: Suite> fmt::Debug for SecretPolynomial<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SecretPolynomial(<{} redacted coefficients>)",
            self.coefficients.len()
        )
    }
}
