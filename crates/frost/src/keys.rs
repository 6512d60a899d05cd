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

/// The version byte in the header of the commitment encoding that
/// [`Epoch::of_commitment`] hashes; frozen at 1, whatever the wire format's
/// current version.
pub const EPOCH_ENCODING_VERSION: u8 = 1;

/// Identifies one sharing of one key: fixed when the sharing is created (by
/// a dealer, DKG, reshare or refresh) and kept when a share is repaired or a
/// participant enrolled. Key material of different epochs is never combined:
/// every operation that mixes epochs fails with a typed error before any
/// arithmetic.
///
/// It is the digest of the Feldman commitment to the sharing polynomial
/// (which fixes the group key, the threshold and every share's public image;
/// for key material imported without one, the commitment is recovered by
/// interpolation). Key and public key packages carry the commitment, not the
/// epoch: the epoch is recomputed from it, so no encoding can pair one key's
/// epoch with another key's content.
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

    /// The epoch of a sharing with this Feldman commitment: the digest of
    /// the commitment written with the header of wire-format version 1
    /// ([`EPOCH_ENCODING_VERSION`], suite, kind) and its body. The header
    /// is frozen so that the epoch names the sharing, not the wire format
    /// of the day: a later [`tessera_core::encoding::FORMAT_VERSION`] does
    /// not rename every key (nor void the certificates and revocations
    /// that name an epoch).
    pub fn of_commitment<S: Suite>(commitment: &VssCommitment<S>) -> Self {
        Self::of_commitment_with_key(commitment).0
    }

    /// The epoch of `commitment` and the encoding of its group key, read
    /// off the encoding the digest is computed over.
    pub(crate) fn of_commitment_with_key<S: Suite>(
        commitment: &VssCommitment<S>,
    ) -> (Self, Vec<u8>) {
        let mut w = Writer::default();
        let header = [
            EPOCH_ENCODING_VERSION,
            S::ID,
            <VssCommitment<S> as Wire<S>>::KIND,
        ];
        w.raw(&header);
        commitment.write_body(&mut w);
        // The body is the count (4 bytes), then the points, the key first.
        let key_at = header.len() + 4;
        let key = w
            .as_bytes()
            .get(key_at..key_at + S::POINT_LEN)
            .unwrap_or_default()
            .to_vec();
        (Self::digest::<S>(&[w.as_bytes()]), key)
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
/// share, its public verifying share, and the Feldman commitment of the
/// sharing (which gives the group key, the threshold and the epoch).
/// The secret is wiped on drop and never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPackage<S: Suite> {
    id: Identifier<S>,
    signing_share: SecretScalar<S>,
    verifying_share: Point<S>,
    commitment: VssCommitment<S>,
    threshold: u16,
    epoch: Epoch,
    /// The group key's encoding, kept so that signing never re-encodes it.
    group_key_repr: Vec<u8>,
}

/// The threshold of a commitment, which has at least two and at most
/// `u16::MAX` coefficients.
fn threshold_of<S: Suite>(commitment: &VssCommitment<S>) -> Result<u16, tessera_core::Error<S>> {
    let t = commitment.threshold();
    match u16::try_from(t) {
        Ok(t) if t >= 2 => Ok(t),
        _ => Err(tessera_core::Error::InvalidThreshold { t, n: 0 }),
    }
}

impl<S: Suite> KeyPackage<S> {
    /// The key package of participant `id` holding `signing_share` of the
    /// key described by `public` (its commitment, hence group key,
    /// threshold and epoch). Fails unless `id` is in `public` with
    /// verifying share `s G`.
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
            commitment: public.commitment.clone(),
            threshold: public.threshold,
            epoch: public.epoch,
            group_key_repr: public.group_key_repr.clone(),
        })
    }

    /// A key package from parts the caller has already checked to belong
    /// together (a tweak of a checked key package).
    pub(crate) fn from_parts(
        id: Identifier<S>,
        signing_share: SecretScalar<S>,
        commitment: VssCommitment<S>,
    ) -> Result<Self, Error<S>> {
        let verifying_share = S::mul_base(signing_share.expose());
        let threshold = threshold_of(&commitment)?;
        let (epoch, group_key_repr) = Epoch::of_commitment_with_key(&commitment);
        Ok(Self {
            id,
            signing_share,
            verifying_share,
            commitment,
            threshold,
            epoch,
            group_key_repr,
        })
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

    /// The group public key (the commitment's constant term).
    pub fn group_key(&self) -> Point<S> {
        self.commitment.public_key()
    }

    /// The group public key's encoding (RFC 9591 `SerializeElement`: 32
    /// bytes for the 25519 suites, 33-byte compressed SEC1 otherwise).
    pub fn group_key_bytes(&self) -> Vec<u8> {
        self.group_key_repr.clone()
    }

    /// The group key's encoding, borrowed.
    pub(crate) fn group_key_repr(&self) -> &[u8] {
        &self.group_key_repr
    }

    /// The number of signers needed.
    pub fn threshold(&self) -> u16 {
        self.threshold
    }

    /// The Feldman commitment of the sharing this share belongs to.
    pub fn commitment(&self) -> &VssCommitment<S> {
        &self.commitment
    }

    /// The epoch of the sharing this share belongs to: the digest of its
    /// commitment.
    pub fn epoch(&self) -> Epoch {
        self.epoch
    }
}

