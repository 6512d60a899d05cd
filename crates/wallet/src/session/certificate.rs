//! The session certificate: what the account's threshold key signs about a
//! session key, and its encoding.
//!
//! Body (after the 3-byte wire header `version || account suite || 0x70`):
//!
//! | field | size |
//! |-------|------|
//! | account group key | `Ne` of the account suite |
//! | key epoch | 32 |
//! | session-key suite tag | 1 |
//! | session public key | `Ne` of the session suite |
//! | `not_before`, `not_after` (seconds since the UNIX epoch) | 8 + 8, big-endian |
//! | scopes | `u32` count, then each as `u32` length and ASCII bytes, sorted, distinct |
//! | nonce | 32 |
//! | account signature | the account suite's standard signature encoding |
//!
//! The account signs `"tessera session certificate v1" || header || body
//! without the signature`, where the header's version byte is replaced by
//! the certificate layout (1), so that a change of the wire format that
//! leaves certificates alone neither voids their signatures nor changes
//! their ids; the certificate's id is SHA-256 of that message.

use core::marker::PhantomData;

use sha2::{Digest, Sha256};
use tessera_core::encoding::{FORMAT_VERSION, HEADER_LEN, Reader, Writer, check_header};
use tessera_core::{Point, Suite};
use tessera_frost::{Epoch, PublicKeyPackage, Signature};

use super::{KIND_CERTIFICATE, SessionSuite, check_scope};
use crate::error::Error;
use crate::schnorr::{EncodedKey, EncodedSignature, hex, verify_one};

/// The domain separator in front of what the account signs.
const CERTIFICATE_CONTEXT: &[u8] = b"tessera session certificate v1";

/// The version of the certificate's layout, which stands for the header's
/// format version in what the account signs; it changes only when the
/// certificate's own fields change.
const CERTIFICATE_LAYOUT: u8 = 1;

/// A validity window, in seconds since the UNIX epoch, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    /// The first second the certificate is valid.
    pub not_before: u64,
    /// The last second the certificate is valid.
    pub not_after: u64,
}

impl Window {
    /// `duration` seconds from `start`.
    pub fn starting(start: u64, duration: u64) -> Self {
        Self {
            not_before: start,
            not_after: start.saturating_add(duration),
        }
    }

    /// Whether `now` is inside the window.
    pub fn contains(&self, now: u64) -> bool {
        self.not_before <= now && now <= self.not_after
    }
}

/// The signed part of a certificate, with the encodings verification
/// reuses.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Body<S: Suite, K: SessionSuite> {
    account: EncodedKey<S>,
    epoch: Epoch,
    session_key: EncodedKey<K>,
    window: Window,
    scopes: Vec<String>,
    nonce: [u8; 32],
}

impl<S: Suite, K: SessionSuite> Body<S, K> {
    /// Header and body without the signature.
    fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.raw(&[FORMAT_VERSION, S::ID, KIND_CERTIFICATE]);
        w.raw(&self.account.bytes);
        w.raw(self.epoch.as_bytes());
        w.raw(&[K::ID]);
        w.raw(&self.session_key.bytes);
        w.raw(&self.window.not_before.to_be_bytes());
        w.raw(&self.window.not_after.to_be_bytes());
        w.count(self.scopes.len());
        for scope in &self.scopes {
            w.bytes(scope.as_bytes());
        }
        w.raw(&self.nonce);
        w.as_bytes().to_vec()
    }

    /// What the account signs: the context, then the certificate's
    /// encoding with the version byte of its header replaced by
    /// [`CERTIFICATE_LAYOUT`]. The signature and the id (the message's
    /// digest) name the certificate's content, not the wire format of the
    /// day: a certificate signed under format version 1 still verifies, and
    /// keeps the id revocation lists name, after a format change that did
    /// not touch certificates.
    fn message(encoded: &[u8]) -> Vec<u8> {
        let mut message = [CERTIFICATE_CONTEXT, encoded].concat();
        if let Some(version) = message.get_mut(CERTIFICATE_CONTEXT.len()) {
            *version = CERTIFICATE_LAYOUT;
        }
        message
    }
}

