//! tessera's protocols between parties in separate processes.
//!
//! Every protocol of tessera is a sans-IO [`Protocol`] (see
//! [`tessera_core::protocol`]); this crate runs one party of any of them
//! over a network:
//!
//! - [`runner`]: the async runner (tokio) over a [`Transport`], with a
//!   timeout per round that names the silent parties, and a digest
//!   exchange at the end that names a sender who equivocated;
//! - [`identity`]: long-term party identities (Ed25519 + X25519) and their
//!   versioned file; [`roster`]: who is who in a session;
//! - [`envelope`]: the frames: signed broadcasts, Noise-encrypted private
//!   messages bound to the session;
//! - [`memory`]: an in-memory transport, for tests and in-process use.
//!
//! [`Protocol`]: tessera_core::protocol::Protocol
//! [`Transport`]: transport::Transport

#![forbid(unsafe_code)]

pub mod envelope;
pub mod error;
pub mod identity;
pub mod load;
pub mod memory;
pub mod relay;
pub mod replays;
pub mod roster;
pub mod runner;
pub mod serve;
pub mod transport;

pub use error::{Error, TransportError};
pub use identity::{Identity, PublicIdentity};
pub use memory::{MemoryNetwork, MemoryTransport};
pub use roster::Roster;
pub use runner::{Finished, Refusal, Session, run};
pub use transport::{Address, Received, Transport};
