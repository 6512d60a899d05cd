//! Sequence's wallet model over tessera's suites, to measure it beside the
//! threshold key: a wallet controlled by **independent keys with weights**
//! and a **weight threshold** (Sequence's social-login wallets: a session
//! key, a guard key and a Torus key, weight 1 each, threshold 2), where a
//! lost key is **replaced by the others** signing a new configuration.
//!
//! As in Sequence, the chain stores only the configuration's *image hash*
//! ([`Config::image_hash`]); a signature therefore carries the whole
//! configuration: for each member in order, its weight and key, and for
//! the members who sign, their signature. The verifier rebuilds the image
//! hash, compares it with the stored one, verifies every signature on its
//! own (`k` single verifications for `k` signers) and adds up the weights.
//!
//! Encoding of a [`MultisigSignature`] (the bytes a transaction carries):
//! the threshold (`u16`), the number of members (`u8`), then per member a flag (`0`: key only, `1`:
//! key and signature), its weight (`u8`), its public key (`Ne` bytes) and,
//! with flag `1`, its signature (the suite's standard encoding). Sequence
//! itself signs ECDSA on secp256k1 and carries 20-byte addresses recovered
//! by `ecrecover`; over Schnorr suites keys cannot be recovered from
//! signatures, so every part carries its key.
//!
//! Members sign `"tessera multisig v1" || image hash || message`, so a
//! signature is bound to one configuration.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};
use tessera_core::encoding::{Reader, Writer};
use tessera_core::{Point, Suite};

use crate::error::Error;
use crate::schnorr::{EncodedKey, EncodedSignature, SigningKey, verify_one};

/// The domain separator of what members sign.
const SIGN_CONTEXT: &[u8] = b"tessera multisig v1";
/// The message a configuration update signs: the new image hash.
const UPDATE_CONTEXT: &[u8] = b"tessera multisig config update v1";

/// One member of a configuration: a name (off chain only), a public key
/// and a weight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member<S: Suite> {
    /// The member's name, e.g. "session", "guard", "torus".
    pub name: String,
    key: EncodedKey<S>,
    /// The member's weight.
    pub weight: u8,
}

impl<S: Suite> Member<S> {
    /// A member.
    pub fn new(name: &str, key: Point<S>, weight: u8) -> Self {
        Self {
            name: name.to_string(),
            key: EncodedKey::new(key),
            weight,
        }
    }

    /// The member's public key.
    pub fn key(&self) -> Point<S> {
        self.key.point
    }
}

/// A wallet configuration: members in order and the weight threshold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config<S: Suite> {
    threshold: u16,
    members: Vec<Member<S>>,
}

impl<S: Suite> Config<S> {
    /// A configuration of at most 255 members. Weights are at least 1, names and keys distinct,
    /// and the threshold is between 1 and the total weight.
    pub fn new(threshold: u16, members: Vec<Member<S>>) -> Result<Self, Error<S>> {
        let total: u32 = members.iter().map(|m| u32::from(m.weight)).sum();
        if members.len() > usize::from(u8::MAX) {
            return Err(Error::InvalidWeights(
                "a configuration has at most 255 members",
            ));
        }
        if members.iter().any(|m| m.weight == 0) {
            return Err(Error::InvalidWeights(
                "every member has a weight of at least 1",
            ));
        }
        if threshold == 0 || u32::from(threshold) > total {
            return Err(Error::InvalidWeights(
                "the threshold must be between 1 and the members' total weight",
            ));
        }
        let mut names = BTreeSet::new();
        let mut keys = BTreeSet::new();
        for m in &members {
            if !names.insert(m.name.clone()) {
                return Err(Error::DuplicateRole(m.name.clone()));
            }
            if !keys.insert(m.key.bytes.clone()) {
                return Err(Error::InvalidWeights("two members have the same key"));
            }
        }
        Ok(Self { threshold, members })
    }

    /// The weight threshold.
    pub fn threshold(&self) -> u16 {
        self.threshold
    }

