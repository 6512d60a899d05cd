//! Key material for signing: one participant's [`KeyPackage`] and the
//! [`PublicKeyPackage`] everyone holds.
//!
//! Both are protocol-neutral: they come from a dealer's Shamir split, from
//! DKG, or from the lifecycle protocols, and only record the result.

use core::fmt;
use std::collections::BTreeMap;

use group::{Group, GroupEncoding};
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::{Identifier, Point, SecretScalar, SecretShare, Suite, VssCommitment};

use crate::error::Error;

/// Checks `2 <= t <= n`: FROST needs at least two signers (RFC 9591 §5).
fn check_threshold<S: Suite>(t: u16, n: usize) -> Result<(), Error<S>> {
    if t < 2 || usize::from(t) > n {
        return Err(tessera_core::Error::InvalidThreshold {
            t: usize::from(t),
            n,
        }
        .into());
    }
    Ok(())
}

/// What one participant needs to sign: its identifier and secret signing
/// share, its public verifying share, the group key and the threshold.
/// The secret is wiped on drop and never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPackage<S: Suite> {
    id: Identifier<S>,
    signing_share: SecretScalar<S>,
    verifying_share: Point<S>,
    group_key: Point<S>,
    threshold: u16,
}

impl<S: Suite> KeyPackage<S> {
    /// Builds a key package; the verifying share is computed as `s G`.
    pub fn new(
        id: Identifier<S>,
        signing_share: SecretScalar<S>,
        group_key: Point<S>,
        threshold: u16,
    ) -> Result<Self, Error<S>> {
        if threshold < 2 {
            return Err(tessera_core::Error::InvalidThreshold {
                t: usize::from(threshold),
                n: 0,
            }
            .into());
        }
        if bool::from(group_key.is_identity()) {
            return Err(Error::InconsistentKey("group key is the identity"));
        }
        let verifying_share = S::mul_base(signing_share.expose());
        Ok(Self {
            id,
            signing_share,
            verifying_share,
            group_key,
            threshold,
        })
    }

    /// The key package of a share dealt with a Feldman commitment (dealer or
    /// DKG output): checks the share against the commitment first.
    pub fn from_share(
        share: &SecretShare<S>,
        commitment: &VssCommitment<S>,
    ) -> Result<Self, Error<S>> {
        commitment.verify_share(share)?;
        let t = u16::try_from(commitment.threshold())
            .map_err(|_| tessera_core::Error::InvalidLength(commitment.threshold()))?;
        Self::new(
            share.id(),
            share.value().clone(),
            commitment.public_key(),
            t,
        )
    }

    /// This participant's identifier.
    pub fn id(&self) -> Identifier<S> {
        self.id
    }

    /// The secret signing share.
    pub fn signing_share(&self) -> &SecretScalar<S> {
        &self.signing_share
    }

    /// The public verifying share `s G`.
    pub fn verifying_share(&self) -> Point<S> {
        self.verifying_share
    }

    /// The group public key.
    pub fn group_key(&self) -> Point<S> {
        self.group_key
    }

    /// The number of signers needed.
    pub fn threshold(&self) -> u16 {
        self.threshold
    }
}

impl<S: Suite> fmt::Debug for KeyPackage<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPackage")
            .field("id", &self.id)
            .field("signing_share", &self.signing_share)
            .field("group_key", &hex::<S>(&self.group_key))
            .field("threshold", &self.threshold)
            .finish_non_exhaustive()
    }
}

impl<S: Suite> Wire<S> for KeyPackage<S> {
    const KIND: u8 = 0x14;

    fn write_body(&self, w: &mut Writer) {
        w.identifier(&self.id);
        w.u16(self.threshold);
        w.scalar(self.signing_share.expose());
        w.point(&self.group_key);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let id = r.identifier()?;
        let threshold = r.u16()?;
        let signing_share = SecretScalar::new(r.scalar()?);
        let group_key = r.point()?;
        Self::new(id, signing_share, group_key, threshold).map_err(|_| {
            tessera_core::Error::InvalidThreshold {
                t: usize::from(threshold),
                n: 0,
            }
        })
    }
}

/// The public side of a key: the group key, every participant's verifying
/// share, and the threshold. Held by every participant and the aggregator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKeyPackage<S: Suite> {
    verifying_shares: BTreeMap<Identifier<S>, Point<S>>,
    group_key: Point<S>,
    threshold: u16,
}

