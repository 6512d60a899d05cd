//! Base OT: [`KAPPA`] random 1-out-of-2 OTs, batched under one sender key.
//!
//! The endemic OT of Masny and Rindal (eprint 2019/706): Diffie–Hellman key
//! agreement, the receiver hiding its choice with their programmable-once
//! public function (POPF) built from a random oracle onto the group, batched
//! as in McQuoid, Rosulek and Roy, "Batching Base Oblivious Transfers"
//! (eprint 2021/682), Figure 3 (one sender key `A = a G` for the whole batch;
//! POPF of §5.3, key agreement of §6.1). DKLs23 asks for an endemic OT for
//! its base OTs. The random oracle onto the group is RFC 9380
//! `hash_to_curve`; each derived key hashes the session, the OT's index and
//! branch, the sender key and both POPF values, so a key is bound to the
//! whole transcript of its OT.
//!
//! For OT `i` with choice `c`, the receiver picks `b_i`, sets
//! `phi_{1-c} = rho G` for a random `rho` and `phi_c = b_i G - H_c(phi_{1-c})`,
//! and sends `(phi_0, phi_1)`; its key is `KDF(b_i A)`. The sender evaluates
//! `P_j = phi_j + H_j(phi_{1-j})` for both `j` and derives `KDF(a P_j)`:
//! `P_c = b_i G`, so the keys of branch `c` agree, while `P_{1-c}` is a point
//! whose discrete logarithm the receiver cannot know.
//!
//! The two messages are independent (the receiver's does not depend on
//! `A`), so both parties of a pair send theirs in the same round.

use ff::Field;
use group::Group;
use subtle::ConditionallySelectable;
use tessera_core::{Point, Scalar, SecretScalar};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::KAPPA;
use super::bits::choice;
use crate::hash::digest;
use crate::suite::EcdsaSuite;

/// The random oracle `H_j` onto the group of the POPF.
fn popf_hash<S: EcdsaSuite>(
    sid: &[u8; 32],
    index: usize,
    branch: u8,
    point: &[u8; 33],
) -> Point<S> {
    let idx = u16::try_from(index).unwrap_or(u16::MAX).to_be_bytes();
    // A 30-odd-byte DST: hash_to_point fails only on DSTs over 255 bytes.
    S::hash_to_point(
        b"tessera-ecdsa-v1-base-ot-popf",
        &[sid, &idx, &[branch], point],
    )
    .unwrap_or_else(Point::<S>::generator)
}

/// The key of branch `branch` of OT `index`, from the shared point.
fn derive_key<S: EcdsaSuite>(
    sid: &[u8; 32],
    index: usize,
    branch: u8,
    sender_key: &[u8; 33],
    phi: &([u8; 33], [u8; 33]),
    shared: &Point<S>,
) -> [u8; 32] {
    let idx = u16::try_from(index).unwrap_or(u16::MAX).to_be_bytes();
    let mut shared_bytes = S::point_bytes(shared);
    let key = digest(
        b"base-ot-key",
        &[
            sid,
            &idx,
            &[branch],
            sender_key,
            &phi.0,
            &phi.1,
            &shared_bytes,
        ],
    );
    shared_bytes.zeroize();
    key
}

/// The receiver's message: `(phi_0, phi_1)` per OT.
pub(crate) type PopfValues<S> = Vec<(Point<S>, Point<S>)>;

/// The base-OT sender's secret key `a`, kept until the receiver's message
/// arrives.
pub(crate) struct Sender<S: EcdsaSuite> {
    a: SecretScalar<S>,
    public: [u8; 33],
}

impl<S: EcdsaSuite> Sender<S> {
    /// A fresh sender key and its public `A = a G`.
    pub(crate) fn new<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> (Self, Point<S>) {
        let a = SecretScalar::<S>::random(rng);
        let big_a = S::mul_base(a.expose());
        let public = S::point_bytes(&big_a);
        (Self { a, public }, big_a)
    }

    /// The secret key, for the pairwise Diffie–Hellman seed of
    /// [`crate::setup`].
    pub(crate) fn secret(&self) -> &SecretScalar<S> {
        &self.a
    }

    /// Both keys of every OT, from the receiver's POPF values.
    pub(crate) fn finish(
        &self,
        sid: &[u8; 32],
        phis: &[(Point<S>, Point<S>)],
    ) -> Vec<[[u8; 32]; 2]> {
        phis.iter()
            .enumerate()
            .map(|(i, (phi0, phi1))| {
                let enc = (S::point_bytes(phi0), S::point_bytes(phi1));
                let p0 = *phi0 + popf_hash::<S>(sid, i, 0, &enc.1);
                let p1 = *phi1 + popf_hash::<S>(sid, i, 1, &enc.0);
                [
                    derive_key::<S>(sid, i, 0, &self.public, &enc, &(p0 * self.a.expose())),
                    derive_key::<S>(sid, i, 1, &self.public, &enc, &(p1 * self.a.expose())),
                ]
            })
            .collect()
    }
}

