//! A latency model: any [`Protocol`]'s parties run on a simulated network,
//! a discrete-event simulation that reports how long a session takes end to
//! end.
//!
//! **Network.** Parties talk through a relay (as tessera's network runner
//! does: devices behind NAT only connect out). Each party has an access
//! [`Link`] to the relay: a one-way latency and an uplink and a downlink
//! bandwidth. A message from `a` to `b` is serialised on `a`'s uplink
//! (FIFO, after `a`'s earlier messages), travels `latency(a) + latency(b)`,
//! and is serialised on `b`'s downlink (FIFO by arrival). A broadcast is
//! uploaded once and fanned out by the relay (whose own capacity is not
//! limited); a private message is uploaded once per recipient. Every
//! message carries [`Model::overhead`] bytes of framing beyond its payload
//! (session, sender, round, authentication tag).
//!
//! **Compute.** Each party is one core. With [`Compute::Measured`] every
//! call of [`Protocol::proceed`] runs for real and its time on
//! [`Model::clock`] (wall clock by default; a process CPU-time clock
//! ignores other load on the machine), times the party's slowdown factor,
//! is added to that party's clock:
//! messages it sends leave when the step ends, messages that arrive while
//! it computes wait for it. The parties run one after the other on the
//! machine running the simulation, so the simulation takes about the sum of
//! every party's compute time, while the simulated session takes about the
//! longest chain of compute and transfers. Wall-clock timings of a loaded
//! machine are inflated by the other load. [`Compute::Ignored`] counts no compute time: the network alone,
//! deterministic.
//!
//! Everything runs the parties' real code on real messages: only time is
//! simulated.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::time::{Duration, Instant};

use super::local::{Failure, Outcome};
use super::{Incoming, Protocol, Recipient};
use crate::error::Error;
use crate::identifier::Identifier;
use crate::suite::Suite;

/// A party's access link to the relay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    /// One-way latency between the party and the relay.
    pub latency: Duration,
    /// Uplink bandwidth, bits per second.
    pub uplink: u64,
    /// Downlink bandwidth, bits per second.
    pub downlink: u64,
}

impl Link {
    /// A symmetric link such that two parties with this link have a
    /// round-trip time of `rtt` between them through the relay (each leg
    /// has `rtt / 4` one way), with `bits_per_second` up and down.
    pub fn with_rtt(rtt: Duration, bits_per_second: u64) -> Self {
        Self {
            latency: rtt / 4,
            uplink: bits_per_second,
            downlink: bits_per_second,
        }
    }
}

/// How compute time counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compute {
    /// Each step's time measured by [`Model::clock`], times the party's
    /// slowdown.
    Measured,
    /// No compute time: the network alone (deterministic).
    Ignored,
}

/// A clock for [`Compute::Measured`]: any monotonic reading, only
/// differences are used.
pub type Clock = fn() -> Duration;

/// The default [`Clock`]: wall-clock time since the first reading. On a
/// shared machine, a process CPU-time clock (which this crate does not
/// provide: it needs an OS call) counts a step's own work only.
pub fn wall_clock() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// The simulated network and machines.
#[derive(Clone, Debug)]
pub struct Model<S: Suite> {
    /// Every party's link, unless overridden in `links`.
    pub link: Link,
    /// Links of particular parties.
    pub links: BTreeMap<Identifier<S>, Link>,
    /// Compute slowdown of particular parties (2.0: half as fast as the
    /// machine running the simulation); 1.0 for the others.
    pub slowdown: BTreeMap<Identifier<S>, f64>,
    /// Framing bytes added to every message.
    pub overhead: usize,
    /// How compute time counts.
    pub compute: Compute,
    /// What measures a step under [`Compute::Measured`] ([`wall_clock`]
    /// unless set).
    pub clock: Clock,
}

