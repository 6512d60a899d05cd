//! DKG round 1: commitment and proof of knowledge, broadcast.

use core::fmt;

use ff::Field;
use group::GroupEncoding;
use tessera_core::batch::BatchCheck;
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::lagrange::check_distinct;
use tessera_core::polynomial::SecretPolynomial;
use tessera_core::schnorr::SchnorrVariant;
use tessera_core::{Identifier, Point, Scalar, SecretScalar, Suite, VssCommitment};

use crate::error::Error;

/// A dealer's broadcast: the Feldman commitment to its polynomial and a
/// Schnorr proof `(R, mu)` of knowledge of the constant term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round1Package<S: Suite> {
    pub(crate) commitment: VssCommitment<S>,
    pub(crate) proof_r: Point<S>,
    pub(crate) proof_mu: Scalar<S>,
    /// The encoded body, kept from creation or decoding so that sending it
    /// and hashing the transcript never re-encode its `t + 1` points.
    body: Vec<u8>,
}

impl<S: Suite> Round1Package<S> {
    /// The body from the encodings of the commitment's points followed by
    /// `R`'s (computed together by the caller).
    fn new(
        commitment: VssCommitment<S>,
        proof_r: Point<S>,
        proof_mu: Scalar<S>,
        reprs: &[<Point<S> as GroupEncoding>::Repr],
    ) -> Self {
        let mut w = Writer::default();
        w.count(commitment.threshold());
        reprs.iter().for_each(|repr| w.raw(repr.as_ref()));
        w.scalar(&proof_mu);
        let body = w.as_bytes().to_vec();
        Self {
            commitment,
            proof_r,
            proof_mu,
            body,
        }
    }

    /// The encodings of `C_0` and `R`, read from the body.
    fn c0_and_r_reprs(&self) -> (&[u8], &[u8]) {
        let ne = S::POINT_LEN;
        let c0_at = 4;
        let r_at = c0_at + self.commitment.threshold() * ne;
        (
            self.body.get(c0_at..c0_at + ne).unwrap_or_default(),
            self.body.get(r_at..r_at + ne).unwrap_or_default(),
        )
    }

    /// The encoded body (without the header).
    pub(crate) fn body(&self) -> &[u8] {
        &self.body
    }

    /// The dealer's Feldman commitment.
    pub fn commitment(&self) -> &VssCommitment<S> {
        &self.commitment
    }

    /// Adds the proof-of-knowledge equation of dealer `id`,
    /// `mu G - R - c C_0 == 0`, with `weight` to a batch.
    pub(crate) fn push_proof(
        &self,
        id: &Identifier<S>,
        weight: &Scalar<S>,
        batch: &mut BatchCheck<S>,
    ) {
        let c0 = self.commitment.public_key();
        let (c0_repr, r_repr) = self.c0_and_r_reprs();
        let c = pok_challenge(id, c0_repr, r_repr);
        batch.push(
            weight,
            &self.proof_mu,
            [(self.proof_r, -Scalar::<S>::ONE), (c0, -c)],
        );
    }

    /// Checks the proof of knowledge of dealer `id` on its own.
    pub(crate) fn proof_is_valid(&self, id: &Identifier<S>) -> bool {
        let mut batch = BatchCheck::<S>::with_capacity(2);
        self.push_proof(id, &Scalar::<S>::ONE, &mut batch);
        batch.verify()
    }
}

/// The proof-of-knowledge challenge `H("dkg", id || C_0 || R)` from the
/// encodings of `C_0` and `R`, with the suite's hash and the `dkg` tag as
/// frost-core uses.
fn pok_challenge<S: Suite>(id: &Identifier<S>, c0: &[u8], r: &[u8]) -> Scalar<S> {
    S::hash_to_scalar(b"dkg", &[id.to_bytes().as_ref(), c0, r])
}

/// A participant's secret state after round 1; consumed by [`super::part2`].
pub struct Round1Secret<S: Suite> {
    pub(crate) me: Identifier<S>,
    pub(crate) threshold: u16,
    pub(crate) participants: Vec<Identifier<S>>,
    pub(crate) polynomial: SecretPolynomial<S>,
    pub(crate) package: Round1Package<S>,
}

impl<S: Suite> fmt::Debug for Round1Secret<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Round1Secret")
            .field("me", &self.me)
            .field("threshold", &self.threshold)
            .field("polynomial", &self.polynomial)
            .finish_non_exhaustive()
    }
}

/// Round 1 for participant `me` of `participants` with threshold `t`:
/// returns the secret state to keep and the package to broadcast.
pub fn part1<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    me: Identifier<S>,
    t: u16,
    participants: &[Identifier<S>],
    rng: &mut R,
) -> Result<(Round1Secret<S>, Round1Package<S>), Error<S>> {
    check_distinct(participants)?;
    let n = participants.len();
    if t < 2 || usize::from(t) > n || n > usize::from(u16::MAX) {
        return Err(tessera_core::Error::InvalidThreshold {
            t: usize::from(t),
            n,
        }
        .into());
    }
    if !participants.contains(&me) {
        return Err(tessera_core::Error::UnknownParticipant { culprit: me }.into());
    }
    let mut participants = participants.to_vec();
    participants.sort();

    let polynomial = SecretPolynomial::random(&SecretScalar::random(rng), t, rng)?;
    let commitment = polynomial.commit();
    let k = SecretScalar::<S>::random(rng);
    let mut proof_r = S::mul_base(k.expose());
    // Every point of the package encoded at once (one shared inversion).
    let mut points = commitment.points().to_vec();
    points.push(proof_r);
    let mut reprs = S::encode_points(&points);
    // An x-only suite (BIP-340) uses the even-Y one of `±R`, as
    // frost-secp256k1-tr does: its proofs travel as x-only signatures.
    // Normalizing the encoding makes it `-R`'s.
    let negated = reprs
        .last_mut()
        .is_some_and(|r_repr| S::Schnorr::normalize(r_repr.as_mut()));
    let k = if negated {
        proof_r = -proof_r;
        SecretScalar::new(-*k.expose())
    } else {
        k
    };
    let (Some(c0_repr), Some(r_repr)) = (reprs.first(), reprs.last()) else {
        return Err(tessera_core::Error::InvalidLength(0).into());
    };
    let c = pok_challenge(&me, c0_repr.as_ref(), r_repr.as_ref());
    let proof_mu = *k.expose() + *polynomial.constant().expose() * c;
    let package = Round1Package::new(commitment, proof_r, proof_mu, &reprs);
    Ok((
        Round1Secret {
            me,
            threshold: t,
            participants,
            polynomial,
            package: package.clone(),
        },
        package,
    ))
}

impl<S: Suite> Wire<S> for Round1Package<S> {
    const KIND: u8 = 0x20;

    fn write_body(&self, w: &mut Writer) {
        w.raw(&self.body);
    }

    /// Keeps the bytes read as the cached body: the decoder accepts only
    /// canonical encodings, so they are what encoding would produce.
    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let start = r.remaining();
        let commitment = VssCommitment::read_body(r)?;
        let proof_r = r.point()?;
        let proof_mu = r.scalar()?;
        let body = start
            .get(..start.len() - r.remaining().len())
            .unwrap_or_default()
            .to_vec();
        Ok(Self {
            commitment,
            proof_r,
            proof_mu,
            body,
        })
    }
}

tessera_core::serde_via_wire!(Round1Package {
    commitment: List(&Point),
    proof_r: Point,
    proof_mu: Scalar,
});
