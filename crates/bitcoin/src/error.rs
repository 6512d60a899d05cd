//! The error type of `tessera-bitcoin`.
//!
//! BIP 445 distinguishes two kinds of failure: input that breaks a
//! precondition (its `ValueError`s: each has its own variant here) and an
//! invalid contribution from a signer or the coordinator
//! ([`Error::InvalidContribution`], its `InvalidContributionError`), which
//! names the position of the culprit in the input list and, where the
//! signer set is known, its participant id.

use core::fmt;

use tessera_core::{Identifier, Suite};
use thiserror::Error;

use crate::id::ParticipantId;

/// Which message of the protocol was invalid (BIP 445's `contrib`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Contribution {
    /// A signer's public nonce.
    PubNonce,
    /// The coordinator's aggregate nonce.
    AggNonce,
    /// The coordinator's aggregate of the other signers' nonces, given to a
    /// deterministic signer.
    AggOtherNonce,
    /// A signer's partial signature.
    PartialSignature,
}

impl fmt::Display for Contribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Contribution::PubNonce => "public nonce",
            Contribution::AggNonce => "aggregate nonce",
            Contribution::AggOtherNonce => "aggregate nonce of the other signers",
            Contribution::PartialSignature => "partial signature",
        })
    }
}

/// Who sent an invalid contribution: a signer (by position in the input
/// list, and by participant id where the signer set is known) or the
/// coordinator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Blame {
    /// The position of the signer in the input list (BIP 445's
    /// `signer_index`); `None` blames the coordinator, or a value decoded
    /// on its own.
    pub signer_index: Option<usize>,
    /// The signer's participant id, where known.
    pub signer: Option<ParticipantId>,
}

/// Who sent `contribution`, for error messages: the coordinator sends the
/// aggregate nonces, signers the rest.
fn blamed_party(contribution: &Contribution, blame: &Blame) -> String {
    match contribution {
        Contribution::AggNonce | Contribution::AggOtherNonce => "coordinator".to_string(),
        _ => blame.to_string(),
    }
}

impl fmt::Display for Blame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.signer_index, self.signer) {
            (Some(i), Some(id)) => write!(f, "signer at position {i} (participant id {id})"),
            (Some(i), None) => write!(f, "signer at position {i}"),
            (None, Some(id)) => write!(f, "participant id {id}"),
            (None, None) => f.write_str("signer that sent it"),
        }
    }
}