impl<S: Suite> PublicKeyPackage<S> {
    /// Builds a public key package; checks `2 <= t <= n` and that no point
    /// is the identity.
    pub fn new(
        verifying_shares: BTreeMap<Identifier<S>, Point<S>>,
        group_key: Point<S>,
        threshold: u16,
    ) -> Result<Self, Error<S>> {
        check_threshold::<S>(threshold, verifying_shares.len())?;
        if bool::from(group_key.is_identity())
            || verifying_shares
                .values()
                .any(|p| bool::from(p.is_identity()))
        {
            return Err(Error::InconsistentKey(
                "identity element in public key package",
            ));
        }
        Ok(Self {
            verifying_shares,
            group_key,
            threshold,
        })
    }

    /// The public key package of a sharing with Feldman commitment
    /// `commitment` among `ids`: each verifying share is `f(id) G`.
    pub fn from_commitment(
        commitment: &VssCommitment<S>,
        ids: &[Identifier<S>],
    ) -> Result<Self, Error<S>> {
        let t = u16::try_from(commitment.threshold())
            .map_err(|_| tessera_core::Error::InvalidLength(commitment.threshold()))?;
        let mut shares = BTreeMap::new();
        for id in ids {
            if shares.insert(*id, commitment.evaluate(id)).is_some() {
                return Err(tessera_core::Error::DuplicateParticipant { culprit: *id }.into());
            }
        }
        Self::new(shares, commitment.public_key(), t)
    }

    /// The group public key.
    pub fn group_key(&self) -> Point<S> {
        self.group_key
    }

    /// The number of signers needed.
    pub fn threshold(&self) -> u16 {
        self.threshold
    }

    /// Every participant's verifying share, by identifier.
    pub fn verifying_shares(&self) -> &BTreeMap<Identifier<S>, Point<S>> {
        &self.verifying_shares
    }

    /// One participant's verifying share, or `UnknownParticipant`.
    pub fn verifying_share(&self, id: &Identifier<S>) -> Result<Point<S>, Error<S>> {
        self.verifying_shares.get(id).copied().ok_or(Error::Core(
            tessera_core::Error::UnknownParticipant { culprit: *id },
        ))
    }
}

impl<S: Suite> Wire<S> for PublicKeyPackage<S> {
    const KIND: u8 = 0x15;

    fn write_body(&self, w: &mut Writer) {
        w.u16(self.threshold);
        w.point(&self.group_key);
        w.count(self.verifying_shares.len());
        for (id, p) in &self.verifying_shares {
            w.identifier(id);
            w.point(p);
        }
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let threshold = r.u16()?;
        let group_key = r.point()?;
        let n = r.count(S::SCALAR_LEN + S::POINT_LEN)?;
        let verifying_shares = read_sorted(r, n, |r| r.point())?;
        if threshold < 2 || usize::from(threshold) > n {
            return Err(tessera_core::Error::InvalidThreshold {
                t: usize::from(threshold),
                n,
            });
        }
        Ok(Self {
            verifying_shares,
            group_key,
            threshold,
        })
    }
}

/// Reads `n` `(identifier, value)` entries that must be in strictly
/// increasing identifier order (the canonical encoding of a map).
pub(crate) fn read_sorted<S: Suite, T>(
    r: &mut Reader<'_, S>,
    n: usize,
    mut value: impl FnMut(&mut Reader<'_, S>) -> Result<T, tessera_core::Error<S>>,
) -> Result<BTreeMap<Identifier<S>, T>, tessera_core::Error<S>> {
    let mut map = BTreeMap::new();
    let mut last: Option<Identifier<S>> = None;
    for _ in 0..n {
        let id = r.identifier()?;
        match last {
            Some(prev) if prev == id => {
                return Err(tessera_core::Error::DuplicateParticipant { culprit: id });
            }
            Some(prev) if prev > id => {
                return Err(tessera_core::Error::UnsortedParticipants { culprit: id });
            }
            _ => {}
        }
        last = Some(id);
        map.insert(id, value(r)?);
    }
    Ok(map)
}

/// Hex of a point's encoding, for `Debug` output of public values.
pub(crate) fn hex<S: Suite>(p: &Point<S>) -> String {
    p.to_bytes()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

tessera_core::serde_via_wire!(KeyPackage, PublicKeyPackage);
