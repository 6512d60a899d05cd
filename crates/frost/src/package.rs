//! The signing package (commitment list and message) and what every signer
//! and the aggregator derive from it: binding factors (RFC 9591 §4.4), the
//! group commitment (§4.5) and the challenge (§4.6).

use std::collections::BTreeMap;

use ff::Field;
use group::GroupEncoding;
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::schnorr::SchnorrVariant;
use tessera_core::{Identifier, Point, Scalar, Suite};

use crate::error::Error;
use crate::keys::Epoch;
use crate::round1::SigningCommitments;

/// The coordinator's message to the signers: every signer's commitments,
/// sorted by identifier, and the message to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningPackage<S: Suite> {
    epoch: Epoch,
    commitments: BTreeMap<Identifier<S>, SigningCommitments<S>>,
    message: Vec<u8>,
}

impl<S: Suite> SigningPackage<S> {
    /// A signing package for the key epoch `epoch` (the coordinator's
    /// [`PublicKeyPackage::epoch`](crate::PublicKeyPackage::epoch)) from a map
    /// of commitments (sorted and duplicate-free by construction) and the
    /// message. Signers refuse a package of another epoch than their key's.
    pub fn new(
        epoch: Epoch,
        commitments: BTreeMap<Identifier<S>, SigningCommitments<S>>,
        message: &[u8],
    ) -> Self {
        Self {
            epoch,
            commitments,
            message: message.to_vec(),
        }
    }

    /// A signing package from a list of commitments as received; rejects a
    /// participant listed twice.
    pub fn from_list(
        epoch: Epoch,
        list: impl IntoIterator<Item = (Identifier<S>, SigningCommitments<S>)>,
        message: &[u8],
    ) -> Result<Self, Error<S>> {
        let mut commitments = BTreeMap::new();
        for (id, c) in list {
            if commitments.insert(id, c).is_some() {
                return Err(tessera_core::Error::DuplicateParticipant { culprit: id }.into());
            }
        }
        Ok(Self::new(epoch, commitments, message))
    }

    /// The key epoch this package is for.
    pub fn epoch(&self) -> Epoch {
        self.epoch
    }

    /// The commitments, by identifier.
    pub fn commitments(&self) -> &BTreeMap<Identifier<S>, SigningCommitments<S>> {
        &self.commitments
    }

    /// The signers, in increasing order.
    pub fn signers(&self) -> Vec<Identifier<S>> {
        self.commitments.keys().copied().collect()
    }

    /// The message.
    pub fn message(&self) -> &[u8] {
        &self.message
    }

    /// The binding factors (RFC 9591 §4.4) of every signer under
    /// `group_key`, in identifier order.
    pub fn binding_factors(&self, group_key: &Point<S>) -> Vec<(Identifier<S>, Scalar<S>)> {
        self.commitments
            .keys()
            .copied()
            .zip(self.derive(group_key.to_bytes().as_ref()).binding_factors)
            .collect()
    }

