//! The error type of `tessera-frost`.

use tessera_core::{Identifier, Suite};
use thiserror::Error;

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
        "invalid signature shares from {}",
        tessera_core::identifier::display_list(culprits)
    )]
    InvalidSignatureShare {
        /// Every participant whose share is invalid.
        culprits: Vec<Identifier<S>>,
    },
    /// A signer in the signing package sent no signature share.
    #[error("no signature share from participant {culprit}")]
    MissingSignatureShare {
        /// The silent signer.
        culprit: Identifier<S>,
    },
    /// A signature share from a participant that is not in the signing package.
    #[error("signature share from participant {culprit}, who is not in the signing package")]
    UnexpectedSignatureShare {
        /// The participant.
        culprit: Identifier<S>,
    },
    /// The signing package does not contain this signer's commitment.
    #[error("the signing package has no commitment for this signer")]
    MissingOwnCommitment,
    /// The signing package holds a commitment for this signer that differs
    /// from the one its nonces produced (refusing protects the nonces).
    #[error("the signing package's commitment for this signer differs from the nonces' commitment")]
    IncorrectCommitment,
    /// The key package and the public key package disagree, or material
    /// does not fit the key (e.g. a verifying share that is not `s G`).
    #[error("key material is inconsistent: {0}")]
    InconsistentKey(&'static str),
    /// Key material or a signing package of another key epoch; nothing was
    /// computed.
    #[error("key material from different epochs")]
    EpochMismatch,
    /// The signature does not verify.
    #[error("invalid signature")]
    InvalidSignature,
    /// Signatures at these positions of a batch do not verify.
    #[error("invalid signatures at batch positions {0:?}")]
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
