//! Two-party random vector OLE: DKLs23's functionality `F_RVOLE`
//! (eprint 2023/765, Functionality 3.5) realised by its Protocol 5.2 on top
//! of the random-OT extension of [`crate::ot::extension`].
//!
//! Bob's input `b` is random and fixed in his first message; Alice inputs a
//! vector `a` of `ELL = 2` scalars (the nonce share and the key share in
//! signing); they end with `c` (Alice) and `d` (Bob), `c_k + d_k = a_k b`.
//!
//! With the public gadget `g` of [`XI`]` = 256 + 2s` random scalars and
//! `RHO = 1` check scalar (`ceil(kappa / log2 q)` for these 256-bit groups):
//!
//! 1. Bob picks choice bits `beta` (`XI` of them), sets `b = sum_j g_j beta_j`
//!    and starts `XI` random OTs with choices `beta`; each OT carries
//!    `ELL + RHO = 3` scalars (`gamma_j = alpha_{beta_j, j}` for Bob).
//! 2. Alice gets `alpha_0, alpha_1`, outputs `c_k = -sum_j g_j alpha_{0,j,k}`,
//!    picks a random check pad `a^`, and sends `a~_{j,k} = alpha_{0,j,k} -
//!    alpha_{1,j,k} + a_k` (with `a^` in the last slot), `eta = a^ + sum_k
//!    theta_k a_k` and `mu = H(mu_j)` with `mu_j = alpha_{0,j,3} + sum_k
//!    theta_k alpha_{0,j,k}`, where `theta = H(transcript, a~)`.
//! 3. Bob computes `d'_{j,k} = gamma_{j,k} + beta_j a~_{j,k}` (`=
//!    alpha_{0,j,k} + beta_j a_k`), outputs `d_k = sum_j g_j d'_{j,k}`, and
//!    checks `H(d'_{j,3} + sum_k theta_k d'_{j,k} - beta_j eta) == mu`: an
//!    Alice that used different inputs in different OTs is caught unless
//!    she guessed the choice bits she cheated on (the leakage the `2s`
//!    extra gadget entries absorb).
//!
//! Every scalar of an OT output is drawn from the 32-byte OT output with
//! ChaCha20 ([`crate::hash::ScalarStream`]).

use ff::Field;
use subtle::{ConditionallySelectable, ConstantTimeEq};
use tessera_core::Scalar;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::hash::{ScalarStream, digest};
use crate::ot::STAT;
use crate::ot::bits::choice;
use crate::ot::extension::{
    self, ExtensionError, ExtensionMessage, ReceiverRows, ReceiverSeeds, SenderSeeds, output_key,
};
use crate::suite::EcdsaSuite;

/// The number of random OTs per multiplication: `|q| + 2s`.
pub(crate) const XI: usize = 256 + 2 * STAT;

/// Alice's inputs per multiplication (`ell` of Protocol 5.2).
pub(crate) const ELL: usize = 2;

/// Scalars carried by each OT: `ELL` inputs and `RHO = 1` check pad.
const WIDTH: usize = ELL + 1;

/// The public gadget vector `g` of [`XI`] random scalars, derived from a
/// fixed string (the same for every pair of a suite).
pub(crate) struct Gadget<S: EcdsaSuite>(Vec<Scalar<S>>);

impl<S: EcdsaSuite> Gadget<S> {
    /// The gadget of suite `S`.
    pub(crate) fn new() -> Self {
        let mut stream = ScalarStream::new(digest(b"rvole-gadget", &[S::NAME.as_bytes()]));
        Self((0..XI).map(|_| stream.next::<S>()).collect())
    }

    /// `sum_j g_j x_j` for bits `x`.
    fn inner(&self, bits: &[u8]) -> Scalar<S> {
        self.0
            .iter()
            .enumerate()
            .fold(Scalar::<S>::ZERO, |acc, (j, g)| {
                acc + Scalar::<S>::conditional_select(&Scalar::<S>::ZERO, g, choice(bits, j))
            })
    }
}

/// Alice's message: the sender's salt for the OT outputs, `a~`, `eta`, `mu`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AliceMessage<S: EcdsaSuite> {
    pub(crate) salt: [u8; 32],
    pub(crate) a_tilde: ScalarBlock<S>,
    pub(crate) eta: Scalar<S>,
    pub(crate) mu: [u8; 32],
}

impl<S: EcdsaSuite> AliceMessage<S> {
    /// Bytes on the wire.
    pub(crate) const WIRE_LEN: usize = 32 + XI * WIDTH * 32 + 32 + 32;
}

/// A block of scalars kept with its encoding, so hashing it never
/// re-encodes (and decoding checks every scalar is canonical once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ScalarBlock<S: EcdsaSuite> {
    scalars: Vec<Scalar<S>>,
    bytes: Vec<u8>,
}

