//! `FrostParty` through tessera-core's in-memory runner: with a
//! coordinator (signing or not) and without one, every signature checked
//! by `Signature::verify` and, for Ed25519, by ed25519-dalek's strict
//! verifier; a coordinator's package for another message, other signers or
//! another epoch refused naming it; a silent signer named.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::protocol::Protocol;
use tessera_core::protocol::faults::{Envelope, Intercept, Silence};
use tessera_core::protocol::local::{Outcome, run, run_with, with_rngs};
use tessera_core::suites::Ed25519;
use tessera_core::{Identifier, SecretScalar, Wire};
use tessera_frost::{
    Epoch, Error, FrostParty, KeyPackage, PublicKeyPackage, Signature, SigningConfig,
    SigningPackage,
};

type S = Ed25519;

const MESSAGE: &[u8] = b"pay 1 coin to bob";

fn id(n: u16) -> Identifier<S> {
    Identifier::new(n).unwrap()
}

/// A dealer's 2-of-3 key.
fn deal() -> common::Dealt<S> {
    let mut rng = ChaCha20Rng::seed_from_u64(41);
    common::deal(&SecretScalar::<S>::random(&mut rng), 2, 3, &mut rng)
}

type Run = Outcome<S, Option<Signature<S>>, Error<S>>;

/// Runs signers `signers` (and the coordinator, if it does not sign).
fn sign(
    keys: &BTreeMap<Identifier<S>, KeyPackage<S>>,
    public: &PublicKeyPackage<S>,
    signers: &[u16],
    coordinator: Option<u16>,
    faults: Option<&mut dyn tessera_core::protocol::faults::Faults<S>>,
) -> Run {
    let signers: Vec<_> = signers.iter().map(|&n| id(n)).collect();
    let config =
        SigningConfig::new(public.clone(), &signers, MESSAGE, coordinator.map(id)).unwrap();
    assert_eq!(config.signers(), signers.as_slice());
    assert_eq!(config.coordinator(), coordinator.map(id));
    assert_eq!(config.message(), MESSAGE);
    let mut members = signers.clone();
    members.extend(coordinator.map(id));
    members.sort();
    members.dedup();
    let parties: Vec<_> = members
        .iter()
        .map(|m| {
            let key = signers.contains(m).then(|| &keys[m]);
            let party = FrostParty::new(&config, *m, key).unwrap();
            assert_eq!(party.participants(), members.as_slice());
            assert_eq!(party.waiting_for(), None);
            party
        })
        .collect();
    let mut rng = ChaCha20Rng::seed_from_u64(42);
    match faults {
        None => run(parties, &mut rng),
        Some(f) => run_with(with_rngs(parties, &mut rng), f),
    }
}

fn verify(public: &PublicKeyPackage<S>, signature: &Signature<S>) {
    signature.verify(&public.group_key(), MESSAGE).unwrap();
    let key: [u8; 32] = public.group_key_bytes().try_into().unwrap();
    let sig: [u8; 64] = signature.to_standard_bytes().try_into().unwrap();
    ed25519_dalek::VerifyingKey::from_bytes(&key)
        .unwrap()
        .verify_strict(MESSAGE, &ed25519_dalek::Signature::from_bytes(&sig))
        .unwrap();
}

#[test]
fn a_signing_coordinator_alone_gets_the_signature() {
    let (keys, public) = deal();
    let outputs = sign(&keys, &public, &[1, 3], Some(3), None)
        .into_result()
        .unwrap();
    assert_eq!(outputs.keys().copied().collect::<Vec<_>>(), [id(1), id(3)]);
    assert!(outputs[&id(1)].is_none());
    verify(&public, outputs[&id(3)].as_ref().unwrap());
}

#[test]
fn a_coordinator_that_does_not_sign_gets_the_signature() {
    let (keys, public) = deal();
    let outputs = sign(&keys, &public, &[1, 2], Some(3), None)
        .into_result()
        .unwrap();
    assert!(outputs[&id(1)].is_none() && outputs[&id(2)].is_none());
    verify(&public, outputs[&id(3)].as_ref().unwrap());
}

