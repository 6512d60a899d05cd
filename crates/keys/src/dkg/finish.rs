//! DKG finish: verify the dealers' proofs in one MSM and the shares
//! received through their sum, derive the keys.

use std::collections::BTreeMap;

use ff::Field;
use tessera_core::batch::BatchCheck;
use tessera_core::{Identifier, Point, Scalar, SecretScalar, SecretShare, Suite, VssCommitment};
use tessera_frost::{KeyPackage, PublicKeyPackage};
use zeroize::Zeroizing;

use super::check_senders;
use super::round2::{Round2Package, Round2Secret};
use crate::error::Error;

/// What a participant holds after a successful DKG.
#[derive(Debug)]
pub struct DkgOutput<S: Suite> {
    /// This participant's key package.
    pub key_package: KeyPackage<S>,
    /// The public key package (identical at every honest participant).
    pub public: PublicKeyPackage<S>,
    /// A digest of every round-1 broadcast, in identifier order. Honest
    /// participants that saw the same broadcasts have the same digest.
    pub transcript: Vec<u8>,
}

/// Finishes the DKG with the round-2 packages received from every other
/// participant.
///
/// Every dealer's proof of knowledge is verified, all in one
/// multi-scalar multiplication with random weights (`2 n` terms). The
/// shares received are verified through their sum: the signing share they
/// add up to must be the group polynomial's value at this participant,
/// the verifying share that the sum of the dealers' commitments gives it
/// (one fixed-base multiplication, where checking each dealer's share
/// against its own commitment costs a multi-scalar multiplication of
/// `n t` terms). Either check failing, each proof and each share is then
/// checked on its own, and [`Error::Misbehaviour`] names every dealer with
/// a bad proof or a bad share.
///
/// Checking the sum accepts exactly the outputs that are correct: two
/// dealers whose errors at this participant cancel out leave it the
/// signing share the group commitment says it has, which is all that any
/// later signature or reshare relies on.
pub fn finish<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    secret: Round2Secret<S>,
    received: &BTreeMap<Identifier<S>, Round2Package<S>>,
    rng: &mut R,
) -> Result<DkgOutput<S>, Error<S>> {
    let me = secret.me;
    check_senders(&me, &secret.participants, received)?;
    if let Some((id, _)) = received
        .iter()
        .find(|(id, p)| p.sender != **id || p.recipient != me)
    {
        return Err(Error::WrongRecipient { culprit: *id });
    }

    // Each dealer's round-1 package and the share it sent, as a share at
    // `me` of its polynomial: paired by identifier, never by position.
    let mut dealt: Vec<(Identifier<S>, &super::Round1Package<S>, SecretShare<S>)> =
        Vec::with_capacity(received.len());
    for (id, p) in received {
        let package = secret
            .round1
            .get(id)
            .ok_or(Error::MissingParticipant { culprit: *id })?;
        dealt.push((*id, package, SecretShare::new(me, p.share.clone())));
    }
    let mut proofs = BatchCheck::<S>::with_capacity(2 * dealt.len() + 1);
    for (id, package, _) in &dealt {
        package.push_proof(id, &Scalar::<S>::random(&mut *rng), &mut proofs);
    }
    if !proofs.verify() {
        return Err(misbehaviour(&dealt));
    }

    // The sum lives in a buffer wiped on drop.
    let mut signing_share = Zeroizing::new(*secret.own_share.expose());
    for (_, _, share) in &dealt {
        *signing_share += share.value().expose();
    }
    // A dealer that cancels the others' coefficients makes the sum of the
    // commitments hold the identity, which no package accepts: that too is
    // a failed check, answered by naming the dealers.
    let public = sum_commitments(secret.round1.values().map(|p| &p.commitment))
        .and_then(|c| Ok(PublicKeyPackage::from_commitment(&c, &secret.participants)?));
    let holds = public.as_ref().is_ok_and(|public| {
        public
            .verifying_share(&me)
            .is_ok_and(|y| y == S::mul_base(&*signing_share))
    });
    if !holds {
        let named = misbehaviour(&dealt);
        if let Error::Misbehaviour {
            invalid_commitments,
            invalid_shares,
        } = &named
            && invalid_commitments.is_empty()
            && invalid_shares.is_empty()
        {
            // Nobody to name: the failure is not a dealer's.
            public?;
        }
        return Err(named);
    }
    let public = public?;
    let key_package = KeyPackage::new(me, SecretScalar::new(*signing_share), &public)?;
    Ok(DkgOutput {
        key_package,
        public,
        transcript: transcript_digest(&secret.round1),
    })
}

/// Checks every dealer's proof and share on its own and names those that
/// fail (after a batched check failed).
fn misbehaviour<S: Suite>(
    dealt: &[(Identifier<S>, &super::Round1Package<S>, SecretShare<S>)],
) -> Error<S> {
    let invalid_commitments = dealt
        .iter()
        .filter(|(id, p, _)| !p.proof_is_valid(id))
        .map(|(id, _, _)| *id)
        .collect();
    let invalid_shares = dealt
        .iter()
        .filter(|(_, p, share)| !p.commitment.share_is_valid(share))
        .map(|(id, _, _)| *id)
        .collect();
    Error::Misbehaviour {
        invalid_commitments,
        invalid_shares,
    }
}

/// The coefficient-wise sum of dealers' commitments: the commitment to the
/// sum of their polynomials, whose constant term is the group key.
pub(crate) fn sum_commitments<'a, S: Suite>(
    commitments: impl Iterator<Item = &'a VssCommitment<S>>,
) -> Result<VssCommitment<S>, Error<S>> {
    let mut sum: Vec<Point<S>> = Vec::new();
    for c in commitments {
        if sum.is_empty() {
            sum = c.points().to_vec();
        } else {
            sum.iter_mut()
                .zip(c.points())
                .for_each(|(acc, p)| *acc += p);
        }
    }
    Ok(VssCommitment::new(sum)?)
}

/// `H("dkg-transcript", id_1 || body(pkg_1) || ...)` in identifier order,
/// from the packages' cached encodings.
fn transcript_digest<S: Suite>(
    round1: &BTreeMap<Identifier<S>, super::Round1Package<S>>,
) -> Vec<u8> {
    let ids: Vec<_> = round1.keys().map(Identifier::to_bytes).collect();
    let parts: Vec<&[u8]> = ids
        .iter()
        .zip(round1.values())
        .flat_map(|(id, p)| [id.as_ref(), p.body()])
        .collect();
    S::hash_to_bytes(b"dkg-transcript", &parts)
}
