//! The round bookkeeping every protocol party shares: who must send what in
//! which round, one message per sender, duplicates and equivocation.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{Delivery, Incoming, Waiting};
use crate::encoding::Wire;
use crate::error::Error;
use crate::identifier::Identifier;
use crate::suite::Suite;

/// What a party expects in one round: who broadcasts to it, who sends it a
/// private message. A sender may appear in both lists (a reshare dealer
/// broadcasts its commitment and sends each member a sub-share).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expect<S: Suite> {
    round: u16,
    broadcast: Vec<Identifier<S>>,
    private: Vec<Identifier<S>>,
}

impl<S: Suite> Expect<S> {
    /// Nothing yet for `round`.
    pub fn round(round: u16) -> Self {
        Self {
            round,
            broadcast: Vec::new(),
            private: Vec::new(),
        }
    }

    /// Adds the senders of a broadcast.
    pub fn broadcast_from(mut self, ids: impl IntoIterator<Item = Identifier<S>>) -> Self {
        self.broadcast.extend(ids);
        self.broadcast.sort();
        self.broadcast.dedup();
        self
    }

    /// Adds the senders of a private message.
    pub fn private_from(mut self, ids: impl IntoIterator<Item = Identifier<S>>) -> Self {
        self.private.extend(ids);
        self.private.sort();
        self.private.dedup();
        self
    }

    fn senders(&self, delivery: Delivery) -> &[Identifier<S>] {
        match delivery {
            Delivery::Broadcast => &self.broadcast,
            Delivery::Private => &self.private,
        }
    }

    fn count(&self) -> usize {
        self.broadcast.len() + self.private.len()
    }
}

/// Which message: round, delivery, sender.
type Key<S> = (u16, Delivery, Identifier<S>);

/// One party's inbox over a whole session: the rounds it receives in
/// ([`Expect`], in increasing order), the messages buffered for each, and a
/// digest of every message accepted, so that a replayed copy is ignored and
/// a different second message is named as equivocation.
#[derive(Debug)]
pub struct Rounds<S: Suite> {
    me: Identifier<S>,
    schedule: Vec<Expect<S>>,
    /// Index in `schedule` of the round being collected.
    next: usize,
    /// Messages accepted and not yet taken, per round index.
    pending: BTreeMap<Key<S>, Zeroizing<Vec<u8>>>,
    /// How many messages of each scheduled round are pending.
    counts: Vec<usize>,
    /// SHA-256 of every accepted message.
    seen: BTreeMap<Key<S>, [u8; 32]>,
}

impl<S: Suite> Rounds<S> {
    /// The inbox of `me` for the rounds of `schedule` (rounds it expects
    /// nothing in may be left out; empty expectations are dropped).
    pub fn new(me: Identifier<S>, schedule: impl IntoIterator<Item = Expect<S>>) -> Self {
        // Two entries for one round are one expectation.
        let mut by_round: BTreeMap<u16, Expect<S>> = BTreeMap::new();
        for e in schedule {
            let entry = by_round
                .remove(&e.round)
                .unwrap_or_else(|| Expect::round(e.round));
            by_round.insert(
                e.round,
                entry.broadcast_from(e.broadcast).private_from(e.private),
            );
        }
        let merged: Vec<Expect<S>> = by_round.into_values().filter(|e| e.count() > 0).collect();
        let counts = vec![0; merged.len()];
        Self {
            me,
            schedule: merged,
            next: 0,
            pending: BTreeMap::new(),
            counts,
            seen: BTreeMap::new(),
        }
    }

    /// Checks and buffers one message: it must come from a sender expected
    /// in its round with its delivery. An identical copy of a message
    /// already accepted (even of a round already taken) is ignored; a
    /// different one is [`Error::Equivocation`].
    pub fn receive(&mut self, message: Incoming<S>) -> Result<(), Error<S>> {
        let Incoming {
            from,
            round,
            delivery,
            payload,
        } = message;
        let unexpected = Error::UnexpectedMessage {
            culprit: from,
            round,
            delivery,
        };
        if from == self.me {
            return Err(unexpected);
        }
        let Some(index) = self.schedule.iter().position(|e| e.round == round) else {
            return Err(unexpected);
        };
        let expected = self
            .schedule
            .get(index)
            .is_some_and(|e| e.senders(delivery).binary_search(&from).is_ok());
        if !expected {
            return Err(unexpected);
        }
        let digest: [u8; 32] = Sha256::digest(payload.as_slice()).into();
        let key = (round, delivery, from);
        match self.seen.get(&key) {
            Some(seen) if *seen == digest => Ok(()),
            Some(_) => Err(Error::Equivocation {
                culprit: from,
                round,
            }),
            None => {
                self.seen.insert(key, digest);
                self.pending.insert(key, payload);
                if let Some(count) = self.counts.get_mut(index) {
                    *count += 1;
                }
                Ok(())
            }
        }
    }

