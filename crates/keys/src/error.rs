//! The error type of `tessera-keys`.

use tessera_core::identifier::display_participants;
use tessera_core::{Identifier, Suite};
use thiserror::Error;

/// Errors of key generation and the key lifecycle. Misbehaviour names the
/// participants responsible; [`Error::culprits`] collects them.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error<S: Suite> {
    /// An error of the core (encoding, identifiers, thresholds, shares).
    #[error(transparent)]
    Core(#[from] tessera_core::Error<S>),
    /// An error of the signing layer (key packages).
    #[error(transparent)]
    Frost(#[from] tessera_frost::Error<S>),
    /// Participants whose messages failed verification: a broadcast
    /// commitment that fails its check (a DKG proof of knowledge, a reshare
    /// or repair constant term), or a private share that does not match its
    /// sender's commitment. Every failing participant is named.
    #[error("{}", misbehaviour(invalid_commitments, invalid_shares))]
    Misbehaviour {
        /// Senders whose broadcast commitment failed its check.
        invalid_commitments: Vec<Identifier<S>>,
        /// Senders whose private share to this participant failed verification.
        invalid_shares: Vec<Identifier<S>>,
    },
    /// A participant expected to send a message sent none.
    #[error("participant {culprit} sent no message, but this step needs one from it")]
    MissingParticipant {
        /// The silent participant.
        culprit: Identifier<S>,
    },
    /// A participant sent a message addressed to someone else.
    #[error(
        "the message received from participant {culprit} is marked as sent by someone else or addressed to another participant"
    )]
    WrongRecipient {
        /// The sender.
        culprit: Identifier<S>,
    },
    /// Key material from different key epochs (or different keys) was
    /// combined; nothing was computed.
    #[error(
        "key material or messages of another key epoch (another sharing of the key) were given; nothing was computed"
    )]
    EpochMismatch,
    /// A participant sent a message of another key epoch (a stale or
    /// replayed message, or one of another key), or its key package given
    /// to [`crate::reconstruct::reconstruct`] is of another epoch or key.
    #[error(
        "the message or key package from participant {culprit} belongs to another key epoch (a stale or replayed message, or another key); nothing was computed"
    )]
    WrongEpoch {
        /// The sender.
        culprit: Identifier<S>,
    },
    /// A participant sent a repair message for another repair target.
    #[error(
        "the repair message from participant {culprit} is for another target than this repair's; nothing was computed"
    )]
    WrongTarget {
        /// The sender.
        culprit: Identifier<S>,
    },
    /// The reshare dealers' broadcasts each pass their own checks but
    /// cancel out when summed (a coefficient or a new verifying share is
    /// the identity): some dealer committed to a polynomial it does not
    /// know. Without the sub-shares nobody can be named; each new member's
    /// [`crate::reshare::receive`] checks its sub-shares first and names it.
    #[error(
        "the reshare dealers' commitments cancel each other out: a dealer committed to a polynomial it does not know; the new members' sub-share checks name it"
    )]
    CancellingDealings,
    /// The native key bytes are not a valid key for this suite.
    #[error("the native key is not a valid {suite} private key: {0}", suite = S::NAME)]
    InvalidNativeKey(&'static str),
    /// A hardened derivation index: threshold keys derive only
    /// non-hardened children, which need no private key.
    #[error(
        "derivation index {index} is hardened (at least 2^31); threshold keys derive only non-hardened children"
    )]
    HardenedDerivation {
        /// The index.
        index: u32,
    },
    /// The child at this index is invalid (probability below 2^-127);
    /// BIP-32 says to use the next index.
    #[error("the child key at derivation index {index} is invalid; use the next index")]
    InvalidChild {
        /// The index.
        index: u32,
    },
    /// The extended public key is not the one of this key's group key.
    #[error("the extended public key belongs to another key than the key package")]
    ExtendedKeyMismatch,
    /// An extended public key string or its fields are invalid.
    #[error("invalid extended public key: {0}")]
    InvalidExtendedKey(&'static str),
    /// This participant's own message was passed among those received from
    /// the others (e.g. its own round-1 package to [`crate::dkg::part2`]).
    /// A usage error, not misbehaviour: nobody is blamed.
    #[error(
        "the messages received include participant {me}'s own, but this step takes only the other participants' messages: leave out the one from {me}"
    )]
    OwnMessage {
        /// This participant.
        me: Identifier<S>,
    },
    /// A repair's target is also one of its helpers: the helpers must be
    /// other holders of the key. A usage error: nobody is blamed.
    #[error(
        "participant {target} is both the target of the repair and one of its helpers; the helpers must be other participants"
    )]
    TargetIsHelper {
        /// The target.
        target: Identifier<S>,
    },
}

/// The message of [`Error::Misbehaviour`]: who sent what that failed.
fn misbehaviour<S: Suite>(commitments: &[Identifier<S>], shares: &[Identifier<S>]) -> String {
    let part = |ids: &[Identifier<S>], one: &str, many: &str| {
        (!ids.is_empty()).then(|| {
            format!(
                "{} sent {}",
                display_participants(ids),
                if ids.len() == 1 { one } else { many }
            )
        })
    };
    let parts: Vec<String> = [
        part(
            commitments,
            "a commitment or proof that fails its check",
            "commitments or proofs that fail their checks",
        ),
        part(
            shares,
            "a share that does not match the sender's commitment",
            "shares that do not match the senders' commitments",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "a check failed, but no participant could be named".to_owned()
    } else {
        parts.join("; ")
    }
}

impl<S: Suite> Error<S> {
    /// Every participant this error blames, empty when nobody can be named.
    pub fn culprits(&self) -> Vec<Identifier<S>> {
        match self {
            Error::Core(e) => e.culprits(),
            Error::Frost(e) => e.culprits(),
            Error::Misbehaviour {
                invalid_commitments,
                invalid_shares,
            } => {
                let mut all: Vec<_> = invalid_commitments
                    .iter()
                    .chain(invalid_shares)
                    .copied()
                    .collect();
                all.sort();
                all.dedup();
                all
            }
            Error::MissingParticipant { culprit }
            | Error::WrongRecipient { culprit }
            | Error::WrongEpoch { culprit }
            | Error::WrongTarget { culprit } => vec![*culprit],
            _ => Vec::new(),
        }
    }
}
