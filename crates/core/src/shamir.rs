//! Shamir secret sharing: split a secret into `t`-of-`n` shares with a
//! Feldman commitment, and reconstruct it from `t` or more.

use core::fmt;

use ff::Field;

use crate::encoding::{Reader, Wire, Writer};
use crate::error::Error;
use crate::identifier::Identifier;
use crate::lagrange::{check_distinct, lagrange_coefficients};
use crate::polynomial::SecretPolynomial;
use crate::secret::SecretScalar;
use crate::suite::{Scalar, Suite};
use crate::vss::VssCommitment;

/// One participant's share `f(id)` of a secret. The value is secret: wiped
/// on drop, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretShare<S: Suite> {
    id: Identifier<S>,
    value: SecretScalar<S>,
}

impl<S: Suite> SecretShare<S> {
    /// A share with value `value` for participant `id`.
    pub fn new(id: Identifier<S>, value: SecretScalar<S>) -> Self {
        Self { id, value }
    }

    /// Whose share this is.
    pub fn id(&self) -> Identifier<S> {
        self.id
    }

    /// The secret value `f(id)`.
    pub fn value(&self) -> &SecretScalar<S> {
        &self.value
    }
}

impl<S: Suite> fmt::Debug for SecretShare<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretShare")
            .field("id", &self.id)
            .field("value", &self.value)
            .finish()
    }
}

impl<S: Suite> Wire<S> for SecretShare<S> {
    const KIND: u8 = 0x01;

    fn write_body(&self, w: &mut Writer) {
        w.identifier(&self.id);
        w.scalar(self.value.expose());
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, Error<S>> {
        Ok(Self {
            id: r.identifier()?,
            value: SecretScalar::new(r.scalar()?),
        })
    }
}

crate::serde_via_wire!(SecretShare {
    identifier: Identifier,
    value: Scalar,
});

/// The output of a dealer: one share per participant and the commitment
/// every participant verifies its share against.
pub type Dealt<S> = (Vec<SecretShare<S>>, VssCommitment<S>);

/// Checks `1 <= t <= n <= 65535`.
pub fn check_threshold<S: Suite>(t: usize, n: usize) -> Result<(), Error<S>> {
    if t == 0 || t > n || n > usize::from(u16::MAX) {
        return Err(Error::InvalidThreshold { t, n });
    }
    Ok(())
}

/// Splits `secret` into shares for `ids` such that any `t` of them recover
/// it, and returns the Feldman commitment to the sharing polynomial.
pub fn split<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    secret: &SecretScalar<S>,
    t: u16,
    ids: &[Identifier<S>],
    rng: &mut R,
) -> Result<Dealt<S>, Error<S>> {
    check_threshold::<S>(usize::from(t), ids.len())?;
    check_distinct(ids)?;
    let polynomial = SecretPolynomial::random(secret, t, rng)?;
    // Small identifiers (the usual 1..=n): the values at 1..=max together
    // (`evaluate_first`, additions only past the first t^2 / 2
    // multiplications); others by Horner's rule.
    let max = ids
        .iter()
        .try_fold(0u16, |max, id| id.as_u16().map(|x| max.max(x)))
        .filter(|&max| usize::from(max) <= 2 * ids.len());
    if let Some(max) = max {
        let values = polynomial.evaluate_first(max);
        let shares = ids
            .iter()
            .map(|id| {
                let value = id
                    .as_u16()
                    .and_then(|x| values.get(usize::from(x).checked_sub(1)?))
                    .cloned()
                    .unwrap_or_else(|| polynomial.evaluate(id));
                SecretShare::new(*id, value)
            })
            .collect();
        return Ok((shares, polynomial.commit()));
    }
    let shares = ids
        .iter()
        .map(|id| SecretShare::new(*id, polynomial.evaluate(id)))
        .collect();
    Ok((shares, polynomial.commit()))
}

/// Recovers the secret by Lagrange interpolation at zero from at least `t`
/// shares with distinct identifiers. Wrong shares give a wrong secret; use
/// [`reconstruct_verified`] to detect and name them.
pub fn reconstruct<S: Suite>(
    t: u16,
    shares: &[SecretShare<S>],
) -> Result<SecretScalar<S>, Error<S>> {
    if shares.len() < usize::from(t) || shares.is_empty() {
        return Err(Error::TooFewParticipants {
            needed: usize::from(t).max(1),
            got: shares.len(),
        });
    }
    let ids: Vec<_> = shares.iter().map(SecretShare::id).collect();
    let lambdas = lagrange_coefficients::<S>(&Scalar::<S>::ZERO, &ids)?;
    let secret = shares
        .iter()
        .zip(lambdas)
        .map(|(s, l)| *s.value().expose() * l)
        .sum::<Scalar<S>>();
    Ok(SecretScalar::new(secret))
}

/// Verifies every share against `commitment` (naming each invalid one),
/// then reconstructs with the commitment's threshold and checks the result
/// against its public key.
pub fn reconstruct_verified<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    commitment: &VssCommitment<S>,
    shares: &[SecretShare<S>],
    rng: &mut R,
) -> Result<SecretScalar<S>, Error<S>> {
    let t = u16::try_from(commitment.threshold())
        .map_err(|_| Error::InvalidLength(commitment.threshold()))?;
    if shares.len() < usize::from(t) {
        return Err(Error::TooFewParticipants {
            needed: usize::from(t),
            got: shares.len(),
        });
    }
    check_distinct(&shares.iter().map(SecretShare::id).collect::<Vec<_>>())?;
    commitment.verify_shares(shares, rng)?;
    let secret = reconstruct(t, shares)?;
    if S::mul_base(secret.expose()) != commitment.public_key() {
        return Err(Error::PublicKeyMismatch);
    }
    Ok(secret)
}
