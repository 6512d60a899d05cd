//! Certificates whose account signature a [`Verifier`] has checked, kept by
//! their encoding, so a service that sees the same session certificate on
//! every request decodes it and verifies its signature once.
//!
//! What is cached is only the fact "the account signature on exactly these
//! bytes verifies", which no later event changes. Everything that can
//! change (the account a verifier serves, the time against the validity
//! window, the scope asked for, revocation by list or by epoch) is checked
//! again on every use, as is the session signature on every action.
//!
//! [`Verifier`]: super::Verifier

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tessera_core::Suite;

use super::SessionSuite;
use super::certificate::Certificate;

/// A bounded, thread-safe set of verified certificates, by encoding.
///
/// Filled only by [`super::Verifier::verify_action_cached`] after both
/// signatures of an action and every claim of its certificate checked out,
/// so a stranger cannot fill it: a certificate enters only if the account
/// a verifier serves signed it. When it is full, expired certificates are
/// dropped first, then an arbitrary one.
pub struct VerifiedCertificates<S: Suite, K: SessionSuite> {
    entries: Mutex<HashMap<Vec<u8>, Certificate<S, K>>>,
    capacity: usize,
}

impl<S: Suite, K: SessionSuite> VerifiedCertificates<S, K> {
    /// An empty cache holding at most `capacity` certificates (about 1.5
    /// KiB each).
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// How many certificates it holds.
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    /// Whether the certificate encoded as `bytes` is known to carry a valid
    /// account signature.
    pub fn contains(&self, bytes: &[u8]) -> bool {
        self.entries().contains_key(bytes)
    }

    /// The decoded certificate of `bytes`, if it is held.
    pub(crate) fn get(&self, bytes: &[u8]) -> Option<Certificate<S, K>> {
        self.entries().get(bytes).cloned()
    }

    /// Adds a certificate whose account signature verified; at `now` an
    /// expired one makes room first.
    pub(crate) fn insert(&self, certificate: &Certificate<S, K>, now: u64) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.entries();
        if entries.len() >= self.capacity {
            entries.retain(|_, c| c.window().not_after >= now);
        }
        if entries.len() >= self.capacity {
            if let Some(any) = entries.keys().next().cloned() {
                entries.remove(&any);
            }
        }
        entries.insert(certificate.to_bytes(), certificate.clone());
    }

    /// The map (every update is one insertion or removal, so a panic
    /// elsewhere while it was held leaves it consistent).
    fn entries(&self) -> MutexGuard<'_, HashMap<Vec<u8>, Certificate<S, K>>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<S: Suite, K: SessionSuite> core::fmt::Debug for VerifiedCertificates<S, K> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedCertificates")
            .field("len", &self.len())
            .field("capacity", &self.capacity)
            .finish()
    }
}
