//! Session keys certified by the account's threshold key: the login flow of
//! the seeds (Sodium: "when users log in on a new device, a session key
//! will be generated locally and the public key of the session key will be
//! submitted ... for MPC signature"; Sequence: session keys in the browser).
//!
//! 1. A device makes a [`SessionKey`] (Ed25519 or P-256, [`SessionSuite`]).
//! 2. The account's `t`-of-`n` threshold key signs a [`Certificate`]: a
//!    [`CertificateRequest`] binds the account's group key, the session
//!    public key and its suite, a validity window, the granted scopes, the
//!    key epoch the account was at and a random nonce; the signers sign
//!    [`CertificateRequest::message`] (FROST, any flow of the account) and
//!    [`CertificateRequest::certify`] checks the signature.
//! 3. The device signs actions alone ([`SignedAction`]): scope and action
//!    bytes under the certificate's id, with the session key.
//! 4. A [`Verifier`] checks an action by the certificate and the session
//!    signature. When the account and the session key are of the same suite
//!    both Schnorr equations are checked in one multi-scalar multiplication
//!    (random linear combination, weights derived from a hash of both
//!    signatures and messages).
//!
//! Refusals are typed [`Error`](crate::Error) variants, checked cheapest
//! first: another account ([`Error::WrongAccount`]), outside the validity
//! window ([`Error::CertificateExpired`], [`Error::CertificateNotYetValid`]),
//! a scope not granted ([`Error::WrongScope`]), revoked by the explicit
//! [`RevocationList`] ([`Error::CertificateRevoked`]) or, when the verifier
//! revokes by epoch, issued before the account's last refresh or reshare
//! ([`Error::CertificateEpochRevoked`]), and last the signatures
//! ([`Error::ForgedCertificate`], [`Error::InvalidSessionSignature`]).
//!
//! **Encoding.** Certificates, signed actions and revocation lists use
//! tessera's wire format (`version || suite || kind || body`,
//! [`tessera_core::encoding`]) with the account's suite in the header and
//! the message kinds `0x70` ([`KIND_CERTIFICATE`]), `0x71`
//! ([`KIND_SIGNED_ACTION`]) and `0x72` ([`KIND_REVOCATION_LIST`]) of the
//! wallet's range `0x70..=0x7f`. Decoding is strict: canonical scalars and
//! points, sorted distinct scopes of printable ASCII, a window with
//! `not_before <= not_after`, no trailing byte.
//!
//! **Signatures.** A session key signs Schnorr in its suite (see
//! [`crate::schnorr`]): for Ed25519 these are standard RFC 8032 signatures;
//! for P-256 they are RFC 9591 FROST(P-256, SHA-256) single-signer
//! signatures, not ECDSA (a batched check needs Schnorr equations).
//!
//! [`Error::WrongAccount`]: crate::Error::WrongAccount
//! [`Error::CertificateExpired`]: crate::Error::CertificateExpired
//! [`Error::CertificateNotYetValid`]: crate::Error::CertificateNotYetValid
//! [`Error::WrongScope`]: crate::Error::WrongScope
//! [`Error::CertificateRevoked`]: crate::Error::CertificateRevoked
//! [`Error::CertificateEpochRevoked`]: crate::Error::CertificateEpochRevoked
//! [`Error::ForgedCertificate`]: crate::Error::ForgedCertificate
//! [`Error::InvalidSessionSignature`]: crate::Error::InvalidSessionSignature

mod action;
mod cache;
mod certificate;
mod revocation;
mod verify;

pub use action::SignedAction;
pub use cache::VerifiedCertificates;
pub use certificate::{Certificate, CertificateRequest, Window};
pub use revocation::RevocationList;
pub use verify::Verifier;

use tessera_core::Suite;

use crate::schnorr::SigningKey;

/// Wire kind of a [`Certificate`].
pub const KIND_CERTIFICATE: u8 = 0x70;
/// Wire kind of a [`SignedAction`].
pub const KIND_SIGNED_ACTION: u8 = 0x71;
/// Wire kind of a [`RevocationList`].
pub const KIND_REVOCATION_LIST: u8 = 0x72;

/// The suites a session key may be of: Ed25519 (the signatures devices and
/// browsers make natively) and P-256 (the curve of secure enclaves and
/// passkeys).
pub trait SessionSuite: Suite {}

impl SessionSuite for tessera_core::suites::Ed25519 {}
impl SessionSuite for tessera_core::suites::P256 {}

/// A device's session key: a single Schnorr key of a [`SessionSuite`].
pub type SessionKey<K> = SigningKey<K>;

/// Seconds since the UNIX epoch, from the system clock (0 if the clock is
/// before 1970).
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The longest scope name, in bytes.
pub const MAX_SCOPE_LEN: usize = 64;

/// Checks a scope name: 1 to [`MAX_SCOPE_LEN`] printable ASCII characters
/// without spaces (e.g. `transfer`, `swap:uniswap`).
fn check_scope(scope: &[u8]) -> bool {
    !scope.is_empty() && scope.len() <= MAX_SCOPE_LEN && scope.iter().all(|b| b.is_ascii_graphic())
}
