//! The error type of `tessera-ecdsa`.

use tessera_core::identifier::display_list;
use tessera_core::{Identifier, Suite};
use thiserror::Error;

/// Errors of the pairwise setup and of signing. Every check that fails
/// names the party or the pair it implicates; [`Error::culprits`] collects
/// them. Nothing is signed after an error.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error<S: Suite> {
    /// An error of the core (encoding, identifiers, thresholds).
    #[error(transparent)]
    Core(#[from] tessera_core::Error<S>),
    /// An error of the key packages.
    #[error(transparent)]
    Frost(#[from] tessera_frost::Error<S>),
    /// No pairwise setup with this member: run [`crate::setup`] with it
    /// first (after a reshare, only pairs with a new member need it).
    #[error("no pairwise setup with participant {peer}; run the pairwise setup with it first")]
    MissingSetup {
        /// The member without a setup.
        peer: Identifier<S>,
    },
    /// The member's message names a pairwise setup other than ours: one of
    /// the two holds a stale setup (rerun the pair's setup), or the member
    /// replayed an old message.
    #[error(
        "participant {culprit} used a different pairwise setup; rerun the setup of this pair if it persists"
    )]
    SetupMismatch {
        /// The member whose message names another setup.
        culprit: Identifier<S>,
    },
    /// The OT-extension consistency check (KOS Figure 10) failed on the
    /// member's message: it used inconsistent choice bits.
    #[error("participant {culprit} failed the OT-extension consistency check")]
    OtExtensionCheck {
        /// The cheating OT-extension receiver.
        culprit: Identifier<S>,
    },
    /// The multiplication's consistency check (DKLs23 Protocol 5.2, step 3)
    /// failed on the member's message: it used inconsistent inputs.
    #[error("participant {culprit} failed the multiplication consistency check")]
    MultiplicationCheck {
        /// The cheating multiplication sender.
        culprit: Identifier<S>,
    },
    /// The member's round-2 opening does not match its round-1 commitment.
    #[error("participant {culprit} opened a value that does not match its commitment")]
    CommitmentMismatch {
        /// The member that opened wrongly.
        culprit: Identifier<S>,
    },
    /// The member's nonce point does not match the nonce it multiplied
    /// with (DKLs23 Protocol 3.6, the `Gamma^u` check).
    #[error("participant {culprit} sent a nonce point inconsistent with its multiplication")]
    InconsistentNonce {
        /// The member.
        culprit: Identifier<S>,
    },
    /// The member's public key share does not match the key share it
    /// multiplied with (DKLs23 Protocol 3.6, the `Gamma^v` check).
    #[error("participant {culprit} sent a key share point inconsistent with its multiplication")]
    InconsistentKeyShare {
        /// The member.
        culprit: Identifier<S>,
    },
    /// The public key shares the signers sent do not add up to the group
    /// key. The zero-sharing hides each share's expected value, so one of
    /// the named signers lied, but which one cannot be told.
    #[error(
        "the public key shares of participants {} do not add up to the group key",
        display_list(culprits)
    )]
    KeyShareSum {
        /// Every other signer (one of them is the culprit).
        culprits: Vec<Identifier<S>>,
    },
    /// Two signers saw different nonce points from a third: either the
    /// sender equivocated or the reporting signer lied about what it saw.
    #[error(
        "participants {} disagree on what participant {sender} sent; one of them is cheating",
        display_list(culprits)
    )]
    Equivocation {
        /// The sender whose point is disputed.
        sender: Identifier<S>,
        /// The sender and the signer that reported another value.
        culprits: Vec<Identifier<S>>,
    },
    /// The final signature does not verify. DKLs23 has no check on the last
    /// round's shares: one of the named signers sent a wrong share.
    #[error(
        "the combined signature is invalid: one of participants {} sent a wrong final share",
        display_list(culprits)
    )]
    InvalidSignature {
        /// Every signer whose final share was combined.
        culprits: Vec<Identifier<S>>,
    },
    /// A message from a participant that is not one of the signers, or sent
    /// twice.
    #[error("unexpected message from participant {culprit}")]
    UnexpectedMessage {
        /// The sender.
        culprit: Identifier<S>,
    },
    /// This signer's own message was filed among those received from the
    /// others. A usage error, not misbehaviour: nobody is blamed.
    #[error(
        "the messages received include participant {me}'s own, but this step takes only the other signers' messages: leave out the one from {me}"
    )]
    OwnMessage {
        /// This signer.
        me: Identifier<S>,
    },
    /// A signer sent no message for this round.
    #[error("no message from participant {culprit} in this round")]
    MissingMessage {
        /// The silent signer.
        culprit: Identifier<S>,
    },
    /// A message addressed to another participant, or for another signing
    /// session.
    #[error("participant {culprit} sent a message for another recipient or session")]
    Misrouted {
        /// The sender.
        culprit: Identifier<S>,
    },
    /// This participant is not one of the signers, or the signer set is
    /// smaller than the threshold.
    #[error("invalid signer set: {0}")]
    InvalidSigners(&'static str),
    /// Key material of another key or epoch than the signing session's.
    #[error("key material from a different key or epoch than the signing session")]
    EpochMismatch,
    /// The nonce point or the signature's `s` is zero (probability about
    /// 2^-256): retry with a new session.
    #[error("degenerate signing session (zero nonce or signature value); sign again")]
    Degenerate,
}

impl<S: Suite> Error<S> {
    /// Every participant this error blames, empty when nobody can be named.
    pub fn culprits(&self) -> Vec<Identifier<S>> {
        match self {
            Error::Core(e) => e.culprits(),
            Error::Frost(e) => e.culprits(),
            Error::SetupMismatch { culprit }
            | Error::OtExtensionCheck { culprit }
            | Error::MultiplicationCheck { culprit }
            | Error::CommitmentMismatch { culprit }
            | Error::InconsistentNonce { culprit }
            | Error::InconsistentKeyShare { culprit }
            | Error::UnexpectedMessage { culprit }
            | Error::MissingMessage { culprit }
            | Error::Misrouted { culprit } => vec![*culprit],
            Error::KeyShareSum { culprits }
            | Error::Equivocation { culprits, .. }
            | Error::InvalidSignature { culprits } => culprits.clone(),
            _ => Vec::new(),
        }
    }
}
