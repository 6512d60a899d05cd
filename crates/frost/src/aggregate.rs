//! Aggregation (RFC 9591 §5.3) with identifiable abort (§5.4).

use std::collections::BTreeMap;

use ff::Field;
use group::Group;
use tessera_core::batch::culprits;
use tessera_core::lagrange::{lagrange_coefficient, lagrange_coefficients};
use tessera_core::{Identifier, Point, Scalar, Suite};

use crate::error::Error;
use crate::keys::{KeyPackage, PublicKeyPackage};
use crate::package::{Derived, SigningPackage};
use crate::round1::{SigningCommitments, SigningNonces};
use crate::round2::{self, SignatureShare};
use crate::signature::Signature;

/// Checks that the package's signers are known, at least `t`, and that the
/// shares come from exactly those signers.
fn check_participants<S: Suite>(
    package: &SigningPackage<S>,
    shares: &BTreeMap<Identifier<S>, SignatureShare<S>>,
    public: &PublicKeyPackage<S>,
) -> Result<(), Error<S>> {
    if package.epoch() != public.epoch() {
        return Err(Error::EpochMismatch);
    }
    let t = usize::from(public.threshold());
    if package.commitments().len() < t {
        return Err(tessera_core::Error::TooFewParticipants {
            needed: t,
            got: package.commitments().len(),
        }
        .into());
    }
    if let Some(id) = package
        .commitments()
        .keys()
        .find(|id| !public.verifying_shares().contains_key(id))
    {
        return Err(tessera_core::Error::UnknownParticipant { culprit: *id }.into());
    }
    if let Some(id) = package
        .commitments()
        .keys()
        .find(|id| !shares.contains_key(id))
    {
        return Err(Error::MissingSignatureShare { culprit: *id });
    }
    if let Some(id) = shares
        .keys()
        .find(|id| !package.commitments().contains_key(id))
    {
        return Err(Error::UnexpectedSignatureShare { culprit: *id });
    }
    Ok(())
}

/// Aggregates the signers' shares into a signature and verifies it once.
/// Only if that fails is each share verified (§5.4); the error then names
/// every signer whose share is invalid.
pub fn aggregate<S: Suite>(
    package: &SigningPackage<S>,
    shares: &BTreeMap<Identifier<S>, SignatureShare<S>>,
    public: &PublicKeyPackage<S>,
) -> Result<Signature<S>, Error<S>> {
    check_participants(package, shares, public)?;
    let derived = package.derive(public.group_key_repr());
    aggregate_derived(package, &derived, shares, public)
}

/// A signer that also aggregates (a device co-signing with a service, a
/// coordinator that signs): its own share of `package` (as
/// [`round2::sign`], consuming the nonces) added to
/// the others' `shares`, aggregated and verified as [`aggregate`] does,
/// with the binding factors, group commitment and challenge derived from
/// the package once instead of twice. `shares` holds every other signer's
/// share and not the signer's own. The key package and the public key
/// package must be of the same key.
pub fn sign_and_aggregate<S: Suite>(
    package: &SigningPackage<S>,
    nonces: SigningNonces<S>,
    key: &KeyPackage<S>,
    shares: &BTreeMap<Identifier<S>, SignatureShare<S>>,
    public: &PublicKeyPackage<S>,
) -> Result<Signature<S>, Error<S>> {
    let index = round2::check_package(package, &nonces, key)?;
    if key.group_key_repr() != public.group_key_repr() {
        return Err(Error::InconsistentKey(
            "the key package and the public key package are of different keys",
        ));
    }
    if shares.contains_key(&key.id()) {
        return Err(Error::UnexpectedSignatureShare { culprit: key.id() });
    }
    let derived = package.derive(public.group_key_repr());
    let own = round2::sign_derived(package, &derived, &nonces, key, index)?;
    drop(nonces);
    let mut all = shares.clone();
    all.insert(key.id(), own);
    check_participants(package, &all, public)?;
    aggregate_derived(package, &derived, &all, public)
}

