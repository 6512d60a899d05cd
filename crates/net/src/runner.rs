//! The async runner: one party of any [`Protocol`] over a [`Transport`].
//!
//! The runner follows the contract of [`tessera_core::protocol`]:
//!
//! 1. it calls [`Protocol::proceed`] (on a blocking-capable thread, see
//!    below), seals every outgoing message ([`crate::envelope`]: a signed
//!    broadcast, or a Noise message to one participant) and sends it;
//! 2. it receives frames, refuses (and records in [`Finished::refused`])
//!    any that does not parse, is not for this session, comes from a key
//!    outside the roster, claims another sender than the transport
//!    authenticated, or fails its signature or decryption; a replayed or
//!    duplicated frame is ignored (an identical message is ignored by the
//!    round bookkeeping); the rest go to [`Protocol::receive`];
//! 3. each round has a deadline ([`Session::round_timeout`], restarted
//!    whenever the round the party collects changes); when it passes, the
//!    run fails with [`Error::Timeout`] naming the parties of
//!    [`Protocol::waiting_for`];
//! 4. when the protocol outputs, the parties exchange a signed digest of
//!    every broadcast they sent and received (round [`DIGEST_ROUND`]), and
//!    compare them entry by entry: a sender whose broadcast for one round
//!    hashes differently at two parties signed two different broadcasts,
//!    and is named ([`Error::Equivocation`]). Only then is the output
//!    returned.
//!
//! The maths of [`Protocol::proceed`] runs under
//! [`tokio::task::block_in_place`] on a multi-threaded runtime (the
//! executor moves its other tasks to another worker meanwhile), and inline
//! on a current-thread runtime. Parties borrow their key packages, so
//! `spawn_blocking` (which needs `'static` data) does not fit.
//!
//! A party that restarts mid-session has lost its round state (nothing is
//! persisted, so no nonce can be reused): if it rejoins the same session
//! its new messages differ from its old ones and the others refuse them as
//! equivocation; the session must be started again under a new id.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use sha2::{Digest, Sha256};
use tessera_core::protocol::{Delivery, Incoming, Protocol, Recipient};
use tessera_core::{Identifier, Suite};
use tokio::time::Instant;
use zeroize::Zeroizing;

use crate::envelope::{self, Kind};
use crate::error::{Error, TransportError};
use crate::identity::Identity;
use crate::roster::Roster;
use crate::transport::{Address, Transport};

/// The round number of the broadcast-digest exchange that ends a session.
pub const DIGEST_ROUND: u16 = u16::MAX;

/// The largest frame the runner accepts (larger ones are refused).
pub const MAX_FRAME: usize = 64 << 20;

/// What every party of one session agrees on.
#[derive(Clone, Debug)]
pub struct Session<S: Suite> {
    /// The session id (32 bytes, unique per session: bind the protocol, its
    /// parameters and the roster into it, see [`session_id`]).
    pub id: [u8; 32],
    /// Who is who.
    pub roster: Roster<S>,
    /// How long a round may wait for its messages.
    pub round_timeout: Duration,
}

/// A session id: SHA-256 over a label, the roster's digest and `context`
/// (the protocol's parameters and a fresh nonce the initiator chose).
pub fn session_id<S: Suite>(label: &str, roster: &Roster<S>, context: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"tessera-net/session/v1");
    h.update((label.len() as u64).to_be_bytes());
    h.update(label.as_bytes());
    h.update(roster.digest());
    h.update(context);
    h.finalize().into()
}

/// A fresh random generator that can move between threads (ChaCha20,
/// seeded from the thread-local generator), for [`run`].
pub fn fresh_rng() -> rand_chacha::ChaCha20Rng {
    rand_core::SeedableRng::from_rng(&mut rand::rng())
}

