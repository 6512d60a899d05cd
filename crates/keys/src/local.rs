//! Every protocol of this crate run among parties that all live in one
//! process: for tests, benchmarks and demos, and for deployments where one
//! process legitimately holds several shares.
//!
//! Each function plays every party's part in turn and passes the messages
//! between them, so it is also the shortest complete description of who
//! sends what to whom. In a real deployment each party runs its own steps
//! and the messages travel over the channels the protocol modules describe.

use std::collections::BTreeMap;

use tessera_core::{Identifier, Suite};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, Signature, SigningPackage, aggregate, round1, round2,
};

use crate::dkg;
use crate::error::Error;
use crate::repair::{self, RepairConfig};
use crate::reshare::{self, ReshareConfig};

/// Key packages by participant.
pub type KeyPackages<S> = BTreeMap<Identifier<S>, KeyPackage<S>>;

/// Runs a whole DKG among `participants` with threshold `t`. Every party's
/// transcript digest and public key package must agree.
pub fn run_dkg<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    t: u16,
    participants: &[Identifier<S>],
    rng: &mut R,
) -> Result<(KeyPackages<S>, PublicKeyPackage<S>), Error<S>> {
    let mut secrets1 = BTreeMap::new();
    let mut broadcasts = BTreeMap::new();
    for id in participants {
        let (secret, package) = dkg::part1(*id, t, participants, rng)?;
        secrets1.insert(*id, secret);
        broadcasts.insert(*id, package);
    }
    let mut secrets2 = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for (id, secret) in secrets1 {
        let others = broadcasts
            .iter()
            .filter(|(from, _)| **from != id)
            .map(|(f, p)| (*f, p.clone()))
            .collect();
        let (secret2, out) = dkg::part2(secret, &others)?;
        secrets2.insert(id, secret2);
        sent.insert(id, out);
    }
    let mut keys = BTreeMap::new();
    let mut agreed: Option<(PublicKeyPackage<S>, Vec<u8>)> = None;
    for (id, secret) in secrets2 {
        let inbox = inbox(&sent, &id);
        let out = dkg::finish(secret, &inbox, rng)?;
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
/// key of `public`, and verifies the signature before returning it.
///
/// A signer listed twice, a key package of another epoch, or a bad share
/// (named by [`aggregate()`]) is an error.
pub fn run_signing<'a, S: Suite, R: rand_core::CryptoRng + ?Sized>(
    signers: impl IntoIterator<Item = &'a KeyPackage<S>>,
    public: &PublicKeyPackage<S>,
    message: &[u8],
    rng: &mut R,
) -> Result<Signature<S>, Error<S>> {
    let signers: Vec<&KeyPackage<S>> = signers.into_iter().collect();
    let mut nonces = Vec::with_capacity(signers.len());
    let mut commitments = Vec::with_capacity(signers.len());
    for key in &signers {
        let (n, c) = round1::commit(key, rng);
        nonces.push(n);
        commitments.push((key.id(), c));
    }
    let package = SigningPackage::from_list(public.epoch(), commitments, message)?;
    let mut shares = BTreeMap::new();
    for (key, n) in signers.iter().zip(nonces) {
        shares.insert(key.id(), round2::sign(&package, n, key)?);
    }
    let signature = aggregate(&package, &shares, public)?;
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
    let mut commitments = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for dealer in config.dealers() {
        let key = keys
            .get(dealer)
            .ok_or(Error::MissingParticipant { culprit: *dealer })?;
        let (commitment, shares) = reshare::deal(config, key, rng)?;
        commitments.insert(*dealer, commitment);
        sent.insert(*dealer, shares);
    }
    let public = reshare::new_public(config, &commitments, rng)?;
    let mut new_keys = BTreeMap::new();
    for me in config.members() {
        let (key, theirs) = reshare::receive(config, *me, &commitments, &inbox(&sent, me), rng)?;
        if theirs != public {
            return Err(tessera_frost::Error::InconsistentKey(
                "the new members disagree on the new public key package",
            )
            .into());
        }
        new_keys.insert(*me, key);
    }
    Ok((new_keys, public))
}

/// Runs a whole repair (or enrolment) of `config.target()` by the helpers,
/// whose key packages are in `keys`.
pub fn run_repair<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    config: &RepairConfig<S>,
    keys: &KeyPackages<S>,
    rng: &mut R,
) -> Result<(KeyPackage<S>, PublicKeyPackage<S>), Error<S>> {
    let helper_key = |id: &Identifier<S>| {
        keys.get(id)
            .ok_or(Error::MissingParticipant { culprit: *id })
    };
    let mut commitments = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for helper in config.helpers() {
        let (c, deltas) = repair::step1(config, helper_key(helper)?, rng)?;
        commitments.insert(*helper, c);
        sent.insert(*helper, deltas);
    }
    let mut sigmas = BTreeMap::new();
    for helper in config.helpers() {
        let sigma = repair::step2(
            config,
            helper_key(helper)?,
            &commitments,
            &inbox(&sent, helper),
            rng,
        )?;
        sigmas.insert(*helper, sigma);
    }
    repair::step3(config, &commitments, &sigmas, rng)
}

/// What `me` received: the message each sender addressed to it. A sender
/// with no message for `me` is left out; the protocol step then names it.
fn inbox<S: Suite, T: Clone>(
    sent: &BTreeMap<Identifier<S>, BTreeMap<Identifier<S>, T>>,
    me: &Identifier<S>,
) -> BTreeMap<Identifier<S>, T> {
    sent.iter()
        .filter_map(|(from, out)| Some((*from, out.get(me)?.clone())))
        .collect()
}