impl<S: EcdsaSuite> ScalarBlock<S> {
    /// Encodes `scalars`.
    pub(crate) fn from_scalars(scalars: Vec<Scalar<S>>) -> Self {
        let bytes = scalars.iter().flat_map(S::scalar_bytes).collect();
        Self { scalars, bytes }
    }

    /// Decodes `count` canonical scalars.
    pub(crate) fn from_bytes(bytes: &[u8], count: usize) -> Option<Self> {
        if bytes.len() != count * 32 {
            return None;
        }
        let scalars = bytes
            .chunks_exact(32)
            .map(|c| {
                let mut b = [0u8; 32];
                b.copy_from_slice(c);
                S::scalar_from_bytes(&b)
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            scalars,
            bytes: bytes.to_vec(),
        })
    }

    /// The encoding.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Scalar `i`.
    fn get(&self, i: usize) -> Scalar<S> {
        self.scalars.get(i).copied().unwrap_or(Scalar::<S>::ZERO)
    }

    /// A test hook: changes scalar `i`, keeping the encoding in step.
    #[cfg(test)]
    pub(crate) fn set(&mut self, i: usize, value: Scalar<S>) {
        if let Some(s) = self.scalars.get_mut(i) {
            *s = value;
        }
        self.bytes = self.scalars.iter().flat_map(S::scalar_bytes).collect();
    }
}

/// `theta = H(sid, OT transcript, salt, a~)`: `ELL` scalars.
fn theta<S: EcdsaSuite>(
    sid: &[u8; 32],
    ot_digest: &[u8; 32],
    salt: &[u8; 32],
    a_tilde: &[u8],
) -> [Scalar<S>; ELL] {
    let mut stream = ScalarStream::new(digest(b"rvole-theta", &[sid, ot_digest, salt, a_tilde]));
    [stream.next::<S>(), stream.next::<S>()]
}

/// `H(sid, mu_1 .. mu_XI)`.
fn mu_digest<S: EcdsaSuite>(sid: &[u8; 32], mu: &[Scalar<S>]) -> [u8; 32] {
    let bytes: Vec<u8> = mu.iter().flat_map(S::scalar_bytes).collect();
    digest(b"rvole-mu", &[sid, &bytes])
}

/// The `WIDTH` scalars of one OT output.
fn expand<S: EcdsaSuite>(seed: [u8; 32]) -> [Scalar<S>; WIDTH] {
    let mut stream = ScalarStream::new(seed);
    [stream.next::<S>(), stream.next::<S>(), stream.next::<S>()]
}

/// Bob's state between his message and Alice's reply: his choice bits,
/// his random input `b` and his OT rows. Secret.
pub(crate) struct Bob<S: EcdsaSuite> {
    beta: [u8; XI / 8],
    b: Scalar<S>,
    rows: ReceiverRows,
}

impl<S: EcdsaSuite> Zeroize for Bob<S> {
    fn zeroize(&mut self) {
        self.beta.zeroize();
        self.b.zeroize();
    }
}

impl<S: EcdsaSuite> Drop for Bob<S> {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl<S: EcdsaSuite> ZeroizeOnDrop for Bob<S> {}

impl<S: EcdsaSuite> Bob<S> {
    /// Step 1: random choice bits, `b`, and the OT-extension message.
    pub(crate) fn start<R: rand_core::CryptoRng + ?Sized>(
        seeds: &ReceiverSeeds,
        gadget: &Gadget<S>,
        sid: &[u8; 32],
        rng: &mut R,
    ) -> (Self, ExtensionMessage) {
        let mut beta = [0u8; XI / 8];
        rng.fill_bytes(&mut beta);
        let b = gadget.inner(&beta);
        let (rows, message) = extension::receive(seeds, sid, &beta, rng);
        (Self { beta, b, rows }, message)
    }

    /// Bob's random input `b`.
    pub(crate) fn input(&self) -> &Scalar<S> {
        &self.b
    }

