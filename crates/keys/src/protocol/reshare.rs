//! Reshare, refresh and revoke ([`crate::reshare`]) as one party's
//! [`Protocol`].
//!
//! The session's participants are the dealers and the new members (a party
//! may be both). One round:
//!
//! ```text
//!  dealer i (holds a current share)                 every participant / member m
//!  ── round 1 ─────────────────────────────────────────────────────────────
//!  deal: polynomial with constant lambda_i s_i
//!        ReshareCommitment_i ════ broadcast ════▶ every participant
//!        ReshareShare_im ──────── private ──────▶ each new member m (secret)
//!  ── end (every dealer's messages in) ────────────────────────────────────
//!  member:      receive: checks commitments and sub-shares
//!               output: its new key package + the new public key package
//!  dealer only: new_public: checks the commitments
//!               output: the new public key package (no key)
//! ```

use std::collections::BTreeMap;

use tessera_core::protocol::{Expect, Incoming, Outgoing, Progress, Protocol, Rounds, Waiting};
use tessera_core::{Identifier, Suite, Wire};
use tessera_frost::{KeyPackage, PublicKeyPackage};

use crate::error::Error;
use crate::reshare::{self, ReshareCommitment, ReshareConfig, ReshareShare};

/// What a reshare party ends with.
#[derive(Debug)]
pub struct ReshareOutput<S: Suite> {
    /// The party's new key package; `None` for a dealer that is not a new
    /// member (its share is retired).
    pub key: Option<KeyPackage<S>>,
    /// The new public key package (the same group key, a new epoch).
    pub public: PublicKeyPackage<S>,
}

/// Where a reshare party is.
enum State<S: Suite> {
    Start,
    /// Dealt (if a dealer); collects the dealers' messages. Keeps its own
    /// broadcast and its own sub-share.
    Collect {
        own_commitment: Option<ReshareCommitment<S>>,
        own_share: Option<ReshareShare<S>>,
    },
    Over,
}

/// A party of a reshare: a dealer, a new member, or both.
pub struct ReshareParty<'a, S: Suite> {
    config: ReshareConfig<S>,
    me: Identifier<S>,
    key: Option<&'a KeyPackage<S>>,
    participants: Vec<Identifier<S>>,
    rounds: Rounds<S>,
    state: State<S>,
}

impl<'a, S: Suite> ReshareParty<'a, S> {
    /// The party of `me` in the reshare `config`. A dealer must give its
    /// current key package ([`Error::MissingParticipant`] otherwise); a
    /// party that is neither a dealer nor a member is
    /// [`tessera_core::Error::UnknownParticipant`].
    pub fn new(
        config: &ReshareConfig<S>,
        me: Identifier<S>,
        key: Option<&'a KeyPackage<S>>,
    ) -> Result<Self, Error<S>> {
        let dealer = config.dealers().binary_search(&me).is_ok();
        let member = config.members().binary_search(&me).is_ok();
        if !dealer && !member {
            return Err(tessera_core::Error::UnknownParticipant { culprit: me }.into());
        }
        let key = if dealer {
            match key {
                Some(k) if k.id() == me => Some(k),
                _ => return Err(Error::MissingParticipant { culprit: me }),
            }
        } else {
            None
        };
        let mut participants: Vec<Identifier<S>> = config
            .dealers()
            .iter()
            .chain(config.members())
            .copied()
            .collect();
        participants.sort();
        participants.dedup();
        let other_dealers: Vec<Identifier<S>> = config
            .dealers()
            .iter()
            .copied()
            .filter(|id| *id != me)
            .collect();
        let mut expect = Expect::round(1).broadcast_from(other_dealers.iter().copied());
        if member {
            expect = expect.private_from(other_dealers);
        }
        Ok(Self {
            config: config.clone(),
            me,
            key,
            participants,
            rounds: Rounds::new(me, [expect]),
            state: State::Start,
        })
    }

    fn is_member(&self) -> bool {
        self.config.members().binary_search(&self.me).is_ok()
    }
}

impl<S: Suite> Protocol<S> for ReshareParty<'_, S> {
    type Output = ReshareOutput<S>;
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
    ) -> Result<Progress<S, ReshareOutput<S>>, Error<S>> {
        let mut progress = Progress::default();
        loop {
            match core::mem::replace(&mut self.state, State::Over) {
                State::Start => {
                    let (mut own_commitment, mut own_share) = (None, None);
                    if let Some(key) = self.key {
                        let (commitment, shares) = reshare::deal(&self.config, key, rng)?;
                        progress
                            .outgoing
                            .push(Outgoing::broadcast(1, commitment.to_bytes()));
                        for (to, share) in shares {
                            if to == self.me {
                                own_share = Some(share);
                            } else {
                                progress
                                    .outgoing
                                    .push(Outgoing::private(1, to, share.to_bytes()));
                            }
                        }
                        own_commitment = Some(commitment);
                    }
                    self.state = State::Collect {
                        own_commitment,
                        own_share,
                    };
                }
                State::Collect {
                    own_commitment,
                    own_share,
                } => {
                    let Some(received) = self.rounds.take() else {
                        self.state = State::Collect {
                            own_commitment,
                            own_share,
                        };
                        return Ok(progress);
                    };
                    let mut commitments: BTreeMap<_, _> =
                        received.broadcasts::<ReshareCommitment<S>>()?;
                    if let Some(own) = own_commitment {
                        commitments.insert(self.me, own);
                    }
                    let output = if self.is_member() {
                        let mut shares: BTreeMap<_, _> = received.privates::<ReshareShare<S>>()?;
                        if let Some(own) = own_share {
                            shares.insert(self.me, own);
                        }
                        let (key, public) =
                            reshare::receive(&self.config, self.me, &commitments, &shares, rng)?;
                        ReshareOutput {
                            key: Some(key),
                            public,
                        }
                    } else {
                        ReshareOutput {
                            key: None,
                            public: reshare::new_public(&self.config, &commitments, rng)?,
                        }
                    };
                    progress.output = Some(output);
                    return Ok(progress);
                }
                State::Over => return Ok(progress),
            }
        }
    }

    fn waiting_for(&self) -> Option<Waiting<S>> {
        match self.state {
            State::Collect { .. } => self.rounds.waiting(),
            State::Start | State::Over => None,
        }
    }
}