/// The base-OT receiver's per-OT secrets and choices.
pub(crate) struct Receiver<S: EcdsaSuite> {
    b: Vec<Scalar<S>>,
    choices: [u8; KAPPA / 8],
    phis: Vec<([u8; 33], [u8; 33])>,
}

impl<S: EcdsaSuite> Zeroize for Receiver<S> {
    fn zeroize(&mut self) {
        self.b.iter_mut().for_each(Zeroize::zeroize);
        self.choices.zeroize();
    }
}

impl<S: EcdsaSuite> Drop for Receiver<S> {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl<S: EcdsaSuite> ZeroizeOnDrop for Receiver<S> {}

impl<S: EcdsaSuite> Receiver<S> {
    /// Programs the POPF of every OT `i` with choice bit `i` of `choices`;
    /// returns the state and the message `(phi_0, phi_1)` per OT.
    pub(crate) fn new<R: rand_core::CryptoRng + ?Sized>(
        sid: &[u8; 32],
        choices: [u8; KAPPA / 8],
        rng: &mut R,
    ) -> (Self, PopfValues<S>) {
        let mut b = Vec::with_capacity(KAPPA);
        let mut message = Vec::with_capacity(KAPPA);
        let mut phis = Vec::with_capacity(KAPPA);
        for i in 0..KAPPA {
            let c = choice(&choices, i);
            let bi = Scalar::<S>::random(&mut *rng);
            let mut rho = Scalar::<S>::random(&mut *rng);
            let other = S::mul_base(&rho);
            rho.zeroize();
            let other_bytes = S::point_bytes(&other);
            // H_c(phi_{1-c}): the branch index hashed is the secret choice.
            let branch = u8::conditional_select(&0, &1, c);
            let programmed = S::mul_base(&bi) - popf_hash::<S>(sid, i, branch, &other_bytes);
            let phi0 = Point::<S>::conditional_select(&programmed, &other, c);
            let phi1 = Point::<S>::conditional_select(&other, &programmed, c);
            phis.push((S::point_bytes(&phi0), S::point_bytes(&phi1)));
            message.push((phi0, phi1));
            b.push(bi);
        }
        (Self { b, choices, phis }, message)
    }

    /// The key of the chosen branch of every OT, once the sender key `A`
    /// is known.
    pub(crate) fn finish(&self, sid: &[u8; 32], sender_key: &Point<S>) -> Vec<[u8; 32]> {
        let enc = S::point_bytes(sender_key);
        self.b
            .iter()
            .zip(&self.phis)
            .enumerate()
            .map(|(i, (bi, phi))| {
                let branch = u8::conditional_select(&0, &1, choice(&self.choices, i));
                derive_key::<S>(sid, i, branch, &enc, phi, &(*sender_key * bi))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::ot::bits::bit;
    use rand::RngExt;
    use tessera_core::suites::{P256, Secp256k1};

    fn check_random_ots<S: EcdsaSuite>() {
        let mut rng = rand::rng();
        let sid: [u8; 32] = rng.random();
        let choices: [u8; 16] = rng.random();
        let (sender, big_a) = Sender::<S>::new(&mut rng);
        let (receiver, message) = Receiver::<S>::new(&sid, choices, &mut rng);
        let both = sender.finish(&sid, &message);
        let chosen = receiver.finish(&sid, &big_a);
        assert_eq!(both.len(), KAPPA);
        for i in 0..KAPPA {
            let c = usize::from(bit(&choices, i));
            assert_eq!(chosen[i], both[i][c], "OT {i}: the chosen keys agree");
            assert_ne!(chosen[i], both[i][1 - c], "OT {i}: the other key differs");
        }
        // A receiver that swaps the POPF values of an OT gets garbage, not
        // the other branch.
        let mut swapped = message.clone();
        swapped[0] = (message[0].1, message[0].0);
        let both = sender.finish(&sid, &swapped);
        assert_ne!(both[0][0], chosen[0]);
        assert_ne!(both[0][1], chosen[0]);
    }

    #[test]
    fn base_ot_secp256k1() {
        check_random_ots::<Secp256k1>();
    }

    #[test]
    fn base_ot_p256() {
        check_random_ots::<P256>();
    }
}