/// Aggregation from values already derived from the package (the
/// participants checked).
fn aggregate_derived<S: Suite>(
    package: &SigningPackage<S>,
    derived: &Derived<S>,
    shares: &BTreeMap<Identifier<S>, SignatureShare<S>>,
    public: &PublicKeyPackage<S>,
) -> Result<Signature<S>, Error<S>> {
    let z: Scalar<S> = shares.values().map(SignatureShare::value).sum();
    let signature = Signature::from_normalized(derived.group_commitment, z);
    // z G == R + c PK, with the challenge already derived (and R and the
    // key normalized, for BIP-340).
    let check = S::vartime_msm(&[
        (Point::<S>::generator(), z),
        (derived.group_commitment, -Scalar::<S>::ONE),
        (public.group_key(), -derived.key_challenge()),
    ]);
    if bool::from(check.is_identity()) {
        return Ok(signature);
    }
    let culprits = find_culprits(package, shares, public, derived)?;
    if culprits.is_empty() {
        // Every share is valid but the sum is not: the public key package
        // does not match the key the signers used.
        return Err(Error::InconsistentKey(
            "the signature shares are valid but do not aggregate to a signature under this group key",
        ));
    }
    Err(Error::InvalidSignatureShare { culprits })
}

/// §5.4 for every signer, with all Lagrange coefficients from one batch
/// inversion.
fn find_culprits<S: Suite>(
    package: &SigningPackage<S>,
    shares: &BTreeMap<Identifier<S>, SignatureShare<S>>,
    public: &PublicKeyPackage<S>,
    derived: &Derived<S>,
) -> Result<Vec<Identifier<S>>, Error<S>> {
    let signers = package.signers();
    let lambdas = lagrange_coefficients::<S>(&Scalar::<S>::ZERO, &signers)?;
    let mut checks = Vec::with_capacity(signers.len());
    for (index, ((id, commitments), lambda)) in
        package.commitments().iter().zip(lambdas).enumerate()
    {
        let share = shares
            .get(id)
            .ok_or(Error::MissingSignatureShare { culprit: *id })?;
        let y = public.verifying_share(id)?;
        checks.push((*id, share, commitments, index, lambda, y));
    }
    Ok(culprits(
        &checks,
        |(id, share, commitments, index, lambda, y)| {
            (!share_is_valid(share, commitments, derived, *index, *lambda, y)).then_some(*id)
        },
    ))
}

/// `z_i G == D_i + rho_i E_i + (lambda_i c) Y_i` for the signer at `index`
/// of the package; under BIP-340, with `D_i + rho_i E_i` negated if `R` was
/// and `Y_i` negated if the group key was.
fn share_is_valid<S: Suite>(
    share: &SignatureShare<S>,
    commitments: &SigningCommitments<S>,
    derived: &Derived<S>,
    index: usize,
    lambda: Scalar<S>,
    verifying_share: &Point<S>,
) -> bool {
    let nonce_sign = derived.nonce_sign();
    let check = S::vartime_msm(&[
        (Point::<S>::generator(), share.value()),
        (commitments.hiding(), -nonce_sign),
        (
            commitments.binding(),
            -nonce_sign * derived.binding_factor(index),
        ),
        (*verifying_share, -lambda * derived.key_challenge()),
    ]);
    bool::from(check.is_identity())
}

/// Verifies one signer's share on its own (RFC 9591 §5.4), e.g. for a
/// coordinator that checks shares as they arrive.
pub fn verify_signature_share<S: Suite>(
    id: &Identifier<S>,
    share: &SignatureShare<S>,
    package: &SigningPackage<S>,
    public: &PublicKeyPackage<S>,
) -> Result<(), Error<S>> {
    if package.epoch() != public.epoch() {
        return Err(Error::EpochMismatch);
    }
    let index = package
        .commitments()
        .keys()
        .position(|x| x == id)
        .ok_or(Error::UnexpectedSignatureShare { culprit: *id })?;
    let commitments = package
        .commitments()
        .get(id)
        .ok_or(Error::UnexpectedSignatureShare { culprit: *id })?;
    let y = public.verifying_share(id)?;
    let derived = package.derive(public.group_key_repr());
    let lambda = lagrange_coefficient::<S>(&Scalar::<S>::ZERO, id, &package.signers())?;
    if share_is_valid(share, commitments, &derived, index, lambda, &y) {
        Ok(())
    } else {
        Err(Error::InvalidSignatureShare {
            culprits: vec![*id],
        })
    }
}
