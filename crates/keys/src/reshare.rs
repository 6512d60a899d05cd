//! Verifiable secret redistribution: move a key to a new committee with a
//! new threshold, keeping the group key. Refresh and revocation are the
//! same protocol with the same threshold and (a subset of) the same members.
//!
//! Any quorum of at least `t_old` current holders (the *dealers*) takes part.
//! Dealer `i` shares `lambda_i s_i` (its Lagrange-weighted share, so the
//! dealers' constants sum to the key) with a fresh polynomial of degree
//! `t_new - 1`, broadcasts the Feldman commitment ([`ReshareCommitment`])
//! and sends each new member its sub-share ([`ReshareShare`]) privately.
//!
//! Everyone checks each dealer's constant term against the dealer's public
//! verifying share, `C_i0 == lambda_i Y_i`, so a dealer that shares anything
//! but its true share is named. New members verify their sub-shares (one
//! batched MSM) and add them up; the new verifying shares follow from the
//! sum of the commitments. The group key is unchanged, the epoch is new, and
//! old shares do not combine with new ones: they lie on unrelated
//! polynomials.
//!
//! **Channels.** The dealers' broadcasts must reach every party unchanged:
//! compare [`transcript`] digests to expose an equivocating dealer.
//! Sub-shares need a confidential, authenticated channel.

use core::fmt;
use std::collections::BTreeMap;

use ff::Field;
use tessera_core::batch::{Equation, failing};
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::lagrange::{check_distinct, lagrange_coefficient, lagrange_coefficients};
use tessera_core::polynomial::SecretPolynomial;
use tessera_core::vss::{ShareCheck, batch_verify};
use tessera_core::{Identifier, Scalar, SecretScalar, SecretShare, Suite, VssCommitment};
use tessera_frost::{Epoch, KeyPackage, PublicKeyPackage};
use zeroize::Zeroizing;

use crate::dkg::check_exact;
use crate::dkg::sum_commitments;
use crate::error::Error;

/// What every party of a reshare agrees on before it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReshareConfig<S: Suite> {
    old: PublicKeyPackage<S>,
    dealers: Vec<Identifier<S>>,
    members: Vec<Identifier<S>>,
    threshold: u16,
}

impl<S: Suite> ReshareConfig<S> {
    /// Redistributes the key of `old` from `dealers` (at least `t_old`
    /// current holders) to `members` with threshold `threshold`.
    pub fn new(
        old: PublicKeyPackage<S>,
        dealers: &[Identifier<S>],
        members: &[Identifier<S>],
        threshold: u16,
    ) -> Result<Self, Error<S>> {
        check_distinct(dealers)?;
        check_distinct(members)?;
        if dealers.len() < usize::from(old.threshold()) {
            return Err(tessera_core::Error::TooFewParticipants {
                needed: usize::from(old.threshold()),
                got: dealers.len(),
            }
            .into());
        }
        if let Some(id) = dealers
            .iter()
            .find(|id| !old.verifying_shares().contains_key(id))
        {
            return Err(tessera_core::Error::UnknownParticipant { culprit: *id }.into());
        }
        if threshold < 2
            || usize::from(threshold) > members.len()
            || members.len() > usize::from(u16::MAX)
        {
            return Err(tessera_core::Error::InvalidThreshold {
                t: usize::from(threshold),
                n: members.len(),
            }
            .into());
        }
        let (mut dealers, mut members) = (dealers.to_vec(), members.to_vec());
        dealers.sort();
        members.sort();
        Ok(Self {
            old,
            dealers,
            members,
            threshold,
        })
    }

    /// A refresh: the `holders` (at least `t` current members) deal new
    /// shares of the same key to themselves with the same threshold. Members
    /// of `old` not among `holders` are revoked: their shares no longer
    /// combine with the new ones.
    pub fn refresh(old: PublicKeyPackage<S>, holders: &[Identifier<S>]) -> Result<Self, Error<S>> {
        let t = old.threshold();
        Self::new(old, holders, holders, t)
    }

    /// The public key package of the current epoch.
    pub fn old(&self) -> &PublicKeyPackage<S> {
        &self.old
    }

    /// The dealers, sorted.
    pub fn dealers(&self) -> &[Identifier<S>] {
        &self.dealers
    }

    /// The new committee, sorted.
    pub fn members(&self) -> &[Identifier<S>] {
        &self.members
    }

    /// The new threshold.
    pub fn threshold(&self) -> u16 {
        self.threshold
    }
}

/// A dealer's broadcast: the commitment to its resharing polynomial.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReshareCommitment<S: Suite> {
    epoch: Epoch,
    dealer: Identifier<S>,
    commitment: VssCommitment<S>,
}

impl<S: Suite> ReshareCommitment<S> {
    /// The dealer.
    pub fn dealer(&self) -> Identifier<S> {
        self.dealer
    }

    /// The Feldman commitment.
    pub fn commitment(&self) -> &VssCommitment<S> {
        &self.commitment
    }
}

