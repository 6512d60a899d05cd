//! DKLs23 pairwise setup and signing through the in-memory runner
//! ([`tessera_ecdsa::protocol`]): setups from the runner sign, every
//! signer's signature is the same and passes the independent verifiers
//! (k256 / p256 `ecdsa`, libsecp256k1, ring); a silent signer is named; a
//! tampered round-2 message names its sender.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeSet;

use common::{Fixture, Verifiers, rng, sha256};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::Identifier;
use tessera_core::protocol::faults::{Envelope, Intercept, NoFaults, Silence};
use tessera_core::protocol::local::run_with;
use tessera_core::suites::{P256, Secp256k1};
use tessera_ecdsa::protocol::{SetupParty, SignParty};
use tessera_ecdsa::suite::EcdsaSuite;
use tessera_ecdsa::{Error, local};

fn rngs<S: EcdsaSuite>(ids: &[Identifier<S>], seed: u64) -> Vec<ChaCha20Rng> {
    let mut master = rng(seed);
    ids.iter()
        .map(|_| ChaCha20Rng::from_rng(&mut master))
        .collect()
}

fn runner_setups_sign<S: Verifiers>() {
    let mut r = rng(3);
    let mut f = Fixture::<S>::dkg(2, 3, &mut r);
    // Replace the fixture's setups with the runner's.
    let parties = f
        .ids
        .iter()
        .map(|id| SetupParty::new(*id, &f.ids))
        .zip(rngs(&f.ids, 4))
        .collect();
    let setups: local::Setups<S> = run_with(parties, &mut NoFaults).into_result().unwrap();
    assert_eq!(setups.len(), 3);
    f.setups = setups;
    for signers in [vec![f.ids[0], f.ids[2]], f.ids.clone()] {
        let prehash = sha256(b"through the runner");
        let session = f.session(&signers, &mut r);
        let parties = signers
            .iter()
            .map(|id| SignParty::new(&session, &f.keys[id], &f.setups[id], prehash).unwrap())
            .zip(rngs(&signers, 5))
            .collect();
        let outputs = run_with(parties, &mut NoFaults).into_result().unwrap();
        assert_eq!(outputs.len(), signers.len());
        let first = outputs.values().next().unwrap();
        for sig in outputs.values() {
            assert_eq!(sig.to_bytes(), first.to_bytes());
        }
        assert!(first.verify(&f.public.group_key(), &prehash));
        S::check_standard(&f.public.group_key(), &prehash, first);
    }
}

#[test]
fn runner_setups_sign_secp256k1() {
    runner_setups_sign::<Secp256k1>();
}

#[test]
fn runner_setups_sign_p256() {
    runner_setups_sign::<P256>();
}

#[test]
fn silent_signer_is_named() {
    let mut r = rng(6);
    let f = Fixture::<Secp256k1>::dkg(2, 3, &mut r);
    let session = f.session(&f.ids, &mut r);
    let prehash = sha256(b"m");
    let parties = f
        .ids
        .iter()
        .map(|id| SignParty::new(&session, &f.keys[id], &f.setups[id], prehash).unwrap())
        .zip(rngs(&f.ids, 7))
        .collect();
    let outcome = run_with(parties, &mut Silence(BTreeSet::from([f.ids[1]])));
    for id in [f.ids[0], f.ids[2]] {
        let err = outcome.error_of(&id).unwrap();
        assert!(
            matches!(
                err,
                Error::Core(tessera_core::Error::Timeout { round: 1, .. })
            ),
            "{err:?}"
        );
        assert_eq!(err.culprits(), vec![f.ids[1]]);
    }
}

#[test]
fn tampered_round2_message_names_its_sender() {
    let mut r = rng(8);
    let f = Fixture::<Secp256k1>::dkg(2, 3, &mut r);
    let session = f.session(&f.ids, &mut r);
    let prehash = sha256(b"m");
    let parties = f
        .ids
        .iter()
        .map(|id| SignParty::new(&session, &f.keys[id], &f.setups[id], prehash).unwrap())
        .zip(rngs(&f.ids, 9))
        .collect();
    let (cheat, victim) = (f.ids[0], f.ids[1]);
    let mut faults = Intercept(|mut e: Envelope<Secp256k1>| {
        if e.message.from == cheat && e.to == victim && e.message.round == 2 {
            let last = e.message.payload.len() - 1;
            e.message.payload[last] ^= 1;
        }
        vec![e]
    });
    let outcome = run_with(parties, &mut faults);
    let err = outcome.error_of(&victim).unwrap();
    assert_eq!(err.culprits(), vec![cheat], "{err:?}");
}
