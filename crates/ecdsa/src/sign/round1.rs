//! Round 1 (DKLs23 Protocol 3.6, steps 4–6).

use core::fmt;
use std::collections::BTreeMap;

use tessera_core::{Identifier, Point, SecretScalar};
use tessera_frost::KeyPackage;
use zeroize::{Zeroize, Zeroizing};

use super::messages::Round1Message;
use super::{Outbox, SigningSession};
use crate::error::Error;
use crate::hash::digest;
use crate::rvole::Bob;
use crate::setup::PairwiseSetups;
use crate::suite::EcdsaSuite;

/// The commitment to `(R_i, psi_ij)` sent to `to`, hiding with `opening`.
pub(crate) fn commitment<S: EcdsaSuite>(
    session: &[u8; 32],
    from: &Identifier<S>,
    to: &Identifier<S>,
    nonce_point: &Point<S>,
    psi: &tessera_core::Scalar<S>,
    opening: &[u8; 32],
) -> [u8; 32] {
    digest(
        b"sign-commitment",
        &[
            session,
            AsRef::<[u8]>::as_ref(&from.to_bytes()),
            AsRef::<[u8]>::as_ref(&to.to_bytes()),
            &S::point_bytes(nonce_point),
            &S::scalar_bytes(psi),
            opening,
        ],
    )
}

/// What a signer keeps for one peer between rounds 1 and 2 (and 2 and 3):
/// its Bob side of the peer's multiplication and its commitment opening.
pub(crate) struct PeerState<S: EcdsaSuite> {
    pub(crate) bob: Bob<S>,
    pub(crate) opening: Zeroizing<[u8; 32]>,
}

/// A signer's secret state after round 1: its nonce `r_i`, mask `phi_i`,
/// and per peer its multiplication state. Consumed by [`super::round2`];
/// neither `Clone` nor serialisable.
pub struct Round1State<S: EcdsaSuite> {
    pub(crate) me: Identifier<S>,
    pub(crate) session: [u8; 32],
    pub(crate) nonce: SecretScalar<S>,
    pub(crate) mask: SecretScalar<S>,
    pub(crate) nonce_point: Point<S>,
    pub(crate) peers: BTreeMap<Identifier<S>, PeerState<S>>,
}

impl<S: EcdsaSuite> fmt::Debug for Round1State<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Round1State")
            .field("me", &self.me)
            .finish_non_exhaustive()
    }
}

/// What [`round1`] returns: the secret state and one message per peer.
pub type Round1Output<S> = (Round1State<S>, Outbox<S, Round1Message<S>>);

/// Round 1 for signer `key.id()`: samples the nonce `r_i` and the mask
/// `phi_i`, starts one multiplication as Bob with every other signer and
/// commits to `(R_i, psi_ij)` towards each. Returns the state and one
/// message per other signer.
pub fn round1<S: EcdsaSuite, R: rand_core::CryptoRng + ?Sized>(
    session: &SigningSession<S>,
    key: &KeyPackage<S>,
    setups: &PairwiseSetups<S>,
    rng: &mut R,
) -> Result<Round1Output<S>, Error<S>> {
    session.check_member(key, setups)?;
    let me = key.id();
    let nonce = SecretScalar::<S>::random(rng);
    let mask = SecretScalar::<S>::random(rng);
    let nonce_point = S::mul_base(nonce.expose());
    let mut peers = BTreeMap::new();
    let mut messages = BTreeMap::new();
    for peer in session.peers(&me) {
        let pair = setups.get(&peer)?;
        let sid = session.mult_sid(&peer, &me, pair.transcript());
        let (bob, ote) = Bob::start(&pair.bob, &setups.gadget, &sid, rng);
        let mut psi = *mask.expose() - bob.input();
        let mut opening = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(opening.as_mut());
        let commitment =
            commitment::<S>(session.digest(), &me, &peer, &nonce_point, &psi, &opening);
        psi.zeroize();
        messages.insert(
            peer,
            Round1Message {
                from: me,
                to: peer,
                session: *session.digest(),
                pair: *pair.transcript(),
                commitment,
                ote,
            },
        );
        peers.insert(peer, PeerState { bob, opening });
    }
    Ok((
        Round1State {
            me,
            session: *session.digest(),
            nonce,
            mask,
            nonce_point,
            peers,
        },
        messages,
    ))
}
