//! FROST signing (RFC 9591 §5) as one party's
//! [`Protocol`], in two arrangements.
//!
//! **With a coordinator** (RFC 9591's own arrangement; in the seeds the
//! login service coordinates, and is usually one of the signers). The
//! coordinator alone sees every commitment, builds the one signing package
//! everyone signs, and aggregates:
//!
//! ```text
//!  signer i                                         coordinator c
//!  ── round 1 ─────────────────────────────────────────────────────────────
//!  commit: nonces, SigningCommitments_i ── private ──▶ c
//!  ── round 2 (all commitments in) ────────────────────────────────────────
//!                      ◀══ broadcast ══ SigningPackage (commitments, message)
//!  ── round 3 ─────────────────────────────────────────────────────────────
//!  sign (consumes the nonces):
//!        SignatureShare_i ─────── private ──▶ c
//!        output: None                         aggregate, verify
//!                                             output: Some(signature)
//! ```
//!
//! A signer refuses a package for another message, other signers or
//! another key epoch ([`tessera_core::Error::WrongSession`], naming the
//! coordinator); the coordinator names every signer whose share is invalid
//! ([`Error::InvalidSignatureShare`]). A coordinator that is a signer plays
//! both parts and sends nothing to itself.
//!
//! **Without a coordinator**: every signer broadcasts its commitments,
//! builds the signing package itself, broadcasts its share and aggregates:
//! two message rounds instead of three one-way trips, `t (t - 1)` messages
//! per round instead of `t - 1`, and every signer ends with the signature.
//!
//! ```text
//!  every signer i                                   every other signer j
//!  ── round 1 ── SigningCommitments_i ══ broadcast ══▶
//!  ── round 2 ── SignatureShare_i ═════ broadcast ══▶ (over the package
//!                                                     of all commitments)
//!  ── end ────── aggregate, verify: output Some(signature)
//! ```
//!
//! Without a coordinator the broadcast channel must be consistent (every
//! signer gets the same commitments from each): a signer that sends
//! different commitments to different signers makes their packages differ,
//! and their shares then fail at each other. A network runner's signed,
//! digest-compared broadcasts provide that; otherwise use a coordinator.
//!
//! The party keeps its nonces inside and consumes them when it signs; it is
//! not `Clone`:
//!
//! ```compile_fail
//! use tessera_core::suites::Secp256k1;
//! use tessera_frost::FrostParty;
//! fn copy<'a>(p: &FrostParty<'a, Secp256k1>) -> FrostParty<'a, Secp256k1> {
//!     p.clone() // error: a party is not Clone
//! }
//! ```

use std::collections::BTreeMap;

use tessera_core::lagrange::check_distinct;
use tessera_core::protocol::{
    Expect, Incoming, Outgoing, Progress, Protocol, Received, Rounds, Waiting,
};
use tessera_core::{Identifier, Suite, Wire};

use crate::aggregate::aggregate;
use crate::error::Error;
use crate::keys::{KeyPackage, PublicKeyPackage};
use crate::package::SigningPackage;
use crate::round1::{self, SigningCommitments, SigningNonces};
use crate::round2::{self, SignatureShare};
use crate::signature::Signature;

/// What the signers (and the coordinator) of one signing session agree on
/// before it starts: the key, who signs, the message, who coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningConfig<S: Suite> {
    public: PublicKeyPackage<S>,
    signers: Vec<Identifier<S>>,
    message: Vec<u8>,
    coordinator: Option<Identifier<S>>,
}

impl<S: Suite> SigningConfig<S> {
    /// `signers` (at least the threshold, all holders of the key of
    /// `public`) sign `message`; `coordinator` collects and aggregates
    /// (`None`: every signer does).
    pub fn new(
        public: PublicKeyPackage<S>,
        signers: &[Identifier<S>],
        message: &[u8],
        coordinator: Option<Identifier<S>>,
    ) -> Result<Self, Error<S>> {
        check_distinct(signers)?;
        let t = usize::from(public.threshold());
        if signers.len() < t {
            return Err(tessera_core::Error::TooFewParticipants {
                needed: t,
                got: signers.len(),
            }
            .into());
        }
        if let Some(id) = signers
            .iter()
            .find(|id| !public.verifying_shares().contains_key(id))
        {
            return Err(tessera_core::Error::UnknownParticipant { culprit: *id }.into());
        }
        let mut signers = signers.to_vec();
        signers.sort();
        Ok(Self {
            public,
            signers,
            message: message.to_vec(),
            coordinator,
        })
    }

