//! The error type of `tessera-keys`.

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
    #[error(
        "misbehaving participants: invalid commitments from [{}], invalid shares from [{}]",
        tessera_core::identifier::display_list(invalid_commitments),
        tessera_core::identifier::display_list(invalid_shares)
    )]
    Misbehaviour {
        /// Senders whose broadcast commitment failed its check.
        invalid_commitments: Vec<Identifier<S>>,
        /// Senders whose private share to this participant failed verification.
        invalid_shares: Vec<Identifier<S>>,
    },
    /// A participant expected to send a message sent none.
    #[error("no message from participant {culprit}")]
    MissingParticipant {
        /// The silent participant.
        culprit: Identifier<S>,
    },
    /// A participant sent a message addressed to someone else.
    #[error("message from participant {culprit} is addressed to another participant")]
    WrongRecipient {
        /// The sender.
        culprit: Identifier<S>,
    },
    /// Key material from different key epochs (or different keys) was
    /// combined; nothing was computed.
    #[error("key material from different epochs")]
    EpochMismatch,
    /// The native key bytes are not a valid key for this suite.
    #[error("invalid native key: {0}")]
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
            Error::MissingParticipant { culprit } | Error::WrongRecipient { culprit } => {
                vec![*culprit]
            }
            _ => Vec::new(),
        }
    }
}
