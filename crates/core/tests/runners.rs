//! The in-memory runner, its fault injectors and the simulated network,
//! driving a toy protocol whose every result is known in advance: each
//! party broadcasts its contribution (`10 * id`), then sends every other
//! party the sum it saw; each outputs that sum once the others' sums agree
//! with its own. (Real protocols through the same runners are tested in
//! tessera-keys' `runner` tests.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::protocol::faults::{Envelope, Intercept, NoFaults, Shuffle, Silence};
use tessera_core::protocol::local::{Failure, Outcome, run, run_with, with_rngs};
use tessera_core::protocol::simulation::{Compute, Link, Model, simulate};
use tessera_core::protocol::{Expect, Incoming, Outgoing, Progress, Protocol, Rounds, Waiting};
use tessera_core::suites::Secp256k1;
use tessera_core::{Error, Identifier, Scalar, SecretScalar, SecretShare, Wire};

type S = Secp256k1;

fn id(n: u16) -> Identifier<S> {
    Identifier::new(n).unwrap()
}

fn ids(n: u16) -> Vec<Identifier<S>> {
    (1..=n).map(id).collect()
}

fn payload(from: Identifier<S>, value: Scalar<S>) -> Vec<u8> {
    SecretShare::<S>::new(from, SecretScalar::new(value)).to_bytes()
}

fn contribution(party: Identifier<S>) -> Scalar<S> {
    Scalar::<S>::from(10 * u64::from(party.as_u16().unwrap()))
}

struct Sum {
    me: Identifier<S>,
    all: Vec<Identifier<S>>,
    rounds: Rounds<S>,
    started: bool,
    finished: bool,
    sum: Scalar<S>,
}

impl Sum {
    fn new(me: Identifier<S>, all: &[Identifier<S>]) -> Self {
        let others: Vec<_> = all.iter().copied().filter(|p| *p != me).collect();
        Self {
            me,
            all: all.to_vec(),
            rounds: Rounds::new(
                me,
                [
                    Expect::round(1).broadcast_from(others.clone()),
                    Expect::round(2).private_from(others),
                ],
            ),
            started: false,
            finished: false,
            sum: Scalar::<S>::from(0u64),
        }
    }

    fn parties(n: u16) -> Vec<Sum> {
        let all = ids(n);
        all.iter().map(|p| Sum::new(*p, &all)).collect()
    }
}

impl Protocol<S> for Sum {
    type Output = Scalar<S>;
    type Error = Error<S>;

    fn me(&self) -> Identifier<S> {
        self.me
    }

    fn participants(&self) -> &[Identifier<S>] {
        &self.all
    }

    fn receive(&mut self, message: Incoming<S>) -> Result<(), Error<S>> {
        self.rounds.receive(message)
    }

    fn proceed<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        _rng: &mut R,
    ) -> Result<Progress<S, Scalar<S>>, Error<S>> {
        let mut progress = Progress::default();
        if !self.started {
            self.started = true;
            progress.outgoing.push(Outgoing::broadcast(
                1,
                payload(self.me, contribution(self.me)),
            ));
        }
        while let Some(received) = self.rounds.take() {
            if received.round() == 1 {
                self.sum = contribution(self.me);
                for share in received.broadcasts::<SecretShare<S>>()?.values() {
                    self.sum += share.value().expose();
                }
                for to in self.all.iter().filter(|p| **p != self.me) {
                    progress
                        .outgoing
                        .push(Outgoing::private(2, *to, payload(self.me, self.sum)));
                }
            } else {
                for (from, share) in received.privates::<SecretShare<S>>()? {
                    if *share.value().expose() != self.sum {
                        return Err(Error::WrongSession {
                            culprit: from,
                            what: "sum",
                        });
                    }
                }
                self.finished = true;
                progress.output = Some(self.sum);
            }
        }
        Ok(progress)
    }

    fn waiting_for(&self) -> Option<Waiting<S>> {
        if self.started && !self.finished {
            self.rounds.waiting()
        } else {
            None
        }
    }
}

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(8)
}

/// 10 + 20 + 30.
fn sixty() -> Scalar<S> {
    Scalar::<S>::from(60u64)
}

fn all_sixty(outcome: Outcome<S, Scalar<S>, Error<S>>) {
    let outputs = outcome.into_result().unwrap();
    assert_eq!(outputs.keys().copied().collect::<Vec<_>>(), ids(3));
    assert!(outputs.values().all(|v| *v == sixty()));
}

#[test]
fn without_faults_every_party_outputs_the_sum() {
    let outcome = run(Sum::parties(3), &mut rng());
    assert!(outcome.failures.is_empty());
    assert_eq!(outcome.error_of(&id(1)), None);
    all_sixty(outcome);
    let mut rng = rng();
    let with = with_rngs(Sum::parties(3), &mut rng);
    assert_eq!(with.len(), 3);
    all_sixty(run_with(with, &mut NoFaults));
}