    /// The signers, sorted.
    pub fn signers(&self) -> &[Identifier<S>] {
        &self.signers
    }

    /// The coordinator, if there is one.
    pub fn coordinator(&self) -> Option<Identifier<S>> {
        self.coordinator
    }

    /// The public key package.
    pub fn public(&self) -> &PublicKeyPackage<S> {
        &self.public
    }

    /// The message.
    pub fn message(&self) -> &[u8] {
        &self.message
    }
}

/// Where a signing party is.
enum State<S: Suite> {
    Start,
    /// Committed (if a signer); collects commitments (the coordinator, or
    /// every signer without one) or the signing package (a signer).
    Committed(Option<SigningNonces<S>>),
    /// Has the package (and its own share, if a signer); collects shares.
    Signed(SigningPackage<S>, Option<SignatureShare<S>>),
    Over,
}

/// A signer or the coordinator of a FROST signing session.
pub struct FrostParty<'a, S: Suite> {
    config: SigningConfig<S>,
    me: Identifier<S>,
    key: Option<&'a KeyPackage<S>>,
    participants: Vec<Identifier<S>>,
    rounds: Rounds<S>,
    state: State<S>,
}

impl<'a, S: Suite> FrostParty<'a, S> {
    /// The party of `me` in the session `config`: a signer gives its key
    /// package, a coordinator that does not sign gives none.
    pub fn new(
        config: &SigningConfig<S>,
        me: Identifier<S>,
        key: Option<&'a KeyPackage<S>>,
    ) -> Result<Self, Error<S>> {
        let signer = config.signers.binary_search(&me).is_ok();
        let coordinator = config.coordinator == Some(me);
        if !signer && !coordinator {
            return Err(tessera_core::Error::UnknownParticipant { culprit: me }.into());
        }
        let key = match key {
            Some(k) if signer => {
                if k.id() != me {
                    return Err(Error::InconsistentKey(
                        "the key package belongs to another participant",
                    ));
                }
                if k.epoch() != config.public.epoch() {
                    return Err(Error::EpochMismatch);
                }
                Some(k)
            }
            None if signer => {
                return Err(Error::InconsistentKey("a signer needs its key package"));
            }
            _ => None,
        };
        let others: Vec<Identifier<S>> = config
            .signers
            .iter()
            .copied()
            .filter(|id| *id != me)
            .collect();
        let schedule = match config.coordinator {
            None => vec![
                Expect::round(1).broadcast_from(others.iter().copied()),
                Expect::round(2).broadcast_from(others),
            ],
            Some(_) if coordinator => vec![
                Expect::round(1).private_from(others.iter().copied()),
                Expect::round(3).private_from(others),
            ],
            Some(c) => vec![Expect::round(2).broadcast_from([c])],
        };
        let mut participants = config.signers.clone();
        participants.extend(config.coordinator);
        participants.sort();
        participants.dedup();
        Ok(Self {
            config: config.clone(),
            me,
            key,
            participants,
            rounds: Rounds::new(me, schedule),
            state: State::Start,
        })
    }

    fn is_coordinator(&self) -> bool {
        self.config.coordinator == Some(self.me)
    }

    /// The round in which shares are sent.
    fn share_round(&self) -> u16 {
        if self.config.coordinator.is_some() {
            3
        } else {
            2
        }
    }

    /// The signing package of all commitments: the received ones and this
    /// signer's own.
    fn package(
        &self,
        received: &Received<S>,
        own: Option<SigningCommitments<S>>,
    ) -> Result<SigningPackage<S>, Error<S>> {
        let mut commitments: BTreeMap<_, _> = if self.config.coordinator.is_some() {
            received.privates::<SigningCommitments<S>>()?
        } else {
            received.broadcasts::<SigningCommitments<S>>()?
        };
        if let Some(own) = own {
            commitments.insert(self.me, own);
        }
        Ok(SigningPackage::new(
            self.config.public.epoch(),
            commitments,
            &self.config.message,
        ))
    }