/// Why a frame was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// It does not parse, or is larger than [`MAX_FRAME`].
    Malformed,
    /// It belongs to another session.
    OtherSession,
    /// Its sender is not in the roster.
    NotMember,
    /// The header names another sender than the transport authenticated,
    /// or another recipient than this party.
    Misaddressed,
    /// Its signature or its encryption does not verify.
    Unauthenticated,
    /// The protocol refused it (a message from a participant not expected
    /// in that round, or for a round already over).
    Refused,
}

/// A frame the runner refused: who sent it (as the transport says) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal<S: Suite> {
    /// The sender's address.
    pub from: Address,
    /// The sender's identifier, if it is in the roster.
    pub party: Option<Identifier<S>>,
    /// Why.
    pub reason: Reason,
}

/// A finished run.
#[derive(Debug)]
pub struct Finished<S: Suite, O> {
    /// The protocol's output.
    pub output: O,
    /// Frames refused on the way.
    pub refused: Vec<Refusal<S>>,
    /// Frames sent and received, and their bytes.
    pub traffic: Traffic,
}

/// Frame counts of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Traffic {
    /// Frames sent (a broadcast counts once).
    pub frames_sent: usize,
    /// Bytes sent.
    pub bytes_sent: usize,
    /// Frames received.
    pub frames_received: usize,
}

/// One entry of a broadcast digest: (round, sender) → SHA-256 of the payload.
type Log<S> = BTreeMap<(u16, Identifier<S>), [u8; 32]>;

/// State of a run besides the party.
struct Run<'a, S: Suite> {
    session: &'a Session<S>,
    identity: &'a Identity,
    me: Identifier<S>,
    others: Vec<Address>,
    log: Log<S>,
    digests: BTreeMap<Identifier<S>, Vec<u8>>,
    seen: BTreeSet<[u8; 32]>,
    refused: Vec<Refusal<S>>,
    traffic: Traffic,
}

/// Runs `party` to its output over `transport`, as `identity` (which must
/// be the roster's key of [`Protocol::me`]).
pub async fn run<S, P, T, R>(
    session: &Session<S>,
    identity: &Identity,
    mut party: P,
    rng: &mut R,
    transport: &mut T,
) -> Result<Finished<S, P::Output>, Error<S, P::Error>>
where
    S: Suite,
    P: Protocol<S> + Send,
    P::Error: core::fmt::Display,
    T: Transport,
    R: rand_core::CryptoRng + Send,
{
    let me = party.me();
    if session.roster.key(&me) != Some(&identity.public()) {
        return Err(Error::NotInRoster { party: me });
    }
    let mut others = Vec::new();
    for id in party.participants() {
        if *id == me {
            continue;
        }
        let key = session
            .roster
            .key(id)
            .ok_or_else(|| Error::Identity(format!("participant {id} is not in the roster")))?;
        others.push(key.ed25519);
    }
    let mut run = Run {
        session,
        identity,
        me,
        others,
        log: Log::new(),
        digests: BTreeMap::new(),
        seen: BTreeSet::new(),
        refused: Vec::new(),
        traffic: Traffic::default(),
    };

    // The protocol.
    let mut deadline: Option<(u16, Instant)> = None;
    let output = loop {
        let progress = compute(|| party.proceed(rng)).map_err(Error::Protocol)?;
        for message in progress.outgoing {
            run.send(message.round, message.to, &message.payload, transport)
                .await?;
        }
        if let Some(output) = progress.output {
            break output;
        }
        loop {
            let Some(waiting) = party.waiting_for() else {
                return Err(Error::Timeout {
                    round: 0,
                    culprits: Vec::new(),
                });
            };
            let at = match deadline {
                Some((round, at)) if round == waiting.round => at,
                _ => {
                    let at = Instant::now() + session.round_timeout;
                    deadline = Some((waiting.round, at));
                    at
                }
            };
            let Ok(received) = tokio::time::timeout_at(at, transport.recv()).await else {
                return Err(Error::Timeout {
                    round: waiting.round,
                    culprits: waiting.from,
                });
            };
            let received = received?;
            if let Some(incoming) = run.open(received.from, &received.frame) {
                match party.receive(incoming) {
                    Ok(()) => break,
                    Err(e) => return Err(Error::Protocol(e)),
                }
            }
        }
    };

    // The broadcast-digest exchange.
    let digest = encode_log(&run.log);
    run.send_digest(&digest, transport).await?;
    let mut expected: BTreeSet<Identifier<S>> = party
        .participants()
        .iter()
        .copied()
        .filter(|id| *id != me)
        .collect();
    let at = Instant::now() + session.round_timeout;
    loop {
        expected.retain(|id| !run.digests.contains_key(id));
        if expected.is_empty() {
            break;
        }
        let Ok(received) = tokio::time::timeout_at(at, transport.recv()).await else {
            return Err(Error::Timeout {
                round: DIGEST_ROUND,
                culprits: expected.into_iter().collect(),
            });
        };
        let received = received?;
        // Late protocol messages are of no use any more; digests are kept.
        let _ = run.open(received.from, &received.frame);
    }
    for theirs in run.digests.values() {
        if let Some((round, culprit)) = compare(&run.log, theirs, &run.session.roster) {
            return Err(Error::Equivocation { culprit, round });
        }
    }
    Ok(Finished {
        output,
        refused: run.refused,
        traffic: run.traffic,
    })
}