/// Sorted, distinct, well-formed scopes.
fn canonical_scopes<S: Suite>(scopes: &[&str]) -> Result<Vec<String>, Error<S>> {
    let mut out: Vec<String> = scopes.iter().map(|s| (*s).to_string()).collect();
    out.sort();
    out.dedup();
    if out.is_empty() {
        return Err(Error::InvalidCertificate(
            "a certificate grants at least one scope",
        ));
    }
    if !out.iter().all(|s| check_scope(s.as_bytes())) {
        return Err(Error::InvalidCertificate(
            "a scope is 1 to 64 printable ASCII characters without spaces",
        ));
    }
    Ok(out)
}

/// A certificate to be signed by the account: made by the device that
/// holds the session key, signed by `t` members of the account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequest<S: Suite, K: SessionSuite> {
    body: Body<S, K>,
    encoded: Vec<u8>,
}

impl<S: Suite, K: SessionSuite> CertificateRequest<S, K> {
    /// A request to certify `session_key` for the account of `public` (its
    /// group key and current epoch), valid in `window`, granting `scopes`,
    /// with a fresh random nonce.
    pub fn new<R: rand_core::CryptoRng + ?Sized>(
        public: &PublicKeyPackage<S>,
        session_key: &Point<K>,
        window: Window,
        scopes: &[&str],
        rng: &mut R,
    ) -> Result<Self, Error<S>> {
        if window.not_before > window.not_after {
            return Err(Error::InvalidCertificate(
                "the validity window ends before it starts",
            ));
        }
        let mut nonce = [0u8; 32];
        rng.fill_bytes(&mut nonce);
        let body = Body {
            account: EncodedKey::new(public.group_key()),
            epoch: public.epoch(),
            session_key: EncodedKey::new(*session_key),
            window,
            scopes: canonical_scopes(scopes)?,
            nonce,
        };
        let encoded = body.encode();
        Ok(Self { body, encoded })
    }

    /// The bytes the account's signers sign.
    pub fn message(&self) -> Vec<u8> {
        Body::<S, K>::message(&self.encoded)
    }

    /// The certificate with the account's `signature` on
    /// [`CertificateRequest::message`], which must verify under the
    /// account's group key ([`Error::ForgedCertificate`] otherwise).
    pub fn certify(self, signature: Signature<S>) -> Result<Certificate<S, K>, Error<S>> {
        let certificate =
            Certificate::assemble(self.body, self.encoded, EncodedSignature::new(signature));
        if !verify_one(
            &certificate.body.account,
            &certificate.message,
            &certificate.signature,
        ) {
            return Err(Error::ForgedCertificate);
        }
        Ok(certificate)
    }
}

/// A session certificate: the account's signature on a session key, its
/// suite, validity window, scopes, key epoch and nonce. Decoding checks
/// the encoding only; [`super::Verifier`] checks the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate<S: Suite, K: SessionSuite> {
    body: Body<S, K>,
    signature: EncodedSignature<S>,
    /// What the account signed.
    message: Vec<u8>,
    /// The full encoding.
    bytes: Vec<u8>,
    id: [u8; 32],
    _suites: PhantomData<(S, K)>,
}

impl<S: Suite, K: SessionSuite> Certificate<S, K> {
    fn assemble(body: Body<S, K>, encoded: Vec<u8>, signature: EncodedSignature<S>) -> Self {
        let message = Body::<S, K>::message(&encoded);
        let id = Sha256::digest(&message).into();
        let bytes = [encoded.as_slice(), &signature.bytes].concat();
        Self {
            body,
            signature,
            message,
            bytes,
            id,
            _suites: PhantomData,
        }
    }

    /// The account's group key.
    pub fn account(&self) -> Point<S> {
        self.body.account.point
    }

    /// The key epoch the account was at when it signed.
    pub fn epoch(&self) -> Epoch {
        self.body.epoch
    }

    /// The certified session public key.
    pub fn session_key(&self) -> Point<K> {
        self.body.session_key.point
    }

    /// The validity window.
    pub fn window(&self) -> Window {
        self.body.window
    }

    /// The granted scopes, sorted.
    pub fn scopes(&self) -> &[String] {
        &self.body.scopes
    }

    /// The random nonce that makes the certificate unique.
    pub fn nonce(&self) -> &[u8; 32] {
        &self.body.nonce
    }

