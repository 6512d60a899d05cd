//! DKLs23 as parties of [`Protocol`]: the pairwise setup of one member
//! with its peers ([`crate::setup`]) and threshold signing
//! ([`crate::sign`], Protocol 3.6 of eprint 2023/765).
//!
//! **Pairwise setup** ([`SetupParty`]): one round, each message private.
//!
//! ```text
//!  member i                                          each peer j
//!  ── round 1 ── start (base OTs for the pair):
//!        SetupMessage_ij ─────── private ──────▶ j   (and j's to i)
//!  ── end ────── finish each pair: output PairwiseSetups of i
//! ```
//!
//! **Signing** ([`SignParty`]): every signer ends with the signature (no
//! coordinator: the shares are broadcast, as [`crate::sign`] specifies).
//!
//! ```text
//!  signer i                                          each other signer j
//!  ── round 1 ── round1: nonce, mask, Bob's first OT message, commitment
//!        Round1Message_ij ────── private ──────▶ j
//!  ── round 2 ── round2: key share, Alice's reply, opening
//!        Round2Message_ij ────── private ──────▶ j
//!  ── round 3 ── presign (all checks), then sign the prehash
//!        SignatureShare_i ═════ broadcast ═════▶ every j
//!  ── end ────── combine: output the verified signature
//! ```
//!
//! The round states and the presignature stay inside the party and are
//! consumed by the step that uses them.

use std::collections::BTreeMap;

use tessera_core::protocol::{Expect, Incoming, Outgoing, Progress, Protocol, Rounds, Waiting};
use tessera_core::{Identifier, Wire};
use tessera_frost::KeyPackage;

use crate::error::Error;
use crate::setup::{self, PairwiseSetups, SetupMessage, SetupRound};
use crate::sign::{
    self, Round1Message, Round1State, Round2Message, Round2State, Signature, SignatureShare,
    SigningSession,
};
use crate::suite::EcdsaSuite;

/// Where a setup party is.
enum SetupState<S: EcdsaSuite> {
    Start,
    Waiting(BTreeMap<Identifier<S>, SetupRound<S>>),
    Over,
}

/// Member `me` running the pairwise setup with each of `peers`.
pub struct SetupParty<S: EcdsaSuite> {
    me: Identifier<S>,
    participants: Vec<Identifier<S>>,
    rounds: Rounds<S>,
    state: SetupState<S>,
}

impl<S: EcdsaSuite> SetupParty<S> {
    /// The setup of `me` with every other member of `members`.
    pub fn new(me: Identifier<S>, members: &[Identifier<S>]) -> Self {
        let mut participants = members.to_vec();
        participants.sort();
        participants.dedup();
        let peers = participants.iter().copied().filter(|id| *id != me);
        Self {
            me,
            rounds: Rounds::new(me, [Expect::round(1).private_from(peers)]),
            participants,
            state: SetupState::Start,
        }
    }
}

impl<S: EcdsaSuite> Protocol<S> for SetupParty<S> {
    /// This member's setups with every peer.
    type Output = PairwiseSetups<S>;
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
    ) -> Result<Progress<S, PairwiseSetups<S>>, Error<S>> {
        let mut progress = Progress::default();
        loop {
            match core::mem::replace(&mut self.state, SetupState::Over) {
                SetupState::Start => {
                    let mut pending = BTreeMap::new();
                    for peer in self.participants.iter().filter(|id| **id != self.me) {
                        let (round, message) = setup::start(self.me, *peer, rng)?;
                        progress
                            .outgoing
                            .push(Outgoing::private(1, *peer, message.to_bytes()));
                        pending.insert(*peer, round);
                    }
                    self.state = SetupState::Waiting(pending);
                }
                SetupState::Waiting(pending) => {
                    let Some(received) = self.rounds.take() else {
                        self.state = SetupState::Waiting(pending);
                        return Ok(progress);
                    };
                    let mut messages = received.privates::<SetupMessage<S>>()?;
                    let mut setups = PairwiseSetups::new(self.me);
                    for (peer, round) in pending {
                        let message =
                            messages.remove(&peer).ok_or(tessera_core::Error::Timeout {
                                round: 1,
                                culprits: vec![peer],
                            })?;
                        setups.insert(setup::finish(round, &message)?)?;
                    }
                    progress.output = Some(setups);
                    return Ok(progress);
                }
                SetupState::Over => return Ok(progress),
            }
        }
    }

    fn waiting_for(&self) -> Option<Waiting<S>> {
        match self.state {
            SetupState::Waiting(_) => self.rounds.waiting(),
            SetupState::Start | SetupState::Over => None,
        }
    }
}