impl<S: Suite> Model<S> {
    /// Every party on `link`, measured compute, 64 bytes of framing per
    /// message.
    pub fn new(link: Link) -> Self {
        Self {
            link,
            links: BTreeMap::new(),
            slowdown: BTreeMap::new(),
            overhead: 64,
            compute: Compute::Measured,
            clock: wall_clock,
        }
    }

    fn link_of(&self, id: &Identifier<S>) -> Link {
        self.links.get(id).copied().unwrap_or(self.link)
    }
}

/// When things happened in a simulated session.
#[derive(Clone, Debug, Default)]
pub struct Timeline<S: Suite> {
    /// When each party that finished had its output.
    pub finished: BTreeMap<Identifier<S>, Duration>,
    /// Each party's total compute time (after slowdown).
    pub compute: BTreeMap<Identifier<S>, Duration>,
    /// Payload and framing bytes each party uploaded.
    pub uploaded: BTreeMap<Identifier<S>, u64>,
    /// Messages delivered (a broadcast counts once per recipient).
    pub messages: u64,
    /// When the last party finished or failed: the session's end-to-end
    /// time.
    pub end: Duration,
    /// How long the simulation itself ran (wall clock).
    pub real: Duration,
}

/// What happens at a point of simulated time.
enum Event<S: Suite> {
    /// A party runs `proceed`.
    Step(Identifier<S>),
    /// A message reaches a party's downlink.
    Arrive(Identifier<S>, Incoming<S>, usize),
    /// A message is received by a party.
    Deliver(Identifier<S>, Incoming<S>),
}

/// A party with its generator and clocks.
struct Node<P, R> {
    party: P,
    rng: R,
    running: bool,
    /// When its current or last step ends.
    busy_until: Duration,
    /// Whether a step is scheduled.
    scheduled: bool,
    uplink_free: Duration,
    downlink_free: Duration,
}

