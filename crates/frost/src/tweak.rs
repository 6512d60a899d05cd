//! Affine tweaks of a shared key, applied by every holder without interaction.
//!
//! Mapping every share `s_i` to `a s_i + b` (with `a != 0`) maps the shared
//! secret `s` to `a s + b`: Lagrange interpolation at zero is linear and its
//! coefficients sum to one, so any `t` tweaked shares interpolate to the
//! tweaked secret. The public side follows without any secret: verifying
//! shares `Y_i` become `a Y_i + b G` and the group key `Y` becomes
//! `a Y + b G`. This is what BIP-32 non-hardened derivation (`b` = the
//! child's tweak), BIP-341 Taproot (`b` = the Taproot tweak) and BIP-340's
//! even-Y normalisation (`a = -1`) need.
//!
//! The Feldman commitment `(A_0, ..., A_{t-1})` of the sharing becomes
//! `(a A_0 + b G, a A_1, ..., a A_{t-1})`, the commitment of the tweaked
//! polynomial `a f(x) + b`. A tweaked key is a different key: its packages
//! carry the tweaked commitment, hence a new [`Epoch`](crate::Epoch) (its digest), so
//! material of two different tweaks (two derivation paths, say) is never
//! combined.

use ff::Field;
use group::Group;
use tessera_core::{Point, Scalar, SecretScalar, Suite, VssCommitment};

use crate::error::Error;
use crate::keys::{KeyPackage, PublicKeyPackage};

/// The affine map `s -> factor * s + addend` on a shared secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tweak<S: Suite> {
    factor: Scalar<S>,
    addend: Scalar<S>,
}

impl<S: Suite> Tweak<S> {
    /// `s -> s + addend`: additive derivation (BIP-32, Taproot).
    pub fn add(addend: Scalar<S>) -> Self {
        Self {
            factor: Scalar::<S>::ONE,
            addend,
        }
    }

    /// `s -> -s`: negation (BIP-340 even-Y normalisation).
    pub fn negate() -> Self {
        Self {
            factor: -Scalar::<S>::ONE,
            addend: Scalar::<S>::ZERO,
        }
    }

    /// `s -> factor * s + addend`; refuses `factor == 0`, which would
    /// destroy the key.
    pub fn affine(factor: Scalar<S>, addend: Scalar<S>) -> Result<Self, Error<S>> {
        if bool::from(factor.is_zero()) {
            return Err(Error::InconsistentKey(
                "a tweak that multiplies the key by zero destroys it",
            ));
        }
        Ok(Self { factor, addend })
    }

    /// `self` applied first, then `next`.
    pub fn then(&self, next: &Self) -> Self {
        Self {
            factor: next.factor * self.factor,
            addend: next.factor * self.addend + next.addend,
        }
    }

    /// The multiplicative part `a`.
    pub fn factor(&self) -> Scalar<S> {
        self.factor
    }

    /// The additive part `b`.
    pub fn addend(&self) -> Scalar<S> {
        self.addend
    }

    /// The tweaked public point `a P + b G`.
    pub fn apply_to_point(&self, point: &Point<S>) -> Point<S> {
        S::vartime_msm(&[
            (*point, self.factor),
            (Point::<S>::generator(), self.addend),
        ])
    }

    /// The tweaked secret `a s + b`.
    pub fn apply_to_secret(&self, secret: &SecretScalar<S>) -> SecretScalar<S> {
        SecretScalar::new(self.factor * secret.expose() + self.addend)
    }

    /// The commitment of the tweaked sharing: `(a A_0 + b G, a A_1, ...,
    /// a A_{t-1})`. Fails if the tweaked group key is the identity (which
    /// happens only for a tweak chosen from the key itself).
    pub fn apply_to_commitment(
        &self,
        commitment: &VssCommitment<S>,
    ) -> Result<VssCommitment<S>, Error<S>> {
        let points = commitment
            .points()
            .iter()
            .enumerate()
            .map(|(k, p)| {
                if k == 0 {
                    self.apply_to_point(p)
                } else {
                    *p * self.factor
                }
            })
            .collect();
        VssCommitment::new(points)
            .map_err(|_| Error::InconsistentKey("the tweak maps the key to zero"))
    }
}

impl<S: Suite> PublicKeyPackage<S> {
    /// The public key package of the tweaked key: the commitment, every
    /// verifying share and the group key mapped by `tweak`; its epoch is
    /// the tweaked commitment's. Fails if the tweak maps the group key or a
    /// verifying share to the identity (which happens only for a tweak
    /// chosen from the key itself).
    pub fn tweaked(&self, tweak: &Tweak<S>) -> Result<Self, Error<S>> {
        let commitment = tweak.apply_to_commitment(self.commitment())?;
        let shares = self
            .verifying_shares()
            .iter()
            .map(|(id, y)| (*id, tweak.apply_to_point(y)))
            .collect();
        Self::from_checked(commitment, shares)
    }
}

impl<S: Suite> KeyPackage<S> {
    /// This participant's key package of the tweaked key, matching
    /// [`PublicKeyPackage::tweaked`] of its public key package. Fails if the
    /// tweaked share or group key is degenerate (zero or the identity).
    pub fn tweaked(&self, tweak: &Tweak<S>) -> Result<Self, Error<S>> {
        let signing_share = tweak.apply_to_secret(self.signing_share());
        if bool::from(signing_share.expose().is_zero()) {
            return Err(Error::InconsistentKey("the tweak maps the key to zero"));
        }
        let commitment = tweak.apply_to_commitment(self.commitment())?;
        KeyPackage::from_parts(self.id(), signing_share, commitment)
    }
}