impl<S: Suite> fmt::Debug for KeyPackage<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPackage")
            .field("id", &self.id)
            .field("signing_share", &self.signing_share)
            .field("group_key", &hex::<S>(&self.group_key()))
            .field("threshold", &self.threshold)
            .field("epoch", &self.epoch)
            .finish_non_exhaustive()
    }
}

impl<S: Suite> Wire<S> for KeyPackage<S> {
    const KIND: u8 = 0x14;

    /// Identifier, commitment of the sharing (`t` points), signing share.
    /// The group key, threshold and epoch are not written: they are
    /// functions of the commitment.
    fn write_body(&self, w: &mut Writer) {
        w.identifier(&self.id);
        self.commitment.write_body(w);
        w.scalar(self.signing_share.expose());
    }

    /// Decoding checks that the signing share lies on the commitment
    /// (`s G == C(id)`, else `InvalidShares` naming the identifier), so the
    /// epoch, recomputed from the commitment, belongs to the share;
    /// membership is checked against the public key package when both are
    /// used.
    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let id = r.identifier()?;
        let commitment = VssCommitment::read_body(r)?;
        let threshold = threshold_of(&commitment)?;
        let signing_share = SecretScalar::new(r.scalar()?);
        let verifying_share = S::mul_base(signing_share.expose());
        if commitment.evaluate(&id) != verifying_share {
            return Err(tessera_core::Error::InvalidShares { culprits: vec![id] });
        }
        let (epoch, group_key_repr) = Epoch::of_commitment_with_key(&commitment);
        Ok(Self {
            id,
            signing_share,
            verifying_share,
            commitment,
            threshold,
            epoch,
            group_key_repr,
        })
    }
}

/// The public side of a key: the Feldman commitment of the sharing (whose
/// constant term is the group key and whose length is the threshold) and
/// every participant's verifying share. Held by every participant and the
/// aggregator. Its epoch is the digest of the commitment, never stored
/// apart from it, and every verifying share is checked to lie on the
/// commitment when the package is built or decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKeyPackage<S: Suite> {
    commitment: VssCommitment<S>,
    verifying_shares: BTreeMap<Identifier<S>, Point<S>>,
    threshold: u16,
    epoch: Epoch,
    /// The group key's encoding, kept so that aggregation never re-encodes it.
    group_key_repr: Vec<u8>,
}