    /// The members, in order.
    pub fn members(&self) -> &[Member<S>] {
        &self.members
    }

    /// The image hash the chain stores: SHA-256 over the suite, the
    /// threshold and every member's weight and key, in order.
    pub fn image_hash(&self) -> [u8; 32] {
        let mut w = Writer::default();
        w.raw(b"tessera multisig image v1");
        w.raw(&[S::ID]);
        w.u16(self.threshold);
        for m in &self.members {
            w.raw(&[m.weight]);
            w.raw(&m.key.bytes);
        }
        Sha256::digest(w.as_bytes()).into()
    }
}

/// What members sign for `message` under the configuration `image_hash`.
fn signed_message(image_hash: &[u8; 32], message: &[u8]) -> Vec<u8> {
    [SIGN_CONTEXT, image_hash, message].concat()
}

/// One part of a multisig signature.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Part<S: Suite> {
    weight: u8,
    key: EncodedKey<S>,
    signature: Option<EncodedSignature<S>>,
}

/// A multisig signature: the whole configuration with the signatures of the
/// members who signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultisigSignature<S: Suite> {
    threshold: u16,
    parts: Vec<Part<S>>,
}

impl<S: Suite> MultisigSignature<S> {
    /// The bytes a transaction carries (see the module documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.u16(self.threshold);
        w.raw(&[u8::try_from(self.parts.len()).unwrap_or(u8::MAX)]);
        for p in &self.parts {
            w.raw(&[u8::from(p.signature.is_some()), p.weight]);
            w.raw(&p.key.bytes);
            if let Some(sig) = &p.signature {
                w.raw(&sig.bytes);
            }
        }
        w.as_bytes().to_vec()
    }

    /// Decodes a multisig signature strictly.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let mut r = Reader::<S>::new(bytes);
        let threshold = r.u16()?;
        let [count] = r.take_array::<1>()?;
        let mut parts = Vec::new();
        for _ in 0..count {
            let [flag, weight] = r.take_array::<2>()?;
            let key = EncodedKey::decode(r.take(S::POINT_LEN)?)?;
            let signature = match flag {
                0 => None,
                1 => Some(EncodedSignature::decode(
                    r.take(EncodedSignature::<S>::len())?,
                )?),
                _ => return Err(Error::InvalidWeights("a part's flag is neither 0 nor 1")),
            };
            parts.push(Part {
                weight,
                key,
                signature,
            });
        }
        if !r.remaining().is_empty() {
            return Err(Error::InvalidWeights(
                "a multisig signature has bytes after its last member",
            ));
        }
        Ok(Self { threshold, parts })
    }

    /// The number of member signatures it carries.
    pub fn signatures(&self) -> usize {
        self.parts.iter().filter(|p| p.signature.is_some()).count()
    }

    /// The configuration it carries.
    fn config(&self) -> Result<Config<S>, Error<S>> {
        Config::new(
            self.threshold,
            self.parts
                .iter()
                .enumerate()
                .map(|(i, p)| Member {
                    name: format!("member {i}"),
                    key: p.key.clone(),
                    weight: p.weight,
                })
                .collect(),
        )
    }
}

/// The number of bytes of a [`MultisigSignature`] with `signers` of the
/// `members` signing, in suite `S`.
pub fn signature_len<S: Suite>(members: usize, signers: usize) -> usize {
    3 + members * (2 + S::POINT_LEN) + signers * EncodedSignature::<S>::len()
}

/// A multisig wallet as the chain sees it: its configuration's image hash.
/// The configuration itself is kept off chain (here, with it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultisigWallet<S: Suite> {
    config: Config<S>,
    image_hash: [u8; 32],
}

impl<S: Suite> MultisigWallet<S> {
    /// A wallet with configuration `config`.
    pub fn new(config: Config<S>) -> Self {
        let image_hash = config.image_hash();
        Self { config, image_hash }
    }

    /// The configuration.
    pub fn config(&self) -> &Config<S> {
        &self.config
    }