/// A dealer's sub-share for one new member. Secret: send it only over a
/// confidential, authenticated channel.
#[derive(Clone, PartialEq, Eq)]
pub struct ReshareShare<S: Suite> {
    epoch: Epoch,
    dealer: Identifier<S>,
    recipient: Identifier<S>,
    share: SecretScalar<S>,
}

impl<S: Suite> fmt::Debug for ReshareShare<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReshareShare")
            .field("epoch", &self.epoch)
            .field("dealer", &self.dealer)
            .field("recipient", &self.recipient)
            .field("share", &self.share)
            .finish()
    }
}

/// What a dealer sends: one broadcast and one private share per member.
pub type Dealing<S> = (
    ReshareCommitment<S>,
    BTreeMap<Identifier<S>, ReshareShare<S>>,
);

/// A dealer's step: share `lambda_i s_i` to the new members.
pub fn deal<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    config: &ReshareConfig<S>,
    key: &KeyPackage<S>,
    rng: &mut R,
) -> Result<Dealing<S>, Error<S>> {
    if key.epoch() != config.old.epoch() {
        return Err(Error::EpochMismatch);
    }
    let me = key.id();
    let lambda = lagrange_coefficient::<S>(&Scalar::<S>::ZERO, &me, &config.dealers)?;
    let constant = {
        let product = Zeroizing::new(lambda * key.signing_share().expose());
        SecretScalar::new(*product)
    };
    let polynomial = SecretPolynomial::random(&constant, config.threshold, rng)?;
    let epoch = config.old.epoch();
    let shares = config
        .members
        .iter()
        .map(|to| {
            (
                *to,
                ReshareShare {
                    epoch,
                    dealer: me,
                    recipient: *to,
                    share: polynomial.evaluate(to),
                },
            )
        })
        .collect();
    Ok((
        ReshareCommitment {
            epoch,
            dealer: me,
            commitment: polynomial.commit(),
        },
        shares,
    ))
}

/// Everyone's step: checks every dealer's broadcast (epoch, dealer set,
/// commitment length, and `C_i0 == lambda_i Y_i` batched into one MSM,
/// naming every failing dealer) and returns the new public key package.
///
/// Each dealer's broadcast is checked on its own before any is summed. A
/// rushing dealer can still broadcast commitments that pass these checks
/// but cancel the others' (a polynomial it does not know): without the
/// sub-shares nobody can be named, and this step fails with
/// [`Error::CancellingDealings`]; [`receive`], which checks the sub-shares
/// first, names the dealer.
pub fn new_public<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    config: &ReshareConfig<S>,
    commitments: &BTreeMap<Identifier<S>, ReshareCommitment<S>>,
    rng: &mut R,
) -> Result<PublicKeyPackage<S>, Error<S>> {
    check_commitments(config, commitments, rng)?;
    sum_public(config, commitments)
}

/// A digest of every dealer's broadcast, in identifier order:
/// `H("reshare-transcript", id_1 || body_1 || ...)`. Honest parties that
/// saw the same broadcasts have the same digest; compare it (out of band,
/// or in the first signing session of the new epoch) to expose a dealer
/// that sent different broadcasts to different parties, as the DKG's
/// transcript does.
pub fn transcript<S: Suite>(
    commitments: &BTreeMap<Identifier<S>, ReshareCommitment<S>>,
) -> Vec<u8> {
    let parts: Vec<(Vec<u8>, Vec<u8>)> = commitments
        .iter()
        .map(|(id, c)| (id.to_bytes().as_ref().to_vec(), c.to_bytes()))
        .collect();
    let refs: Vec<&[u8]> = parts
        .iter()
        .flat_map(|(id, body)| [id.as_slice(), body.as_slice()])
        .collect();
    S::hash_to_bytes(b"reshare-transcript", &refs)
}

/// The checks of [`new_public`] on each dealer's broadcast alone.
fn check_commitments<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    config: &ReshareConfig<S>,
    commitments: &BTreeMap<Identifier<S>, ReshareCommitment<S>>,
    rng: &mut R,
) -> Result<(), Error<S>> {
    check_exact(&config.dealers, commitments)?;
    if let Some((id, _)) = commitments.iter().find(|(id, c)| c.dealer != **id) {
        return Err(Error::WrongRecipient { culprit: *id });
    }
    if let Some((id, _)) = commitments
        .iter()
        .find(|(_, c)| c.epoch != config.old.epoch())
    {
        return Err(Error::WrongEpoch { culprit: *id });
    }
    let t = usize::from(config.threshold);
    if let Some((id, c)) = commitments
        .iter()
        .find(|(_, c)| c.commitment.threshold() != t)
    {
        return Err(tessera_core::Error::WrongCommitmentLength {
            culprit: *id,
            found: c.commitment.threshold(),
            expected: t,
        }
        .into());
    }
    // C_i0 - lambda_i Y_i == 0 for every dealer, in one MSM.
    let lambdas = lagrange_coefficients::<S>(&Scalar::<S>::ZERO, &config.dealers)?;
    let mut equations: Vec<Equation<S, Identifier<S>>> = Vec::with_capacity(commitments.len());
    for (id, lambda) in config.dealers.iter().zip(&lambdas) {
        let c = commitments
            .get(id)
            .ok_or(Error::MissingParticipant { culprit: *id })?;
        equations.push(Equation {
            culprit: *id,
            base: Scalar::<S>::ZERO,
            terms: vec![
                (c.commitment.public_key(), Scalar::<S>::ONE),
                (config.old.verifying_share(id)?, -*lambda),
            ],
        });
    }
    let invalid_commitments = failing(&equations, rng);
    if !invalid_commitments.is_empty() {
        return Err(Error::Misbehaviour {
            invalid_commitments,
            invalid_shares: Vec::new(),
        });
    }
    Ok(())
}