/// The time to send `bytes` at `bits_per_second`.
fn transmission(bytes: usize, bits_per_second: u64) -> Duration {
    if bits_per_second == 0 {
        return Duration::ZERO;
    }
    let nanos = (bytes as u128) * 8 * 1_000_000_000 / u128::from(bits_per_second);
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

/// Runs `parties` (each with its own random generator) on the network and
/// machines of `model`; returns what they produced, as the in-memory runner
/// does, and the [`Timeline`]. A party still waiting when no message is
/// left fails with [`Error::Timeout`].
pub fn simulate<S, P, R>(
    parties: Vec<(P, R)>,
    model: &Model<S>,
) -> (Outcome<S, P::Output, P::Error>, Timeline<S>)
where
    S: Suite,
    P: Protocol<S>,
    R: rand_core::CryptoRng,
{
    let started = Instant::now();
    let mut outcome = Outcome {
        outputs: BTreeMap::new(),
        failures: Vec::new(),
    };
    let mut timeline = Timeline {
        finished: BTreeMap::new(),
        compute: BTreeMap::new(),
        uploaded: BTreeMap::new(),
        messages: 0,
        end: Duration::ZERO,
        real: Duration::ZERO,
    };
    let mut nodes: BTreeMap<Identifier<S>, Node<P, R>> = BTreeMap::new();
    let mut queue = Queue::default();
    for (party, rng) in parties {
        let id = party.me();
        if nodes.contains_key(&id) {
            outcome.failures.push(Failure {
                party: id,
                error: Error::DuplicateParticipant { culprit: id }.into(),
            });
            continue;
        }
        nodes.insert(
            id,
            Node {
                party,
                rng,
                running: true,
                busy_until: Duration::ZERO,
                scheduled: true,
                uplink_free: Duration::ZERO,
                downlink_free: Duration::ZERO,
            },
        );
        queue.push(Duration::ZERO, Event::Step(id));
    }

    while let Some((now, event)) = queue.pop() {
        match event {
            Event::Step(id) => {
                let Some(node) = nodes.get_mut(&id) else {
                    continue;
                };
                node.scheduled = false;
                if !node.running {
                    continue;
                }
                let before = (model.clock)();
                let result = node.party.proceed(&mut node.rng);
                let spent = match model.compute {
                    Compute::Measured => (model.clock)()
                        .saturating_sub(before)
                        .mul_f64(model.slowdown.get(&id).copied().unwrap_or(1.0)),
                    Compute::Ignored => Duration::ZERO,
                };
                *timeline.compute.entry(id).or_default() += spent;
                node.busy_until = now + spent;
                let done = node.busy_until;
                timeline.end = timeline.end.max(done);
                match result {
                    Ok(progress) => {
                        let link = model.link_of(&id);
                        for message in progress.outgoing {
                            let size = message.payload.len() + model.overhead;
                            let recipients: Vec<Identifier<S>> = match message.to {
                                Recipient::All => node
                                    .party
                                    .participants()
                                    .iter()
                                    .copied()
                                    .filter(|to| *to != id)
                                    .collect(),
                                Recipient::One(to) => vec![to],
                            };
                            // Uploaded once: the relay fans a broadcast out.
                            node.uplink_free =
                                node.uplink_free.max(done) + transmission(size, link.uplink);
                            *timeline.uploaded.entry(id).or_default() += size as u64;
                            let left = node.uplink_free;
                            for to in recipients {
                                let delay = link.latency + model.link_of(&to).latency;
                                queue.push(
                                    left + delay,
                                    Event::Arrive(to, message.to_incoming(id), size),
                                );
                            }
                        }
                        if let Some(output) = progress.output {
                            outcome.outputs.insert(id, output);
                            timeline.finished.insert(id, done);
                            node.running = false;
                        }
                    }
                    Err(error) => {
                        node.running = false;
                        outcome.failures.push(Failure { party: id, error });
                    }
                }
            }
            Event::Arrive(to, message, size) => {
                let downlink = model.link_of(&to).downlink;
                let Some(node) = nodes.get_mut(&to) else {
                    continue;
                };
                node.downlink_free = node.downlink_free.max(now) + transmission(size, downlink);
                queue.push(node.downlink_free, Event::Deliver(to, message));
            }
            Event::Deliver(to, message) => {
                let Some(node) = nodes.get_mut(&to) else {
                    continue;
                };
                if !node.running {
                    continue;
                }
                timeline.messages += 1;
                match node.party.receive(message) {
                    Ok(()) => {
                        if !node.scheduled {
                            node.scheduled = true;
                            queue.push(now.max(node.busy_until), Event::Step(to));
                        }
                    }
                    Err(error) => {
                        node.running = false;
                        timeline.end = timeline.end.max(now);
                        outcome.failures.push(Failure { party: to, error });
                    }
                }
            }
        }
    }
    for (id, node) in nodes.iter_mut() {
        if node.running {
            node.running = false;
            let error = node
                .party
                .waiting_for()
                .map(super::Waiting::timeout)
                .unwrap_or(Error::Timeout {
                    round: 0,
                    culprits: Vec::new(),
                });
            outcome.failures.push(Failure {
                party: *id,
                error: error.into(),
            });
        }
    }
    timeline.real = started.elapsed();
    (outcome, timeline)
}

/// Events by time, ties in the order they were scheduled.
struct Queue<S: Suite> {
    heap: BinaryHeap<Reverse<(Duration, u64)>>,
    events: BTreeMap<u64, Event<S>>,
    next: u64,
}

impl<S: Suite> Default for Queue<S> {
    fn default() -> Self {
        Self {
            heap: BinaryHeap::new(),
            events: BTreeMap::new(),
            next: 0,
        }
    }
}

impl<S: Suite> Queue<S> {
    fn push(&mut self, at: Duration, event: Event<S>) {
        self.heap.push(Reverse((at, self.next)));
        self.events.insert(self.next, event);
        self.next += 1;
    }

    fn pop(&mut self) -> Option<(Duration, Event<S>)> {
        let Reverse((at, seq)) = self.heap.pop()?;
        self.events.remove(&seq).map(|event| (at, event))
    }
}