impl<S: Suite> PublicKeyPackage<S> {
    /// Builds a public key package from the verifying shares and group key
    /// of key material made elsewhere (e.g. imported from another
    /// implementation, which does not carry the commitment). Checks
    /// `2 <= t <= n` and that no point is the identity, recovers the
    /// commitment by interpolation in the exponent from the first `t`
    /// verifying shares (`t` multi-scalar multiplications of `t` points),
    /// then checks that every verifying share lies on it and that its
    /// constant term is `group_key`
    /// ([`tessera_core::Error::InconsistentVerifyingShares`]). The epoch is
    /// the recovered commitment's digest, the same as the sharing's own.
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
                "the public key package holds the identity element",
            ));
        }
        let commitment = interpolate_commitment(&verifying_shares, threshold)?;
        if commitment.public_key() != group_key {
            return Err(tessera_core::Error::InconsistentVerifyingShares.into());
        }
        let package = Self::from_checked(commitment, verifying_shares)?;
        package.check()?;
        Ok(package)
    }

    /// A package from a commitment and verifying shares computed from it
    /// (or checked against it) by the caller.
    pub(crate) fn from_checked(
        commitment: VssCommitment<S>,
        verifying_shares: BTreeMap<Identifier<S>, Point<S>>,
    ) -> Result<Self, Error<S>> {
        let threshold = threshold_of(&commitment)?;
        check_threshold::<S>(threshold, verifying_shares.len())?;
        if verifying_shares
            .values()
            .any(|p| bool::from(p.is_identity()))
        {
            return Err(Error::InconsistentKey(
                "the public key package holds the identity element",
            ));
        }
        let (epoch, group_key_repr) = Epoch::of_commitment_with_key(&commitment);
        Ok(Self {
            commitment,
            verifying_shares,
            threshold,
            epoch,
            group_key_repr,
        })
    }

    /// The same key with one more participant, `id` with verifying share
    /// `verifying_share` (after enrolment). The commitment, hence the
    /// epoch, is unchanged: the sharing polynomial is the same; the new
    /// verifying share must lie on it (else `InvalidShares` naming `id`).
    /// Adding a participant that is already present with the same
    /// verifying share changes nothing.
    pub fn with_member(
        &self,
        id: Identifier<S>,
        verifying_share: Point<S>,
    ) -> Result<Self, Error<S>> {
        match self.verifying_shares.get(&id) {
            Some(y) if *y == verifying_share => Ok(self.clone()),
            Some(_) => Err(tessera_core::Error::DuplicateParticipant { culprit: id }.into()),
            None => {
                if self.commitment.evaluate(&id) != verifying_share {
                    return Err(tessera_core::Error::InvalidShares { culprits: vec![id] }.into());
                }
                let mut shares = self.verifying_shares.clone();
                shares.insert(id, verifying_share);
                Self::from_checked(self.commitment.clone(), shares)
            }
        }
    }

    /// The public key package of a sharing with Feldman commitment
    /// `commitment` among `ids`: each verifying share is `f(id) G`.
    pub fn from_commitment(
        commitment: &VssCommitment<S>,
        ids: &[Identifier<S>],
    ) -> Result<Self, Error<S>> {
        // Small identifiers (the usual 1..=n): the values at 1..=max
        // together (`evaluate_first`: about t^2 / 2 small multiplications,
        // then additions); others by Horner's rule at each.
        let max = ids
            .iter()
            .try_fold(0u16, |max, id| id.as_u16().map(|x| max.max(x)))
            .filter(|&max| usize::from(max) <= 2 * ids.len());
        let first = max.map_or_else(Vec::new, |max| commitment.evaluate_first(max));
        let mut shares = BTreeMap::new();
        for id in ids {
            let share = id
                .as_u16()
                .and_then(|x| first.get(usize::from(x).checked_sub(1)?))
                .copied()
                .unwrap_or_else(|| commitment.evaluate(id));
            if shares.insert(*id, share).is_some() {
                return Err(tessera_core::Error::DuplicateParticipant { culprit: *id }.into());
            }
        }
        Self::from_checked(commitment.clone(), shares)
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
        Self::from_checked(commitment.clone(), verifying_shares)
    }

    /// The group public key (the commitment's constant term).
    pub fn group_key(&self) -> Point<S> {
        self.commitment.public_key()
    }

    /// The group public key's encoding (RFC 9591 `SerializeElement`: 32
    /// bytes for the 25519 suites, 33-byte compressed SEC1 otherwise).
    pub fn group_key_bytes(&self) -> Vec<u8> {
        self.group_key_repr.clone()
    }

    /// The group key's encoding, borrowed.
    pub(crate) fn group_key_repr(&self) -> &[u8] {
        &self.group_key_repr
    }

    /// The number of signers needed.
    pub fn threshold(&self) -> u16 {
        self.threshold
    }

    /// The Feldman commitment of this sharing.
    pub fn commitment(&self) -> &VssCommitment<S> {
        &self.commitment
    }

    /// The epoch of this sharing: the digest of its commitment.
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

    /// Checks that every verifying share lies on the commitment
    /// (`Y_j == C(x_j)`), all `n` equations combined with the powers of one
    /// weight hashed from the package's encoding into one multi-scalar
    /// multiplication of `n + t` points:
    /// `sum_j r^j Y_j - sum_k (sum_j r^j x_j^k) A_k == 0`.
    fn check(&self) -> Result<(), tessera_core::Error<S>> {
        let mut w = Writer::default();
        self.write_body(&mut w);
        let r = S::hash_to_scalar(b"public-key-package-check", &[w.as_bytes()]);
        let points = self.commitment.points();
        let mut sums = vec![Scalar::<S>::ZERO; points.len()];
        let mut terms: Vec<(Point<S>, Scalar<S>)> =
            Vec::with_capacity(self.verifying_shares.len() + points.len());
        let mut weight = Scalar::<S>::ONE;
        for (id, y) in &self.verifying_shares {
            terms.push((*y, weight));
            let x = id.to_scalar();
            let mut power = weight;
            for sum in sums.iter_mut() {
                *sum += power;
                power *= x;
            }
            weight *= r;
        }
        terms.extend(points.iter().zip(sums).map(|(a, s)| (*a, -s)));
        if bool::from(S::vartime_msm(&terms).is_identity()) {
            Ok(())
        } else {
            Err(tessera_core::Error::InconsistentVerifyingShares)
        }
    }
}

impl<S: Suite> Wire<S> for PublicKeyPackage<S> {
    const KIND: u8 = 0x15;

