//! An action signed by a session key, with the certificate that vouches
//! for the key.
//!
//! Body (after the 3-byte header `version || account suite || 0x71`): the
//! certificate's encoding (`u32` length first), the scope the action is
//! taken under (`u32` length, ASCII), the action bytes (`u32` length), and
//! the session key's signature (the session suite's standard encoding).
//!
//! The session key signs `"tessera session action v1" || certificate id ||
//! u32 scope length || scope || action`: the signature is bound to the one
//! certificate and scope.

use tessera_core::Suite;
use tessera_core::encoding::{FORMAT_VERSION, HEADER_LEN, Reader, Writer, check_header};
use tessera_frost::Signature;

use super::cache::VerifiedCertificates;
use super::certificate::Certificate;
use super::{KIND_SIGNED_ACTION, SessionKey, SessionSuite, check_scope};
use crate::error::Error;
use crate::schnorr::EncodedSignature;

/// The domain separator in front of what a session key signs.
const ACTION_CONTEXT: &[u8] = b"tessera session action v1";

/// What the session key signs for `scope` and `action` under the
/// certificate with id `id`.
fn action_message(id: &[u8; 32], scope: &str, action: &[u8]) -> Vec<u8> {
    let mut w = Writer::default();
    w.raw(ACTION_CONTEXT);
    w.raw(id);
    w.bytes(scope.as_bytes());
    w.raw(action);
    w.as_bytes().to_vec()
}

/// An action signed by a certified session key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedAction<S: Suite, K: SessionSuite> {
    certificate: Certificate<S, K>,
    scope: String,
    action: Vec<u8>,
    signature: EncodedSignature<K>,
    message: Vec<u8>,
}

impl<S: Suite, K: SessionSuite> SignedAction<S, K> {
    /// `key`, the session key `certificate` certifies, signs `action` under
    /// `scope`. Whether the certificate grants the scope is the verifier's
    /// check; a key the certificate does not name is refused here.
    pub fn sign<R: rand_core::CryptoRng + ?Sized>(
        certificate: Certificate<S, K>,
        key: &SessionKey<K>,
        scope: &str,
        action: &[u8],
        rng: &mut R,
    ) -> Result<Self, Error<S>> {
        if key.public() != certificate.session_key() {
            return Err(Error::InvalidCertificate(
                "the certificate does not certify this session key",
            ));
        }
        if !check_scope(scope.as_bytes()) {
            return Err(Error::InvalidCertificate(
                "a scope is 1 to 64 printable ASCII characters without spaces",
            ));
        }
        let message = action_message(&certificate.id(), scope, action);
        let signature = EncodedSignature::new(key.sign(&message, rng));
        Ok(Self {
            certificate,
            scope: scope.to_string(),
            action: action.to_vec(),
            signature,
            message,
        })
    }

    /// What the session key signs for `scope` and `action` under
    /// `certificate`: for a device whose key signs elsewhere (a secure
    /// enclave, ed25519-dalek), to be put together with
    /// [`SignedAction::from_parts`].
    pub fn message_to_sign(certificate: &Certificate<S, K>, scope: &str, action: &[u8]) -> Vec<u8> {
        action_message(&certificate.id(), scope, action)
    }

    /// A signed action from a signature made elsewhere on
    /// [`SignedAction::message_to_sign`]; nothing is verified here (the
    /// [`super::Verifier`] does).
    pub fn from_parts(
        certificate: Certificate<S, K>,
        scope: &str,
        action: &[u8],
        signature: Signature<K>,
    ) -> Result<Self, Error<S>> {
        if !check_scope(scope.as_bytes()) {
            return Err(Error::InvalidCertificate(
                "a scope is 1 to 64 printable ASCII characters without spaces",
            ));
        }
        let message = action_message(&certificate.id(), scope, action);
        Ok(Self {
            certificate,
            scope: scope.to_string(),
            action: action.to_vec(),
            signature: EncodedSignature::new(signature),
            message,
        })
    }

    /// The certificate.
    pub fn certificate(&self) -> &Certificate<S, K> {
        &self.certificate
    }

    /// The scope the action is taken under.
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// The action bytes.
    pub fn action(&self) -> &[u8] {
        &self.action
    }

    /// The session key's signature.
    pub fn signature(&self) -> Signature<K> {
        self.signature.signature
    }

    pub(crate) fn encoded_signature(&self) -> &EncodedSignature<K> {
        &self.signature
    }

    pub(crate) fn message(&self) -> &[u8] {
        &self.message
    }

    /// The encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.raw(&[FORMAT_VERSION, S::ID, KIND_SIGNED_ACTION]);
        w.bytes(self.certificate.as_bytes());
        w.bytes(self.scope.as_bytes());
        w.bytes(&self.action);
        w.raw(&self.signature.bytes);
        w.as_bytes().to_vec()
    }

    /// Decodes a signed action strictly (the certificate included).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        Self::read(bytes, |_| None)
    }

    /// Decodes a signed action as [`SignedAction::from_bytes`] does, except
    /// that a certificate whose encoding `cache` holds is taken from it
    /// rather than decoded again (its points were checked when it entered).
    /// The result is the same either way; verify it with
    /// [`Verifier::verify_action_cached`](super::Verifier::verify_action_cached)
    /// to skip the certificate's signature too.
    pub fn from_bytes_cached(
        bytes: &[u8],
        cache: &VerifiedCertificates<S, K>,
    ) -> Result<Self, Error<S>> {
        Self::read(bytes, |encoded| cache.get(encoded))
    }

    /// Decodes, taking the certificate from `known` when it has it.
    fn read(
        bytes: &[u8],
        known: impl FnOnce(&[u8]) -> Option<Certificate<S, K>>,
    ) -> Result<Self, Error<S>> {
        let mut r = Reader::<S>::new(bytes);
        let [version, suite, kind] = r.take_array::<HEADER_LEN>()?;
        check_header::<S>(version, suite, kind, KIND_SIGNED_ACTION)?;
        let encoded = r.bytes()?;
        let certificate = match known(encoded) {
            Some(certificate) => certificate,
            None => Certificate::<S, K>::from_bytes(encoded)?,
        };
        let scope = r.bytes()?;
        if !check_scope(scope) {
            return Err(Error::InvalidCertificate(
                "a scope is 1 to 64 printable ASCII characters without spaces",
            ));
        }
        let scope = String::from_utf8_lossy(scope).into_owned();
        let action = r.bytes()?.to_vec();
        let signature = EncodedSignature::<K>::decode(r.take(EncodedSignature::<K>::len())?)
            .map_err(|e| Error::SessionEncoding(e.to_string()))?;
        r.finish()?;
        let message = action_message(&certificate.id(), &scope, &action);
        Ok(Self {
            certificate,
            scope,
            action,
            signature,
            message,
        })
    }
}