/// Errors of BIP 445 signing, derivation-independent Taproot tweaking and
/// addresses. Misbehaviour names the culprit; [`Error::culprits`] collects
/// the participants named.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error<S: Suite> {
    /// An error of the shared layer: a protocol message from an unexpected
    /// sender, an equivocation, a malformed message or a timeout in a
    /// session run by [`crate::protocol`] (each names the culprit).
    #[error(transparent)]
    Core(#[from] tessera_core::Error<S>),
    /// A signer or the coordinator sent an invalid value (BIP 445's
    /// `InvalidContributionError`).
    #[error(
        "the {contribution} from the {} is invalid; exclude that party and sign again",
        blamed_party(contribution, blame)
    )]
    InvalidContribution {
        /// Which value was invalid.
        contribution: Contribution,
        /// Who sent it.
        blame: Blame,
    },
    /// Partial signatures that fail verification, each signer named; the
    /// aggregate signature was not valid.
    #[error(
        "partial signatures from participant ids {} do not verify; exclude them and sign again",
        ParticipantId::display_list(culprits)
    )]
    InvalidPartialSignatures {
        /// The positions of the failing signers in the signer list.
        signer_indices: Vec<usize>,
        /// Their participant ids.
        culprits: Vec<ParticipantId>,
    },
    /// The threshold is not `1 <= t <= n`.
    #[error("the threshold {t} is not between 1 and the number of participants {n}")]
    InvalidThreshold {
        /// The threshold.
        t: u32,
        /// The number of participants.
        n: u32,
    },
    /// The number of signers is not between `t` and `n`.
    #[error("{u} signers were given, but between {t} and {n} are needed")]
    InvalidSignerCount {
        /// The number of signers.
        u: usize,
        /// The threshold.
        t: u32,
        /// The number of participants.
        n: u32,
    },
    /// Two lists that must have one entry per signer (or per tweak) differ
    /// in length.
    #[error("{what}: {found} entries were given where {expected} are needed")]
    LengthMismatch {
        /// Which list.
        what: &'static str,
        /// The length needed.
        expected: usize,
        /// The length given.
        found: usize,
    },
    /// A participant id is not below `n`.
    #[error(
        "the participant id {id} at position {index} is not below the number of participants {n}"
    )]
    ParticipantIdOutOfRange {
        /// Its position in the list.
        index: usize,
        /// The id.
        id: ParticipantId,
        /// The number of participants.
        n: u32,
    },
    /// A public share in the signers context is not a valid point.
    #[error("the public share at position {index} is not a valid compressed point")]
    InvalidPubshare {
        /// Its position in the list.
        index: usize,
    },
    /// A participant id appears twice in the signer list.
    #[error("participant id {id} appears more than once in the signer list")]
    DuplicateParticipant {
        /// The repeated id.
        id: ParticipantId,
    },
    /// The signers' public shares interpolate to the point at infinity.
    #[error(
        "the signers' public shares interpolate to the point at infinity, not to a threshold key"
    )]
    ThresholdKeyAtInfinity,
    /// The signers' public shares do not interpolate to the threshold
    /// public key.
    #[error(
        "the signers' public shares do not match the threshold public key; check the key material"
    )]
    KeyMaterialMismatch,
    /// A tweak is not 32 bytes long.
    #[error("a tweak must be 32 bytes, not {0}")]
    InvalidTweakLength(usize),
    /// A tweak is not below the group order.
    #[error("the tweak value is not below the group order")]
    TweakOutOfRange,
    /// A tweak maps the threshold key to the point at infinity.
    #[error("the tweak maps the threshold public key to the point at infinity")]
    TweakToInfinity,
    /// A secret nonce half is zero or not below the order: it was used
    /// before, or is corrupt. `half` is 1 or 2.
    #[error("secret nonce value {half} is out of range (was the nonce used already?)")]
    InvalidSecNonce {
        /// Which half (1 or 2).
        half: u8,
    },
    /// The signer's secret share is zero or not below the order.
    #[error("the signer's secret share is zero or out of range")]
    InvalidSecretShare,
    /// The signer's public share is not in the signers context.
    #[error("the signer's public share is not among the signers' public shares")]
    PubshareNotInSigners,
    /// The signer's participant id is not in the signers context.
    #[error("participant id {0} is not in the signer list")]
    SignerNotInSigners(ParticipantId),
    /// The signer's public share is in the list, but at another signer's
    /// position.
    #[error("the signer's public share is listed for another participant than id {0}")]
    PubshareMisplaced(ParticipantId),
    /// A signer index is not a position in the signer list.
    #[error("signer position {index} is out of range for {u} signers")]
    SignerIndexOutOfRange {
        /// The index.
        index: usize,
        /// The number of signers.
        u: usize,
    },
    /// A tessera identifier is not `id + 1` for a 32-bit BIP 445
    /// participant id (e.g. an identifier derived from a name).
    #[error(
        "participant {culprit} has no BIP 445 participant id (identifiers must be the integers 1 to 2^32)"
    )]
    UnmappableIdentifier {
        /// The identifier.
        culprit: Identifier<S>,
    },
    /// A participant is not in the public key package.
    #[error("participant {culprit} is not in the public key package")]
    UnknownParticipant {
        /// The identifier.
        culprit: Identifier<S>,
    },
    /// Key material or a signing request of another key epoch; nothing was
    /// computed.
    #[error("the key material and the signing session belong to different key epochs")]
    EpochMismatch,
    /// The public nonces do not aggregate to the session's aggregate nonce.
    #[error("the public nonces do not aggregate to the session's aggregate nonce")]
    AggNonceMismatch,
    /// The partial signature just computed does not verify: a computation
    /// fault; it was not released.
    #[error("the partial signature just computed does not verify; it was withheld")]
    SelfCheckFailed,
    /// A hash landed on zero, which happens with negligible probability.
    #[error("a hash value was zero (negligible probability); retry with other inputs")]
    ZeroHash,
    /// An auxiliary input is longer than its 32-bit length prefix allows.
    #[error("the extra input is longer than 2^32 - 1 bytes")]
    ExtraInputTooLong,
    /// A BIP-340 signature does not verify.
    #[error("the BIP-340 signature does not verify under this key and message")]
    InvalidSignature,
    /// An x-only public key or a Taproot output key is invalid.
    #[error("invalid x-only public key: {0}")]
    InvalidXonlyKey(&'static str),
    /// An address could not be encoded or decoded.
    #[error("invalid address: {0}")]
    InvalidAddress(String),
}

impl<S: Suite> Error<S> {
    /// Every participant this error blames, as tessera identifiers (BIP 445
    /// id + 1); empty when nobody can be named (or only a list position).
    pub fn culprits(&self) -> Vec<Identifier<S>> {
        match self {
            Error::Core(e) => e.culprits(),
            Error::InvalidContribution { blame, .. } => blame
                .signer
                .iter()
                .filter_map(|id| id.to_identifier())
                .collect(),
            Error::InvalidPartialSignatures { culprits, .. } => culprits
                .iter()
                .filter_map(|id| id.to_identifier())
                .collect(),
            Error::UnmappableIdentifier { culprit } | Error::UnknownParticipant { culprit } => {
                vec![*culprit]
            }
            _ => Vec::new(),
        }
    }

    /// A contribution error with the given blame.
    pub(crate) fn contribution(
        contribution: Contribution,
        signer_index: Option<usize>,
        signer: Option<ParticipantId>,
    ) -> Self {
        Error::InvalidContribution {
            contribution,
            blame: Blame {
                signer_index,
                signer,
            },
        }
    }
}