/// Where a signing party is.
enum SignState<S: EcdsaSuite> {
    Start,
    Round1(Round1State<S>),
    Round2(Round2State<S>),
    /// Sent its share; collects the others'.
    Shares(SignatureShare<S>),
    Over,
}

/// Signer `key.id()` of the signing session `session`, signing `prehash`.
pub struct SignParty<'a, S: EcdsaSuite> {
    session: SigningSession<S>,
    key: &'a KeyPackage<S>,
    setups: &'a PairwiseSetups<S>,
    prehash: [u8; 32],
    rounds: Rounds<S>,
    state: SignState<S>,
}

impl<'a, S: EcdsaSuite> SignParty<'a, S> {
    /// The signer holding `key`, with its pairwise setups, in `session`
    /// (whose signers include it), signing `prehash`.
    pub fn new(
        session: &SigningSession<S>,
        key: &'a KeyPackage<S>,
        setups: &'a PairwiseSetups<S>,
        prehash: [u8; 32],
    ) -> Result<Self, Error<S>> {
        let me = key.id();
        if session.signers().binary_search(&me).is_err() {
            return Err(tessera_core::Error::UnknownParticipant { culprit: me }.into());
        }
        let others: Vec<Identifier<S>> = session
            .signers()
            .iter()
            .copied()
            .filter(|id| *id != me)
            .collect();
        let rounds = Rounds::new(
            me,
            [
                Expect::round(1).private_from(others.iter().copied()),
                Expect::round(2).private_from(others.iter().copied()),
                Expect::round(3).broadcast_from(others),
            ],
        );
        Ok(Self {
            session: session.clone(),
            key,
            setups,
            prehash,
            rounds,
            state: SignState::Start,
        })
    }
}

impl<S: EcdsaSuite> Protocol<S> for SignParty<'_, S> {
    /// The signature (every signer combines it).
    type Output = Signature<S>;
    type Error = Error<S>;

    fn me(&self) -> Identifier<S> {
        self.key.id()
    }

    fn participants(&self) -> &[Identifier<S>] {
        self.session.signers()
    }

    fn receive(&mut self, message: Incoming<S>) -> Result<(), Error<S>> {
        Ok(self.rounds.receive(message)?)
    }

    fn proceed<R: rand_core::CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
    ) -> Result<Progress<S, Signature<S>>, Error<S>> {
        let mut progress = Progress::default();
        loop {
            match core::mem::replace(&mut self.state, SignState::Over) {
                SignState::Start => {
                    let (state, out) = sign::round1(&self.session, self.key, self.setups, rng)?;
                    for (to, message) in out {
                        progress
                            .outgoing
                            .push(Outgoing::private(1, to, message.to_bytes()));
                    }
                    self.state = SignState::Round1(state);
                }
                SignState::Round1(state) => {
                    let Some(received) = self.rounds.take() else {
                        self.state = SignState::Round1(state);
                        return Ok(progress);
                    };
                    let messages = received.privates::<Round1Message<S>>()?;
                    let (state, out) =
                        sign::round2(state, &self.session, self.key, self.setups, &messages, rng)?;
                    for (to, message) in out {
                        progress
                            .outgoing
                            .push(Outgoing::private(2, to, message.to_bytes()));
                    }
                    self.state = SignState::Round2(state);
                }
                SignState::Round2(state) => {
                    let Some(received) = self.rounds.take() else {
                        self.state = SignState::Round2(state);
                        return Ok(progress);
                    };
                    let messages = received.privates::<Round2Message<S>>()?;
                    let presignature = sign::presign(state, &self.session, self.setups, &messages)?;
                    let share = presignature.sign(&self.prehash);
                    progress
                        .outgoing
                        .push(Outgoing::broadcast(3, share.to_bytes()));
                    self.state = SignState::Shares(share);
                }
                SignState::Shares(own) => {
                    let Some(received) = self.rounds.take() else {
                        self.state = SignState::Shares(own);
                        return Ok(progress);
                    };
                    let mut shares = received.broadcasts::<SignatureShare<S>>()?;
                    shares.insert(self.key.id(), own);
                    progress.output = Some(sign::combine(&self.session, &self.prehash, &shares)?);
                    return Ok(progress);
                }
                SignState::Over => return Ok(progress),
            }
        }
    }

    fn waiting_for(&self) -> Option<Waiting<S>> {
        match self.state {
            SignState::Round1(_) | SignState::Round2(_) | SignState::Shares(_) => {
                self.rounds.waiting()
            }
            SignState::Start | SignState::Over => None,
        }
    }
}
