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

    /// `f(1), ..., f(n)`, without evaluating at each point.
    ///
    /// Synthetic division by `x, x - 1, x - 2, ...` rewrites `f` in the
    /// falling-factorial (Newton) basis, `f(x) = sum_k c_k x (x - 1) ...
    /// (x - k + 1)`, in about `t^2 / 2` multiplications; there the forward
    /// differences of `f` at 0 are `k! c_k`, and stepping `x -> x + 1` adds
    /// every difference to the one below it: `n (t - 1)` additions in all,
    /// against `n (t - 1)` multiplications for Horner's rule at each point.
    pub fn evaluate_first(&self, n: u16) -> Vec<SecretScalar<S>> {
        // Newton coefficients: the remainder of dividing by x - k is c_k,
        // and the quotient is divided next. `q` holds the quotient from
        // index k on.
        let mut q = zeroize::Zeroizing::new(self.coefficients.clone());
        let mut differences = zeroize::Zeroizing::new(Vec::with_capacity(q.len()));
        let mut factorial = Scalar::<S>::ONE;
        for k in 0..q.len() {
            let kk = Scalar::<S>::from(k as u64);
            if k > 0 {
                let mut acc = Scalar::<S>::ZERO;
                for slot in q.iter_mut().skip(k).rev() {
                    acc = *slot + kk * acc;
                    *slot = acc;
                }
                factorial *= kk;
            }
            // Forward difference at 0: k! c_k.
            let c = q.get(k).copied().unwrap_or(Scalar::<S>::ZERO);
            differences.push(c * factorial);
        }
        let mut values = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            // Step x -> x + 1: each difference plus the (old) one above it.
            for i in 1..differences.len() {
                if let Some(above) = differences.get(i).copied()
                    && let Some(d) = differences.get_mut(i - 1)
                {
                    *d += above;
                }
            }
            values.push(SecretScalar::new(
                differences.first().copied().unwrap_or(Scalar::<S>::ZERO),
            ));
        }
        values
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

#[cfg(test)]
mod tests {
    //! [`SecretPolynomial::evaluate_first`] (synthetic division and forward
    //! differences) against Horner's rule at each point.
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::SecretPolynomial;
    use crate::identifier::Identifier;
    use crate::secret::SecretScalar;
    use crate::suite::{Scalar, Suite};
    use ff::Field;
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    fn check<S: Suite>() {
        let mut rng = ChaCha20Rng::seed_from_u64(11);
        for (t, n) in [
            (1, 1),
            (1, 4),
            (2, 1),
            (2, 3),
            (3, 4),
            (7, 10),
            (67, 100),
            (9, 300),
        ] {
            let constant = SecretScalar::<S>::new(Scalar::<S>::random(&mut rng));
            let polynomial = SecretPolynomial::random(&constant, t, &mut rng).unwrap();
            let values = polynomial.evaluate_first(n);
            assert_eq!(values.len(), usize::from(n));
            for (x, value) in (1..=n).zip(&values) {
                let id = Identifier::<S>::new(x).unwrap();
                assert_eq!(&polynomial.evaluate(&id), value, "{t}-of-{n} at {x}");
            }
        }
        let one = SecretPolynomial::<S>::from_coefficients(vec![Scalar::<S>::ONE]).unwrap();
        assert!(one.evaluate_first(0).is_empty());
    }

    crate::test_all_suites!(check);
}