#[test]
fn without_a_coordinator_every_signer_gets_the_same_signature() {
    let (keys, public) = deal();
    let outputs = sign(&keys, &public, &[1, 2, 3], None, None)
        .into_result()
        .unwrap();
    let signatures: Vec<_> = outputs.values().map(|s| (*s).unwrap()).collect();
    assert_eq!(signatures.len(), 3);
    assert!(signatures.iter().all(|s| *s == signatures[0]));
    verify(&public, &signatures[0]);
}

/// Rewrites the coordinator's round-2 package with `change`.
fn tamper(
    change: impl Fn(SigningPackage<S>) -> SigningPackage<S>,
) -> impl FnMut(Envelope<S>) -> Vec<Envelope<S>> {
    move |mut e: Envelope<S>| {
        if e.message.round == 2 {
            let package = SigningPackage::<S>::from_bytes(&e.message.payload).unwrap();
            e.message.payload = change(package).to_bytes().into();
        }
        vec![e]
    }
}

#[test]
fn a_signer_refuses_a_package_that_is_not_the_agreed_session() {
    let (keys, public) = deal();
    for (what, change) in [
        (
            "message",
            Box::new(|p: SigningPackage<S>| {
                SigningPackage::new(p.epoch(), p.commitments().clone(), b"pay 9 coins to eve")
            }) as Box<dyn Fn(SigningPackage<S>) -> SigningPackage<S>>,
        ),
        (
            "key epoch",
            Box::new(|p: SigningPackage<S>| {
                SigningPackage::new(Epoch::from_bytes([7; 32]), p.commitments().clone(), MESSAGE)
            }),
        ),
        (
            "signer set",
            Box::new(|p: SigningPackage<S>| {
                let mut commitments = p.commitments().clone();
                commitments.remove(&id(1));
                SigningPackage::new(p.epoch(), commitments, MESSAGE)
            }),
        ),
    ] {
        let mut faults = Intercept(tamper(change));
        let outcome = sign(&keys, &public, &[1, 2], Some(3), Some(&mut faults));
        let wrong = Error::Core(tessera_core::Error::WrongSession {
            culprit: id(3),
            what,
        });
        assert_eq!(outcome.error_of(&id(1)), Some(&wrong), "{what}");
        assert_eq!(outcome.error_of(&id(2)), Some(&wrong), "{what}");
        assert!(outcome.outputs.is_empty(), "{what}");
    }
}

#[test]
fn a_silent_signer_is_named_by_the_coordinator() {
    let (keys, public) = deal();
    let mut silence = Silence(BTreeSet::from([id(2)]));
    let outcome = sign(&keys, &public, &[1, 2], Some(3), Some(&mut silence));
    let timeout = Error::Core(tessera_core::Error::Timeout {
        round: 1,
        culprits: vec![id(2)],
    });
    assert_eq!(outcome.error_of(&id(3)), Some(&timeout));
    // Without a coordinator, the others wait for its commitments too.
    let mut silence = Silence(BTreeSet::from([id(2)]));
    let outcome = sign(&keys, &public, &[1, 2, 3], None, Some(&mut silence));
    assert_eq!(outcome.error_of(&id(1)), Some(&timeout));
    assert_eq!(outcome.error_of(&id(3)), Some(&timeout));
}

#[test]
fn a_signers_share_that_never_arrives_is_named_in_the_share_round() {
    let (keys, public) = deal();
    let mut drop = Intercept(|e: Envelope<S>| {
        if e.message.from == id(1) && e.message.round == 3 {
            vec![]
        } else {
            vec![e]
        }
    });
    let outcome = sign(&keys, &public, &[1, 2], Some(3), Some(&mut drop));
    assert_eq!(
        outcome.error_of(&id(3)),
        Some(&Error::Core(tessera_core::Error::Timeout {
            round: 3,
            culprits: vec![id(1)]
        }))
    );
}
