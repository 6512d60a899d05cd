//! Every protocol of this crate run among parties that all live in one
//! process: for tests, benchmarks and demos, and for deployments where one
//! process legitimately holds several shares.
//!
//! Each function builds every party's [`protocol`](crate::protocol)
//! adapter and hands them to the in-memory runner
//! ([`tessera_core::protocol::local`]), which routes their messages: the
//! same party code a network runner drives, so the in-process path and the
//! network path run the identical protocol. Each party draws from its own
//! generator, seeded from the `rng` given. Who sends what to whom is drawn
//! in each adapter's documentation.

use std::collections::BTreeMap;

use tessera_core::protocol::local::{Failure, run};
use tessera_core::{Identifier, Suite};
use tessera_frost::{FrostParty, KeyPackage, PublicKeyPackage, Signature, SigningConfig};

use crate::error::Error;
use crate::protocol::{DkgParty, RepairParty, ReshareParty};
use crate::repair::RepairConfig;
use crate::reshare::ReshareConfig;

/// Key packages by participant.
pub type KeyPackages<S> = BTreeMap<Identifier<S>, KeyPackage<S>>;

/// Runs a whole DKG among `participants` with threshold `t`. Every party's
/// transcript digest and public key package must agree.
pub fn run_dkg<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    t: u16,
    participants: &[Identifier<S>],
    rng: &mut R,
) -> Result<(KeyPackages<S>, PublicKeyPackage<S>), Error<S>> {
    let parties = participants
        .iter()
        .map(|id| DkgParty::new(*id, t, participants))
        .collect();
    let outputs = run(parties, rng).into_result().map_err(error)?;
    let mut keys = BTreeMap::new();
    let mut agreed: Option<(PublicKeyPackage<S>, Vec<u8>)> = None;
    for (id, out) in outputs {
        match &agreed {
            Some((public, transcript))
                if *public != out.public || *transcript != out.transcript =>
            {
                return Err(tessera_frost::Error::InconsistentKey(
                    "the participants disagree on the DKG result",
                )
                .into());
            }
            Some(_) => {}
            None => agreed = Some((out.public.clone(), out.transcript.clone())),
        }
        keys.insert(id, out.key_package);
    }
    let (public, _) =
        agreed.ok_or(tessera_core::Error::TooFewParticipants { needed: 2, got: 0 })?;
    Ok((keys, public))
}

/// Runs FROST signing (RFC 9591 §5: round 1, round 2, aggregation) of
/// `message` by the holders of `signers`, at least `t` key packages of the
/// key of `public`, and verifies the signature before returning it. The
/// first signer given coordinates ([`FrostParty`]).
///
/// A signer listed twice, a key package of another epoch, or a bad share
/// (named by [`tessera_frost::aggregate()`]) is an error.
pub fn run_signing<'a, S: Suite, R: rand_core::CryptoRng + ?Sized>(
    signers: impl IntoIterator<Item = &'a KeyPackage<S>>,
    public: &PublicKeyPackage<S>,
    message: &[u8],
    rng: &mut R,
) -> Result<Signature<S>, Error<S>> {
    let signers: Vec<&KeyPackage<S>> = signers.into_iter().collect();
    let ids: Vec<Identifier<S>> = signers.iter().map(|k| k.id()).collect();
    let coordinator = ids.first().copied();
    let config = SigningConfig::new(public.clone(), &ids, message, coordinator)?;
    let parties = signers
        .iter()
        .map(|key| FrostParty::new(&config, key.id(), Some(*key)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut outputs = run(parties, rng).into_result().map_err(error)?;
    let signature = coordinator
        .and_then(|c| outputs.remove(&c))
        .flatten()
        .ok_or(tessera_frost::Error::InvalidSignature)?;
    signature.verify(&public.group_key(), message)?;
    Ok(signature)
}

/// Runs a whole reshare (or refresh): every dealer in `config` deals from
/// its key package in `keys`, every member receives. Returns the new
/// members' key packages and the new public key package.
pub fn run_reshare<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    config: &ReshareConfig<S>,
    keys: &KeyPackages<S>,
    rng: &mut R,
) -> Result<(KeyPackages<S>, PublicKeyPackage<S>), Error<S>> {
    let mut ids: Vec<Identifier<S>> = config
        .dealers()
        .iter()
        .chain(config.members())
        .copied()
        .collect();
    ids.sort();
    ids.dedup();
    let parties = ids
        .iter()
        .map(|id| ReshareParty::new(config, *id, keys.get(id)))
        .collect::<Result<Vec<_>, _>>()?;
    let outputs = run(parties, rng).into_result().map_err(error)?;
    let mut new_keys = BTreeMap::new();
    let mut agreed: Option<PublicKeyPackage<S>> = None;
    for (id, out) in outputs {
        match &agreed {
            Some(public) if *public != out.public => {
                return Err(tessera_frost::Error::InconsistentKey(
                    "the participants disagree on the new public key package",
                )
                .into());
            }
            Some(_) => {}
            None => agreed = Some(out.public),
        }
        if let Some(key) = out.key {
            new_keys.insert(id, key);
        }
    }
    let public = agreed.ok_or(tessera_core::Error::TooFewParticipants { needed: 2, got: 0 })?;
    Ok((new_keys, public))
}

/// Runs a whole repair (or enrolment) of `config.target()` by the helpers,
/// whose key packages are in `keys`.
pub fn run_repair<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    config: &RepairConfig<S>,
    keys: &KeyPackages<S>,
    rng: &mut R,
) -> Result<(KeyPackage<S>, PublicKeyPackage<S>), Error<S>> {
    let mut parties = Vec::with_capacity(config.helpers().len() + 1);
    for helper in config.helpers() {
        let key = keys
            .get(helper)
            .ok_or(Error::MissingParticipant { culprit: *helper })?;
        parties.push(RepairParty::helper(config, key)?);
    }
    parties.push(RepairParty::target(config));
    let mut outputs = run(parties, rng).into_result().map_err(error)?;
    outputs
        .remove(&config.target())
        .flatten()
        .ok_or(Error::MissingParticipant {
            culprit: config.target(),
        })
}

/// The error of the first party that failed.
fn error<S: Suite, E>(failure: Failure<S, E>) -> E {
    failure.error
}