    /// Step 3: Bob's outputs `d`, or `None` if Alice's check fails.
    pub(crate) fn finish(
        self,
        gadget: &Gadget<S>,
        sid: &[u8; 32],
        message: &AliceMessage<S>,
    ) -> Option<[Scalar<S>; ELL]> {
        if self.rows.len() != XI || message.a_tilde.scalars.len() != XI * WIDTH {
            return None;
        }
        let theta = theta::<S>(
            sid,
            &self.rows.message_digest,
            &message.salt,
            message.a_tilde.bytes(),
        );
        let key = output_key(sid, &message.salt);
        let zero = Scalar::<S>::ZERO;
        let mut d = [zero; ELL];
        let mut mu = Vec::with_capacity(XI);
        for (j, g) in gadget.0.iter().enumerate() {
            let beta = choice(&self.beta, j);
            let gamma = expand::<S>(self.rows.output(&key, j));
            let mut dot = [zero; WIDTH];
            for (k, (dk, gk)) in dot.iter_mut().zip(gamma).enumerate() {
                *dk = gk
                    + Scalar::<S>::conditional_select(
                        &zero,
                        &message.a_tilde.get(j * WIDTH + k),
                        beta,
                    );
            }
            let [d0, d1, d2] = dot;
            d[0] += *g * d0;
            d[1] += *g * d1;
            mu.push(
                d2 + theta[0] * d0 + theta[1] * d1
                    - Scalar::<S>::conditional_select(&zero, &message.eta, beta),
            );
        }
        let ok = mu_digest::<S>(sid, &mu).ct_eq(&message.mu);
        mu.iter_mut().for_each(Zeroize::zeroize);
        if bool::from(ok) { Some(d) } else { None }
    }
}

/// Why Alice refused Bob's message.
pub(crate) type AliceError = ExtensionError;

/// Step 2, Alice: checks Bob's OT-extension message, and returns her
/// outputs `c` and her message.
pub(crate) fn alice<S: EcdsaSuite, R: rand_core::CryptoRng + ?Sized>(
    seeds: &SenderSeeds,
    gadget: &Gadget<S>,
    sid: &[u8; 32],
    bob: &ExtensionMessage,
    inputs: &[Scalar<S>; ELL],
    rng: &mut R,
) -> Result<([Scalar<S>; ELL], AliceMessage<S>), AliceError> {
    let rows = extension::send(seeds, sid, bob, XI)?;
    let mut salt = [0u8; 32];
    rng.fill_bytes(&mut salt);
    let key = output_key(sid, &salt);
    let mut a_hat = Scalar::<S>::random(&mut *rng);
    let zero = Scalar::<S>::ZERO;
    let mut c = [zero; ELL];
    let mut alpha0 = Vec::with_capacity(XI);
    let mut a_tilde = Vec::with_capacity(XI * WIDTH);
    for (j, g) in gadget.0.iter().enumerate().take(rows.len()) {
        let [s0, s1] = rows.outputs(&key, j);
        let zero_branch = expand::<S>(s0);
        let one_branch = expand::<S>(s1);
        let [z0, z1, z2] = zero_branch;
        let [o0, o1, o2] = one_branch;
        c[0] -= *g * z0;
        c[1] -= *g * z1;
        a_tilde.push(z0 - o0 + inputs[0]);
        a_tilde.push(z1 - o1 + inputs[1]);
        a_tilde.push(z2 - o2 + a_hat);
        alpha0.push(zero_branch);
    }
    let a_tilde = ScalarBlock::from_scalars(a_tilde);
    let theta = theta::<S>(sid, &rows.message_digest, &salt, a_tilde.bytes());
    let eta = a_hat + theta[0] * inputs[0] + theta[1] * inputs[1];
    a_hat.zeroize();
    let mut mu: Vec<Scalar<S>> = alpha0
        .iter()
        .map(|[z0, z1, z2]| *z2 + theta[0] * z0 + theta[1] * z1)
        .collect();
    alpha0.iter_mut().flatten().for_each(Zeroize::zeroize);
    let mu_hash = mu_digest::<S>(sid, &mu);
    mu.iter_mut().for_each(Zeroize::zeroize);
    Ok((
        c,
        AliceMessage {
            salt,
            a_tilde,
            eta,
            mu: mu_hash,
        },
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::ot::bits::bit;
    use crate::ot::extension::tests::setups;
    use rand::RngExt;
    use tessera_core::suites::{P256, Secp256k1};

    fn check_multiplication<S: EcdsaSuite>() {
        let mut rng = rand::rng();
        let gadget = Gadget::<S>::new();
        let (alice_seeds, bob_seeds) = setups(&mut rng);
        let sid: [u8; 32] = rng.random();
        let (bob, message) = Bob::<S>::start(&bob_seeds, &gadget, &sid, &mut rng);
        let b = *bob.input();
        let a = [Scalar::<S>::random(&mut rng), Scalar::<S>::random(&mut rng)];
        let (c, reply) = alice(&alice_seeds, &gadget, &sid, &message, &a, &mut rng).unwrap();
        assert_eq!(
            reply.salt.len() + reply.a_tilde.bytes().len() + 64,
            AliceMessage::<S>::WIRE_LEN
        );
        let d = bob.finish(&gadget, &sid, &reply).unwrap();
        assert_eq!(c[0] + d[0], a[0] * b);
        assert_eq!(c[1] + d[1], a[1] * b);
    }

    #[test]
    fn multiplication_secp256k1() {
        check_multiplication::<Secp256k1>();
    }

    #[test]
    fn multiplication_p256() {
        check_multiplication::<P256>();
    }

    /// A cheating Alice: tampering with `a~`, `eta` or `mu` in transit is
    /// always caught (theta or the check moves); an Alice that runs the
    /// protocol with another input in one OT is caught when Bob's choice
    /// bit there is 1.
    #[test]
    fn cheating_alice_is_caught() {
        type S = Secp256k1;
        let mut rng = rand::rng();
        let gadget = Gadget::<S>::new();
        let (alice_seeds, bob_seeds) = setups(&mut rng);
        let sid: [u8; 32] = rng.random();
        let a = [Scalar::<S>::random(&mut rng), Scalar::<S>::random(&mut rng)];
        let run = |tamper: &dyn Fn(&mut AliceMessage<S>), rng: &mut rand::rngs::ThreadRng| {
            let (bob, message) = Bob::<S>::start(&bob_seeds, &gadget, &sid, rng);
            let (_, mut reply) = alice(&alice_seeds, &gadget, &sid, &message, &a, rng).unwrap();
            tamper(&mut reply);
            bob.finish(&gadget, &sid, &reply)
        };
        assert!(run(&|_| {}, &mut rng).is_some());
        assert!(run(&|m| m.eta += Scalar::<S>::ONE, &mut rng).is_none());
        assert!(run(&|m| m.mu[0] ^= 1, &mut rng).is_none());
        assert!(
            run(
                &|m| {
                    let v = m.a_tilde.get(7) + Scalar::<S>::ONE;
                    m.a_tilde.set(7, v);
                },
                &mut rng
            )
            .is_none()
        );

        // A consistent cheater: Alice's whole reply is computed honestly
        // except that OT `j` carries input `a_0 + 1`, with theta, eta and mu
        // recomputed to match. Bob catches it exactly when beta_j = 1.
        for _ in 0..8 {
            let (bob, message) = Bob::<S>::start(&bob_seeds, &gadget, &sid, &mut rng);
            let j = 5;
            let beta_j = bit(&bob.beta, j);
            let reply = cheating_alice(&alice_seeds, &sid, &message, &a, j, &mut rng);
            let result = bob.finish(&gadget, &sid, &reply);
            assert_eq!(result.is_none(), beta_j == 1, "beta_j = {beta_j}");
        }
    }

    /// [`alice`] with input `a_0 + 1` in OT `j` only, everything else
    /// consistent.
    fn cheating_alice(
        seeds: &SenderSeeds,
        sid: &[u8; 32],
        bob: &ExtensionMessage,
        inputs: &[Scalar<Secp256k1>; ELL],
        bad: usize,
        rng: &mut impl rand_core::CryptoRng,
    ) -> AliceMessage<Secp256k1> {
        type S = Secp256k1;
        let rows = extension::send(seeds, sid, bob, XI).unwrap();
        let salt: [u8; 32] = [9; 32];
        let key = output_key(sid, &salt);
        let a_hat = Scalar::<S>::random(&mut *rng);
        let mut alpha0 = Vec::new();
        let mut a_tilde = Vec::new();
        for j in 0..XI {
            let [s0, s1] = rows.outputs(&key, j);
            let z = expand::<S>(s0);
            let o = expand::<S>(s1);
            let a0 = if j == bad {
                inputs[0] + Scalar::<S>::ONE
            } else {
                inputs[0]
            };
            a_tilde.extend([
                z[0] - o[0] + a0,
                z[1] - o[1] + inputs[1],
                z[2] - o[2] + a_hat,
            ]);
            alpha0.push(z);
        }
        let a_tilde = ScalarBlock::from_scalars(a_tilde);
        let theta = theta::<S>(sid, &rows.message_digest, &salt, a_tilde.bytes());
        let eta = a_hat + theta[0] * inputs[0] + theta[1] * inputs[1];
        let mu: Vec<Scalar<S>> = alpha0
            .iter()
            .map(|z| z[2] + theta[0] * z[0] + theta[1] * z[1])
            .collect();
        AliceMessage {
            salt,
            a_tilde,
            eta,
            mu: mu_digest::<S>(sid, &mu),
        }
    }

    #[test]
    fn cheating_bob_is_caught_by_alice() {
        type S = P256;
        let mut rng = rand::rng();
        let gadget = Gadget::<S>::new();
        let (alice_seeds, bob_seeds) = setups(&mut rng);
        let sid: [u8; 32] = rng.random();
        let (_, mut message) = Bob::<S>::start(&bob_seeds, &gadget, &sid, &mut rng);
        message.t_check[0][3] ^= 4;
        let a = [Scalar::<S>::ONE, Scalar::<S>::ONE];
        assert_eq!(
            alice(&alice_seeds, &gadget, &sid, &message, &a, &mut rng).err(),
            Some(ExtensionError::Check)
        );
    }
}
