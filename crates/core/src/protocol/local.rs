//! The in-memory runner: any [`Protocol`]'s parties run in one process, its
//! messages routed between them, optionally through a fault injector
//! ([`super::faults`]).
//!
//! The runner alternates two phases until every party has finished or
//! failed:
//!
//! 1. **deliver**: the messages in flight chosen by
//!    [`Faults::schedule`] (all of them, without faults) are handed to their
//!    recipients' [`Protocol::receive`];
//! 2. **step**: every party that received something runs
//!    [`Protocol::proceed`] (each with its own random generator, so the
//!    parties' results do not depend on the order they run in, and a
//!    runner may step them in parallel); what they send goes in flight
//!    through [`Faults::intercept`].
//!
//! When nothing is in flight and parties are still waiting, each of them
//! fails with [`Error::Timeout`] naming the parties it waits for: the
//! in-memory form of a network timeout.

use std::collections::BTreeMap;

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

use super::faults::{Envelope, Faults, NoFaults};
use super::{Outgoing, Protocol, Recipient};
use crate::error::Error;
use crate::identifier::Identifier;
use crate::suite::Suite;

/// A party that failed, and its error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure<S: Suite, E> {
    /// The party that reported the error.
    pub party: Identifier<S>,
    /// Its error (which names the culprit, where one can be named).
    pub error: E,
}

/// What a run produced: the outputs of the parties that finished and the
/// errors of those that failed, in the order they failed.
#[derive(Debug)]
pub struct Outcome<S: Suite, O, E> {
    /// Outputs, by party.
    pub outputs: BTreeMap<Identifier<S>, O>,
    /// Failures, earliest first (timeouts, found when everything else has
    /// stopped, come last).
    pub failures: Vec<Failure<S, E>>,
}

impl<S: Suite, O, E> Outcome<S, O, E> {
    /// Every output if no party failed, else the earliest failure.
    pub fn into_result(mut self) -> Result<BTreeMap<Identifier<S>, O>, Failure<S, E>> {
        if self.failures.is_empty() {
            Ok(self.outputs)
        } else {
            Err(self.failures.swap_remove(0))
        }
    }

    /// The error of `party`, if it failed.
    pub fn error_of(&self, party: &Identifier<S>) -> Option<&E> {
        self.failures
            .iter()
            .find(|f| f.party == *party)
            .map(|f| &f.error)
    }
}

/// One random generator per party, each seeded from `rng` (ChaCha20 with a
/// 256-bit seed drawn from `rng`), in the order of `parties`.
pub fn with_rngs<P, R: rand_core::CryptoRng + ?Sized>(
    parties: Vec<P>,
    rng: &mut R,
) -> Vec<(P, ChaCha20Rng)> {
    parties
        .into_iter()
        .map(|p| (p, ChaCha20Rng::from_rng(&mut *rng)))
        .collect()
}

/// Runs `parties` to the end with no faults, each with a random generator
/// seeded from `rng`.
pub fn run<S, P, R>(parties: Vec<P>, rng: &mut R) -> Outcome<S, P::Output, P::Error>
where
    S: Suite,
    P: Protocol<S>,
    R: rand_core::CryptoRng + ?Sized,
{
    run_with(with_rngs(parties, rng), &mut NoFaults)
}

/// The state of one party in a run.
enum Status {
    Running,
    Finished,
    Failed,
    Silenced,
}

/// A party with its generator and status.
struct Slot<P, R> {
    party: P,
    rng: R,
    status: Status,
    /// Received something since it last ran.
    touched: bool,
}

/// Runs `parties`, each with its own random generator, through `faults`.
/// Two parties with the same identifier: the second fails with
/// [`Error::DuplicateParticipant`].
pub fn run_with<S, P, R, F>(parties: Vec<(P, R)>, faults: &mut F) -> Outcome<S, P::Output, P::Error>
where
    S: Suite,
    P: Protocol<S>,
    R: rand_core::CryptoRng,
    F: Faults<S> + ?Sized,
{
    let mut outcome = Outcome {
        outputs: BTreeMap::new(),
        failures: Vec::new(),
    };
    let mut slots: BTreeMap<Identifier<S>, Slot<P, R>> = BTreeMap::new();
    for (party, rng) in parties {
        let id = party.me();
        if slots.contains_key(&id) {
            outcome.failures.push(Failure {
                party: id,
                error: Error::DuplicateParticipant { culprit: id }.into(),
            });
            continue;
        }
        let status = if faults.silenced(&id) {
            Status::Silenced
        } else {
            Status::Running
        };
        slots.insert(
            id,
            Slot {
                party,
                rng,
                status,
                touched: true,
            },
        );
    }

    let mut in_flight = Vec::new();
    loop {
        // Step every party that has something new (at first: all).
        for (id, slot) in slots.iter_mut() {
            if !slot.touched || !matches!(slot.status, Status::Running) {
                continue;
            }
            slot.touched = false;
            match slot.party.proceed(&mut slot.rng) {
                Ok(progress) => {
                    for message in progress.outgoing {
                        send(
                            *id,
                            slot.party.participants(),
                            message,
                            faults,
                            &mut in_flight,
                        );
                    }
                    if let Some(output) = progress.output {
                        outcome.outputs.insert(*id, output);
                        slot.status = Status::Finished;
                    }
                }
                Err(error) => fail(slot, *id, error, &mut outcome),
            }
        }
        if !slots.values().any(|s| matches!(s.status, Status::Running)) {
            break;
        }
        if in_flight.is_empty() {
            // Nothing can arrive any more: every waiting party times out.
            for (id, slot) in slots.iter_mut() {
                if matches!(slot.status, Status::Running) {
                    let error = slot
                        .party
                        .waiting_for()
                        .map(super::Waiting::timeout)
                        .unwrap_or(Error::Timeout {
                            round: 0,
                            culprits: Vec::new(),
                        });
                    fail(slot, *id, error.into(), &mut outcome);
                }
            }
            break;
        }
        // Deliver what the schedule picks (everything, if it picks nothing).
        let mut batch = faults.schedule(&mut in_flight);
        if batch.is_empty() {
            batch = core::mem::take(&mut in_flight);
        }
        for envelope in batch {
            let Some(slot) = slots.get_mut(&envelope.to) else {
                continue;
            };
            if !matches!(slot.status, Status::Running) {
                continue;
            }
            match slot.party.receive(envelope.message) {
                Ok(()) => slot.touched = true,
                Err(error) => fail(slot, envelope.to, error, &mut outcome),
            }
        }
    }
    outcome
}

/// Marks a party failed and records its error.
fn fail<S: Suite, P, R, O, E>(
    slot: &mut Slot<P, R>,
    party: Identifier<S>,
    error: E,
    outcome: &mut Outcome<S, O, E>,
) {
    slot.status = Status::Failed;
    outcome.failures.push(Failure { party, error });
}

/// Puts `message` from `from` in flight, once per recipient (every other
/// participant for a broadcast), through the fault injector.
fn send<S: Suite, F: Faults<S> + ?Sized>(
    from: Identifier<S>,
    participants: &[Identifier<S>],
    message: Outgoing<S>,
    faults: &mut F,
    in_flight: &mut Vec<Envelope<S>>,
) {
    let recipients: Vec<Identifier<S>> = match message.to {
        Recipient::All => participants
            .iter()
            .copied()
            .filter(|id| *id != from)
            .collect(),
        Recipient::One(to) => vec![to],
    };
    for to in recipients {
        let envelope = Envelope {
            to,
            message: message.to_incoming(from),
        };
        in_flight.extend(faults.intercept(envelope));
    }
}
