//! The error type of `tessera-wallet`.

use tessera_core::Suite;
use thiserror::Error;

/// Errors of the wallet flows.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error<S: Suite> {
    /// A key-management protocol failed (names culprits where it can).
    #[error(transparent)]
    Keys(#[from] tessera_keys::Error<S>),
    /// Signing failed (names culprits where it can).
    #[error(transparent)]
    Frost(#[from] tessera_frost::Error<S>),
    /// A role name that is not a member of the account.
    #[error("the account has no member named {0:?}")]
    UnknownRole(String),
    /// A role name that is already a member of the account.
    #[error("the account already has a member named {0:?}")]
    DuplicateRole(String),
    /// A member listed twice among the signers of one signature.
    #[error("member {0:?} is listed twice among the signers; list each signer once")]
    DuplicateSigner(String),
}

impl<S: Suite> From<tessera_core::Error<S>> for Error<S> {
    fn from(e: tessera_core::Error<S>) -> Self {
        Error::Keys(e.into())
    }
}
