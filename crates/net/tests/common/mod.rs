//! Helpers of the tessera-net tests: identities, rosters, sessions, and a
//! small broadcast-only protocol for the equivocation test.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::Duration;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::protocol::{Expect, Incoming, Outgoing, Progress, Protocol, Rounds, Waiting};
use tessera_core::{Identifier, Suite};
use tessera_net::{Identity, Roster, Session};

/// `n` identities and the roster mapping identifiers 1..=n to them.
pub fn parties<S: Suite>(n: u16, seed: u64) -> (Vec<Identifier<S>>, Vec<Identity>, Roster<S>) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let ids: Vec<Identifier<S>> = (1..=n).map(|i| Identifier::new(i).unwrap()).collect();
    let identities: Vec<Identity> = ids.iter().map(|_| Identity::generate(&mut rng)).collect();
    let roster = Roster::new(
        ids.iter()
            .copied()
            .zip(identities.iter().map(|i| i.public())),
    )
    .unwrap();
    (ids, identities, roster)
}

/// A session over `roster` with `timeout` per round.
pub fn session<S: Suite>(label: &str, roster: &Roster<S>, timeout: Duration) -> Session<S> {
    Session {
        id: tessera_net::runner::session_id(label, roster, b"test"),
        roster: roster.clone(),
        round_timeout: timeout,
    }
}

/// A one-round protocol: every party broadcasts `value`; the output is
/// the round collected.
pub struct Echo<S: Suite> {
    me: Identifier<S>,
    participants: Vec<Identifier<S>>,
    value: Vec<u8>,
    rounds: Rounds<S>,
    started: bool,
    over: bool,
}

impl<S: Suite> Echo<S> {
    pub fn new(me: Identifier<S>, participants: &[Identifier<S>], value: &[u8]) -> Self {
        let others = participants.iter().copied().filter(|p| *p != me);
        Self {
            me,
            participants: participants.to_vec(),
            value: value.to_vec(),
            rounds: Rounds::new(me, [Expect::round(1).broadcast_from(others)]),
            started: false,
            over: false,
        }
    }
}

impl<S: Suite> Protocol<S> for Echo<S> {
    type Output = u16;
    type Error = tessera_core::Error<S>;

    fn me(&self) -> Identifier<S> {
        self.me
    }
    fn participants(&self) -> &[Identifier<S>] {
        &self.participants
    }
    fn receive(&mut self, message: Incoming<S>) -> Result<(), Self::Error> {
        self.rounds.receive(message)
    }
    fn proceed<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        _rng: &mut R,
    ) -> Result<Progress<S, Self::Output>, Self::Error> {
        let mut progress = Progress::default();
        if !self.started {
            self.started = true;
            progress
                .outgoing
                .push(Outgoing::broadcast(1, self.value.clone()));
        }
        if let Some(received) = self.rounds.take() {
            self.over = true;
            progress.output = Some(received.round());
        }
        Ok(progress)
    }
    fn waiting_for(&self) -> Option<Waiting<S>> {
        if self.started && !self.over {
            self.rounds.waiting()
        } else {
            None
        }
    }
}