    /// The image hash the chain stores.
    pub fn image_hash(&self) -> [u8; 32] {
        self.image_hash
    }

    /// `signers` (by member name, each with its key) sign `message`; fails
    /// with [`Error::NotEnoughWeight`] below the threshold.
    pub fn sign<R: rand_core::CryptoRng + ?Sized>(
        &self,
        signers: &[(&str, &SigningKey<S>)],
        message: &[u8],
        rng: &mut R,
    ) -> Result<MultisigSignature<S>, Error<S>> {
        let to_sign = signed_message(&self.image_hash, message);
        let mut parts: Vec<Part<S>> = self
            .config
            .members
            .iter()
            .map(|m| Part {
                weight: m.weight,
                key: m.key.clone(),
                signature: None,
            })
            .collect();
        let mut weight = 0u32;
        for (name, key) in signers {
            let i = self
                .config
                .members
                .iter()
                .position(|m| m.name == *name)
                .ok_or_else(|| Error::UnknownRole((*name).to_string()))?;
            let part = parts
                .get_mut(i)
                .ok_or_else(|| Error::UnknownRole((*name).to_string()))?;
            if part.key.point != key.public() {
                return Err(Error::InvalidMemberSignature((*name).to_string()));
            }
            if part.signature.is_some() {
                return Err(Error::DuplicateRole((*name).to_string()));
            }
            part.signature = Some(EncodedSignature::new(key.sign(&to_sign, rng)));
            weight += u32::from(part.weight);
        }
        if weight < u32::from(self.config.threshold) {
            return Err(Error::NotEnoughWeight {
                have: weight,
                need: u32::from(self.config.threshold),
            });
        }
        Ok(MultisigSignature {
            threshold: self.config.threshold,
            parts,
        })
    }

    /// Verifies `signature` on `message` as the chain would: the carried
    /// configuration must have this wallet's image hash, every carried
    /// signature must verify (each on its own), and the signers' weights
    /// must reach the threshold.
    pub fn verify(&self, message: &[u8], signature: &MultisigSignature<S>) -> Result<(), Error<S>> {
        let config = signature.config()?;
        if config.image_hash() != self.image_hash {
            return Err(Error::WrongConfiguration);
        }
        let to_sign = signed_message(&self.image_hash, message);
        let mut weight = 0u32;
        for (i, part) in signature.parts.iter().enumerate() {
            if let Some(sig) = &part.signature {
                if !verify_one(&part.key, &to_sign, sig) {
                    let name = self
                        .config
                        .members
                        .get(i)
                        .map(|m| m.name.clone())
                        .unwrap_or_default();
                    return Err(Error::InvalidMemberSignature(name));
                }
                weight += u32::from(part.weight);
            }
        }
        if weight < u32::from(config.threshold) {
            return Err(Error::NotEnoughWeight {
                have: weight,
                need: u32::from(config.threshold),
            });
        }
        Ok(())
    }

    /// Replaces the lost member `lost` by `new` (same weight) with key
    /// `new_key`: the configuration update is signed by `signers` of the
    /// current configuration, verified as the chain would, and installed.
    /// Returns the update's signature (what the update transaction
    /// carries, with the new image hash).
    pub fn replace<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        lost: &str,
        new: &str,
        new_key: Point<S>,
        signers: &[(&str, &SigningKey<S>)],
        rng: &mut R,
    ) -> Result<MultisigSignature<S>, Error<S>> {
        let mut members = self.config.members.clone();
        let slot = members
            .iter_mut()
            .find(|m| m.name == lost)
            .ok_or_else(|| Error::UnknownRole(lost.to_string()))?;
        *slot = Member::new(new, new_key, slot.weight);
        let next = Config::new(self.config.threshold, members)?;
        let update = [UPDATE_CONTEXT, &next.image_hash()].concat();
        let signature = self.sign(signers, &update, rng)?;
        self.verify(&update, &signature)?;
        *self = Self::new(next);
        Ok(signature)
    }
}
