//! The error type of `tessera-wallet`.

use tessera_core::tags::SuiteTag;
use tessera_core::{Identifier, Suite};
use tessera_frost::Epoch;
use thiserror::Error;

/// Errors of the wallet: its flows, session certificates, the share store,
/// multisig and weighted keys. Protocol failures keep the error of the
/// layer that found them, which names the culprits
/// ([`Error::culprits`]).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error<S: Suite> {
    /// A key-management protocol failed (names culprits where it can).
    #[error(transparent)]
    Keys(#[from] tessera_keys::Error<S>),
    /// Signing failed (names culprits where it can).
    #[error(transparent)]
    Frost(#[from] tessera_frost::Error<S>),
    /// Threshold ECDSA failed (names culprits where it can).
    #[error(transparent)]
    Ecdsa(#[from] tessera_ecdsa::Error<S>),
    /// A role name that is not a member of the account.
    #[error("the account has no member named {0:?}")]
    UnknownRole(String),
    /// A role name that is already a member of the account.
    #[error("the account already has a member named {0:?}")]
    DuplicateRole(String),

    // --- weighted keys and multisig ---
    /// The members given do not carry enough weight to sign.
    #[error(
        "the members given carry a weight of {have}, but {need} is needed to sign; add members with more weight"
    )]
    NotEnoughWeight {
        /// The weight of the members given.
        have: u32,
        /// The weight threshold.
        need: u32,
    },
    /// A weight or weight threshold that cannot be used.
    #[error("the weight configuration is not usable: {0}")]
    InvalidWeights(&'static str),
    /// A multisig signature part whose signature does not verify.
    #[error("the signature of multisig member {0:?} does not verify")]
    InvalidMemberSignature(String),
    /// A multisig signature for another configuration than the wallet's.
    #[error(
        "the multisig signature is for another key configuration (image hash differs): the wallet's keys or weights changed"
    )]
    WrongConfiguration,

    // --- session certificates ---
    /// The certificate's validity window ended.
    #[error("the session certificate expired at {not_after} (now {now}); issue a new one")]
    CertificateExpired {
        /// The end of the window, in seconds since the UNIX epoch.
        not_after: u64,
        /// The verifier's time.
        now: u64,
    },
    /// The certificate's validity window has not started.
    #[error("the session certificate is valid only from {not_before} (now {now})")]
    CertificateNotYetValid {
        /// The start of the window, in seconds since the UNIX epoch.
        not_before: u64,
        /// The verifier's time.
        now: u64,
    },
    /// The certificate is on the revocation list.
    #[error("the session certificate {id} is revoked (it is on the revocation list)")]
    CertificateRevoked {
        /// The certificate's id in hex.
        id: String,
    },
    /// The certificate was issued under an earlier key epoch, and the
    /// verifier revokes certificates by epoch (the key was refreshed or
    /// reshared since).
    #[error(
        "the session certificate was issued under key epoch {issued}, but the account is now at epoch {current}: certificates are revoked by refresh; issue a new one"
    )]
    CertificateEpochRevoked {
        /// The epoch the certificate names.
        issued: Epoch,
        /// The account's current epoch.
        current: Epoch,
    },
    /// The certificate binds another account's key.
    #[error("the session certificate belongs to account {found}, not to account {expected}")]
    WrongAccount {
        /// The account key expected, hex.
        expected: String,
        /// The account key in the certificate, hex.
        found: String,
    },
    /// The action's scope is not granted by the certificate.
    #[error(
        "the session certificate does not grant scope {requested:?} (it grants {})",
        granted.join(", ")
    )]
    WrongScope {
        /// The scope the action needs.
        requested: String,
        /// The scopes the certificate grants.
        granted: Vec<String>,
    },
    /// The account's threshold signature on the certificate does not verify.
    #[error("the session certificate is forged: the account's signature on it does not verify")]
    ForgedCertificate,
    /// The session key's signature on the action does not verify.
    #[error("the action's session signature does not verify under the certified session key")]
    InvalidSessionSignature,
    /// The certificate is for a session key of another suite.
    #[error(
        "the session key is of suite {}, but suite {} was expected",
        SuiteTag(*found),
        SuiteTag(*expected)
    )]
    SessionSuiteMismatch {
        /// The suite tag found.
        found: u8,
        /// The suite tag expected.
        expected: u8,
    },
    /// A session certificate or action that is well encoded but not
    /// meaningful.
    #[error("the session certificate is malformed: {0}")]
    InvalidCertificate(&'static str),
    /// A value of the session key's suite did not decode.
    #[error("a session-key value did not decode: {0}")]
    SessionEncoding(String),

    // --- the share store ---
    /// The file is not a tessera share store.
    #[error("the file is not a tessera share store (its magic bytes differ)")]
    NotAStore,
    /// The file is shorter than its header says.
    #[error(
        "the store file is truncated: it has {len} bytes, but {expected} are needed; restore it from a backup"
    )]
    StoreTruncated {
        /// The file's length.
        len: usize,
        /// The length it should have (at least).
        expected: usize,
    },
    /// The file is longer than its header says.
    #[error("the store file has {count} unexpected bytes after its end")]
    StoreTrailingBytes {
        /// How many bytes follow the ciphertext.
        count: usize,
    },
    /// The file is in a store format version this build does not read.
    #[error(
        "the store file is in format version {found}, but this build reads only version {expected}"
    )]
    StoreVersion {
        /// The version in the file.
        found: u8,
        /// The version this build reads.
        expected: u8,
    },
    /// The file holds a key of another suite.
    #[error(
        "the store file holds a key of suite {}, but suite {} was expected",
        SuiteTag(*found),
        SuiteTag(*expected)
    )]
    StoreSuite {
        /// The suite tag in the file.
        found: u8,
        /// The suite tag expected.
        expected: u8,
    },
    /// The header's checksum does not match: a header byte changed.
    #[error("the store file's header is corrupted (its checksum does not match)")]
    StoreHeaderCorrupted,
    /// Key-derivation parameters out of the range this build accepts.
    #[error("the store's Argon2id parameters are not acceptable: {0}")]
    StoreKdfParams(String),
    /// The password does not open the file.
    #[error("wrong password: the password does not open this store file")]
    WrongPassword,
    /// The password is right, but the ciphertext does not authenticate.
    #[error(
        "the store file was tampered with or damaged: its contents do not authenticate under the right password"
    )]
    StoreTampered,
    /// Reading or writing a file failed.
    #[error("cannot {action} {path}: {message}")]
    Io {
        /// What was attempted ("read", "write", ...).
        action: &'static str,
        /// The file.
        path: String,
        /// The kind of I/O error.
        kind: std::io::ErrorKind,
        /// The I/O error's message.
        message: String,
    },
    /// No password could be obtained.
    #[error("no password: {0}")]
    Password(String),

    /// A member listed twice among the signers of one signature.
    #[error("member {0:?} is listed twice among the signers; list each signer once")]
    DuplicateSigner(String),
}

impl<S: Suite> From<tessera_core::Error<S>> for Error<S> {
    fn from(e: tessera_core::Error<S>) -> Self {
        Error::Keys(e.into())
    }
}

impl<S: Suite> Error<S> {
    /// Every participant this error blames, empty when nobody can be named.
    pub fn culprits(&self) -> Vec<Identifier<S>> {
        match self {
            Error::Keys(e) => e.culprits(),
            Error::Frost(e) => e.culprits(),
            Error::Ecdsa(e) => e.culprits(),
            _ => Vec::new(),
        }
    }

    /// An I/O error on `path`.
    pub(crate) fn io(action: &'static str, path: &std::path::Path, e: &std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.display().to_string(),
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}
