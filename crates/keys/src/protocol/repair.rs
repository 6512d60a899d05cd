//! Repair and enrolment ([`crate::repair`]) as one party's [`Protocol`].
//!
//! The session's participants are the helpers and the target.
//!
//! ```text
//!  helper i                                          others
//!  ── round 1 ─────────────────────────────────────────────────────────────
//!  step1: split lambda_i(r) s_i into summands delta_ij
//!        RepairCommitments_i ═══ broadcast ═══▶ every helper and the target
//!        RepairDelta_ij ──────── private ─────▶ each other helper j (secret)
//!  ── round 2 (every helper's round-1 messages in) ─────────────────────────
//!  step2: check them, sum the summands received
//!        RepairSigma_i ───────── private ─────▶ the target (secret)
//!        output: None (a helper gets nothing)
//!  ── end, at the target (every helper's messages in) ──────────────────────
//!  step3: check everything, add the sums
//!        output: Some((key package, public key package))
//! ```

use std::collections::BTreeMap;

use tessera_core::protocol::{Expect, Incoming, Outgoing, Progress, Protocol, Rounds, Waiting};
use tessera_core::{Identifier, Suite, Wire};
use tessera_frost::{KeyPackage, PublicKeyPackage};

use crate::error::Error;
use crate::repair::{self, RepairCommitments, RepairConfig, RepairDelta, RepairSigma};

/// Where a repair party is.
enum State<S: Suite> {
    Start,
    /// A helper that sent its round-1 messages: keeps its own broadcast
    /// and its own summand.
    Helping {
        own_commitments: RepairCommitments<S>,
        own_delta: Option<RepairDelta<S>>,
    },
    /// The target, collecting the helpers' broadcasts.
    Target,
    /// The target, with the helpers' broadcasts, collecting their sums.
    TargetSums(BTreeMap<Identifier<S>, RepairCommitments<S>>),
    Over,
}

/// A party of a repair: one of the helpers, or the target.
pub struct RepairParty<'a, S: Suite> {
    config: RepairConfig<S>,
    me: Identifier<S>,
    key: Option<&'a KeyPackage<S>>,
    participants: Vec<Identifier<S>>,
    rounds: Rounds<S>,
    state: State<S>,
}

impl<'a, S: Suite> RepairParty<'a, S> {
    /// A helper of `config`, with its key package.
    pub fn helper(config: &RepairConfig<S>, key: &'a KeyPackage<S>) -> Result<Self, Error<S>> {
        let me = key.id();
        if config.helpers().binary_search(&me).is_err() {
            return Err(tessera_core::Error::UnknownParticipant { culprit: me }.into());
        }
        let others: Vec<Identifier<S>> = config
            .helpers()
            .iter()
            .copied()
            .filter(|id| *id != me)
            .collect();
        let expect = Expect::round(1)
            .broadcast_from(others.iter().copied())
            .private_from(others);
        Ok(Self::with(config, me, Some(key), [expect]))
    }

    /// The target of `config`.
    pub fn target(config: &RepairConfig<S>) -> Self {
        let helpers = config.helpers().iter().copied();
        let schedule = [
            Expect::round(1).broadcast_from(helpers.clone()),
            Expect::round(2).private_from(helpers),
        ];
        Self::with(config, config.target(), None, schedule)
    }

    fn with(
        config: &RepairConfig<S>,
        me: Identifier<S>,
        key: Option<&'a KeyPackage<S>>,
        schedule: impl IntoIterator<Item = Expect<S>>,
    ) -> Self {
        let mut participants = config.helpers().to_vec();
        participants.push(config.target());
        participants.sort();
        Self {
            config: config.clone(),
            me,
            key,
            participants,
            rounds: Rounds::new(me, schedule),
            state: State::Start,
        }
    }
}

impl<S: Suite> Protocol<S> for RepairParty<'_, S> {
    /// The target's key package and public key package; `None` at a helper.
    type Output = Option<(KeyPackage<S>, PublicKeyPackage<S>)>;
    type Error = Error<S>;

    fn me(&self) -> Identifier<S> {
        self.me
    }

    fn participants(&self) -> &[Identifier<S>] {
        &self.participants
    }

    fn receive(&mut self, message: Incoming<S>) -> Result<(), Error<S>> {
        Ok(self.rounds.receive(message)?)
    }

    fn proceed<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
    ) -> Result<Progress<S, Self::Output>, Error<S>> {
        let mut progress = Progress::default();
        loop {
            match core::mem::replace(&mut self.state, State::Over) {
                State::Start => match self.key {
                    Some(key) => {
                        let (commitments, deltas) = repair::step1(&self.config, key, rng)?;
                        progress
                            .outgoing
                            .push(Outgoing::broadcast(1, commitments.to_bytes()));
                        let mut own_delta = None;
                        for (to, delta) in deltas {
                            if to == self.me {
                                own_delta = Some(delta);
                            } else {
                                progress
                                    .outgoing
                                    .push(Outgoing::private(1, to, delta.to_bytes()));
                            }
                        }
                        self.state = State::Helping {
                            own_commitments: commitments,
                            own_delta,
                        };
                    }
                    None => self.state = State::Target,
                },
                State::Helping {
                    own_commitments,
                    own_delta,
                } => {
                    let (Some(received), Some(key)) = (self.rounds.take(), self.key) else {
                        self.state = State::Helping {
                            own_commitments,
                            own_delta,
                        };
                        return Ok(progress);
                    };
                    let mut commitments: BTreeMap<_, _> =
                        received.broadcasts::<RepairCommitments<S>>()?;
                    commitments.insert(self.me, own_commitments);
                    let mut deltas: BTreeMap<_, _> = received.privates::<RepairDelta<S>>()?;
                    if let Some(own) = own_delta {
                        deltas.insert(self.me, own);
                    }
                    let sigma = repair::step2(&self.config, key, &commitments, &deltas, rng)?;
                    progress.outgoing.push(Outgoing::private(
                        2,
                        self.config.target(),
                        sigma.to_bytes(),
                    ));
                    progress.output = Some(None);
                    return Ok(progress);
                }
                State::Target => {
                    let Some(received) = self.rounds.take() else {
                        self.state = State::Target;
                        return Ok(progress);
                    };
                    let commitments = received.broadcasts::<RepairCommitments<S>>()?;
                    self.state = State::TargetSums(commitments);
                }
                State::TargetSums(commitments) => {
                    let Some(received) = self.rounds.take() else {
                        self.state = State::TargetSums(commitments);
                        return Ok(progress);
                    };
                    let sigmas = received.privates::<RepairSigma<S>>()?;
                    progress.output = Some(Some(repair::step3(
                        &self.config,
                        &commitments,
                        &sigmas,
                        rng,
                    )?));
                    return Ok(progress);
                }
                State::Over => return Ok(progress),
            }
        }
    }

    fn waiting_for(&self) -> Option<Waiting<S>> {
        match self.state {
            State::Helping { .. } | State::Target | State::TargetSums(_) => self.rounds.waiting(),
            State::Start | State::Over => None,
        }
    }
}
