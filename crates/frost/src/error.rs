//! The error type of `tessera-frost`.

use tessera_core::identifier::display_participants;
use tessera_core::{Identifier, Suite};
use thiserror::Error;

/// Batch positions as `0, 3, 5`.
fn positions(positions: &[usize]) -> String {
    positions
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Errors of FROST signing. Variants that can be blamed on participants
/// name them; [`Error::culprits`] collects them.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error<S: Suite> {
    /// An error of the core (encoding, identifiers, thresholds).
    #[error(transparent)]
    Core(#[from] tessera_core::Error<S>),
    /// Signature shares that fail RFC 9591 §5.4 verification.
    #[error(
        "{} sent {} that {} RFC 9591 verification",
        display_participants(culprits),
        if culprits.len() == 1 { "a signature share" } else { "signature shares" },
        if culprits.len() == 1 { "fails" } else { "fail" }
    )]
    InvalidSignatureShare {
        /// Every participant whose share is invalid.
        culprits: Vec<Identifier<S>>,
    },
    /// A signer in the signing package sent no signature share.
    #[error("participant {culprit} is in the signing package but sent no signature share")]
    MissingSignatureShare {
        /// The silent signer.
        culprit: Identifier<S>,
    },
    /// A signature share from a participant that is not in the signing package.
    #[error("participant {culprit} sent a signature share but is not in the signing package")]
    UnexpectedSignatureShare {
        /// The participant.
        culprit: Identifier<S>,
    },
    /// The signing package does not contain this signer's commitment.
    #[error(
        "the signing package has no commitment from this signer: the coordinator must include the signer's round-1 commitment, or leave the signer out"
    )]
    MissingOwnCommitment,
    /// The signing package holds a commitment for this signer that differs
    /// from the one its nonces produced (refusing protects the nonces).
    #[error(
        "the signing package holds another commitment for this signer than its nonces made; the signer refuses, so that its nonces stay safe"
    )]
    IncorrectCommitment,
    /// The key package and the public key package disagree, or material
    /// does not fit the key (e.g. a verifying share that is not `s G`).
    #[error("the key material is inconsistent: {0}")]
    InconsistentKey(&'static str),
    /// Key material or a signing package of another key epoch; nothing was
    /// computed.
    #[error(
        "the key material or signing package belongs to another key epoch (another sharing of the key); nothing was computed"
    )]
    EpochMismatch,
    /// The signature does not verify.
    #[error(
        "the signature does not verify for this message under this {} key",
        S::NAME
    )]
    InvalidSignature,
    /// Signatures at these positions of a batch do not verify.
    #[error(
        "the {} at batch {} {} not verify",
        if .0.len() == 1 { "signature" } else { "signatures" },
        if .0.len() == 1 { "position" } else { "positions" },
        if .0.len() == 1 { format!("{} does", positions(.0)) } else { format!("{} do", positions(.0)) }
    )]
    InvalidSignatures(Vec<usize>),
}

impl<S: Suite> Error<S> {
    /// Every participant this error blames, empty when nobody can be named.
    pub fn culprits(&self) -> Vec<Identifier<S>> {
        match self {
            Error::Core(e) => e.culprits(),
            Error::InvalidSignatureShare { culprits } => culprits.clone(),
            Error::MissingSignatureShare { culprit }
            | Error::UnexpectedSignatureShare { culprit } => {
                vec![*culprit]
            }
            _ => Vec::new(),
        }
    }
}
