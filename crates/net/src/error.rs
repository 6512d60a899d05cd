//! The errors of a party on the network: its protocol's own error, or what
//! the network layer found (a round that timed out, a sender that
//! equivocated, a transport that failed, a bad identity file).

use core::fmt;

use tessera_core::identifier::display_participants;
use tessera_core::{Identifier, Suite};

/// What went wrong running a party over a network. `E` is the protocol's
/// error ([`tessera_core::protocol::Protocol::Error`]); the network layer's
/// own cases name the parties responsible where they can be named
/// ([`Error::culprits`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<S: Suite, E: fmt::Display = tessera_core::Error<S>> {
    /// The protocol failed (its error names the culprit where it can).
    #[error("the protocol failed: {0}")]
    Protocol(E),
    /// A round timed out: `culprits` did not deliver their messages for it.
    #[error(
        "round {round} timed out waiting for {}; check that they are online and connected to the relay, then start a new session",
        display_participants(culprits)
    )]
    Timeout {
        /// The round waited for ([`crate::runner::DIGEST_ROUND`] for the
        /// broadcast-digest exchange at the end).
        round: u16,
        /// Every participant whose message is missing.
        culprits: Vec<Identifier<S>>,
    },
    /// A participant sent different broadcasts for the same round to
    /// different participants (found by comparing broadcast digests).
    #[error(
        "participant {culprit} sent different broadcasts for round {round} to different participants; do not use the result of this session"
    )]
    Equivocation {
        /// The sender.
        culprit: Identifier<S>,
        /// The round.
        round: u16,
    },
    /// This party's identity key is not the one the roster lists for it.
    #[error(
        "the identity key given is not the one the roster lists for participant {party}; use that participant's identity file"
    )]
    NotInRoster {
        /// This party's identifier.
        party: Identifier<S>,
    },
    /// The transport (relay connection, in-memory channel) failed.
    #[error("the transport failed: {0}")]
    Transport(#[from] TransportError),
    /// The caller asked for something this party cannot do (the message
    /// says what and how to ask instead).
    #[error("{0}")]
    Request(String),
    /// An identity file or roster could not be read, written or decoded.
    #[error("{0}")]
    Identity(String),
}

impl<S: Suite, E: fmt::Display> Error<S, E> {
    /// The participants this error blames (none for a protocol error:
    /// ask the protocol's error, or for transport and file errors).
    pub fn culprits(&self) -> Vec<Identifier<S>> {
        match self {
            Error::Timeout { culprits, .. } => culprits.clone(),
            Error::Equivocation { culprit, .. } => vec![*culprit],
            _ => Vec::new(),
        }
    }
}

/// A transport failure, with a message a user can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TransportError(pub String);
