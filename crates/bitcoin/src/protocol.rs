//! BIP 445 signing as one party's [`Protocol`]: the coordinator
//! arrangement of BIP 445 (its "Signing Flow"), with tessera key packages.
//!
//! ```text
//!  signer i                                         coordinator c
//!  ── round 1 ─────────────────────────────────────────────────────────────
//!  NonceGen (bound to its share, the tweaked key and the message):
//!        PubNonce_i ─────────── private ──▶ c
//!  ── round 2 (all public nonces in) ──────────────────────────────────────
//!                                          NonceAgg, GetSessionValues
//!                      ◀══ broadcast ══ SigningRequest (epoch, signer ids,
//!                                       aggregate nonce, tweaks, message)
//!  ── round 3 ─────────────────────────────────────────────────────────────
//!  checks the request against the agreed session, Sign (consumes the
//!  secret nonce):
//!        PartialSignature_i ─── private ──▶ c
//!        output: None                       PartialSigVerify each,
//!                                           PartialSigAgg, BIP-340 verify
//!                                           output: Some(signature)
//! ```
//!
//! The coordinator may be one of the signers (it then plays both parts and
//! sends nothing to itself) or a party without a share. A signer refuses a
//! request for another message, other tweaks or other signers
//! ([`tessera_core::Error::WrongSession`] naming the coordinator) or of
//! another key epoch ([`Error::EpochMismatch`]); the coordinator names every
//! signer whose partial signature does not verify
//! ([`Error::InvalidPartialSignatures`]).

use std::collections::BTreeMap;

use tessera_core::lagrange::check_distinct;
use tessera_core::protocol::{Expect, Incoming, Outgoing, Progress, Protocol, Rounds, Waiting};
use tessera_core::{Identifier, Wire};
use tessera_frost::{KeyPackage, PublicKeyPackage};

use crate::K256Suite;
use crate::error::Error;
use crate::nonce::{NonceInputs, PubNonce, SecNonce, nonce_agg, nonce_gen};
use crate::session::{SessionContext, SigningRequest};
use crate::sign::{PartialSignature, sign_with_key};
use crate::signature::{Signature, aggregate};
use crate::signers::SignersContext;
use crate::tweak::{KeyTweak, TweakContext};

/// What the signers and the coordinator of one BIP 445 session agree on
/// before it starts: the key, the signers, the tweaks, the message and the
/// coordinator.
#[derive(Clone)]
pub struct Bip445Config<S: K256Suite> {
    public: PublicKeyPackage<S>,
    signers: Vec<Identifier<S>>,
    context: SignersContext<S>,
    tweaks: Vec<KeyTweak<S>>,
    tweaked: [u8; 32],
    message: Vec<u8>,
    coordinator: Identifier<S>,
}

impl<S: K256Suite> Bip445Config<S> {
    /// `signers` (holders of the key of `public`, at least its threshold)
    /// sign `message` under the key tweaked by `tweaks`; `coordinator`
    /// collects and aggregates.
    pub fn new(
        public: PublicKeyPackage<S>,
        signers: &[Identifier<S>],
        tweaks: &[KeyTweak<S>],
        message: &[u8],
        coordinator: Identifier<S>,
    ) -> Result<Self, Error<S>> {
        check_distinct(signers)?;
        let mut signers = signers.to_vec();
        signers.sort();
        let context = SignersContext::from_public(&public, &signers)?;
        let tweaked = TweakContext::with_tweaks(context.thresh_pk(), tweaks)?.xonly_pubkey();
        Ok(Self {
            public,
            signers,
            context,
            tweaks: tweaks.to_vec(),
            tweaked,
            message: message.to_vec(),
            coordinator,
        })
    }

    /// The x-only key the signature verifies under (after the tweaks).
    pub fn xonly_pubkey(&self) -> [u8; 32] {
        self.tweaked
    }

    /// The signers, sorted.
    pub fn signers(&self) -> &[Identifier<S>] {
        &self.signers
    }

    /// The coordinator.
    pub fn coordinator(&self) -> Identifier<S> {
        self.coordinator
    }
}

/// The coordinator's session and the public nonces in signer order.
type Session<S> = (SessionContext<S>, Vec<PubNonce<S>>);

/// Where a BIP 445 party is. One per party, moved only within it: the
/// variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
enum State<S: K256Suite> {
    Start,
    /// Sent its public nonce (if a signer); collects the public nonces (the
    /// coordinator) or the signing request (a signer).
    Committed(Option<(SecNonce<S>, PubNonce<S>)>),
    /// The coordinator, with the session, the public nonces and its own
    /// partial signature (if it signs); collects the partial signatures.
    Collecting {
        session: SessionContext<S>,
        pubnonces: Vec<PubNonce<S>>,
        own: Option<PartialSignature<S>>,
    },
    Over,
}

/// A signer or the coordinator of a BIP 445 signing session.
pub struct Bip445Party<'a, S: K256Suite> {
    config: Bip445Config<S>,
    me: Identifier<S>,
    key: Option<&'a KeyPackage<S>>,
    participants: Vec<Identifier<S>>,
    rounds: Rounds<S>,
    state: State<S>,
}

