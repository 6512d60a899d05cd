//! Key material for signing: one participant's [`KeyPackage`] and the
//! [`PublicKeyPackage`] everyone holds.
//!
//! Both are protocol-neutral: they come from a dealer's Shamir split, from
//! DKG, or from the lifecycle protocols, and only record the result.

use core::fmt;
use std::collections::BTreeMap;

use ff::{BatchInvert, Field};
use group::{Group, GroupEncoding};
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::{Identifier, Point, Scalar, SecretScalar, SecretShare, Suite, VssCommitment};

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

/// Identifies one sharing of one key: fixed when the sharing is created (by
/// a dealer, DKG, reshare or refresh) and kept when a share is repaired or a
/// participant enrolled. Key material of different epochs is never combined:
/// every operation that mixes epochs fails with a typed error before any
/// arithmetic.
///
/// It is the digest of the Feldman commitment to the sharing polynomial
/// (which fixes the group key, the threshold and every share's public image),
/// or, for key material imported without one, of the public key package.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Epoch([u8; 32]);

impl Epoch {
    /// An epoch from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The epoch of a sharing with this Feldman commitment.
    pub fn of_commitment<S: Suite>(commitment: &VssCommitment<S>) -> Self {
        Self::digest::<S>(&[&commitment.to_bytes()])
    }

    /// The epoch digest of `parts`, under the suite's `epoch` hash tag.
    pub(crate) fn digest<S: Suite>(parts: &[&[u8]]) -> Self {
        let hash = S::hash_to_bytes(b"epoch", parts);
        let mut out = [0u8; 32];
        out.iter_mut().zip(&hash).for_each(|(o, h)| *o = *h);
        Self(out)
    }
}

impl fmt::Debug for Epoch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Epoch({self})")
    }
}

impl fmt::Display for Epoch {
    /// The first 8 bytes in hex, enough to tell epochs apart in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().take(8).try_for_each(|b| write!(f, "{b:02x}"))
    }
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
    epoch: Epoch,
}

impl<S: Suite> KeyPackage<S> {
    /// The key package of participant `id` holding `signing_share` of the
    /// key described by `public` (its group key, threshold and epoch).
    /// Fails unless `id` is in `public` with verifying share `s G`.
    pub fn new(
        id: Identifier<S>,
        signing_share: SecretScalar<S>,
        public: &PublicKeyPackage<S>,
    ) -> Result<Self, Error<S>> {
        let verifying_share = S::mul_base(signing_share.expose());
        if public.verifying_share(&id)? != verifying_share {
            return Err(Error::InconsistentKey(
                "the signing share does not match its verifying share in the public key package",
            ));
        }
        Ok(Self {
            id,
            signing_share,
            verifying_share,
            group_key: public.group_key(),
            threshold: public.threshold(),
            epoch: public.epoch(),
        })
    }

    /// A key package from parts the caller has already checked to belong
    /// together (a tweak of a checked key package).
    pub(crate) fn from_parts(
        id: Identifier<S>,
        signing_share: SecretScalar<S>,
        group_key: Point<S>,
        threshold: u16,
        epoch: Epoch,
    ) -> Self {
        let verifying_share = S::mul_base(signing_share.expose());
        Self {
            id,
            signing_share,
            verifying_share,
            group_key,
            threshold,
            epoch,
        }
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

    /// The group public key's encoding (RFC 9591 `SerializeElement`: 32
    /// bytes for the 25519 suites, 33-byte compressed SEC1 otherwise).
    pub fn group_key_bytes(&self) -> Vec<u8> {
        self.group_key.to_bytes().as_ref().to_vec()
    }

    /// The number of signers needed.
    pub fn threshold(&self) -> u16 {
        self.threshold
    }

    /// The epoch of the sharing this share belongs to.
    pub fn epoch(&self) -> Epoch {
        self.epoch
    }
}

impl<S: Suite> fmt::Debug for KeyPackage<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPackage")
            .field("id", &self.id)
            .field("signing_share", &self.signing_share)
            .field("group_key", &hex::<S>(&self.group_key))
            .field("threshold", &self.threshold)
            .field("epoch", &self.epoch)
            .finish_non_exhaustive()
    }
}

impl<S: Suite> Wire<S> for KeyPackage<S> {
    const KIND: u8 = 0x14;

    fn write_body(&self, w: &mut Writer) {
        w.identifier(&self.id);
        w.u16(self.threshold);
        w.raw(self.epoch.as_bytes());
        w.scalar(self.signing_share.expose());
        w.point(&self.group_key);
    }

