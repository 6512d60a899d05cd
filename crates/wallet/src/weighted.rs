//! Weighted threshold keys: Sequence's weighted configurations run as one
//! threshold key. A member of weight `w` holds `w` shares of a `T`-of-`N`
//! key (`N` the total weight, `T` the weight threshold), so any set of
//! members whose weights add up to `T` holds `T` shares and signs, and any
//! set below holds fewer and cannot: the weight rule of a multisig with the
//! single native signature of a threshold key.
//!
//! Share identifiers are derived from the member's name and the share's
//! index (`Identifier::derive("name/i")`), so they are stable across
//! flows. A member signs with all of its shares as that many FROST
//! signers; the signature is an ordinary signature under the group key.

use std::collections::BTreeMap;

use tessera_core::{Identifier, Point, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage, Signature};
use tessera_keys::local::{KeyPackages, run_dkg, run_signing};

use crate::error::Error;

/// A threshold key whose members hold as many shares as their weight.
#[derive(Debug)]
pub struct WeightedAccount<S: Suite> {
    shares: BTreeMap<String, Vec<Identifier<S>>>,
    keys: KeyPackages<S>,
    public: PublicKeyPackage<S>,
}

/// The identifier of share `i` of member `name`.
fn share_id<S: Suite>(name: &str, i: u16) -> Result<Identifier<S>, Error<S>> {
    Ok(Identifier::derive(format!("{name}/{i}").as_bytes())?)
}

impl<S: Suite> WeightedAccount<S> {
    /// Creates the key by DKG among the members' shares: `members` with
    /// their weights (at least 1 each), any set of weight `threshold` (at
    /// least 2, at most the total weight) signs.
    pub fn create<R: rand_core::CryptoRng + ?Sized>(
        members: &[(&str, u16)],
        threshold: u16,
        rng: &mut R,
    ) -> Result<Self, Error<S>> {
        if members.iter().any(|(_, w)| *w == 0) {
            return Err(Error::InvalidWeights(
                "every member has a weight of at least 1",
            ));
        }
        let total: u32 = members.iter().map(|(_, w)| u32::from(*w)).sum();
        if threshold < 2 || u32::from(threshold) > total || total > u32::from(u16::MAX) {
            return Err(Error::InvalidWeights(
                "the threshold must be at least 2 and at most the total weight (at most 65535)",
            ));
        }
        let mut shares = BTreeMap::new();
        for (name, weight) in members {
            let ids = (0..*weight)
                .map(|i| share_id::<S>(name, i))
                .collect::<Result<Vec<_>, _>>()?;
            if shares.insert((*name).to_string(), ids).is_some() {
                return Err(Error::DuplicateRole((*name).to_string()));
            }
        }
        let all: Vec<Identifier<S>> = shares.values().flatten().copied().collect();
        let (keys, public) = run_dkg(threshold, &all, rng)?;
        Ok(Self {
            shares,
            keys,
            public,
        })
    }

    /// The group key: one key, one native signature.
    pub fn group_key(&self) -> Point<S> {
        self.public.group_key()
    }

    /// The public key package.
    pub fn public(&self) -> &PublicKeyPackage<S> {
        &self.public
    }

    /// The weight threshold.
    pub fn threshold(&self) -> u16 {
        self.public.threshold()
    }

    /// A member's weight (its number of shares).
    pub fn weight(&self, name: &str) -> Result<u16, Error<S>> {
        self.shares
            .get(name)
            .map(|ids| u16::try_from(ids.len()).unwrap_or(u16::MAX))
            .ok_or_else(|| Error::UnknownRole(name.to_string()))
    }

    /// A member's key packages, one per unit of weight.
    pub fn keys_of(&self, name: &str) -> Result<Vec<&KeyPackage<S>>, Error<S>> {
        let ids = self
            .shares
            .get(name)
            .ok_or_else(|| Error::UnknownRole(name.to_string()))?;
        ids.iter()
            .map(|id| {
                self.keys
                    .get(id)
                    .ok_or_else(|| Error::UnknownRole(name.to_string()))
            })
            .collect()
    }

    /// `signers` sign `message`: their shares, `threshold` of them, run
    /// FROST. Fails with [`Error::NotEnoughWeight`] when their weights add
    /// up to less than the threshold (no protocol step is run then).
    pub fn sign<R: rand_core::CryptoRng + ?Sized>(
        &self,
        signers: &[&str],
        message: &[u8],
        rng: &mut R,
    ) -> Result<Signature<S>, Error<S>> {
        let mut seen = std::collections::BTreeSet::new();
        let mut keys = Vec::new();
        for name in signers {
            if !seen.insert(*name) {
                return Err(Error::DuplicateRole((*name).to_string()));
            }
            keys.extend(self.keys_of(name)?);
        }
        let need = usize::from(self.threshold());
        if keys.len() < need {
            return Err(Error::NotEnoughWeight {
                have: u32::try_from(keys.len()).unwrap_or(u32::MAX),
                need: u32::from(self.threshold()),
            });
        }
        keys.truncate(need);
        Ok(run_signing(keys, &self.public, message, rng)?)
    }
}