impl<'a, S: K256Suite> Bip445Party<'a, S> {
    /// The party of `me` in the session `config`: a signer gives its key
    /// package, a coordinator that does not sign gives none.
    pub fn new(
        config: &Bip445Config<S>,
        me: Identifier<S>,
        key: Option<&'a KeyPackage<S>>,
    ) -> Result<Self, Error<S>> {
        let signer = config.signers.binary_search(&me).is_ok();
        let coordinator = config.coordinator == me;
        if !signer && !coordinator {
            return Err(tessera_core::Error::UnknownParticipant { culprit: me }.into());
        }
        let key = match key {
            Some(k) if signer => {
                if k.id() != me {
                    return Err(Error::KeyMaterialMismatch);
                }
                if k.epoch() != config.public.epoch() {
                    return Err(Error::EpochMismatch);
                }
                Some(k)
            }
            None if signer => return Err(Error::KeyMaterialMismatch),
            _ => None,
        };
        let others: Vec<Identifier<S>> = config
            .signers
            .iter()
            .copied()
            .filter(|id| *id != me)
            .collect();
        let schedule = if coordinator {
            vec![
                Expect::round(1).private_from(others.iter().copied()),
                Expect::round(3).private_from(others),
            ]
        } else {
            vec![Expect::round(2).broadcast_from([config.coordinator])]
        };
        let mut participants = config.signers.clone();
        participants.push(config.coordinator);
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
        self.config.coordinator == self.me
    }

    /// A signer's check of the coordinator's request against the agreed
    /// session.
    fn check_request(
        &self,
        coordinator: Identifier<S>,
        request: &SigningRequest<S>,
    ) -> Result<(), Error<S>> {
        let wrong = |what| -> Error<S> {
            tessera_core::Error::WrongSession {
                culprit: coordinator,
                what,
            }
            .into()
        };
        if request.message != self.config.message {
            return Err(wrong("message"));
        }
        if request.tweaks != self.config.tweaks {
            return Err(wrong("tweaks"));
        }
        if request.ids.as_slice() != self.config.context.ids() {
            return Err(wrong("signer set"));
        }
        Ok(())
    }

    /// The coordinator's session from every public nonce, in signer order.
    fn session(
        &self,
        mut pubnonces: BTreeMap<Identifier<S>, PubNonce<S>>,
    ) -> Result<Session<S>, Error<S>> {
        let ordered = self
            .config
            .signers
            .iter()
            .map(|id| {
                pubnonces.remove(id).ok_or(tessera_core::Error::Timeout {
                    round: 1,
                    culprits: vec![*id],
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let aggnonce = nonce_agg(&ordered);
        let session = SessionContext::new(
            &self.config.context,
            &aggnonce,
            &self.config.tweaks,
            &self.config.message,
        )?;
        Ok((session, ordered))
    }
}

impl<S: K256Suite> Protocol<S> for Bip445Party<'_, S> {
    /// The signature at the coordinator; `None` at a signer.
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
                    let nonce = match self.key {
                        Some(key) => {
                            let mut inputs = NonceInputs::for_key(key);
                            inputs.thresh_pk_xonly = Some(&self.config.tweaked);
                            inputs.msg = Some(&self.config.message);
                            let (sec, public) = nonce_gen(&inputs, rng)?;
                            if !self.is_coordinator() {
                                progress.outgoing.push(Outgoing::private(
                                    1,
                                    self.config.coordinator,
                                    public.to_bytes(),
                                ));
                            }
                            Some((sec, public))
                        }
                        None => None,
                    };
                    self.state = State::Committed(nonce);
                }
                State::Committed(nonce) => {
                    let Some(received) = self.rounds.take() else {
                        self.state = State::Committed(nonce);
                        return Ok(progress);
                    };
                    if self.is_coordinator() {
                        let mut pubnonces = received.privates::<PubNonce<S>>()?;
                        let mut own_sec = None;
                        if let Some((sec, public)) = nonce {
                            pubnonces.insert(self.me, public);
                            own_sec = Some(sec);
                        }
                        let (session, pubnonces) = self.session(pubnonces)?;
                        let request = session.request().ok_or(Error::KeyMaterialMismatch)?;
                        progress
                            .outgoing
                            .push(Outgoing::broadcast(2, request.to_bytes()));
                        let own = match (own_sec, self.key) {
                            (Some(sec), Some(key)) => Some(sign_with_key(sec, key, &session)?),
                            _ => None,
                        };
                        self.state = State::Collecting {
                            session,
                            pubnonces,
                            own,
                        };
                    } else {
                        let (from, request) = received.only_broadcast::<SigningRequest<S>>()?;
                        self.check_request(from, &request)?;
                        let session = SessionContext::from_request(&self.config.public, &request)?;
                        if let (Some((sec, _)), Some(key)) = (nonce, self.key) {
                            let psig = sign_with_key(sec, key, &session)?;
                            progress.outgoing.push(Outgoing::private(
                                3,
                                self.config.coordinator,
                                psig.to_bytes(),
                            ));
                        }
                        progress.output = Some(None);
                        return Ok(progress);
                    }
                }
                State::Collecting {
                    session,
                    pubnonces,
                    own,
                } => {
                    let Some(received) = self.rounds.take() else {
                        self.state = State::Collecting {
                            session,
                            pubnonces,
                            own,
                        };
                        return Ok(progress);
                    };
                    let mut psigs = received.privates::<PartialSignature<S>>()?;
                    if let Some(own) = own {
                        psigs.insert(self.me, own);
                    }
                    let ordered = self
                        .config
                        .signers
                        .iter()
                        .map(|id| {
                            psigs.remove(id).ok_or(tessera_core::Error::Timeout {
                                round: 3,
                                culprits: vec![*id],
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    let signature = aggregate(&session, &pubnonces, &ordered)?;
                    signature.verify(&self.config.tweaked, &self.config.message)?;
                    progress.output = Some(Some(signature));
                    return Ok(progress);
                }
                State::Over => return Ok(progress),
            }
        }
    }

    fn waiting_for(&self) -> Option<Waiting<S>> {
        match self.state {
            State::Committed(_) | State::Collecting { .. } => self.rounds.waiting(),
            State::Start | State::Over => None,
        }
    }
}
