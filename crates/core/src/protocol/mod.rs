//! Protocols as sans-IO state machines, and the runners that drive them.
//!
//! Every interactive protocol of tessera (DKG, reshare, repair, FROST
//! signing, BIP 445 signing, the DKLs23 pairwise setup and signing) is a
//! sequence of typed rounds. Each crate expresses its protocols as
//! [`Protocol`] implementations (one *party* of a session each) in a
//! `protocol` module; this module holds what they share:
//!
//! - the trait and its message types ([`Incoming`], [`Outgoing`],
//!   [`Progress`], [`Waiting`]);
//! - the round bookkeeping every party needs ([`Rounds`]): one message per
//!   expected sender and round, later rounds buffered, identical duplicates
//!   ignored, a different second message named as equivocation;
//! - [`local`]: one runner that executes any protocol's parties in one
//!   process, with a fault injector ([`faults`]);
//! - [`simulation`]: the same parties on a simulated network, a
//!   discrete-event model of latency, bandwidth and compute time.
//!
//! A network runner (a party in its own process, talking to a relay) drives
//! the same trait; so in-process tests, benches, the latency model and the
//! network all run the identical protocol code.
//!
//! # The contract
//!
//! A party never touches a socket, a clock or a thread (the sans-IO design
//! of quinn-proto). A runner
//!
//! ```text
//!              ┌──────────────────── runner / transport ────────────────────┐
//!              │                                                            │
//!   receive(Incoming { from, round, delivery, payload })   cheap: checked and buffered
//!              │                                                            │
//!              ▼                                                            │
//!   proceed(rng) ──► Progress { outgoing: [Outgoing { round, to, payload }],│
//!              │                output: Some(result) when finished }        │
//!              │                     heavy: all the maths happens here      │
//!              ▼                                                            │
//!   waiting_for() ──► Waiting { round, from: [silent parties] }  ── on a timeout,
//!              │                                                 the runner names them
//!              └────────────────────────────────────────────────────────────┘
//! ```
//!
//! 1. calls [`Protocol::proceed`] once to start (the party sends its first
//!    messages), then again whenever it has handed the party new messages;
//! 2. delivers every message addressed to the party with
//!    [`Protocol::receive`], which only checks and buffers it: a message for
//!    a later round waits for that round, an identical copy is ignored, a
//!    different second message from the same sender for the same round is
//!    [`Error::Equivocation`], a message from someone not expected to send
//!    in that round is [`Error::UnexpectedMessage`];
//! 3. sends each [`Outgoing`] message: [`Recipient::All`] to every other
//!    participant ([`Protocol::participants`]) over a broadcast channel
//!    (every recipient must get the same bytes), [`Recipient::One`] to one
//!    participant over a confidential, authenticated channel;
//! 4. stops when `proceed` returns an output, or an error (which names the
//!    culprit where one can be named), or when a timeout expires: then
//!    [`Protocol::waiting_for`] names the parties that did not deliver
//!    ([`Waiting::timeout`] makes the [`Error::Timeout`]).
//!
//! Payloads are the [`Wire`](crate::Wire) encodings of the protocols'
//! messages, held in buffers wiped on drop (private payloads carry secret
//! shares). Parties are identified by their [`Identifier`]; a transport may
//! use its bytes ([`Identifier::to_bytes`]) as the address. Secret state
//! stays inside the party, consumed by value from one round to the next;
//! after an error the party is dead and sends nothing more.

pub mod faults;
pub mod local;
mod rounds;
pub mod simulation;

use core::fmt;

use zeroize::Zeroizing;

pub use rounds::{Expect, Received, Rounds};

use crate::error::Error;
use crate::identifier::Identifier;
use crate::suite::Suite;

/// How a message travels: to every participant alike, or privately to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Delivery {
    /// The same bytes to every other participant of the session.
    Broadcast,
    /// To one participant, confidentially and authenticated.
    Private,
}

impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Delivery::Broadcast => "broadcast",
            Delivery::Private => "private",
        })
    }
}

/// Where an outgoing message goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipient<S: Suite> {
    /// Every other participant ([`Protocol::participants`]), by broadcast.
    All,
    /// One participant, privately.
    One(Identifier<S>),
}

/// A message a party asks its runner to send.
#[derive(Clone, PartialEq, Eq)]
pub struct Outgoing<S: Suite> {
    /// The round it belongs to (rounds count from 1).
    pub round: u16,
    /// To whom.
    pub to: Recipient<S>,
    /// The message's wire encoding.
    pub payload: Zeroizing<Vec<u8>>,
}

