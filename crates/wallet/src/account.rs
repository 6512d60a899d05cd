//! An account key held as shares by named members (device, login service,
//! recovery, hardware factor), with the seeds' key-management flows.

use std::collections::BTreeMap;

use tessera_core::{Identifier, Point, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage, Signature};
use tessera_keys::local::{KeyPackages, run_dkg, run_repair, run_reshare, run_signing};
use tessera_keys::reconstruct::reconstruct_native;
use tessera_keys::repair::RepairConfig;
use tessera_keys::reshare::ReshareConfig;
use tessera_keys::{NativeAddress, NativeKey};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::session::{Certificate, CertificateRequest, SessionSuite, Window};
use crate::store::Keychain;

/// A key package that a flow made useless (its share was revoked by a
/// reshare). Kept so callers can check that it no longer signs.
#[derive(Debug)]
pub struct Revoked<S: Suite> {
    /// The member's name.
    pub name: String,
    /// Its last key package, of a past epoch.
    pub key: KeyPackage<S>,
}

/// An account whose key is shared among named members, all simulated in
/// this process (each member's protocol steps run in turn; see
/// [`tessera_keys::local`]). The account's address is its group key, which
/// no flow changes.
#[derive(Debug)]
pub struct Account<S: Suite> {
    names: BTreeMap<Identifier<S>, String>,
    keys: KeyPackages<S>,
    public: PublicKeyPackage<S>,
    /// Threshold-ECDSA pair setups of each member, as their wire encodings
    /// (see [`crate::ecdsa`]); they do not depend on the shares and survive
    /// refresh and reshare. A member's setups with a peer that is no longer
    /// a member are ignored when decoded and dropped at the next setup.
    pub(crate) ecdsa: EcdsaSetups<S>,
}

/// Each member's encoded pair setups.
pub(crate) type EcdsaSetups<S> = BTreeMap<Identifier<S>, Vec<Zeroizing<Vec<u8>>>>;

impl<S: Suite> Account<S> {
    /// Creates an account by DKG among `members` (names such as "device",
    /// "login", "recovery"), any `t` of which can sign. No party, and no
    /// dealer, ever holds the key.
    pub fn create<R: rand_core::CryptoRng + ?Sized>(
        members: &[&str],
        t: u16,
        rng: &mut R,
    ) -> Result<Self, Error<S>> {
        let mut names = BTreeMap::new();
        for name in members {
            if names.insert(id::<S>(name)?, (*name).to_string()).is_some() {
                return Err(Error::DuplicateRole((*name).to_string()));
            }
        }
        let ids: Vec<_> = names.keys().copied().collect();
        let (keys, public) = run_dkg(t, &ids, rng)?;
        Ok(Self {
            names,
            keys,
            public,
            ecdsa: BTreeMap::new(),
        })
    }

    /// The account's public key.
    pub fn group_key(&self) -> Point<S> {
        self.public.group_key()
    }

    /// The account's address as its platform shows it (an EIP-55 Ethereum
    /// address for secp256k1, base58 for Ed25519, see
    /// [`NativeAddress`]).
    pub fn address(&self) -> String
    where
        S: NativeAddress,
    {
        S::address(&self.public.group_key())
    }

    /// The public key package of the current epoch.
    pub fn public(&self) -> &PublicKeyPackage<S> {
        &self.public
    }

    /// How many members must sign.
    pub fn threshold(&self) -> u16 {
        self.public.threshold()
    }

    /// The members' names, in identifier order.
    pub fn members(&self) -> Vec<&str> {
        self.names.values().map(String::as_str).collect()
    }

    /// A member's key package.
    pub fn key(&self, name: &str) -> Result<&KeyPackage<S>, Error<S>> {
        self.keys
            .get(&id::<S>(name)?)
            .ok_or_else(|| Error::UnknownRole(name.to_string()))
    }

