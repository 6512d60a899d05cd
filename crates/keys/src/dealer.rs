//! A trusted dealer: split a fresh key, or import an existing native key,
//! into `t`-of-`n` key packages.
//!
//! The dealer sees the whole key; use [`crate::dkg`] when no single party
//! may. Each [`KeyPackage`] must reach its owner over a confidential,
//! authenticated channel; the [`PublicKeyPackage`] and the commitment are
//! public.

use tessera_core::shamir::split;
use tessera_core::{Identifier, SecretScalar, Suite, VssCommitment};
use tessera_frost::{KeyPackage, PublicKeyPackage};

use crate::error::Error;
use crate::native::NativeKey;

/// What a dealer hands out.
#[derive(Debug)]
pub struct DealerOutput<S: Suite> {
    /// One key package per participant, in the order of the identifiers given.
    pub key_packages: Vec<KeyPackage<S>>,
    /// The public key package, for everyone.
    pub public: PublicKeyPackage<S>,
    /// The Feldman commitment to the sharing polynomial; each participant can
    /// check its share against it ([`KeyPackage::new`] checks it against the
    /// public key package).
    pub commitment: VssCommitment<S>,
}

/// Splits a fresh random key `t`-of-`n` among `ids`.
pub fn keygen<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    t: u16,
    ids: &[Identifier<S>],
    rng: &mut R,
) -> Result<DealerOutput<S>, Error<S>> {
    split_secret(&SecretScalar::random(rng), t, ids, rng)
}

/// Splits an existing native private key (see [`NativeKey`]) `t`-of-`n`:
/// the group key is the key's usual public key.
pub fn import<S: NativeKey, R: rand_core::CryptoRng + ?Sized>(
    native_secret: &[u8],
    t: u16,
    ids: &[Identifier<S>],
    rng: &mut R,
) -> Result<DealerOutput<S>, Error<S>> {
    split_secret(&S::secret_from_native(native_secret)?, t, ids, rng)
}

/// Splits `secret` `t`-of-`n` among `ids`.
pub fn split_secret<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    secret: &SecretScalar<S>,
    t: u16,
    ids: &[Identifier<S>],
    rng: &mut R,
) -> Result<DealerOutput<S>, Error<S>> {
    if t < 2 {
        return Err(tessera_core::Error::InvalidThreshold {
            t: usize::from(t),
            n: ids.len(),
        }
        .into());
    }
    let (shares, commitment) = split(secret, t, ids, rng)?;
    let public = PublicKeyPackage::from_shares(&commitment, &shares, rng)?;
    let key_packages = shares
        .iter()
        .map(|share| KeyPackage::new(share.id(), share.value().clone(), &public))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DealerOutput {
        key_packages,
        public,
        commitment,
    })
}