impl<S: Suite> Outgoing<S> {
    /// A broadcast of `payload` in `round`.
    pub fn broadcast(round: u16, payload: Vec<u8>) -> Self {
        Self {
            round,
            to: Recipient::All,
            payload: Zeroizing::new(payload),
        }
    }

    /// A private message of `payload` to `to` in `round`.
    pub fn private(round: u16, to: Identifier<S>, payload: Vec<u8>) -> Self {
        Self {
            round,
            to: Recipient::One(to),
            payload: Zeroizing::new(payload),
        }
    }

    /// How it travels.
    pub fn delivery(&self) -> Delivery {
        match self.to {
            Recipient::All => Delivery::Broadcast,
            Recipient::One(_) => Delivery::Private,
        }
    }

    /// The message as its recipient receives it from `from`.
    pub fn to_incoming(&self, from: Identifier<S>) -> Incoming<S> {
        Incoming {
            from,
            round: self.round,
            delivery: self.delivery(),
            payload: self.payload.clone(),
        }
    }
}

impl<S: Suite> fmt::Debug for Outgoing<S> {
    /// Prints the payload's length only: private payloads are secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outgoing")
            .field("round", &self.round)
            .field("to", &self.to)
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

/// A message a runner hands to a party.
#[derive(Clone, PartialEq, Eq)]
pub struct Incoming<S: Suite> {
    /// The sender, as the channel authenticated it.
    pub from: Identifier<S>,
    /// The round the sender sent it in.
    pub round: u16,
    /// How it arrived.
    pub delivery: Delivery,
    /// The message's wire encoding.
    pub payload: Zeroizing<Vec<u8>>,
}

impl<S: Suite> fmt::Debug for Incoming<S> {
    /// Prints the payload's length only: private payloads are secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Incoming")
            .field("from", &self.from)
            .field("round", &self.round)
            .field("delivery", &self.delivery)
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

/// What one call of [`Protocol::proceed`] produced.
#[derive(Debug)]
pub struct Progress<S: Suite, O> {
    /// Messages to send, in order.
    pub outgoing: Vec<Outgoing<S>>,
    /// The party's result, once (the call that finishes the protocol).
    pub output: Option<O>,
}

impl<S: Suite, O> Default for Progress<S, O> {
    fn default() -> Self {
        Self {
            outgoing: Vec::new(),
            output: None,
        }
    }
}

/// The round a party is collecting and the senders still missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting<S: Suite> {
    /// The round.
    pub round: u16,
    /// Every participant whose message for it has not arrived, sorted.
    pub from: Vec<Identifier<S>>,
}

impl<S: Suite> Waiting<S> {
    /// The error a runner reports when it gives up waiting.
    pub fn timeout(self) -> Error<S> {
        Error::Timeout {
            round: self.round,
            culprits: self.from,
        }
    }
}

/// One party of an interactive protocol, as a sans-IO state machine (see
/// the [module documentation](self) for the contract a runner follows).
pub trait Protocol<S: Suite> {
    /// What the party holds when the protocol succeeds.
    type Output;
    /// The protocol's error; the round bookkeeping's errors (core
    /// [`Error`]s naming the sender) convert into it.
    type Error: From<Error<S>>;

    /// This party.
    fn me(&self) -> Identifier<S>;

    /// Every participant of the session, this party included, sorted: a
    /// broadcast goes to all of them but the sender.
    fn participants(&self) -> &[Identifier<S>];

    /// Hands the party one message. Cheap: it is checked (expected sender,
    /// round and delivery; equivocation) and buffered; identical copies are
    /// ignored. Decoding and verification happen in [`Protocol::proceed`].
    fn receive(&mut self, message: Incoming<S>) -> Result<(), Self::Error>;

    /// Runs every step whose messages are all in: the first call starts the
    /// protocol, later calls consume buffered rounds. Returns the messages
    /// to send and, on the call that finishes, the output. A call with
    /// nothing to do returns an empty [`Progress`]. After an error the
    /// party's secret state is gone.
    fn proceed<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
    ) -> Result<Progress<S, Self::Output>, Self::Error>;

    /// The round the party is collecting and who has not delivered yet;
    /// `None` before the first [`Protocol::proceed`], after the output and
    /// after an error.
    fn waiting_for(&self) -> Option<Waiting<S>>;
}
