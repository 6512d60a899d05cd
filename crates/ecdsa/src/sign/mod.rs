//! Threshold ECDSA signing: DKLs23 Protocol 3.6 (eprint 2023/765), for any
//! set of at least `t` members holding `tessera_frost` key packages of one
//! key, in three rounds, the last of which alone depends on the message.
//!
//! | step | who | Protocol 3.6 | what |
//! |------|-----|--------------|------|
//! | [`round1`] | each signer `i` | steps 4–6 | nonce `r_i`, mask `phi_i`, `R_i = r_i G`; for each peer `j`: Bob's first multiplication message (random input `chi_ij`), a commitment to `(R_i, psi_ij = phi_i - chi_ij)` |
//! | [`round2`] | each signer | step 7 | key share `sk_i = lambda_i x_i + zeta_i` (`F_Zero`), `pk_i = sk_i G`; for each peer: Alice's multiplication reply on input `(r_i, sk_i)`, `Gamma^u = c^u G`, `Gamma^v = c^v G`, the opening of the commitment, `pk_i` |
//! | [`presign`] | each signer | steps 8–9 (checks) | opens and checks commitments, finishes the multiplications (their checks), checks `chi R_j - Gamma^u = d^u G` and `chi pk_j - Gamma^v = d^v G` (one MSM), `sum pk_j = PK`; `R = sum R_j`; shares `u_i` of `r phi` and `v_i` of `sk phi`: a single-use [`Presignature`] |
//! | [`Presignature::sign`] | each signer | step 9 | `w_i = H(m) phi_i + r_x v_i`: the [`SignatureShare`] `(u_i, w_i)` |
//! | [`combine`] | anyone | step 10 | `s = sum w / sum u`, low-s, verified, with its recovery id |
//!
//! Round-1 and round-2 messages go point to point, one to each other
//! signer ([`Round1Message`], [`Round2Message`]); signature shares are
//! broadcast. All carry the signing session's digest; a message of another
//! session, recipient or pair setup is refused and its sender named.
//!
//! **Presigning.** [`round1`], [`round2`] and [`presign`] do not need the
//! message: run them ahead and keep the [`Presignature`], which signs one
//! message and is consumed doing so. None of the round states nor the
//! presignature is `Clone` or serialisable:
//!
//! ```compile_fail
//! use tessera_core::suites::Secp256k1;
//! use tessera_ecdsa::sign::Presignature;
//! fn twice(p: Presignature<Secp256k1>) {
//!     let _ = p.sign(&[1; 32]);
//!     let _ = p.sign(&[2; 32]); // error: use of moved value
//! }
//! ```
//!
//! ```compile_fail
//! use tessera_core::suites::Secp256k1;
//! use tessera_ecdsa::sign::Presignature;
//! fn copy(p: &Presignature<Secp256k1>) -> Presignature<Secp256k1> {
//!     p.clone() // error: Presignature is not Clone
//! }
//! ```
//!
//! ```compile_fail
//! use tessera_core::suites::P256;
//! use tessera_ecdsa::sign::Round1State;
//! fn copy(s: &Round1State<P256>) -> Round1State<P256> {
//!     s.clone() // error: round state is not Clone
//! }
//! ```
//!
//! ```compile_fail
//! use tessera_core::suites::P256;
//! use tessera_ecdsa::sign::Round2State;
//! fn save(s: &Round2State<P256>) -> String {
//!     serde_json::to_string(s).unwrap() // error: round state is not Serialize
//! }
//! ```
//!
//! **Abort.** Every check names the signer it implicates
//! ([`crate::Error::culprits`]). The last round has no per-share check in
//! DKLs23: a wrong `(u_i, w_i)` makes the final signature invalid, and
//! [`combine`] then names every signer ([`crate::Error::InvalidSignature`]).

mod combine;
mod messages;
mod presign;
mod round1;
mod round2;

pub use combine::{Signature, combine};
pub use messages::{Round1Message, Round2Message, SignatureShare};
pub use presign::{Presignature, presign};
pub use round1::{Round1Output, Round1State, round1};
pub use round2::{Round2Output, Round2State, round2};

use std::collections::BTreeMap;

use tessera_core::{Identifier, Scalar, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage};

use crate::error::Error;
use crate::hash::{digest, hash_to_scalar};
use crate::setup::{PairwiseSetups, point_bytes};
use crate::suite::EcdsaSuite;

/// Messages by recipient (or by sender, for what a signer received).
pub type Outbox<S, M> = BTreeMap<Identifier<S>, M>;

/// What all signers of one signing session agree on before it starts: the
/// key (its public key package), the signers, and a fresh session
/// identifier (chosen by whoever coordinates, never reused).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningSession<S: EcdsaSuite> {
    public: PublicKeyPackage<S>,
    signers: Vec<Identifier<S>>,
    session_id: [u8; 32],
    digest: [u8; 32],
}

