//! The one error type of `tessera-core`.

use thiserror::Error;

use crate::identifier::Identifier;
use crate::suite::Suite;

/// Why a point encoding was rejected. Each class of malformed input has its
/// own variant so callers and tests can tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PointError {
    /// The bytes are not the encoding of any curve point (off-curve, bad tag,
    /// coordinate out of range).
    #[error("bytes do not encode a curve point")]
    Invalid,
    /// The bytes decode, but are not the canonical encoding of the point.
    #[error("point encoding is not canonical")]
    NonCanonical,
    /// The point is the group identity, which RFC 9591 rejects everywhere.
    #[error("point is the identity")]
    Identity,
    /// The point has a small-order component (Ed25519 only).
    #[error("point is not in the prime-order subgroup")]
    NotInSubgroup,
}

/// Errors of the generic core. Variants that can be blamed on a participant
/// carry its identifier (`culprit`) or every such identifier (`culprits`).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error<S: Suite> {
    /// A scalar encoding is `>=` the group order or of the wrong length.
    #[error("scalar encoding is not canonical")]
    NonCanonicalScalar,
    /// A point encoding was rejected.
    #[error("invalid point: {0}")]
    InvalidPoint(#[from] PointError),
    /// An identifier decoded to zero, which cannot identify a participant.
    #[error("identifier is zero")]
    ZeroIdentifier,
    /// The input ended before a complete value was read.
    #[error("input too short: needed {needed} more bytes")]
    UnexpectedEnd {
        /// How many more bytes were needed.
        needed: usize,
    },
    /// Bytes remained after a complete value was decoded.
    #[error("{count} trailing bytes after the encoded value")]
    TrailingBytes {
        /// How many bytes were left over.
        count: usize,
    },
    /// The header names another wire-format version.
    #[error("unsupported format version {found} (expected {expected})")]
    UnsupportedVersion {
        /// The version in the header.
        found: u8,
        /// The version this build reads.
        expected: u8,
    },
    /// The header names another suite.
    #[error("suite mismatch: encoded for suite {found}, decoding as {expected}")]
    SuiteMismatch {
        /// The suite tag in the header.
        found: u8,
        /// The suite tag of the type being decoded.
        expected: u8,
    },
    /// The header names another message type.
    #[error("message kind mismatch: found {found:#04x}, expected {expected:#04x}")]
    KindMismatch {
        /// The kind tag in the header.
        found: u8,
        /// The kind tag of the type being decoded.
        expected: u8,
    },
    /// A length or count field is out of the range the format allows.
    #[error("invalid length field: {0}")]
    InvalidLength(usize),
    /// The threshold `t` and number of participants `n` do not satisfy
    /// `1 <= t <= n <= 65535` (or the protocol's own stricter bound).
    #[error("invalid threshold {t}-of-{n}")]
    InvalidThreshold {
        /// The threshold.
        t: usize,
        /// The number of participants.
        n: usize,
    },
    /// Fewer participants than the threshold requires.
    #[error("need at least {needed} participants, got {got}")]
    TooFewParticipants {
        /// The threshold.
        needed: usize,
        /// How many were given.
        got: usize,
    },
    /// The same identifier appears twice.
    #[error("participant {culprit} appears more than once")]
    DuplicateParticipant {
        /// The repeated identifier.
        culprit: Identifier<S>,
    },
    /// A list that must be sorted by identifier (a canonical encoding of a
    /// map) is not; `culprit` is the first identifier out of order.
    #[error("participant {culprit} is out of order")]
    UnsortedParticipants {
        /// The first identifier out of order.
        culprit: Identifier<S>,
    },
    /// An identifier is not one of the participants this operation knows.
    #[error("participant {culprit} is unknown")]
    UnknownParticipant {
        /// The unknown identifier.
        culprit: Identifier<S>,
    },
    /// Shares that do not match their Feldman commitment; every failing
    /// share is named.
    #[error(
        "invalid shares from or for participants {}",
        crate::identifier::display_list(culprits)
    )]
    InvalidShares {
        /// The participants whose shares failed verification.
        culprits: Vec<Identifier<S>>,
    },
    /// A commitment does not have the length the threshold requires.
    #[error("commitment of participant {culprit} has {found} coefficients, expected {expected}")]
    WrongCommitmentLength {
        /// Whose commitment.
        culprit: Identifier<S>,
        /// Coefficients found.
        found: usize,
        /// Coefficients expected (the threshold).
        expected: usize,
    },
    /// A reconstructed or supplied secret does not match the public key.
    #[error("secret does not match the public key")]
    PublicKeyMismatch,
}

impl<S: Suite> Error<S> {
    /// Every participant this error blames, empty when nobody can be named.
    pub fn culprits(&self) -> Vec<Identifier<S>> {
        match self {
            Error::DuplicateParticipant { culprit }
            | Error::UnknownParticipant { culprit }
            | Error::WrongCommitmentLength { culprit, .. } => vec![*culprit],
            Error::InvalidShares { culprits } => culprits.clone(),
            _ => Vec::new(),
        }
    }
}