#[test]
fn a_silenced_party_is_named_by_everyone_waiting_for_it() {
    let silence = Silence(BTreeSet::from([id(3)]));
    let outcome = run_with(with_rngs(Sum::parties(3), &mut rng()), &mut silence.clone());
    assert!(outcome.outputs.is_empty());
    let timeout = Error::Timeout {
        round: 1,
        culprits: vec![id(3)],
    };
    assert_eq!(outcome.error_of(&id(1)), Some(&timeout));
    assert_eq!(outcome.error_of(&id(2)), Some(&timeout));
    assert_eq!(outcome.error_of(&id(3)), None);
    assert_eq!(
        outcome.into_result().unwrap_err(),
        Failure {
            party: id(1),
            error: timeout
        }
    );
}

#[test]
fn a_dropped_message_times_out_only_its_recipient() {
    // 2's round-2 message to 1 is lost.
    let mut drop = Intercept(|e: Envelope<S>| {
        if e.to == id(1) && e.message.from == id(2) && e.message.round == 2 {
            vec![]
        } else {
            vec![e]
        }
    });
    let outcome = run_with(with_rngs(Sum::parties(3), &mut rng()), &mut drop);
    assert_eq!(
        outcome.outputs.keys().copied().collect::<Vec<_>>(),
        [id(2), id(3)]
    );
    assert_eq!(
        outcome.failures,
        [Failure {
            party: id(1),
            error: Error::Timeout {
                round: 2,
                culprits: vec![id(2)]
            }
        }]
    );
}

#[test]
fn duplicates_change_nothing_and_a_second_version_is_equivocation() {
    let mut twice = Intercept(|e: Envelope<S>| vec![e.clone(), e]);
    all_sixty(run_with(with_rngs(Sum::parties(3), &mut rng()), &mut twice));
    // 3 receives two different round-1 broadcasts from 2.
    let mut equivocate = Intercept(|e: Envelope<S>| {
        if e.to == id(3) && e.message.from == id(2) && e.message.round == 1 {
            let mut other = e.clone();
            other.message.payload = payload(id(2), Scalar::<S>::from(99u64)).into();
            vec![e, other]
        } else {
            vec![e]
        }
    });
    let outcome = run_with(with_rngs(Sum::parties(3), &mut rng()), &mut equivocate);
    assert_eq!(
        outcome.error_of(&id(3)),
        Some(&Error::Equivocation {
            culprit: id(2),
            round: 1
        })
    );
}

#[test]
fn any_delivery_order_gives_the_same_result() {
    for seed in 0..8 {
        let mut shuffle = Shuffle(ChaCha20Rng::seed_from_u64(seed));
        all_sixty(run_with(
            with_rngs(Sum::parties(3), &mut rng()),
            &mut shuffle,
        ));
    }
}

#[test]
fn a_second_party_with_the_same_identifier_is_refused() {
    let all = ids(3);
    let mut parties = Sum::parties(3);
    parties.push(Sum::new(id(2), &all));
    let outcome = run(parties, &mut rng());
    assert_eq!(
        outcome.failures,
        [Failure {
            party: id(2),
            error: Error::DuplicateParticipant { culprit: id(2) }
        }]
    );
    assert_eq!(outcome.outputs.len(), 3);
}

fn model(latency_ms: u64, bits_per_second: u64, overhead: usize) -> Model<S> {
    let mut model = Model::new(Link {
        latency: Duration::from_millis(latency_ms),
        uplink: bits_per_second,
        downlink: bits_per_second,
    });
    model.overhead = overhead;
    model.compute = Compute::Ignored;
    model
}

#[test]
fn on_a_network_of_latency_only_each_round_is_one_trip_through_the_relay() {
    // One way through the relay is 2 x 10 ms; two rounds, two trips.
    let (outcome, timeline) = simulate(with_rngs(Sum::parties(3), &mut rng()), &model(10, 0, 64));
    all_sixty(outcome);
    let forty = Duration::from_millis(40);
    assert_eq!(timeline.end, forty);
    assert!(timeline.finished.values().all(|t| *t == forty));
    // 3 broadcasts to 2 recipients, then 6 private messages.
    assert_eq!(timeline.messages, 12);
    let size = payload(id(1), sixty()).len() as u64 + 64;
    assert!(timeline.uploaded.values().all(|b| *b == 3 * size));
    assert!(timeline.compute.values().all(|c| c.is_zero()));
}