/// The new public key package from the sum of the (checked) commitments.
fn sum_public<S: Suite>(
    config: &ReshareConfig<S>,
    commitments: &BTreeMap<Identifier<S>, ReshareCommitment<S>>,
) -> Result<PublicKeyPackage<S>, Error<S>> {
    // An identity coefficient of the sum, or an identity verifying share,
    // means the dealings cancel: a dealer does not know its polynomial.
    let sum = sum_commitments(commitments.values().map(|c| &c.commitment))
        .map_err(|_| Error::CancellingDealings)?;
    if sum.public_key() != config.old.group_key() {
        return Err(Error::Frost(tessera_frost::Error::InconsistentKey(
            "the reshare changed the group key",
        )));
    }
    PublicKeyPackage::from_commitment(&sum, &config.members).map_err(|e| match e {
        tessera_frost::Error::InconsistentKey(_) => Error::CancellingDealings,
        e => e.into(),
    })
}

/// A new member's step: checks the broadcasts (as [`new_public`] does) and
/// its sub-shares (one batched MSM, naming every dealer whose sub-share is
/// wrong), and only then sums them into its key package and the new public
/// key package.
pub fn receive<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    config: &ReshareConfig<S>,
    me: Identifier<S>,
    commitments: &BTreeMap<Identifier<S>, ReshareCommitment<S>>,
    shares: &BTreeMap<Identifier<S>, ReshareShare<S>>,
    rng: &mut R,
) -> Result<(KeyPackage<S>, PublicKeyPackage<S>), Error<S>> {
    if config.members.binary_search(&me).is_err() {
        return Err(tessera_core::Error::UnknownParticipant { culprit: me }.into());
    }
    check_commitments(config, commitments, rng)?;
    check_exact(&config.dealers, shares)?;
    if let Some((id, _)) = shares
        .iter()
        .find(|(id, s)| s.dealer != **id || s.recipient != me)
    {
        return Err(Error::WrongRecipient { culprit: *id });
    }
    if let Some((id, _)) = shares.iter().find(|(_, s)| s.epoch != config.old.epoch()) {
        return Err(Error::WrongEpoch { culprit: *id });
    }
    let mut received: Vec<(Identifier<S>, SecretShare<S>, &VssCommitment<S>)> =
        Vec::with_capacity(shares.len());
    for (id, s) in shares {
        let c = commitments
            .get(id)
            .ok_or(Error::MissingParticipant { culprit: *id })?;
        received.push((*id, SecretShare::new(me, s.share.clone()), &c.commitment));
    }
    let checks: Vec<ShareCheck<'_, S>> = received
        .iter()
        .map(|(dealer, share, commitment)| ShareCheck {
            culprit: *dealer,
            commitment,
            share,
        })
        .collect();
    batch_verify(&checks, rng).map_err(|e| Error::Misbehaviour {
        invalid_commitments: Vec::new(),
        invalid_shares: e.culprits(),
    })?;
    let public = sum_public(config, commitments)?;
    let mut sum = Zeroizing::new(Scalar::<S>::ZERO);
    for (_, s, _) in &received {
        *sum += s.value().expose();
    }
    let key = KeyPackage::new(me, SecretScalar::new(*sum), &public)?;
    Ok((key, public))
}

impl<S: Suite> Wire<S> for ReshareCommitment<S> {
    const KIND: u8 = 0x30;

    fn write_body(&self, w: &mut Writer) {
        w.raw(self.epoch.as_bytes());
        w.identifier(&self.dealer);
        self.commitment.write_body(w);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        Ok(Self {
            epoch: Epoch::from_bytes(r.take_array()?),
            dealer: r.identifier()?,
            commitment: VssCommitment::read_body(r)?,
        })
    }
}

impl<S: Suite> Wire<S> for ReshareShare<S> {
    const KIND: u8 = 0x31;

    fn write_body(&self, w: &mut Writer) {
        w.raw(self.epoch.as_bytes());
        w.identifier(&self.dealer);
        w.identifier(&self.recipient);
        w.scalar(self.share.expose());
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        Ok(Self {
            epoch: Epoch::from_bytes(r.take_array()?),
            dealer: r.identifier()?,
            recipient: r.identifier()?,
            share: SecretScalar::new(r.scalar()?),
        })
    }
}

tessera_core::serde_via_wire!(
    ReshareCommitment {
        epoch: Fixed(32),
        dealer: Identifier,
        commitment: List(&Point),
    },
    ReshareShare {
        epoch: Fixed(32),
        dealer: Identifier,
        recipient: Identifier,
        share: Scalar,
    },
);
