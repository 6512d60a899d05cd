//! The end of round 2 (DKLs23 Protocol 3.6, steps 8–9): every check, and
//! the single-use [`Presignature`].

use core::fmt;
use std::collections::BTreeMap;

use group::Group;
use tessera_core::{Identifier, Point, Scalar, SecretScalar};

use super::messages::{Round2Message, SignatureShare};
use super::round1::commitment;
use super::round2::{Round2Peer, Round2State};
use super::{SigningSession, check_inbox};
use crate::error::Error;
use crate::setup::PairwiseSetups;
use crate::suite::EcdsaSuite;

/// A signer's share of a presignature: the nonce point `R` is fixed, the
/// message is not. Signs exactly one message ([`Presignature::sign`]
/// consumes it); neither `Clone` nor serialisable. Secret parts are wiped
/// on drop and never printed.
pub struct Presignature<S: EcdsaSuite> {
    me: Identifier<S>,
    session: [u8; 32],
    nonce_point: Point<S>,
    r: Scalar<S>,
    mask: SecretScalar<S>,
    u: SecretScalar<S>,
    v: SecretScalar<S>,
    nonce_points: BTreeMap<Identifier<S>, Point<S>>,
}

impl<S: EcdsaSuite> fmt::Debug for Presignature<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Presignature")
            .field("me", &self.me)
            .field("nonce_point", &hex::<S>(&self.nonce_point))
            .finish_non_exhaustive()
    }
}

fn hex<S: EcdsaSuite>(p: &Point<S>) -> String {
    S::point_bytes(p)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl<S: EcdsaSuite> Presignature<S> {
    /// The signer.
    pub fn me(&self) -> Identifier<S> {
        self.me
    }

    /// The signature's nonce point `R` (public).
    pub fn nonce_point(&self) -> Point<S> {
        self.nonce_point
    }

    /// Round 3: this signer's share of the signature of the 32-byte
    /// `prehash` (SHA-256 of the message for P-256, Keccak-256 for
    /// Ethereum, ...): `(u_i, w_i = H(m) phi_i + r_x v_i)`. Consumes the
    /// presignature.
    pub fn sign(self, prehash: &[u8; 32]) -> SignatureShare<S> {
        let m = S::prehash_scalar(prehash);
        let w = m * self.mask.expose() + self.r * self.v.expose();
        SignatureShare {
            from: self.me,
            session: self.session,
            u: *self.u.expose(),
            w,
            nonce_points: self.nonce_points.clone(),
        }
    }
}

/// Finishes round 2 for one signer: opens every peer's commitment,
/// finishes every multiplication as Bob (its consistency check), checks
/// `chi R_j = Gamma^u_j + d^u G` and `chi pk_j = Gamma^v_j + d^v G` for every
/// peer and that the public key shares add up to the group key, and
/// returns the presignature: the nonce point `R = sum R_j` and this
/// signer's shares `u_i` of `r phi` and `v_i` of `sk phi`.
pub fn presign<S: EcdsaSuite>(
    state: Round2State<S>,
    session: &SigningSession<S>,
    setups: &PairwiseSetups<S>,
    received: &BTreeMap<Identifier<S>, Round2Message<S>>,
) -> Result<Presignature<S>, Error<S>> {
    let me = state.me;
    if state.session != *session.digest() || setups.me() != me {
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
    let Round2State {
        nonce,
        mask,
        key_share,
        nonce_point,
        key_share_point,
        peers: mut kept,
        ..
    } = state;

    let mut sum_psi = *mask.expose();
    let mut sum_u = S::zero();
    let mut sum_v = S::zero();
    let mut big_r = nonce_point;
    let mut key_sum = key_share_point;
    let mut nonce_points = BTreeMap::new();
    nonce_points.insert(me, nonce_point);
    for (from, message) in received {
        let Round2Peer {
            bob,
            commitment: committed,
            c_u,
            c_v,
        } = kept
            .remove(from)
            .ok_or(Error::UnexpectedMessage { culprit: *from })?;
        let opened = commitment::<S>(
            session.digest(),
            from,
            &me,
            &message.nonce_point,
            &message.psi,
            &message.opening,
        );
        if opened != committed {
            return Err(Error::CommitmentMismatch { culprit: *from });
        }
        let pair = setups.get(from)?;
        let sid = session.mult_sid(from, &me, pair.transcript());
        let chi = SecretScalar::<S>::new(*bob.input());
        let [d_u, d_v] = bob
            .finish(&setups.gadget, &sid, &message.mult)
            .ok_or(Error::MultiplicationCheck { culprit: *from })?;
        let (d_u, d_v) = (SecretScalar::<S>::new(d_u), SecretScalar::<S>::new(d_v));
        // Constant-time: chi and d are secret.
        if message.nonce_point * chi.expose() != message.gamma_u + S::mul_base(d_u.expose()) {
            return Err(Error::InconsistentNonce { culprit: *from });
        }
        if message.key_share * chi.expose() != message.gamma_v + S::mul_base(d_v.expose()) {
            return Err(Error::InconsistentKeyShare { culprit: *from });
        }
        sum_psi += message.psi;
        sum_u += *c_u.expose() + d_u.expose();
        sum_v += *c_v.expose() + d_v.expose();
        big_r += message.nonce_point;
        key_sum += message.key_share;
        nonce_points.insert(*from, message.nonce_point);
    }
    if key_sum != session.public().group_key() {
        return Err(Error::KeyShareSum { culprits: peers });
    }
    if bool::from(big_r.is_identity()) {
        return Err(Error::Degenerate);
    }
    let (r, _, _) = S::x_scalar(&big_r);
    if bool::from(ff::Field::is_zero(&r)) {
        return Err(Error::Degenerate);
    }
    let u = SecretScalar::new(*nonce.expose() * sum_psi + sum_u);
    let v = SecretScalar::new(*key_share.expose() * sum_psi + sum_v);
    zeroize::Zeroize::zeroize(&mut sum_psi);
    zeroize::Zeroize::zeroize(&mut sum_u);
    zeroize::Zeroize::zeroize(&mut sum_v);
    Ok(Presignature {
        me,
        session: *session.digest(),
        nonce_point: big_r,
        r,
        mask,
        u,
        v,
        nonce_points,
    })
}