/// Runs heavy work off the executor's cooperative budget.
fn compute<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        _ => f(),
    }
}

impl<S: Suite> Run<'_, S> {
    async fn send<T: Transport, E: core::fmt::Display>(
        &mut self,
        round: u16,
        to: Recipient<S>,
        payload: &[u8],
        transport: &mut T,
    ) -> Result<(), Error<S, E>> {
        let id = self.session.id;
        let (frame, recipients) = match to {
            Recipient::All => {
                self.log.insert((round, self.me), sha256(payload));
                let frame =
                    envelope::seal_broadcast(self.identity, Kind::Broadcast, id, round, payload)
                        .ok_or_else(|| TransportError("a broadcast is too large".into()))?;
                (frame, self.others.clone())
            }
            Recipient::One(to) => {
                let key = self.session.roster.key(&to).ok_or_else(|| {
                    Error::Identity(format!("participant {to} is not in the roster"))
                })?;
                let frame = envelope::seal_private(self.identity, key, id, round, payload)
                    .map_err(|e| TransportError(format!("Noise encryption failed: {e}")))?;
                (frame, vec![key.ed25519])
            }
        };
        self.traffic.frames_sent += 1;
        self.traffic.bytes_sent += frame.len() * recipients.len();
        transport.send(&recipients, frame).await?;
        Ok(())
    }

    async fn send_digest<T: Transport, E: core::fmt::Display>(
        &mut self,
        digest: &[u8],
        transport: &mut T,
    ) -> Result<(), Error<S, E>> {
        let frame = envelope::seal_broadcast(
            self.identity,
            Kind::Digest,
            self.session.id,
            DIGEST_ROUND,
            digest,
        )
        .ok_or_else(|| TransportError("the broadcast digest is too large".into()))?;
        self.traffic.frames_sent += 1;
        self.traffic.bytes_sent += frame.len() * self.others.len();
        transport.send(&self.others, frame).await?;
        Ok(())
    }

    fn refuse(&mut self, from: Address, reason: Reason) -> Option<Incoming<S>> {
        self.refused.push(Refusal {
            from,
            party: self.session.roster.id(&from),
            reason,
        });
        None
    }

    /// Checks a frame; returns the protocol message it carries (digests
    /// are stored, refusals recorded, duplicates dropped).
    fn open(&mut self, from: Address, frame: &[u8]) -> Option<Incoming<S>> {
        self.traffic.frames_received += 1;
        if frame.len() > MAX_FRAME {
            return self.refuse(from, Reason::Malformed);
        }
        let Some((header, body)) = envelope::parse(frame) else {
            return self.refuse(from, Reason::Malformed);
        };
        if header.session != self.session.id {
            return self.refuse(from, Reason::OtherSession);
        }
        let Some(sender) = self.session.roster.id(&from) else {
            return self.refuse(from, Reason::NotMember);
        };
        if header.from != from || sender == self.me {
            return self.refuse(from, Reason::Misaddressed);
        }
        let fingerprint = sha256(frame);
        if self.seen.contains(&fingerprint) {
            return None;
        }
        let incoming = match header.kind {
            Kind::Broadcast | Kind::Digest => {
                let Some(payload) = envelope::open_broadcast(&header, body) else {
                    return self.refuse(from, Reason::Unauthenticated);
                };
                if header.kind == Kind::Digest {
                    if header.round != DIGEST_ROUND {
                        return self.refuse(from, Reason::Malformed);
                    }
                    if self.digests.contains_key(&sender) {
                        return self.refuse(from, Reason::Refused);
                    }
                    self.digests.insert(sender, payload.to_vec());
                    self.seen.insert(fingerprint);
                    return None;
                }
                let hash = sha256(payload);
                match self.log.get(&(header.round, sender)) {
                    // The same broadcast again (a replay): ignored.
                    Some(h) if *h == hash => return None,
                    // A second, different one: the protocol names it.
                    Some(_) => {}
                    None => {
                        self.log.insert((header.round, sender), hash);
                    }
                }
                Incoming {
                    from: sender,
                    round: header.round,
                    delivery: Delivery::Broadcast,
                    payload: Zeroizing::new(payload.to_vec()),
                }
            }
            Kind::Private => {
                let key = self.session.roster.key(&sender)?;
                if header.to != self.identity.public().ed25519 {
                    return self.refuse(from, Reason::Misaddressed);
                }
                let Some(payload) = envelope::open_private(self.identity, key, &header, body)
                else {
                    return self.refuse(from, Reason::Unauthenticated);
                };
                Incoming {
                    from: sender,
                    round: header.round,
                    delivery: Delivery::Private,
                    payload,
                }
            }
        };
        self.seen.insert(fingerprint);
        Some(incoming)
    }
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The digest payload: for each (round, sender) in order, the round
/// (`u16`), the sender's identifier bytes (length-prefixed) and the
/// payload's SHA-256.
fn encode_log<S: Suite>(log: &Log<S>) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&u32::try_from(log.len()).unwrap_or(u32::MAX).to_be_bytes());
    for ((round, sender), hash) in log {
        let id = sender.to_bytes();
        out.extend_from_slice(&round.to_be_bytes());
        out.push(u8::try_from(id.as_ref().len()).unwrap_or(0));
        out.extend_from_slice(id.as_ref());
        out.extend_from_slice(hash);
    }
    out
}

/// The first (round, sender) whose hash differs between `ours` and
/// `theirs` (an undecodable digest blames no one and is ignored: its
/// sender's broadcasts were checked by everyone else's digests).
fn compare<S: Suite>(
    ours: &Log<S>,
    theirs: &[u8],
    roster: &Roster<S>,
) -> Option<(u16, Identifier<S>)> {
    let _ = roster;
    let mut rest = theirs;
    let count = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?);
    rest = rest.get(4..)?;
    for _ in 0..count {
        let round = u16::from_be_bytes(rest.get(..2)?.try_into().ok()?);
        let len = usize::from(*rest.get(2)?);
        let id = Identifier::<S>::from_bytes(rest.get(3..3 + len)?).ok()?;
        let hash: [u8; 32] = rest.get(3 + len..35 + len)?.try_into().ok()?;
        rest = rest.get(35 + len..)?;
        if let Some(mine) = ours.get(&(round, id))
            && *mine != hash
        {
            return Some((round, id));
        }
    }
    None
}