    /// `signers` sign `message` (FROST, two rounds and aggregation); the
    /// signature is verified before it is returned.
    pub fn sign<R: rand_core::CryptoRng + ?Sized>(
        &self,
        signers: &[&str],
        message: &[u8],
        rng: &mut R,
    ) -> Result<Signature<S>, Error<S>> {
        let mut keys: BTreeMap<Identifier<S>, &KeyPackage<S>> = BTreeMap::new();
        for name in signers {
            let key = self.key(name)?;
            if keys.insert(key.id(), key).is_some() {
                return Err(Error::DuplicateSigner((*name).to_string()));
            }
        }
        let keys: Vec<&KeyPackage<S>> = keys.into_values().collect();
        Ok(run_signing(keys, &self.public, message, rng)?)
    }

    /// `signers` certify a device's session key (see [`crate::session`]):
    /// the account signs a certificate binding its group key and current
    /// epoch, `session_key` and its suite, `window` and `scopes`.
    pub fn certify_session<K: SessionSuite, R: rand_core::CryptoRng + ?Sized>(
        &self,
        signers: &[&str],
        session_key: &Point<K>,
        window: Window,
        scopes: &[&str],
        rng: &mut R,
    ) -> Result<Certificate<S, K>, Error<S>> {
        let request = CertificateRequest::new(&self.public, session_key, window, scopes, rng)?;
        let signature = self.sign(signers, &request.message(), rng)?;
        request.certify(signature)
    }

