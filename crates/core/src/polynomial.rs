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

    /// A random polynomial with the given constant term, as [`Self::random`]
    /// draws it, together with its values at `x = 1..=n`.
    ///
    /// The polynomial is drawn in the falling-factorial (Newton) basis,
    /// `f(x) = sum_k c_k x (x - 1) ... (x - k + 1)` with `c_0` the constant
    /// and `c_1..c_{t-1}` uniform. The change to the monomial basis is
    /// triangular with ones on the diagonal, so the monomial coefficients
    /// `a_1..a_{t-1}` are uniform too: the same distribution as
    /// [`Self::random`]. In that basis the forward differences of `f` at 0
    /// are `k! c_k`, so the `n` values cost `n (t - 1)` additions (each
    /// step adds every difference to the one below it), and the monomial
    /// coefficients, which the commitment needs, cost about `t^2 / 2`
    /// multiplications; Horner's rule at `n` points costs `n (t - 1)`.
    pub fn random_with_values<R: rand_core::CryptoRng + ?Sized>(
        constant: &SecretScalar<S>,
        t: u16,
        n: u16,
        rng: &mut R,
    ) -> Result<(Self, Vec<SecretScalar<S>>), Error<S>> {
        if t == 0 {
            return Err(Error::InvalidThreshold {
                t: 0,
                n: usize::from(n),
            });
        }
        let mut newton = zeroize::Zeroizing::new(Vec::with_capacity(usize::from(t)));
        newton.push(*constant.expose());
        newton.extend((1..t).map(|_| Scalar::<S>::random(&mut *rng)));

        // Monomial coefficients: p <- p (x - k) + c_k for k = t - 2, ..., 0,
        // starting from p = c_{t-1}; p is kept in the first entries of
        // `coefficients`, which start at zero.
        let mut coefficients = vec![Scalar::<S>::ZERO; usize::from(t)];
        if let (Some(first), Some(last)) = (coefficients.first_mut(), newton.last()) {
            *first = *last;
        }
        for (k, c) in newton.iter().enumerate().rev().skip(1) {
            // p has t - 1 - k coefficients and gains one.
            let len = usize::from(t) - k;
            let k = Scalar::<S>::from(k as u64);
            let mut below = *c;
            for slot in coefficients.iter_mut().take(len) {
                let current = *slot;
                *slot = below - k * current;
                below = current;
            }
        }

        // Forward differences at 0: k! c_k.
        let mut differences = zeroize::Zeroizing::new(Vec::with_capacity(usize::from(t)));
        let mut factorial = Scalar::<S>::ONE;
        for (k, c) in newton.iter().enumerate() {
            if k > 0 {
                factorial *= Scalar::<S>::from(k as u64);
            }
            differences.push(*c * factorial);
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
        Ok((Self { coefficients }, values))
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
    //! The forward-difference values of [`SecretPolynomial::random_with_values`]
    //! against Horner's rule on the monomial coefficients it returns: the two
    //! are computed independently (differences in the Newton basis, and the
    //! change of basis), so they agree only if both are right.
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
            let (polynomial, values) =
                SecretPolynomial::random_with_values(&constant, t, n, &mut rng).unwrap();
            assert_eq!(polynomial.threshold(), usize::from(t));
            assert_eq!(values.len(), usize::from(n));
            assert_eq!(polynomial.constant(), constant);
            for (x, value) in (1..=n).zip(&values) {
                let id = Identifier::<S>::new(x).unwrap();
                assert_eq!(&polynomial.evaluate(&id), value, "{t}-of-{n} at {x}");
            }
            // Degree exactly t - 1 (with overwhelming probability): the top
            // coefficient is the Newton basis' top coefficient, not zero.
            if t > 1 {
                assert!(!bool::from(
                    polynomial.coefficients[usize::from(t) - 1].is_zero()
                ));
            }
        }
        assert!(
            SecretPolynomial::<S>::random_with_values(
                &SecretScalar::new(Scalar::<S>::ONE),
                0,
                3,
                &mut rng
            )
            .is_err()
        );
    }

    crate::test_all_suites!(check);
}