    /// The account's signature.
    pub fn signature(&self) -> Signature<S> {
        self.signature.signature
    }

    /// The certificate's id: SHA-256 of what the account signed. Revocation
    /// lists name certificates by it, and session signatures bind it.
    pub fn id(&self) -> [u8; 32] {
        self.id
    }

    /// The id in hex.
    pub fn id_hex(&self) -> String {
        hex(&self.id)
    }

    /// The encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.bytes.clone()
    }

    /// The encoding, borrowed.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub(crate) fn account_key(&self) -> &EncodedKey<S> {
        &self.body.account
    }

    pub(crate) fn session_encoded(&self) -> &EncodedKey<K> {
        &self.body.session_key
    }

    pub(crate) fn encoded_signature(&self) -> &EncodedSignature<S> {
        &self.signature
    }

    pub(crate) fn message(&self) -> &[u8] {
        &self.message
    }

    /// The session-key suite tag of an encoded certificate of an account of
    /// suite `S`, read without decoding the rest: which `K` to decode it
    /// with.
    pub fn session_suite(bytes: &[u8]) -> Result<u8, Error<S>> {
        let offset = HEADER_LEN + S::POINT_LEN + 32;
        let mut r = Reader::<S>::new(bytes);
        let [version, suite, kind] = r.take_array::<HEADER_LEN>()?;
        check_header::<S>(version, suite, kind, KIND_CERTIFICATE)?;
        bytes
            .get(offset)
            .copied()
            .ok_or_else(|| tessera_core::Error::<S>::UnexpectedEnd { needed: 1 }.into())
    }

    /// Decodes a certificate strictly. A certificate for a session key of
    /// another suite than `K` is [`Error::SessionSuiteMismatch`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let mut r = Reader::<S>::new(bytes);
        let cert = Self::read(&mut r)?;
        r.finish()?;
        Ok(cert)
    }

    /// Reads a certificate from `r` (the header included), leaving what
    /// follows it.
    pub(crate) fn read(r: &mut Reader<'_, S>) -> Result<Self, Error<S>> {
        let start = r.remaining();
        let [version, suite, kind] = r.take_array::<HEADER_LEN>()?;
        check_header::<S>(version, suite, kind, KIND_CERTIFICATE)?;
        let account = EncodedKey::decode(r.take(S::POINT_LEN)?)?;
        let epoch = Epoch::from_bytes(r.take_array()?);
        let [suite] = r.take_array::<1>()?;
        if suite != K::ID {
            return Err(Error::SessionSuiteMismatch {
                found: suite,
                expected: K::ID,
            });
        }
        let session_key = EncodedKey::<K>::decode(r.take(K::POINT_LEN)?)
            .map_err(|e| Error::SessionEncoding(e.to_string()))?;
        let window = Window {
            not_before: u64::from_be_bytes(r.take_array()?),
            not_after: u64::from_be_bytes(r.take_array()?),
        };
        if window.not_before > window.not_after {
            return Err(Error::InvalidCertificate(
                "the validity window ends before it starts",
            ));
        }
        let n = r.count(4)?;
        let mut scopes: Vec<String> = Vec::with_capacity(n);
        for _ in 0..n {
            let scope = r.bytes()?;
            if !check_scope(scope) {
                return Err(Error::InvalidCertificate(
                    "a scope is 1 to 64 printable ASCII characters without spaces",
                ));
            }
            let scope = String::from_utf8_lossy(scope).into_owned();
            if scopes.last().is_some_and(|last| *last >= scope) {
                return Err(Error::InvalidCertificate(
                    "the scopes are not sorted and distinct",
                ));
            }
            scopes.push(scope);
        }
        if scopes.is_empty() {
            return Err(Error::InvalidCertificate(
                "a certificate grants at least one scope",
            ));
        }
        let nonce = r.take_array()?;
        let signed_len = start.len() - r.remaining().len();
        let encoded = start.get(..signed_len).unwrap_or_default().to_vec();
        let signature = EncodedSignature::<S>::decode(r.take(EncodedSignature::<S>::len())?)?;
        let body = Body {
            account,
            epoch,
            session_key,
            window,
            scopes,
            nonce,
        };
        Ok(Self::assemble(body, encoded, signature))
    }
}
