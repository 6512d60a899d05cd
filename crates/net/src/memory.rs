//! An in-memory [`Transport`]: every party of a test in one process, each
//! with its own endpoint, frames moved through tokio channels. A tap sees
//! every frame and may drop, alter or duplicate it (fault tests) or record
//! it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

use crate::error::TransportError;
use crate::transport::{Address, Received, Transport};

/// What a tap sees (sender, recipient, frame) and returns: the frames
/// delivered instead, each with the sender the recipient's transport
/// reports (a tap may forge that too: a hostile relay or network).
pub type Tap = dyn Fn(&Address, &Address, Vec<u8>) -> Vec<Received> + Send + Sync;

type Mailboxes = BTreeMap<Address, mpsc::UnboundedSender<Received>>;

/// A hub the endpoints of one test share.
#[derive(Clone, Default)]
pub struct MemoryNetwork {
    mailboxes: Arc<Mutex<Mailboxes>>,
    tap: Option<Arc<Tap>>,
}

impl MemoryNetwork {
    /// A network without a tap.
    pub fn new() -> Self {
        Self::default()
    }

    /// A network whose every frame goes through `tap`, which returns the
    /// frames to deliver in its place (none: dropped).
    pub fn with_tap(
        tap: impl Fn(&Address, &Address, Vec<u8>) -> Vec<Received> + Send + Sync + 'static,
    ) -> Self {
        Self {
            mailboxes: Arc::default(),
            tap: Some(Arc::new(tap)),
        }
    }

    /// The endpoint of the party at `address` (replacing an earlier one:
    /// a restarted party).
    pub fn endpoint(&self, address: Address) -> MemoryTransport {
        let (tx, rx) = mpsc::unbounded_channel();
        if let Ok(mut boxes) = self.mailboxes.lock() {
            boxes.insert(address, tx);
        }
        MemoryTransport {
            me: address,
            network: self.clone(),
            inbox: rx,
        }
    }

    /// Delivers a frame from `from` to `to` as if sent by `from` (a test
    /// injecting what a hostile party or relay would).
    pub fn inject(&self, from: Address, to: Address, frame: Vec<u8>) {
        if let Ok(boxes) = self.mailboxes.lock()
            && let Some(tx) = boxes.get(&to)
        {
            let _ = tx.send(Received { from, frame });
        }
    }
}

/// One party's endpoint on a [`MemoryNetwork`].
pub struct MemoryTransport {
    me: Address,
    network: MemoryNetwork,
    inbox: mpsc::UnboundedReceiver<Received>,
}

impl Transport for MemoryTransport {
    async fn send(&mut self, to: &[Address], frame: Vec<u8>) -> Result<(), TransportError> {
        let boxes = self
            .network
            .mailboxes
            .lock()
            .map_err(|_| TransportError("the in-memory network is poisoned".into()))?;
        for recipient in to {
            let frames = match &self.network.tap {
                Some(tap) => tap(&self.me, recipient, frame.clone()),
                None => vec![Received {
                    from: self.me,
                    frame: frame.clone(),
                }],
            };
            if let Some(tx) = boxes.get(recipient) {
                for received in frames {
                    // A recipient that has gone away is like a lost packet.
                    let _ = tx.send(received);
                }
            }
        }
        Ok(())
    }

    async fn recv(&mut self) -> Result<Received, TransportError> {
        self.inbox
            .recv()
            .await
            .ok_or_else(|| TransportError("the in-memory network was closed".into()))
    }
}
