//! An explicit list of revoked certificates, by id.
//!
//! Body (after the header `version || account suite || 0x72`): a `u32`
//! count, then the 32-byte ids in strictly increasing order.

use std::collections::BTreeSet;
use std::marker::PhantomData;

use tessera_core::Suite;
use tessera_core::encoding::{FORMAT_VERSION, HEADER_LEN, Reader, Writer, check_header};

use super::KIND_REVOCATION_LIST;
use super::SessionSuite;
use super::certificate::Certificate;
use crate::error::Error;

/// Certificates of an account revoked one by one (a lost device's session),
/// independently of the key epoch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RevocationList<S: Suite> {
    ids: BTreeSet<[u8; 32]>,
    _suite: PhantomData<S>,
}

impl<S: Suite> RevocationList<S> {
    /// An empty list.
    pub fn new() -> Self {
        Self {
            ids: BTreeSet::new(),
            _suite: PhantomData,
        }
    }

    /// Revokes `certificate`.
    pub fn revoke<K: SessionSuite>(&mut self, certificate: &Certificate<S, K>) {
        self.ids.insert(certificate.id());
    }

    /// Revokes the certificate with id `id`.
    pub fn revoke_id(&mut self, id: [u8; 32]) {
        self.ids.insert(id);
    }

    /// Whether the certificate with id `id` is revoked.
    pub fn contains(&self, id: &[u8; 32]) -> bool {
        self.ids.contains(id)
    }

    /// How many certificates are revoked.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no certificate is revoked.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.raw(&[FORMAT_VERSION, S::ID, KIND_REVOCATION_LIST]);
        w.count(self.ids.len());
        for id in &self.ids {
            w.raw(id);
        }
        w.as_bytes().to_vec()
    }

    /// Decodes a list strictly (ids sorted and distinct, no trailing byte).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let mut r = Reader::<S>::new(bytes);
        let [version, suite, kind] = r.take_array::<HEADER_LEN>()?;
        check_header::<S>(version, suite, kind, KIND_REVOCATION_LIST)?;
        let n = r.count(32)?;
        let mut ids = BTreeSet::new();
        let mut last: Option<[u8; 32]> = None;
        for _ in 0..n {
            let id: [u8; 32] = r.take_array()?;
            if last.is_some_and(|l| l >= id) {
                return Err(Error::InvalidCertificate(
                    "the revocation list is not sorted and distinct",
                ));
            }
            last = Some(id);
            ids.insert(id);
        }
        r.finish()?;
        Ok(Self {
            ids,
            _suite: PhantomData,
        })
    }
}
