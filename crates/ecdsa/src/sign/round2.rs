//! Round 2 (DKLs23 Protocol 3.6, step 7).

use core::fmt;
use std::collections::BTreeMap;

use ff::Field;
use tessera_core::lagrange::lagrange_coefficient;
use tessera_core::{Identifier, Point, Scalar, SecretScalar};
use tessera_frost::KeyPackage;
use zeroize::Zeroize;

use super::messages::{Round1Message, Round2Message};
use super::round1::{PeerState, Round1State};
use super::{Outbox, SigningSession, check_inbox};
use crate::error::Error;
use crate::rvole::{self, Bob};
use crate::setup::PairwiseSetups;
use crate::suite::EcdsaSuite;

/// What a signer keeps for one peer between rounds 2 and 3.
pub(crate) struct Round2Peer<S: EcdsaSuite> {
    pub(crate) bob: Bob<S>,
    pub(crate) commitment: [u8; 32],
    pub(crate) c_u: SecretScalar<S>,
    pub(crate) c_v: SecretScalar<S>,
}

/// A signer's secret state after round 2: nonce, mask, key share and, per
/// peer, its multiplication outputs as Alice and its state as Bob.
/// Consumed by [`super::presign`]; neither `Clone` nor serialisable.
pub struct Round2State<S: EcdsaSuite> {
    pub(crate) me: Identifier<S>,
    pub(crate) session: [u8; 32],
    pub(crate) nonce: SecretScalar<S>,
    pub(crate) mask: SecretScalar<S>,
    pub(crate) key_share: SecretScalar<S>,
    pub(crate) nonce_point: Point<S>,
    pub(crate) key_share_point: Point<S>,
    pub(crate) peers: BTreeMap<Identifier<S>, Round2Peer<S>>,
}

impl<S: EcdsaSuite> fmt::Debug for Round2State<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Round2State")
            .field("me", &self.me)
            .finish_non_exhaustive()
    }
}

/// What [`round2`] returns: the secret state and one message per peer.
pub type Round2Output<S> = (Round2State<S>, Outbox<S, Round2Message<S>>);

/// Round 2: given every other signer's round-1 message, computes the
/// re-randomised key share `sk_i = lambda_i x_i + zeta_i`, answers each
/// peer's multiplication as Alice with input `(r_i, sk_i)` (checking the
/// peer's OT extension), and opens the round-1 commitment.
pub fn round2<S: EcdsaSuite, R: rand_core::CryptoRng + ?Sized>(
    state: Round1State<S>,
    session: &SigningSession<S>,
    key: &KeyPackage<S>,
    setups: &PairwiseSetups<S>,
    received: &BTreeMap<Identifier<S>, Round1Message<S>>,
    rng: &mut R,
) -> Result<Round2Output<S>, Error<S>> {
    session.check_member(key, setups)?;
    let me = key.id();
    if state.me != me || state.session != *session.digest() {
        return Err(Error::InvalidSigners(
            "the round state belongs to another signer or session",
        ));
    }
    let peers = session.peers(&me);
    check_inbox(
        &me,
        &peers,
        received,
        |m| (m.from, m.to, m.session),
        session.digest(),
    )?;
    for (from, message) in received {
        if message.pair != *setups.get(from)?.transcript() {
            return Err(Error::SetupMismatch { culprit: *from });
        }
    }
    let lambda = lagrange_coefficient(&Scalar::<S>::ZERO, &me, session.signers())?;
    let mut zeta = session.zero_share(&me, setups)?;
    let key_share = SecretScalar::new(lambda * key.signing_share().expose() + zeta);
    zeta.zeroize();
    let key_share_point = S::mul_base(key_share.expose());
    let inputs = [*state.nonce.expose(), *key_share.expose()];

    let Round1State {
        nonce,
        mask,
        nonce_point,
        peers: mut kept,
        ..
    } = state;
    let mut out = BTreeMap::new();
    let mut next = BTreeMap::new();
    for (from, message) in received {
        let pair = setups.get(from)?;
        let sid = session.mult_sid(&me, from, pair.transcript());
        let ([c_u, c_v], mult) = rvole::alice(
            &pair.alice,
            &setups.gadget,
            &sid,
            &message.ote,
            &inputs,
            rng,
        )
        .map_err(|_| Error::OtExtensionCheck { culprit: *from })?;
        let PeerState { bob, opening } = kept
            .remove(from)
            .ok_or(Error::UnexpectedMessage { culprit: *from })?;
        let psi = *mask.expose() - bob.input();
        out.insert(
            *from,
            Round2Message {
                from: me,
                to: *from,
                session: *session.digest(),
                nonce_point,
                psi,
                opening: *opening,
                key_share: key_share_point,
                gamma_u: S::mul_base(&c_u),
                gamma_v: S::mul_base(&c_v),
                mult,
            },
        );
        next.insert(
            *from,
            Round2Peer {
                bob,
                commitment: message.commitment,
                c_u: SecretScalar::new(c_u),
                c_v: SecretScalar::new(c_v),
            },
        );
    }
    let mut inputs = inputs;
    inputs.iter_mut().for_each(Zeroize::zeroize);
    Ok((
        Round2State {
            me,
            session: *session.digest(),
            nonce,
            mask,
            key_share,
            nonce_point,
            key_share_point,
            peers: next,
        },
        out,
    ))
}
