//! Round two (RFC 9591 §5.2): each signer's signature share.

use core::fmt;

use ff::Field;
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::lagrange::lagrange_coefficient;
use tessera_core::{Scalar, Suite};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::keys::KeyPackage;
use crate::package::{Derived, SigningPackage};
use crate::round1::SigningNonces;

/// One signer's signature share `z_i`. Public once sent.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SignatureShare<S: Suite> {
    z: Scalar<S>,
}

impl<S: Suite> SignatureShare<S> {
    /// Wraps a share value.
    pub fn new(z: Scalar<S>) -> Self {
        Self { z }
    }

    /// The share value.
    pub fn value(&self) -> Scalar<S> {
        self.z
    }
}

impl<S: Suite> fmt::Debug for SignatureShare<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex: String = ff::PrimeField::to_repr(&self.z)
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        write!(f, "SignatureShare({hex})")
    }
}

impl<S: Suite> Wire<S> for SignatureShare<S> {
    const KIND: u8 = 0x12;

    fn write_body(&self, w: &mut Writer) {
        w.scalar(&self.z);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        Ok(Self { z: r.scalar()? })
    }
}

tessera_core::serde_via_wire!(SignatureShare { share: Scalar });

/// Round two: the signature share of `key` over `package`, consuming the
/// nonces of round one.
///
/// Refuses (before using the nonces) a package for another key epoch, one
/// that lacks this signer's commitment or holds a different one, or one with
/// fewer signers than the threshold. The nonces are consumed either way.
pub fn sign<S: Suite>(
    package: &SigningPackage<S>,
    nonces: SigningNonces<S>,
    key: &KeyPackage<S>,
) -> Result<SignatureShare<S>, Error<S>> {
    let index = check_package(package, &nonces, key)?;
    let derived = package.derive(key.group_key_repr());
    sign_derived(package, &derived, &nonces, key, index)
}

/// The checks of [`sign`] before the nonces are used: the key's epoch, the
/// signer's own commitment (present and equal to its nonces'), at least
/// the threshold of signers. Returns the signer's index in the package.
pub(crate) fn check_package<S: Suite>(
    package: &SigningPackage<S>,
    nonces: &SigningNonces<S>,
    key: &KeyPackage<S>,
) -> Result<usize, Error<S>> {
    if package.epoch() != key.epoch() {
        return Err(Error::EpochMismatch);
    }
    let me = key.id();
    let index = package
        .commitments()
        .keys()
        .position(|id| *id == me)
        .ok_or(Error::MissingOwnCommitment)?;
    if package.commitments().get(&me) != Some(nonces.commitments()) {
        return Err(Error::IncorrectCommitment);
    }
    let signers = package.commitments().len();
    if signers < usize::from(key.threshold()) {
        return Err(tessera_core::Error::TooFewParticipants {
            needed: usize::from(key.threshold()),
            got: signers,
        }
        .into());
    }
    Ok(index)
}

/// The share of the signer at `index` of the package's order, from values
/// already derived from the package under the key's group key (the
/// checks of [`sign`] done).
pub(crate) fn sign_derived<S: Suite>(
    package: &SigningPackage<S>,
    derived: &Derived<S>,
    nonces: &SigningNonces<S>,
    key: &KeyPackage<S>,
    index: usize,
) -> Result<SignatureShare<S>, Error<S>> {
    let me = key.id();
    let signers = package.signers();
    let lambda = lagrange_coefficient::<S>(&Scalar::<S>::ZERO, &me, &signers)?;
    // z_i = d_i + e_i rho_i + lambda_i c s_i (RFC 9591 §5.2); under BIP-340
    // the nonces count negated if R has odd Y and the share if the group
    // key has (the signs are public: they are read off R and the key).
    // Every secret intermediate value lives in a buffer wiped on drop.
    let mut nonce = Zeroizing::new(*nonces.binding().expose() * derived.binding_factor(index));
    *nonce += nonces.hiding().expose();
    if derived.commitment_negated {
        *nonce = -*nonce;
    }
    let mut keyed = Zeroizing::new(*key.signing_share().expose() * lambda);
    *keyed *= derived.key_challenge();
    let z = *nonce + *keyed;
    Ok(SignatureShare { z })
}
