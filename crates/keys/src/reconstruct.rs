//! Reconstructing the key from `t` or more shares of one epoch, and
//! exporting it in the suite's native form: the exit when a co-signer (say
//! the login service) stops cooperating.
//!
//! Reconstruction puts the whole key in one place; the threshold protection
//! ends there.

use std::collections::BTreeSet;

use ff::Field;
use tessera_core::lagrange::lagrange_coefficients;
use tessera_core::{Identifier, Scalar, SecretScalar, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::native::NativeKey;

/// Recovers the secret key from `keys`, at least `t` key packages of the
/// epoch of `public`.
///
/// Before any arithmetic, every key package must belong to that epoch
/// ([`Error::WrongEpoch`], naming its holder) and be distinct and known. Each share is
/// checked against its public verifying share, and every share that
/// differs is named; the result is checked against the group key.
pub fn reconstruct<S: Suite>(
    public: &PublicKeyPackage<S>,
    keys: &[KeyPackage<S>],
) -> Result<SecretScalar<S>, Error<S>> {
    if let Some(k) = keys
        .iter()
        .find(|k| k.epoch() != public.epoch() || k.group_key() != public.group_key())
    {
        return Err(Error::WrongEpoch { culprit: k.id() });
    }
    let t = usize::from(public.threshold());
    if keys.len() < t {
        return Err(tessera_core::Error::TooFewParticipants {
            needed: t,
            got: keys.len(),
        }
        .into());
    }
    let mut seen = BTreeSet::new();
    let mut culprits = Vec::new();
    for k in keys {
        if !seen.insert(k.id()) {
            return Err(tessera_core::Error::DuplicateParticipant { culprit: k.id() }.into());
        }
        if public.verifying_share(&k.id())? != k.verifying_share() {
            culprits.push(k.id());
        }
    }
    if !culprits.is_empty() {
        return Err(tessera_core::Error::InvalidShares { culprits }.into());
    }
    let ids: Vec<Identifier<S>> = keys.iter().map(KeyPackage::id).collect();
    let lambdas = lagrange_coefficients::<S>(&Scalar::<S>::ZERO, &ids)?;
    // The fold's terms and sum live in buffers wiped on drop.
    let mut sum = Zeroizing::new(Scalar::<S>::ZERO);
    for (k, l) in keys.iter().zip(lambdas) {
        let term = Zeroizing::new(l * k.signing_share().expose());
        *sum += *term;
    }
    let secret = SecretScalar::new(*sum);
    if S::mul_base(secret.expose()) != public.group_key() {
        return Err(tessera_core::Error::PublicKeyMismatch.into());
    }
    Ok(secret)
}

/// [`reconstruct`], then export in the suite's native private-key form
/// ([`NativeKey::secret_to_native`]).
pub fn reconstruct_native<S: NativeKey>(
    public: &PublicKeyPackage<S>,
    keys: &[KeyPackage<S>],
) -> Result<Zeroizing<Vec<u8>>, Error<S>> {
    Ok(S::secret_to_native(&reconstruct(public, keys)?))
}