    /// Everything a signer or the aggregator derives from the package for
    /// the group key encoded as `group_key_repr` (cached in the key
    /// packages): the binding factors, the group commitment and the
    /// challenge. The commitment list is encoded and hashed once.
    ///
    /// Under an x-only [`Suite::Schnorr`] variant (BIP-340), the key and the
    /// group commitment are replaced by their even-Y negations where needed,
    /// as `frost-secp256k1-tr` does: the binding factors hash the normalized
    /// key, and [`Derived`] records which was negated, read off the
    /// encodings computed here anyway.
    pub(crate) fn derive(&self, group_key_repr: &[u8]) -> Derived<S> {
        let mut group_key_repr = group_key_repr.to_vec();
        let key_negated = S::Schnorr::normalize(&mut group_key_repr);
        let ns = S::SCALAR_LEN;
        let ne = S::POINT_LEN;
        // RFC 9591 §4.3 encode_group_commitment_list, from cached encodings.
        let mut encoded = Vec::with_capacity(self.commitments.len() * (ns + 2 * ne));
        let id_reprs: Vec<_> = self.commitments.keys().map(Identifier::to_bytes).collect();
        for (id_repr, c) in id_reprs.iter().zip(self.commitments.values()) {
            encoded.extend_from_slice(id_repr.as_ref());
            encoded.extend_from_slice(c.hiding_repr().as_ref());
            encoded.extend_from_slice(c.binding_repr().as_ref());
        }
        // rho_input_prefix = SerializeElement(PK) || H4(msg) || H5(list)
        let msg_hash = S::hash_to_bytes(b"msg", &[&self.message]);
        let list_hash = S::hash_to_bytes(b"com", &[&encoded]);
        let prefix: Vec<u8> = [group_key_repr.as_slice(), &msg_hash, &list_hash].concat();

        let binding_factors: Vec<Scalar<S>> = id_reprs
            .iter()
            .map(|id_repr| S::hash_to_scalar(b"rho", &[&prefix, id_repr.as_ref()]))
            .collect();

        // R = sum(D_i) + sum(rho_i * E_i): additions for D, one MSM for E.
        let hiding_sum: Point<S> = self.commitments.values().map(|c| c.hiding()).sum();
        let terms: Vec<_> = self
            .commitments
            .values()
            .zip(&binding_factors)
            .map(|(c, rho)| (c.binding(), *rho))
            .collect();
        let mut group_commitment = hiding_sum + S::vartime_msm(&terms);
        let mut group_commitment_repr = group_commitment.to_bytes();
        let commitment_negated = S::Schnorr::normalize(group_commitment_repr.as_mut());
        if commitment_negated {
            group_commitment = -group_commitment;
        }
        let challenge = S::Schnorr::challenge(
            group_commitment_repr.as_ref(),
            &group_key_repr,
            &self.message,
        );
        Derived {
            binding_factors,
            group_commitment,
            commitment_negated,
            challenge,
            key_negated,
        }
    }
}

/// `+1`, or `-1` if `negated`.
pub(crate) fn signed_one<S: Suite>(negated: bool) -> Scalar<S> {
    if negated {
        -Scalar::<S>::ONE
    } else {
        Scalar::<S>::ONE
    }
}

/// Values derived from a signing package, in the package's signer order.
pub(crate) struct Derived<S: Suite> {
    pub(crate) binding_factors: Vec<Scalar<S>>,
    /// The group commitment `R` as the signature carries it (normalized).
    pub(crate) group_commitment: Point<S>,
    /// Whether `R` was negated to normalize it: then every signer's nonce
    /// commitment `D_i + rho_i E_i` counts negated.
    pub(crate) commitment_negated: bool,
    /// The challenge `c` (RFC 9591 §4.6, or BIP-340's).
    pub(crate) challenge: Scalar<S>,
    /// Whether the group key was negated to normalize it: then every key
    /// share and verifying share counts negated.
    pub(crate) key_negated: bool,
}

impl<S: Suite> Derived<S> {
    /// The binding factor of the signer at `index` in the package's order.
    pub(crate) fn binding_factor(&self, index: usize) -> Scalar<S> {
        self.binding_factors
            .get(index)
            .copied()
            .unwrap_or(Scalar::<S>::ZERO)
    }

    /// `+1`, or `-1` when the nonces count negated.
    pub(crate) fn nonce_sign(&self) -> Scalar<S> {
        signed_one::<S>(self.commitment_negated)
    }

    /// The challenge times the sign of the key: the factor of the group key
    /// (and, with a Lagrange coefficient, of each key share) in `z`.
    pub(crate) fn key_challenge(&self) -> Scalar<S> {
        if self.key_negated {
            -self.challenge
        } else {
            self.challenge
        }
    }
}

impl<S: Suite> Wire<S> for SigningPackage<S> {
    const KIND: u8 = 0x11;

    fn write_body(&self, w: &mut Writer) {
        w.raw(self.epoch.as_bytes());
        w.count(self.commitments.len());
        for (id, c) in &self.commitments {
            w.identifier(id);
            c.write(w);
        }
        w.bytes(&self.message);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let epoch = Epoch::from_bytes(r.take_array()?);
        let n = r.count(S::SCALAR_LEN + 2 * S::POINT_LEN)?;
        let commitments = r.sorted_map(n, SigningCommitments::read)?;
        let message = r.bytes()?.to_vec();
        Ok(Self {
            epoch,
            commitments,
            message,
        })
    }
}

tessera_core::serde_via_wire!(SigningPackage {
    epoch: Fixed(32),
    commitments: List(&Record(&[
        ("identifier", Identifier),
        ("hiding", Point),
        ("binding", Point),
    ])),
    message: Bytes,
});