    /// A lost or compromised member is replaced: the other members reshare
    /// the key to themselves and `new` (same threshold, same address, new
    /// epoch). The lost member's share is revoked.
    pub fn replace<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        lost: &str,
        new: &str,
        rng: &mut R,
    ) -> Result<Revoked<S>, Error<S>> {
        let lost_id = self.member(lost)?;
        let new_id = self.newcomer(new)?;
        let dealers: Vec<_> = self
            .keys
            .keys()
            .copied()
            .filter(|id| *id != lost_id)
            .collect();
        let mut members = dealers.clone();
        members.push(new_id);
        let t = self.threshold();
        let mut old = self.reshare(&dealers, &members, t, rng)?;
        self.names.remove(&lost_id);
        self.names.insert(new_id, new.to_string());
        self.forget_ecdsa_pairs_of(lost_id);
        let key = old
            .remove(&lost_id)
            .ok_or_else(|| Error::UnknownRole(lost.to_string()))?;
        Ok(Revoked {
            name: lost.to_string(),
            key,
        })
    }

    /// A member whose share was lost (but not compromised) gets it back, at
    /// the same identifier, from `t` helpers; nobody learns the key or
    /// another share, and the epoch does not change.
    pub fn repair<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        lost: &str,
        rng: &mut R,
    ) -> Result<(), Error<S>> {
        // A member of the public key package, whether or not its key is
        // here (an account read from the other members' store files).
        let lost_id = id::<S>(lost)?;
        if self.public.verifying_share(&lost_id).is_err() {
            return Err(Error::UnknownRole(lost.to_string()));
        }
        let helpers = self.helpers(lost_id);
        let config = RepairConfig::new(self.public.clone(), &helpers, lost_id)?;
        let (key, public) = run_repair(&config, &self.keys, rng)?;
        self.keys.insert(lost_id, key);
        self.names.insert(lost_id, lost.to_string());
        self.public = public;
        Ok(())
    }

    /// Adds a factor (e.g. "hardware") and moves to threshold `t`, keeping
    /// the address: a reshare from the current members to all of them plus
    /// the new one.
    pub fn add_factor<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        new: &str,
        t: u16,
        rng: &mut R,
    ) -> Result<(), Error<S>> {
        let new_id = self.newcomer(new)?;
        let dealers: Vec<_> = self.keys.keys().copied().collect();
        let mut members = dealers.clone();
        members.push(new_id);
        self.reshare(&dealers, &members, t, rng)?;
        self.names.insert(new_id, new.to_string());
        Ok(())
    }

    /// Removes a factor and moves to threshold `t`, keeping the address. The
    /// removed member's share is revoked.
    pub fn remove_factor<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        name: &str,
        t: u16,
        rng: &mut R,
    ) -> Result<Revoked<S>, Error<S>> {
        let gone = self.member(name)?;
        let members: Vec<_> = self.keys.keys().copied().filter(|id| *id != gone).collect();
        let dealers = self.helpers(gone);
        let mut old = self.reshare(&dealers, &members, t, rng)?;
        self.names.remove(&gone);
        self.forget_ecdsa_pairs_of(gone);
        let key = old
            .remove(&gone)
            .ok_or_else(|| Error::UnknownRole(name.to_string()))?;
        Ok(Revoked {
            name: name.to_string(),
            key,
        })
    }

    /// Adds the members `add` and removes the members `remove` in one
    /// reshare to threshold `t`, keeping the address (e.g. revoke a lost
    /// device and enrol a hardware key). The members that stay deal; a
    /// removed member takes no part, so its share may be lost. Returns the
    /// removed members' last key packages (of the previous epoch) among
    /// those present here.
    pub fn change_members<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        add: &[&str],
        remove: &[&str],
        t: u16,
        rng: &mut R,
    ) -> Result<Vec<Revoked<S>>, Error<S>> {
        let mut gone = BTreeMap::new();
        for name in remove {
            let id = id::<S>(name)?;
            if self.public.verifying_share(&id).is_err() {
                return Err(Error::UnknownRole((*name).to_string()));
            }
            if gone.insert(id, (*name).to_string()).is_some() {
                return Err(Error::DuplicateRole((*name).to_string()));
            }
        }
        let mut new = BTreeMap::new();
        for name in add {
            let id = self.newcomer(name)?;
            if gone.contains_key(&id) || new.insert(id, (*name).to_string()).is_some() {
                return Err(Error::DuplicateRole((*name).to_string()));
            }
        }
        let dealers: Vec<_> = self
            .keys
            .keys()
            .copied()
            .filter(|id| !gone.contains_key(id))
            .collect();
        let mut members = dealers.clone();
        members.extend(new.keys().copied());
        let mut old = self.reshare(&dealers, &members, t, rng)?;
        let mut revoked = Vec::new();
        for (id, name) in gone {
            self.names.remove(&id);
            self.forget_ecdsa_pairs_of(id);
            if let Some(key) = old.remove(&id) {
                revoked.push(Revoked { name, key });
            }
        }
        self.names.extend(new);
        Ok(revoked)
    }

    /// New shares for the same members, threshold and address; every
    /// previous share is revoked.
    pub fn refresh<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
    ) -> Result<(), Error<S>> {
        let members: Vec<_> = self.keys.keys().copied().collect();
        let t = self.threshold();
        self.reshare(&members, &members, t, rng)?;
        Ok(())
    }

    /// The exit: `holders` (at least `t`, e.g. device and recovery when the
    /// login service refuses to cooperate) reconstruct the key and export it
    /// in the suite's native form. The threshold protection ends here.
    pub fn exit(&self, holders: &[&str]) -> Result<Zeroizing<Vec<u8>>, Error<S>>
    where
        S: NativeKey,
    {
        let keys: Vec<KeyPackage<S>> = holders
            .iter()
            .map(|n| self.key(n).cloned())
            .collect::<Result<_, _>>()?;
        Ok(reconstruct_native(&self.public, &keys)?)
    }

    /// The account as seen from the keychains of some of its members (e.g.
    /// read from their store files): every keychain must hold a key of the
    /// same public key package, at the identifier derived from its name.
    /// Signing needs the signers' keychains; refresh and reshare run
    /// among the members given here, so pass all of them for those.
    pub fn from_keychains(chains: Vec<Keychain<S>>) -> Result<Self, Error<S>> {
        let mut chains = chains.into_iter();
        let first = chains
            .next()
            .ok_or_else(|| Error::UnknownRole("no member's keychain was given".into()))?;
        let public = first.public().clone();
        let mut account = Self {
            names: BTreeMap::new(),
            keys: KeyPackages::new(),
            public,
            ecdsa: BTreeMap::new(),
        };
        for chain in std::iter::once(first).chain(chains) {
            let id = id::<S>(chain.name())?;
            if id != chain.key().id() || chain.public() != &account.public {
                return Err(tessera_frost::Error::InconsistentKey(
                    "the keychains do not hold shares of one key package at their names' identifiers",
                )
                .into());
            }
            if account.names.insert(id, chain.name().to_string()).is_some() {
                return Err(Error::DuplicateRole(chain.name().to_string()));
            }
            account.keys.insert(id, chain.key().clone());
            if !chain.ecdsa_encoded().is_empty() {
                account.ecdsa.insert(id, chain.ecdsa_encoded().to_vec());
            }
        }
        Ok(account)
    }

    /// Member `name`'s keychain (its key package, the public key package
    /// and its threshold-ECDSA pair setups, if any), to save in its store
    /// file.
    pub fn keychain(&self, name: &str) -> Result<Keychain<S>, Error<S>> {
        let mut chain = Keychain::new(name, self.key(name)?.clone(), self.public.clone())?;
        if let Some(setups) = self.ecdsa.get(&self.member(name)?) {
            chain.set_ecdsa_encoded(setups.clone());
        }
        Ok(chain)
    }

    /// The identifiers of the members named `signers`.
    pub(crate) fn identifiers_of(&self, signers: &[&str]) -> Result<Vec<Identifier<S>>, Error<S>> {
        signers.iter().map(|n| self.member(n)).collect()
    }

    /// The name of member `id`.
    pub(crate) fn name_of(&self, id: &Identifier<S>) -> String {
        self.names.get(id).cloned().unwrap_or_default()
    }

    /// Every member's key package, by identifier.
    pub(crate) fn key_packages(&self) -> &KeyPackages<S> {
        &self.keys
    }

    /// Drops the ECDSA pair setups of a member that left (the other
    /// members' setups with it are ignored from now on, see
    /// [`Account::ecdsa_setup`]).
    fn forget_ecdsa_pairs_of(&mut self, gone: Identifier<S>) {
        self.ecdsa.remove(&gone);
    }

    /// Runs a reshare and installs its result; returns the previous keys.
    fn reshare<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        dealers: &[Identifier<S>],
        members: &[Identifier<S>],
        t: u16,
        rng: &mut R,
    ) -> Result<KeyPackages<S>, Error<S>> {
        let config = ReshareConfig::new(self.public.clone(), dealers, members, t)?;
        let (keys, public) = run_reshare(&config, &self.keys, rng)?;
        self.public = public;
        Ok(std::mem::replace(&mut self.keys, keys))
    }

    /// `t` current members other than `except`, the fewest needed to act.
    fn helpers(&self, except: Identifier<S>) -> Vec<Identifier<S>> {
        self.keys
            .keys()
            .copied()
            .filter(|id| *id != except)
            .take(usize::from(self.threshold()))
            .collect()
    }

    fn member(&self, name: &str) -> Result<Identifier<S>, Error<S>> {
        let id = id::<S>(name)?;
        if self.keys.contains_key(&id) {
            Ok(id)
        } else {
            Err(Error::UnknownRole(name.to_string()))
        }
    }

    fn newcomer(&self, name: &str) -> Result<Identifier<S>, Error<S>> {
        let id = id::<S>(name)?;
        if self.keys.contains_key(&id) {
            Err(Error::DuplicateRole(name.to_string()))
        } else {
            Ok(id)
        }
    }
}

fn id<S: Suite>(name: &str) -> Result<Identifier<S>, Error<S>> {
    Ok(Identifier::derive(name.as_bytes())?)
}