    /// Decoding checks the encoding, not membership: a key package is
    /// checked against its public key package when both are used.
    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let id = r.identifier()?;
        let threshold = r.u16()?;
        if threshold < 2 {
            return Err(tessera_core::Error::InvalidThreshold {
                t: usize::from(threshold),
                n: 0,
            });
        }
        let epoch = Epoch(r.take_array()?);
        let signing_share = SecretScalar::new(r.scalar()?);
        let group_key = r.point()?;
        let verifying_share = S::mul_base(signing_share.expose());
        Ok(Self {
            id,
            signing_share,
            verifying_share,
            group_key,
            threshold,
            epoch,
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
    epoch: Epoch,
}

impl<S: Suite> PublicKeyPackage<S> {
    /// Builds a public key package from its parts, for key material made
    /// elsewhere (e.g. imported from another implementation); its epoch is
    /// the digest of the parts. Checks `2 <= t <= n`, that no point is the
    /// identity, and that the verifying shares and the group key lie on one
    /// polynomial of degree `t - 1`
    /// ([`tessera_core::Error::InconsistentVerifyingShares`]).
    pub fn new(
        verifying_shares: BTreeMap<Identifier<S>, Point<S>>,
        group_key: Point<S>,
        threshold: u16,
    ) -> Result<Self, Error<S>> {
        let mut w = Writer::default();
        write_parts(&mut w, threshold, &group_key, &verifying_shares);
        let epoch = Epoch::digest::<S>(&[w.as_bytes()]);
        let package = Self::with_epoch(verifying_shares, group_key, threshold, epoch)?;
        check_on_polynomial(
            &package.verifying_shares,
            &package.group_key,
            threshold,
            w.as_bytes(),
        )?;
        Ok(package)
    }

    pub(crate) fn with_epoch(
        verifying_shares: BTreeMap<Identifier<S>, Point<S>>,
        group_key: Point<S>,
        threshold: u16,
        epoch: Epoch,
    ) -> Result<Self, Error<S>> {
        check_threshold::<S>(threshold, verifying_shares.len())?;
        if bool::from(group_key.is_identity())
            || verifying_shares
                .values()
                .any(|p| bool::from(p.is_identity()))
        {
            return Err(Error::InconsistentKey(
                "the public key package holds the identity element",
            ));
        }
        Ok(Self {
            verifying_shares,
            group_key,
            threshold,
            epoch,
        })
    }

    /// The same key with one more participant, `id` with verifying share
    /// `verifying_share` (after enrolment). The epoch is unchanged: the
    /// sharing polynomial is the same. Adding a participant that is already
    /// present with the same verifying share changes nothing.
    pub fn with_member(
        &self,
        id: Identifier<S>,
        verifying_share: Point<S>,
    ) -> Result<Self, Error<S>> {
        match self.verifying_shares.get(&id) {
            Some(y) if *y == verifying_share => Ok(self.clone()),
            Some(_) => Err(tessera_core::Error::DuplicateParticipant { culprit: id }.into()),
            None => {
                let mut shares = self.verifying_shares.clone();
                shares.insert(id, verifying_share);
                Self::with_epoch(shares, self.group_key, self.threshold, self.epoch)
            }
        }
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
        Self::with_epoch(
            shares,
            commitment.public_key(),
            t,
            Epoch::of_commitment(commitment),
        )
    }

    /// The public key package of a sharing whose shares are at hand (a
    /// dealer's): every share is checked against `commitment` in one batched
    /// check, and the verifying shares are computed as `s_i G` by fixed-base
    /// multiplication, much cheaper than evaluating the commitment at every
    /// identifier. The epoch is the commitment's, as in
    /// [`PublicKeyPackage::from_commitment`].
    pub fn from_shares<R: rand_core::CryptoRng + ?Sized>(
        commitment: &VssCommitment<S>,
        shares: &[SecretShare<S>],
        rng: &mut R,
    ) -> Result<Self, Error<S>> {
        commitment.verify_shares(shares, rng)?;
        let t = u16::try_from(commitment.threshold())
            .map_err(|_| tessera_core::Error::InvalidLength(commitment.threshold()))?;
        let mut verifying_shares = BTreeMap::new();
        for share in shares {
            let y = S::mul_base(share.value().expose());
            if verifying_shares.insert(share.id(), y).is_some() {
                return Err(tessera_core::Error::DuplicateParticipant {
                    culprit: share.id(),
                }
                .into());
            }
        }
        Self::with_epoch(
            verifying_shares,
            commitment.public_key(),
            t,
            Epoch::of_commitment(commitment),
        )
    }

    /// The group public key.
    pub fn group_key(&self) -> Point<S> {
        self.group_key
    }

    /// The group public key's encoding (RFC 9591 `SerializeElement`: 32
    /// bytes for the 25519 suites, 33-byte compressed SEC1 otherwise).
    pub fn group_key_bytes(&self) -> Vec<u8> {
        self.group_key.to_bytes().as_ref().to_vec()
    }

    /// The number of signers needed.
    pub fn threshold(&self) -> u16 {
        self.threshold
    }

    /// The epoch of this sharing.
    pub fn epoch(&self) -> Epoch {
        self.epoch
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

/// The body of a public key package without its epoch.
fn write_parts<S: Suite>(
    w: &mut Writer,
    threshold: u16,
    group_key: &Point<S>,
    shares: &BTreeMap<Identifier<S>, Point<S>>,
) {
    w.u16(threshold);
    w.point(group_key);
    w.count(shares.len());
    for (id, p) in shares {
        w.identifier(id);
        w.point(p);
    }
}

impl<S: Suite> Wire<S> for PublicKeyPackage<S> {
    const KIND: u8 = 0x15;

    fn write_body(&self, w: &mut Writer) {
        w.raw(self.epoch.as_bytes());
        write_parts(w, self.threshold, &self.group_key, &self.verifying_shares);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let epoch = Epoch(r.take_array()?);
        let threshold = r.u16()?;
        let group_key = r.point()?;
        let n = r.count(S::SCALAR_LEN + S::POINT_LEN)?;
        let verifying_shares = r.sorted_map(n, |r| r.point())?;
        if threshold < 2 || usize::from(threshold) > n {
            return Err(tessera_core::Error::InvalidThreshold {
                t: usize::from(threshold),
                n,
            });
        }
        let mut w = Writer::default();
        write_parts(&mut w, threshold, &group_key, &verifying_shares);
        check_on_polynomial(&verifying_shares, &group_key, threshold, w.as_bytes())?;
        Ok(Self {
            verifying_shares,
            group_key,
            threshold,
            epoch,
        })
    }
}

/// Checks that the verifying shares and the group key (the value at zero)
/// lie on one polynomial of degree `t - 1`: every point outside the first
/// `t` shares must equal the Lagrange interpolation of those `t` at its
/// identifier. All `n - t + 1` equations are combined with weights hashed
/// from the package's encoding `parts` into one multi-scalar multiplication
/// of `n + 1` points; the coefficients come from barycentric Lagrange
/// weights in O(t^2 + n t) scalar operations.
fn check_on_polynomial<S: Suite>(
    shares: &BTreeMap<Identifier<S>, Point<S>>,
    group_key: &Point<S>,
    threshold: u16,
    parts: &[u8],
) -> Result<(), tessera_core::Error<S>> {
    let t = usize::from(threshold);
    let base: Vec<(Scalar<S>, Point<S>)> = shares
        .iter()
        .take(t)
        .map(|(id, y)| (id.to_scalar(), *y))
        .collect();
    // w_i = 1 / prod_{k != i} (x_i - x_k); the identifiers are distinct.
    let mut weights: Vec<Scalar<S>> = base
        .iter()
        .enumerate()
        .map(|(i, (xi, _))| {
            base.iter()
                .enumerate()
                .filter(|(k, _)| *k != i)
                .fold(Scalar::<S>::ONE, |acc, (_, (xk, _))| acc * (*xi - xk))
        })
        .collect();
    weights.iter_mut().batch_invert();
    let mut coefficients = vec![Scalar::<S>::ZERO; base.len()];
    let mut terms: Vec<(Point<S>, Scalar<S>)> = Vec::with_capacity(shares.len() + 1);
    let others = shares
        .iter()
        .skip(t)
        .map(|(id, y)| (id.to_scalar(), *y))
        .chain([(Scalar::<S>::ZERO, *group_key)]);
    for (j, (x, y)) in others.enumerate() {
        let index = u64::try_from(j).unwrap_or(u64::MAX).to_be_bytes();
        let r = S::hash_to_scalar(b"public-key-package-check", &[parts, &index]);
        // lambda_i(x) = l(x) w_i / (x - x_i), with l(x) = prod_k (x - x_k);
        // x is not among the first t identifiers, so no difference is zero.
        let mut differences: Vec<Scalar<S>> = base.iter().map(|(xi, _)| x - xi).collect();
        let l = differences.iter().fold(Scalar::<S>::ONE, |acc, d| acc * d);
        differences.iter_mut().batch_invert();
        let rl = r * l;
        for ((c, w), inv) in coefficients.iter_mut().zip(&weights).zip(&differences) {
            *c -= rl * w * inv;
        }
        terms.push((y, r));
    }
    terms.extend(base.iter().zip(coefficients).map(|((_, y), c)| (*y, c)));
    if bool::from(S::vartime_msm(&terms).is_identity()) {
        Ok(())
    } else {
        Err(tessera_core::Error::InconsistentVerifyingShares)
    }
}

/// Hex of a point's encoding, for `Debug` output of public values.
pub(crate) fn hex<S: Suite>(p: &Point<S>) -> String {
    p.to_bytes()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

tessera_core::serde_via_wire!(
    KeyPackage {
        identifier: Identifier,
        threshold: U16,
        epoch: Fixed(32),
        signing_share: Scalar,
        group_key: Point,
    },
    PublicKeyPackage {
        epoch: Fixed(32),
        threshold: U16,
        group_key: Point,
        verifying_shares: List(&Record(&[
            ("identifier", Identifier),
            ("verifying_share", Point),
        ])),
    },
);
