//! Key material written by wire-format version 1, read into the current
//! types so that a stored share outlives the format change.
//!
//! Version 1 key and public key packages carried the group key, the
//! threshold and an epoch instead of the sharing's Feldman commitment.
//! [`upgrade_v1`] decodes both strictly (the version 1 rules: canonical
//! scalars and points, sorted identifiers, no trailing byte), recovers the
//! commitment from the verifying shares by interpolation in the exponent
//! ([`PublicKeyPackage::new`], which checks that every verifying share lies
//! on it), and rebuilds the key package on it. For key material made by
//! tessera's dealer, DKG, reshare or repair, the recomputed epoch is the
//! stored one, and [`upgrade_v1`] checks that it is; key material imported
//! with `PublicKeyPackage::new` at version 1 had an epoch hashed from its
//! parts, and gets its commitment's epoch instead
//! ([`Upgraded::epoch_changed`]).

use std::collections::BTreeMap;

use tessera_core::encoding::{Reader, check_header_of};
use tessera_core::{Identifier, Point, SecretScalar, Suite};

use crate::error::Error;
use crate::keys::{Epoch, KeyPackage, PublicKeyPackage};

/// The wire-format version this module reads.
pub const V1: u8 = 1;

/// The message kinds of the version 1 key and public key packages (the
/// same bytes as today's).
const KIND_KEY_PACKAGE: u8 = 0x14;
const KIND_PUBLIC_KEY_PACKAGE: u8 = 0x15;

/// A key and public key package read from version 1 encodings.
#[derive(Debug)]
pub struct Upgraded<S: Suite> {
    /// The key package, at the current format.
    pub key: KeyPackage<S>,
    /// The public key package, at the current format.
    pub public: PublicKeyPackage<S>,
    /// The epoch the version 1 encodings stored, when it differs from the
    /// recomputed one (key material imported at version 1); `None` when it
    /// is the same.
    pub epoch_changed: Option<Epoch>,
}

/// Version 1 key package: identifier, threshold, epoch, signing share,
/// group key.
struct KeyV1<S: Suite> {
    id: Identifier<S>,
    threshold: u16,
    epoch: Epoch,
    signing_share: SecretScalar<S>,
    group_key: Point<S>,
}

fn key_v1<S: Suite>(bytes: &[u8]) -> Result<KeyV1<S>, tessera_core::Error<S>> {
    let mut r = Reader::<S>::new(bytes);
    check_header_of::<S>(V1, r.take_array()?, KIND_KEY_PACKAGE)?;
    let id = r.identifier()?;
    let threshold = r.u16()?;
    let epoch = Epoch::from_bytes(r.take_array()?);
    let signing_share = SecretScalar::new(r.scalar()?);
    let group_key = r.point()?;
    r.finish()?;
    Ok(KeyV1 {
        id,
        threshold,
        epoch,
        signing_share,
        group_key,
    })
}

/// Version 1 public key package: epoch, threshold, group key, then the
/// verifying shares sorted by identifier.
struct PublicV1<S: Suite> {
    epoch: Epoch,
    threshold: u16,
    group_key: Point<S>,
    verifying_shares: BTreeMap<Identifier<S>, Point<S>>,
}

fn public_v1<S: Suite>(bytes: &[u8]) -> Result<PublicV1<S>, tessera_core::Error<S>> {
    let mut r = Reader::<S>::new(bytes);
    check_header_of::<S>(V1, r.take_array()?, KIND_PUBLIC_KEY_PACKAGE)?;
    let epoch = Epoch::from_bytes(r.take_array()?);
    let threshold = r.u16()?;
    let group_key = r.point()?;
    let n = r.count(S::SCALAR_LEN + S::POINT_LEN)?;
    let verifying_shares = r.sorted_map(n, |r| r.point())?;
    r.finish()?;
    Ok(PublicV1 {
        epoch,
        threshold,
        group_key,
        verifying_shares,
    })
}

/// Reads a key package and its public key package written at wire-format
/// version 1 and returns them at the current format.
///
/// Fails on any decoding error of either encoding (with the version 1
/// rules), when the verifying shares do not lie on one polynomial through
/// the group key ([`PublicKeyPackage::new`]), when the key package's group
/// key, threshold or epoch differ from the public key package's
/// ([`Error::InconsistentKey`]), and when the signing share is not the
/// holder's verifying share ([`KeyPackage::new`]).
pub fn upgrade_v1<S: Suite>(key: &[u8], public: &[u8]) -> Result<Upgraded<S>, Error<S>> {
    let key = key_v1::<S>(key)?;
    let old = public_v1::<S>(public)?;
    if key.group_key != old.group_key || key.threshold != old.threshold || key.epoch != old.epoch {
        return Err(Error::InconsistentKey(
            "the version 1 key package belongs to another public key package",
        ));
    }
    let public = PublicKeyPackage::new(old.verifying_shares, old.group_key, old.threshold)?;
    let epoch_changed = (public.epoch() != old.epoch).then_some(old.epoch);
    let key = KeyPackage::new(key.id, key.signing_share, &public)?;
    Ok(Upgraded {
        key,
        public,
        epoch_changed,
    })
}
