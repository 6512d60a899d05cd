//! Fault injection for the in-memory runner ([`super::local::run_with`]):
//! drop, alter, duplicate, misaddress or reorder messages, silence a party.
//!
//! A [`Faults`] implementation sees every message as an [`Envelope`] when it
//! is sent (after a broadcast is fanned out to its recipients) and decides
//! what is delivered in its place, and when. The stock injectors cover the
//! usual cases; a test writes its own for anything else.

use std::collections::BTreeSet;

use super::Incoming;
use crate::identifier::Identifier;
use crate::suite::Suite;

/// A message in flight: its recipient and what the recipient receives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope<S: Suite> {
    /// The recipient.
    pub to: Identifier<S>,
    /// The message (sender, round, delivery, payload).
    pub message: Incoming<S>,
}

/// What the in-memory runner lets a test do to a session.
pub trait Faults<S: Suite> {
    /// Whether `party` is silenced: it is never run, so it sends nothing
    /// and the others' [`waiting_for`](super::Protocol::waiting_for) names
    /// it.
    fn silenced(&self, _party: &Identifier<S>) -> bool {
        false
    }

    /// Called once for every message sent (one call per recipient of a
    /// broadcast); returns what goes in flight instead: nothing (dropped),
    /// the envelope as it is or altered (payload, sender, recipient, round,
    /// delivery), or several (duplicates, equivocation).
    fn intercept(&mut self, envelope: Envelope<S>) -> Vec<Envelope<S>> {
        vec![envelope]
    }

    /// Chooses the messages delivered next from those in flight (taking
    /// them out of `in_flight`); what stays is delivered later. The default
    /// delivers everything in the order sent. If nothing is chosen while
    /// messages are in flight, the runner delivers them all.
    fn schedule(&mut self, in_flight: &mut Vec<Envelope<S>>) -> Vec<Envelope<S>> {
        core::mem::take(in_flight)
    }
}

/// No faults: every message is delivered once, in the order sent.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoFaults;

impl<S: Suite> Faults<S> for NoFaults {}

/// Silences the listed parties.
#[derive(Clone, Debug)]
pub struct Silence<S: Suite>(pub BTreeSet<Identifier<S>>);

impl<S: Suite> Faults<S> for Silence<S> {
    fn silenced(&self, party: &Identifier<S>) -> bool {
        self.0.contains(party)
    }
}

/// Rewrites messages in flight with a closure (see
/// [`Faults::intercept`]).
pub struct Intercept<F>(pub F);

impl<S: Suite, F: FnMut(Envelope<S>) -> Vec<Envelope<S>>> Faults<S> for Intercept<F> {
    fn intercept(&mut self, envelope: Envelope<S>) -> Vec<Envelope<S>> {
        (self.0)(envelope)
    }
}

/// Delivers messages in a random order: each step shuffles what is in
/// flight and delivers a random, non-empty part of it, so messages of a
/// later round may overtake those of an earlier one.
pub struct Shuffle<R>(pub R);

impl<S: Suite, R: rand_core::Rng> Faults<S> for Shuffle<R> {
    fn schedule(&mut self, in_flight: &mut Vec<Envelope<S>>) -> Vec<Envelope<S>> {
        // Fisher-Yates, then a random cut.
        for i in (1..in_flight.len()).rev() {
            let j = index(&mut self.0, i + 1);
            in_flight.swap(i, j);
        }
        let cut = 1 + index(&mut self.0, in_flight.len().max(1));
        let rest = in_flight.split_off(cut.min(in_flight.len()));
        core::mem::replace(in_flight, rest)
    }
}

/// A random index below `n` (`n > 0`); the modulo bias is irrelevant for
/// scheduling tests.
fn index<R: rand_core::Rng>(rng: &mut R, n: usize) -> usize {
    usize::try_from(rng.next_u64() % (n.max(1) as u64)).unwrap_or(0)
}
