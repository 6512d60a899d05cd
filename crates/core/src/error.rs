//! The one error type of `tessera-core`.

use thiserror::Error;

use crate::identifier::{Identifier, display_participants};
use crate::suite::Suite;
use crate::tags::{KindTag, SuiteTag};

/// Why a point encoding was rejected. Each class of malformed input has its
/// own variant so callers and tests can tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PointError {
    /// The bytes are not the encoding of any curve point (off-curve, bad tag,
    /// coordinate out of range).
    #[error("the bytes do not encode a point of the curve")]
    Invalid,
    /// The bytes decode, but are not the canonical encoding of the point.
    #[error("the point is not in its canonical encoding")]
    NonCanonical,
    /// The point is the group identity, which RFC 9591 rejects everywhere.
    #[error("the point is the identity element, which no key, commitment or nonce may be")]
    Identity,
    /// The point has a small-order component (Ed25519 only).
    #[error("the point has a small-order component: it is not in the prime-order subgroup")]
    NotInSubgroup,
}

/// Errors of the generic core. Variants that can be blamed on a participant
/// carry its identifier (`culprit`) or every such identifier (`culprits`).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error<S: Suite> {
    /// A scalar encoding is `>=` the group order or of the wrong length.
    #[error(
        "a scalar is not in its canonical encoding: it must be {} bytes and below the group order of {}",
        S::SCALAR_LEN,
        S::NAME
    )]
    NonCanonicalScalar,
    /// A point encoding was rejected.
    #[error("a point of suite {suite} was rejected: {0}", suite = S::NAME)]
    InvalidPoint(#[from] PointError),
    /// An identifier decoded to zero, which cannot identify a participant.
    #[error("an identifier is zero, which cannot identify a participant")]
    ZeroIdentifier,
    /// The input ended before a complete value was read.
    #[error(
        "the input ended early: {needed} more {} needed to decode the value",
        if *needed == 1 { "byte was" } else { "bytes were" }
    )]
    UnexpectedEnd {
        /// How many more bytes were needed.
        needed: usize,
    },
    /// Bytes remained after a complete value was decoded.
    #[error(
        "{count} {} the encoded value; a message must hold exactly one value",
        if *count == 1 { "byte follows" } else { "bytes follow" }
    )]
    TrailingBytes {
        /// How many bytes were left over.
        count: usize,
    },
    /// The header names another wire-format version.
    #[error(
        "the message is in wire-format version {found}, but this build reads only version {expected}"
    )]
    UnsupportedVersion {
        /// The version in the header.
        found: u8,
        /// The version this build reads.
        expected: u8,
    },
    /// The header names another suite.
    #[error(
        "the message is encoded for suite {}, but it is being decoded as suite {}",
        SuiteTag(*found),
        SuiteTag(*expected)
    )]
    SuiteMismatch {
        /// The suite tag in the header.
        found: u8,
        /// The suite tag of the type being decoded.
        expected: u8,
    },
    /// The header names another message type.
    #[error(
        "the message is of kind {}, but kind {} was expected",
        KindTag(*found),
        KindTag(*expected)
    )]
    KindMismatch {
        /// The kind tag in the header.
        found: u8,
        /// The kind tag of the type being decoded.
        expected: u8,
    },
    /// A length or count field is out of the range the format allows.
    #[error(
        "a length or count field holds {0}, which is zero where that is not allowed or more than the input can hold"
    )]
    InvalidLength(usize),
    /// The threshold `t` and number of participants `n` do not satisfy
    /// `1 <= t <= n <= 65535` (or the protocol's own stricter bound).
    #[error(
        "the threshold {} is not allowed: it needs 1 <= t <= n <= 65535, and t >= 2 for signing keys",
        if *n == 0 { format!("{t}") } else { format!("{t}-of-{n}") }
    )]
    InvalidThreshold {
        /// The threshold.
        t: usize,
        /// The number of participants.
        n: usize,
    },
    /// Fewer participants than the threshold requires.
    #[error("{got} participants were given, but at least {needed} are needed")]
    TooFewParticipants {
        /// The threshold.
        needed: usize,
        /// How many were given.
        got: usize,
    },
    /// The same identifier appears twice.
    #[error("participant {culprit} appears more than once; each participant may appear only once")]
    DuplicateParticipant {
        /// The repeated identifier.
        culprit: Identifier<S>,
    },
    /// A list that must be sorted by identifier (a canonical encoding of a
    /// map) is not; `culprit` is the first identifier out of order.
    #[error(
        "participant {culprit} is out of order: the list must be sorted by increasing identifier"
    )]
    UnsortedParticipants {
        /// The first identifier out of order.
        culprit: Identifier<S>,
    },
    /// An identifier is not one of the participants this operation knows.
    #[error("participant {culprit} is not one of the participants of this operation")]
    UnknownParticipant {
        /// The unknown identifier.
        culprit: Identifier<S>,
    },
    /// Shares that do not match their Feldman commitment; every failing
    /// share is named.
    #[error(
        "the {} of {} not match the Feldman commitment",
        if culprits.len() == 1 { "share" } else { "shares" },
        if culprits.len() == 1 {
            format!("{} does", display_participants(culprits))
        } else {
            format!("{} do", display_participants(culprits))
        }
    )]
    InvalidShares {
        /// The participants whose shares failed verification.
        culprits: Vec<Identifier<S>>,
    },
    /// A commitment does not have the length the threshold requires.
    #[error(
        "the commitment of participant {culprit} has {found} coefficients, but the threshold requires {expected}"
    )]
    WrongCommitmentLength {
        /// Whose commitment.
        culprit: Identifier<S>,
        /// Coefficients found.
        found: usize,
        /// Coefficients expected (the threshold).
        expected: usize,
    },
    /// A reconstructed or supplied secret does not match the public key.
    #[error("the secret does not match the public key: a share or the key material is wrong")]
    PublicKeyMismatch,
    /// Verifying shares and a group key that do not lie on one polynomial
    /// of degree `t - 1` (a corrupt or forged public key package: its
    /// shares would not interpolate to its key).
    #[error(
        "the verifying shares and the group key do not lie on one polynomial of degree t-1: the public key package is corrupt or forged"
    )]
    InconsistentVerifyingShares,
    /// A protocol message this participant does not expect from its
    /// sender: the sender is not one of those who send in that round, the
    /// round does not exist, or the message came privately where a
    /// broadcast was expected (or the reverse). See [`crate::protocol`].
    #[error(
        "participant {culprit} sent a {delivery} message for round {round}, which this participant does not expect from it"
    )]
    UnexpectedMessage {
        /// The sender.
        culprit: Identifier<S>,
        /// The round the message claims.
        round: u16,
        /// How it was delivered.
        delivery: crate::protocol::Delivery,
    },
    /// A participant sent two different messages for the same round (and
    /// the same kind of delivery): it equivocated. Identical copies are
    /// ignored, never reported.
    #[error(
        "participant {culprit} sent two different messages for round {round}: it equivocated, so its messages cannot be trusted"
    )]
    Equivocation {
        /// The sender.
        culprit: Identifier<S>,
        /// The round.
        round: u16,
    },
    /// A participant's protocol message does not decode as the message
    /// that round expects.
    #[error(
        "participant {culprit} sent a round-{round} message that does not decode: {}",
        describe(reason)
    )]
    MalformedMessage {
        /// The sender.
        culprit: Identifier<S>,
        /// The round.
        round: u16,
        /// Why decoding failed.
        reason: Box<Error<S>>,
    },
    /// A message contradicts what the participants agreed before the
    /// session started (another message to sign, other signers, other
    /// tweaks): its sender is refused.
    #[error(
        "participant {culprit} sent a message for another session: its {what} differs from the one agreed"
    )]
    WrongSession {
        /// The sender.
        culprit: Identifier<S>,
        /// What differs.
        what: &'static str,
    },
    /// Participants sent nothing for a round in the time a runner allowed
    /// (or, in an in-memory run, before every message was delivered).
    #[error(
        "{} sent no message for round {round} in time; the session cannot finish without {}",
        display_participants(culprits),
        if culprits.len() == 1 { "it" } else { "them" }
    )]
    Timeout {
        /// The round waited for.
        round: u16,
        /// Every participant whose message is missing.
        culprits: Vec<Identifier<S>>,
    },
}

/// The message of a nested error.
fn describe<S: Suite>(error: &Error<S>) -> String {
    error.to_string()
}

impl<S: Suite> Error<S> {
    /// Every participant this error blames, empty when nobody can be named.
    pub fn culprits(&self) -> Vec<Identifier<S>> {
        match self {
            Error::DuplicateParticipant { culprit }
            | Error::UnknownParticipant { culprit }
            | Error::WrongCommitmentLength { culprit, .. }
            | Error::UnexpectedMessage { culprit, .. }
            | Error::Equivocation { culprit, .. }
            | Error::MalformedMessage { culprit, .. }
            | Error::WrongSession { culprit, .. } => vec![*culprit],
            Error::InvalidShares { culprits } | Error::Timeout { culprits, .. } => culprits.clone(),
            _ => Vec::new(),
        }
    }
}