#[test]
fn bandwidth_serialises_messages_on_each_link() {
    // 8 Mbit/s: one byte per microsecond, so a message of `size` bytes
    // takes tx = size us on each link. Round 1: every party uploads its
    // broadcast (tx), it crosses the relay (2L) and the two broadcasts
    // each party receives arrive together and come down one after the
    // other: the round is complete at T1 = 3tx + 2L. Round 2: each party
    // uploads its two private messages one after the other (to the lower
    // identifier first), at T1 + tx and T1 + 2tx. Party 1 gets both of its
    // messages first-sent, down by T1 + 3tx + 2L; party 2 gets 1's first
    // and 3's second, also by T1 + 3tx + 2L; party 3 gets both second-sent,
    // down at T1 + 3tx + 2L and T1 + 4tx + 2L.
    let overhead = 100;
    let size = payload(id(1), sixty()).len() + overhead;
    let tx = Duration::from_micros(size as u64);
    let l = Duration::from_millis(10);
    let (outcome, timeline) = simulate(
        with_rngs(Sum::parties(3), &mut rng()),
        &model(10, 8_000_000, overhead),
    );
    all_sixty(outcome);
    let t1 = 3 * tx + 2 * l;
    let expected = BTreeMap::from([
        (id(1), t1 + 3 * tx + 2 * l),
        (id(2), t1 + 3 * tx + 2 * l),
        (id(3), t1 + 4 * tx + 2 * l),
    ]);
    assert_eq!(timeline.finished, expected);
    assert_eq!(timeline.end, t1 + 4 * tx + 2 * l);
}

#[test]
fn a_silent_party_in_a_simulation_is_named_by_the_others() {
    let mut parties = Sum::parties(3);
    parties.pop();
    let (outcome, timeline) = simulate(with_rngs(parties, &mut rng()), &model(10, 0, 64));
    let timeout = Error::Timeout {
        round: 1,
        culprits: vec![id(3)],
    };
    assert_eq!(outcome.error_of(&id(1)), Some(&timeout));
    assert_eq!(outcome.error_of(&id(2)), Some(&timeout));
    assert!(timeline.finished.is_empty());
}

#[test]
fn shuffle_delivers_a_nonempty_part_in_varying_orders_and_loses_nothing() {
    use tessera_core::protocol::Delivery;
    use tessera_core::protocol::faults::Faults;
    let envelopes: Vec<Envelope<S>> = (1..=10u8)
        .map(|n| Envelope {
            to: id(1),
            message: Incoming {
                from: id(2),
                round: 1,
                delivery: Delivery::Broadcast,
                payload: vec![n].into(),
            },
        })
        .collect();
    let mut orders = BTreeSet::new();
    let mut cuts = BTreeSet::new();
    // A uniform shuffle leaves any element in place with probability 1/10;
    // a cyclic one (Sattolo's) never does.
    let mut last_stayed = false;
    for seed in 0..64 {
        let mut shuffle = Shuffle(ChaCha20Rng::seed_from_u64(seed));
        let mut in_flight = envelopes.clone();
        let batch = shuffle.schedule(&mut in_flight);
        assert!(!batch.is_empty(), "seed {seed}");
        cuts.insert(batch.len());
        let order: Vec<u8> = batch
            .iter()
            .chain(&in_flight)
            .map(|e| e.message.payload[0])
            .collect();
        last_stayed |= order[9] == 10;
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (1..=10).collect::<Vec<u8>>(), "seed {seed}");
        orders.insert(order);
    }
    assert!(orders.len() > 1 && cuts.len() > 1, "{orders:?} {cuts:?}");
    assert!(last_stayed);
}

thread_local! {
    static TICKS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A clock that advances 1 ms per reading: every step measures 1 ms.
fn one_ms_per_reading() -> Duration {
    TICKS.with(|t| {
        t.set(t.get() + 1);
        Duration::from_millis(t.get())
    })
}

#[test]
fn measured_compute_delays_each_step_and_is_summed_per_party() {
    // Every party steps three times: at 0 (broadcast, done at 1 ms), when
    // the two broadcasts arrive together at 1 + 20 ms (sums sent at 22 ms),
    // and when the sums arrive at 22 + 20 ms (output at 43 ms).
    let mut model = model(10, 0, 64);
    model.compute = Compute::Measured;
    model.clock = one_ms_per_reading;
    let (outcome, timeline) = simulate(with_rngs(Sum::parties(3), &mut rng()), &model);
    all_sixty(outcome);
    let ms = Duration::from_millis;
    assert!(
        timeline.compute.values().all(|c| *c == ms(3)),
        "{:?}",
        timeline.compute
    );
    assert!(
        timeline.finished.values().all(|t| *t == ms(43)),
        "{:?}",
        timeline.finished
    );
    assert_eq!(timeline.end, ms(43));
}