    /// The commitment of the sharing (`t` points, the group key first),
    /// then the verifying shares by identifier. The group key, threshold
    /// and epoch are not written: they are functions of the commitment.
    fn write_body(&self, w: &mut Writer) {
        self.commitment.write_body(w);
        w.count(self.verifying_shares.len());
        let points: Vec<_> = self.verifying_shares.values().copied().collect();
        for (id, repr) in self.verifying_shares.keys().zip(S::encode_points(&points)) {
            w.identifier(id);
            w.raw(repr.as_ref());
        }
    }

    /// Decoding checks `2 <= t <= n` and that every verifying share lies on
    /// the commitment ([`tessera_core::Error::InconsistentVerifyingShares`]);
    /// the epoch is recomputed from the commitment, never read.
    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let commitment = VssCommitment::read_body(r)?;
        let t = commitment.threshold();
        let n = r.count(S::SCALAR_LEN + S::POINT_LEN)?;
        let threshold = match u16::try_from(t) {
            Ok(threshold) if t >= 2 && t <= n => threshold,
            _ => return Err(tessera_core::Error::InvalidThreshold { t, n }),
        };
        let verifying_shares = r.sorted_map(n, |r| r.point())?;
        let (epoch, group_key_repr) = Epoch::of_commitment_with_key(&commitment);
        let package = Self {
            epoch,
            commitment,
            verifying_shares,
            threshold,
            group_key_repr,
        };
        package.check()?;
        Ok(package)
    }
}

/// The commitment `A_k = sum_i l_{i,k} Y_i` of the polynomial through the
/// first `t` verifying shares, where `l_{i,k}` is the `k`-th coefficient of
/// the Lagrange basis polynomial of `x_i`: `l_i(x) = w_i P(x) / (x - x_i)`
/// with `P(x) = prod_k (x - x_k)` and `w_i = 1 / prod_{k != i} (x_i - x_k)`.
/// O(t^2) scalar operations and `t` multi-scalar multiplications of `t`
/// points; only for importing packages made without a commitment.
fn interpolate_commitment<S: Suite>(
    shares: &BTreeMap<Identifier<S>, Point<S>>,
    threshold: u16,
) -> Result<VssCommitment<S>, Error<S>> {
    let t = usize::from(threshold);
    let base: Vec<(Scalar<S>, Point<S>)> = shares
        .iter()
        .take(t)
        .map(|(id, y)| (id.to_scalar(), *y))
        .collect();
    // P(x) = prod_k (x - x_k), coefficients from the constant term up.
    let mut p = vec![Scalar::<S>::ONE];
    for (xk, _) in &base {
        let mut next = vec![Scalar::<S>::ZERO; p.len() + 1];
        for (j, c) in p.iter().enumerate() {
            if let Some(n) = next.get_mut(j + 1) {
                *n += c;
            }
            if let Some(n) = next.get_mut(j) {
                *n -= *xk * c;
            }
        }
        p = next;
    }
    // Q_i(x) = P(x) / (x - x_i) by synthetic division, and w_i = 1 / Q_i(x_i).
    let mut quotients: Vec<Vec<Scalar<S>>> = Vec::with_capacity(t);
    let mut weights: Vec<Scalar<S>> = Vec::with_capacity(t);
    for (xi, _) in &base {
        let mut q = vec![Scalar::<S>::ZERO; t];
        let mut carry = Scalar::<S>::ZERO;
        for k in (0..t).rev() {
            carry = p.get(k + 1).copied().unwrap_or(Scalar::<S>::ZERO) + *xi * carry;
            if let Some(slot) = q.get_mut(k) {
                *slot = carry;
            }
        }
        let value = q
            .iter()
            .rev()
            .fold(Scalar::<S>::ZERO, |acc, c| acc * xi + c);
        weights.push(value);
        quotients.push(q);
    }
    weights.iter_mut().batch_invert();
    let points = (0..t)
        .map(|k| {
            let terms: Vec<(Point<S>, Scalar<S>)> = base
                .iter()
                .zip(&quotients)
                .zip(&weights)
                .map(|(((_, y), q), w)| (*y, *w * q.get(k).copied().unwrap_or(Scalar::<S>::ZERO)))
                .collect();
            S::vartime_msm(&terms)
        })
        .collect();
    // A degenerate set of shares can interpolate to a commitment with an
    // identity coefficient; such a key is refused.
    VssCommitment::new(points).map_err(|_| tessera_core::Error::InconsistentVerifyingShares.into())
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
        commitment: List(&Point),
        signing_share: Scalar,
    },
    PublicKeyPackage {
        commitment: List(&Point),
        verifying_shares: List(&Record(&[
            ("identifier", Identifier),
            ("verifying_share", Point),
        ])),
    },
);
