//! BIP 445 signing through the in-memory runner
//! ([`tessera_bitcoin::protocol`]): signatures from a signing coordinator
//! and from a coordinator without a share, with and without a Taproot
//! tweak, checked by libsecp256k1 and k256's BIP-340 verifier; the
//! coordinator names a cheating signer; a signer refuses a request for
//! another message; a silent signer is named.
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
use tessera_bitcoin::address::TaprootOutput;
use tessera_bitcoin::protocol::{Bip445Config, Bip445Party};
use tessera_bitcoin::{Error, KeyTweak};
use tessera_core::identifier::identifiers;
use tessera_core::protocol::faults::{Envelope, Intercept, NoFaults, Silence};
use tessera_core::protocol::local::{Outcome, run_with};
use tessera_core::suites::Secp256k1;
use tessera_core::{Identifier, Scalar};
use tessera_frost::{KeyPackage, PublicKeyPackage};

type S = Secp256k1;

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn keys() -> (BTreeMap<Identifier<S>, KeyPackage<S>>, PublicKeyPackage<S>) {
    tessera_keys::local::run_dkg::<S, _>(3, &identifiers(4), &mut rng(445)).unwrap()
}

fn parties<'a>(
    config: &Bip445Config<S>,
    keys: &'a BTreeMap<Identifier<S>, KeyPackage<S>>,
) -> Vec<(Bip445Party<'a, S>, ChaCha20Rng)> {
    let mut ids: BTreeSet<Identifier<S>> = config.signers().iter().copied().collect();
    ids.insert(config.coordinator());
    ids.into_iter()
        .map(|id| {
            let key = config.signers().contains(&id).then(|| &keys[&id]);
            (
                Bip445Party::new(config, id, key).unwrap(),
                rng(u64::from(id.as_u16().unwrap())),
            )
        })
        .collect()
}

fn signature_of(outcome: Outcome<S, Option<tessera_bitcoin::Signature<S>>, Error<S>>) -> [u8; 64] {
    let outputs = outcome.into_result().unwrap();
    let sigs: Vec<_> = outputs.into_values().flatten().collect();
    assert_eq!(sigs.len(), 1);
    sigs[0].to_bytes()
}

#[test]
fn signs_through_the_runner() {
    let (keys, public) = keys();
    let ids: Vec<Identifier<S>> = keys.keys().copied().collect();
    let taproot = TaprootOutput::new(&public.group_key(), None).unwrap();
    let outsider = Identifier::<S>::new(7).unwrap();
    let msg = [9u8; 32];
    for tweaks in [
        vec![],
        vec![taproot.key_tweak()],
        vec![KeyTweak::plain(Scalar::<S>::from(5u64))],
    ] {
        for coordinator in [ids[1], outsider] {
            let signers = &ids[1..];
            let config =
                Bip445Config::new(public.clone(), signers, &tweaks, &msg, coordinator).unwrap();
            let sig = signature_of(run_with(parties(&config, &keys), &mut NoFaults));
            let key = config.xonly_pubkey();
            assert!(common::libsecp_verifies(&key, &msg, &sig));
            common::assert_bip340_valid(&key, &msg, &sig);
        }
    }
    // With the Taproot tweak the key is the P2TR output key.
    let config =
        Bip445Config::new(public, &ids[..3], &[taproot.key_tweak()], &msg, ids[0]).unwrap();
    assert_eq!(config.xonly_pubkey(), taproot.output_key());
}

#[test]
fn coordinator_names_a_cheating_signer() {
    let (keys, public) = keys();
    let ids: Vec<Identifier<S>> = keys.keys().copied().collect();
    let config = Bip445Config::new(public, &ids[..3], &[], b"m", ids[0]).unwrap();
    let cheat = ids[2];
    let mut faults = Intercept(|mut e: Envelope<S>| {
        if e.message.from == cheat && e.message.round == 3 {
            let last = e.message.payload.len() - 1;
            e.message.payload[last] ^= 1;
        }
        vec![e]
    });
    let outcome = run_with(parties(&config, &keys), &mut faults);
    let err = outcome.error_of(&ids[0]).unwrap();
    assert!(
        matches!(err, Error::InvalidPartialSignatures { .. }),
        "{err:?}"
    );
    assert_eq!(err.culprits(), vec![cheat]);
}

#[test]
fn signer_refuses_a_request_for_another_message() {
    let (keys, public) = keys();
    let ids: Vec<Identifier<S>> = keys.keys().copied().collect();
    let honest = Bip445Config::new(public.clone(), &ids[..3], &[], b"agreed", ids[0]).unwrap();
    let forged = Bip445Config::new(public, &ids[..3], &[], b"other", ids[0]).unwrap();
    let mut all = Vec::new();
    for id in &ids[..3] {
        let config = if *id == ids[0] { &forged } else { &honest };
        all.push((
            Bip445Party::new(config, *id, Some(&keys[id])).unwrap(),
            rng(1),
        ));
    }
    let outcome = run_with(all, &mut NoFaults);
    for id in &ids[1..3] {
        let err = outcome.error_of(id).unwrap();
        assert!(
            matches!(err, Error::Core(tessera_core::Error::WrongSession { culprit, what: "message" }) if *culprit == ids[0]),
            "{err:?}"
        );
    }
}

#[test]
fn silent_signer_is_named() {
    let (keys, public) = keys();
    let ids: Vec<Identifier<S>> = keys.keys().copied().collect();
    let config = Bip445Config::new(public, &ids[..3], &[], b"m", ids[0]).unwrap();
    let mut faults = Silence(BTreeSet::from([ids[1]]));
    let outcome = run_with(parties(&config, &keys), &mut faults);
    let err = outcome.error_of(&ids[0]).unwrap();
    assert!(
        matches!(
            err,
            Error::Core(tessera_core::Error::Timeout { round: 1, .. })
        ),
        "{err:?}"
    );
    assert_eq!(err.culprits(), vec![ids[1]]);
}
