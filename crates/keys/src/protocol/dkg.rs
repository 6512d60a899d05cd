//! The DKG ([`crate::dkg`]) as one party's [`Protocol`].
//!
//! ```text
//!  every participant i                                every other participant j
//!  ── round 1 ─────────────────────────────────────────────────────────────
//!  part1: polynomial, commitment, proof
//!        Round1Package_i ═══════ broadcast ═══════▶ (and j's to i)
//!  ── round 2 (all round-1 packages in) ───────────────────────────────────
//!  part2: a share f_i(j) for each j
//!        Round2Package_ij ─────── private ────────▶ j   (secret share)
//!  ── end (all round-2 packages in) ───────────────────────────────────────
//!  finish: verify proofs and shares in one MSM
//!        output: DkgOutput (key package, public key package, transcript)
//! ```
//!
//! Every participant ends with its key package, the public key package and
//! the transcript digest; compare the digests (the broadcast channel's
//! equivocation check) before using the key.

use tessera_core::protocol::{Expect, Incoming, Outgoing, Progress, Protocol, Rounds, Waiting};
use tessera_core::{Identifier, Suite, Wire};

use crate::dkg::{self, DkgOutput, Round1Package, Round1Secret, Round2Package, Round2Secret};
use crate::error::Error;

/// Where a DKG party is.
enum State<S: Suite> {
    Start,
    /// Sent its round-1 package; collects the others'.
    Round1(Round1Secret<S>),
    /// Sent its round-2 packages; collects its shares.
    Round2(Round2Secret<S>),
    /// Finished or failed.
    Over,
}

/// Participant `me` of a DKG among `participants` with threshold `t`.
pub struct DkgParty<S: Suite> {
    me: Identifier<S>,
    threshold: u16,
    participants: Vec<Identifier<S>>,
    rounds: Rounds<S>,
    state: State<S>,
}

impl<S: Suite> DkgParty<S> {
    /// The party of `me` in a DKG of `participants` (which include `me`)
    /// with threshold `t`. The parameters are checked when it starts (by
    /// [`dkg::part1`]).
    pub fn new(me: Identifier<S>, t: u16, participants: &[Identifier<S>]) -> Self {
        let mut participants = participants.to_vec();
        participants.sort();
        let others: Vec<Identifier<S>> = participants
            .iter()
            .copied()
            .filter(|id| *id != me)
            .collect();
        let rounds = Rounds::new(
            me,
            [
                Expect::round(1).broadcast_from(others.iter().copied()),
                Expect::round(2).private_from(others),
            ],
        );
        Self {
            me,
            threshold: t,
            participants,
            rounds,
            state: State::Start,
        }
    }
}

impl<S: Suite> Protocol<S> for DkgParty<S> {
    type Output = DkgOutput<S>;
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
    ) -> Result<Progress<S, DkgOutput<S>>, Error<S>> {
        let mut progress = Progress::default();
        loop {
            match core::mem::replace(&mut self.state, State::Over) {
                State::Start => {
                    let (secret, package) =
                        dkg::part1(self.me, self.threshold, &self.participants, rng)?;
                    progress
                        .outgoing
                        .push(Outgoing::broadcast(1, package.to_bytes()));
                    self.state = State::Round1(secret);
                }
                State::Round1(secret) => {
                    let Some(received) = self.rounds.take() else {
                        self.state = State::Round1(secret);
                        return Ok(progress);
                    };
                    let packages = received.broadcasts::<Round1Package<S>>()?;
                    let (secret, shares) = dkg::part2(secret, &packages)?;
                    for (to, package) in shares {
                        progress
                            .outgoing
                            .push(Outgoing::private(2, to, package.to_bytes()));
                    }
                    self.state = State::Round2(secret);
                }
                State::Round2(secret) => {
                    let Some(received) = self.rounds.take() else {
                        self.state = State::Round2(secret);
                        return Ok(progress);
                    };
                    let shares = received.privates::<Round2Package<S>>()?;
                    progress.output = Some(dkg::finish(secret, &shares, rng)?);
                    return Ok(progress);
                }
                State::Over => return Ok(progress),
            }
        }
    }

    fn waiting_for(&self) -> Option<Waiting<S>> {
        match self.state {
            State::Round1(_) | State::Round2(_) => self.rounds.waiting(),
            State::Start | State::Over => None,
        }
    }
}
