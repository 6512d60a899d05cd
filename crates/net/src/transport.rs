//! What a runner needs from a network: send a frame to some parties, receive
//! the next frame with its (transport-authenticated) sender.
//!
//! Parties are addressed by their Ed25519 key ([`PublicIdentity::ed25519`]
//! of [`crate::identity`]). A transport only moves opaque frames: the
//! runner signs, encrypts and checks them ([`crate::envelope`]), so the
//! transport (and a relay behind it) never sees a secret.
//!
//! [`PublicIdentity::ed25519`]: crate::identity::PublicIdentity::ed25519

use core::future::Future;

use crate::error::TransportError;

/// A party's address: its Ed25519 key.
pub type Address = [u8; 32];

/// A frame received: who sent it (as the transport authenticated it) and
/// its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    /// The sender.
    pub from: Address,
    /// The frame.
    pub frame: Vec<u8>,
}

/// A message transport for one party of one session.
pub trait Transport: Send {
    /// Sends `frame` to every party in `to` (one for a private message,
    /// all the others for a broadcast).
    fn send(
        &mut self,
        to: &[Address],
        frame: Vec<u8>,
    ) -> impl Future<Output = Result<(), TransportError>> + Send;

    /// Waits for the next frame addressed to this party.
    fn recv(&mut self) -> impl Future<Output = Result<Received, TransportError>> + Send;
}