    /// Whether every message of the round being collected is in.
    pub fn is_ready(&self) -> bool {
        match (self.schedule.get(self.next), self.counts.get(self.next)) {
            (Some(e), Some(count)) => *count == e.count(),
            _ => false,
        }
    }

    /// Whether every scheduled round has been taken.
    pub fn is_finished(&self) -> bool {
        self.next >= self.schedule.len()
    }

    /// The round being collected and its missing senders; `None` when
    /// every round has been taken.
    pub fn waiting(&self) -> Option<Waiting<S>> {
        let e = self.schedule.get(self.next)?;
        let missing = |delivery: Delivery| {
            e.senders(delivery)
                .iter()
                .filter(move |id| !self.pending.contains_key(&(e.round, delivery, **id)))
                .copied()
        };
        let mut from: Vec<Identifier<S>> = missing(Delivery::Broadcast)
            .chain(missing(Delivery::Private))
            .collect();
        from.sort();
        from.dedup();
        Some(Waiting {
            round: e.round,
            from,
        })
    }

    /// Takes the messages of the round being collected, if all are in, and
    /// moves on to the next round.
    pub fn take(&mut self) -> Option<Received<S>> {
        if !self.is_ready() {
            return None;
        }
        let round = self.schedule.get(self.next)?.round;
        self.next += 1;
        let (this, later): (BTreeMap<_, _>, BTreeMap<_, _>) = core::mem::take(&mut self.pending)
            .into_iter()
            .partition(|((r, _, _), _)| *r == round);
        self.pending = later;
        let mut received = Received {
            round,
            broadcast: BTreeMap::new(),
            private: BTreeMap::new(),
        };
        for ((_, delivery, from), payload) in this {
            match delivery {
                Delivery::Broadcast => received.broadcast.insert(from, payload),
                Delivery::Private => received.private.insert(from, payload),
            };
        }
        Some(received)
    }
}

/// The messages of one round, by sender: exactly one from every expected
/// sender, as [`Rounds::take`] returns them.
#[derive(Debug)]
pub struct Received<S: Suite> {
    round: u16,
    broadcast: BTreeMap<Identifier<S>, Zeroizing<Vec<u8>>>,
    private: BTreeMap<Identifier<S>, Zeroizing<Vec<u8>>>,
}

impl<S: Suite> Received<S> {
    /// The round.
    pub fn round(&self) -> u16 {
        self.round
    }

    /// The broadcasts, decoded as `T`; a message that does not decode is
    /// [`Error::MalformedMessage`] naming its sender.
    pub fn broadcasts<T: Wire<S>>(&self) -> Result<BTreeMap<Identifier<S>, T>, Error<S>> {
        decode_all(self.round, &self.broadcast)
    }

    /// The private messages, decoded as `T`, likewise.
    pub fn privates<T: Wire<S>>(&self) -> Result<BTreeMap<Identifier<S>, T>, Error<S>> {
        decode_all(self.round, &self.private)
    }

    /// The single broadcast of the round (a coordinator's), decoded, with
    /// its sender.
    pub fn only_broadcast<T: Wire<S>>(&self) -> Result<(Identifier<S>, T), Error<S>> {
        self.broadcasts()?
            .into_iter()
            .next()
            .ok_or(Error::TooFewParticipants { needed: 1, got: 0 })
    }
}

/// Decodes every payload of `messages`, naming the sender of the first that
/// fails.
fn decode_all<S: Suite, T: Wire<S>>(
    round: u16,
    messages: &BTreeMap<Identifier<S>, Zeroizing<Vec<u8>>>,
) -> Result<BTreeMap<Identifier<S>, T>, Error<S>> {
    messages
        .iter()
        .map(|(from, payload)| {
            T::from_bytes(payload)
                .map(|value| (*from, value))
                .map_err(|reason| Error::MalformedMessage {
                    culprit: *from,
                    round,
                    reason: Box::new(reason),
                })
        })
        .collect()
}