impl<S: EcdsaSuite> SigningSession<S> {
    /// A session of `signers` (at least the threshold, all holders of the
    /// key of `public`) with the unique `session_id`.
    pub fn new(
        public: PublicKeyPackage<S>,
        signers: &[Identifier<S>],
        session_id: [u8; 32],
    ) -> Result<Self, Error<S>> {
        tessera_core::lagrange::check_distinct(signers)?;
        if signers.len() < usize::from(public.threshold()) {
            return Err(tessera_core::Error::TooFewParticipants {
                needed: usize::from(public.threshold()),
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
        let ids: Vec<u8> = signers
            .iter()
            .flat_map(|id| AsRef::<[u8]>::as_ref(&id.to_bytes()).to_vec())
            .collect();
        let digest = digest(
            b"sign-session",
            &[
                S::NAME.as_bytes(),
                public.epoch().as_bytes(),
                &point_bytes::<S>(&public.group_key()),
                &ids,
                &session_id,
            ],
        );
        Ok(Self {
            public,
            signers,
            session_id,
            digest,
        })
    }

    /// The signers, sorted.
    pub fn signers(&self) -> &[Identifier<S>] {
        &self.signers
    }

    /// The public key package of the key.
    pub fn public(&self) -> &PublicKeyPackage<S> {
        &self.public
    }

    /// The session identifier.
    pub fn session_id(&self) -> &[u8; 32] {
        &self.session_id
    }

    /// The digest binding every message of the session.
    pub(crate) fn digest(&self) -> &[u8; 32] {
        &self.digest
    }

    /// The other signers.
    pub(crate) fn peers(&self, me: &Identifier<S>) -> Vec<Identifier<S>> {
        self.signers.iter().copied().filter(|id| id != me).collect()
    }

    /// The session of the multiplication where `alice` sends and `bob`
    /// receives, bound to their pair setup.
    pub(crate) fn mult_sid(
        &self,
        alice: &Identifier<S>,
        bob: &Identifier<S>,
        pair: &[u8; 32],
    ) -> [u8; 32] {
        digest(
            b"sign-mult",
            &[
                &self.digest,
                AsRef::<[u8]>::as_ref(&alice.to_bytes()),
                AsRef::<[u8]>::as_ref(&bob.to_bytes()),
                pair,
            ],
        )
    }

    /// Checks that `key` and `setups` belong to signer `key.id()` of this
    /// session and that every pair with another signer is set up.
    pub(crate) fn check_member(
        &self,
        key: &KeyPackage<S>,
        setups: &PairwiseSetups<S>,
    ) -> Result<(), Error<S>> {
        if key.epoch() != self.public.epoch() || key.group_key() != self.public.group_key() {
            return Err(Error::EpochMismatch);
        }
        if self.signers.binary_search(&key.id()).is_err() {
            return Err(Error::InvalidSigners("this participant is not a signer"));
        }
        if setups.me() != key.id() {
            return Err(Error::InvalidSigners(
                "the pair setups belong to another participant",
            ));
        }
        for peer in self.peers(&key.id()) {
            setups.get(&peer)?;
        }
        Ok(())
    }

    /// This signer's share `zeta_i` of zero (`F_Zero`): the signed sum of
    /// a PRF of each pair's seed, so that the signers' shares add up to 0.
    pub(crate) fn zero_share(
        &self,
        me: &Identifier<S>,
        setups: &PairwiseSetups<S>,
    ) -> Result<Scalar<S>, Error<S>> {
        let mut zeta = S::zero();
        for peer in self.peers(me) {
            let seed = setups.get(&peer)?.zero_seed();
            let term = hash_to_scalar::<S>(b"sign-zero-share", &[seed, &self.digest]);
            if *me < peer {
                zeta += term;
            } else {
                zeta -= term;
            }
        }
        Ok(zeta)
    }
}

/// Checks that `received` holds exactly one message from every other
/// signer, each addressed to `me` in this session; a message filed under
/// `me` is the caller's mistake ([`Error::OwnMessage`]), not `me`'s.
pub(crate) fn check_inbox<S: Suite, T>(
    me: &Identifier<S>,
    peers: &[Identifier<S>],
    received: &BTreeMap<Identifier<S>, T>,
    header: impl Fn(&T) -> (Identifier<S>, Identifier<S>, [u8; 32]),
    session: &[u8; 32],
) -> Result<(), Error<S>> {
    if received.contains_key(me) {
        return Err(Error::OwnMessage { me: *me });
    }
    for (from, message) in received {
        if peers.binary_search(from).is_err() {
            return Err(Error::UnexpectedMessage { culprit: *from });
        }
        let (sender, to, digest) = header(message);
        if sender != *from {
            return Err(Error::UnexpectedMessage { culprit: *from });
        }
        if to != *me || digest != *session {
            return Err(Error::Misrouted { culprit: *from });
        }
    }
    if let Some(id) = peers.iter().find(|id| !received.contains_key(id)) {
        return Err(Error::MissingMessage { culprit: *id });
    }
    Ok(())
}