    /// A signer's check of the coordinator's package: the agreed epoch,
    /// message and signers.
    fn check_package(
        &self,
        coordinator: Identifier<S>,
        package: &SigningPackage<S>,
    ) -> Result<(), Error<S>> {
        let wrong = |what| -> Error<S> {
            tessera_core::Error::WrongSession {
                culprit: coordinator,
                what,
            }
            .into()
        };
        if package.epoch() != self.config.public.epoch() {
            return Err(wrong("key epoch"));
        }
        if package.message() != self.config.message.as_slice() {
            return Err(wrong("message"));
        }
        if package.signers() != self.config.signers {
            return Err(wrong("signer set"));
        }
        Ok(())
    }

    /// This signer's share of `package`, consuming its nonces.
    fn sign(
        &self,
        package: &SigningPackage<S>,
        nonces: Option<SigningNonces<S>>,
    ) -> Result<Option<SignatureShare<S>>, Error<S>> {
        match (nonces, self.key) {
            (Some(nonces), Some(key)) => Ok(Some(round2::sign(package, nonces, key)?)),
            _ => Ok(None),
        }
    }
}

impl<S: Suite> Protocol<S> for FrostParty<'_, S> {
    /// The signature at the coordinator (at every signer without one);
    /// `None` at a signer that sent its share to a coordinator.
    type Output = Option<Signature<S>>;
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
                State::Start => {
                    let nonces = self.key.map(|key| round1::commit(key, rng).0);
                    if let Some(n) = &nonces {
                        let bytes = n.commitments().to_bytes();
                        match self.config.coordinator {
                            None => progress.outgoing.push(Outgoing::broadcast(1, bytes)),
                            Some(c) if c != self.me => {
                                progress.outgoing.push(Outgoing::private(1, c, bytes));
                            }
                            Some(_) => {}
                        }
                    }
                    self.state = State::Committed(nonces);
                }
                State::Committed(nonces) => {
                    let Some(received) = self.rounds.take() else {
                        self.state = State::Committed(nonces);
                        return Ok(progress);
                    };
                    let package = match self.config.coordinator {
                        Some(c) if c != self.me => {
                            let (from, package) = received.only_broadcast::<SigningPackage<S>>()?;
                            self.check_package(from, &package)?;
                            package
                        }
                        _ => {
                            let own = nonces.as_ref().map(|n| *n.commitments());
                            let package = self.package(&received, own)?;
                            if self.is_coordinator() {
                                progress
                                    .outgoing
                                    .push(Outgoing::broadcast(2, package.to_bytes()));
                            }
                            package
                        }
                    };
                    let share = self.sign(&package, nonces)?;
                    match (self.config.coordinator, share) {
                        (Some(c), Some(share)) if c != self.me => {
                            progress.outgoing.push(Outgoing::private(
                                self.share_round(),
                                c,
                                share.to_bytes(),
                            ));
                            progress.output = Some(None);
                            return Ok(progress);
                        }
                        (None, Some(share)) => {
                            progress
                                .outgoing
                                .push(Outgoing::broadcast(2, share.to_bytes()));
                            self.state = State::Signed(package, Some(share));
                        }
                        (_, share) => self.state = State::Signed(package, share),
                    }
                }
                State::Signed(package, own) => {
                    let Some(received) = self.rounds.take() else {
                        self.state = State::Signed(package, own);
                        return Ok(progress);
                    };
                    let mut shares = if self.config.coordinator.is_some() {
                        received.privates::<SignatureShare<S>>()?
                    } else {
                        received.broadcasts::<SignatureShare<S>>()?
                    };
                    if let Some(own) = own {
                        shares.insert(self.me, own);
                    }
                    let signature = aggregate(&package, &shares, &self.config.public)?;
                    progress.output = Some(Some(signature));
                    return Ok(progress);
                }
                State::Over => return Ok(progress),
            }
        }
    }

    fn waiting_for(&self) -> Option<Waiting<S>> {
        match self.state {
            State::Committed(_) | State::Signed(..) => self.rounds.waiting(),
            State::Start | State::Over => None,
        }
    }
}
