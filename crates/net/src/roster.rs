//! The roster of a session: which public identity plays which participant.
//! Every party must hold the same roster (it is agreed out of band, e.g.
//! when the account is created, and bound into the session id).

use std::collections::BTreeMap;

use tessera_core::{Identifier, Suite};

use crate::identity::PublicIdentity;

/// Participants' public identities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roster<S: Suite> {
    by_id: BTreeMap<Identifier<S>, PublicIdentity>,
    by_key: BTreeMap<[u8; 32], Identifier<S>>,
}

impl<S: Suite> Default for Roster<S> {
    fn default() -> Self {
        Self {
            by_id: BTreeMap::new(),
            by_key: BTreeMap::new(),
        }
    }
}

impl<S: Suite> Roster<S> {
    /// A roster of `entries`; `None` if an identifier or an Ed25519 key
    /// appears twice.
    pub fn new(entries: impl IntoIterator<Item = (Identifier<S>, PublicIdentity)>) -> Option<Self> {
        let mut roster = Self::default();
        for (id, key) in entries {
            if roster.by_id.insert(id, key).is_some()
                || roster.by_key.insert(key.ed25519, id).is_some()
            {
                return None;
            }
        }
        Some(roster)
    }

    /// The public identity of `id`.
    pub fn key(&self, id: &Identifier<S>) -> Option<&PublicIdentity> {
        self.by_id.get(id)
    }

    /// The participant whose Ed25519 key is `key`.
    pub fn id(&self, key: &[u8; 32]) -> Option<Identifier<S>> {
        self.by_key.get(key).copied()
    }

    /// Every entry, by identifier.
    pub fn iter(&self) -> impl Iterator<Item = (&Identifier<S>, &PublicIdentity)> {
        self.by_id.iter()
    }

    /// A digest of the roster (SHA-256 over the sorted identifiers and
    /// keys), to bind into a session id.
    pub fn digest(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"tessera-net/roster/v1");
        for (id, key) in &self.by_id {
            h.update(id.to_bytes().as_ref());
            h.update(key.to_bytes());
        }
        h.finalize().into()
    }
}
